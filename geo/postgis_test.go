package geo

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
)

// The accuracy tests compare Truce with reference values computed once by
// PostGIS (geography, spheroid) on the same inputs and committed under
// testdata/postgis, so that they run without PostGIS. To recompute them:
//
//	DSN=$(scripts/install-postgis.sh | tail -1)
//	TRUCE_POSTGIS_DSN=$DSN go test ./geo -run TestPostGIS -update-postgis
//
// The SQL that produced each number is in the constants below (and repeated
// in testdata/postgis/README.md).
var updatePostGIS = flag.Bool("update-postgis", false, "recompute testdata/postgis with PostGIS at $TRUCE_POSTGIS_DSN")

const (
	sqlArea = `SELECT ST_Area(ST_GeomFromGeoJSON($1)::geography) / 1e6`
	sqlDiff = `WITH a AS (SELECT ST_GeomFromGeoJSON($1) g), b AS (SELECT ST_GeomFromGeoJSON($2) g)
SELECT ST_Area(ST_Difference(b.g, a.g)::geography) / 1e6, ST_Area(ST_Difference(a.g, b.g)::geography) / 1e6 FROM a, b`
	sqlDiffRegion = `WITH a AS (SELECT ST_GeomFromGeoJSON($1) g), b AS (SELECT ST_GeomFromGeoJSON($2) g), o AS (SELECT ST_GeomFromGeoJSON($3) g)
SELECT ST_Area(ST_Intersection(ST_Difference(b.g, a.g), o.g)::geography) / 1e6,
       ST_Area(ST_Intersection(ST_Difference(a.g, b.g), o.g)::geography) / 1e6 FROM a, b, o`
	sqlPoints = `WITH s AS (SELECT ST_GeomFromGeoJSON($3) area, ST_GeomFromGeoJSON($4)::geography line)
SELECT t.i, ST_Intersects(s.area, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326)),
       ST_Distance(ST_SetSRID(ST_MakePoint(t.x, t.y), 4326)::geography, s.line) / 1000
FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, i), s ORDER BY t.i`
)

// reference is testdata/postgis/reference.json.
type reference struct {
	PostGIS string          `json:"postgis"`
	Areas   []refArea       `json:"areas"`
	Diffs   []refDiff       `json:"diffs"`
	Points  map[string]bool `json:"point_sets"` // sets with a points-NAME.csv

	// Summaries replace the per-point CSV for inputs that may not ship
	// (DeepState): per-point distances to a line would let anyone redraw
	// it, so only a hash of the containment results and distance
	// aggregates are kept.
	Summaries map[string]refSummary `json:"point_summaries,omitempty"`
}

// refSummary is what PostGIS found for the points of refPoints against one
// input: how many are inside, a SHA-256 of the inside flags ('0'/'1' per
// point, in order), and the sum of the distances to the line.
type refSummary struct {
	Points     int     `json:"points"`
	Inside     int     `json:"inside"`
	InsideHash string  `json:"inside_sha256"`
	SumKm      float64 `json:"sum_km"`
}

func summarize(inside []bool, km []float64) refSummary {
	h := sha256.New()
	s := refSummary{Points: len(inside)}
	for i, in := range inside {
		if in {
			s.Inside++
			h.Write([]byte{'1'})
		} else {
			h.Write([]byte{'0'})
		}
		s.SumKm += km[i]
	}
	s.InsideHash = hex.EncodeToString(h.Sum(nil))
	return s
}

// mayShip reports whether numbers derived per point from input may be committed.
func mayShip(input string) bool { return !strings.HasPrefix(input, "deepstate:") }

type refArea struct {
	Input string  `json:"input"`
	Km2   float64 `json:"km2"`
}

type refDiff struct {
	A         string                `json:"a"`
	B         string                `json:"b"`
	GainedKm2 float64               `json:"gained_km2"`
	LostKm2   float64               `json:"lost_km2"`
	Regions   map[string][2]float64 `json:"oblasts,omitempty"` // code -> gained, lost
}

const deepstateDir = "../../shared/data/frontline-deepstate-daily"

