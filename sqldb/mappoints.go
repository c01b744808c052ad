package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// IncidentPoint is an incident as the dashboard's map draws it: where, when,
// what, how well established, and its most serious verdict.
type IncidentPoint struct {
	ID      int64   `json:"id"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Start   string  `json:"start"` // YYYY-MM-DD (UTC) of the incident's start
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
	// Limit bounds IncidentPoints (newest first); 0: no limit.
	Limit int
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
// 3, needs-review 2, not-covered 1, none 0. A correlated subquery: each is one
// lookup in the verdicts' primary key, cheaper than joining every verdict
// when the box holds a part of the incidents.
const worstVerdict = `COALESCE((SELECT MAX(CASE v.verdict WHEN 'violation' THEN 3 WHEN 'needs-review' THEN 2 ELSE 1 END)
	FROM verdicts v WHERE v.incident = i.id), 0)`

var rankedVerdicts = [...]string{"", "not-covered", "needs-review", "violation"}

func rankedVerdict(rank int) string { return rankedVerdicts[min(max(rank, 0), 3)] }

// where renders the filter as SQL conditions on incidents i.
func (f PointFilter) where() (string, []any) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "i.start >= ?"), append(args, tsf(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "i.start < ?"), append(args, tsf(f.To))
	}
	if b := f.BBox; b != nil {
		where, args = append(where, "i.lat BETWEEN ? AND ?"), append(args, b[1], b[3])
		if b[0] <= b[2] {
			where, args = append(where, "i.lon BETWEEN ? AND ?"), append(args, b[0], b[2])
		} else {
			where, args = append(where, "(i.lon >= ? OR i.lon <= ?)"), append(args, b[0], b[2])
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
	where, args := f.where()
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
		if len(p.Start) >= 10 {
			p.Start = p.Start[:10]
		}
		p.Verdict = rankedVerdict(rank)
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IncidentGrid aggregates the incidents that f selects onto a grid of square
// cells of size degrees whose origin is (west, south), in the database: a
// crowded map moves a few hundred cells, not every incident. Points west or
// south of the origin fall in negative cells.
func (db *DB) IncidentGrid(ctx context.Context, f PointFilter, west, south, size float64) ([]GridCell, error) {
	if !(size > 0) {
		return nil, fmt.Errorf("incident grid: cell size %v: want a positive number of degrees", size)
	}
	where, args := f.where()
	// Floor of the cell coordinate: SQLite's CAST truncates toward zero, so
	// the offset keeps the value positive; PostgreSQL has FLOOR.
	cellOf := func(col string) string {
		if db.dialect.postgres() {
			return "CAST(FLOOR((" + col + " - ?) / ?) AS INTEGER)"
		}
		return "(CAST((" + col + " - ? ) / ? + 1000000 AS INTEGER) - 1000000)"
	}
	q := `SELECT gx, gy, COUNT(*), AVG(lat), AVG(lon), MAX(r), SUM(CASE WHEN r = 3 THEN 1 ELSE 0 END) FROM (
		SELECT ` + cellOf("i.lon") + ` AS gx, ` + cellOf("i.lat") + ` AS gy, i.lat, i.lon, ` + worstVerdict + ` AS r
		FROM incidents i` + where + `) cells GROUP BY gx, gy`
	qargs := append([]any{west, size, south, size}, args...)
	rows, err := db.db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return nil, fmt.Errorf("incident grid: %w", err)
	}
	defer rows.Close()
	out := []GridCell{}
	for rows.Next() {
		var c GridCell
		var rank int
		if err := rows.Scan(&c.X, &c.Y, &c.Count, &c.Lat, &c.Lon, &rank, &c.Violations); err != nil {
			return nil, fmt.Errorf("incident grid: %w", err)
		}
		c.Verdict = rankedVerdict(rank)
		out = append(out, c)
	}
	return out, rows.Err()
}
