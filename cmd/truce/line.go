package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "line", Summary: "line versions: import the occupied area of a date (GeoJSON), list versions", Run: runLine})
}

const lineUsage = `usage:
  truce line import [--db PATH] --date YYYY-MM-DD [--source TEXT] [--approximate] [--replace]
                    [--select PROPERTY~REGEXP] FILE.geojson
      store the occupied area in force from DATE (Polygon/MultiPolygon features; validated strictly);
      --select reads only the features whose string PROPERTY matches REGEXP, e.g. for a DeepState
      raw snapshot: --select 'name~geoJSON\.(status\.occupied|territories\.(crimea|ordlo|tuzla))';
      overlapping polygons of separate features are dissolved
  truce line list [--db PATH]
`

func runLine(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, lineUsage)
		return errUsage
	}
	switch args[0] {
	case "import":
		return runLineImport(ctx, env, args[1:])
	case "list":
		return runLineList(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "truce line: unknown subcommand %q\n\n%s", args[0], lineUsage)
	return errUsage
}

func runLineImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "line import")
	dbPath := fs.String("db", "truce.db", "database file (or postgres:// URL)")
	date := fs.String("date", "", "the date the version is in force from (YYYY-MM-DD)")
	source := fs.String("source", "", "where the polygons come from (default: the file name)")
	approx := fs.Bool("approximate", false, "mark the version approximate (also set by a feature property \"approximate\": true)")
	replace := fs.Bool("replace", false, "replace a version already stored for the date")
	sel := fs.String("select", "", "PROPERTY~REGEXP: read only features whose string property matches REGEXP")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *date == "" {
		fmt.Fprint(env.Stderr, lineUsage)
		return errUsage
	}
	d, err := truce.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date %q: want YYYY-MM-DD", *date)
	}
	// Parse and validate before opening the database: a bad file touches nothing.
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	var keep func(map[string]any) bool
	if *sel != "" {
		prop, expr, ok := strings.Cut(*sel, "~")
		re, err := regexp.Compile(expr)
		if !ok || prop == "" || expr == "" || err != nil {
			f.Close()
			return fmt.Errorf("--select %q: want PROPERTY~REGEXP (%v)", *sel, err)
		}
		keep = func(p map[string]any) bool {
			v, _ := p[prop].(string)
			return re.MatchString(v)
		}
	}
	features, err := geo.ParseGeoJSONSelect(f, keep)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	area, err := geo.AreaOf(features)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if len(features) > 1 {
		// Polygons of separate features may overlap: merge them.
		area = geo.Dissolve(area)
	}
	if len(area) == 0 {
		return fmt.Errorf("%s: no polygons", fs.Arg(0))
	}
	v := &truce.LineVersion{Date: d, AreaKm2: geo.Area(area), Source: *source, Approximate: *approx, Geometry: geo.GeometryJSON(area)}
	if v.Source == "" {
		v.Source = fs.Arg(0)
	}
	for _, ft := range features {
		if ft.Properties["approximate"] == true {
			v.Approximate = true
		}
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PutLineVersion(commandContext(ctx, defaultActor(), "truce line import"), v, *replace); err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(env.Stdout, "stored line version %s: %.1f km² in %d polygons (approximate: %v)\n", d, v.AreaKm2, len(area), v.Approximate)
	return nil
}

func runLineList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "line list")
	dbPath := fs.String("db", "truce.db", "database file (or postgres:// URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := db.LineVersions(ctx)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		fmt.Fprintf(env.Stdout, "no line versions stored: classification uses the shipped approximate demo line of %s\n", geo.DemoLineDate)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "date\tarea_km2\tapproximate\tsource\timported_at")
	for _, v := range vs {
		fmt.Fprintf(tw, "%s\t%.1f\t%v\t%s\t%s\n", v.Date, v.AreaKm2, v.Approximate, v.Source, v.ImportedAt.Format("2006-01-02T15:04:05Z"))
	}
	return tw.Flush()
}
