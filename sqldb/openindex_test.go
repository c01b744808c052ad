package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// openIndexNow is the clock of the open-index tests: after every report
// their streams generate.
var openIndexNow = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// eachDSN runs f on a SQLite file and on PostgreSQL (skipped when
// TRUCE_TEST_POSTGRES is unset), with a maker of fresh, empty databases.
func eachDSN(t *testing.T, f func(t *testing.T, fresh func(testing.TB) string)) {
	t.Run("sqlite", func(t *testing.T) {
		n := 0
		f(t, func(tb testing.TB) string {
			n++
			return filepath.Join(t.TempDir(), fmt.Sprintf("truce-%d.db", n))
		})
	})
	t.Run("postgres", func(t *testing.T) {
		sqldbtest.PostgresDSN(t) // skips when there is no PostgreSQL
		f(t, sqldbtest.PostgresDSN)
	})
}

func openAt(tb testing.TB, dsn string) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return openIndexNow }
	return db
}

// reportStream makes random reports of a few places, sources and times:
// many exactly at one place and hour (ties), near latitude band edges,
// of every location and time precision, from sources that report several
// events, some revising their earlier reports, and arriving out of time
// order, a few of them weeks or months late.
type reportStream struct {
	rnd    *rand.Rand
	n      int
	clock  time.Time
	stored []truce.Report // reports stored so far (for retries and revisions)
	last   truce.Report
}

var streamPlaces = [][2]float64{
	{47.5, 35.1}, {47.4999, 35.1}, {48.0, 37.8}, {48.0001, 37.8}, {50.45, 30.52}, {50.9077, 34.7981},
	{46.63, 32.61}, {49.99, 36.23}, {47.84, 35.14}, {48.5, 35.0}, {51.5, 31.3}, {46.48, 30.72},
}

