package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/formats"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "export", Summary: "write reports as GeoJSON, ACLED-style CSV, UCDP GED-style CSV, HXL-tagged CSV or PLOVER JSON", Run: runExport})
}

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "export")
	dbPath := fs.String("db", "truce.db", "database file or postgres:// URL")
	format := fs.String("format", "geojson", "geojson, acled, ucdp, hxl or plover")
	from := fs.String("from", "", "first day (YYYY-MM-DD) of the incidents whose reports are written")
	to := fs.String("to", "", "last day (YYYY-MM-DD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || !slices.Contains(formats.Formats, formats.Format(*format)) {
		fmt.Fprintf(env.Stderr, "usage: truce export [--db PATH] [--format %v] [--from D] [--to D] > FILE\n", formats.Formats)
		return errUsage
	}
	var fromD, toD truce.Date
	if *from != "" {
		d, err := truce.ParseDate(*from)
		if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
		fromD = d
	}
	if *to != "" {
		d, err := truce.ParseDate(*to)
		if err != nil {
			return fmt.Errorf("--to: %w", err)
		}
		toD = d
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// The dates are local days of the mission's time zone.
	loc, err := db.MissionZone(ctx)
	if err != nil {
		return err
	}
	var f sqldb.IncidentFilter
	if !fromD.IsZero() {
		f.From = fromD.StartIn(loc)
	}
	if !toD.IsZero() {
		f.To = toD.AddDays(1).StartIn(loc)
	}
	ins, err := db.Incidents(ctx, f)
	if err != nil {
		return err
	}
	var reports []truce.Report
	for i := len(ins) - 1; i >= 0; i-- { // oldest first
		rs, err := db.ReportsOf(ctx, ins[i].ID)
		if err != nil {
			return err
		}
		reports = append(reports, rs...)
	}
	switch formats.Format(*format) {
	case formats.GeoJSON:
		return formats.WriteGeoJSON(env.Stdout, reports)
	case formats.ACLED:
		return formats.WriteACLED(env.Stdout, reports)
	case formats.UCDP:
		return formats.WriteUCDP(env.Stdout, reports)
	case formats.HXL:
		return formats.WriteHXL(env.Stdout, reports)
	}
	return formats.WritePLOVER(env.Stdout, reports)
}
