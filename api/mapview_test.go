package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/sqldb"
)

func getMap(tb testing.TB, url string) (int, api.MapIncidents) {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m api.MapIncidents
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &m); err != nil {
			tb.Fatalf("GET %s: %v: %s", url, err, b)
		}
	}
	return res.StatusCode, m
}

func TestMapIncidents(t *testing.T) {
	srv, _ := MustServe(t)
	// Three places: Sumy, Kharkiv, Odesa.
	places := []struct {
		lat, lon float64
		day      string
		target   string
	}{
		{50.9077, 34.7981, "2025-04-13", "civilian"},
		{49.9935, 36.2304, "2025-04-05", "civilian"},
		{46.4825, 30.7233, "2025-03-20", "energy"},
	}
	for i, p := range places {
		body := fmt.Sprintf(`{"client_id": "map-%d", "observed_at": "%sT08:00:00Z", "lat": %v, "lon": %v, "precision": 1,
			"type": "assault", "mode": "missile", "target": %q, "perpetrator": "RU", "source": {"kind": "monitor"}}`, i, p.day, p.lat, p.lon, p.target)
		if code, m := do(t, "POST", srv.URL+"/api/reports", body); code != http.StatusCreated {
			t.Fatalf("POST report %d: %d %v", i, code, m)
		}
	}

	t.Run("OK", func(t *testing.T) {
		code, m := getMap(t, srv.URL+"/api/map/incidents")
		if code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		if m.Total != 3 || m.Clustered || len(m.Features) != 3 || len(m.Newest) != 3 {
			t.Fatalf("got total %d clustered %v features %d newest %d, want 3 points", m.Total, m.Clustered, len(m.Features), len(m.Newest))
		}
		var days []string
		for _, p := range m.Newest {
			days = append(days, p.Start)
		}
		if diff := cmp.Diff([]string{"2025-04-13", "2025-04-05", "2025-03-20"}, days); diff != "" {
			t.Errorf("newest first (-want +got):\n%s", diff)
		}
		// The Odesa strike on energy inside the energy truce's window is judged.
		if v := m.Newest[2].Verdict; v == "" {
			t.Errorf("the energy strike of 2025-03-20 has no verdict")
		}
	})
	t.Run("BBox", func(t *testing.T) {
		// A box around Kharkiv and Sumy only.
		_, m := getMap(t, srv.URL+"/api/map/incidents?bbox=33,49,38,52")
		if m.Total != 2 {
			t.Errorf("got %d incidents in the box, want 2", m.Total)
		}
	})
	t.Run("Window", func(t *testing.T) {
		_, m := getMap(t, srv.URL+"/api/map/incidents?from=2025-04-05&to=2025-04-13")
		if m.Total != 2 {
			t.Errorf("got %d incidents from 2025-04-05 to 2025-04-13 inclusive, want 2", m.Total)
		}
	})
	t.Run("Clustered", func(t *testing.T) {
		_, m := getMap(t, srv.URL+"/api/map/incidents?max=2&bbox=22,44,41,53")
		if !m.Clustered || m.Total != 3 {
			t.Fatalf("got clustered %v total %d, want a clustered answer over 3", m.Clustered, m.Total)
		}
		n := 0
		for _, f := range m.Features {
			c, ok := f.Properties["count"].(float64)
			if !ok {
				t.Fatalf("cluster feature without a count: %v", f.Properties)
			}
			n += int(c)
		}
		if n != 3 {
			t.Errorf("cluster counts add up to %d, want 3", n)
		}
	})
	for _, tc := range []struct{ name, query string }{
		{"ErrBBoxParts", "bbox=1,2,3"},
		{"ErrBBoxNumber", "bbox=a,2,3,4"},
		{"ErrBBoxLat", "bbox=0,50,10,40"},
		{"ErrMax", "max=0"},
		{"ErrFrom", "from=2025-13-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, m := do(t, "GET", srv.URL+"/api/map/incidents?"+tc.query, "")
			if code != http.StatusBadRequest || m["code"] != "invalid" {
				t.Errorf("got %d %v, want 400 invalid", code, m)
			}
		})
	}
}

// seedIncidents stores n reports spread over Ukraine and over 30 days with
// the store's bulk import (one transaction).
func seedIncidents(tb testing.TB, db *sqldb.DB, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	reps := make([]truce.Report, n)
	modes := []truce.Mode{"missile", "drone", "shelling"}
	targets := []truce.TargetClass{"civilian", "energy", "military"}
	for i := range reps {
		reps[i] = truce.Report{
			ClientID:   fmt.Sprintf("bench-%d", i),
			ObservedAt: time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(30*24*60)) * time.Minute),
			Lat:        45.5 + rng.Float64()*6.5, Lon: 23 + rng.Float64()*16.5, Precision: 1,
			Type: "assault", Mode: modes[i%3], Target: targets[(i/3)%3], Perpetrator: "RU",
			Source: truce.ReportSource{Kind: "monitor"},
		}
	}
	if _, err := db.ImportReports(context.Background(), reps, sqldb.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkMapIncidents measures the dashboard's viewport query over
// 100,000 incidents: the whole of Ukraine (aggregated onto a grid) and one
// oblast-sized box. Run: go test ./api -run '^$' -bench MapIncidents -benchtime 20x
// (Ukraine 955 ms per request with a verdict lookup per incident; 112 ms
// with the worst verdict kept on the incident, the covering map index and
// the grid summed in Go.)
func BenchmarkMapIncidents(b *testing.B) {
	srv, db := MustServe(b)
	start := time.Now()
	seedIncidents(b, db, 100_000)
	b.Logf("seeded 100,000 reports in %v", time.Since(start).Round(time.Millisecond))
	for _, bc := range []struct{ name, query string }{
		{"Ukraine", "bbox=22,44,41,53"},
		{"Kharkiv", "bbox=35.5,49.5,37.5,50.5"},
		{"Kharkiv7days", "bbox=35.5,49.5,37.5,50.5&from=2025-04-10&to=2025-04-16"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int
			var m api.MapIncidents
			for b.Loop() {
				res, err := http.Get(srv.URL + "/api/map/incidents?" + bc.query)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				size = len(body)
				if err := json.Unmarshal(body, &m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size), "bytes/resp")
			b.ReportMetric(float64(m.Total), "incidents")
			b.ReportMetric(float64(len(m.Features)), "features")
		})
	}
}
