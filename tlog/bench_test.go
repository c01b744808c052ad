package tlog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce/tlog"
)

// BenchmarkAppendEach appends 100,000 leaves in one transaction (what a
// bulk import of 100,000 reports logs for them) and commits:
//
//	go test -run '^$' -bench AppendEach -benchtime 1x -count 3 ./tlog/
func BenchmarkAppendEach(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	records := make([][]byte, n)
	for i := range records {
		records[i] = []byte(fmt.Sprintf(`{"id":%d,"client_id":"bench-%d","description":"a report of some length, as a monitor would write it"}`, i, i))
	}
	for b.Loop() {
		b.StopTimer()
		db, _, _ := MustOpenLog(b)
		b.StartTimer()
		start := time.Now()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tlog.AppendEach(ctx, tx, n, func(i int) tlog.Leaf {
			return tlog.Leaf{Kind: tlog.KindReport, Ref: fmt.Sprint(i), Record: records[i]}
		}, time.Now()); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(n/time.Since(start).Seconds(), "leaves/s")
	}
}
