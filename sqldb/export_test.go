package sqldb

import (
	"context"

	"github.com/truce-monitor/truce"
)

// SetOpenIndex turns the group committer's copy of the incident lookup's
// index (openIndex) on or off: off, every lookup queries the store.
func SetOpenIndex(db *DB, on bool) {
	db.openIdx.reset()
	db.openIdx.disabled = !on
}

// OpenIndexStats returns the lookups the copy answered, those the store
// answered in group commits, and how often the copy was dropped.
func OpenIndexStats(db *DB) (hits, misses, resets int64) {
	x := db.openIdx
	return x.hits.Load(), x.misses.Load(), x.resets.Load()
}

// CommitGroup stores rs as one group commit, as the committer does with
// the reports queued together, and returns the outcome of each. Only for
// a store whose committer never ran (no AddReport).
func CommitGroup(ctx context.Context, db *DB, rs []truce.Report) ([]AddResult, []error) {
	res, errs := make([]AddResult, len(rs)), make([]error, len(rs))
	var batch []*pendingReport
	var at []int
	for i, r := range rs {
		p, err := newPending(ctx, r, db.Now())
		if errs[i] = err; err != nil {
			continue
		}
		batch = append(batch, p)
		at = append(at, i)
	}
	if len(batch) > 0 {
		db.commitGroup(batch)
	}
	for k, p := range batch {
		out := <-p.done
		res[at[k]], errs[at[k]] = out.AddResult, out.err
	}
	return res, errs
}

// GroupRedos returns how many groups were written again with savepoints.
func GroupRedos(db *DB) int64 { return db.redos.Load() }

// JudgedThrough reads rules_version's version and judged_through.
func JudgedThrough(ctx context.Context, db *DB) (version, through int64, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT version, judged_through FROM rules_version WHERE id = 1`).Scan(&version, &through)
	return version, through, err
}

// WriteJudgedWith writes, in one transaction, incident id's judged_version
// as a writer holding a judge of rules version v would (noteJudged with it).
func WriteJudgedWith(ctx context.Context, db *DB, id, v int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE incidents SET judged_version = ? WHERE id = ?`, v, id); err != nil {
		return err
	}
	if err := noteJudged(ctx, tx, v); err != nil {
		return err
	}
	return tx.Commit()
}

// SetPlainImport makes ImportReports write plainly (see DB.plainImport).
func SetPlainImport(db *DB, on bool) { db.plainImport = on }
