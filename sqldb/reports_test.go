package sqldb_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// mustOpenScenario opens a new file database with the built-in scenario loaded.
func mustOpenScenario(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return openScenario(tb, filepath.Join(tb.TempDir(), "truce.db"))
}

// eachBackend runs f on SQLite (a file) and on PostgreSQL (a fresh schema
// of TRUCE_TEST_POSTGRES, skipped when unset), with an opener of new
// stores holding the built-in scenario.
func eachBackend(t *testing.T, f func(t *testing.T, open func(testing.TB) *sqldb.DB)) {
	t.Run("sqlite", func(t *testing.T) { f(t, mustOpenScenario) })
	t.Run("postgres", func(t *testing.T) {
		sqldbtest.PostgresDSN(t) // skips when there is no PostgreSQL
		f(t, func(tb testing.TB) *sqldb.DB { return openScenario(tb, sqldbtest.PostgresDSN(tb)) })
	})
}

func openScenario(tb testing.TB, dsn string) *sqldb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.LoadScenario(ctx, sc); err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC) }
	return db
}

func sumy(id string) truce.Report {
	return truce.Report{ClientID: id, ObservedAt: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC),
		Lat: 50.9077, Lon: 34.7981, Precision: 1, Type: truce.EventAssault, Mode: truce.ModeMissile,
		Weapons: []string{"ballistic-missile"}, Target: truce.TargetCivilian, Killed: truce.Count{Best: truce.N(35)},
		Injured: truce.Count{Best: truce.N(117)}, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-" + id}}
}

func TestAddReport(t *testing.T) { eachBackend(t, testAddReport) }

