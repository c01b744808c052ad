package sqldb_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
)

func wireJudge(db *sqldb.DB) {
	db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
		ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
		return judge.New(ps, nil), err
	}
}

// bringIntoForce makes the Paris ceasefire agreed and in force from 2025-04-18.
func bringIntoForce(t testing.TB, db *sqldb.DB) {
	t.Helper()
	for _, c := range []truce.StatusChange{{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-04-18")},
		{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-04-18")}} {
		if _, err := db.TransitionProvision(context.Background(), "paris-2025/ceasefire", c); err != nil {
			t.Fatal(err)
		}
	}
}

// waitNoStale polls the database (not through any read that re-judges)
// until no incident is judged with older rules.
func waitNoStale(t *testing.T, db *sqldb.DB) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, stale, err := db.StaleIncidents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if stale == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d incidents still judged with rules older than version %d", stale, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRejudgerEager: after a provision enters into force, the background
// re-judger judges the stored incidents again without anything reading them.
func TestRejudgerEager(t *testing.T) { eachBackend(t, testRejudgerEager) }

func testRejudgerEager(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	wireJudge(db)
	db.StartRejudger(0, time.Hour, nil) // no poll: only the commit's wake-up can start it
	adv := truce.Report{ClientID: "m9-0100", ObservedAt: time.Date(2025, 4, 19, 6, 0, 0, 0, time.UTC), Lat: 48.29, Lon: 37.18,
		Precision: 2, Place: "Pokrovsk", Type: truce.EventAdvance, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}}
	res, err := db.AddReport(ctx, adv)
	if err != nil {
		t.Fatal(err)
	}
	verdict := func() string {
		var v string
		err := db.SQL().QueryRowContext(ctx, `SELECT verdict FROM verdicts WHERE incident = ? AND provision = ?`,
			res.Incident, "paris-2025/ceasefire").Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		return v
	}
	if v := verdict(); v != "" {
		t.Fatalf("a verdict %q on a ceasefire not yet in force", v)
	}
	bringIntoForce(t, db)
	waitNoStale(t, db)
	if v := verdict(); v == "" {
		t.Errorf("no verdict on the ceasefire in force after re-judging")
	}
	var jv int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT judged_version FROM incidents WHERE id = ?`, res.Incident).Scan(&jv); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.RulesVersion(ctx); jv != v {
		t.Errorf("judged with version %d, rules version %d", jv, v)
	}
	if p := db.RejudgeProgress(); p.Judged < 1 || p.Stale != 0 {
		t.Errorf("progress %+v", p)
	}
}

// TestRejudgerBatches: thousands of stale incidents are judged again in
// several transactions of at most the batch size, and every one of them
// ends judged with the current rules.
func TestRejudgerBatches(t *testing.T) {
	ctx := context.Background()
	db := mustOpenScenario(t)
	wireJudge(db)
	res, err := db.ImportReports(ctx, syntheticReports(3000), sqldb.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewIncidents < 2000 {
		t.Fatalf("only %d incidents", res.NewIncidents)
	}
	const batch = 500
	before := db.RejudgeProgress()
	bringIntoForce(t, db)
	// Started after both changes, so one pass judges each incident once.
	db.StartRejudger(batch, time.Hour, nil)
	waitNoStale(t, db)
	// The pass has ended when its count is published.
	for db.RejudgeProgress().Running {
		time.Sleep(10 * time.Millisecond)
	}
	p := db.RejudgeProgress()
	judged, batches := p.Judged-before.Judged, p.Batches-before.Batches
	if judged != int64(res.NewIncidents) {
		t.Errorf("re-judged %d incidents, want %d", judged, res.NewIncidents)
	}
	if want := int64((res.NewIncidents + batch - 1) / batch); batches < want {
		t.Errorf("%d transactions for %d incidents, want at least %d (batches of %d)", batches, judged, want, batch)
	}
	v, _ := db.RulesVersion(ctx)
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents WHERE judged_version <> ?`, v).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d incidents not judged with version %d (%v)", n, v, err)
	}
}

