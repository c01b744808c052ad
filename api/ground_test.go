package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
)

// A square occupied area around (36.5, 48.5) for tests.
const testAreaGeoJSON = `{"type":"MultiPolygon","coordinates":[[[[36,48],[37,48],[37,49],[36,49],[36,48]]]]}`

func TestGroundEndpoints(t *testing.T) {
	ts := MustOpenServer(t)
	ctx := context.Background()
	get := func(t *testing.T, path string, v any) int {
		t.Helper()
		code, body := ts.do(t, truce.RolePublic, "GET", path, "")
		if code == 200 && v != nil {
			if err := json.Unmarshal(body, v); err != nil {
				t.Fatalf("%s: %v: %s", path, err, body)
			}
		}
		return code
	}

	t.Run("LinesBuiltin", func(t *testing.T) {
		var lr LinesResponse
		if code := get(t, "/api/lines", &lr); code != 200 {
			t.Fatalf("status %d", code)
		}
		if len(lr.Versions) != 1 || !lr.Versions[0].Builtin || lr.Versions[0].Date.String() != geo.DemoLineDate || !lr.Versions[0].Approximate {
			t.Errorf("got %+v, want the builtin demo version", lr.Versions)
		}
	})
	t.Run("ClassifyDemo", func(t *testing.T) {
		code, body := ts.do(t, truce.RolePublic, "POST", "/api/classify",
			`{"at":"2025-04-20","points":[{"id":"donetsk","lon":37.80224,"lat":48.023},{"id":"kyiv","lon":30.52,"lat":50.45}]}`)
		if code != 200 {
			t.Fatalf("status %d: %s", code, body)
		}
		var cr ClassifyResponse
		if err := json.Unmarshal(body, &cr); err != nil {
			t.Fatal(err)
		}
		if cr.LineDate != geo.DemoLineDate || !cr.LineApproximate || len(cr.Results) != 2 {
			t.Fatalf("got %+v", cr)
		}
		if r := cr.Results[0]; !r.Inside || r.Oblast != "Donetsk Oblast" || r.LineKm == nil || *r.LineKm <= 0 {
			t.Errorf("donetsk: %+v", r)
		}
		if r := cr.Results[1]; r.Inside || r.Oblast != "Kyiv" || r.LineKm == nil || *r.LineKm < 300 {
			t.Errorf("kyiv: %+v", r)
		}
	})

	v := &truce.LineVersion{Date: truce.MustParseDate("2025-05-01"), AreaKm2: 8000, Source: "test square", Geometry: json.RawMessage(testAreaGeoJSON)}
	if err := ts.DB.PutLineVersion(ctx, v, false); err != nil {
		t.Fatal(err)
	}
	t.Run("LinesStored", func(t *testing.T) {
		var lr LinesResponse
		get(t, "/api/lines", &lr)
		if len(lr.Versions) != 1 || lr.Versions[0].Builtin || lr.Versions[0].Source != "test square" || lr.Versions[0].Geometry != nil {
			t.Errorf("got %+v", lr.Versions)
		}
	})
	t.Run("LineAtDate", func(t *testing.T) {
		code, body := ts.do(t, truce.RolePublic, "GET", "/api/lines/2025-06-30", "")
		if code != 200 {
			t.Fatalf("status %d: %s", code, body)
		}
		fs, err := geo.ParseGeoJSON(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 || fs[0].Properties["date"] != "2025-05-01" || fs[0].Properties["kind"] != "occupied_area" || fs[1].Properties["kind"] != "line_of_contact" {
			t.Fatalf("got %+v", fs)
		}
		if a := fs[0].Properties["area_km2"].(float64); a < 7000 || a > 9000 {
			t.Errorf("area %v", a)
		}
	})
	t.Run("OGCLineVersions", func(t *testing.T) {
		code, body := ts.do(t, truce.RolePublic, "GET", "/ogc/collections/line-versions/items", "")
		if code != 200 || !strings.Contains(string(body), `"id":"2025-05-01"`) || strings.Contains(string(body), geo.DemoLineDate) {
			t.Errorf("status %d: %.300s", code, body)
		}
	})
	t.Run("ClassifyStored", func(t *testing.T) {
		code, body := ts.do(t, truce.RolePublic, "POST", "/api/classify", `{"at":"2025-05-02","buffers_km":[20],"points":[{"id":"in","lon":36.5,"lat":48.5},{"id":"near","lon":35.9,"lat":48.5}]}`)
		if code != 200 {
			t.Fatalf("status %d: %s", code, body)
		}
		var cr ClassifyResponse
		json.Unmarshal(body, &cr)
		if cr.LineDate != "2025-05-01" || cr.LineApproximate {
			t.Errorf("line %s approximate %v", cr.LineDate, cr.LineApproximate)
		}
		if r := cr.Results[0]; !r.Inside {
			t.Errorf("in: %+v", r)
		}
		if r := cr.Results[1]; r.Inside || !contains(r.Zones, "buffer:held:20km") {
			t.Errorf("near: %+v", r)
		}
	})
	for _, tt := range []struct {
		name, method, path, body string
		code                     int
	}{
		{"ErrLineBeforeFirst", "GET", "/api/lines/2024-01-01", "", 404},
		{"ErrLineDate", "GET", "/api/lines/yesterday", "", 400},
		{"ErrClassifyBefore", "POST", "/api/classify", `{"at":"2024-01-01","points":[{"id":"a","lon":30,"lat":50}]}`, 404},
		{"ErrClassifyLat", "POST", "/api/classify", `{"points":[{"id":"a","lon":30,"lat":95}]}`, 400},
		{"ErrClassifyEmpty", "POST", "/api/classify", `{"points":[]}`, 400},
		{"ErrClassifyBuffers", "POST", "/api/classify", `{"buffers_km":[-1],"points":[{"id":"a","lon":30,"lat":50}]}`, 400},
		{"ErrClassifyTooMany", "POST", "/api/classify", tooManyPoints(), 413},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, body := ts.do(t, truce.RolePublic, tt.method, tt.path, tt.body)
			if code != tt.code {
				t.Errorf("status %d, want %d: %s", code, tt.code, body)
			}
		})
	}
	t.Run("Sites", func(t *testing.T) {
		var sr SitesResponse
		get(t, "/api/sites?class=nuclear_plant", &sr)
		if !sr.Builtin || len(sr.Sites) < 4 {
			t.Errorf("got builtin %v, %d sites", sr.Builtin, len(sr.Sites))
		}
		for _, s := range sr.Sites {
			if s.Class != "nuclear_plant" {
				t.Errorf("class filter let %s through", s.Class)
			}
		}
		if err := ts.DB.PutSites(ctx, []truce.Site{{ID: "h1", Class: "hospital", Lon: 36.2, Lat: 49.9, RadiusKm: 1}}); err != nil {
			t.Fatal(err)
		}
		get(t, "/api/sites", &sr)
		if sr.Builtin || len(sr.Sites) != 1 || sr.Sites[0].ID != "h1" {
			t.Errorf("got %+v", sr)
		}
	})
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func tooManyPoints() string {
	var b strings.Builder
	b.WriteString(`{"points":[`)
	for i := range MaxClassifyPoints + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"p%d","lon":30,"lat":50}`, i)
	}
	b.WriteString(`]}`)
	return b.String()
}

func TestGeoGroundUsesLineVersions(t *testing.T) {
	ts := MustOpenServer(t)
	ctx := context.Background()
	v := &truce.LineVersion{Date: truce.MustParseDate("2025-05-01"), AreaKm2: 8000, Geometry: json.RawMessage(testAreaGeoJSON)}
	if err := ts.DB.PutLineVersion(ctx, v, false); err != nil {
		t.Fatal(err)
	}
	g, err := NewGeoGround(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.UseStore(ctx, ts.DB); err != nil {
		t.Fatal(err)
	}
	at := func(d string) time.Time { return truce.MustParseDate(d).Time().Add(12 * time.Hour) }
	for _, tt := range []struct {
		name      string
		lon, lat  float64
		at        time.Time
		side      string
		lineKnown bool
	}{
		{"InsideAfter", 36.5, 48.5, at("2025-05-02"), "RU", true},
		{"OutsideAfter", 35.5, 48.5, at("2025-05-02"), "UA", true},
		// The demo line has Donetsk occupied; the stored square does not.
		{"DonetskAfter", 37.80224, 48.023, at("2025-05-02"), "UA", true},
		{"Before", 36.5, 48.5, at("2025-04-01"), "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := g.Facts(tt.lon, tt.lat, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if f.Side != tt.side || (f.LineKm >= 0) != tt.lineKnown {
				t.Errorf("side %q line %v, want side %q, line known %v", f.Side, f.LineKm, tt.side, tt.lineKnown)
			}
		})
	}
}
