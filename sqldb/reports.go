package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// Judger judges one incident against the provisions in force: package judge
// implements it over a set of provisions and a Ground. The store calls it
// inside the transaction that creates or changes the incident, so that the
// verdicts are stored with the incident. It must not touch the database,
// nor depend on the incident's ID or its reports' ids: a new incident is
// judged before it is stored.
type Judger interface {
	Judge(inc *truce.Incident) ([]truce.Verdict, error)
}

// JudgerFunc adapts a function to Judger.
type JudgerFunc func(inc *truce.Incident) ([]truce.Verdict, error)

// Judge implements Judger.
func (f JudgerFunc) Judge(inc *truce.Incident) ([]truce.Verdict, error) { return f(inc) }

// Hooks are called inside the store's transactions, before commit: an error
// aborts the record it is about (a report, a decision, an incident's
// verdicts) and nothing of it is stored. The transparency log records each
// accepted report, decision and set of verdicts as a leaf through them. Set
// them before the store is used; nil hooks are skipped.
type Hooks struct {
	// ReportAccepted is called once for each newly stored report (never for a
	// replayed retry), after the report and its incident are written.
	ReportAccepted func(ctx context.Context, tx *Tx, r *truce.Report) error
	// DecisionRecorded is called for each recorded decision on an incident.
	DecisionRecorded func(ctx context.Context, tx *Tx, d *truce.Decision) error
	// VerdictsStored is called each time an incident's verdicts are (re)written.
	VerdictsStored func(ctx context.Context, tx *Tx, incident int64, vs []truce.Verdict) error
	// ProvisionTransitioned is called for each status change of a provision
	// made through TransitionProvision (seq is its place in the history).
	ProvisionTransitioned func(ctx context.Context, tx *Tx, provision string, seq int, c truce.StatusChange) error

	// ReportsAccepted, if set, is called by a bulk import instead of
	// ReportAccepted: once, with every new report in the order
	// ReportAccepted would see them. On SQLite the import calls the batch
	// hooks (this one, then AllVerdictsStored) on a goroutine of their own
	// while it writes its incidents and verdicts in the same transaction:
	// they must not depend on those rows being written yet.
	ReportsAccepted func(ctx context.Context, tx *Tx, rs []*truce.Report) error
	// AllVerdictsStored, if set, is called by a bulk import instead of
	// VerdictsStored: once, with every judged incident (ids[i] has vs[i]) in
	// the order VerdictsStored would see them.
	AllVerdictsStored func(ctx context.Context, tx *Tx, ids []int64, vs [][]truce.Verdict) error
}

// tsLayout is the fixed-width, sortable form of times in the incident tables.
const tsLayout = "2006-01-02T15:04:05.000000Z"

