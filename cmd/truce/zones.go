package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "zones", Summary: "zones: import custom polygons (GeoJSON) that classification and provisions refer to", Run: runZones})
}

const zonesUsage = `usage:
  truce zones import [--db PATH] [--replace] FILE.geojson
      each Polygon/MultiPolygon feature becomes a zone: properties "id" (default: from "name"),
      "name" (required) and "kind" (default "custom"); all features or none are stored
`

func runZones(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprint(env.Stderr, zonesUsage)
		return errUsage
	}
	fs := newFlagSet(env, "zones import")
	dbPath := fs.String("db", "truce.db", "database file (or postgres:// URL)")
	replace := fs.Bool("replace", false, "replace zones already stored with the same id")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(env.Stderr, zonesUsage)
		return errUsage
	}
	name := fs.Arg(0)
	zones, err := readZones(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PutZones(commandContext(ctx, defaultActor(), "truce zones import"), zones, *replace); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(env.Stdout, "stored %d zones from %s\n", len(zones), name)
	return nil
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func readZones(name string) ([]truce.Zone, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fs, err := geo.ParseGeoJSON(f)
	if err != nil {
		return nil, err
	}
	var out []truce.Zone
	seen := map[string]int{}
	for _, ft := range fs {
		area, err := geo.AreaOf([]geo.Feature{ft})
		if err != nil {
			return nil, err
		}
		str := func(k string) string { s, _ := ft.Properties[k].(string); return strings.TrimSpace(s) }
		z := truce.Zone{ID: str("id"), Name: str("name"), Kind: str("kind"), Geometry: geo.GeometryJSON(area)}
		if z.Name == "" {
			return nil, &geo.FeatureError{Feature: ft.Index, Reason: `no "name" property`}
		}
		if z.ID == "" {
			z.ID = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(z.Name), "-"), "-")
		}
		if z.Kind == "" {
			z.Kind = "custom"
		}
		if !slices.Contains(truce.ZoneKinds, z.Kind) {
			return nil, &geo.FeatureError{Feature: ft.Index, Reason: fmt.Sprintf("kind %q, want one of %s", z.Kind, strings.Join(truce.ZoneKinds, ", "))}
		}
		if prev, dup := seen[z.ID]; dup {
			return nil, &geo.FeatureError{Feature: ft.Index, Reason: fmt.Sprintf("zone id %q already used by feature %d", z.ID, prev)}
		}
		seen[z.ID] = ft.Index
		out = append(out, z)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no features")
	}
	return out, nil
}
