// Command geobench compares Truce's spatial classification with PostGIS on
// the same data and the same points, and prints a table of timings and
// ratios:
//
//   - containment: Truce's AreaIndex vs ST_Intersects on ST_Subdivide'd
//     polygons with a GiST index (PostGIS's fast form);
//   - distance: geodesic distance to the line of contact, Truce's LineIndex vs
//     geography ST_Distance;
//   - classify: side + distance + zones (oblasts, seas) + protected sites
//     within their radius.
//
// PostgreSQL with PostGIS is reached at -dsn (default $TRUCE_POSTGIS_DSN; see
// scripts/install-postgis.sh). When it is not reachable, geobench says so and
// prints Truce's numbers alone.
//
//	go run ./cmd/geobench -dsn "$(scripts/install-postgis.sh | tail -1)"
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce/geo"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "geobench:", err)
		os.Exit(1)
	}
}

type result struct {
	name         string
	n            int
	truce, pg    time.Duration
	truceCPU     time.Duration // process CPU time Truce used (user+system)
	pgN          int           // points PostGIS ran (0: not run)
	pgSkipReason string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("geobench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("dsn", os.Getenv("TRUCE_POSTGIS_DSN"), "PostgreSQL/PostGIS connection string")
	areaFile := fs.String("area", "", "occupied area GeoJSON (default: DeepState 2025-04-19 from ../shared if present, else the shipped demo area)")
	n := fs.Int("points", 1_000_000, "points to classify")
	pgDistN := fs.Int("pg-distance-points", 0, "points PostGIS measures distance and full classification on (0: all; PostGIS does ~25,000/s)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "Truce goroutines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	occ, areaName, err := loadArea(*areaFile)
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
	sites, err := geo.DefaultSites()
	if err != nil {
		return err
	}
	regions := append(append([]geo.Region{}, oblasts...), seas...)
	ground := geo.Ground{Occupied: occ, Country: oblasts, Water: seas, BuffersKm: []float64{5, 15}, Regions: regions, Sites: sites}
	pts := points(*n)
	fmt.Fprintf(stdout, "area: %s (%d polygons); %d points uniform over Ukraine's bounding box; %d sites; %d zones; Truce on %d goroutines\n",
		areaName, len(occ), len(pts), len(sites), len(regions), *workers)

	// Truce.
	t0 := time.Now()
	aix := geo.NewAreaIndex(occ)
	tArea := time.Since(t0)
	t0 = time.Now()
	c := geo.NewClassifier(ground)
	tClass := time.Since(t0)
	lix := geo.NewLineIndex(c.Line())
	fmt.Fprintf(stdout, "Truce index build: area %v, classifier (line of contact, line index, zones, sites) %v\n", tArea.Round(time.Microsecond), tClass.Round(time.Millisecond))

	var inside, near, hits int64
	res := []*result{{name: "containment", n: len(pts)}, {name: "distance to line", n: len(pts)}, {name: "full classification", n: len(pts)}}
	cpu0 := cpuTime()
	res[0].truce = parallel(pts, *workers, func(p orb.Point, acc *int64) {
		if aix.Contains(p[0], p[1]) {
			*acc++
		}
	}, &inside)
	cpu1 := cpuTime()
	res[1].truce = parallel(pts, *workers, func(p orb.Point, acc *int64) {
		if d, _ := lix.Distance(p[0], p[1]); d < 15 {
			*acc++
		}
	}, &near)
	cpu2 := cpuTime()
	res[2].truce = parallelClassify(c, pts, *workers, &hits)
	cpu3 := cpuTime()
	res[0].truceCPU, res[1].truceCPU, res[2].truceCPU = cpu1-cpu0, cpu2-cpu1, cpu3-cpu2
	fmt.Fprintf(stdout, "Truce: %d points inside, %d within 15 km of the line, %d site hits\n", inside, near, hits)

	// PostGIS.
	if *dsn == "" {
		fmt.Fprintln(stdout, "PostGIS: no -dsn or $TRUCE_POSTGIS_DSN; printing Truce's numbers alone (scripts/install-postgis.sh starts one)")
	} else if db, err := pgx.Connect(ctx, *dsn); err != nil {
		fmt.Fprintf(stdout, "PostGIS: not reachable (%v); printing Truce's numbers alone\n", err)
	} else {
		defer db.Close(ctx)
		if err := postgis(ctx, db, stdout, ground, c.Line(), pts, *pgDistN, res); err != nil {
			return err
		}
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tpoints\tTruce\tTruce points/s\tTruce points/CPU-s\tPostGIS points\tPostGIS\tPostGIS points/s\tTruce/PostGIS speed\t")
	for _, r := range res {
		tr := float64(r.n) / r.truce.Seconds()
		tc := float64(r.n) / math.Max(r.truceCPU.Seconds(), 1e-9)
		if r.pgN == 0 {
			fmt.Fprintf(tw, "%s\t%d\t%v\t%.0f\t%.0f\t-\t-\t-\t-\t\n", r.name, r.n, r.truce.Round(time.Millisecond), tr, tc)
			continue
		}
		pr := float64(r.pgN) / r.pg.Seconds()
		fmt.Fprintf(tw, "%s\t%d\t%v\t%.0f\t%.0f\t%d\t%v\t%.0f\t%.1fx\t\n", r.name, r.n, r.truce.Round(time.Millisecond), tr, tc, r.pgN, r.pg.Round(time.Millisecond), pr, tr/pr)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "points/s is wall time with all workers; points/CPU-s divides by the CPU time the process used, which stays meaningful on a machine shared with other work (multiply by the cores for the rate on idle cores).")
	return nil
}

func loadArea(name string) (orb.MultiPolygon, string, error) {
	if name == "" {
		name = "../shared/data/frontline-deepstate-daily/deepstatemap_data_20250419.geojson"
		if _, err := os.Stat(name); err != nil {
			mp, err := geo.DemoArea()
			return mp, "shipped demo area " + geo.DemoLineDate, err
		}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	mp, err := geo.ParseArea(f)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	return mp, name, nil
}

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// points are uniform over Ukraine's bounding box, the same on every run.
func points(n int) []orb.Point {
	r := rand.New(rand.NewPCG(2025, 4))
	ps := make([]orb.Point, n)
	for i := range ps {
		ps[i] = orb.Point{22 + 18.5*r.Float64(), 44 + 8.5*r.Float64()}
	}
	return ps
}

func parallel(ps []orb.Point, workers int, f func(orb.Point, *int64), total *int64) time.Duration {
	var wg sync.WaitGroup
	var mu sync.Mutex
	t0 := time.Now()
	chunk := (len(ps) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(ps))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var acc int64
			for _, p := range ps[lo:hi] {
				f(p, &acc)
			}
			mu.Lock()
			*total += acc
			mu.Unlock()
		}()
	}
	wg.Wait()
	return time.Since(t0)
}

func parallelClassify(c *geo.Classifier, ps []orb.Point, workers int, total *int64) time.Duration {
	var wg sync.WaitGroup
	var mu sync.Mutex
	t0 := time.Now()
	chunk := (len(ps) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(ps))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out geo.Classification
			var acc int64
			for _, p := range ps[lo:hi] {
				c.ClassifyInto(p[0], p[1], &out)
				acc += int64(len(out.Sites))
			}
			mu.Lock()
			*total += acc
			mu.Unlock()
		}()
	}
	wg.Wait()
	return time.Since(t0)
}

