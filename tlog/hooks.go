package tlog

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// Leaf kinds.
const (
	KindReport   = "report"
	KindDecision = "decision"
	KindVerdicts = "verdicts"
)

// StoreHooks returns the store hooks that make every accepted report,
// recorded decision and stored set of verdicts a leaf of the log, appended
// in the store's own transaction: the record and its leaf commit together
// or not at all. Set them as the store's Hooks before it is used.
func StoreHooks() sqldb.Hooks {
	return sqldb.Hooks{
		ReportAccepted: func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
			_, err := Append(ctx, tx, Leaf{Kind: KindReport, Ref: fmt.Sprint(r.ID), Record: r.LogRecord()}, tx.Now())
			return err
		},
		DecisionRecorded: func(ctx context.Context, tx *sqldb.Tx, d *truce.Decision) error {
			_, err := Append(ctx, tx, Leaf{Kind: KindDecision, Ref: fmt.Sprint(d.ID), Record: d.LogRecord()}, tx.Now())
			return err
		},
		VerdictsStored: func(ctx context.Context, tx *sqldb.Tx, incident int64, vs []truce.Verdict) error {
			_, err := Append(ctx, tx, Leaf{Kind: KindVerdicts, Ref: fmt.Sprint(incident), Record: truce.VerdictsRecord(incident, vs)}, tx.Now())
			return err
		},
		ReportsAccepted: func(ctx context.Context, tx *sqldb.Tx, rs []*truce.Report) error {
			leaves := make([]Leaf, len(rs))
			for i, r := range rs {
				leaves[i] = Leaf{Kind: KindReport, Ref: fmt.Sprint(r.ID), Record: r.LogRecord()}
			}
			_, err := AppendAll(ctx, tx, leaves, tx.Now())
			return err
		},
		AllVerdictsStored: func(ctx context.Context, tx *sqldb.Tx, ids []int64, vs [][]truce.Verdict) error {
			leaves := make([]Leaf, len(ids))
			for i, id := range ids {
				leaves[i] = Leaf{Kind: KindVerdicts, Ref: fmt.Sprint(id), Record: truce.VerdictsRecord(id, vs[i])}
			}
			_, err := AppendAll(ctx, tx, leaves, tx.Now())
			return err
		},
	}
}
