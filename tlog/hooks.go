package tlog

import (
	"context"
	"fmt"
	"strconv"

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
		// The batch hooks build the records on every core (AppendEach).
		ReportsAccepted: func(ctx context.Context, tx *sqldb.Tx, rs []*truce.Report) error {
			_, err := AppendEach(ctx, tx, len(rs), func(i int) Leaf {
				return Leaf{Kind: KindReport, Ref: strconv.FormatInt(rs[i].ID, 10), Record: rs[i].LogRecord()}
			}, tx.Now())
			return err
		},
		AllVerdictsStored: func(ctx context.Context, tx *sqldb.Tx, ids []int64, vs [][]truce.Verdict) error {
			_, err := AppendEach(ctx, tx, len(ids), func(i int) Leaf {
				return Leaf{Kind: KindVerdicts, Ref: strconv.FormatInt(ids[i], 10), Record: truce.VerdictsRecord(ids[i], vs[i])}
			}, tx.Now())
			return err
		},
	}
}
