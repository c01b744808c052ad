package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{
		Name:    "geo",
		Summary: "spatial tools: area, diff (change of control), classify points",
		Run:     runGeo,
	})
}

const geoUsage = `usage:
  truce geo area FILE.geojson
      prints {"area_km2": X}: geodesic area on the WGS84 ellipsoid
  truce geo diff [-polygons OUT.geojson] A.geojson B.geojson
      prints {"gained_km2": X, "lost_km2": Y, "oblasts": [...]}: gained is in B and not in A
  truce geo classify (--area OCCUPIED.geojson | --demo | --db PATH --at DATE) [flags] POINTS.csv
      reads id,lon,lat rows (- for stdin), writes
      id,lon,lat,inside,line_km,zones,sites,oblast rows to stdout; with --db, the line
      version in force at DATE and the stored zones and sites
  truce geo line OCCUPIED.geojson
      prints the derived line of contact as GeoJSON
`

func runGeo(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, geoUsage)
		return errUsage
	}
	switch args[0] {
	case "area":
		return runGeoArea(env, args[1:])
	case "diff":
		return runGeoDiff(env, args[1:])
	case "classify":
		return runGeoClassify(ctx, env, args[1:])
	case "line":
		return runGeoLine(env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(env.Stderr, geoUsage)
		return nil
	default:
		fmt.Fprintf(env.Stderr, "truce geo: unknown subcommand %q\n\n%s", args[0], geoUsage)
		return errUsage
	}
}

// readArea parses a polygonal GeoJSON file, naming the file in errors.
func readArea(name string) (orb.MultiPolygon, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	mp, err := geo.ParseArea(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return mp, nil
}

func writeJSON(env *Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	return enc.Encode(v)
}

func runGeoArea(env *Env, args []string) error {
	fs := newFlagSet(env, "geo area")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(env.Stderr, "usage: truce geo area FILE.geojson\n")
		return errUsage
	}
	mp, err := readArea(fs.Arg(0))
	if err != nil {
		return err
	}
	return writeJSON(env, map[string]float64{"area_km2": geo.Area(mp)})
}

func runGeoDiff(env *Env, args []string) error {
	fs := newFlagSet(env, "geo diff")
	polys := fs.String("polygons", "", "also write the gained and lost polygons to this GeoJSON file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fmt.Fprint(env.Stderr, "usage: truce geo diff [-polygons OUT.geojson] A.geojson B.geojson\n")
		return errUsage
	}
	a, err := readArea(fs.Arg(0))
	if err != nil {
		return err
	}
	b, err := readArea(fs.Arg(1))
	if err != nil {
		return err
	}
	oblasts, err := geo.DefaultOblasts()
	if err != nil {
		return err
	}
	ch := geo.Diff(a, b, oblasts)
	if ch.Regions == nil {
		ch.Regions = []geo.RegionChange{}
	}
	if *polys != "" {
		if err := os.WriteFile(*polys, diffGeoJSON(ch), 0o644); err != nil {
			return err
		}
	}
	return writeJSON(env, ch)
}

// diffGeoJSON encodes the gained and lost polygons as two features.
func diffGeoJSON(ch geo.Change) []byte {
	feat := func(kind string, mp orb.MultiPolygon, km2 float64) string {
		props, _ := json.Marshal(map[string]any{"change": kind, "area_km2": km2})
		return `{"type":"Feature","properties":` + string(props) + `,"geometry":` + string(geo.GeometryJSON(mp)) + `}`
	}
	return []byte(`{"type":"FeatureCollection","features":[` +
		feat("gained", ch.Gained, ch.GainedKm2) + "," + feat("lost", ch.Lost, ch.LostKm2) + "]}\n")
}

func runGeoLine(env *Env, args []string) error {
	fs := newFlagSet(env, "geo line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(env.Stderr, "usage: truce geo line OCCUPIED.geojson\n")
		return errUsage
	}
	occ, err := readArea(fs.Arg(0))
	if err != nil {
		return err
	}
	oblasts, err := geo.DefaultOblasts()
	if err != nil {
		return err
	}
	seas, err := geo.DefaultSeas()
	if err != nil {
		return err
	}
	line := geo.LineOfContact(occ, geo.Land(oblasts, seas))
	_, err = env.Stdout.Write(append(geo.FeatureCollectionJSON(line, map[string]any{"kind": "line_of_contact"}), '\n'))
	return err
}

