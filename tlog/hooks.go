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
	// KindProvisionStatus is a provision's status change; its ref is
	// "PROVISION#SEQ" (its place in the provision's history).
	KindProvisionStatus = "provision-status"
)

// StoreHooks returns the store hooks that make every accepted report,
// recorded decision, provision status change and stored set of verdicts a leaf of the log, appended
// in the store's own transaction: the record and its leaf commit together
// or not at all. Set them as the store's Hooks before it is used.
func StoreHooks() sqldb.Hooks {
	return sqldb.Hooks{
		// In a group commit the single hooks' leaves are appended once
		// per group, in the order the hooks ran (sqldb.Tx.Defer).
		ReportAccepted: func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
			return tx.Defer(ctx, deferredLeaves{}, Leaf{Kind: KindReport, Ref: strconv.FormatInt(r.ID, 10), Record: r.LogRecord()}, appendDeferred)
		},
		DecisionRecorded: func(ctx context.Context, tx *sqldb.Tx, d *truce.Decision) error {
			_, err := Append(ctx, tx, Leaf{Kind: KindDecision, Ref: fmt.Sprint(d.ID), Record: d.LogRecord()}, tx.Now())
			return err
		},
		ProvisionTransitioned: func(ctx context.Context, tx *sqldb.Tx, provision string, seq int, c truce.StatusChange) error {
			_, err := Append(ctx, tx, Leaf{Kind: KindProvisionStatus, Ref: provision + "#" + strconv.Itoa(seq), Record: truce.ProvisionStatusRecord(provision, seq, c)}, tx.Now())
			return err
		},
		VerdictsStored: func(ctx context.Context, tx *sqldb.Tx, incident int64, vs []truce.Verdict) error {
			return tx.Defer(ctx, deferredLeaves{}, Leaf{Kind: KindVerdicts, Ref: strconv.FormatInt(incident, 10), Record: truce.VerdictsRecord(incident, vs)}, appendDeferred)
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

// deferredLeaves keys the leaves the single hooks defer.
type deferredLeaves struct{}

// appendDeferred appends the deferred leaves (each a Leaf), in order.
func appendDeferred(ctx context.Context, tx *sqldb.Tx, vs []any) error {
	if len(vs) == 1 {
		_, err := Append(ctx, tx, vs[0].(Leaf), tx.Now())
		return err
	}
	_, err := AppendEach(ctx, tx, len(vs), func(i int) Leaf { return vs[i].(Leaf) }, tx.Now())
	return err
}
