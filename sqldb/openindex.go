package sqldb

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/truce-monitor/truce"
)

// openIndex is the group committer's copy, in memory, of what the incident
// lookup (findIncident) reads of the stored incidents: the rows of the
// index it queries (type, time precision, half-degree band of latitude,
// end; migration 0103) with the few columns a match needs, and the source
// keys of their reports. With it a report finds its incident without a
// query; the incident it joins is still read from the store.
//
// The copy is filled lazily, one cell (type, time precision, band) at a
// time, with every incident of the cell ending at or after the cell's
// from, the earliest end a report has needed: a report older than that
// extends the cell (one indexed query) before it is answered. So it holds
// what reports have needed, not the whole table.
//
// Only the committer uses it, inside its transactions. It is kept true
// (a) by the committer, which puts each incident it writes once the report
// is through its savepoint, and drops the whole copy when a group fails;
// (b) against every other writer (a bulk import in this or another process,
// decisions, a second server on PostgreSQL) by the change feed: every store
// write records a change in its own transaction, so the committer reads
// the newest change id when a group begins, inside its write transaction
// (which keeps other writers out until it commits, on SQLite by its
// immediate lock, on PostgreSQL by the writer lock), and drops the copy
// unless that id is the one its own last commit left.
//
// PRAGMA data_version would see other connections' commits without the
// feed, but only on SQLite and per connection, and database/sql runs each
// group on whichever pooled connection it hands out; re-judging, which
// writes no change, changes no column the copy holds.
type openIndex struct {
	disabled bool // the store's lookup only (tests compare the two)

	valid     bool
	watermark int64               // the newest change id when the copy was last known true
	last      int64               // the newest change id when the group under way began
	stored    map[storedKind]bool // as storedKinds, kept up to date by the group commits
	cells     map[openCellKey]*openCell
	byID      map[int64]*openEntry // every entry of a loaded cell

	// What the committer did, for tests: lookups answered from memory,
	// lookups left to the store, copies dropped.
	hits, misses, resets atomic.Int64
}

// maxOpenEntries bounds the incidents the copy holds: past it the copy is
// dropped and filled again with what the next reports need.
const maxOpenEntries = 200_000

type openCellKey struct {
	t    truce.EventType
	tp   truce.TimePrecision
	band float64 // floor(lat * latBands)
}

// openCell holds every stored incident of its key whose end is at or after
// from, in the order of the store's index: end, start, lat, lon, id.
type openCell struct {
	from    int64 // Unix µs
	entries []*openEntry
}

// openEntry is an incident as the lookup needs it. Times are Unix
// microseconds, the resolution they are stored with (tsLayout).
type openEntry struct {
	id         int64
	start, end int64
	lat, lon   float64
	precision  int
	mode       truce.Mode
	target     truce.TargetClass
	cell       *openCell
	// keys are the source keys of the incident's reports, once read
	// (keysKnown) or since the committer created it.
	keys      []string
	keysKnown bool
}

func cmpEntries(a, b *openEntry) int {
	if c := cmp.Compare(a.end, b.end); c != 0 {
		return c
	}
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.lat, b.lat); c != 0 {
		return c
	}
	if c := cmp.Compare(a.lon, b.lon); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// reset drops the copy.
func (x *openIndex) reset() {
	if x.valid || x.cells != nil {
		x.resets.Add(1)
	}
	x.valid, x.stored, x.cells, x.byID = false, nil, nil, nil
}

// begin is called at the start of a group, inside its write transaction:
// it drops the copy if anything but the committer wrote since the
// committer's last commit, and sets up tx to use it.
func (x *openIndex) begin(ctx context.Context, tx *Tx) error {
	if x.disabled {
		return nil
	}
	var last int64
	if err := tx.queryRowP(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&last); err != nil {
		x.reset()
		return err
	}
	if !x.valid || last != x.watermark || len(x.byID) > maxOpenEntries {
		x.reset()
	}
	if x.stored == nil {
		stored, err := storedKinds(ctx, tx)
		if err != nil {
			return err
		}
		x.stored, x.cells, x.byID = stored, map[openCellKey]*openCell{}, map[int64]*openEntry{}
	}
	x.last = last
	tx.stored, tx.openIdx = x.stored, x
	return nil
}

// committed records that the group in tx committed: the copy is true as
// of the change the group recorded last. The group's changes took the
// ids after the newest one when it began (on SQLite the next rowids; on
// PostgreSQL a sequence, where a gap left by another transaction's
// rollback only drops the copy once more than needed).
func (x *openIndex) committed(tx *Tx) {
	if x.disabled || x.stored == nil {
		return
	}
	x.valid, x.watermark = true, x.last+int64(tx.changeRows)
}

