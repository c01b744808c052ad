package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/truce-monitor/truce"
)

// DefaultRejudgeBatch is how many incidents one re-judging transaction
// holds: small enough that the writer is never held for long (a million
// incidents take two hundred short transactions, with reports committed
// between them) and that readers see the re-judging advance.
const DefaultRejudgeBatch = 5000

// RejudgeStatus is how far re-judging has come: the rules version incidents
// are being brought to, how many are still judged with older rules, and
// the work done since the store was opened.
type RejudgeStatus struct {
	Version  int64 `json:"rules_version"`   // the rules version of the last pass
	Stale    int64 `json:"stale"`           // incidents judged with older rules at the last count
	Running  bool  `json:"running"`         // a pass is under way
	Judged   int64 `json:"judged_total"`    // incidents re-judged since the store opened
	Batches  int64 `json:"batches_total"`   // re-judging transactions committed since the store opened
	Finished int64 `json:"passes_finished"` // passes that left no stale incident
}

// rejudgeState is the store's re-judging bookkeeping.
type rejudgeState struct {
	sem      chan struct{} // held by the one pass under way
	kick     chan struct{} // a commit bumped the rules version
	stop     context.CancelFunc
	done     chan struct{}
	version  atomic.Int64
	stale    atomic.Int64
	running  atomic.Bool
	judged   atomic.Int64
	batches  atomic.Int64
	finished atomic.Int64
}

func newRejudgeState() *rejudgeState {
	return &rejudgeState{sem: make(chan struct{}, 1), kick: make(chan struct{}, 1)}
}

// RejudgeProgress returns how far re-judging has come, for metrics and for
// answers that must say whether verdicts are current.
func (db *DB) RejudgeProgress() RejudgeStatus {
	r := db.rj
	return RejudgeStatus{Version: r.version.Load(), Stale: r.stale.Load(), Running: r.running.Load(),
		Judged: r.judged.Load(), Batches: r.batches.Load(), Finished: r.finished.Load()}
}

// Judger returns the judge of the current rules (built with NewJudger,
// shared with the store's own judging), or nil when the store has none.
// The API words public explanations with it (judge.Judge.JudgePublic).
func (db *DB) Judger(ctx context.Context) (Judger, error) {
	js, err := db.currentJudger(ctx)
	return js.j, err
}

// StaleIncidents counts the incidents whose verdicts were computed with
// rules older than the current rules version. Once the re-judger has
// caught up (rules_version.judged_through, see noteJudged) the answer is
// 0 without counting.
func (db *DB) StaleIncidents(ctx context.Context) (version int64, stale int64, err error) {
	version, stale, _, err = db.staleIncidents(ctx)
	return version, stale, err
}

// staleIncidents is StaleIncidents, and whether it counted.
func (db *DB) staleIncidents(ctx context.Context) (version, stale int64, counted bool, err error) {
	var through int64
	if err = db.db.QueryRowContext(ctx, `SELECT version, judged_through FROM rules_version WHERE id = 1`).Scan(&version, &through); err != nil {
		return 0, 0, false, err
	}
	if through >= version {
		return version, 0, false, nil
	}
	err = db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents WHERE judged_version < ?`, version).Scan(&stale)
	return version, stale, true, err
}

// markJudged raises rules_version.judged_through to version if no incident
// is judged with older rules, checked in the write transaction that raises
// it (writers, which lower it, run one at a time with it).
func (db *DB) markJudged(ctx context.Context, version int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE rules_version SET judged_through = version
		WHERE id = 1 AND version = ? AND judged_through < version AND NOT EXISTS (SELECT 1 FROM incidents WHERE judged_version < ?)`,
		version, version); err != nil {
		return err
	}
	return tx.Commit()
}

// kickRejudger wakes the background re-judger, if any, without blocking.
func (db *DB) kickRejudger() {
	select {
	case db.rj.kick <- struct{}{}:
	default:
	}
}