// TestMissionZone: the scenario's zone is stored; changing it bumps the
// rules version (incidents are dated again), and a bad name is refused.
func TestMissionZone(t *testing.T) {
	ctx := context.Background()
	db := mustOpenScenario(t)
	loc, err := db.MissionZone(ctx)
	if err != nil || loc.String() != "Europe/Kyiv" {
		t.Fatalf("zone %v, %v; want the scenario's Europe/Kyiv", loc, err)
	}
	v0, _ := db.RulesVersion(ctx)
	if changed, err := db.SetMissionZone(ctx, "Europe/Kyiv"); err != nil || changed {
		t.Errorf("the same zone: changed %v, %v", changed, err)
	}
	if changed, err := db.SetMissionZone(ctx, "UTC"); err != nil || !changed {
		t.Errorf("UTC: changed %v, %v", changed, err)
	}
	if v, _ := db.RulesVersion(ctx); v != v0+1 {
		t.Errorf("rules version %d after a zone change, want %d", v, v0+1)
	}
	if loc, _ := db.MissionZone(ctx); loc.String() != "UTC" {
		t.Errorf("zone %v after setting UTC", loc)
	}
	if _, err := db.SetMissionZone(ctx, "Mars/Olympus"); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("bad zone: %v, want EINVALID", err)
	}
}

// TestWorstVerdictMaintained: the most serious verdict the map reads from
// each incident (worst_verdict) agrees with its verdicts after reports,
// an import and a re-judging after a rules change.
func TestWorstVerdictMaintained(t *testing.T) { eachBackend(t, testWorstVerdictMaintained) }

func testWorstVerdictMaintained(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	db.Now = func() time.Time { return time.Date(2025, 7, 15, 0, 0, 0, 0, time.UTC) }
	wireJudge(db)
	judged := 0 // the sum of the incidents' worst verdicts' ranks
	check := func(when string) {
		t.Helper()
		var bad int
		err := db.SQL().QueryRowContext(ctx, `SELECT
			SUM(CASE WHEN i.worst_verdict <> COALESCE((SELECT MAX(CASE v.verdict WHEN 'violation' THEN 3 WHEN 'needs-review' THEN 2 ELSE 1 END)
				FROM verdicts v WHERE v.incident = i.id), 0) THEN 1 ELSE 0 END),
			SUM(i.worst_verdict) FROM incidents i`).Scan(&bad, &judged)
		if err != nil {
			t.Fatal(err)
		}
		if bad != 0 || judged == 0 {
			t.Errorf("%s: %d incidents whose worst_verdict disagrees with their verdicts (ranks add up to %d)", when, bad, judged)
		}
	}
	rows := syntheticReports(500)
	for i := range rows {
		rows[i].ObservedAt = rows[i].ObservedAt.AddDate(0, 3, 0) // April to June 2025: the truces' time
	}
	if _, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	check("after the import")
	for _, id := range []string{"a", "b"} {
		if _, err := db.AddReport(ctx, sumy(id)); err != nil {
			t.Fatal(err)
		}
	}
	check("after single reports")
	before := judged
	bringIntoForce(t, db)
	if _, _, err := db.RejudgeAll(ctx); err != nil {
		t.Fatal(err)
	}
	check("after re-judging")
	if judged <= before {
		t.Errorf("the incidents' worst verdicts rank %d in all after the ceasefire entered into force, %d before: want more serious", judged, before)
	}
}

// BenchmarkRejudge judges 100,000 stored incidents again after a rules
// change, in batches of DefaultRejudgeBatch, and reports incidents/s and
// how long one batch holds the writer on average.
// Run: go test ./sqldb -run '^$' -bench Rejudge -benchtime 1x
func BenchmarkRejudge(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := mustOpenScenario(b)
		db.Now = func() time.Time { return time.Date(2025, 7, 15, 0, 0, 0, 0, time.UTC) }
		wireJudge(db)
		rows := syntheticReports(100_000)
		for i := range rows {
			rows[i].ObservedAt = rows[i].ObservedAt.AddDate(0, 3, 0) // April to June 2025
		}
		res, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		bringIntoForce(b, db)
		p0 := db.RejudgeProgress()
		b.StartTimer()
		start := time.Now()
		n, _, err := db.RejudgeAll(ctx)
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		b.StopTimer()
		batches := db.RejudgeProgress().Batches - p0.Batches
		b.ReportMetric(float64(n)/el.Seconds(), "incidents/s")
		b.ReportMetric(float64(el.Milliseconds())/float64(max(batches, 1)), "ms/batch")
		b.ReportMetric(float64(res.NewIncidents), "incidents")
		db.Close()
		b.StartTimer()
	}
}

