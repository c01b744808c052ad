package sqldb_test

import (
	"context"
	"fmt"
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
