package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// ImportOptions control a bulk import.
type ImportOptions struct {
	// Partial stores the good rows when some are bad; by default one bad row
	// stores nothing.
	Partial bool
	// DryRun checks every row (fields, references, client ids) and stores
	// nothing: an *ErrRows lists the bad rows.
	DryRun bool
	// Progress, if set, is called as the import advances (stage names a
	// step: "check", "cluster", "write", "judge"; done of total).
	Progress func(stage string, done, total int)
}

// RowError is the error of one row of a bulk import (Row indexes the input).
type RowError struct {
	Row int
	Err error
}

// ImportResult is what a bulk import did.
type ImportResult struct {
	Results      []AddResult // per input row; zero for a bad row
	Added        int         // new reports stored
	Replayed     int         // rows whose client id was stored already with the same content
	NewIncidents int
	Updated      int // existing incidents that gained reports
	Errors       []RowError
}

// ErrRows is returned by ImportReports when rows are bad and nothing was
// stored; its Rows lists them.
type ErrRows struct{ Rows []RowError }

func (e *ErrRows) Error() string {
	return fmt.Sprintf("%d bad rows, nothing stored (the first: row %d: %v)", len(e.Rows), e.Rows[0].Row, e.Rows[0].Err)
}

// Unwrap makes the rows' errors visible to errors.As (for codes and fields).
func (e *ErrRows) Unwrap() []error {
	out := make([]error, len(e.Rows))
	for i, r := range e.Rows {
		out[i] = r.Err
	}
	return out
}

