package api

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// ogcItems is the part of an items page the tests read.
type ogcItems struct {
	Features []struct {
		ID       any `json:"id"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	NumberMatched int `json:"numberMatched"`
}

func mustOGCServer(t *testing.T) *testServer {
	t.Helper()
	ts := MustOpenServer(t)
	for _, body := range []string{
		`{"client_id": "m17-0001", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9077, "lon": 34.7981,
		  "precision": 1, "type": "assault", "mode": "missile", "weapons": ["ballistic-missile"],
		  "target": "civilian", "killed": {"best": 35}, "injured": {"best": 117}, "perpetrator": "RU",
		  "source": {"kind": "monitor"}, "description": "Two ballistic missiles struck the centre of Sumy."}`,
		`{"client_id": "m3-0007", "observed_at": "2025-04-10T02:00:00Z", "lat": 49.9935, "lon": 36.2304, "precision": 1,
		  "type": "assault", "mode": "drone", "target": "energy", "perpetrator": "RU", "source": {"kind": "monitor"}}`,
	} {
		if code, b := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", body); code != http.StatusCreated {
			t.Fatalf("POST /api/reports: %d %s", code, b)
		}
	}
	return ts
}

func (ts *testServer) ogcItems(t *testing.T, role truce.Role, path string) ogcItems {
	t.Helper()
	code, b := ts.do(t, role, "GET", path, "")
	if code != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", path, role, code, b)
	}
	var p ogcItems
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOGCIncidents checks that incidents are served as each role may see
// them, and that filters see only that: a bbox around the precise place
// of the Sumy strike but not its coarsened place finds nothing for the public.
func TestOGCIncidents(t *testing.T) {
	ts := mustOGCServer(t)
	const items = "/ogc/collections/incidents/items"
	full := ts.ogcItems(t, truce.RoleAnalyst, items+"?datetime=2025-04-13")
	if full.NumberMatched != 1 || string(full.Features[0].Geometry.Coordinates) != "[34.7981,50.9077]" {
		t.Fatalf("analyst: %+v", full)
	}
	pub := ts.ogcItems(t, truce.RolePublic, items+"?datetime=2025-04-13")
	if pub.NumberMatched != 1 {
		t.Fatalf("public: %+v", pub)
	}
	if c := string(pub.Features[0].Geometry.Coordinates); c != "[34.8,50.9]" {
		t.Errorf("public coordinates %v, want the coarsened [34.8 50.9]", c)
	}
	if _, ok := pub.Features[0].Properties["description"]; ok {
		t.Error("the public sees the description of an incident")
	}
	tight := items + "?bbox=34.79,50.905,34.80,50.91"
	if p := ts.ogcItems(t, truce.RoleAnalyst, tight); p.NumberMatched != 1 {
		t.Errorf("analyst, bbox around the precise place: %d matched, want 1", p.NumberMatched)
	}
	if p := ts.ogcItems(t, truce.RolePublic, tight); p.NumberMatched != 0 {
		t.Errorf("public, bbox around the precise place: %d matched, want 0 (the coarse place is outside)", p.NumberMatched)
	}
	coarse := items + "?bbox=34.799,50.899,34.801,50.901" // the shown place, not the stored one
	if p := ts.ogcItems(t, truce.RolePublic, coarse); p.NumberMatched != 1 {
		t.Errorf("public, bbox around the coarse place: %d matched, want 1", p.NumberMatched)
	}
	if p := ts.ogcItems(t, truce.RoleAnalyst, coarse); p.NumberMatched != 0 {
		t.Errorf("analyst, bbox around the coarse place: %d matched, want 0", p.NumberMatched)
	}
	if p := ts.ogcItems(t, truce.RolePublic, items+"?bbox=36,49.5,37,50.5"); p.NumberMatched != 1 {
		t.Errorf("public, bbox around Kharkiv: %d matched, want 1", p.NumberMatched)
	}
	code, b := ts.do(t, truce.RolePublic, "GET", "/ogc/collections/incidents/items/1", "")
	if code != http.StatusOK || !strings.Contains(string(b), `"coordinates":[34.8,50.9]`) {
		t.Errorf("GET incident 1 as the public: %d %s", code, b)
	}
	if code, _ := ts.do(t, truce.RolePublic, "GET", "/ogc/collections/incidents/items/999", ""); code != http.StatusNotFound {
		t.Errorf("GET incident 999: %d, want 404", code)
	}
	if p := ts.ogcItems(t, truce.RolePublic, items); p.NumberMatched != 2 {
		t.Errorf("public, all: %d matched, want 2", p.NumberMatched)
	}
}

// TestOGCLanding walks the landing page, the conformance declaration and
// the collections.
func TestOGCLanding(t *testing.T) {
	ts := MustOpenServer(t)
	var landing struct {
		Links []struct{ Href, Rel string }
	}
	code, b := ts.do(t, truce.RolePublic, "GET", "/ogc", "")
	if code != 200 || json.Unmarshal(b, &landing) != nil {
		t.Fatalf("GET /ogc: %d %s", code, b)
	}
	rels := map[string]string{}
	for _, l := range landing.Links {
		rels[l.Rel] = l.Href
	}
	for _, rel := range []string{"self", "service-desc", "conformance", "data"} {
		if !strings.HasPrefix(rels[rel], ts.URL) {
			t.Errorf("landing link %s = %q, want an absolute URL on the server", rel, rels[rel])
		}
	}
	code, b = ts.do(t, truce.RolePublic, "GET", "/ogc/conformance", "")
	if code != 200 || !strings.Contains(string(b), "/conf/core") || !strings.Contains(string(b), "/conf/geojson") {
		t.Errorf("GET /ogc/conformance: %d %s", code, b)
	}
	var cs struct {
		Collections []struct {
			ID     string
			Extent struct {
				Spatial struct{ BBox [][]float64 }
			}
		}
	}
	code, b = ts.do(t, truce.RolePublic, "GET", "/ogc/collections", "")
	if code != 200 || json.Unmarshal(b, &cs) != nil {
		t.Fatalf("GET /ogc/collections: %d %s", code, b)
	}
	var ids []string
	for _, c := range cs.Collections {
		ids = append(ids, c.ID)
		if c.ID == "zones" && (len(c.Extent.Spatial.BBox) != 1 || c.Extent.Spatial.BBox[0][0] > 23) {
			t.Errorf("zones extent %v, want one bbox starting west of 23°E (Ukraine)", c.Extent.Spatial.BBox)
		}
	}
	if got := strings.Join(ids, ","); got != "incidents,zones,sites,line-versions" {
		t.Errorf("collections %s", got)
	}
	p := ts.ogcItems(t, truce.RolePublic, "/ogc/collections/zones/items")
	if p.NumberMatched != 3 {
		t.Errorf("zones: %d, want the scenario's 3", p.NumberMatched)
	}
	if code, _ := ts.do(t, truce.RolePublic, "GET", "/ogc/collections/zones/items/black-sea", ""); code != 200 {
		t.Errorf("GET zone black-sea: %d", code)
	}
	if code, _ := ts.do(t, truce.RolePublic, "GET", "/ogc/collections/zones/items/atlantis", ""); code != 404 {
		t.Errorf("GET zone atlantis: %d, want 404", code)
	}
}

// TestOGCWithGDAL reads the server with a real client: GDAL's ogrinfo and
// its OAPIF driver list the collections and read the features.
func TestOGCWithGDAL(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the GDAL client test in -short mode")
	}
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("skipping: ogrinfo not installed (scripts/ci-setup.d/30-gdal.sh installs Debian's gdal-bin)")
	}
	ts := mustOGCServer(t)
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(ogrinfo, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	src := "OAPIF:" + ts.URL + "/ogc"
	out := run("-ro", src)
	for _, want := range []string{"incidents", "zones (title: Zones) (Multi Polygon)", "sites (title: Protected sites) (Point)", "line-versions"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo lists no %q:\n%s", want, out)
		}
	}
	out = run("-ro", "-al", "-q", src, "zones")
	for _, want := range []string{"name (String) = Black Sea", "name (String) = Sea of Azov", "MULTIPOLYGON ((("} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo zones lack %q", want)
		}
	}
	out = run("-ro", "-al", "-q", "-spat", "36", "49.5", "37", "50.5", src, "incidents")
	if !strings.Contains(out, "POINT (36.2 50.0)") || strings.Contains(out, "34.8") || !strings.Contains(out, "grade (String) = ") {
		t.Errorf("ogrinfo incidents near Kharkiv (public view):\n%s", out)
	}
	out = run("-ro", "-so", src, "sites")
	if !strings.Contains(out, "Geometry: Point") || !strings.Contains(out, "Feature Count: ") {
		t.Errorf("ogrinfo sites summary:\n%s", out)
	}
}