// postgis loads the same data into PostGIS and times the same operations.
func postgis(ctx context.Context, db *pgx.Conn, stdout io.Writer, g geo.Ground, line orb.MultiLineString, pts []orb.Point, distN int, res []*result) error {
	var version string
	if err := db.QueryRow(ctx, `SELECT postgis_full_version()`).Scan(&version); err != nil {
		fmt.Fprintf(stdout, "PostGIS: extension missing (%v); printing Truce's numbers alone\n", err)
		return nil
	}
	fmt.Fprintf(stdout, "PostGIS: %.60s...\n", version)
	exec := func(sql string, args ...any) error {
		_, err := db.Exec(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("postgis: %w\n%s", err, sql)
		}
		return nil
	}
	for _, s := range []string{
		`DROP TABLE IF EXISTS gb_pts, gb_area, gb_line, gb_zones, gb_sites`,
		`CREATE UNLOGGED TABLE gb_pts (id int PRIMARY KEY, geom geometry(Point, 4326))`,
		`CREATE UNLOGGED TABLE gb_area (geom geometry(Polygon, 4326))`,
		`CREATE UNLOGGED TABLE gb_line (g geography)`,
		`CREATE UNLOGGED TABLE gb_zones (name text, geom geometry(Polygon, 4326))`,
		`CREATE UNLOGGED TABLE gb_sites (id text, radius_m float8, geog geography(Point, 4326))`,
	} {
		if err := exec(s); err != nil {
			return err
		}
	}
	t0 := time.Now()
	rows := make([][]any, len(pts))
	for i, p := range pts {
		rows[i] = []any{i, fmt.Sprintf("SRID=4326;POINT(%v %v)", p[0], p[1])}
	}
	if err := exec(`CREATE TEMP TABLE gb_pts_load (id int, wkt text)`); err != nil {
		return err
	}
	if _, err := db.CopyFrom(ctx, pgx.Identifier{"gb_pts_load"}, []string{"id", "wkt"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("postgis: copy points: %w", err)
	}
	if err := exec(`INSERT INTO gb_pts SELECT id, ST_GeomFromEWKT(wkt) FROM gb_pts_load`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gb_area SELECT ST_Subdivide((ST_Dump(ST_GeomFromGeoJSON($1))).geom, 64)`, string(geo.GeometryJSON(g.Occupied))); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gb_line SELECT ST_GeomFromGeoJSON($1)::geography`, string(geo.GeometryJSON(line))); err != nil {
		return err
	}
	for _, r := range g.Regions {
		name := r.Kind + ":" + r.Code
		if r.Code == "" {
			name = r.Kind + ":" + r.Name
		}
		if err := exec(`INSERT INTO gb_zones SELECT $1, ST_Subdivide((ST_Dump(ST_GeomFromGeoJSON($2))).geom, 64)`, name, string(geo.GeometryJSON(r.Area))); err != nil {
			return err
		}
	}
	srows := make([][]any, len(g.Sites))
	for i, s := range g.Sites {
		srows[i] = []any{s.ID, s.RadiusKm * 1000, fmt.Sprintf("SRID=4326;POINT(%v %v)", s.Location[0], s.Location[1])}
	}
	if err := exec(`CREATE TEMP TABLE gb_sites_load (id text, radius_m float8, wkt text)`); err != nil {
		return err
	}
	if _, err := db.CopyFrom(ctx, pgx.Identifier{"gb_sites_load"}, []string{"id", "radius_m", "wkt"}, pgx.CopyFromRows(srows)); err != nil {
		return fmt.Errorf("postgis: copy sites: %w", err)
	}
	for _, s := range []string{
		`INSERT INTO gb_sites SELECT id, radius_m, ST_GeogFromText(wkt) FROM gb_sites_load`,
		`CREATE INDEX ON gb_area USING gist (geom)`,
		`CREATE INDEX ON gb_zones USING gist (geom)`,
		`CREATE INDEX ON gb_sites USING gist (geog)`,
		`CREATE INDEX ON gb_pts USING gist (geom)`,
		`ANALYZE gb_pts`, `ANALYZE gb_area`, `ANALYZE gb_zones`, `ANALYZE gb_sites`,
	} {
		if err := exec(s); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "PostGIS load and index: %v\n", time.Since(t0).Round(time.Millisecond))

	if distN <= 0 || distN > len(pts) {
		distN = len(pts)
	}
	var count int64
	t0 = time.Now()
	if err := db.QueryRow(ctx,
		// The join form lets the planner drive from the few subdivided
		// polygons through the points' GiST index: PostGIS's fastest form
		// here (an EXISTS per point runs ~15x slower).
		`SELECT count(*) FROM gb_area a JOIN gb_pts p ON ST_Intersects(a.geom, p.geom)`).Scan(&count); err != nil {
		return fmt.Errorf("postgis containment: %w", err)
	}
	res[0].pg, res[0].pgN = time.Since(t0), len(pts)
	fmt.Fprintf(stdout, "PostGIS: %d points inside\n", count)

	t0 = time.Now()
	if err := db.QueryRow(ctx, `SELECT count(*) FROM gb_pts p, gb_line l WHERE p.id < $1 AND ST_Distance(p.geom::geography, l.g) < 15000`, distN).Scan(&count); err != nil {
		return fmt.Errorf("postgis distance: %w", err)
	}
	res[1].pg, res[1].pgN = time.Since(t0), distN
	fmt.Fprintf(stdout, "PostGIS: %d of %d points within 15 km of the line\n", count, distN)

	t0 = time.Now()
	if err := db.QueryRow(ctx, `
SELECT count(*), coalesce(sum(nsites), 0) FROM (
  SELECT p.id,
    EXISTS (SELECT 1 FROM gb_area a WHERE ST_Intersects(a.geom, p.geom)) AS inside,
    ST_Distance(p.geom::geography, l.g) AS line_m,
    ARRAY(SELECT DISTINCT z.name FROM gb_zones z WHERE ST_Intersects(z.geom, p.geom)) AS zones,
    (SELECT count(*) FROM gb_sites s WHERE ST_DWithin(s.geog, p.geom::geography, 30000)
        AND ST_Distance(s.geog, p.geom::geography) <= s.radius_m) AS nsites
  FROM gb_pts p, gb_line l WHERE p.id < $1) t`, distN).Scan(&count, new(int64)); err != nil {
		return fmt.Errorf("postgis classification: %w", err)
	}
	res[2].pg, res[2].pgN = time.Since(t0), distN
	return exec(`DROP TABLE IF EXISTS gb_pts, gb_area, gb_line, gb_zones, gb_sites`)
}