// parseKmList parses "5,15" into widths in km.
func parseKmList(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 || v > 1000 {
			return nil, fmt.Errorf("buffer width %q is not a number of km in (0, 1000]", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// geoGround assembles the shipped ground data with the user's files.
func geoGround(occ orb.MultiPolygon, buffers, zonesFile, sitesFile string) (geo.Ground, error) {
	g := geo.Ground{Occupied: occ}
	var err error
	if g.BuffersKm, err = parseKmList(buffers); err != nil {
		return g, err
	}
	if g.Country, err = geo.DefaultOblasts(); err != nil {
		return g, err
	}
	if g.Water, err = geo.DefaultSeas(); err != nil {
		return g, err
	}
	g.Regions = append(append(g.Regions, g.Country...), g.Water...)
	if zonesFile != "" {
		f, err := os.Open(zonesFile)
		if err != nil {
			return g, err
		}
		defer f.Close()
		fs, err := geo.ParseGeoJSON(f)
		if err != nil {
			return g, fmt.Errorf("%s: %w", zonesFile, err)
		}
		zs, err := geo.RegionsOf(fs, "zone", "name", "")
		if err != nil {
			return g, fmt.Errorf("%s: %w", zonesFile, err)
		}
		g.Regions = append(g.Regions, zs...)
	}
	if sitesFile != "" {
		f, err := os.Open(sitesFile)
		if err != nil {
			return g, err
		}
		defer f.Close()
		if g.Sites, err = geo.ParseSitesCSV(f); err != nil {
			return g, fmt.Errorf("%s: %w", sitesFile, err)
		}
	} else if g.Sites, err = geo.DefaultSites(); err != nil {
		return g, err
	}
	return g, nil
}

func runGeoClassify(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "geo classify")
	area := fs.String("area", "", "occupied area GeoJSON (Polygon/MultiPolygon features)")
	demo := fs.Bool("demo", false, "use the shipped approximate demo area of "+geo.DemoLineDate+" instead of -area")
	buffers := fs.String("buffers", "5,15", "buffer zone widths in km on either side of the line, comma-separated")
	zones := fs.String("zones", "", "custom zones GeoJSON (polygon features with a \"name\" property)")
	sites := fs.String("sites", "", "protected sites CSV (id,name,class,lon,lat,radius_km); default: the shipped energy sites")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "classification goroutines")
	dbPath := fs.String("db", "", "classify against the store: the line version in force at --at, stored zones and sites")
	at := fs.String("at", "", "with --db: the date (YYYY-MM-DD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sources := 0
	for _, set := range []bool{*area != "", *demo, *dbPath != ""} {
		if set {
			sources++
		}
	}
	if fs.NArg() != 1 || sources != 1 || (*dbPath != "") != (*at != "") {
		fmt.Fprint(env.Stderr, "usage: truce geo classify (--area OCCUPIED.geojson | --demo | --db PATH --at DATE) [flags] POINTS.csv\n")
		fs.PrintDefaults()
		return errUsage
	}
	var g geo.Ground
	var err error
	if *dbPath != "" {
		if g, err = storedGround(ctx, env, *dbPath, *at, *buffers); err != nil {
			return err
		}
	} else {
		var occ orb.MultiPolygon
		if *demo {
			occ, err = geo.DemoArea()
		} else {
			occ, err = readArea(*area)
		}
		if err != nil {
			return err
		}
		if g, err = geoGround(occ, *buffers, *zones, *sites); err != nil {
			return err
		}
	}
	c := geo.NewClassifier(g)
	in := env.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	if in == nil {
		return errors.New("no input")
	}
	if err := geo.ClassifyCSV(ctx, c, in, env.Stdout, *workers); err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	return nil
}

// storedGround reads the ground in force at date from the store, and says on
// stderr which line version applies.
func storedGround(ctx context.Context, env *Env, dbPath, date, buffers string) (geo.Ground, error) {
	d, err := truce.ParseDate(date)
	if err != nil {
		return geo.Ground{}, fmt.Errorf("--at %q: want YYYY-MM-DD", date)
	}
	bs, err := parseKmList(buffers)
	if err != nil {
		return geo.Ground{}, err
	}
	db, err := sqldb.Open(ctx, dbPath)
	if err != nil {
		return geo.Ground{}, err
	}
	defer db.Close()
	g, err := api.StoredGround(ctx, db, d, bs)
	if err != nil {
		return geo.Ground{}, err
	}
	if g.Line == nil {
		fmt.Fprintf(env.Stderr, "truce geo classify: no line versions stored; using the shipped approximate demo line of %s\n", geo.DemoLineDate)
	} else {
		fmt.Fprintf(env.Stderr, "truce geo classify: line version of %s (in force on %s)\n", g.Line.Date, d)
	}
	return g.Ground, nil
}
