package tlog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// TestStoreHooks_Import checks that a bulk import through the store hooks
// (the batch ones) makes every new report a leaf, with a proof of its
// record, and leaves a log that verifies; a replayed import adds none.
func TestStoreHooks_Import(t *testing.T) {
	ctx := context.Background()
	db, l, skey := MustOpenLog(t)
	db.Hooks = tlog.StoreHooks()
	v := logVerifier(t, skey)
	start := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]truce.Report, 250)
	for i := range rows {
		rows[i] = truce.Report{ClientID: fmt.Sprintf("hook-%d", i), ObservedAt: start.Add(time.Duration(i) * time.Hour),
			Lat: 48 + float64(i%10)/10, Lon: 36, Precision: 1, Type: truce.EventAssault, Mode: truce.ModeShelling,
			Target: truce.TargetClasses[0], Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}}
	}
	appendN(t, db, l, 0, 1) // the import builds on an existing leaf
	res, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if size, _, err := l.Head(ctx); err != nil || size != uint64(1+res.Added) {
		t.Fatalf("head: size %d (%v), want %d", size, err, 1+res.Added)
	}
	if _, err := l.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.Verify(ctx); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	for i := 0; i < len(rows); i += 31 {
		stored, err := db.Report(ctx, res.Results[i].Report, false)
		if err != nil {
			t.Fatal(err)
		}
		b, err := l.Prove(ctx, tlog.KindReport, fmt.Sprint(stored.ID), stored.LogRecord())
		if err != nil {
			t.Fatalf("row %d: Prove: %v", i, err)
		}
		if _, err := tlog.VerifyBundle(b, v); err != nil {
			t.Errorf("row %d: VerifyBundle: %v", i, err)
		}
	}
	if _, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if size, _, _ := l.Head(ctx); size != uint64(1+res.Added) {
		t.Errorf("after a replayed import: size %d, want %d", size, 1+res.Added)
	}
}

// TestStoreHooks_GroupCommit submits reports at once (group commit): each
// good report gets its verdicts' leaf and its own, appended once per group;
// a report refused after its verdicts' leaf was deferred takes that leaf
// back with its savepoint; the others' proofs verify and so does the log.
func TestStoreHooks_GroupCommit(t *testing.T) {
	ctx := context.Background()
	db, l, skey := MustOpenLog(t)
	v := logVerifier(t, skey)
	hooks := tlog.StoreHooks()
	logReport := hooks.ReportAccepted
	hooks.ReportAccepted = func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
		if strings.HasPrefix(r.ClientID, "bad-") {
			return errors.New("refused by the test hook")
		}
		return logReport(ctx, tx, r)
	}
	db.Hooks = hooks
	db.NewJudger = func(context.Context, *sqldb.DB) (sqldb.Judger, error) {
		return sqldb.JudgerFunc(func(*truce.Incident) ([]truce.Verdict, error) { return nil, nil }), nil
	}
	const n = 60
	results := make([]sqldb.AddResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("good-%d", i)
			if i%5 == 2 {
				id = fmt.Sprintf("bad-%d", i)
			}
			results[i], errs[i] = db.AddReport(ctx, truce.Report{ClientID: id, ObservedAt: time.Date(2025, 4, 1, i, 0, 0, 0, time.UTC),
				Lat: 46 + float64(i)/10, Lon: 36, Precision: 1, Type: truce.EventAssault, Mode: truce.ModeShelling,
				Target: truce.TargetCivilian, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}})
		}()
	}
	wg.Wait()
	good := 0
	for i := range n {
		if bad := i%5 == 2; bad != (errs[i] != nil) {
			t.Fatalf("report %d: error %v", i, errs[i])
		}
		if errs[i] == nil {
			good++
		}
	}
	count := func(kind string) int {
		var c int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_leaves WHERE kind = ?`, kind).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if r, vs := count(tlog.KindReport), count(tlog.KindVerdicts); r != good || vs != good {
		t.Fatalf("leaves: %d reports and %d verdicts, want %d of each", r, vs, good)
	}
	if _, err := l.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.Verify(ctx); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	for i := range n {
		if errs[i] != nil {
			continue
		}
		stored, err := db.Report(ctx, results[i].Report, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct {
			kind, ref string
			record    []byte
		}{
			{tlog.KindReport, fmt.Sprint(stored.ID), stored.LogRecord()},
			{tlog.KindVerdicts, fmt.Sprint(results[i].Incident), truce.VerdictsRecord(results[i].Incident, nil)},
		} {
			b, err := l.Prove(ctx, p.kind, p.ref, p.record)
			if err != nil {
				t.Fatalf("report %d: Prove %s: %v", i, p.kind, err)
			}
			if _, err := tlog.VerifyBundle(b, v); err != nil {
				t.Errorf("report %d: VerifyBundle %s: %v", i, p.kind, err)
			}
		}
	}
}