// StartRejudger starts judging again, in the background, every incident
// whose verdicts are older than the rules, in transactions of at most
// batch incidents (DefaultRejudgeBatch when batch <= 0), until Close. It
// runs a pass at once, whenever a commit in this process bumps the rules
// version (BumpRulesVersion), whenever the change feed wakes it (on
// PostgreSQL, other servers' commits too), and every poll interval (a
// scenario loaded by another process into the same SQLite file). Each
// batch is logged at debug level, each pass at info level, on logger
// (slog.Default when nil). Calling it twice does nothing.
func (db *DB) StartRejudger(batch int, poll time.Duration, logger *slog.Logger) {
	if logger == nil {
		logger = slog.Default()
	}
	if poll <= 0 {
		poll = 10 * time.Second
	}
	r := db.rj
	db.judgeMu.Lock()
	if r.stop != nil {
		db.judgeMu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop, r.done = cancel, make(chan struct{})
	db.judgeMu.Unlock()
	watch := db.Watch(ctx)
	go func() {
		defer close(r.done)
		tick := time.NewTicker(poll)
		defer tick.Stop()
		var done int64 = -1 // the rules version the last pass finished
		for {
			// Most wake-ups are other writes (each report wakes the change
			// feed): a pass runs only when the rules changed since the last
			// one finished, or the last one failed.
			if v, err := db.RulesVersion(ctx); err != nil || v != done {
				start := time.Now()
				st0 := db.RejudgeProgress()
				n, err := db.rejudgeStale(ctx, batch, logger)
				switch {
				case ctx.Err() != nil:
					return
				case err != nil:
					done = -1
					logger.Error("re-judging incidents", "err", err)
				default:
					done = db.RejudgeProgress().Version
					if n > 0 {
						st := db.RejudgeProgress()
						logger.Info("re-judged incidents", "incidents", n, "rules_version", st.Version,
							"batches", st.Batches-st0.Batches, "duration", time.Since(start).Round(time.Millisecond))
					}
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-r.kick:
			case <-watch:
			case <-tick.C:
			}
		}
	}()
}

// stopRejudger stops the background re-judger and waits for it: the batch
// under way is rolled back (it is judged again at the next start).
func (db *DB) stopRejudger() {
	r := db.rj
	db.judgeMu.Lock()
	stop, done := r.stop, r.done
	db.judgeMu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// RejudgeAll judges again every incident judged with older rules, in
// transactions of DefaultRejudgeBatch incidents, and returns how many it
// judged and the rules version every incident was judged with when it
// finished (0 when the store has no judge). If the background re-judger
// (or another caller) is running a pass, it waits for that pass and then
// finishes what is left, so when it returns without error no incident is
// stale unless the rules changed again meanwhile. It gives up when ctx ends.
func (db *DB) RejudgeAll(ctx context.Context) (n int, version int64, err error) {
	n, err = db.rejudgeStale(ctx, 0, slog.Default())
	return n, db.rj.version.Load(), err
}

// rejudgeStale runs one pass: batches of incidents in id order, each judged
// with the judge of the current rules in its own transaction, until none is
// stale. Only one pass runs at a time.
func (db *DB) rejudgeStale(ctx context.Context, batch int, logger *slog.Logger) (int, error) {
	if batch <= 0 {
		batch = DefaultRejudgeBatch
	}
	r := db.rj
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { <-r.sem }()
	r.running.Store(true)
	defer r.running.Store(false)
	total := 0
	for {
		js, err := db.currentJudger(ctx)
		if err != nil || js.j == nil {
			return total, err
		}
		version, stale, counted, err := db.staleIncidents(ctx)
		if err != nil {
			return total, err
		}
		if version != js.version {
			continue // the rules changed between the two reads
		}
		r.version.Store(version)
		r.stale.Store(stale)
		if stale == 0 {
			if counted {
				// Counted to none: the next askers need not count.
				if err := db.markJudged(ctx, version); err != nil {
					return total, err
				}
			}
			r.finished.Add(1)
			return total, nil
		}
		// One sweep in id order (the primary key: no scan of what is done).
		var after int64
		for {
			n, last, err := db.rejudgeBatch(ctx, js, after, batch)
			if err != nil {
				return total, err
			}
			total += n
			if n > 0 {
				r.judged.Add(int64(n))
				r.batches.Add(1)
				r.stale.Add(-int64(n))
				logger.Debug("re-judged a batch of incidents", "incidents", n, "rules_version", js.version,
					"through_id", last, "stale_left", r.stale.Load())
			}
			if last == 0 {
				break
			}
			after = last
		}
	}
}

// rejudgeBatch judges again, in one transaction, up to batch incidents
// with ids after after whose verdicts are older than js's rules. It returns
// how many it judged and the last id it looked at (0: none were left).
func (db *DB) rejudgeBatch(ctx context.Context, js judgerState, after int64, batch int) (n int, last int64, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id > ? AND judged_version < ? ORDER BY id LIMIT ?`,
		after, js.version, batch)
	if err != nil {
		return 0, 0, err
	}
	var ins []*truce.Incident
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			rows.Close()
			return 0, 0, err
		}
		ins = append(ins, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	if len(ins) == 0 {
		return 0, 0, nil
	}
	if err := rejudgeTx(ctx, tx, ins, js); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, err
	}
	return len(ins), ins[len(ins)-1].ID, nil
}

// rejudgeTx judges the incidents again and stores their verdicts and the
// rules version they were judged with.
func rejudgeTx(ctx context.Context, tx *Tx, ins []*truce.Incident, js judgerState) error {
	if err := noteJudged(ctx, tx, js.version); err != nil {
		return err
	}
	for _, in := range ins {
		if err := judgeAndStore(ctx, tx, in, js); err != nil {
			return err
		}
		if _, err := tx.execP(ctx, `UPDATE incidents SET judged_version = ?, worst_verdict = ? WHERE id = ?`,
			js.version, worstRank(in.Verdicts), in.ID); err != nil {
			return err
		}
	}
	return nil
}

// Rejudge judges again the incident id if its verdicts were computed with
// rules older than the current rules version, and returns how many it
// judged (0 or 1). With id 0 it is RejudgeAll: every stale incident, in
// batches.
func (db *DB) Rejudge(ctx context.Context, id int64) (int, error) {
	if id == 0 {
		n, _, err := db.RejudgeAll(ctx)
		return n, err
	}
	js, err := db.currentJudger(ctx)
	if err != nil || js.j == nil {
		return 0, err
	}
	var jv int64
	err = db.db.QueryRowContext(ctx, `SELECT judged_version FROM incidents WHERE id = ?`, id).Scan(&jv)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && jv >= js.version) {
		return 0, nil // the caller reports a missing incident
	} else if err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	in, err := scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ? AND judged_version < ?`, id, js.version))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // judged meanwhile
	} else if err != nil {
		return 0, err
	}
	if err := rejudgeTx(ctx, tx, []*truce.Incident{in}, js); err != nil {
		return 0, err
	}
	return 1, tx.Commit()
}
