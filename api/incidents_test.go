package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
)

// MustServe starts the API over a new database with the built-in scenario.
func MustServe(tb testing.TB) (*httptest.Server, *sqldb.DB) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(tb.TempDir(), "truce.db"))
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.LoadScenario(ctx, sc); err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC) }
	api.WireJudge(db)
	s := api.New(db, nil)
	// Calls are made as an analyst (who may submit reports and decide).
	s.Auth = auth.New(db.SQL())
	u := &truce.User{Name: "test-analyst", Role: truce.RoleAnalyst}
	if err := s.Auth.CreateUser(ctx, u, ""); err != nil {
		tb.Fatal(err)
	}
	if testToken, _, err = s.Auth.CreateToken(ctx, u, "test"); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(s)
	tb.Cleanup(func() { srv.Close(); db.Close() })
	return srv, db
}

// testToken is the API token MustServe made for the test analyst.
var testToken string

const sumyJSON = `{"client_id": "m17-0001", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9077, "lon": 34.7981,
 "precision": 1, "type": "assault", "mode": "missile", "weapons": ["ballistic-missile"],
 "target": "civilian", "killed": {"best": 35}, "injured": {"best": 117}, "perpetrator": "RU",
 "source": {"kind": "monitor"}, "description": "Two ballistic missiles struck the centre of Sumy."}`

func do(tb testing.TB, method, url, body string) (int, map[string]any) {
	tb.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	return resp.StatusCode, m
}