// ImportReports stores many reports in one transaction with one durable
// commit: all of them, or, when a row is bad, none (an *ErrRows listing
// every bad row) unless opts.Partial, which stores the good rows and lists
// the bad ones in the result. Rows are validated, deduplicated by client id
// (a stored or repeated client id with the same content is a replay, with
// different content an error), clustered into incidents in memory (with the
// stored incidents of the same period), judged, and written with multi-row
// inserts.
func (db *DB) ImportReports(ctx context.Context, rows []truce.Report, opts ImportOptions) (*ImportResult, error) {
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	res := &ImportResult{Results: make([]AddResult, len(rows))}
	bad := map[int]error{}
	now := db.Now()
	hashes := make([]string, len(rows))
	// Validate and hash on every core: rows are independent. Each worker
	// takes a run of rows (not every nth: neighbours' hashes and errors
	// share cache lines).
	errs := make([]error, len(rows))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * len(rows) / workers; i < (w+1)*len(rows)/workers; i++ {
				rows[i].Normalize()
				if errs[i] = rows[i].Validate(now); errs[i] == nil {
					hashes[i] = rows[i].ContentHash()
					rows[i].SourceHash = rows[i].SourceKey()
				}
			}
		}()
	}
	wg.Wait()
	progress("check", len(rows), len(rows))
	for i, err := range errs {
		if err != nil {
			bad[i] = err
		}
	}
	js, err := db.currentJudger(ctx)
	if err != nil {
		return nil, err
	}
	provIDs, err := db.queryStrings(ctx, `SELECT id FROM provisions`)
	if err != nil {
		return nil, err
	}
	zoneIDs, err := db.queryStrings(ctx, `SELECT id FROM zones`)
	if err != nil {
		return nil, err
	}
	tx, end, err := db.beginBulk(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	// restoreCache gives the connection its usual page cache size back.
	restoreCache := func() error { return nil }
	if !db.dialect.postgres() {
		// A page cache large enough for the whole import: with the default
		// (2 MiB) SQLite spills dirty pages into the WAL mid-transaction and
		// writes some of them again. The connection gets its usual size back
		// before the commit (dirty pages stay in the cache until written) or,
		// on an error, before the rollback.
		var size int64
		if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&size); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
			return nil, err
		}
		restored := false
		restoreCache = func() error {
			if restored {
				return nil
			}
			restored = true
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, size))
			return err
		}
		defer restoreCache() // runs before the deferred Rollback
	}

	// Client ids: repeated in the input, or stored already.
	first := make(map[string]int, len(rows))
	replayOf := map[int]int{} // row -> earlier row with the same client id and content
	for i := range rows {
		if _, ok := bad[i]; ok {
			continue
		}
		if j, ok := first[rows[i].ClientID]; ok {
			if hashes[j] == hashes[i] {
				replayOf[i] = j
			} else {
				bad[i] = &truce.Error{Code: truce.ECONFLICT, Field: "client_id",
					Message: fmt.Sprintf("%q is used by row %d with different content", rows[i].ClientID, j)}
			}
			continue
		}
		first[rows[i].ClientID] = i
		if err := checkRefs(&rows[i], provIDs, zoneIDs); err != nil {
			bad[i] = err
		}
	}
	stored, err := storedClientIDs(ctx, tx, first)
	if err != nil {
		return nil, err
	}
	revised, err := checkRevisions(ctx, tx, rows, first, stored, bad)
	if err != nil {
		return nil, err
	}
	for id, s := range stored {
		i := first[id]
		if s.hash != hashes[i] {
			bad[i] = &truce.Error{Code: truce.ECONFLICT, Field: "client_id", Message: fmt.Sprintf("%q was already used for a report with different content", id)}
			continue
		}
		res.Results[i] = AddResult{Report: s.id, Incident: s.incident, Replayed: true}
		res.Replayed++
	}
	if len(bad) > 0 {
		for i, err := range bad {
			res.Errors = append(res.Errors, RowError{Row: i, Err: err})
		}
		slices.SortFunc(res.Errors, func(a, b RowError) int { return a.Row - b.Row })
		if !opts.Partial || opts.DryRun {
			return nil, &ErrRows{Rows: res.Errors}
		}
	}
	if opts.DryRun {
		return res, nil
	}
	var todo []int // rows to store, in time order
	for i := range rows {
		_, isBad := bad[i]
		_, isReplay := replayOf[i]
		_, isStored := stored[rows[i].ClientID]
		if !isBad && !isReplay && !isStored {
			todo = append(todo, i)
		}
	}
	slices.SortStableFunc(todo, func(a, b int) int { return rows[a].ObservedAt.Compare(rows[b].ObservedAt) })
	if len(todo) > 0 {
		if err := db.importRows(ctx, tx, rows, hashes, todo, revised, js, res, progress); err != nil {
			return nil, err
		}
	}
	for i, j := range replayOf {
		res.Results[i] = res.Results[j]
		res.Results[i].Replayed = true
		res.Replayed++
	}
	if len(todo) > 0 {
		if err := noteJudged(ctx, tx, js.judgedVersion()); err != nil {
			return nil, err
		}
	}
	if err := tx.RecordChange(ctx, "report-import", fmt.Sprint(res.Added), map[string]int{
		"added": res.Added, "replayed": res.Replayed, "new_incidents": res.NewIncidents, "updated_incidents": res.Updated}); err != nil {
		return nil, err
	}
	if res.Added > 0 {
		// Like every store write, audited in its own transaction (through
		// the caller's context; once per context).
		if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("%d reports imported", res.Added)); err != nil {
			return nil, err
		}
	}
	if err := restoreCache(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return res, nil
}