// refInput resolves an input name of the reference file to a MultiPolygon:
// "demo", "oblast:UA-14", "sea:Black Sea", or "deepstate:20250419" (read from
// ../shared; ok is false when it is absent).
func refInput(t *testing.T, name string) (mp orb.MultiPolygon, ok bool) {
	t.Helper()
	switch {
	case name == "demo":
		mp, err := DemoArea()
		if err != nil {
			t.Fatal(err)
		}
		return mp, true
	case len(name) > 7 && name[:7] == "oblast:":
		rs, _ := DefaultOblasts()
		for _, r := range rs {
			if r.Code == name[7:] {
				return r.Area, true
			}
		}
	case len(name) > 4 && name[:4] == "sea:":
		rs, _ := DefaultSeas()
		for _, r := range rs {
			if r.Name == name[4:] {
				return r.Area, true
			}
		}
	case len(name) > 10 && name[:10] == "deepstate:":
		f, err := os.Open(filepath.Join(deepstateDir, "deepstatemap_data_"+name[10:]+".geojson"))
		if err != nil {
			return nil, false
		}
		defer f.Close()
		mp, err := ParseArea(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return mp, true
	}
	t.Fatalf("unknown reference input %q", name)
	return nil, false
}

func refLine(t *testing.T, occ orb.MultiPolygon) orb.MultiLineString {
	t.Helper()
	obl, _ := DefaultOblasts()
	seas, _ := DefaultSeas()
	return LineOfContact(occ, Land(obl, seas))
}

// refPoints are the sample points of a point set: uniform over Ukraine's
// bounding box, plus points scattered near the vertices of near (always the
// demo's line, a few kilometres from the real one: the committed points
// must not trace the vertices of DeepState's line, which may not ship).
func refPoints(near orb.MultiLineString) []orb.Point {
	line := near
	r := rand.New(rand.NewPCG(20250419, 3))
	var ps []orb.Point
	for range 2000 {
		ps = append(ps, orb.Point{round6(22 + 18.5*r.Float64()), round6(44 + 8.5*r.Float64())})
	}
	var vs []orb.Point
	for _, ls := range line {
		vs = append(vs, ls...)
	}
	for range 1000 {
		v := vs[r.IntN(len(vs))]
		ps = append(ps, orb.Point{round6(v[0] + 0.2*(r.Float64()-0.5)), round6(v[1] + 0.2*(r.Float64()-0.5))})
	}
	return ps
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

var refPointSets = []string{"demo", "deepstate:20250419", "deepstate:20260822"}

var refAreaInputs = []string{"demo", "oblast:UA-14", "oblast:UA-43", "oblast:UA-30", "sea:Black Sea", "sea:Sea of Azov",
	"deepstate:20240708", "deepstate:20250102", "deepstate:20250311", "deepstate:20250318", "deepstate:20250325",
	"deepstate:20250411", "deepstate:20250418", "deepstate:20250419", "deepstate:20250420", "deepstate:20250421",
	"deepstate:20250508", "deepstate:20250701", "deepstate:20251001", "deepstate:20260101", "deepstate:20260822"}

var refDiffPairs = [][2]string{
	{"deepstate:20240708", "deepstate:20250102"}, {"deepstate:20250102", "deepstate:20250311"},
	{"deepstate:20250311", "deepstate:20250318"}, {"deepstate:20250418", "deepstate:20250419"},
	{"deepstate:20250419", "deepstate:20250420"}, {"deepstate:20250420", "deepstate:20250421"},
	{"deepstate:20250421", "deepstate:20250508"}, {"deepstate:20250508", "deepstate:20250701"},
	{"deepstate:20250701", "deepstate:20251001"}, {"deepstate:20251001", "deepstate:20260101"},
	{"deepstate:20260101", "deepstate:20260822"}, {"deepstate:20250102", "deepstate:20260822"},
	{"deepstate:20250419", "demo"},
}

const refDir = "testdata/postgis"

func TestPostGIS(t *testing.T) {
	if *updatePostGIS {
		updateReference(t)
	}
	b, err := os.ReadFile(filepath.Join(refDir, "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	t.Run("Area", func(t *testing.T) {
		var worst float64
		defer func() { t.Logf("largest relative area difference %.2g", worst) }()
		for _, ra := range ref.Areas {
			mp, ok := refInput(t, ra.Input)
			if !ok {
				t.Logf("%s: skipped, not in ../shared", ra.Input)
				continue
			}
			got := Area(mp)
			worst = math.Max(worst, math.Abs(got-ra.Km2)/ra.Km2)
			if rel := math.Abs(got-ra.Km2) / ra.Km2; rel > 0.001 {
				t.Errorf("%s: area %.3f km², PostGIS %.3f km² (%.4f%% off, want ≤ 0.1%%)", ra.Input, got, ra.Km2, rel*100)
			}
		}
	})
	t.Run("Diff", func(t *testing.T) {
		if testing.Short() {
			t.Skip("diffs of real polygons: skipped under -short")
		}
		oblasts, _ := DefaultOblasts()
		var worst float64
		defer func() { t.Logf("largest diff difference %.4f km²", worst) }()
		for _, rd := range ref.Diffs {
			a, ok1 := refInput(t, rd.A)
			b, ok2 := refInput(t, rd.B)
			if !ok1 || !ok2 {
				t.Logf("%s -> %s: skipped, not in ../shared", rd.A, rd.B)
				continue
			}
			ch := Diff(a, b, oblasts)
			worst = math.Max(worst, math.Max(math.Abs(ch.GainedKm2-rd.GainedKm2), math.Abs(ch.LostKm2-rd.LostKm2)))
			diffClose(t, rd.A+"->"+rd.B+" gained", ch.GainedKm2, rd.GainedKm2)
			diffClose(t, rd.A+"->"+rd.B+" lost", ch.LostKm2, rd.LostKm2)
			got := map[string][2]float64{}
			for _, rc := range ch.Regions {
				got[rc.Code] = [2]float64{rc.GainedKm2, rc.LostKm2}
			}
			for code, want := range rd.Regions {
				diffClose(t, rd.A+"->"+rd.B+" "+code+" gained", got[code][0], want[0])
				diffClose(t, rd.A+"->"+rd.B+" "+code+" lost", got[code][1], want[1])
			}
		}
	})
	for set, want := range ref.Summaries {
		t.Run("Summary/"+set, func(t *testing.T) {
			occ, ok := refInput(t, set)
			if !ok {
				t.Skipf("%s not in ../shared", set)
			}
			demo, _ := refInput(t, "demo")
			ps := refPoints(refLine(t, demo))
			ix, lix := NewAreaIndex(occ), NewLineIndex(refLine(t, occ))
			inside, km := make([]bool, len(ps)), make([]float64, len(ps))
			for i, p := range ps {
				inside[i] = ix.Contains(p[0], p[1])
				km[i], _ = lix.Distance(p[0], p[1])
			}
			got := summarize(inside, km)
			if got.Points != want.Points || got.Inside != want.Inside || got.InsideHash != want.InsideHash {
				t.Errorf("containment: %d of %d inside (hash %.12s), PostGIS %d of %d (hash %.12s)",
					got.Inside, got.Points, got.InsideHash, want.Inside, want.Points, want.InsideHash)
			}
			if rel := math.Abs(got.SumKm-want.SumKm) / want.SumKm; rel > 0.001 {
				t.Errorf("distances: sum %.3f km, PostGIS %.3f km (%.4f%% off, want ≤ 0.1%%)", got.SumKm, want.SumKm, rel*100)
			}
			t.Logf("%d points: containment identical, distance sums differ by %.3g%%", got.Points, math.Abs(got.SumKm-want.SumKm)/want.SumKm*100)
		})
	}
	for _, set := range refPointSets {
		if !ref.Points[set] {
			continue
		}
		t.Run("Points/"+set, func(t *testing.T) {
			occ, ok := refInput(t, set)
			if !ok {
				t.Skipf("%s not in ../shared", set)
			}
			line := refLine(t, occ)
			ix, lix := NewAreaIndex(occ), NewLineIndex(line)
			rows := readPointsCSV(t, filepath.Join(refDir, "points-"+fileSafe(set)+".csv"))
			var worst float64
			for _, r := range rows {
				if got := ix.Contains(r.lon, r.lat); got != r.inside {
					t.Errorf("point %d (%v, %v): inside %v, PostGIS %v", r.id, r.lon, r.lat, got, r.inside)
				}
				km, _ := lix.Distance(r.lon, r.lat)
				d := math.Abs(km - r.km)
				if d > 0.05 && d > 0.001*r.km {
					t.Errorf("point %d (%v, %v): %.4f km to the line, PostGIS %.4f km", r.id, r.lon, r.lat, km, r.km)
				}
				worst = math.Max(worst, d)
			}
			t.Logf("%d points, largest distance difference %.3f m", len(rows), worst*1000)
		})
	}
}

func diffClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if d := math.Abs(got - want); d > 0.5 && d > 0.01*want {
		t.Errorf("%s: %.3f km², PostGIS %.3f km²", what, got, want)
	}
}

type refPoint struct {
	id       int
	lon, lat float64
	inside   bool
	km       float64
}

func fileSafe(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c == ':' || c == ' ' {
			out[i] = '-'
		}
	}
	return string(out)
}