// cell returns the cell of key holding every incident ending at or after
// from, reading from the store what it lacks.
func (x *openIndex) cell(ctx context.Context, tx *Tx, key openCellKey, from int64) (*openCell, error) {
	c := x.cells[key]
	if c != nil && c.from <= from {
		return c, nil
	}
	q := `SELECT id, start, end_t, lat, lon, precision, mode, target FROM incidents
		WHERE type = ? AND time_precision = ? AND floor(lat * ` + strconv.Itoa(latBands) + `) = ? AND end_t >= ?`
	args := []any{string(key.t), string(key.tp), key.band, tsf(time.UnixMicro(from))}
	if c != nil {
		q += ` AND end_t < ?`
		args = append(args, tsf(time.UnixMicro(c.from)))
	}
	rows, err := tx.queryP(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if c == nil {
		c = &openCell{}
	}
	var loaded []*openEntry
	for rows.Next() {
		e := &openEntry{cell: c}
		var start, end, mode, target string
		if err := rows.Scan(&e.id, &start, &end, &e.lat, &e.lon, &e.precision, &mode, &target); err != nil {
			return nil, err
		}
		e.start, e.end = micros(parseTS(start)), micros(parseTS(end))
		e.mode, e.target = truce.Mode(mode), truce.TargetClass(target)
		if _, dup := x.byID[e.id]; dup {
			return nil, errOpenIndex
		}
		loaded = append(loaded, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range loaded {
		x.byID[e.id] = e
	}
	slices.SortFunc(loaded, cmpEntries)
	// The loaded entries all end before the cell's old ones.
	c.entries = append(loaded, c.entries...)
	c.from = from
	x.cells[key] = c
	return c, nil
}

// errOpenIndex says the copy disagrees with the store: it is dropped and
// the store answers.
var errOpenIndex = truce.Errorf(truce.EINTERNAL, "open incident index out of step with the store")

// candidates returns the incidents the store's candidate query
// (candidateQuery) returns for r, in its order, or errOpenIndex.
func (x *openIndex) candidates(ctx context.Context, tx *Tx, r *truce.Report) ([]candidate, error) {
	dLat, dLon := candidateBox(r)
	lo, hi := bandOf(r.Lat-dLat), bandOf(r.Lat+dLat)
	latMin, latMax, lonMin, lonMax := r.Lat-dLat, r.Lat+dLat, r.Lon-dLon, r.Lon+dLon
	var out []candidate
	for rank, tp := range truce.TimePrecisions {
		if !x.stored[storedKind{r.Type, tp}] {
			continue
		}
		from, to := candidateWindow(r, tp)
		endMin, endMax, startMax := micros(from), micros(to.Add(maxIncidentSpan)), micros(to)
		for b := lo; b <= hi; b++ {
			c, err := x.cell(ctx, tx, openCellKey{r.Type, tp, b}, endMin)
			if err != nil {
				return nil, err
			}
			i, _ := slices.BinarySearchFunc(c.entries, endMin, func(e *openEntry, t int64) int { return cmp.Compare(e.end, t) })
			for _, e := range c.entries[i:] {
				if e.end > endMax {
					break
				}
				if e.start > startMax || e.lat < latMin || e.lat > latMax || e.lon < lonMin || e.lon > lonMax {
					continue
				}
				out = append(out, candidate{id: e.id, tp: rank, band: b, start: e.start, end: e.end, lat: e.lat, lon: e.lon,
					precision: e.precision, mode: e.mode, target: e.target, entry: e})
			}
		}
	}
	return out, nil
}

// sourceKeys returns the source keys of a candidate's reports.
func (x *openIndex) sourceKeys(ctx context.Context, tx *Tx, e *openEntry) ([]string, error) {
	if !e.keysKnown {
		keys, err := sourceKeysOf(ctx, tx, e.id)
		if err != nil {
			return nil, err
		}
		e.keys, e.keysKnown = keys, true
	}
	return e.keys, nil
}

// put records incident in as written by a report of source key sourceKey
// that went through its savepoint (created: the report created it).
func (x *openIndex) put(in *truce.Incident, sourceKey string, created bool) {
	if x.disabled || x.stored == nil {
		return
	}
	x.stored[storedKind{in.Type, in.TimePrecision}] = true
	e := x.byID[in.ID]
	if e != nil {
		c := e.cell
		i, found := slices.BinarySearchFunc(c.entries, e, cmpEntries)
		if !found {
			x.reset()
			return
		}
		c.entries = slices.Delete(c.entries, i, i+1)
		delete(x.byID, in.ID)
	} else {
		e = &openEntry{id: in.ID, keysKnown: created}
	}
	if e.keysKnown {
		e.keys = append(e.keys, sourceKey)
	}
	e.start, e.end, e.lat, e.lon, e.precision = micros(in.Start), micros(in.End), in.Lat, in.Lon, in.Precision
	e.mode, e.target = in.Mode, in.Target
	c := x.cells[openCellKey{in.Type, in.TimePrecision, bandOf(in.Lat)}]
	if c == nil || e.end < c.from {
		return // in no cell read so far: the store has it
	}
	e.cell = c
	i, _ := slices.BinarySearchFunc(c.entries, e, cmpEntries)
	c.entries = slices.Insert(c.entries, i, e)
	x.byID[e.id] = e
}
