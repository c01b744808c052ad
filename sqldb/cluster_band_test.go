package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// TestAddReport_LatitudeBands: the incident lookup reads incidents by
// half-degree band of latitude; a report joins an incident across a band
// edge (north and south of the equator) and up to its candidate radius
// away, and not beyond it.
func TestAddReport_LatitudeBands(t *testing.T) { eachBackend(t, testLatitudeBands) }

func testLatitudeBands(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		lat1, lat2 float64
		precision  int
		same       bool
	}{
		{"AcrossEdge", 47.4995, 47.5005, truce.PrecisionExact, true},
		{"AcrossEdgeSouth", -33.9995, -34.0005, truce.PrecisionExact, true},
		{"AcrossEdgeAtZero", 0.0004, -0.0004, truce.PrecisionExact, true},
		{"TwoBandsAway", 47.26, 47.66, truce.PrecisionAdmin2, true}, // 44 km: within a raion's 50 km
		{"TooFar", 47.26, 47.76, truce.PrecisionAdmin2, false},      // 56 km
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t)
			var incidents []int64
			for i, lat := range []float64{tc.lat1, tc.lat2} {
				r := sumy(fmt.Sprintf("band-%s-%d", tc.name, i))
				r.Lat, r.Lon, r.Precision = lat, 35.1, tc.precision
				res, err := db.AddReport(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				incidents = append(incidents, res.Incident)
			}
			if same := incidents[0] == incidents[1]; same != tc.same {
				t.Errorf("incidents %v: same = %v, want %v", incidents, same, tc.same)
			}
		})
	}
}

// TestAddReport_SameGroup submits pairs of matching reports at once, each
// pair with a time precision of its own that no stored incident has yet:
// whether a pair lands in one group commit or two, its second report
// joins the incident the first created.
func TestAddReport_SameGroup(t *testing.T) { eachBackend(t, testSameGroup) }

func testSameGroup(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	const pairs = 60
	incidents := make([][2]int64, pairs)
	var wg sync.WaitGroup
	for p := range pairs {
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := sumy(fmt.Sprintf("pair-%d-%d", p, k))
				r.Lat, r.Lon = 44+float64(p%12)*0.7, 30+float64(p/12)*1.5
				r.TimePrecision = truce.TimePrecisions[p%len(truce.TimePrecisions)]
				res, err := db.AddReport(ctx, r)
				if err != nil {
					t.Error(err)
					return
				}
				incidents[p][k] = res.Incident
			}()
		}
	}
	wg.Wait()
	for p, in := range incidents {
		if in[0] != in[1] {
			t.Errorf("pair %d (%s): incidents %v, want one", p, truce.TimePrecisions[p%len(truce.TimePrecisions)], in)
		}
	}
}