func readPointsCSV(t *testing.T, name string) []refPoint {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []refPoint
	for _, r := range recs[1:] {
		id, _ := strconv.Atoi(r[0])
		lon, _ := strconv.ParseFloat(r[1], 64)
		lat, _ := strconv.ParseFloat(r[2], 64)
		km, _ := strconv.ParseFloat(r[4], 64)
		out = append(out, refPoint{id, lon, lat, r[3] == "true", km})
	}
	return out
}

// updateReference recomputes every reference value with PostGIS.
func updateReference(t *testing.T) {
	dsn := os.Getenv("TRUCE_POSTGIS_DSN")
	if dsn == "" {
		t.Fatal("-update-postgis needs TRUCE_POSTGIS_DSN (see scripts/install-postgis.sh)")
	}
	ctx := context.Background()
	db, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var ref reference
	if err := db.QueryRow(ctx, `SELECT postgis_full_version()`).Scan(&ref.PostGIS); err != nil {
		t.Fatal(err)
	}
	gj := func(mp orb.MultiPolygon) string { return string(GeometryJSON(mp)) }
	for _, in := range refAreaInputs {
		mp, ok := refInput(t, in)
		if !ok {
			t.Fatalf("%s: needed to compute the reference", in)
		}
		var km2 float64
		if err := db.QueryRow(ctx, sqlArea, gj(mp)).Scan(&km2); err != nil {
			t.Fatal(in, err)
		}
		ref.Areas = append(ref.Areas, refArea{in, km2})
	}
	oblasts, _ := DefaultOblasts()
	for _, p := range refDiffPairs {
		a, _ := refInput(t, p[0])
		b, _ := refInput(t, p[1])
		rd := refDiff{A: p[0], B: p[1], Regions: map[string][2]float64{}}
		if err := db.QueryRow(ctx, sqlDiff, gj(a), gj(b)).Scan(&rd.GainedKm2, &rd.LostKm2); err != nil {
			t.Fatal(p, err)
		}
		for _, o := range oblasts {
			var g, l float64
			if err := db.QueryRow(ctx, sqlDiffRegion, gj(a), gj(b), gj(o.Area)).Scan(&g, &l); err != nil {
				t.Fatal(p, o.Code, err)
			}
			if g > 0 || l > 0 {
				rd.Regions[o.Code] = [2]float64{g, l}
			}
		}
		ref.Diffs = append(ref.Diffs, rd)
	}
	ref.Points, ref.Summaries = map[string]bool{}, map[string]refSummary{}
	for _, set := range refPointSets {
		occ, _ := refInput(t, set)
		line := refLine(t, occ)
		demo, _ := refInput(t, "demo")
		ps := refPoints(refLine(t, demo))
		xs, ys := make([]float64, len(ps)), make([]float64, len(ps))
		for i, p := range ps {
			xs[i], ys[i] = p[0], p[1]
		}
		rows, err := db.Query(ctx, sqlPoints, xs, ys, gj(occ), string(GeometryJSON(line)))
		if err != nil {
			t.Fatal(set, err)
		}
		if !mayShip(set) {
			inside, kms := make([]bool, len(ps)), make([]float64, len(ps))
			for rows.Next() {
				var i int64
				if err := rows.Scan(&i, &inside[i-1], &kms[i-1]); err != nil {
					t.Fatal(err)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			ref.Summaries[set] = summarize(inside, kms)
			continue
		}
		f, err := os.Create(filepath.Join(refDir, "points-"+fileSafe(set)+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write([]string{"id", "lon", "lat", "inside", "line_km"})
		for rows.Next() {
			var i int64
			var in bool
			var km float64
			if err := rows.Scan(&i, &in, &km); err != nil {
				t.Fatal(err)
			}
			p := ps[i-1]
			w.Write([]string{strconv.FormatInt(i, 10), strconv.FormatFloat(p[0], 'f', -1, 64), strconv.FormatFloat(p[1], 'f', -1, 64),
				strconv.FormatBool(in), strconv.FormatFloat(km, 'f', 6, 64)})
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		f.Close()
		ref.Points[set] = true
	}
	b, _ := json.MarshalIndent(ref, "", "  ")
	if err := os.WriteFile(filepath.Join(refDir, "reference.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Println("wrote", refDir)
}
