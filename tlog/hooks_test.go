package tlog_test

import (
	"context"
	"fmt"
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