func testAddReport(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := open(t)
		res, err := db.AddReport(ctx, sumy("m17-0001"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Report == 0 || res.Incident == 0 || res.Replayed {
			t.Fatalf("got %+v", res)
		}
		r, err := db.Report(ctx, res.Report, false)
		if err != nil {
			t.Fatal(err)
		}
		if r.ClientID != "m17-0001" || r.Killed.BestOr(-1) != 35 || r.Incident != res.Incident || r.Source.Identity != "" {
			t.Errorf("stored %+v", r)
		}
		r, err = db.Report(ctx, res.Report, true)
		if err != nil || r.Source.Identity != "team-m17-0001" {
			t.Errorf("identity %q, %v", r.Source.Identity, err)
		}
		in, err := db.Incident(ctx, res.Incident)
		if err != nil {
			t.Fatal(err)
		}
		if in.Grade != truce.GradeAlleged || len(in.Reports) != 1 || in.Reports[0] != res.Report {
			t.Errorf("incident %+v", in)
		}
	})
	t.Run("Retry", func(t *testing.T) {
		db := open(t)
		a, err := db.AddReport(ctx, sumy("m17-0001"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.AddReport(ctx, sumy("m17-0001"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Report != b.Report || a.Incident != b.Incident || !b.Replayed {
			t.Errorf("retry got %+v, want the ids of %+v", b, a)
		}
		ins, _ := db.Incidents(ctx, sqldb.IncidentFilter{})
		if len(ins) != 1 || len(ins[0].Reports) != 1 {
			t.Errorf("a retry duplicated: %+v", ins)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		db := open(t)
		if _, err := db.AddReport(ctx, sumy("m17-0001")); err != nil {
			t.Fatal(err)
		}
		r := sumy("m17-0001")
		r.Killed.Best = truce.N(36)
		if _, err := db.AddReport(ctx, r); truce.ErrorCode(err) != truce.ECONFLICT {
			t.Errorf("err %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := open(t)
		r := sumy("x")
		r.Lat = 100
		r.Provisions = []string{"no-such/provision"}
		if _, err := db.AddReport(ctx, r); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("err %v, want EINVALID", err)
		}
	})
	t.Run("ErrUnknownReferences", func(t *testing.T) {
		db := open(t)
		r := sumy("x")
		r.Provisions = []string{"energy-truce-2025-03/energy", "no-such/provision"}
		r.Zone = "atlantis"
		_, err := db.AddReport(ctx, r)
		fe := truce.FieldErrors(err)
		if len(fe) != 2 || fe[0].Field != "provisions[1]" || fe[1].Field != "zone" {
			t.Errorf("err %v, want provisions[1] and zone", err)
		}
		if ins, _ := db.Incidents(ctx, sqldb.IncidentFilter{}); len(ins) != 0 {
			t.Errorf("a refused report left %d incidents", len(ins))
		}
	})
	t.Run("Corroboration", func(t *testing.T) {
		db := open(t)
		a, err := db.AddReport(ctx, sumy("m17-0001"))
		if err != nil {
			t.Fatal(err)
		}
		// The same team again, revising its report: the same incident, and
		// not independent. (Without revises, a second report of one source
		// is another event: see TestClusterBySource.)
		r := sumy("m17-0002")
		r.Source.Identity = "team-m17-0001"
		r.Revises = "m17-0001"
		r.ObservedAt = r.ObservedAt.Add(20 * time.Minute)
		b, err := db.AddReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if b.Incident != a.Incident {
			t.Fatalf("same event in two incidents: %d, %d", a.Incident, b.Incident)
		}
		if in, _ := db.Incident(ctx, a.Incident); in.Grade != truce.GradeAlleged {
			t.Errorf("grade %s after one source twice, want alleged", in.Grade)
		}
		o := sumy("osint-1")
		o.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: "Suspilne"}
		o.Lat += 0.01
		c, err := db.AddReport(ctx, o)
		if err != nil || c.Incident != a.Incident {
			t.Fatalf("%+v, %v", c, err)
		}
		in, _ := db.Incident(ctx, a.Incident)
		if in.Grade != truce.GradeCorroborated || in.Sources != 2 || len(in.Reports) != 3 {
			t.Errorf("grade %s sources %d reports %d, want corroborated 2 3", in.Grade, in.Sources, len(in.Reports))
		}
		// Elsewhere: a new incident.
		k := sumy("m17-0003")
		k.Lat, k.Lon, k.Place = 49.99, 36.23, "Kharkiv"
		d, err := db.AddReport(ctx, k)
		if err != nil || d.Incident == a.Incident {
			t.Errorf("Kharkiv joined the Sumy incident: %+v, %v", d, err)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		db := open(t)
		const n = 200
		var wg sync.WaitGroup
		ids := make([]sqldb.AddResult, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := sumy(fmt.Sprintf("c-%d", i%100)) // each client id twice
				r.Lat += float64(i%100) * 0.1
				ids[i], errs[i] = db.AddReport(ctx, r)
			}()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if j := (i + 100) % n; ids[i].Report != ids[j].Report {
				t.Errorf("client id c-%d got reports %d and %d", i%100, ids[i].Report, ids[j].Report)
			}
		}
		ins, _ := db.Incidents(ctx, sqldb.IncidentFilter{})
		total := 0
		for _, in := range ins {
			total += len(in.Reports)
		}
		if total != 100 {
			t.Errorf("%d reports stored, want 100", total)
		}
	})
}

func TestDecide(t *testing.T) { eachBackend(t, testDecide) }

func testDecide(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	res, err := db.AddReport(ctx, sumy("m17-0001"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrNoReason", func(t *testing.T) {
		_, err := db.Decide(ctx, truce.Decision{Incident: res.Incident, Kind: truce.DecisionVerify, By: "ana"})
		if truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("err %v, want EINVALID", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.Decide(ctx, truce.Decision{Incident: 999, Kind: truce.DecisionVerify, By: "ana", Reason: "x"})
		if truce.ErrorCode(err) != truce.ENOTFOUND {
			t.Errorf("err %v, want ENOTFOUND", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		in, err := db.Decide(ctx, truce.Decision{Incident: res.Incident, Kind: truce.DecisionVerify, By: "ana", Reason: "crater and debris seen by team 17"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Grade != truce.GradeVerified || len(in.Decisions) != 1 || in.Decisions[0].By != "ana" || in.Decisions[0].At.IsZero() {
			t.Fatalf("%+v", in)
		}
		in, err = db.Decide(ctx, truce.Decision{Incident: res.Incident, Kind: truce.DecisionDispute, By: "liaison-ru", Party: "RU", Reason: "a military target"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Grade != truce.GradeDisputed || len(in.Contests) != 1 {
			t.Fatalf("%+v", in)
		}
		c := in.Contests[0]
		if c.Party != "RU" || !c.Deadline.Equal(c.At.AddDate(0, 0, truce.DefaultContestDays)) || c.Answer != "" {
			t.Errorf("contest %+v", c)
		}
		in, err = db.Decide(ctx, truce.Decision{Incident: res.Incident, Kind: truce.DecisionUphold, By: "ana", Reason: "the target was a street"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Grade != truce.GradeVerified || in.Contests[0].Answer != "uphold" || in.Contests[0].AnsweredBy != "ana" {
			t.Errorf("%+v", in)
		}
	})
}