func TestPostReport(t *testing.T) {
	srv, _ := MustServe(t)
	t.Run("OK", func(t *testing.T) {
		code, m := do(t, "POST", srv.URL+"/api/reports", sumyJSON)
		if code != 201 || m["report"] == nil || m["incident"] == nil {
			t.Fatalf("got %d %v", code, m)
		}
		code2, m2 := do(t, "POST", srv.URL+"/api/reports", sumyJSON)
		if code2 != 201 || m2["report"] != m["report"] || m2["incident"] != m["incident"] {
			t.Errorf("retry got %d %v, want 201 %v", code2, m2, m)
		}
		code, in := do(t, "GET", srv.URL+"/api/incidents/"+jsonNum(m["incident"]), "")
		if code != 200 || in["grade"] != "alleged" {
			t.Fatalf("incident %d %v", code, in)
		}
		vs, _ := in["verdicts"].([]any)
		found := false
		for _, v := range vs {
			v := v.(map[string]any)
			if v["provision"] == "energy-truce-2025-03/energy" {
				found = true
				if v["verdict"] != "not-covered" || !strings.Contains(v["explanation"].(string), "energy infrastructure only") {
					t.Errorf("verdict %v", v)
				}
			}
		}
		if !found {
			t.Errorf("no verdict on the energy truce: %v", vs)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		body := strings.Replace(strings.Replace(sumyJSON, `"lat": 50.9077`, `"lat": 95`, 1), `"best": 35`, `"best": 35, "low": 50`, 1)
		code, m := do(t, "POST", srv.URL+"/api/reports", strings.Replace(body, "m17-0001", "m17-0002", 1))
		if code != 400 {
			t.Fatalf("got %d %v", code, m)
		}
		errs, _ := m["errors"].([]any)
		var fields []string
		for _, e := range errs {
			fields = append(fields, e.(map[string]any)["field"].(string))
		}
		if strings.Join(fields, ",") != "lat,killed.low" {
			t.Errorf("fields %v, want lat,killed.low", fields)
		}
	})
	t.Run("ErrFuture", func(t *testing.T) {
		body := strings.Replace(strings.Replace(sumyJSON, "2025-04-13", "2025-05-13", 1), "m17-0001", "m17-0003", 1)
		if code, m := do(t, "POST", srv.URL+"/api/reports", body); code != 400 || m["field"] != "observed_at" {
			t.Errorf("got %d %v", code, m)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		body := strings.Replace(sumyJSON, `"precision"`, `"precison"`, 1)
		if code, m := do(t, "POST", srv.URL+"/api/reports", body); code != 400 || m["field"] != "precison" {
			t.Errorf("got %d %v", code, m)
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		if code, _ := do(t, "POST", srv.URL+"/api/reports", `{"client_id": `); code != 400 {
			t.Errorf("got %d", code)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		body := strings.Replace(sumyJSON, `"..."`, `"`+strings.Repeat("x", api.MaxReportBody)+`"`, 1)
		body = strings.Replace(body, `Two ballistic`, strings.Repeat("x", api.MaxReportBody), 1)
		if code, _ := do(t, "POST", srv.URL+"/api/reports", body); code != 413 {
			t.Errorf("got %d, want 413", code)
		}
	})
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestDecisionsAndCompliance(t *testing.T) {
	srv, _ := MustServe(t)
	_, m := do(t, "POST", srv.URL+"/api/reports", sumyJSON)
	inc := srv.URL + "/api/incidents/" + jsonNum(m["incident"])
	if code, p := do(t, "POST", inc+"/verify", `{}`); code != 400 || p["field"] != "reason" {
		t.Errorf("verify without reason: %d %v", code, p)
	}
	code, in := do(t, "POST", inc+"/verify", `{"reason": "seen by team 17"}`)
	if code != 200 || in["grade"] != "verified" {
		t.Fatalf("verify: %d %v", code, in)
	}
	ds := in["decisions"].([]any)
	if d := ds[0].(map[string]any); d["by"] != "test-analyst" || d["reason"] != "seen by team 17" || d["at"] == nil {
		t.Errorf("decision %v", d)
	}
	if code, p := do(t, "POST", inc+"/uphold", `{"reason": "x"}`); code != 400 {
		t.Errorf("uphold undisputed: %d %v", code, p)
	}
	code, in = do(t, "POST", inc+"/dispute", `{"party": "RU", "reason": "a military target"}`)
	if code != 200 || in["grade"] != "disputed" || len(in["contests"].([]any)) != 1 {
		t.Fatalf("dispute: %d %v", code, in)
	}
	if code, _ := do(t, "POST", srv.URL+"/api/incidents/999/verify", `{"reason": "x"}`); code != 404 {
		t.Errorf("unknown incident: %d", code)
	}
	code, c := do(t, "GET", srv.URL+"/api/compliance?date=2025-04-14", "")
	if code != 200 {
		t.Fatalf("compliance: %d %v", code, c)
	}
	clocks := c["clocks"].([]any)
	if len(clocks) != 1 || clocks[0].(map[string]any)["provision"] != "energy-truce-2025-03/energy" || clocks[0].(map[string]any)["days"] != 27.0 {
		t.Errorf("clocks %v", clocks)
	}
	tally := c["tally"].(map[string]any)
	if tally["incidents"] != 1.0 {
		t.Errorf("tally %v", tally)
	}
	if code, _ := do(t, "GET", srv.URL+"/api/compliance?date=2025-04-14&from=2025-05-01", ""); code != 400 {
		t.Errorf("from after date: %d", code)
	}
	code, l := do(t, "GET", srv.URL+"/api/incidents?grade=disputed&from=2025-04-13&to=2025-04-13", "")
	if code != 200 || len(l["incidents"].([]any)) != 1 {
		t.Errorf("list: %d %v", code, l)
	}
	if code, _ := do(t, "GET", srv.URL+"/api/incidents?grade=rumoured", ""); code != 400 {
		t.Errorf("bad grade: %d", code)
	}
}

func TestGeoGround(t *testing.T) {
	g, err := api.NewGeoGround([]truce.Zone{{ID: "ukraine", Builtin: "admin:ukraine"}, {ID: "black-sea", Builtin: "sea:black-sea"},
		{ID: "mars", Builtin: "planet:mars"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := g.Facts(34.7981, 50.9077, time.Now()) // Sumy
	if err != nil {
		t.Fatal(err)
	}
	if !f.InZone("ukraine") || f.InZone("black-sea") || f.Side != "UA" || f.Oblast == "" || f.LineKm <= 0 {
		t.Errorf("Sumy: %+v", f)
	}
	if len(f.Unresolved) != 1 || f.Unresolved[0] != "mars" {
		t.Errorf("unresolved %v", f.Unresolved)
	}
	f, _ = g.Facts(31.5, 43.5, time.Now()) // the open Black Sea
	if f.InZone("ukraine") || !f.InZone("black-sea") {
		t.Errorf("Black Sea: %+v", f)
	}
	f, _ = g.Facts(37.80, 48.00, time.Now()) // Donetsk, occupied
	if f.Side != "RU" || !f.InZone("ukraine") {
		t.Errorf("Donetsk: %+v", f)
	}
}

func TestEnergyStrikeViolation(t *testing.T) {
	srv, _ := MustServe(t)
	body := `{"client_id": "m3-0007", "observed_at": "2025-04-10T02:00:00Z", "lat": 49.9935, "lon": 36.2304, "precision": 1,
	 "place": "Kharkiv", "type": "assault", "mode": "drone", "target": "energy", "perpetrator": "RU", "source": {"kind": "monitor"}}`
	code, m := do(t, "POST", srv.URL+"/api/reports", body)
	if code != 201 {
		t.Fatalf("%d %v", code, m)
	}
	_, in := do(t, "GET", srv.URL+"/api/incidents/"+jsonNum(m["incident"]), "")
	v := in["verdicts"].([]any)[0].(map[string]any)
	want := "drone strike on an energy target in Kharkiv on 2025-04-10: the energy truce of 2025-03-18..2025-04-17, binding RU, protects energy infrastructure: violation"
	if v["verdict"] != "violation" || v["explanation"] != want {
		t.Errorf("got %v\nwant %q", v, want)
	}
}

func TestDaily(t *testing.T) {
	srv, db := MustServe(t)
	f, err := os.Open("../daily/testdata/reports-2025-04.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/api/reports/bulk", f)
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("bulk: %d", resp.StatusCode)
	}
	code, m := do(t, "GET", srv.URL+"/api/daily?date=2025-04-13&format=json", "")
	if code != 200 || m["edition"] != "internal" {
		t.Fatalf("daily: %d edition %v (an analyst gets the internal edition)", code, m["edition"])
	}
	if _, m := do(t, "GET", srv.URL+"/api/daily?date=2025-04-13&public=true", ""); m["edition"] != "public" {
		t.Errorf("edition %v, want public when asked", m["edition"])
	}
	// The day is Kyiv's: the shelling of Kherson at 2025-04-12T22:00Z
	// (01:00 on the 13th in Kyiv) is of the 13th; the advance at 09:00Z on
	// the 12th is of the day before.
	day, prev := m["day"].(map[string]any), m["previous_day"].(map[string]any)
	if day["incidents"] != 5.0 || day["violations"] != 2.0 || prev["incidents"] != 1.0 || m["time_zone"] != "Europe/Kyiv" {
		t.Errorf("day %v, previous day %v, zone %v", day, prev, m["time_zone"])
	}
	for _, format := range []string{"html", "md"} {
		resp, err := http.Get(srv.URL + "/api/daily?date=2025-04-13&format=" + format + "&download=1")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "Daily report of 2025-04-13 (public edition)") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "truce-daily-2025-04-13-public."+format) {
			t.Errorf("%s: %d %s %.200s", format, resp.StatusCode, resp.Header.Get("Content-Disposition"), b)
		}
		if strings.Contains(string(b), "50.9077") || strings.Contains(string(b), "team-17") {
			t.Errorf("%s: the public edition leaks an exact place or a source", format)
		}
	}
	if code, _ := do(t, "GET", srv.URL+"/api/daily?format=pdf", ""); code != 400 {
		t.Errorf("format pdf: %d", code)
	}
	_ = db
}

// TestRejudge: an incident is judged again when a provision changes.
func TestRejudge(t *testing.T) {
	srv, db := MustServe(t)
	body := `{"client_id": "m9-0100", "observed_at": "2025-04-19T06:00:00Z", "lat": 48.29, "lon": 37.18, "precision": 2,
	 "place": "Pokrovsk", "type": "advance", "perpetrator": "RU", "source": {"kind": "monitor"}}`
	code, m := do(t, "POST", srv.URL+"/api/reports", body)
	if code != 201 {
		t.Fatalf("%d %v", code, m)
	}
	url := srv.URL + "/api/incidents/" + jsonNum(m["incident"])
	verdictOn := func(p string) map[string]any {
		_, in := do(t, "GET", url, "")
		for _, v := range in["verdicts"].([]any) {
			if v := v.(map[string]any); v["provision"] == p {
				return v
			}
		}
		return nil
	}
	if v := verdictOn("paris-2025/ceasefire"); v != nil {
		t.Fatalf("a verdict on a proposed ceasefire: %v", v)
	}
	ctx := context.Background()
	// The mediator's write path: the status changes over the API.
	for _, st := range []string{"agreed", "in-force"} {
		if code, m := do(t, "POST", srv.URL+"/api/provisions/paris-2025/ceasefire/status", `{"status": "`+st+`", "on": "2025-04-18", "reason": "announced in Paris"}`); code != 201 {
			t.Fatalf("status %s: %d %v", st, code, m)
		}
	}
	// The compliance view waits for the re-judging: every verdict it counts
	// is of the current rules, and it says which.
	_, c := do(t, "GET", srv.URL+"/api/compliance?date=2025-04-20", "")
	if rv, _ := db.RulesVersion(ctx); c["rules_version"] != float64(rv) {
		t.Errorf("compliance judged with rules version %v, the rules are at %d", c["rules_version"], rv)
	}
	if _, stale, err := db.StaleIncidents(ctx); err != nil || stale != 0 {
		t.Errorf("%d stale incidents after the compliance view (%v)", stale, err)
	}
	v := verdictOn("paris-2025/ceasefire")
	if v == nil || v["verdict"] != "violation" || !strings.Contains(v["explanation"].(string), "forbids advances across the line of contact") {
		t.Errorf("after the ceasefire entered into force: %v", v)
	}
}

func TestBulkReports(t *testing.T) {
	srv, _ := MustServe(t)
	post := func(ctype, body, query string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/reports/bulk"+query, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	csv := "client_id,observed_at,lat,lon,precision,type,mode,target,killed_best,perpetrator,source_kind\n" +
		"c-1,2025-04-13T08:20:00Z,50.9077,34.7981,1,assault,missile,civilian,35,RU,monitor\n" +
		"c-2,2025-04-13T09:00:00Z,95,34.7981,1,assault,missile,civilian,,RU,monitor\n" +
		"c-3,2025-04-13T09:00:00Z,49.99,36.23,1,assault,drone,energy,,RU,gossip\n"
	code, m := post("text/csv", csv, "")
	if code != 400 || m["stored"] != false {
		t.Fatalf("bad rows: %d %v", code, m)
	}
	errs := m["errors"].([]any)
	if len(errs) != 2 || errs[0].(map[string]any)["line"] != 3.0 || errs[0].(map[string]any)["field"] != "lat" ||
		errs[1].(map[string]any)["line"] != 4.0 || errs[1].(map[string]any)["field"] != "source.kind" {
		t.Errorf("errors %v", errs)
	}
	if _, l := do(t, "GET", srv.URL+"/api/incidents", ""); len(l["incidents"].([]any)) != 0 {
		t.Errorf("a refused import stored incidents")
	}
	code, m = post("text/csv", csv, "?partial=true")
	if code != 200 || m["added"] != 1.0 || len(m["errors"].([]any)) != 2 {
		t.Errorf("partial: %d %v", code, m)
	}
	geo := `{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.23, 49.99]},
	 "properties": {"client_id": "g-1", "observed_at": "2025-04-13T01:10:00Z", "precision": 1, "type": "assault", "target": "energy", "source": {"kind": "monitor"}}}]}`
	if code, m := post("application/geo+json", geo, ""); code != 200 || m["added"] != 1.0 {
		t.Errorf("geojson: %d %v", code, m)
	}
	if code, _ := post("application/pdf", "x", ""); code != 400 {
		t.Errorf("pdf: %d", code)
	}
}

// TestRevisesAPI: a report revising its source's earlier report joins its
// incident and shows what it revises to staff; revising another source's
// report is a 400 on field revises.
func TestRevisesAPI(t *testing.T) {
	srv, _ := MustServe(t)
	post := func(id, identity, revises string) (int, map[string]any) {
		body := `{"client_id": "` + id + `", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9077, "lon": 34.7981, "precision": 1,
		 "type": "assault", "mode": "missile", "target": "civilian", "perpetrator": "RU",
		 "source": {"kind": "monitor", "identity": "` + identity + `"}, "revises": "` + revises + `"}`
		return do(t, "POST", srv.URL+"/api/reports", body)
	}
	_, a := post("m17-0001", "team-17", "")
	_, again := post("m17-0002", "team-17", "")
	code, rev := post("m17-0003", "team-17", "m17-0001")
	if code != 201 || rev["incident"] != a["incident"] || again["incident"] == a["incident"] {
		t.Errorf("first %v, same team again %v, revision %d %v", a, again, code, rev)
	}
	if _, r := do(t, "GET", srv.URL+"/api/reports/"+jsonNum(rev["report"]), ""); r["revises"] != "m17-0001" {
		t.Errorf("stored report %v", r)
	}
	code, m := post("m9-0001", "team-9", "m17-0001")
	if code != 400 || !strings.Contains(fmt.Sprint(m), "revises") {
		t.Errorf("another team's revision: %d %v", code, m)
	}
}
