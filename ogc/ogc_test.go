package ogc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

func TestParseQuery(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	endOf := func(s string) time.Time { return day(s).Add(24*time.Hour - time.Nanosecond) }
	for _, tt := range []struct {
		name, query string
		want        Query
		errField    string
	}{
		{"OKDefault", "", Query{Limit: DefaultLimit}, ""},
		{"OKLimitOffset", "limit=5&offset=10", Query{Limit: 5, Offset: 10}, ""},
		{"OKLimitCapped", "limit=99999999", Query{Limit: MaxLimit}, ""},
		{"OKBBox", "bbox=30,45,40,52", Query{Limit: 10, BBox: &orb.Bound{Min: orb.Point{30, 45}, Max: orb.Point{40, 52}}}, ""},
		{"OKBBox6", "bbox=30,45,0,40,52,100", Query{Limit: 10, BBox: &orb.Bound{Min: orb.Point{30, 45}, Max: orb.Point{40, 52}}}, ""},
		{"OKInstant", "datetime=2025-04-13T08:20:00Z", Query{Limit: 10, HasTime: true, From: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC), To: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC)}, ""},
		{"OKDate", "datetime=2025-04-13", Query{Limit: 10, HasTime: true, From: day("2025-04-13"), To: endOf("2025-04-13")}, ""},
		{"OKInterval", "datetime=2025-04-01/2025-04-30", Query{Limit: 10, HasTime: true, From: day("2025-04-01"), To: endOf("2025-04-30")}, ""},
		{"OKOpenStart", "datetime=../2025-04-30", Query{Limit: 10, HasTime: true, To: endOf("2025-04-30")}, ""},
		{"OKOpenEnd", "datetime=2025-04-01/", Query{Limit: 10, HasTime: true, From: day("2025-04-01")}, ""},
		{"ErrLimit", "limit=0", Query{}, "limit"},
		{"ErrOffset", "offset=-1", Query{}, "offset"},
		{"ErrBBoxCount", "bbox=1,2,3", Query{}, "bbox"},
		{"ErrBBoxNaN", "bbox=1,2,NaN,4", Query{}, "bbox"},
		{"ErrBBoxLat", "bbox=30,60,40,50", Query{}, "bbox"},
		{"ErrBBoxCRS", "bbox-crs=EPSG:3857", Query{}, "bbox-crs"},
		{"ErrDatetime", "datetime=yesterday", Query{}, "datetime"},
		{"ErrDatetimeOpen", "datetime=../..", Query{}, "datetime"},
		{"ErrDatetimeReversed", "datetime=2025-05-01/2025-04-01", Query{}, "datetime"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			got, err := ParseQuery(v)
			if tt.errField != "" {
				var e *truce.Error
				if !asError(err, &e) || e.Code != truce.EINVALID || e.Field != tt.errField {
					t.Fatalf("got %v, want EINVALID on %s", err, tt.errField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func asError(err error, e **truce.Error) bool {
	te, ok := err.(*truce.Error)
	*e = te
	return ok
}

func TestMatch(t *testing.T) {
	at := time.Date(2025, 4, 13, 8, 0, 0, 0, time.UTC)
	point := Feature{ID: "p", Geometry: orb.Point{34.8, 50.9}, Start: at}
	untimed := Feature{ID: "z", Geometry: orb.Polygon{{{30, 44}, {40, 44}, {40, 47}, {30, 47}, {30, 44}}}}
	bb := func(a, b, c, d float64) *orb.Bound { return &orb.Bound{Min: orb.Point{a, b}, Max: orb.Point{c, d}} }
	for _, tt := range []struct {
		name string
		q    Query
		f    Feature
		want bool
	}{
		{"NoFilter", Query{}, point, true},
		{"BBoxIn", Query{BBox: bb(34, 50, 35, 51)}, point, true},
		{"BBoxOut", Query{BBox: bb(35, 50, 36, 51)}, point, false},
		{"BBoxPolygonOverlap", Query{BBox: bb(39, 46, 41, 48)}, untimed, true},
		{"BBoxAntimeridian", Query{BBox: bb(170, -10, -170, 10)}, Feature{Geometry: orb.Point{-175, 0}}, true},
		{"TimeIn", Query{HasTime: true, From: at.Add(-time.Hour), To: at.Add(time.Hour)}, point, true},
		{"TimeBefore", Query{HasTime: true, From: at.Add(time.Hour)}, point, false},
		{"TimeAfter", Query{HasTime: true, To: at.Add(-time.Hour)}, point, false},
		{"TimeUntimed", Query{HasTime: true, From: at}, untimed, false},
		{"IntervalOverlaps", Query{HasTime: true, From: at.Add(time.Hour), To: at.Add(2 * time.Hour)}, Feature{Start: at, End: at.Add(90 * time.Minute), Geometry: orb.Point{}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.Match(&tt.f); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// points is a collection of n points along a line, one a day.
type points int

func (points) Meta() Meta { return Meta{ID: "points", Title: "Points"} }
func (n points) Features(context.Context, Query) ([]Feature, error) {
	var fs []Feature
	for i := 0; i < int(n); i++ {
		fs = append(fs, Feature{ID: string(rune('a' + i)), Geometry: orb.Point{float64(i), float64(i)},
			Start: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC), Properties: map[string]any{"i": i}})
	}
	return fs, nil
}

func mustService(t *testing.T) *httptest.Server {
	s := &Service{Prefix: "/ogc", Title: "T", APIDoc: "/api/openapi.json", Collections: []Collection{points(7)}}
	mux := http.NewServeMux()
	h := func(f func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if err := f(w, r); err != nil {
				status := http.StatusBadRequest
				if truce.ErrorCode(err) == truce.ENOTFOUND {
					status = http.StatusNotFound
				}
				w.WriteHeader(status)
			}
		}
	}
	mux.Handle("GET /ogc/collections/{collection}/items", h(s.Items))
	mux.Handle("GET /ogc/collections/{collection}/items/{feature}", h(s.Item))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

type page struct {
	Type     string `json:"type"`
	Features []struct {
		ID       string          `json:"id"`
		Geometry json.RawMessage `json:"geometry"`
	} `json:"features"`
	Links          []Link `json:"links"`
	NumberMatched  int    `json:"numberMatched"`
	NumberReturned int    `json:"numberReturned"`
}

func getPage(t *testing.T, u string) page {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var p page
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestItemsPaging follows next links through every page.
func TestItemsPaging(t *testing.T) {
	ts := mustService(t)
	u := ts.URL + "/ogc/collections/points/items?limit=3&bbox=0.5,0.5,10,10"
	var ids []string
	pages := 0
	for u != "" {
		p := getPage(t, u)
		pages++
		if p.Type != "FeatureCollection" || p.NumberMatched != 6 || p.NumberReturned != len(p.Features) {
			t.Fatalf("page %d: %+v", pages, p)
		}
		for _, f := range p.Features {
			ids = append(ids, f.ID)
		}
		u = ""
		for _, l := range p.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
	}
	if got := strings.Join(ids, ""); got != "bcdefg" || pages != 2 {
		t.Errorf("pages %d, ids %s; want 2 pages, bcdefg", pages, got)
	}
	p := getPage(t, ts.URL+"/ogc/collections/points/items?datetime=2025-01-03/2025-01-04")
	if p.NumberMatched != 2 || p.Features[0].ID != "c" || string(p.Features[0].Geometry) != `{"type":"Point","coordinates":[2,2]}` {
		t.Errorf("datetime page: %+v", p)
	}
	for _, bad := range []string{"?limit=x", "?bbox=1", "?unknown=1", "?f=html"} {
		resp, err := http.Get(ts.URL + "/ogc/collections/points/items" + bad)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("items%s: %d, want 400", bad, resp.StatusCode)
		}
	}
	resp, _ := http.Get(ts.URL + "/ogc/collections/nope/items")
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown collection: %d, want 404", resp.StatusCode)
	}
}
