package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// TestClusterBySource: reports of one event from different sources make one
// incident whose grade they raise; two reports from one source never join
// one incident, on the single-report path (AddReport) and the bulk path
// (ImportReports) alike, and an import joins stored incidents by the same rule.
func TestClusterBySource(t *testing.T) { eachBackend(t, testClusterBySource) }

func testClusterBySource(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	// Sumy, 2025-04-13, in time order (the order an import clusters in):
	// team a at 08:20, team b 20 minutes later 55 m away, a dataset's row at
	// 08:50 on team a's point and its second row 1.1 km north, then team a
	// again at 09:00 22 m from its first point (a second strike it saw).
	report := func(id, identity, name string, minutes int, dLat float64) truce.Report {
		r := sumy(id)
		r.ObservedAt = r.ObservedAt.Add(time.Duration(minutes) * time.Minute)
		r.Lat += dLat
		r.Source = truce.ReportSource{Kind: truce.SourceMonitor, Identity: identity}
		if name != "" {
			r.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: name}
		}
		return r
	}
	rows := []truce.Report{
		report("a-1", "team-a", "", 0, 0),
		report("b-1", "team-b", "", 20, 0.0005),
		report("ged-1", "", "UCDP GED v25.1", 30, 0),
		report("ged-2", "", "UCDP GED v25.1", 30, 0.01),
		report("a-2", "team-a", "", 40, 0.0002),
	}
	// want: the incident of each row, as the index of the row that began it
	// (the dataset's second row cannot join the first incident, which holds
	// its first row: it begins the second; team a's second report is
	// nearest the first incident but joins the second, the first holding a
	// report of team a), and the independent sources of those incidents.
	want := []int{0, 0, 0, 3, 3}
	wantSources := map[int]int{0: 3, 3: 2}
	check := func(t *testing.T, db *sqldb.DB, incidents []int64) {
		t.Helper()
		got := make([]int, len(incidents))
		for i, id := range incidents {
			got[i] = -1
			for j := 0; j <= i; j++ {
				if incidents[j] == id {
					got[i] = j
					break
				}
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("incidents of the rows (-want +got):\n%s", diff)
		}
		for first, n := range wantSources {
			in, err := db.Incident(ctx, incidents[first])
			if err != nil {
				t.Fatal(err)
			}
			if in.Sources != n || in.Grade != truce.GradeCorroborated {
				t.Errorf("incident of row %d: %d sources, grade %s; want %d, corroborated", first, in.Sources, in.Grade, n)
			}
		}
	}
	t.Run("AddReport", func(t *testing.T) {
		db := open(t)
		var ids []int64
		for _, r := range rows {
			res, err := db.AddReport(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, res.Incident)
		}
		check(t, db, ids)
	})
	t.Run("Import", func(t *testing.T) {
		db := open(t)
		res, err := db.ImportReports(ctx, append([]truce.Report(nil), rows...), sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range res.Results {
			ids = append(ids, r.Incident)
		}
		check(t, db, ids)
	})
	t.Run("ImportAfterStored", func(t *testing.T) {
		// Stored incidents of the period admit imported reports by the same rule.
		db := open(t)
		var ids []int64
		for _, r := range rows[:2] {
			res, err := db.AddReport(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, res.Incident)
		}
		res, err := db.ImportReports(ctx, append([]truce.Report(nil), rows[2:]...), sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Results {
			ids = append(ids, r.Incident)
		}
		check(t, db, ids)
	})
}

// TestRevision: a report that revises an earlier report of its own source
// joins that report's incident (even with a corrected place), on both
// paths; revising an unknown report or another source's is refused.
func TestRevision(t *testing.T) { eachBackend(t, testRevision) }

func testRevision(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	revision := func(id, of string, dLat float64) truce.Report {
		r := sumy(id)
		r.Source.Identity = "team-a-1"
		r.Revises = of
		r.ObservedAt = r.ObservedAt.Add(20 * time.Minute)
		r.Lat += dLat
		return r
	}
	t.Run("AddReport", func(t *testing.T) {
		db := open(t)
		a, err := db.AddReport(ctx, sumy("a-1"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.AddReport(ctx, revision("a-2", "a-1", 0.5)) // the place corrected 55 km north
		if err != nil {
			t.Fatal(err)
		}
		if b.Incident != a.Incident {
			t.Errorf("the revision made incident %d, want %d", b.Incident, a.Incident)
		}
		if in, err := db.Incident(ctx, a.Incident); err != nil || in.Grade != truce.GradeAlleged || len(in.Reports) != 2 {
			t.Errorf("incident %+v, %v: want 2 reports, alleged", in, err)
		}
		if r, err := db.Report(ctx, b.Report, false); err != nil || r.Revises != "a-1" {
			t.Errorf("stored revises %q, %v", r.Revises, err)
		}
		for name, r := range map[string]truce.Report{
			"ErrUnknown":     revision("a-3", "no-such", 0),
			"ErrOtherSource": func() truce.Report { r := revision("c-1", "a-1", 0); r.Source.Identity = "team-c"; return r }(),
			"ErrSelf":        revision("a-4", "a-4", 0),
		} {
			if _, err := db.AddReport(ctx, r); truce.ErrorCode(err) != truce.EINVALID || len(truce.FieldErrors(err)) == 0 ||
				truce.FieldErrors(err)[0].Field != "revises" {
				t.Errorf("%s: err %v, want EINVALID on revises", name, err)
			}
		}
	})
	t.Run("Import", func(t *testing.T) {
		db := open(t)
		res, err := db.ImportReports(ctx, []truce.Report{sumy("a-1"), revision("a-2", "a-1", 0)}, sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Results[0].Incident != res.Results[1].Incident || res.NewIncidents != 1 {
			t.Errorf("results %+v", res)
		}
		// A later import revises a stored report, far from it.
		res2, err := db.ImportReports(ctx, []truce.Report{revision("a-3", "a-1", 0.5)}, sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res2.Results[0].Incident != res.Results[0].Incident || res2.NewIncidents != 0 || res2.Updated != 1 {
			t.Errorf("second import %+v, want incident %d updated", res2, res.Results[0].Incident)
		}
		other := revision("c-1", "a-1", 0)
		other.Source.Identity = "team-c"
		_, err = db.ImportReports(ctx, []truce.Report{revision("a-4", "no-such", 0), other}, sqldb.ImportOptions{})
		var rows *sqldb.ErrRows
		if !errors.As(err, &rows) || len(rows.Rows) != 2 {
			t.Fatalf("err %v, want two bad rows", err)
		}
		for _, re := range rows.Rows {
			if fe := truce.FieldErrors(re.Err); len(fe) == 0 || fe[0].Field != "revises" {
				t.Errorf("row %d: %v, want an error on revises", re.Row, re.Err)
			}
		}
	})
}

// TestAddReport_EquallyNear: of incidents equally near a report, it joins
// the first in the order of the lookup's index (end, start, latitude,
// longitude, id), on every engine: the lowest id of incidents alike in
// all but their id, and of two incidents east and west of it by as much,
// the western one.
func TestAddReport_EquallyNear(t *testing.T) { eachBackend(t, testEquallyNear) }

func testEquallyNear(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	add := func(id, team string, hour int, dLon float64) int64 {
		t.Helper()
		r := sumy(id)
		r.Source.Identity = team
		r.ObservedAt = time.Date(2025, 4, 13, hour, 0, 0, 0, time.UTC)
		r.Lon += dLon
		switch {
		case strings.HasPrefix(team, "year-"):
			r.TimePrecision = truce.TimeYear
		case id == "e-1":
			until := r.ObservedAt.Add(4 * time.Hour)
			r.ObservedUntil = &until
		}
		res, err := db.AddReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return res.Incident
	}
	// Team a reports two strikes at one place and time: two incidents.
	first, second := add("a-1", "team-a", 8, 0), add("a-2", "team-a", 8, 0)
	if first == second {
		t.Fatalf("a-2 joined a-1's incident %d", first)
	}
	if got := add("b-1", "team-b", 8, 0); got != first {
		t.Errorf("b-1 joined incident %d, want %d (a-1's, the lower id)", got, first)
	}
	// Team c reports strikes 300 m east and 300 m west, four hours later.
	east, west := add("c-1", "team-c", 12, 0.004), add("c-2", "team-c", 12, -0.004)
	if east == west {
		t.Fatalf("c-2 joined c-1's incident %d", east)
	}
	if got := add("d-1", "team-d", 12, 0); got != west {
		t.Errorf("d-1 joined incident %d, want %d (the western one, east being %d)", got, west, east)
	}
	// Team e reports a strike seen from 05:00 to 09:00 and another at
	// 06:00, and outlet f one known only to the year: of the two, the
	// incident ending first comes first, though it began later.
	long, short := add("e-1", "team-e", 5, 0.1), add("e-2", "team-e", 6, 0.1)
	if long == short {
		t.Fatalf("e-2 joined e-1's incident %d", long)
	}
	if got := add("f-1", "year-f", 7, 0.1); got != short {
		t.Errorf("f-1 joined incident %d, want %d (the one ending first, the other being %d)", got, short, long)
	}
}
