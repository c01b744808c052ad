package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// IncidentPoint is an incident as the dashboard's map draws it: where, when,
// what, how well established, and its most serious verdict.
type IncidentPoint struct {
	ID      int64   `json:"id"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Start   string  `json:"start"` // YYYY-MM-DD of the incident's start, in PointFilter.Loc
	Type    string  `json:"type"`
	Mode    string  `json:"mode,omitempty"`
	Place   string  `json:"place,omitempty"`
	Grade   string  `json:"grade"`
	Verdict string  `json:"verdict,omitempty"` // violation, needs-review or not-covered; "" when not judged
}

// PointFilter selects incidents for the map: a time window and a bounding box.
type PointFilter struct {
	From, To time.Time // start in [From, To); zero: unbounded
	// BBox is west, south, east, north in degrees; nil means everywhere. A box
	// whose west is east of its east crosses the antimeridian.
	BBox *[4]float64
	// Limit bounds IncidentPoints (newest first); 0: no limit. The map
	// asks for a limited list only of a crowded box: the scan then follows
	// time, not place, and stops at the limit.
	Limit int
	// Loc is the zone IncidentPoint.Start is dated in (the mission's; nil: UTC).
	Loc *time.Location
}

// GridCell is the aggregate of the incidents in one cell of a grid.
type GridCell struct {
	X, Y       int     // the cell's column and row from the grid's origin
	Count      int     // incidents
	Lat, Lon   float64 // their mean position
	Verdict    string  // the most serious verdict among them
	Violations int     // incidents judged a violation
}

// worstVerdict is the most serious verdict of incident i, ranked: violation
// 3, needs-review 2, not-covered 1, none 0. The store keeps it with the
// incident (column worst_verdict, written with its verdicts: see
// worstRank), so the map reads one row per incident and never the verdicts.
const worstVerdict = `i.worst_verdict`

// worstRank ranks the most serious of verdicts as worstVerdict does.
func worstRank(vs []truce.Verdict) int {
	r := 0
	for _, v := range vs {
		switch v.Verdict {
		case truce.VerdictViolation:
			r = max(r, 3)
		case truce.VerdictNeedsReview:
			r = max(r, 2)
		default:
			r = max(r, 1)
		}
	}
	return r
}

var rankedVerdicts = [...]string{"", "not-covered", "needs-review", "violation"}

func rankedVerdict(rank int) string { return rankedVerdicts[min(max(rank, 0), 3)] }

// where renders the filter as SQL conditions on incidents i. byTime keeps
// the planner from the place index (incidents_map) for the box, so that it
// scans by start: best for the newest few of a crowded box.
func (f PointFilter) where(byTime ...bool) (string, []any) {
	col := "i."
	if len(byTime) > 0 && byTime[0] {
		col = "+i." // a unary plus: the same value, no index
	}
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "i.start >= ?"), append(args, tsf(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "i.start < ?"), append(args, tsf(f.To))
	}
	if b := f.BBox; b != nil {
		where, args = append(where, col+"lat BETWEEN ? AND ?"), append(args, b[1], b[3])
		if b[0] <= b[2] {
			where, args = append(where, col+"lon BETWEEN ? AND ?"), append(args, b[0], b[2])
		} else {
			where, args = append(where, "("+col+"lon >= ? OR "+col+"lon <= ?)"), append(args, b[0], b[2])
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// CountIncidentPoints counts the incidents that f selects and returns their
// extent (west, south, east, north; zero when there are none).
func (db *DB) CountIncidentPoints(ctx context.Context, f PointFilter) (n int, extent [4]float64, err error) {
	where, args := f.where()
	var w, s, e, no *float64
	err = db.db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(i.lon), MIN(i.lat), MAX(i.lon), MAX(i.lat) FROM incidents i`+where, args...).
		Scan(&n, &w, &s, &e, &no)
	if err != nil {
		return 0, extent, fmt.Errorf("count incident points: %w", err)
	}
	if n > 0 && w != nil && s != nil && e != nil && no != nil {
		extent = [4]float64{*w, *s, *e, *no}
	}
	return n, extent, nil
}

// IncidentPoints streams the incidents that f selects, newest first, to fn,
// one at a time (constant memory); fn's error stops the scan and is returned.
func (db *DB) IncidentPoints(ctx context.Context, f PointFilter, fn func(IncidentPoint) error) error {
	where, args := f.where(f.Limit > 0)
	q := `SELECT i.id, i.lat, i.lon, i.start, i.type, i.mode, i.place, i.grade, ` + worstVerdict + ` FROM incidents i` +
		where + " ORDER BY i.start DESC, i.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("incident points: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p IncidentPoint
		var rank int
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.Start, &p.Type, &p.Mode, &p.Place, &p.Grade, &rank); err != nil {
			return fmt.Errorf("incident points: %w", err)
		}
		p.Start = truce.DateIn(parseTS(p.Start), f.Loc).String()
		p.Verdict = rankedVerdict(rank)
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IncidentGrid aggregates the incidents that f selects onto a grid of square
// cells of size degrees whose origin is (west, south): a crowded map moves a
// few hundred cells, not every incident. Points west or south of the origin
// fall in negative cells.
//
// One query streams each incident's place and most serious verdict
// (worst_verdict, kept with the incident) from the map's covering index, and
// the cells are summed here: binning 100,000 points in Go costs less than
// SQLite's GROUP BY over computed cell numbers, which sorts them.
func (db *DB) IncidentGrid(ctx context.Context, f PointFilter, west, south, size float64) ([]GridCell, error) {
	if !(size > 0) {
		return nil, fmt.Errorf("incident grid: cell size %v: want a positive number of degrees", size)
	}
	where, args := f.where()
	rows, err := db.db.QueryContext(ctx, `SELECT i.lat, i.lon, `+worstVerdict+` FROM incidents i`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("incident grid: %w", err)
	}
	defer rows.Close()
	type key struct{ x, y int }
	type sum struct {
		n, violations, rank int
		lat, lon            float64
	}
	cells := map[key]*sum{}
	var order []key // first-seen order, sorted below
	for rows.Next() {
		var lat, lon float64
		var rank int
		if err := rows.Scan(&lat, &lon, &rank); err != nil {
			return nil, fmt.Errorf("incident grid: %w", err)
		}
		k := key{int(math.Floor((lon - west) / size)), int(math.Floor((lat - south) / size))}
		c := cells[k]
		if c == nil {
			c = &sum{}
			cells[k] = c
			order = append(order, k)
		}
		c.n++
		c.lat += lat
		c.lon += lon
		c.rank = max(c.rank, rank)
		if rank == 3 {
			c.violations++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("incident grid: %w", err)
	}
	slices.SortFunc(order, func(a, b key) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y)) })
	out := make([]GridCell, 0, len(order))
	for _, k := range order {
		c := cells[k]
		out = append(out, GridCell{X: k.x, Y: k.y, Count: c.n, Lat: c.lat / float64(c.n), Lon: c.lon / float64(c.n),
			Verdict: rankedVerdict(c.rank), Violations: c.violations})
	}
	return out, nil
}
