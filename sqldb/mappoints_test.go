package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/truce-monitor/truce/sqldb"
)

func TestIncidentPoints(t *testing.T) { eachBackend(t, testIncidentPoints) }

func testIncidentPoints(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	// Sumy (north-east), Kharkiv (east) and Odesa (south), on three days.
	for i, p := range []struct {
		lat, lon float64
		at       time.Time
	}{
		{50.9077, 34.7981, time.Date(2025, 4, 13, 8, 0, 0, 0, time.UTC)},
		{49.9935, 36.2304, time.Date(2025, 4, 5, 8, 0, 0, 0, time.UTC)},
		{46.4825, 30.7233, time.Date(2025, 3, 20, 8, 0, 0, 0, time.UTC)},
	} {
		r := sumy("points-" + string(rune('a'+i)))
		r.Lat, r.Lon, r.ObservedAt = p.lat, p.lon, p.at
		if _, err := db.AddReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	points := func(f sqldb.PointFilter) []string {
		t.Helper()
		var days []string
		if err := db.IncidentPoints(ctx, f, func(p sqldb.IncidentPoint) error {
			days = append(days, p.Start)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return days
	}
	for _, tc := range []struct {
		name string
		f    sqldb.PointFilter
		want []string
	}{
		{"All", sqldb.PointFilter{}, []string{"2025-04-13", "2025-04-05", "2025-03-20"}},
		{"BBox", sqldb.PointFilter{BBox: &[4]float64{33, 49, 38, 52}}, []string{"2025-04-13", "2025-04-05"}},
		{"Window", sqldb.PointFilter{From: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)}, []string{"2025-04-05"}},
		{"Limit", sqldb.PointFilter{Limit: 1}, []string{"2025-04-13"}},
		{"Antimeridian", sqldb.PointFilter{BBox: &[4]float64{170, -10, -170, 10}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, points(tc.f)); diff != "" {
				t.Errorf("days (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Count", func(t *testing.T) {
		n, ext, err := db.CountIncidentPoints(ctx, sqldb.PointFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := [4]float64{30.7233, 46.4825, 36.2304, 50.9077}; n != 3 || ext != want {
			t.Errorf("got %d %v, want 3 %v", n, ext, want)
		}
	})
	t.Run("Grid", func(t *testing.T) {
		// 2-degree cells from (30, 46): Odesa in (0,0), Sumy in (2,2), Kharkiv in (3,1); and a
		// origin east of Odesa puts it in a negative column.
		cells, err := db.IncidentGrid(ctx, sqldb.PointFilter{}, 31, 46, 2)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int]int{}
		for _, c := range cells {
			got[[2]int{c.X, c.Y}] += c.Count
		}
		if diff := cmp.Diff(map[[2]int]int{{-1, 0}: 1, {1, 2}: 1, {2, 1}: 1}, got); diff != "" {
			t.Errorf("cells (-want +got):\n%s", diff)
		}
		if _, err := db.IncidentGrid(ctx, sqldb.PointFilter{}, 0, 0, 0); err == nil {
			t.Error("a zero cell size is accepted")
		}
	})
}