// TestRejudgerWakesOnEveryRulesChange: each write verdicts depend on (a
// line version, zones, sites, a provision's status, a scenario, the
// mission's time zone) bumps the rules version, and the background
// re-judger brings every incident to it without anything reading them.
func TestRejudgerWakesOnEveryRulesChange(t *testing.T) {
	ctx := context.Background()
	db := mustOpenScenario(t)
	wireJudge(db)
	if _, err := db.ImportReports(ctx, syntheticReports(300), sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	db.StartRejudger(100, time.Hour, nil) // no polling: only the commits' wake-ups
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		write func() error
	}{
		{"LineVersion", func() error {
			return db.PutLineVersion(ctx, &truce.LineVersion{Date: truce.MustParseDate("2025-02-01"), AreaKm2: 1, Geometry: json.RawMessage(squareGeoJSON)}, false)
		}},
		{"Zones", func() error {
			return db.PutZones(ctx, []truce.Zone{{ID: "dmz", Name: "DMZ", Kind: "buffer", Geometry: json.RawMessage(squareGeoJSON)}}, false)
		}},
		{"Sites", func() error {
			return db.PutSites(ctx, []truce.Site{{ID: "s", Class: "nuclear_plant", Lon: 34.58, Lat: 47.51, RadiusKm: 30}})
		}},
		{"Scenario", func() error { _, err := db.LoadScenario(ctx, sc); return err }},
		{"ProvisionStatus", func() error {
			_, err := db.TransitionProvision(ctx, "paris-2025/ceasefire", truce.StatusChange{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-04-18")})
			return err
		}},
		{"TimeZone", func() error { _, err := db.SetMissionZone(ctx, "UTC"); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			v0, _ := db.RulesVersion(ctx)
			if err := c.write(); err != nil {
				t.Fatal(err)
			}
			if v, _ := db.RulesVersion(ctx); v <= v0 {
				t.Fatalf("rules version %d after the change, %d before", v, v0)
			}
			waitNoStale(t, db)
		})
	}
}

// TestStaleMark: once a re-judging pass has counted no stale incident,
// StaleIncidents answers from rules_version.judged_through without
// counting; a rules change, or a writer that wrote verdicts of older rules
// (one whose judge was built before the change), brings the count back.
func TestStaleMark(t *testing.T) { eachBackend(t, testStaleMark) }

func testStaleMark(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	wireJudge(db)
	rows := syntheticReports(200)
	if _, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	mark := func(when string, wantCaughtUp bool, wantStale int64) {
		t.Helper()
		v, through, err := sqldb.JudgedThrough(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if caughtUp := through >= v; caughtUp != wantCaughtUp {
			t.Errorf("%s: judged_through %d, version %d: caught up %v, want %v", when, through, v, caughtUp, wantCaughtUp)
		}
		if _, stale, err := db.StaleIncidents(ctx); err != nil || stale != wantStale {
			t.Errorf("%s: %d stale (%v), want %d", when, stale, err, wantStale)
		}
	}
	mark("after the import", false, 0) // not known yet: counted
	if _, _, err := db.RejudgeAll(ctx); err != nil {
		t.Fatal(err)
	}
	mark("after a pass that found none", true, 0)
	if _, err := db.AddReport(ctx, sumy("after-mark")); err != nil {
		t.Fatal(err)
	}
	mark("after a report judged with the current rules", true, 0)

	// A writer whose judge is of the rules before the current ones.
	v, _, _ := sqldb.JudgedThrough(ctx, db)
	if err := sqldb.WriteJudgedWith(ctx, db, 1, v-1); err != nil {
		t.Fatal(err)
	}
	mark("after a write judged with older rules", false, 1)
	if n, _, err := db.RejudgeAll(ctx); err != nil || n != 1 {
		t.Fatalf("re-judged %d (%v), want 1", n, err)
	}
	mark("after re-judging it", true, 0)

	bringIntoForce(t, db) // two rules changes
	var n int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	mark("after a rules change", false, n)
	if _, _, err := db.RejudgeAll(ctx); err != nil {
		t.Fatal(err)
	}
	mark("after re-judging all", true, 0)
}