func newReportStream(seed uint64) *reportStream {
	return &reportStream{rnd: rand.New(rand.NewPCG(seed, 7)), clock: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (s *reportStream) pick(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := s.rnd.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (s *reportStream) next() truce.Report {
	rnd := s.rnd
	s.n++
	s.clock = s.clock.Add(time.Duration(rnd.IntN(240)) * time.Second)
	if len(s.stored) > 0 && rnd.IntN(40) == 0 {
		// A retry: the same report, or the same client id with other content.
		r := s.stored[rnd.IntN(len(s.stored))]
		r.ID, r.Incident, r.ReceivedAt, r.SourceHash = 0, 0, time.Time{}, ""
		if rnd.IntN(2) == 0 {
			r.Description = "changed"
		}
		return r
	}
	if s.last.ClientID != "" && rnd.IntN(6) == 0 {
		// The same place, time and kind as the last report: of the same
		// source a second incident, of another a join; incidents that tie
		// on everything but their id.
		// Or east or west of it by as much: incidents equally far from a
		// report at the place itself.
		r := s.last
		r.ClientID, r.Revises = fmt.Sprintf("s-%d", s.n), ""
		r.Lon += []float64{0, 0, 0.004, -0.004}[rnd.IntN(4)]
		if rnd.IntN(2) == 0 {
			r.Source = truce.ReportSource{Kind: truce.SourceMonitor, Identity: fmt.Sprintf("team-%d", rnd.IntN(6))}
		}
		return r
	}
	r := truce.Report{ClientID: fmt.Sprintf("s-%d", s.n), Perpetrator: "RU"}
	defer func() { s.last = r }()
	r.ObservedAt = s.clock.Add(-time.Duration(rnd.IntN(6*3600)) * time.Second)
	switch s.pick(90, 7, 3) {
	case 1:
		r.ObservedAt = r.ObservedAt.Add(-time.Duration(1+rnd.IntN(40)) * 24 * time.Hour)
	case 2:
		r.ObservedAt = r.ObservedAt.Add(-time.Duration(100+rnd.IntN(300)) * 24 * time.Hour)
	}
	switch s.pick(60, 20, 20) {
	case 1:
		r.ObservedAt = r.ObservedAt.Add(time.Duration(rnd.IntN(1e9)))
	case 2:
		// On the hour: several incidents of one place and time, for ties.
		r.ObservedAt = r.ObservedAt.Truncate(time.Hour)
	}
	if rnd.IntN(7) == 0 {
		u := r.ObservedAt.Add(time.Duration(rnd.IntN(12*3600)) * time.Second)
		r.ObservedUntil = &u
	}
	r.TimePrecision = truce.TimePrecisions[s.pick(40, 20, 20, 8, 7, 5)]
	r.Precision = 1 + s.pick(40, 25, 15, 8, 4, 4, 4)
	p := streamPlaces[rnd.IntN(len(streamPlaces))]
	jitter := func() float64 {
		switch s.pick(50, 20, 20, 10) {
		case 1:
			return (rnd.Float64() - 0.5) * 0.001
		case 2:
			return (rnd.Float64() - 0.5) * 0.1
		case 3:
			return (rnd.Float64() - 0.5) * 0.8
		}
		return 0
	}
	r.Lat, r.Lon = p[0]+jitter(), p[1]+jitter()
	switch s.pick(85, 10, 5) {
	case 0:
		r.Type = truce.EventAssault
		r.Mode = []truce.Mode{"", truce.ModeDrone, truce.ModeMissile}[s.pick(2, 4, 4)]
		r.Target = []truce.TargetClass{truce.TargetCivilian, truce.TargetEnergy}[rnd.IntN(2)]
	case 1:
		r.Type = truce.EventHeavyWeapons
		r.Mode = []truce.Mode{"", truce.ModeShelling}[rnd.IntN(2)]
		r.Target = []truce.TargetClass{"", truce.TargetMilitary}[rnd.IntN(2)]
	default:
		r.Type = truce.EventAdvance
		r.Mode = []truce.Mode{"", truce.ModeGroundAssault}[rnd.IntN(2)]
	}
	switch s.pick(70, 25, 5) {
	case 0:
		r.Source = truce.ReportSource{Kind: truce.SourceMonitor, Identity: fmt.Sprintf("team-%d", rnd.IntN(6))}
	case 1:
		r.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: fmt.Sprintf("Outlet %d", rnd.IntN(3))}
	default:
		r.Source = truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: []string{"UA", "RU"}[rnd.IntN(2)]}
	}
	if len(s.stored) > 0 && rnd.IntN(10) == 0 {
		// A revision, mostly of an earlier report of the same source.
		o := s.stored[rnd.IntN(len(s.stored))]
		if rnd.IntN(6) > 0 {
			r.Source = o.Source
		}
		r.Revises = o.ClientID
		if rnd.IntN(30) == 0 {
			r.Revises = "no-such-report"
		}
	}
	return r
}

func (s *reportStream) batch(n int) []truce.Report {
	out := make([]truce.Report, n)
	for i := range out {
		out[i] = s.next()
	}
	return out
}

// stored notes the reports of a batch that were stored.
func (s *reportStream) note(rs []truce.Report, errs []error) {
	for i, r := range rs {
		if errs == nil || errs[i] == nil {
			s.stored = append(s.stored, r)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return string(truce.ErrorCode(err)) + ": " + err.Error()
}

// dumpIncidents lists every incident and report as stored.
func dumpIncidents(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT id, start, end_t, time_precision, lat, lon, precision, type, mode, target, sources, grade FROM incidents ORDER BY id`,
		`SELECT id, client_id, incident, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM reports ORDER BY id`,
	} {
		rows, err := db.SQL().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vs := make([]any, 12)
			ps := make([]any, len(vs))
			for i := range vs {
				ps[i] = &vs[i]
			}
			if err := rows.Scan(ps...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vs...))
		}
		rows.Close()
	}
	return out
}

// TestOpenIndexSameAsStore: over random streams of reports, group-committed
// in random batches, the committer's copy of the incident lookup's index
// makes the same incidents as the store's own lookup, report for report
// (the nearest incident that admits the report, ties included, revisions,
// one source one event, reports weeks or months late), while other
// handles on the same database (another process) import reports and
// analysts decide on incidents between the groups.
func TestOpenIndexSameAsStore(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func(testing.TB) string) {
		seeds, steps := []uint64{1, 2, 3}, 120
		if testing.Short() || strings.HasSuffix(t.Name(), "postgres") {
			seeds, steps = seeds[:1], 60
		}
		for _, seed := range seeds {
			t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testOpenIndexSameAsStore(t, fresh, seed, steps) })
		}
	})
}

func testOpenIndexSameAsStore(t *testing.T, fresh func(testing.TB) string, seed uint64, steps int) {
	ctx := context.Background()
	dsnIdx, dsnRef := fresh(t), fresh(t)
	idx, ref := openAt(t, dsnIdx), openAt(t, dsnRef)
	sqldb.SetOpenIndex(ref, false)
	// Other handles on the same databases: another process.
	idx2, ref2 := openAt(t, dsnIdx), openAt(t, dsnRef)
	s := newReportStream(seed)
	lookups, foreign := 0, 0
	for step := range steps {
		switch x := s.rnd.IntN(100); {
		case x < 8:
			// A bulk import from another process.
			rows := s.batch(1 + s.rnd.IntN(20))
			copyRows := func() []truce.Report { return append([]truce.Report(nil), rows...) }
			got, gerr := idx2.ImportReports(ctx, copyRows(), sqldb.ImportOptions{Partial: true})
			want, werr := ref2.ImportReports(ctx, copyRows(), sqldb.ImportOptions{Partial: true})
			if errText(gerr) != errText(werr) {
				t.Fatalf("step %d: import: %v, want %v", step, gerr, werr)
			}
			if gerr == nil {
				if diff := cmp.Diff(want.Results, got.Results); diff != "" {
					t.Fatalf("step %d: import results (-store +index):\n%s", step, diff)
				}
				bad := make([]error, len(rows))
				for _, e := range got.Errors {
					bad[e.Row] = e.Err
				}
				s.note(rows, bad)
			}
			foreign++
		case x < 11:
			// An analyst verifies an incident, in this process.
			id := int64(1 + s.rnd.IntN(max(1, step)))
			d := truce.Decision{Incident: id, Kind: truce.DecisionVerify, By: "analyst", Reason: "seen"}
			_, gerr := idx.Decide(ctx, d)
			_, werr := ref.Decide(ctx, d)
			if errText(gerr) != errText(werr) {
				t.Fatalf("step %d: decide: %v, want %v", step, gerr, werr)
			}
			foreign++
		default:
			rows := s.batch(1 + s.rnd.IntN(30))
			got, gerrs := sqldb.CommitGroup(ctx, idx, rows)
			want, werrs := sqldb.CommitGroup(ctx, ref, rows)
			for i := range rows {
				if got[i] != want[i] || errText(gerrs[i]) != errText(werrs[i]) {
					t.Fatalf("step %d, report %s (%+v):\nindex: %+v %v\nstore: %+v %v", step, rows[i].ClientID, rows[i], got[i], gerrs[i], want[i], werrs[i])
				}
				if werrs[i] == nil && !want[i].Replayed && rows[i].Revises == "" {
					lookups++
				}
			}
			s.note(rows, werrs)
		}
	}
	if diff := cmp.Diff(dumpIncidents(t, ref), dumpIncidents(t, idx)); diff != "" {
		t.Fatalf("stored incidents and reports (-store +index):\n%s", diff)
	}
	hits, misses, resets := sqldb.OpenIndexStats(idx)
	t.Logf("%d reports, %d lookups: %d from the copy, %d from the store, %d copies dropped, %d foreign writes", s.n, lookups, hits, misses, resets, foreign)
	if misses != 0 || hits < int64(lookups) {
		t.Errorf("the copy answered %d of %d lookups (%d left to the store), want all", hits, lookups, misses)
	}
	if resets > int64(foreign)+1 {
		t.Errorf("the copy was dropped %d times for %d foreign writes: the committer's own writes drop it", resets, foreign)
	}
}

// TestOpenIndexSeesOtherWriters: what another handle on the same database
// (another process) writes between two group commits reaches the next
// lookup: a report of a source an import added to an incident the
// committer knows does not join it, one matching only the span an import
// extended does, and one of an incident of a kind (type, time precision)
// only an import stored finds it.
func TestOpenIndexSeesOtherWriters(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func(testing.TB) string) {
		ctx := context.Background()
		dsn := fresh(t)
		db, other := openAt(t, dsn), openAt(t, dsn)
		at := func(id, team string, minutes int) truce.Report {
			r := sumy(id)
			r.ObservedAt = time.Date(2025, 2, 10, 8, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
			r.Source.Identity = team
			return r
		}
		add := func(r truce.Report) sqldb.AddResult {
			t.Helper()
			res, err := db.AddReport(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		first := add(at("a-1", "team-a", 0))
		if res := add(at("b-1", "team-b", 10)); res.Incident != first.Incident {
			t.Fatalf("b-1 in incident %d, want %d", res.Incident, first.Incident)
		}
		// Another process imports team c's report of the same strike, and a
		// report three hours later that extends the incident's span.
		imp, err := other.ImportReports(ctx, []truce.Report{at("c-1", "team-c", 5), at("d-1", "team-d", 180)}, sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range imp.Results {
			if r.Incident != first.Incident {
				t.Fatalf("imported into incident %d, want %d", r.Incident, first.Incident)
			}
		}
		// Team c again: one source, one event, so a new incident.
		if res := add(at("c-2", "team-c", 20)); res.Incident == first.Incident {
			t.Errorf("c-2 joined incident %d, which holds team c's report already", first.Incident)
		}
		// Team e, almost six hours after the first report: only the span the
		// import extended is within three hours.
		if res := add(at("e-1", "team-e", 350)); res.Incident != first.Incident {
			t.Errorf("e-1 in incident %d, want %d (extended by the import)", res.Incident, first.Incident)
		}
		// A week-precision incident only the import stored.
		week := at("w-1", "team-w", 0)
		week.TimePrecision, week.Lat, week.Lon = truce.TimeWeek, 48.2, 37.1
		imp, err = other.ImportReports(ctx, []truce.Report{week}, sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		near := at("x-1", "team-x", 3000)
		near.Lat, near.Lon = 48.2, 37.1
		if res := add(near); res.Incident != imp.Results[0].Incident {
			t.Errorf("x-1 in incident %d, want %d (the imported week-precision one)", res.Incident, imp.Results[0].Incident)
		}
		if hits, _, resets := sqldb.OpenIndexStats(db); hits == 0 || resets < 2 {
			t.Errorf("the copy answered %d lookups and was dropped %d times, want some and at least 2", hits, resets)
		}
	})
}

// TestOpenIndexAfterFailure: what a report that fails after writing (a
// hook refuses it) or a group that fails as a whole wrote is gone from the
// store, and from the committer's copy: a later report at the same place
// makes its own incident.
func TestOpenIndexAfterFailure(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func(testing.TB) string) {
		ctx := context.Background()
		db := openAt(t, fresh(t))
		failFlush := errors.New("flush refused")
		db.Hooks.ReportAccepted = func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
			switch r.ClientID {
			case "refused":
				return errors.New("refused")
			case "group-refused":
				return tx.Defer(ctx, "test", r.ClientID, func(context.Context, *sqldb.Tx, []any) error { return failFlush })
			}
			return nil
		}
		at := func(id string, day int) truce.Report {
			r := sumy(id)
			r.ObservedAt = time.Date(2025, 2, day, 8, 0, 0, 0, time.UTC)
			return r
		}
		// An earlier strike at the same place: its lookup reads the cell.
		if _, err := db.AddReport(ctx, at("warm", 1)); err != nil {
			t.Fatal(err)
		}
		for i, bad := range []string{"refused", "group-refused"} {
			res, errs := sqldb.CommitGroup(ctx, db, []truce.Report{at(bad, 10+i)})
			if errs[0] == nil {
				t.Fatalf("%s: stored as %+v, want an error", bad, res[0])
			}
			res, errs = sqldb.CommitGroup(ctx, db, []truce.Report{at("after-"+bad, 10+i)})
			if errs[0] != nil {
				t.Fatalf("after %s: %v", bad, errs[0])
			}
			in, err := db.Incident(ctx, res[0].Incident)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Reports) != 1 || in.Reports[0] != res[0].Report {
				t.Errorf("after %s: incident %d has reports %v, want only %d", bad, in.ID, in.Reports, res[0].Report)
			}
		}
	})
}
