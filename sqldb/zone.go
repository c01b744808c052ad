package sqldb

import (
	"context"
	"time"

	"github.com/truce-monitor/truce"
)

// MissionZone returns the mission's time zone, whose local days date
// incidents against provisions, the daily report and the clocks
// (truce.DefaultZone until a scenario or SetMissionZone sets another).
func (db *DB) MissionZone(ctx context.Context) (*time.Location, error) {
	var name string
	if err := db.db.QueryRowContext(ctx, `SELECT time_zone FROM rules_version WHERE id = 1`).Scan(&name); err != nil {
		return nil, err
	}
	loc, err := truce.LoadZone(name)
	if err != nil {
		return nil, truce.Errorf(truce.EINTERNAL, "stored time zone: %v", err)
	}
	return loc, nil
}

// SetMissionZone sets the mission's time zone by its IANA name. A change
// bumps the rules version, so every incident is dated and judged again in
// the new zone; it reports whether the zone changed. Errors: EINVALID (an
// unknown zone, on field time_zone).
func (db *DB) SetMissionZone(ctx context.Context, name string) (bool, error) {
	if _, err := truce.LoadZone(name); err != nil {
		return false, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	changed, err := setZoneTx(ctx, tx, name)
	if err != nil || !changed {
		return false, err
	}
	if err := tx.RecordChange(ctx, "time-zone", name, map[string]string{"time_zone": name}); err != nil {
		return false, err
	}
	if err := truce.AuditWrite(ctx, tx, "time zone "+name); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// setZoneTx stores the zone and, if it changed, bumps the rules version.
func setZoneTx(ctx context.Context, tx *Tx, name string) (bool, error) {
	var cur string
	if err := tx.QueryRowContext(ctx, `SELECT time_zone FROM rules_version WHERE id = 1`).Scan(&cur); err != nil {
		return false, err
	}
	if cur == name {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE rules_version SET time_zone = ? WHERE id = 1`, name); err != nil {
		return false, err
	}
	return true, BumpRulesVersion(ctx, tx)
}