func tsf(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// RulesVersion returns the current rules version: it grows each time
// something verdicts depend on changes (a provision, a zone, a line version).
func (db *DB) RulesVersion(ctx context.Context) (int64, error) {
	const q = `SELECT version FROM rules_version WHERE id = 1`
	var v int64
	// Kept prepared: every group commit reads it.
	if st, err := db.sharedStmt(ctx, q); err != nil {
		return 0, err
	} else if st != nil {
		err := st.QueryRowContext(ctx).Scan(&v)
		return v, err
	}
	err := db.db.QueryRowContext(ctx, q).Scan(&v)
	return v, err
}

// BumpRulesVersion records, inside tx, that something verdicts depend on has
// changed, so that every incident is judged again. Packages that keep such
// data in the store (geo's line versions, zones, sites) call it in the
// transaction that changes it.
//
// Once tx commits, the background re-judger (StartRejudger) is woken.
func BumpRulesVersion(ctx context.Context, tx *Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE rules_version SET version = version + 1 WHERE id = 1`); err != nil {
		return err
	}
	tx.bumped = true
	return nil
}

// judgerState is a Judger built for one rules version.
type judgerState struct {
	version int64
	j       Judger
}

// judgedVersion is the rules version the incidents judged with js carry
// (0 without a judge: they are not judged).
func (js judgerState) judgedVersion() int64 {
	if js.j == nil {
		return 0
	}
	return js.version
}

// noteJudged records, inside tx, that tx writes incidents judged with rules
// version v: the mark that every incident is judged at least as new as
// rules_version.judged_through (which StaleIncidents reads instead of
// counting) comes down to v if it was above. Every transaction that writes
// an incident's judged_version calls it; markJudged raises the mark.
// (Write transactions run one at a time on both engines, so the mark and
// the incidents cannot disagree at any commit.)
func noteJudged(ctx context.Context, tx *Tx, v int64) error {
	_, err := tx.execP(ctx, `UPDATE rules_version SET judged_through = ? WHERE id = 1 AND judged_through > ?`, v, v)
	return err
}

// currentJudger returns a Judger for the current rules version, building it
// with NewJudger when the version changed. It reads outside any transaction.
func (db *DB) currentJudger(ctx context.Context) (judgerState, error) {
	v, err := db.RulesVersion(ctx)
	if err != nil {
		return judgerState{}, err
	}
	db.judgeMu.Lock()
	defer db.judgeMu.Unlock()
	if db.NewJudger == nil {
		return judgerState{version: 0}, nil
	}
	if db.judge.j != nil && db.judge.version == v {
		return db.judge, nil
	}
	j, err := db.NewJudger(ctx, db)
	if err != nil {
		return judgerState{}, fmt.Errorf("build judge: %w", err)
	}
	db.judge = judgerState{version: v, j: j}
	return db.judge, nil
}

// AddResult is what storing a report gives back.
type AddResult struct {
	Report   int64 `json:"report"`
	Incident int64 `json:"incident"`
	Replayed bool  `json:"-"` // the client id was already stored with the same content
}

// AddReport validates and durably stores a report, clusters it into an
// incident (a new one, or the existing one it matches), judges the incident
// and stores its verdicts, all in one transaction; it returns after the
// commit. Concurrent calls are committed together (group commit); one bad
// report fails alone (see commitGroup).
//
// A report whose client id is stored already returns the stored ids with
// Replayed set, if its content is the same; ECONFLICT otherwise. Errors:
// EINVALID (field errors, joined; unknown provisions or zone), ECONFLICT.
func (db *DB) AddReport(ctx context.Context, r truce.Report) (AddResult, error) {
	p, err := newPending(ctx, r, db.Now())
	if err != nil {
		return AddResult{}, err
	}
	db.startCommitter()
	select {
	case db.queue <- p:
	case <-ctx.Done():
		return AddResult{}, ctx.Err()
	case <-db.closed:
		return AddResult{}, truce.Errorf(truce.EINTERNAL, "the store is closed")
	}
	// Once queued the report will be committed or refused; wait for the
	// outcome even if the caller gives up, so that it never acks a report
	// that was not committed.
	res := <-p.done
	return res.AddResult, res.err
}

type pendingReport struct {
	ctx  context.Context
	r    truce.Report
	hash string // r.ContentHash()
	done chan pendingResult
}

// newPending normalizes and validates r and readies it for the committer,
// hashing it here, on the caller's goroutine, rather than on the
// committer's.
func newPending(ctx context.Context, r truce.Report, now time.Time) (*pendingReport, error) {
	r.Normalize()
	if err := r.Validate(now); err != nil {
		return nil, err
	}
	hash := r.ContentHash()
	r.SourceHash = r.SourceKey()
	return &pendingReport{ctx: ctx, r: r, hash: hash, done: make(chan pendingResult, 1)}, nil
}

type pendingResult struct {
	AddResult
	err error
}

// maxGroup bounds how many reports one group commit holds.
const maxGroup = 512

func (db *DB) startCommitter() {
	db.commitOnce.Do(func() {
		db.queue = make(chan *pendingReport, maxGroup)
		if db.closed == nil {
			db.closed = make(chan struct{})
		}
		db.committerDone = make(chan struct{})
		go db.commitLoop()
	})
}

// commitLoop is the single writer of single reports: it takes whatever is
// queued (up to maxGroup), writes it in one transaction and commits once.
func (db *DB) commitLoop() {
	defer close(db.committerDone)
	for {
		var first *pendingReport
		select {
		case first = <-db.queue:
		case <-db.closed:
			// Refuse whatever is still queued.
			for {
				select {
				case p := <-db.queue:
					p.done <- pendingResult{err: truce.Errorf(truce.EINTERNAL, "the store is closed")}
				default:
					return
				}
			}
		}
		batch := []*pendingReport{first}
	drain:
		for len(batch) < maxGroup {
			select {
			case p := <-db.queue:
				batch = append(batch, p)
			default:
				break drain
			}
		}
		db.commitGroup(batch)
	}
}

// commitGroup writes a group of reports in one transaction and commits it
// once. Most reports that fail (a replay, a conflict, a bad reference, a
// revision refused) fail before they write anything; the group is first
// written without a savepoint per report, which costs SQLite a copy of
// every page a report touches. If a report fails after writing, that
// transaction is rolled back and the group written again with savepoints,
// so that it fails alone.
func (db *DB) commitGroup(batch []*pendingReport) {
	if !db.AckBeforeCommit {
		if db.writeGroup(batch, false) {
			return
		}
		db.redos.Add(1)
	}
	db.writeGroup(batch, true)
}

// writeGroup writes and commits the group, each report under a savepoint
// if savepoints, and sends each report its outcome; without savepoints it
// returns false, having sent nothing, if a report failed after writing.
func (db *DB) writeGroup(batch []*pendingReport, savepoints bool) bool {
	ctx := context.Background()
	results := make([]pendingResult, len(batch))
	x := db.openIdx
	committed := false
	defer func() {
		if !committed {
			x.reset() // it may hold what the group wrote
		}
	}()
	fail := func(err error) bool {
		for _, p := range batch {
			p.done <- pendingResult{err: err}
		}
		return true
	}
	js, err := db.currentJudger(ctx)
	if err != nil {
		return fail(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	tx.grouped = true // hooks may Defer their writes to the end of the group
	// The write transaction keeps other writers out until the group
	// commits (SQLite's immediate transaction, PostgreSQL's writer lock):
	// what is stored now, plus what the group writes, is all the incident
	// lookups can find.
	if err := x.begin(ctx, tx); err != nil {
		return fail(err)
	}
	if x.disabled && !db.dialect.postgres() {
		if tx.stored, err = storedKinds(ctx, tx); err != nil {
			return fail(err)
		}
	}
	for i, p := range batch {
		if err := p.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		if savepoints {
			if _, err := tx.execP(ctx, `SAVEPOINT report`); err != nil {
				return fail(err)
			}
		}
		deferred := len(tx.deferred)
		// The request's values (who submits) reach the hooks; its
		// cancellation does not reach the shared transaction.
		res, w, err := addReportTx(context.WithoutCancel(p.ctx), tx, &p.r, p.hash, js)
		if err != nil && !savepoints && (w.wrote || !refused(err)) {
			// A report that wrote before failing, or a failed statement
			// (which aborts a PostgreSQL transaction): roll back, and
			// write the group again with savepoints.
			return false
		}
		if savepoints {
			if err != nil {
				if _, rerr := tx.execP(ctx, `ROLLBACK TO report`); rerr != nil {
					return fail(rerr)
				}
			}
			if _, err := tx.execP(ctx, `RELEASE report`); err != nil {
				return fail(err)
			}
		}
		if err != nil {
			tx.deferred = tx.deferred[:deferred] // what the report deferred goes with it
		} else if w.in != nil {
			x.put(w.in, p.r.SourceKey(), w.created)
		}
		results[i] = pendingResult{AddResult: res, err: err}
		if db.AckBeforeCommit {
			// The broken test mode: acknowledge each report as soon as it
			// is written, long before the group commits.
			p.done <- results[i]
		}
	}
	if err := noteJudged(ctx, tx, js.judgedVersion()); err != nil {
		return fail(err)
	}
	if err := tx.flushDeferred(ctx); err != nil {
		if db.AckBeforeCommit {
			return true // acknowledged already: the broken mode loses them
		}
		return fail(err)
	}
	if db.AckBeforeCommit {
		// The reports were acknowledged one by one above.
		if tx.Commit() == nil {
			x.committed(tx)
			committed = true
		}
		return true
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	x.committed(tx)
	committed = true
	for i, p := range batch {
		p.done <- results[i]
	}
	return true
}

// refused reports whether err refuses a report for what it holds (a
// field, a conflict), rather than a failure of the store.
func refused(err error) bool {
	code := truce.ErrorCode(err)
	return code == truce.EINVALID || code == truce.ECONFLICT
}

// stopCommitter stops the group committer, refusing what is queued.
func (db *DB) stopCommitter() {
	db.closeOnce.Do(func() {
		if db.closed == nil {
			db.closed = make(chan struct{})
		}
		close(db.closed)
	})
	if db.committerDone != nil {
		<-db.committerDone
	}
}

// storedKind is a type and time precision of stored incidents.
type storedKind struct {
	t  truce.EventType
	tp truce.TimePrecision
}

// storedKinds returns the types and time precisions of the stored
// incidents (one index probe each): a group commit's incident lookups skip
// the precisions no incident of the report's type has.
func storedKinds(ctx context.Context, tx *Tx) (map[storedKind]bool, error) {
	out := map[storedKind]bool{}
	for _, t := range truce.EventTypes {
		for _, tp := range truce.TimePrecisions {
			var ok bool
			if err := tx.queryRowP(ctx, `SELECT EXISTS (SELECT 1 FROM incidents WHERE type = ? AND time_precision = ?)`, string(t), string(tp)).Scan(&ok); err != nil {
				return nil, err
			}
			if ok {
				out[storedKind{t, tp}] = true
			}
		}
	}
	return out, nil
}

// written is what a stored report wrote: the incident it created or
// joined, as stored.
type written struct {
	in      *truce.Incident
	created bool
	wrote   bool // the report failed after it wrote something
}

// addReportTx stores one validated report, whose ContentHash is hash,
// inside tx.
func addReportTx(ctx context.Context, tx *Tx, r *truce.Report, hash string, js judgerState) (AddResult, written, error) {
	var id, inc int64
	var stored string
	err := tx.queryRowP(ctx, `SELECT id, incident, content_hash FROM reports WHERE client_id = ?`, r.ClientID).Scan(&id, &inc, &stored)
	switch {
	case err == nil && stored == hash:
		return AddResult{Report: id, Incident: inc, Replayed: true}, written{}, nil
	case err == nil:
		return AddResult{}, written{}, &truce.Error{Code: truce.ECONFLICT, Field: "client_id",
			Message: fmt.Sprintf("%q was already used for a report with different content", r.ClientID)}
	case !errors.Is(err, sql.ErrNoRows):
		return AddResult{}, written{}, err
	}
	if err := checkReferences(ctx, tx, r); err != nil {
		return AddResult{}, written{}, err
	}
	r.ReceivedAt = tx.now
	in, reports, err := findIncident(ctx, tx, r)
	if err != nil {
		return AddResult{}, written{}, err
	}
	created := in == nil
	var vs []truce.Verdict
	if created {
		// A new incident is judged before it is stored, so that its row is
		// written once, as it ends up.
		in = &truce.Incident{}
		in.Summarize([]truce.Report{*r})
		in.Updated = tx.now
		if vs, err = judgeIncident(in, js); err != nil {
			return AddResult{}, written{}, err // before any write
		}
		if in.ID, err = insertIncident(ctx, tx, in); err != nil {
			return AddResult{}, written{wrote: true}, err
		}
	}
	r.Incident = in.ID
	if r.ID, err = insertReport(ctx, tx, r, hash); err != nil {
		return AddResult{}, written{wrote: true}, err
	}
	if created {
		in.Reports = append(in.Reports[:0], r.ID)
		if err := storeVerdicts(ctx, tx, in, vs, js, false); err != nil {
			return AddResult{}, written{wrote: true}, err
		}
	} else {
		reports = append(reports, *r)
		in.Summarize(reports)
		in.Updated = tx.now
		if err := judgeAndStore(ctx, tx, in, js); err != nil {
			return AddResult{}, written{wrote: true}, err
		}
		if err := updateIncident(ctx, tx, in); err != nil {
			return AddResult{}, written{wrote: true}, err
		}
	}
	if tx.stored != nil {
		tx.stored[storedKind{in.Type, in.TimePrecision}] = true
	}
	if h := tx.db.Hooks.ReportAccepted; h != nil {
		if err := h(ctx, tx, r); err != nil {
			return AddResult{}, written{wrote: true}, fmt.Errorf("report accepted hook: %w", err)
		}
	}
	res := AddResult{Report: r.ID, Incident: in.ID}
	if err := tx.RecordChange(ctx, "report", fmt.Sprint(r.ID), res); err != nil {
		return AddResult{}, written{wrote: true}, err
	}
	return res, written{in: in, created: created}, nil
}

// checkReferences checks that the provisions and the zone a report names exist.
func checkReferences(ctx context.Context, tx *Tx, r *truce.Report) error {
	var errs []error
	for i, p := range r.Provisions {
		var n int
		if err := tx.queryRowP(ctx, `SELECT COUNT(*) FROM provisions WHERE id = ?`, p).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			errs = append(errs, truce.FieldErrorf(fmt.Sprintf("provisions[%d]", i), "no provision %q", p))
		}
	}
	if r.Zone != "" {
		var n int
		if err := tx.queryRowP(ctx, `SELECT COUNT(*) FROM zones WHERE id = ?`, r.Zone).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			errs = append(errs, truce.FieldErrorf("zone", "no zone %q", r.Zone))
		}
	}
	return errors.Join(errs...)
}

// maxIncidentSpan bounds how long an incident's time span may be for a new
// report to find it: incidents are looked up by the end of their span, and
// one that ends longer than this after the report's window is not considered.
const maxIncidentSpan = 7 * 24 * time.Hour

// candidateBox bounds the places of the incidents a report may join: a box
// of the radius of its location precision (at least a raion's).
func candidateBox(r *truce.Report) (dLat, dLon float64) {
	radius := max(truce.PrecisionRadiusKm(r.Precision), truce.PrecisionRadiusKm(truce.PrecisionAdmin2))
	dLat = radius / 110.0
	dLon = dLat / math.Max(0.1, math.Cos(math.Min(89, math.Abs(r.Lat)+dLat)*math.Pi/180))
	return dLat, dLon
}

// latBands is how many bands one degree of latitude is cut into for the
// incident lookup: incidents are indexed by band (floor(lat * latBands),
// migration 0103), type, time precision and end, so that a report scans
// only the incidents of its period in the few bands its candidate box
// covers instead of every incident of its period.
const latBands = 2

// candidateQuery returns the query selecting the few columns matching
// needs of the incidents a report may join, with bands latitude bands:
// for each of precisions time precisions, those whose span comes within the
// larger of the two slacks of the report's window. The queries are built
// once per band and precision count.
func candidateQuery(bands, precisions int) string {
	key := [2]int{bands, precisions}
	if q, ok := candidateQueries.Load(key); ok {
		return q.(string)
	}
	in := "?" + strings.Repeat(", ?", bands-1)
	var parts []string
	for range precisions {
		parts = append(parts, `SELECT id, start, end_t, time_precision, lat, lon, precision, mode, target FROM incidents
		WHERE type = ? AND time_precision = ? AND floor(lat * `+strconv.Itoa(latBands)+`) IN (`+in+`) AND end_t BETWEEN ? AND ? AND start <= ?
		AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?`)
	}
	q := strings.Join(parts, "\nUNION ALL\n")
	candidateQueries.Store(key, q)
	return q
}

var candidateQueries sync.Map // [band count, precision count] -> query

// findIncident returns the stored incident r matches, the nearest if
// several (see chooseIncident), with its reports; nil if none. In a group
// commit the committer's copy of the lookup's index (openIndex) finds its
// candidates; otherwise, or when the copy cannot answer, the store does.
func findIncident(ctx context.Context, tx *Tx, r *truce.Report) (*truce.Incident, []truce.Report, error) {
	if r.Revises != "" {
		// A revision joins the incident of the report it revises.
		var inc int64
		var key string
		err := tx.queryRowP(ctx, `SELECT incident, source_key FROM reports WHERE client_id = ?`, r.Revises).Scan(&inc, &key)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, truce.FieldErrorf("revises", "no report %q", r.Revises)
		} else if err != nil {
			return nil, nil, err
		}
		if err := r.CheckRevises(key); err != nil {
			return nil, nil, err
		}
		return loadIncidentTx(ctx, tx, inc)
	}
	var id int64
	var err error
	if x := tx.openIdx; x != nil {
		var cs []candidate
		if cs, err = x.candidates(ctx, tx, r); err == nil {
			x.hits.Add(1)
			id, err = chooseIncident(r, cs, func(c *candidate) ([]string, error) { return x.sourceKeys(ctx, tx, c.entry) })
		}
		if err != nil {
			// Whatever went wrong, the store answers, and the copy is
			// read again for the next group.
			x.reset()
			tx.openIdx = nil
		}
	}
	if tx.openIdx == nil {
		if x := tx.db.openIdx; x != nil && tx.grouped {
			x.misses.Add(1)
		}
		cs, err := storedCandidates(ctx, tx, r)
		if err != nil {
			return nil, nil, err
		}
		if id, err = chooseIncident(r, cs, func(c *candidate) ([]string, error) { return sourceKeysOf(ctx, tx, c.id) }); err != nil {
			return nil, nil, err
		}
	}
	if id == 0 {
		return nil, nil, nil
	}
	return loadIncidentTx(ctx, tx, id)
}

// candidate is an incident a report may join, with what Incident.Matches
// needs of it and its place in the lookup's index (times in Unix µs).
type candidate struct {
	id         int64
	km         float64 // from the report
	tp         int     // rank of the time precision in truce.TimePrecisions
	band       float64 // floor(lat * latBands)
	start, end int64
	lat, lon   float64
	precision  int
	mode       truce.Mode
	target     truce.TargetClass
	entry      *openEntry // in the committer's copy (openIndex)
}

// incident returns the candidate as an incident of type t, for Matches
// and Admits.
func (c *candidate) incident(t truce.EventType) truce.Incident {
	return truce.Incident{ID: c.id, Type: t, Start: time.UnixMicro(c.start).UTC(), End: time.UnixMicro(c.end).UTC(),
		TimePrecision: truce.TimePrecisions[c.tp], Lat: c.lat, Lon: c.lon, Precision: c.precision, Mode: c.mode, Target: c.target}
}

// storedCandidates returns the candidates of r from the store.
func storedCandidates(ctx context.Context, tx *Tx, r *truce.Report) ([]candidate, error) {
	dLat, dLon := candidateBox(r)
	// The latitude bands of the box: floor is monotonic, so an incident in
	// the box is in one of them.
	lo, hi := bandOf(r.Lat-dLat), bandOf(r.Lat+dLat)
	var args []any
	parts := 0
	for _, tp := range truce.TimePrecisions {
		if tx.stored != nil && !tx.stored[storedKind{r.Type, tp}] {
			continue // no incident of this type and precision is stored
		}
		parts++
		from, to := candidateWindow(r, tp)
		args = append(args, string(r.Type), string(tp))
		for b := lo; b <= hi; b++ {
			args = append(args, b)
		}
		args = append(args, tsf(from), tsf(to.Add(maxIncidentSpan)), tsf(to), r.Lat-dLat, r.Lat+dLat, r.Lon-dLon, r.Lon+dLon)
	}
	if parts == 0 {
		return nil, nil
	}
	rows, err := tx.queryP(ctx, candidateQuery(int(hi-lo)+1, parts), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var start, end, tp, mode, target string
		if err := rows.Scan(&c.id, &start, &end, &tp, &c.lat, &c.lon, &c.precision, &mode, &target); err != nil {
			return nil, err
		}
		c.tp = slices.Index(truce.TimePrecisions, truce.TimePrecision(tp))
		c.band, c.start, c.end = bandOf(c.lat), micros(parseTS(start)), micros(parseTS(end))
		c.mode, c.target = truce.Mode(mode), truce.TargetClass(target)
		out = append(out, c)
	}
	return out, rows.Err()
}

// chooseIncident returns the id of the nearest candidate that admits r
// (truce.Incident.Admits: it matches, and holds no report of r's source
// already, as keys says), 0 if none. Of candidates equally near, the
// first in the order of the lookup's index (time precision, band, end,
// start, lat, lon, id) is taken: SQLite's order for the query, but
// PostgreSQL returns its rows in the order of whichever plan it chose.
func chooseIncident(r *truce.Report, cs []candidate, keys func(*candidate) ([]string, error)) (int64, error) {
	matched := cs[:0]
	for _, c := range cs {
		in := c.incident(r.Type)
		if in.Matches(r) {
			c.km = truce.HaversineKm(c.lat, c.lon, r.Lat, r.Lon)
			matched = append(matched, c)
		}
	}
	slices.SortFunc(matched, cmpCandidates)
	for i := range matched {
		c := &matched[i]
		ks, err := keys(c)
		if err != nil {
			return 0, err
		}
		in := c.incident(r.Type)
		if in.Admits(r, ks) {
			return c.id, nil
		}
	}
	return 0, nil
}

// cmpCandidates orders candidates by distance, then by their place in the
// lookup's index.
func cmpCandidates(a, b candidate) int {
	return cmp.Or(cmp.Compare(a.km, b.km), cmp.Compare(a.tp, b.tp), cmp.Compare(a.band, b.band), cmp.Compare(a.end, b.end),
		cmp.Compare(a.start, b.start), cmp.Compare(a.lat, b.lat), cmp.Compare(a.lon, b.lon), cmp.Compare(a.id, b.id))
}

// micros is t in Unix microseconds, the resolution of the times stored:
// tsf truncates to the microsecond, and so, for the times a report may
// have (after 1900), does UnixMicro.
func micros(t time.Time) int64 { return t.UnixMicro() }

// bandOf is the latitude band of lat in the lookup's index.
func bandOf(lat float64) float64 { return math.Floor(lat * latBands) }

// candidateWindow returns the times between which an incident of time
// precision tp may match r: r's observed window widened by the larger of
// the two precisions' slacks. A candidate starts before to and ends after
// from (and at most maxIncidentSpan after to).
func candidateWindow(r *truce.Report, tp truce.TimePrecision) (from, to time.Time) {
	slack := max(r.TimePrecision.Slack(), tp.Slack())
	return r.ObservedAt.Add(-slack), r.End().Add(slack)
}

// loadIncidentTx reads an incident and its reports: what a report joining
// it needs (its decisions, which only set its grade, are not read: the
// judge sees none, as when an import or re-judging judges it).
func loadIncidentTx(ctx context.Context, tx *Tx, id int64) (*truce.Incident, []truce.Report, error) {
	best, err := scanIncident(tx.queryRowP(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, id))
	if err != nil {
		return nil, nil, err
	}
	reports, err := reportsOf(ctx, tx, best.ID)
	if err != nil {
		return nil, nil, err
	}
	return best, reports, nil
}

// sourceKeysOf returns the source keys of an incident's reports.
func sourceKeysOf(ctx context.Context, tx *Tx, incident int64) ([]string, error) {
	rows, err := tx.queryP(ctx, `SELECT DISTINCT source_key FROM reports WHERE incident = ?`, incident)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

const incidentCols = `id, start, end_t, time_precision, lat, lon, precision, place, type, mode, target, weapons,
	perpetrator, killed, injured, sources, grade, source_grade, judged_version, updated`

type scanner interface{ Scan(...any) error }

func scanIncident(s scanner) (*truce.Incident, error) {
	in := &truce.Incident{}
	var start, end, tp, typ, mode, target, weapons, killed, injured, grade, sgrade, updated string
	if err := s.Scan(&in.ID, &start, &end, &tp, &in.Lat, &in.Lon, &in.Precision, &in.Place, &typ, &mode, &target, &weapons,
		&in.Perpetrator, &killed, &injured, &in.Sources, &grade, &sgrade, &in.JudgedVersion, &updated); err != nil {
		return nil, err
	}
	in.Start, in.End, in.Updated = parseTS(start), parseTS(end), parseTS(updated)
	in.TimePrecision, in.Type, in.Mode, in.Target = truce.TimePrecision(tp), truce.EventType(typ), truce.Mode(mode), truce.TargetClass(target)
	in.Grade, in.SourceGrade = truce.Grade(grade), truce.Grade(sgrade)
	if err := errors.Join(unjs(weapons, &in.Weapons), unjs(killed, &in.Killed), unjs(injured, &in.Injured)); err != nil {
		return nil, err
	}
	in.Reports, in.Decisions, in.Contests, in.Verdicts = []int64{}, []truce.Decision{}, []truce.Contest{}, []truce.Verdict{}
	return in, nil
}

func incidentArgs(in *truce.Incident) []any {
	return []any{tsf(in.Start), tsf(in.End), string(in.TimePrecision), in.Lat, in.Lon, in.Precision, in.Place,
		string(in.Type), string(in.Mode), string(in.Target), js(nonNil(in.Weapons)), in.Perpetrator, js(in.Killed), js(in.Injured),
		in.Sources, string(in.Grade), string(in.SourceGrade), in.JudgedVersion, tsf(in.Updated), worstRank(in.Verdicts)}
}

const incidentInsertCols = `start, end_t, time_precision, lat, lon, precision, place, type, mode, target, weapons,
	perpetrator, killed, injured, sources, grade, source_grade, judged_version, updated, worst_verdict`

// incidentNCols is the number of incidentInsertCols.
const incidentNCols = 20

// incidentInsert inserts an incident whose id the store chooses.
var incidentInsert = `INSERT INTO incidents (` + incidentInsertCols + `) VALUES (` + placeholders(incidentNCols) + `)`

func insertIncident(ctx context.Context, tx *Tx, in *truce.Incident) (int64, error) {
	return tx.insertIDP(ctx, incidentInsert, incidentArgs(in)...)
}

func updateIncident(ctx context.Context, tx *Tx, in *truce.Incident) error {
	_, err := tx.execP(ctx, `UPDATE incidents SET start = ?, end_t = ?, time_precision = ?, lat = ?, lon = ?, precision = ?, place = ?,
		type = ?, mode = ?, target = ?, weapons = ?, perpetrator = ?, killed = ?, injured = ?, sources = ?, grade = ?, source_grade = ?,
		judged_version = ?, updated = ?, worst_verdict = ? WHERE id = ?`, append(incidentArgs(in), in.ID)...)
	return err
}

const reportCols = `id, client_id, incident, observed_at, observed_until, time_precision, lat, lon, precision, place, type, mode,
	weapons, target, killed, injured, perpetrator, source_kind, source_reliability, source_name, source_party, source_key, description,
	attachments, provisions, zone, received_at, revises`

func scanReport(s scanner) (truce.Report, error) {
	var r truce.Report
	var obs, until, tp, typ, mode, weapons, target, killed, injured, kind, att, provs, recv string
	if err := s.Scan(&r.ID, &r.ClientID, &r.Incident, &obs, &until, &tp, &r.Lat, &r.Lon, &r.Precision, &r.Place, &typ, &mode,
		&weapons, &target, &killed, &injured, &r.Perpetrator, &kind, &r.Source.Reliability, &r.Source.Name, &r.Source.Party,
		&r.SourceHash, &r.Description, &att, &provs, &r.Zone, &recv, &r.Revises); err != nil {
		return r, err
	}
	r.ObservedAt, r.ReceivedAt = parseTS(obs), parseTS(recv)
	if until != "" {
		u := parseTS(until)
		r.ObservedUntil = &u
	}
	r.TimePrecision, r.Type, r.Mode, r.Target = truce.TimePrecision(tp), truce.EventType(typ), truce.Mode(mode), truce.TargetClass(target)
	r.Source.Kind = truce.SourceKind(kind)
	err := errors.Join(unjs(weapons, &r.Weapons), unjs(killed, &r.Killed), unjs(injured, &r.Injured), unjs(att, &r.Attachments), unjs(provs, &r.Provisions))
	return r, err
}

// reportArgs are the values of one reports row, in reportInsertCols order.
func reportArgs(r *truce.Report, hash string) []any {
	until := ""
	if r.ObservedUntil != nil {
		until = tsf(*r.ObservedUntil)
	}
	return []any{r.ID, r.ClientID, hash, r.Incident, tsf(r.ObservedAt), until, string(r.TimePrecision), r.Lat, r.Lon, r.Precision, r.Place,
		string(r.Type), string(r.Mode), jsList(r.Weapons), string(r.Target), countJSON(r.Killed), countJSON(r.Injured), r.Perpetrator,
		string(r.Source.Kind), r.Source.Reliability, r.Source.Name, r.Source.Party, r.SourceKey(), r.Description,
		jsList(r.Attachments), jsList(r.Provisions), r.Zone, tsf(r.ReceivedAt), r.Revises}
}

const reportInsertCols = `id, client_id, content_hash, incident, observed_at, observed_until, time_precision, lat, lon, precision, place,
	type, mode, weapons, target, killed, injured, perpetrator, source_kind, source_reliability, source_name, source_party, source_key,
	description, attachments, provisions, zone, received_at, revises`

const reportNCols = 29

func jsList(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	return js(s)
}

// reportInsert inserts a report whose id the store chooses.
var reportInsert = `INSERT INTO reports (` + strings.TrimPrefix(reportInsertCols, "id, ") + `) VALUES (` + placeholders(reportNCols-1) + `)`

func insertReport(ctx context.Context, tx *Tx, r *truce.Report, hash string) (int64, error) {
	args := reportArgs(r, hash)[1:] // the store chooses the id
	id, err := tx.insertIDP(ctx, reportInsert, args...)
	if isConstraint(err, "unique") {
		return 0, &truce.Error{Code: truce.ECONFLICT, Field: "client_id", Message: fmt.Sprintf("%q is taken", r.ClientID)}
	} else if err != nil {
		return 0, err
	}
	if r.Source.Identity != "" {
		if _, err := tx.execP(ctx, `INSERT INTO report_identities (report, identity) VALUES (?, ?)`, id, r.Source.Identity); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func reportsOf(ctx context.Context, tx *Tx, incident int64) ([]truce.Report, error) {
	rows, err := tx.queryP(ctx, `SELECT `+reportCols+` FROM reports WHERE incident = ? ORDER BY id`, incident)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []truce.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// judgeAndStore judges the incident and replaces its stored verdicts.
func judgeAndStore(ctx context.Context, tx *Tx, in *truce.Incident, js judgerState) error {
	vs, err := judgeIncident(in, js)
	if err != nil {
		return err
	}
	return storeVerdicts(ctx, tx, in, vs, js, true)
}

// judgeIncident judges the incident: it sets its verdicts and the rules
// version they are judged with, and returns the verdicts as the judge gave
// them (none without a judge).
func judgeIncident(in *truce.Incident, js judgerState) ([]truce.Verdict, error) {
	if js.j == nil {
		in.Verdicts = []truce.Verdict{}
		return nil, nil
	}
	vs, err := js.j.Judge(in)
	if err != nil {
		if in.ID == 0 {
			return nil, fmt.Errorf("judge new incident: %w", err)
		}
		return nil, fmt.Errorf("judge incident %d: %w", in.ID, err)
	}
	in.Verdicts, in.JudgedVersion = nonNil(vs), js.version
	return vs, nil
}

// storeVerdicts stores the verdicts vs judgeIncident gave, in place of
// those stored before if replace (a new incident has none), and calls the
// VerdictsStored hook; without a judge it stores nothing.
func storeVerdicts(ctx context.Context, tx *Tx, in *truce.Incident, vs []truce.Verdict, js judgerState, replace bool) error {
	if js.j == nil {
		return nil
	}
	if replace {
		if _, err := tx.execP(ctx, `DELETE FROM verdicts WHERE incident = ?`, in.ID); err != nil {
			return err
		}
	}
	// A few multi-row inserts instead of one per verdict.
	for rest := vs; len(rest) > 0; {
		chunk := rest[:min(len(rest), maxVerdictRows)]
		rest = rest[len(chunk):]
		args := make([]any, 0, 5*len(chunk))
		for _, v := range chunk {
			args = append(args, in.ID, v.Provision, string(v.Issue), string(v.Verdict), v.Explanation)
		}
		if _, err := tx.execP(ctx, verdictsInsert(len(chunk)), args...); err != nil {
			return fmt.Errorf("verdicts of incident %d: %w", in.ID, err)
		}
	}
	if h := tx.db.Hooks.VerdictsStored; h != nil {
		if err := h(ctx, tx, in.ID, vs); err != nil {
			return fmt.Errorf("verdicts stored hook: %w", err)
		}
	}
	return nil
}

// maxVerdictRows bounds the rows of one insert of verdicts.
const maxVerdictRows = 64

// verdictsInsert returns the insert of n verdicts, built once per n.
func verdictsInsert(n int) string {
	if q, ok := verdictsInserts.Load(n); ok {
		return q.(string)
	}
	q := `INSERT INTO verdicts (incident, provision, issue, verdict, explanation) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", n), ", ")
	verdictsInserts.Store(n, q)
	return q
}

var verdictsInserts sync.Map // row count -> insert

// Report returns one report, or ENOTFOUND. withIdentity includes the
// source's identity, which only the mission's analysts may see.
func (db *DB) Report(ctx context.Context, id int64, withIdentity bool) (*truce.Report, error) {
	r, err := scanReport(db.db.QueryRowContext(ctx, `SELECT `+reportCols+` FROM reports WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no report %d", id)
	} else if err != nil {
		return nil, err
	}
	if withIdentity {
		err := db.db.QueryRowContext(ctx, `SELECT identity FROM report_identities WHERE report = ?`, id).Scan(&r.Source.Identity)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return &r, nil
}

// ReportsOf returns the reports of an incident, without source identities.
func (db *DB) ReportsOf(ctx context.Context, incident int64) ([]truce.Report, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return reportsOf(ctx, &Tx{Tx: tx, db: db}, incident)
}

// IncidentFilter selects incidents; zero fields match everything. From and
// To bound the incident's start (To exclusive).
type IncidentFilter struct {
	From, To    time.Time
	Type        truce.EventType
	Grade       truce.Grade
	Perpetrator string
	Provision   string             // incidents with a verdict on this provision
	Verdict     truce.VerdictValue // ... with this verdict (any provision when Provision is empty)
	Limit       int                // 0: no limit
	Offset      int
	// Box keeps incidents whose stored (precise) place is inside
	// [minLon, minLat, maxLon, maxLat]; nil: anywhere. Callers that show
	// coarsened places widen it and filter again on what they show.
	Box *[4]float64
}

// Incidents returns the incidents matching f, newest first, with their
// verdicts (not their decisions: see Incident).
func (db *DB) Incidents(ctx context.Context, f IncidentFilter) ([]truce.Incident, error) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "i.start >= ?"), append(args, tsf(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "i.start < ?"), append(args, tsf(f.To))
	}
	if f.Type != "" {
		where, args = append(where, "i.type = ?"), append(args, string(f.Type))
	}
	if f.Grade != "" {
		where, args = append(where, "i.grade = ?"), append(args, string(f.Grade))
	}
	if f.Perpetrator != "" {
		where, args = append(where, "i.perpetrator = ?"), append(args, f.Perpetrator)
	}
	if b := f.Box; b != nil {
		where = append(where, "i.lon >= ? AND i.lon <= ? AND i.lat >= ? AND i.lat <= ?")
		args = append(args, b[0], b[2], b[1], b[3])
	}
	if f.Provision != "" || f.Verdict != "" {
		sub := "SELECT incident FROM verdicts WHERE 1 = 1"
		if f.Provision != "" {
			sub, args = sub+" AND provision = ?", append(args, f.Provision)
		}
		if f.Verdict != "" {
			sub, args = sub+" AND verdict = ?", append(args, string(f.Verdict))
		}
		where = append(where, "i.id IN ("+sub+")")
	}
	q := `SELECT ` + prefixCols(incidentCols, "i.") + ` FROM incidents i`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY i.start DESC, i.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Incident{}
	index := map[int64]int{}
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			return nil, err
		}
		index[in.ID] = len(out)
		out = append(out, *in)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	if err := db.attachVerdicts(ctx, out, index); err != nil {
		return nil, err
	}
	return out, nil
}

// attachVerdicts and report ids to incidents, in chunks.
func (db *DB) attachVerdicts(ctx context.Context, out []truce.Incident, index map[int64]int) error {
	ids := make([]any, 0, len(out))
	for _, in := range out {
		ids = append(ids, in.ID)
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := db.db.QueryContext(ctx, `SELECT v.incident, v.provision, v.issue, v.verdict, v.explanation
			FROM verdicts v JOIN provisions p ON p.id = v.provision JOIN agreements a ON a.id = p.agreement
			WHERE v.incident IN (`+placeholders(len(chunk))+`) ORDER BY v.incident, a.proposed, a.id, p.ord`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v truce.Verdict
			var issue, verdict string
			if err := rows.Scan(&id, &v.Provision, &issue, &verdict, &v.Explanation); err != nil {
				rows.Close()
				return err
			}
			v.Issue, v.Verdict = truce.Issue(issue), truce.VerdictValue(verdict)
			out[index[id]].Verdicts = append(out[index[id]].Verdicts, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = db.db.QueryContext(ctx, `SELECT incident, id FROM reports WHERE incident IN (`+placeholders(len(chunk))+`) ORDER BY id`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var inc, id int64
			if err := rows.Scan(&inc, &id); err != nil {
				rows.Close()
				return err
			}
			out[index[inc]].Reports = append(out[index[inc]].Reports, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Incident returns one incident with its reports' ids, decisions, contests
// and verdicts, or ENOTFOUND. If its verdicts were computed with older rules
// it is judged again first.
func (db *DB) Incident(ctx context.Context, id int64) (*truce.Incident, error) {
	if _, err := db.Rejudge(ctx, id); err != nil {
		return nil, err
	}
	in, err := scanIncident(db.db.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", id)
	} else if err != nil {
		return nil, err
	}
	out := []truce.Incident{*in}
	if err := db.attachVerdicts(ctx, out, map[int64]int{in.ID: 0}); err != nil {
		return nil, err
	}
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := loadDecisions(ctx, &Tx{Tx: tx, db: db}, &out[0]); err != nil {
		return nil, err
	}
	return &out[0], nil
}

// loadDecisions reads an incident's decisions and derives its contests.
func loadDecisions(ctx context.Context, tx *Tx, in *truce.Incident) error {
	rows, err := tx.queryP(ctx, `SELECT id, kind, by_actor, at, reason, party, deadline, public_reason FROM decisions WHERE incident = ? ORDER BY id`, in.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	in.Decisions, in.Contests = []truce.Decision{}, []truce.Contest{}
	for rows.Next() {
		d := truce.Decision{Incident: in.ID}
		var kind, at, deadline string
		if err := rows.Scan(&d.ID, &kind, &d.By, &at, &d.Reason, &d.Party, &deadline, &d.PublicReason); err != nil {
			return err
		}
		d.Kind, d.At = truce.DecisionKind(kind), parseTS(at)
		if deadline != "" {
			t := parseTS(deadline)
			d.Deadline = &t
		}
		in.Decisions = append(in.Decisions, d)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	in.Contests = Contests(in.Decisions, time.Now())
	return nil
}

// Contests derives the contests of an incident from its decisions: each
// dispute, with the uphold or overturn that answered it. A contest
// unanswered after its deadline at now is overdue.
func Contests(ds []truce.Decision, now time.Time) []truce.Contest {
	out := []truce.Contest{}
	for _, d := range ds {
		switch d.Kind {
		case truce.DecisionDispute:
			c := truce.Contest{Decision: d.ID, Party: d.Party, By: d.By, At: d.At, Reason: d.Reason}
			if d.Deadline != nil {
				c.Deadline = *d.Deadline
			}
			out = append(out, c)
		case truce.DecisionUphold, truce.DecisionOverturn:
			if n := len(out); n > 0 && out[n-1].Answer == "" {
				at := d.At
				out[n-1].Answer, out[n-1].AnsweredAt, out[n-1].AnsweredBy, out[n-1].Reply = string(d.Kind), &at, d.By, d.Reason
				out[n-1].ReplyPublic = d.PublicReason
			}
		}
	}
	for i := range out {
		out[i].Overdue = out[i].Answer == "" && now.After(out[i].Deadline)
	}
	return out
}

// Decide records a decision on an incident (who, when, why) and moves its
// grade, in one transaction. Errors: ENOTFOUND, EINVALID (a bad decision, or
// one that does not apply to the incident's grade).
func (db *DB) Decide(ctx context.Context, d truce.Decision) (*truce.Incident, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d.At = tx.now
	if d.Kind == truce.DecisionDispute && d.Deadline == nil {
		dl := d.At.AddDate(0, 0, truce.DefaultContestDays)
		d.Deadline = &dl
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	in, err := scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, d.Incident))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", d.Incident)
	} else if err != nil {
		return nil, err
	}
	g, err := truce.NextGrade(in.Grade, in.SourceGrade, d.Kind)
	if err != nil {
		return nil, err
	}
	deadline := ""
	if d.Deadline != nil {
		deadline = tsf(*d.Deadline)
	}
	if d.ID, err = tx.InsertID(ctx, `INSERT INTO decisions (incident, kind, by_actor, at, reason, party, deadline, public_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Incident, string(d.Kind), d.By, tsf(d.At), d.Reason, d.Party, deadline, d.PublicReason); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE incidents SET grade = ?, updated = ? WHERE id = ?`, string(g), tsf(tx.now), d.Incident); err != nil {
		return nil, err
	}
	if h := db.Hooks.DecisionRecorded; h != nil {
		if err := h(ctx, tx, &d); err != nil {
			return nil, fmt.Errorf("decision recorded hook: %w", err)
		}
	}
	if err := tx.RecordChange(ctx, "decision", fmt.Sprint(d.Incident), d); err != nil {
		return nil, err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("incident %d", d.Incident)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return db.Incident(ctx, d.Incident)
}

// ProvisionViolation is the latest verified violation of a provision.
type ProvisionViolation struct {
	Provision string
	Incident  int64
	At        time.Time
}

// LastVerifiedViolations returns, for each provision with a verified
// incident judged a violation of it, the latest such incident starting
// before until.
func (db *DB) LastVerifiedViolations(ctx context.Context, until time.Time) (map[string]ProvisionViolation, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT v.provision, i.id, i.start FROM verdicts v JOIN incidents i ON i.id = v.incident
		WHERE v.verdict = 'violation' AND i.grade = 'verified' AND i.start < ? ORDER BY i.start`, tsf(until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]ProvisionViolation{}
	for rows.Next() {
		var v ProvisionViolation
		var at string
		if err := rows.Scan(&v.Provision, &v.Incident, &at); err != nil {
			return nil, err
		}
		v.At = parseTS(at)
		out[v.Provision] = v
	}
	return out, rows.Err()
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// prefixCols qualifies each column of a comma-separated list.
func prefixCols(cols, prefix string) string {
	fs := strings.Split(cols, ",")
	for i, f := range fs {
		fs[i] = prefix + strings.TrimSpace(f)
	}
	return strings.Join(fs, ", ")
}

// countJSON is json.Marshal of a Count without reflection: imports write
// two per report.
func countJSON(c truce.Count) string {
	return string(c.AppendJSON(make([]byte, 0, 40)))
}

// Prepared returns q prepared in this transaction, once per transaction: a
// group commit runs the same few statements for every report it holds, and
// preparing each once instead of at every use makes it several times faster
// (hooks that run per report, like the transparency log's, gain the same).
// The first maxSharedStmts statements are also kept prepared on the
// database across transactions (database/sql reuses them on each
// connection they were prepared on), so that a group does not parse them
// again. The transaction's statement is closed when it ends.
func (tx *Tx) Prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	tx.stmtMu.Lock()
	defer tx.stmtMu.Unlock()
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if shared, err := tx.db.sharedStmt(ctx, q); err != nil {
		return nil, err
	} else if shared != nil {
		st = tx.Tx.StmtContext(ctx, shared)
	} else if st, err = tx.Tx.PrepareContext(ctx, q); err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

// maxSharedStmts bounds the statements kept prepared across transactions.
const maxSharedStmts = 256

// sharedStmt returns q prepared on the database, preparing it if fewer
// than maxSharedStmts are kept; nil when the cache is full, and on a pool
// with a bound on its connections (PostgreSQL's, a :memory: database):
// preparing takes a connection of the pool while the caller's transaction
// holds one, which could wait for ever on a full pool.
func (db *DB) sharedStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if db.dialect.postgres() || db.db.Stats().MaxOpenConnections != 0 {
		return nil, nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st, ok := db.stmts[q]; ok {
		return st, nil
	}
	if len(db.stmts) >= maxSharedStmts {
		return nil, nil
	}
	st, err := db.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st, nil
}

func (tx *Tx) execP(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := tx.Prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (tx *Tx) queryP(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := tx.Prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (tx *Tx) queryRowP(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := tx.Prepared(ctx, q)
	if err != nil {
		return tx.QueryRowContext(ctx, q, args...) // reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}

// insertIDP is InsertID with a statement prepared once per transaction.
func (tx *Tx) insertIDP(ctx context.Context, q string, args ...any) (int64, error) {
	if tx.db.dialect.postgres() {
		return tx.InsertID(ctx, q, args...)
	}
	res, err := tx.execP(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