// checkRevisions checks the rows that revise a report: it must be a good
// row of the import (first maps client ids to rows) or a stored report, in
// either case from the row's own source; the bad rows are added to bad.
// (stored holds the rows already stored.) It returns the incidents of the
// stored reports revised, by client id.
func checkRevisions(ctx context.Context, tx *Tx, rows []truce.Report, first map[string]int, stored map[string]storedReport,
	bad map[int]error) (map[string]int64, error) {
	var ask []any
	for i := range rows {
		if _, isBad := bad[i]; isBad || rows[i].Revises == "" {
			continue
		}
		if _, ok := first[rows[i].Revises]; !ok {
			ask = append(ask, rows[i].Revises)
		}
	}
	type target struct {
		incident int64
		key      string
	}
	found := map[string]target{}
	for len(ask) > 0 {
		chunk := ask[:min(len(ask), 500)]
		ask = ask[len(chunk):]
		qr, err := tx.QueryContext(ctx, `SELECT client_id, incident, source_key FROM reports WHERE client_id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for qr.Next() {
			var id string
			var t target
			if err := qr.Scan(&id, &t.incident, &t.key); err != nil {
				qr.Close()
				return nil, err
			}
			found[id] = t
		}
		qr.Close()
		if err := qr.Err(); err != nil {
			return nil, err
		}
	}
	out := map[string]int64{}
	for i := range rows {
		r := &rows[i]
		if _, isBad := bad[i]; isBad || r.Revises == "" {
			continue
		}
		key := ""
		if j, ok := first[r.Revises]; ok {
			if _, isBad := bad[j]; isBad {
				bad[i] = truce.FieldErrorf("revises", "report %q (row %d) is bad", r.Revises, j)
				continue
			}
			key = rows[j].SourceKey()
			if s, ok := stored[r.Revises]; ok {
				out[r.Revises] = s.incident // a replayed row: stored already
			}
		} else if t, ok := found[r.Revises]; ok {
			key = t.key
			out[r.Revises] = t.incident
		} else {
			bad[i] = truce.FieldErrorf("revises", "no report %q", r.Revises)
			continue
		}
		if err := r.CheckRevises(key); err != nil {
			bad[i] = err
		}
	}
	return out, nil
}

func checkRefs(r *truce.Report, provs, zones []string) error {
	var errs []error
	for i, p := range r.Provisions {
		if !slices.Contains(provs, p) {
			errs = append(errs, truce.FieldErrorf(fmt.Sprintf("provisions[%d]", i), "no provision %q", p))
		}
	}
	if r.Zone != "" && !slices.Contains(zones, r.Zone) {
		errs = append(errs, truce.FieldErrorf("zone", "no zone %q", r.Zone))
	}
	return errors.Join(errs...)
}

type storedReport struct {
	id, incident int64
	hash         string
}

func storedClientIDs(ctx context.Context, tx *Tx, ids map[string]int) (map[string]storedReport, error) {
	out := map[string]storedReport{}
	var some bool // not a count: that reads every report
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reports)`).Scan(&some); err != nil || !some {
		return out, err
	}
	all := make([]any, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	for len(all) > 0 {
		chunk := all[:min(len(all), 500)]
		all = all[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT client_id, id, incident, content_hash FROM reports WHERE client_id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var cid string
			var s storedReport
			if err := rows.Scan(&cid, &s.id, &s.incident, &s.hash); err != nil {
				rows.Close()
				return nil, err
			}
			out[cid] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) importRows(ctx context.Context, tx *Tx, rows []truce.Report, hashes []string, todo []int, revised map[string]int64,
	js judgerState, res *ImportResult, progress func(string, int, int)) error {
	from, to := rows[todo[0]].ObservedAt, rows[todo[0]].End()
	var maxSlack int64
	minLat, minLon, maxLat, maxLon := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	bound := func(lat, lon float64) {
		minLat, minLon, maxLat, maxLon = min(minLat, lat), min(minLon, lon), max(maxLat, lat), max(maxLon, lon)
	}
	for _, i := range todo {
		maxSlack = max(maxSlack, int64(rows[i].TimePrecision.Slack()))
		from, to = minTime(from, rows[i].ObservedAt), maxTime(to, rows[i].End())
		bound(rows[i].Lat, rows[i].Lon)
	}
	// Stored incidents of the period may gain reports.
	slack := max(time.Duration(maxSlack), truce.TimeMonth.Slack())
	byIncident := map[int64]*cluster{}               // the stored incidents loaded, by id
	byClient := make(map[string]*cluster, len(todo)) // the clusters of this import's rows so far, by client id
	ex, err := tx.QueryContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE start <= ? AND end_t >= ? ORDER BY start`,
		tsf(to.Add(slack)), tsf(from.Add(-slack)))
	if err != nil {
		return err
	}
	var stored []*cluster
	for ex.Next() {
		in, err := scanIncident(ex)
		if err != nil {
			ex.Close()
			return err
		}
		stored = append(stored, &cluster{in: *in, existing: true})
		bound(in.Lat, in.Lon)
	}
	ex.Close()
	if err := ex.Err(); err != nil {
		return err
	}
	x := newClusterIndex(rows, minLat, minLon, maxLat, maxLon, maxSlack, func(id int64) ([]string, error) { return sourceKeysOf(ctx, tx, id) })
	for _, c := range stored {
		x.add(c)
		byIncident[c.in.ID] = c
	}
	recv := any(tsf(tx.now)) // every report's received_at
	var nextReport, nextIncident int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM reports`).Scan(&nextReport); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM incidents`).Scan(&nextIncident); err != nil {
		return err
	}
	// On SQLite, reports are written while the rest are still being
	// clustered (their incidents follow, so foreign keys are checked at
	// commit); PostgreSQL's constraints are not deferrable: it writes after.
	pipelined := !db.dialect.postgres() && !db.plainImport
	// The clustering goroutine builds the reports' statements (values
	// formatted and boxed, batches made) so that the writer, the slower
	// stage, only binds and inserts.
	w := &bulkWriter{ctx: ctx, tx: tx}   // reports
	wid := &bulkWriter{ctx: ctx, tx: tx} // report_identities
	var wch chan insert
	var werr chan error
	if pipelined {
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		wch, werr = make(chan insert, 8), make(chan error, 1)
		free := make(chan insert, 8) // the argument buffers of batches written, for reuse
		send := func(b insert) error {
			wch <- b
			return nil
		}
		w.send, w.free, wid.send, wid.free = send, free, send, free
		go func(in <-chan insert, out chan<- error) {
			ex := &bulkWriter{ctx: ctx, tx: tx}
			var err error
			written := 0
			for b := range in {
				if err == nil {
					err = ex.run(b)
				}
				clear(b.args)
				clear(b.nargs)
				select {
				case free <- insert{args: b.args, nargs: b.nargs}:
				default:
				}
				if b.table == "reports" {
					if written += b.n; written/10000 != (written-b.n)/10000 {
						progress("write", written, len(todo))
					}
				}
			}
			out <- err
		}(wch, werr)
		defer func() {
			if wch != nil {
				close(wch)
				<-werr
			}
		}()
	}
	var clusters []*cluster
	for n, i := range todo {
		r := &rows[i]
		r.ReceivedAt = tx.now
		nextReport++
		r.ID = nextReport
		var c *cluster
		if r.Revises != "" {
			// A revision joins the incident of the report it revises: a
			// row of this import clustered already, or a stored report.
			if c = byClient[r.Revises]; c == nil {
				if inc, ok := revised[r.Revises]; ok {
					if c = byIncident[inc]; c == nil {
						in, err := scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, inc))
						if err != nil {
							return err
						}
						c = &cluster{in: *in, existing: true}
						x.add(c)
						byIncident[inc] = c
					}
				}
			}
		}
		if c == nil {
			// A report of its own event (or a revision observed before
			// the report it revises, which this import has not reached).
			var err error
			if c, err = x.find(r); err != nil {
				return err
			}
		}
		if c == nil {
			nextIncident++
			c = &cluster{in: truce.Incident{ID: nextIncident}, members: []int32{int32(i)}}
			x.summarize(c)
			x.add(c)
			clusters = append(clusters, c)
		} else {
			if c.existing && !c.loaded {
				rs, err := reportsOf(ctx, tx, c.in.ID)
				if err != nil {
					return err
				}
				c.stored, c.keys, c.loaded = rs, nil, true
				clusters = append(clusters, c)
			}
			c.members = append(c.members, int32(i))
			x.summarize(c)
			x.refresh(c)
		}
		byClient[r.ClientID] = c
		r.Incident = c.in.ID
		res.Results[i] = AddResult{Report: r.ID, Incident: c.in.ID}
		if pipelined {
			if err := w.shapedRowWith(reportShape, func(b []any) []any { return appendReportArgs(b, r, hashes[i], recv) }); err != nil {
				return err
			}
			if id := r.Source.Identity; id != "" {
				if err := wid.row("report_identities", "report, identity", 2, r.ID, id); err != nil {
					return err
				}
			}
		}
		if n%10000 == 0 {
			progress("cluster", n, len(todo))
		}
	}
	if pipelined {
		if err := errors.Join(w.flush(), wid.flush()); err != nil {
			return err
		}
		close(wch)
		wch = nil
		if err := <-werr; err != nil {
			return err
		}
		w.send, wid.send = nil, nil
	}
	// Judge every new or changed incident.
	for n, c := range clusters {
		c.in.Updated = tx.now
		c.in.Verdicts = nil
		if js.j != nil {
			vs, err := js.j.Judge(&c.in)
			if err != nil {
				return fmt.Errorf("judge incident %d: %w", c.in.ID, err)
			}
			c.in.Verdicts, c.in.JudgedVersion = vs, js.version
		}
		if n%10000 == 0 {
			progress("judge", n, len(clusters))
		}
	}
	// The hooks (the transparency log's leaves) need only the reports and
	// the verdicts, all known now. On SQLite, where the reports are written
	// already and foreign keys are checked at commit, they run beside the
	// writes below, in the same transaction: database/sql runs one
	// statement at a time on its connection, and the hooks' own work (the
	// log hashes its records) overlaps the writes. PostgreSQL runs them
	// after the writes.
	hooksErr := make(chan error, 1)
	if pipelined {
		go func() { hooksErr <- db.importHooks(ctx, tx, rows, todo, clusters, js) }()
		defer func() {
			if hooksErr != nil {
				<-hooksErr // never leave the hooks running on a transaction being rolled back
			}
		}()
	}
	// Write: new incidents, updated incidents, reports, identities, verdicts.
	var newIns, oldIns []*cluster
	for _, c := range clusters {
		if c.existing {
			oldIns = append(oldIns, c)
		} else {
			newIns = append(newIns, c)
		}
	}
	res.NewIncidents, res.Updated, res.Added = len(newIns), len(oldIns), len(todo)
	updated := any(tsf(tx.now)) // every incident's
	for _, c := range newIns {
		if err := w.shapedRowWith(incidentShape, func(b []any) []any { return appendIncidentArgs(b, &c.in, updated) }); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for _, c := range oldIns {
		if err := updateIncident(ctx, tx, &c.in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM verdicts WHERE incident = ?`, c.in.ID); err != nil {
			return err
		}
	}
	for n, i := range todo {
		if pipelined {
			break // written already
		}
		if err := w.shapedRowWith(reportShape, func(b []any) []any { return appendReportArgs(b, &rows[i], hashes[i], recv) }); err != nil {
			return err
		}
		if n%10000 == 0 {
			progress("write", n, len(todo))
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for _, i := range todo {
		if pipelined {
			break // written with the reports
		}
		if id := rows[i].Source.Identity; id != "" {
			if err := w.row("report_identities", "report, identity", 2, rows[i].ID, id); err != nil {
				return err
			}
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for _, c := range clusters {
		for _, v := range c.in.Verdicts {
			if err := w.row("verdicts", "incident, provision, issue, verdict, explanation", 5,
				c.in.ID, v.Provision, string(v.Issue), string(v.Verdict), v.Explanation); err != nil {
				return err
			}
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	progress("write", len(todo), len(todo))
	if db.dialect.postgres() {
		// Explicit ids do not advance identity sequences.
		for _, t := range []string{"reports", "incidents"} {
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
				return err
			}
		}
	}
	if pipelined {
		err := <-hooksErr
		hooksErr = nil
		return err
	}
	return db.importHooks(ctx, tx, rows, todo, clusters, js)
}

// importHooks calls the store's hooks on the reports and the verdicts of
// an import, the batch hooks if set, else the single ones.
func (db *DB) importHooks(ctx context.Context, tx *Tx, rows []truce.Report, todo []int, clusters []*cluster, js judgerState) error {
	if h := db.Hooks.ReportsAccepted; h != nil {
		rs := make([]*truce.Report, len(todo))
		for n, i := range todo {
			rs[n] = &rows[i]
		}
		if err := h(ctx, tx, rs); err != nil {
			return fmt.Errorf("reports accepted hook: %w", err)
		}
	} else if h := db.Hooks.ReportAccepted; h != nil {
		for _, i := range todo {
			if err := h(ctx, tx, &rows[i]); err != nil {
				return fmt.Errorf("row %d: report accepted hook: %w", i, err)
			}
		}
	}
	if h := db.Hooks.AllVerdictsStored; h != nil && js.j != nil {
		ids, vs := make([]int64, len(clusters)), make([][]truce.Verdict, len(clusters))
		for n, c := range clusters {
			ids[n], vs[n] = c.in.ID, c.in.Verdicts
		}
		if err := h(ctx, tx, ids, vs); err != nil {
			return fmt.Errorf("verdicts stored hook: %w", err)
		}
	} else if h := db.Hooks.VerdictsStored; h != nil && js.j != nil {
		for _, c := range clusters {
			if err := h(ctx, tx, c.in.ID, c.in.Verdicts); err != nil {
				return fmt.Errorf("incident %d: verdicts stored hook: %w", c.in.ID, err)
			}
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// bulkWriter batches rows of one table into multi-row INSERTs, with a
// prepared statement for full batches; in a bulk import's transaction on
// SQLite, straight to the driver (execRaw). With send set, it hands each
// batch's statement to send instead of running it (for a writer goroutine
// to run), and takes the argument buffers of batches run back from free.
type bulkWriter struct {
	ctx   context.Context
	tx    *Tx
	table string
	cols  string
	ncol  int
	shape *tableShape // of a shaped table, else nil
	args  []any
	n     int
	stmts map[string]*sql.Stmt // prepared full-batch inserts, by query
	send  func(insert) error
	free  chan insert // batches run, whose buffers flush takes back
	spare []any       // a buffer for a batch's arguments (see flush)
}

// insert is the statement of a batch of n rows of table: its query and
// arguments, and whether it is full (its query recurs, so it is worth
// preparing; execRaw prepares every statement once).
type insert struct {
	table, q string
	args     []any
	nargs    []driver.NamedValue // the arguments ready for the driver, for execRaw (then args is nil)
	n        int
	full     bool
}

// batchParams bounds the parameters of one INSERT (SQLite allows 32766).
const batchParams = 30000

// plainBatch bounds the rows of one INSERT into a table of few columns
// (row: report_identities, the transparency log's leaves, verdicts), which
// batchParams alone lets run to thousands. SQLite prepares a multi-row
// INSERT in time proportional to its rows (it codes each row of VALUES)
// and a transaction prepares each statement text once (execRaw), so a
// statement of 15,000 rows run 7 times (100,000 identities) costs more
// to prepare than one of 1,024 run 98 times. (100,000 reports: SQLite's
// instructions 8.30 -> 8.21 G under callgrind.) The shaped tables are
// left at batchParams: their statements are run many times already, and
// each statement into them first copies every page it changes that
// existed before it to a statement journal (SQLite's subjournalPage in
// the profile), so that more, smaller statements would copy more. The
// bound applies on PostgreSQL too, where it only means more statements
// (98 instead of 7 for 100,000 rows); it was measured on SQLite alone.
const plainBatch = 1024

func (w *bulkWriter) row(table, cols string, ncol int, args ...any) error {
	if w.table != table || w.shape != nil {
		if err := w.flush(); err != nil {
			return err
		}
		w.table, w.cols, w.ncol, w.shape = table, cols, ncol, nil
	}
	w.args = append(w.args, args...)
	w.n++
	if (w.n+1)*ncol > batchParams || w.n >= plainBatch {
		return w.flush()
	}
	return nil
}

// tableShape names a table's columns and the values their DEFAULTs store,
// for shapedRow.
type tableShape struct {
	table    string
	cols     []string
	defaults []any // per column: the value its DEFAULT stores, or nil when it has none
}

// shapedRow is row for a table of shape s: a batch's INSERT leaves out
// each column with a default whose value is the default in every row of
// the batch (the row stores the same values), so that fewer are bound.
// args must hold a value per column of s, of the type of its default.
func (w *bulkWriter) shapedRow(s *tableShape, args ...any) error {
	return w.shapedRowWith(s, func(b []any) []any { return append(b, args...) })
}

// shapedRowWith is shapedRow for the row whose values add appends to b.
func (w *bulkWriter) shapedRowWith(s *tableShape, add func(b []any) []any) error {
	if w.shape != s {
		if err := w.flush(); err != nil {
			return err
		}
		w.table, w.cols, w.ncol, w.shape = s.table, "", len(s.cols), s
	}
	w.args = add(w.args)
	w.n++
	if (w.n+1)*w.ncol > batchParams {
		return w.flush()
	}
	return nil
}

// narrow shapes a batch's INSERT: it leaves out each column of a shaped
// batch that holds its default in every row and, on SQLite, binds once
// each column that holds the same value in every row of a batch of
// several (see sameColumn). It returns the query and its arguments, the
// values of the columns bound once then each row's other values, taken
// from w.args and appended to out.
//
// Binding is most of what SQLite's driver costs per value (a C copy of
// each string, freed after the statement, and database/sql's conversion
// of each argument), and an import's rows share many values: every
// report's received_at, every leaf's kind. database/sql and the driver
// have no notion of a value shared by rows: the statement names it
// once, as ?1...?k, ahead of the rows' own ?s (SQLite numbers a bare ?
// one past the largest number used before it, so the shared columns
// come first in every row).
func (w *bulkWriter) narrow(verb string, out []any) (string, []any) {
	all := w.ncol
	var names []string
	var defaults []any
	if w.shape != nil {
		names, defaults = w.shape.cols, w.shape.defaults
	} else {
		names = splitCols(w.cols)
	}
	plain := w.tx.db.plainImport
	shared := w.n >= 2 && !w.tx.db.dialect.postgres() && !plain
	const (
		perRow = iota
		once
		left // out: its default
	)
	how := make([]uint8, all)
	var onceCols, rowCols []string
	for c := range all {
		// Whether a column holds one value matters only where it may be
		// bound once or left to its default.
		same := w.n == 1 || (shared || !plain && c < len(defaults) && defaults[c] != nil) && sameColumn(w.args, c, all)
		switch {
		case same && !plain && c < len(defaults) && defaults[c] != nil && w.args[c] == defaults[c]:
			how[c] = left
		case same && shared:
			how[c] = once
			onceCols = append(onceCols, names[c])
			out = append(out, w.args[c])
		default:
			rowCols = append(rowCols, names[c])
		}
	}
	for i, v := range w.args {
		if how[i%all] == perRow {
			out = append(out, v)
		}
	}
	var q strings.Builder
	q.WriteString(verb + w.table + " (" + strings.Join(append(onceCols, rowCols...), ", ") + ") VALUES ")
	var row strings.Builder
	row.WriteByte('(')
	for k := range onceCols {
		row.WriteString("?" + strconv.Itoa(k+1) + ", ")
	}
	row.WriteString(placeholders(len(rowCols)))
	one := strings.TrimSuffix(row.String(), ", ") + ")"
	q.Grow(w.n * (len(one) + 2))
	for i := range w.n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(one)
	}
	return q.String(), out
}

// sameColumn reports whether column c of the rows of ncol values in args
// holds the same value in every row, as SQLite would store it: all NULL,
// strings or integers all equal, floats all of the same bits (not 0 and
// -0); other types never.
func sameColumn(args []any, c, ncol int) bool {
	switch v := args[c].(type) {
	case nil:
		for i := c + ncol; i < len(args); i += ncol {
			if args[i] != nil {
				return false
			}
		}
	case string:
		for i := c + ncol; i < len(args); i += ncol {
			if s, ok := args[i].(string); !ok || s != v {
				return false
			}
		}
	case int64:
		for i := c + ncol; i < len(args); i += ncol {
			if n, ok := args[i].(int64); !ok || n != v {
				return false
			}
		}
	case float64:
		for i := c + ncol; i < len(args); i += ncol {
			if f, ok := args[i].(float64); !ok || math.Float64bits(f) != math.Float64bits(v) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

func (w *bulkWriter) flush() error {
	if w.n == 0 {
		return nil
	}
	var full bool
	if w.shape != nil {
		full = (w.n+1)*len(w.shape.cols) > batchParams // as shapedRow flushes
	} else {
		full = (w.n+2)*w.ncol > batchParams || w.n >= plainBatch // as row flushes
	}
	// On SQLite, OR FAIL: a row that breaks a constraint fails the
	// statement without undoing the rows before it, which spares SQLite a
	// statement journal (a copy of each page the statement changes first);
	// an import that fails rolls back its whole transaction anyway.
	verb := "INSERT OR FAIL INTO "
	if w.tx.db.dialect.postgres() {
		verb = "INSERT INTO "
	}
	// The batch's arguments go to a second buffer (of those the writer
	// gave back, when it runs the batches), w.args to the next batch;
	// for execRaw, made ready for the driver here, on the goroutine that
	// makes the rows rather than the one that runs them.
	var back insert
	select {
	case back = <-w.free:
	default:
	}
	if back.args == nil {
		back.args, w.spare = w.spare, nil
	}
	q, out := w.narrow(verb, back.args[:0])
	b := insert{table: w.table, q: q, args: out, n: w.n, full: full}
	clear(w.args)
	w.args, w.n = w.args[:0], 0
	if w.tx.conn != nil {
		var err error
		if b.nargs, err = driverArgs(back.nargs[:0], out); err != nil {
			return fmt.Errorf("insert into %s: %w", b.table, err)
		}
		clear(out)
		b.args, w.spare = nil, out[:0]
	}
	if w.send != nil {
		return w.send(b)
	}
	err := w.run(b)
	clear(b.args)
	clear(b.nargs)
	if b.args != nil {
		w.spare = b.args[:0]
	}
	select {
	case w.free <- insert{nargs: b.nargs}:
	default:
	}
	return err
}

// run runs the statement of a batch.
func (w *bulkWriter) run(b insert) error {
	var err error
	if b.nargs != nil {
		err = w.tx.execRaw(w.ctx, b.q, b.nargs)
	} else if b.full {
		// Full batches repeat the same statement: prepare it once.
		st, ok := w.stmts[b.q]
		if !ok {
			if st, err = w.tx.PrepareContext(w.ctx, b.q); err != nil {
				return fmt.Errorf("insert into %s: %w", b.table, err)
			}
			if w.stmts == nil {
				w.stmts = map[string]*sql.Stmt{}
			}
			w.stmts[b.q] = st
		}
		_, err = st.ExecContext(w.ctx, b.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, b.q, b.args...)
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", b.table, err)
	}
	return nil
}

// incidentShape is the incidents table's: id, then the columns of
// incidentInsertCols.
var incidentShape = &tableShape{table: "incidents", cols: splitCols("id, " + incidentInsertCols),
	defaults: []any{7: "", 9: "", 10: "", 11: "[]", 12: "", 13: "{}", 14: "{}", 18: int64(0), 20: int64(0)}}

// appendIncidentArgs appends id and incidentArgs for an import, with
// updated the time every incident of the import was updated, and the
// times written without time.Format.
func appendIncidentArgs(b []any, in *truce.Incident, updated any) []any {
	var buf [2 * len(tsLayout)]byte
	start, end := appendTS(buf[:0], in.Start), appendTS(buf[len(tsLayout):len(tsLayout)], in.End)
	return append(b, in.ID, string(start), string(end), string(in.TimePrecision), in.Lat, in.Lon,
		int64(in.Precision), in.Place, string(in.Type), string(in.Mode), string(in.Target), jsList(in.Weapons), in.Perpetrator,
		countJSON(in.Killed), countJSON(in.Injured), int64(in.Sources), string(in.Grade), string(in.SourceGrade), in.JudgedVersion,
		updated, int64(worstRank(in.Verdicts)))
}

// reportShape is the reports table's: the columns of reportInsertCols.
var reportShape = &tableShape{table: "reports", cols: splitCols(reportInsertCols),
	defaults: []any{5: "", 10: "", 12: "", 13: "[]", 14: "", 15: "{}", 16: "{}", 17: "", 19: "", 20: "", 21: "", 23: "",
		24: "[]", 25: "[]", 26: "", 28: ""}}

func splitCols(cols string) []string {
	out := strings.Split(cols, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// appendReportArgs appends reportArgs for an import: the values of one
// reports row, in reportInsertCols order, with recv the received_at of
// every report of the import, and the times written without time.Format.
func appendReportArgs(b []any, r *truce.Report, hash string, recv any) []any {
	var buf [len(tsLayout)]byte
	until := ""
	if r.ObservedUntil != nil {
		until = string(appendTS(buf[:0], *r.ObservedUntil))
	}
	return append(b, r.ID, r.ClientID, hash, r.Incident, string(appendTS(buf[:0], r.ObservedAt)), until, string(r.TimePrecision), r.Lat, r.Lon,
		int64(r.Precision), r.Place, string(r.Type), string(r.Mode), jsList(r.Weapons), string(r.Target), countJSON(r.Killed),
		countJSON(r.Injured), r.Perpetrator, string(r.Source.Kind), r.Source.Reliability, r.Source.Name, r.Source.Party,
		r.SourceKey(), r.Description, jsList(r.Attachments), jsList(r.Provisions), r.Zone, recv, r.Revises)
}

// appendTS appends tsf(t): the time in UTC in the form of tsLayout.
func appendTS(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return append(b, tsf(t)...)
	}
	hour, minute, sec := t.Clock()
	us := t.Nanosecond() / 1000
	return append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-', byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':', byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), '.',
		byte('0'+us/100000), byte('0'+us/10000%10), byte('0'+us/1000%10), byte('0'+us/100%10), byte('0'+us/10%10), byte('0'+us%10), 'Z')
}
