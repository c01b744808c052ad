package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// PutLineVersion stores a version of the occupied area. A version for the
// same date already stored is ECONFLICT unless replace is set. The geometry
// must already be validated (geo.ParseArea); the store checks only that the
// fields are present. Incidents are judged again afterwards.
func (db *DB) PutLineVersion(ctx context.Context, v *truce.LineVersion, replace bool) error {
	if v.Date.IsZero() {
		return truce.FieldErrorf("date", "required")
	}
	if len(v.Geometry) == 0 {
		return truce.FieldErrorf("geometry", "required")
	}
	if v.AreaKm2 < 0 || math.IsNaN(v.AreaKm2) || math.IsInf(v.AreaKm2, 0) {
		return truce.FieldErrorf("area_km2", "%v is not a non-negative number", v.AreaKm2)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v.ImportedAt = tx.now
	approx := 0
	if v.Approximate {
		approx = 1
	}
	q := `INSERT INTO line_versions (date, area_km2, source, approximate, imported_at, geometry) VALUES (?, ?, ?, ?, ?, ?)`
	if replace {
		q += ` ON CONFLICT (date) DO UPDATE SET area_km2 = excluded.area_km2, source = excluded.source,
			approximate = excluded.approximate, imported_at = excluded.imported_at, geometry = excluded.geometry`
	}
	_, err = tx.ExecContext(ctx, q, v.Date.String(), v.AreaKm2, v.Source, approx, ts(tx.now), string(v.Geometry))
	if isConstraint(err, "unique") {
		return truce.Errorf(truce.ECONFLICT, "a line version dated %s is already stored (replace it explicitly)", v.Date)
	} else if err != nil {
		return err
	}
	if err := BumpRulesVersion(ctx, tx); err != nil {
		return err
	}
	meta := *v
	meta.Geometry = nil
	if err := tx.RecordChange(ctx, "line-version", v.Date.String(), meta); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, "line version "+v.Date.String()); err != nil {
		return err
	}
	return tx.Commit()
}

// LineVersions returns every stored line version without its geometry,
// oldest first.
func (db *DB) LineVersions(ctx context.Context) ([]truce.LineVersion, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT date, area_km2, source, approximate, imported_at FROM line_versions ORDER BY date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.LineVersion{}
	for rows.Next() {
		v, err := scanLineVersion(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// LineVersionAt returns the line version in force on date d, the latest
// dated on or before d, with its geometry; ENOTFOUND when there is none.
func (db *DB) LineVersionAt(ctx context.Context, d truce.Date) (*truce.LineVersion, error) {
	row := db.db.QueryRowContext(ctx, `SELECT date, area_km2, source, approximate, imported_at, geometry FROM line_versions
		WHERE date <= ? ORDER BY date DESC LIMIT 1`, d.String())
	v, err := scanLineVersion(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no line version dated on or before %s", d)
	}
	return v, err
}

func scanLineVersion(r scanner, withGeometry bool) (*truce.LineVersion, error) {
	var v truce.LineVersion
	var date, imported, geom string
	var approx int
	dst := []any{&date, &v.AreaKm2, &v.Source, &approx, &imported}
	if withGeometry {
		dst = append(dst, &geom)
	}
	if err := r.Scan(dst...); err != nil {
		return nil, err
	}
	d, err := truce.ParseDate(date)
	if err != nil {
		return nil, fmt.Errorf("line version date %q: %w", date, err)
	}
	v.Date, v.Approximate = d, approx != 0
	v.ImportedAt, _ = time.Parse(time.RFC3339Nano, imported)
	if withGeometry {
		v.Geometry = []byte(geom)
	}
	return &v, nil
}

// PutSites stores protected sites, replacing those with the same id, all in
// one transaction: a bad row stores nothing (EINVALID naming the row).
// Incidents are judged again afterwards.
func (db *DB) PutSites(ctx context.Context, sites []truce.Site) error {
	for i, s := range sites {
		if err := validSite(&s); err != nil {
			return fmt.Errorf("site %d (%s): %w", i+1, s.ID, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range sites {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sites (id, name, class, lon, lat, radius_km, source) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, class = excluded.class, lon = excluded.lon, lat = excluded.lat,
				radius_km = excluded.radius_km, source = excluded.source`,
			s.ID, s.Name, s.Class, s.Lon, s.Lat, s.RadiusKm, s.Source); err != nil {
			return err
		}
	}
	if err := BumpRulesVersion(ctx, tx); err != nil {
		return err
	}
	if err := tx.RecordChange(ctx, "sites", "", map[string]int{"imported": len(sites)}); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("sites: %d", len(sites))); err != nil {
		return err
	}
	return tx.Commit()
}

func validSite(s *truce.Site) error {
	switch {
	case strings.TrimSpace(s.ID) == "":
		return truce.FieldErrorf("id", "required")
	case strings.TrimSpace(s.Class) == "":
		return truce.FieldErrorf("class", "required")
	case !(s.Lon >= -180 && s.Lon <= 180):
		return truce.FieldErrorf("lon", "%v out of range [-180, 180]", s.Lon)
	case !(s.Lat >= -90 && s.Lat <= 90):
		return truce.FieldErrorf("lat", "%v out of range [-90, 90]", s.Lat)
	case !(s.RadiusKm > 0 && s.RadiusKm <= 500):
		return truce.FieldErrorf("radius_km", "%v not in (0, 500]", s.RadiusKm)
	}
	return nil
}

// Sites returns every stored protected site, ordered by id.
func (db *DB) Sites(ctx context.Context) ([]truce.Site, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, name, class, lon, lat, radius_km, source FROM sites ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Site{}
	for rows.Next() {
		var s truce.Site
		if err := rows.Scan(&s.ID, &s.Name, &s.Class, &s.Lon, &s.Lat, &s.RadiusKm, &s.Source); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PutZones stores zones with their own geometry (custom polygons), all in one
// transaction. A zone whose id is already stored is ECONFLICT unless replace
// is set. Incidents are judged again afterwards.
func (db *DB) PutZones(ctx context.Context, zones []truce.Zone, replace bool) error {
	for i, z := range zones {
		switch {
		case strings.TrimSpace(z.ID) == "":
			return fmt.Errorf("zone %d: %w", i+1, truce.FieldErrorf("id", "required"))
		case strings.TrimSpace(z.Name) == "":
			return fmt.Errorf("zone %d (%s): %w", i+1, z.ID, truce.FieldErrorf("name", "required"))
		case len(z.Geometry) == 0 && z.Builtin == "":
			return fmt.Errorf("zone %d (%s): %w", i+1, z.ID, truce.FieldErrorf("geometry", "required"))
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, z := range zones {
		if !replace {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM zones WHERE id = ?`, z.ID).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				return truce.Errorf(truce.ECONFLICT, "zone %q is already stored (replace it explicitly)", z.ID)
			}
		}
		if err := upsertZone(ctx, tx, &z); err != nil {
			return err
		}
	}
	if err := BumpRulesVersion(ctx, tx); err != nil {
		return err
	}
	ids := make([]string, len(zones))
	for i, z := range zones {
		ids[i] = z.ID
	}
	if err := tx.RecordChange(ctx, "zones", "", map[string]any{"imported": ids}); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("zones: %d", len(ids))); err != nil {
		return err
	}
	return tx.Commit()
}
