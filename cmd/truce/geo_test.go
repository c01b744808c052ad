package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/geo"
)

func runTruce(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return out.String(), errb.String(), code
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGeo(t *testing.T) {
	demo := writeFile(t, "demo.geojson", string(geo.DemoAreaGeoJSON()))
	t.Run("Area", func(t *testing.T) {
		out, errs, code := runTruce(t, "", "geo", "area", demo)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var got map[string]float64
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		mp, _ := geo.DemoArea()
		if want := geo.Area(mp); got["area_km2"] != want || len(got) != 1 {
			t.Errorf("got %v, want {area_km2: %v}", got, want)
		}
	})
	t.Run("Diff", func(t *testing.T) {
		a := writeFile(t, "a.geojson", `{"type":"Polygon","coordinates":[[[36,48],[37,48],[37,49],[36,49],[36,48]]]}`)
		b := writeFile(t, "b.geojson", `{"type":"Polygon","coordinates":[[[36.5,48],[37.5,48],[37.5,49],[36.5,49],[36.5,48]]]}`)
		polys := filepath.Join(t.TempDir(), "d.geojson")
		out, errs, code := runTruce(t, "", "geo", "diff", "-polygons", polys, a, b)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var got struct {
			Gained  float64 `json:"gained_km2"`
			Lost    float64 `json:"lost_km2"`
			Oblasts []struct {
				Name   string  `json:"name"`
				Gained float64 `json:"gained_km2"`
			} `json:"oblasts"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.Gained < 4000 || got.Gained > 4200 || got.Lost < 4000 || got.Lost > 4200 || len(got.Oblasts) == 0 {
			t.Errorf("got %+v", got)
		}
		f, err := os.Open(polys)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fs, err := geo.ParseGeoJSON(f)
		if err != nil || len(fs) != 2 {
			t.Errorf("polygons file: %d features, %v", len(fs), err)
		}
	})
	t.Run("Classify", func(t *testing.T) {
		pts := writeFile(t, "p.csv", "id,lon,lat\ndonetsk,37.80224,48.023\nkyiv,30.52,50.45\n")
		out, errs, code := runTruce(t, "", "geo", "classify", "--area", demo, pts)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "id,lon,lat,inside,line_km,zones,sites") ||
			!strings.HasPrefix(lines[1], "donetsk,37.80224,48.023,true,") || !strings.HasPrefix(lines[2], "kyiv,30.52,50.45,false,") {
			t.Errorf("got:\n%s", out)
		}
		// From stdin with the demo area.
		out, errs, code = runTruce(t, "k,37.61581,49.71003\n", "geo", "classify", "--demo", "-")
		if code != 0 || !strings.Contains(out, "\nk,37.61581,49.71003,false,") {
			t.Errorf("exit %d, %s: %s", code, errs, out)
		}
	})
	t.Run("ErrBadGeoJSON", func(t *testing.T) {
		bad := writeFile(t, "bad.geojson", `{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`)
		_, errs, code := runTruce(t, "", "geo", "area", bad)
		if code != 1 || !strings.Contains(errs, "bad.geojson: geojson: feature 0: self-intersection") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("ErrBadPoint", func(t *testing.T) {
		_, errs, code := runTruce(t, "id,lon,lat\na,1,2\nb,1,north\n", "geo", "classify", "--demo", "-")
		if code != 1 || !strings.Contains(errs, `line 3: field lat: "north"`) {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if _, _, code := runTruce(t, "", "geo", "area"); code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		if _, _, code := runTruce(t, "", "geo", "nope"); code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
	})
}

func TestGroundImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "truce.db")
	area := writeFile(t, "area.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"approximate":true},
		"geometry":{"type":"Polygon","coordinates":[[[36,48],[37,48],[37,49],[36,49],[36,48]]]}}]}`)
	t.Run("Line", func(t *testing.T) {
		out, errs, code := runTruce(t, "", "line", "import", "--db", db, "--date", "2025-05-01", area)
		if code != 0 || !strings.Contains(out, "stored line version 2025-05-01:") || !strings.Contains(out, "approximate: true") {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
		_, errs, code = runTruce(t, "", "line", "import", "--db", db, "--date", "2025-05-01", area)
		if code != 1 || !strings.Contains(errs, "already stored") {
			t.Errorf("second import: exit %d, %s", code, errs)
		}
		out, _, _ = runTruce(t, "", "line", "list", "--db", db)
		if !strings.Contains(out, "2025-05-01") {
			t.Errorf("list: %s", out)
		}
		mixed := writeFile(t, "raw.geojson", `{"type":"FeatureCollection","features":[
			{"type":"Feature","properties":{"name":"attack"},"geometry":{"type":"Point","coordinates":[36,48]}},
			{"type":"Feature","properties":{"name":"Occupied /// geoJSON.status.occupied"},"geometry":{"type":"Polygon","coordinates":[[[36,48],[36.2,48],[36.2,48.2],[36,48.2],[36,48]]]}},
			{"type":"Feature","properties":{"name":"CADR /// geoJSON.territories.ordlo"},"geometry":{"type":"Polygon","coordinates":[[[36.1,48],[36.3,48],[36.3,48.2],[36.1,48.2],[36.1,48]]]}}]}`)
		out, errs, code = runTruce(t, "", "line", "import", "--db", db, "--date", "2025-06-15", "--select", `name~geoJSON\.(status\.occupied|territories\.ordlo)`, mixed)
		if code != 0 || !strings.Contains(out, "in 1 polygons") {
			t.Errorf("--select: exit %d, %s%s", code, out, errs)
		}
		bad := writeFile(t, "bad.geojson", `{"type":"Polygon","coordinates":[[[36,48],[37,48],[37,49],[36,49]]]}`)
		_, errs, code = runTruce(t, "", "line", "import", "--db", db, "--date", "2025-06-01", bad)
		if code != 1 || !strings.Contains(errs, "feature 0: polygon 0 ring 0 is not closed") {
			t.Errorf("bad file: exit %d, %s", code, errs)
		}
	})
	t.Run("SitesAndZones", func(t *testing.T) {
		sites := writeFile(t, "sites.csv", "id,name,class,lon,lat,radius_km\nh1,Hospital,hospital,36.1,48.5,20\n")
		if out, errs, code := runTruce(t, "", "sites", "import", "--db", db, sites); code != 0 || !strings.Contains(out, "stored 1 sites") {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
		zones := writeFile(t, "zones.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Test DMZ","kind":"buffer"},
			"geometry":{"type":"Polygon","coordinates":[[[35.5,48],[36.6,48],[36.6,49],[35.5,49],[35.5,48]]]}}]}`)
		if out, errs, code := runTruce(t, "", "zones", "import", "--db", db, zones); code != 0 || !strings.Contains(out, "stored 1 zones") {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
		badZones := writeFile(t, "bz.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X","kind":"volcano"},
			"geometry":{"type":"Polygon","coordinates":[[[35.5,48],[36.5,48],[36.5,49],[35.5,49],[35.5,48]]]}}]}`)
		if _, errs, code := runTruce(t, "", "zones", "import", "--db", db, badZones); code != 1 || !strings.Contains(errs, `feature 0: kind "volcano"`) {
			t.Errorf("bad zones: exit %d, %s", code, errs)
		}
		pts := writeFile(t, "p.csv", "id,lon,lat\na,36.5,48.5\nb,36.1,48.5\n")
		out, errs, code := runTruce(t, "", "geo", "classify", "--db", db, "--at", "2025-05-02", pts)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[1], "a,36.5,48.5,true,") || !strings.Contains(lines[1], "zone:test-dmz") ||
			!strings.Contains(lines[2], "h1:hospital:") || !strings.Contains(errs, "line version of 2025-05-01") {
			t.Errorf("got:\n%s\nstderr: %s", out, errs)
		}
		if _, errs, code := runTruce(t, "", "geo", "classify", "--db", db, "--at", "2025-04-01", pts); code != 1 || !strings.Contains(errs, "no line version dated on or before 2025-04-01") {
			t.Errorf("before the first version: exit %d, %s", code, errs)
		}
	})
}
