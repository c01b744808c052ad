package tlog_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
	"github.com/truce-monitor/truce/tlog"
)

// TestProveRanges proves records a bulk append logged as runs of
// consecutive refs (tlog_ranges) mixed with records logged one by one and
// records logged again later: Prove finds each record's last leaf, and a
// range row pointing at the wrong leaves is caught, not proven.
func TestProveRanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, sdb *sqldb.DB) {
		ctx := context.Background()
		db, l, skey := mustOpenLogOn(t, sdb)
		v := logVerifier(t, skey)
		bulk := func(leaves []tlog.Leaf) {
			t.Helper()
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tlog.AppendAll(ctx, tx, leaves, time.Now()); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		record := func(ref string, version int) []byte { return fmt.Appendf(nil, "verdicts %s v%d", ref, version) }
		run := func(from, to, version int) []tlog.Leaf {
			var ls []tlog.Leaf
			for i := from; i <= to; i++ {
				ref := fmt.Sprint(i)
				ls = append(ls, tlog.Leaf{Kind: tlog.KindVerdicts, Ref: ref, Record: record(ref, version)})
			}
			return ls
		}
		last := map[string]int{} // ref -> version logged last
		logged := func(ls []tlog.Leaf, version int) []tlog.Leaf {
			for _, l := range ls {
				last[l.Ref] = version
			}
			return ls
		}
		// 5,000 consecutive refs (more than one chunk), then refs that
		// break runs: a gap, a non-canonical and a non-integer ref, a run
		// too short to be ranged, another kind with the same refs.
		bulk(logged(run(1, 5000, 1), 1))
		mixed := logged(run(6000, 6040, 1), 1)
		mixed = append(mixed, logged([]tlog.Leaf{
			{Kind: tlog.KindVerdicts, Ref: "07", Record: record("07", 1)},
			{Kind: tlog.KindVerdicts, Ref: "p#1", Record: record("p#1", 1)},
		}, 1)...)
		mixed = append(mixed, logged(run(7000, 7003, 1), 1)...)
		mixed = append(mixed, run(8000, 8030, 1)...)
		for i := range 30 {
			mixed = append(mixed, tlog.Leaf{Kind: tlog.KindReport, Ref: fmt.Sprint(8000 + i), Record: []byte("report")})
		}
		bulk(mixed)
		for i := 8000; i <= 8030; i++ {
			last[fmt.Sprint(i)] = 1
		}
		// Logged again: one by one, and as a run overlapping the first.
		for _, ref := range []string{"100", "6010"} {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.Append(ctx, tx, tlog.Leaf{Kind: tlog.KindVerdicts, Ref: ref, Record: record(ref, 2)}); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			last[ref] = 2
		}
		bulk(logged(run(3000, 3100, 3), 3))
		if _, err := l.Sign(ctx); err != nil {
			t.Fatal(err)
		}
		var ranges int
		if err := sdb.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_ranges`).Scan(&ranges); err != nil || ranges < 4 {
			t.Fatalf("%d ranges (%v), want the runs logged as ranges", ranges, err)
		}
		proved := 0
		for ref, version := range last {
			if n, err := strconv.Atoi(ref); err == nil && n%17 != 0 && n != 100 && n != 6010 && n != 3000 && n != 3100 && n != 5000 {
				continue // a sample of the runs
			}
			proved++
			b, err := l.Prove(ctx, tlog.KindVerdicts, ref, record(ref, version))
			if err != nil {
				t.Fatalf("Prove %s: %v", ref, err)
			}
			if _, err := tlog.VerifyBundle(b, v); err != nil {
				t.Fatalf("VerifyBundle %s (version %d, leaf %d): %v", ref, version, b.Index, err)
			}
		}
		if proved < 300 {
			t.Fatalf("proved %d records", proved)
		}
		for _, ref := range []string{"0", "5001", "6999", "6041", "x", "p#2"} {
			if _, err := l.Prove(ctx, tlog.KindVerdicts, ref, nil); truce.ErrorCode(err) != truce.ENOTFOUND {
				t.Errorf("Prove %s: %v, want %s", ref, err, truce.ENOTFOUND)
			}
		}
		// A range shifted by one leaf names leaves of other records.
		if _, err := sdb.SQL().ExecContext(ctx, `UPDATE tlog_ranges SET first_idx = first_idx + 1 WHERE first_ref = 1`); err != nil {
			t.Fatal(err)
		}
		if b, err := l.Prove(ctx, tlog.KindVerdicts, "50", record("50", 1)); err == nil {
			t.Fatalf("Prove with a shifted range: leaf %d, want an error", b.Index)
		}
	})
}
