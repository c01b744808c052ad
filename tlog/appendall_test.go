package tlog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
	"github.com/truce-monitor/truce/tlog"
)

// TestAppendAll appends batches (one leaf, a few, more than one multi-row
// insert holds) between single appends: the indexes follow on, the log
// verifies against its stored nodes and signed checkpoints, and every leaf
// of a batch has a proof that verifies.
func TestAppendAll(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, sdb *sqldb.DB) {
		ctx := context.Background()
		db, l, skey := mustOpenLogOn(t, sdb)
		v := logVerifier(t, skey)
		total := 0
		appendN(t, db, l, total, 3)
		total += 3
		for _, n := range []int{1, 37, 450} {
			leaves := make([]tlog.Leaf, n)
			for i := range leaves {
				j := total + i
				leaves[i] = tlog.Leaf{Kind: "report", Ref: fmt.Sprint(j), Record: []byte(fmt.Sprintf("record-%d", j))}
			}
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			idx, err := tlog.AppendAll(ctx, tx, leaves, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			for i, x := range idx {
				if x != uint64(total+i) {
					t.Fatalf("batch of %d: leaf %d has index %d, want %d", n, i, x, total+i)
				}
			}
			total += n
			appendN(t, db, l, total, 2) // a single append builds on the batch's nodes
			total += 2
			if _, err := l.Sign(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if size, _, err := l.Head(ctx); err != nil || size != uint64(total) {
			t.Fatalf("head: size %d (%v), want %d", size, err, total)
		}
		if err := l.Verify(ctx); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		for i := 0; i < total; i += 7 {
			b, err := l.Prove(ctx, "report", fmt.Sprint(i), []byte(fmt.Sprintf("record-%d", i)))
			if err != nil {
				t.Fatalf("Prove %d: %v", i, err)
			}
			if _, err := tlog.VerifyBundle(b, v); err != nil {
				t.Fatalf("VerifyBundle %d: %v", i, err)
			}
		}
	})
}
