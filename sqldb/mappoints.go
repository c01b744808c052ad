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
}

// IncidentPoints streams the incidents that f selects, newest first, to fn,
// one at a time (constant memory); fn's error stops the scan and is returned.
func (db *DB) IncidentPoints(ctx context.Context, f PointFilter, fn func(IncidentPoint) error) error {
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
	// The most serious verdict, ranked: violation 3, needs-review 2, not-covered 1.
	q := `SELECT i.id, i.lat, i.lon, i.start, i.type, i.mode, i.place, i.grade,
		COALESCE((SELECT MAX(CASE v.verdict WHEN 'violation' THEN 3 WHEN 'needs-review' THEN 2 ELSE 1 END)
			FROM verdicts v WHERE v.incident = i.id), 0)
		FROM incidents i`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY i.start DESC, i.id DESC"
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
		p.Verdict = [...]string{"", "not-covered", "needs-review", "violation"}[min(max(rank, 0), 3)]
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}
