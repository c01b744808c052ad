package sqldb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

func countReports(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportReports(t *testing.T) { eachBackend(t, testImportReports) }

func testImportReports(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	good := func() []truce.Report {
		a, b, c := sumy("a"), sumy("b"), sumy("c")
		b.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: "Suspilne"}
		c.Lat, c.Lon, c.Place = 46.48, 30.72, "Odesa"
		return []truce.Report{a, b, c}
	}
	t.Run("OK", func(t *testing.T) {
		db := open(t)
		res, err := db.ImportReports(ctx, good(), sqldb.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 3 || res.NewIncidents != 2 || res.Results[0].Incident != res.Results[1].Incident || res.Results[2].Incident == res.Results[0].Incident {
			t.Fatalf("%+v", res)
		}
		in, err := db.Incident(ctx, res.Results[0].Incident)
		if err != nil {
			t.Fatal(err)
		}
		if in.Grade != truce.GradeCorroborated || len(in.Reports) != 2 {
			t.Errorf("incident %+v", in)
		}
		r, err := db.Report(ctx, res.Results[0].Report, true)
		if err != nil || r.Source.Identity != "team-a" || r.ClientID != "a" {
			t.Errorf("report %+v %v", r, err)
		}
		// A single report afterwards joins the imported incident, and ids continue.
		one, err := db.AddReport(ctx, sumy("d"))
		if err != nil || one.Incident != res.Results[0].Incident || one.Report != 4 {
			t.Errorf("after import: %+v %v", one, err)
		}
		// Importing again replays: the same ids, nothing added.
		again, err := db.ImportReports(ctx, good(), sqldb.ImportOptions{})
		if err != nil || again.Added != 0 || again.Replayed != 3 || again.Results[2] != (sqldb.AddResult{Report: res.Results[2].Report, Incident: res.Results[2].Incident, Replayed: true}) {
			t.Errorf("again: %+v %v", again, err)
		}
		// New reports join stored incidents.
		e := sumy("e")
		e.Source.Identity = "team-e"
		upd, err := db.ImportReports(ctx, []truce.Report{e}, sqldb.ImportOptions{})
		if err != nil || upd.Updated != 1 || upd.Results[0].Incident != res.Results[0].Incident {
			t.Errorf("update: %+v %v", upd, err)
		}
		if in, _ := db.Incident(ctx, res.Results[0].Incident); len(in.Reports) != 4 || in.Sources != 4 {
			t.Errorf("after update: %d reports, %d sources", len(in.Reports), in.Sources)
		}
	})
	t.Run("ErrAllOrNothing", func(t *testing.T) {
		db := open(t)
		rows := good()
		rows[1].Lat = 200
		rows[2].Zone = "atlantis"
		_, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{})
		var er *sqldb.ErrRows
		if !errors.As(err, &er) || len(er.Rows) != 2 || er.Rows[0].Row != 1 || er.Rows[1].Row != 2 {
			t.Fatalf("err %v, want rows 1 and 2", err)
		}
		if truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("code %s", truce.ErrorCode(err))
		}
		if n := countReports(t, db); n != 0 {
			t.Errorf("%d reports stored, want none", n)
		}
	})
	t.Run("Partial", func(t *testing.T) {
		db := open(t)
		rows := good()
		rows[1].Lat = 200
		res, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{Partial: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 2 || len(res.Errors) != 1 || res.Errors[0].Row != 1 || res.Results[1].Report != 0 {
			t.Errorf("%+v", res)
		}
		if n := countReports(t, db); n != 2 {
			t.Errorf("%d reports stored, want 2", n)
		}
	})
	t.Run("DuplicateClientIDs", func(t *testing.T) {
		db := open(t)
		rows := append(good(), sumy("a"))
		res, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{})
		if err != nil || res.Added != 3 || res.Replayed != 1 || res.Results[3].Report != res.Results[0].Report {
			t.Fatalf("%+v %v", res, err)
		}
		other := sumy("a")
		other.Killed.Best = truce.N(1)
		_, err = db.ImportReports(ctx, []truce.Report{sumy("z"), other}, sqldb.ImportOptions{})
		if truce.ErrorCode(err) != truce.ECONFLICT {
			t.Errorf("err %v, want ECONFLICT", err)
		}
	})
}

// TestImportUCDP imports the 3,077 UCDP GED events and checks that every
// row landed as a report with its place, dates, deaths and source.
func TestImportUCDP(t *testing.T) { eachBackend(t, testImportUCDP) }

func testImportUCDP(t *testing.T, open func(testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
		ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
		return judge.New(ps, nil), err
	}
	f, err := os.Open(filepath.Join("..", "intake", "testdata", "ucdp", "UCDP_GED_v22.1_Ukraine.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := intake.ReadUCDP(f)
	if err != nil {
		t.Fatal(err)
	}
	reports := make([]truce.Report, len(rows))
	for i, r := range rows {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
		reports[i] = r.Report
	}
	want := make([]truce.Report, len(reports))
	copy(want, reports)
	res, err := db.ImportReports(ctx, reports, sqldb.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 3077 || len(res.Errors) != 0 {
		t.Fatalf("added %d, %d errors", res.Added, len(res.Errors))
	}
	if n := countReports(t, db); n != 3077 {
		t.Fatalf("%d reports stored", n)
	}
	for i, w := range want {
		got, err := db.Report(ctx, res.Results[i].Report, false)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case got.ClientID != w.ClientID || got.Lat != w.Lat || got.Lon != w.Lon || got.Place != w.Place || got.Precision != w.Precision:
			t.Errorf("line %d: place %s %v,%v %q, want %s %v,%v %q", rows[i].Line, got.ClientID, got.Lat, got.Lon, got.Place, w.ClientID, w.Lat, w.Lon, w.Place)
		case !got.ObservedAt.Equal(w.ObservedAt) || !got.End().Equal(w.End()) || got.TimePrecision != w.TimePrecision:
			t.Errorf("line %d: dates %v..%v, want %v..%v", rows[i].Line, got.ObservedAt, got.End(), w.ObservedAt, w.End())
		case *got.Killed.Best != *w.Killed.Best || *got.Killed.Low != *w.Killed.Low || *got.Killed.High != *w.Killed.High:
			t.Errorf("line %d: deaths %v, want %v", rows[i].Line, got.Killed, w.Killed)
		case got.Source.Name != "UCDP GED v22.1" || got.Source.Kind != truce.SourceOpenSource || got.Description != w.Description:
			t.Errorf("line %d: source %+v", rows[i].Line, got.Source)
		}
	}
	// No provision of the scenario was in force 2014–2022: no verdicts.
	ins, err := db.Incidents(ctx, sqldb.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, in := range ins {
		total += len(in.Reports)
		if len(in.Verdicts) != 0 {
			t.Errorf("incident %d has verdicts %v", in.ID, in.Verdicts)
		}
	}
	if total != 3077 {
		t.Errorf("incidents hold %d reports, want 3077", total)
	}
	// The GED's rows are deduplicated events from one source: no two of
	// them are one incident, however close in time and place (a report
	// never joins an incident holding a report of its own source).
	if len(ins) != 3077 || res.NewIncidents != 3077 {
		t.Errorf("%d incidents (%d new), want one per GED event: 3077", len(ins), res.NewIncidents)
	}
}

// syntheticReports returns n valid reports over the area of the war, from
// a few hundred monitor teams. Their times were meant to spread over 90
// days from 2025-01-01, but i * 90 days overflows a Duration from i = 1,187:
// 100,000 of them fall within 51 hours around that date, so incidents chain
// and a report has many near it, a dense case for clustering. Kept as it
// is, so that the import's figures stay comparable with earlier ones.
func syntheticReports(n int) []truce.Report {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	modes := []truce.Mode{truce.ModeShelling, truce.ModeMissile, truce.ModeDrone, truce.ModeAirstrike}
	out := make([]truce.Report, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range out {
		out[i] = truce.Report{ClientID: "bench-" + strconv.Itoa(i),
			ObservedAt: start.Add(time.Duration(i) * 90 * 24 * time.Hour / time.Duration(n)),
			Lat:        46 + rng.Float64()*6, Lon: 30 + rng.Float64()*8, Precision: 1 + i%3,
			Type: truce.EventAssault, Mode: modes[i%4], Target: truce.TargetClasses[i%5],
			Killed: truce.Count{Best: truce.N(i % 3)}, Perpetrator: []string{"RU", "UA"}[i%2],
			Source:      truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-" + strconv.Itoa(i%300)},
			Description: "synthetic report " + strconv.Itoa(i)}
	}
	return out
}

// BenchmarkImportReports imports 100,000 reports into a new file database
// with one durable commit (synchronous=FULL), judged against the built-in
// scenario; it reports reports/s.
func BenchmarkImportReports(b *testing.B) { benchmarkImport(b, false) }

// BenchmarkImportReportsLogged is BenchmarkImportReports with the
// transparency-log hooks `truce serve` and `truce report import` install (a
// leaf per report and per set of verdicts, in the import's transaction):
// the path a user runs.
func BenchmarkImportReportsLogged(b *testing.B) { benchmarkImport(b, true) }

func benchmarkImport(b *testing.B, logged bool) {
	const n = 100_000
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := mustOpenScenario(b)
		if logged {
			db.Hooks = tlog.StoreHooks()
		}
		db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
			ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
			return judge.New(ps, nil), err
		}
		rows := syntheticReports(n)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		res, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		el, cpu := time.Since(start), cpuTime()-cpu0
		b.ReportMetric(float64(res.Added)/el.Seconds(), "reports/s")
		// On a shared machine the wall clock counts other processes' time too:
		// the CPU time the import used is the steadier measure.
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(res.NewIncidents), "incidents")
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	_ = fmt.Sprint()
}

// BenchmarkAddReportConcurrent submits reports from 100 goroutines at once
// into a file database (synchronous=FULL, group commit) and reports the
// latency percentiles of AddReport, which returns after the durable commit.
func BenchmarkAddReportConcurrent(b *testing.B) { benchmarkAddReportConcurrent(b, false) }

// BenchmarkAddReportConcurrentLogged is BenchmarkAddReportConcurrent with
// the transparency-log hooks `truce serve` installs (a leaf per report and
// per set of verdicts in the group's transaction):
//
//	go test -run '^$' -bench AddReportConcurrentLogged -benchtime 20000x -count 3 ./sqldb/
func BenchmarkAddReportConcurrentLogged(b *testing.B) { benchmarkAddReportConcurrent(b, true) }

func benchmarkAddReportConcurrent(b *testing.B, logged bool) {
	const clients = 100
	ctx := context.Background()
	db := mustOpenScenario(b)
	if logged {
		db.Hooks = tlog.StoreHooks()
	}
	db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
		ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
		return judge.New(ps, nil), err
	}
	rows := syntheticReports(max(b.N, clients))
	lat := make([]time.Duration, len(rows))
	var next atomic.Int64
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(rows) {
					return
				}
				t0 := time.Now()
				if _, err := db.AddReport(ctx, rows[i]); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	el, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	// The CPU time per report is the steadier measure on a shared machine.
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(rows)), "cpu-µs/report")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(rows))/el.Seconds(), "reports/s")
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestImportReportsRestoresCacheSize checks that the larger page cache an
// import uses on SQLite is the connection's own no longer once the import
// is over, committed or not.
func TestImportReportsRestoresCacheSize(t *testing.T) {
	ctx := context.Background()
	db := mustOpenScenario(t)
	db.SQL().SetMaxOpenConns(1) // the import's connection is the one checked
	cacheSize := func() int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	want := cacheSize()
	rows := syntheticReports(50)
	if _, err := db.ImportReports(ctx, rows, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := cacheSize(); got != want {
		t.Errorf("after an import: cache_size = %d, want %d", got, want)
	}
	bad := syntheticReports(2)
	bad[1].Lat = 91
	var rowsErr *sqldb.ErrRows
	if _, err := db.ImportReports(ctx, bad, sqldb.ImportOptions{}); !errors.As(err, &rowsErr) {
		t.Fatalf("bad row: got %v, want *ErrRows", err)
	}
	if got := cacheSize(); got != want {
		t.Errorf("after a failed import: cache_size = %d, want %d", got, want)
	}
}

// variedReports returns n valid reports of April 2025 (provisions of the
// built-in scenario are in force: incidents get verdicts), around a few
// places so that many join others, with every kind of field set on some:
// windows and vague times, identities and named sources, places, weapons,
// counts, and revisions of an earlier report of their source (of this
// batch, or of before's, the reports already stored).
func variedReports(rng *rand.Rand, prefix string, n int, from time.Time, span time.Duration, before []truce.Report) []truce.Report {
	centers := [][2]float64{{50.91, 34.80}, {48.46, 35.05}, {46.64, 32.62}, {49.99, 36.23}, {47.84, 35.14}}
	modes := []truce.Mode{truce.ModeShelling, truce.ModeMissile, truce.ModeDrone, truce.ModeAirstrike, ""}
	precisions := []truce.TimePrecision{"", truce.TimeExact, truce.TimeHour, truce.TimeDay, truce.TimeWeek}
	out := make([]truce.Report, 0, n)
	for i := range n {
		c := centers[rng.IntN(len(centers))]
		r := truce.Report{ClientID: prefix + strconv.Itoa(i),
			ObservedAt:    from.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second),
			TimePrecision: precisions[rng.IntN(len(precisions))],
			Lat:           c[0] + rng.NormFloat64()*0.05, Lon: c[1] + rng.NormFloat64()*0.05, Precision: 1 + rng.IntN(3),
			Type: truce.EventAssault, Mode: modes[rng.IntN(len(modes))], Target: truce.TargetClasses[rng.IntN(len(truce.TargetClasses))],
			Killed: truce.Count{Best: truce.N(rng.IntN(4))}, Perpetrator: []string{"RU", "UA", ""}[rng.IntN(3)],
			Source: truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-" + strconv.Itoa(rng.IntN(40))}}
		switch rng.IntN(4) {
		case 0:
			r.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: []string{"Suspilne", "Ukrinform", "TASS"}[rng.IntN(3)], Reliability: "C"}
		case 1:
			r.Place, r.Description = "near "+strconv.Itoa(rng.IntN(9)), "seen from "+strconv.Itoa(i)
		case 2:
			until := r.ObservedAt.Add(time.Duration(1+rng.IntN(120)) * time.Minute)
			r.ObservedUntil, r.Weapons, r.Injured = &until, []string{"mortar"}, truce.Count{Low: truce.N(1), High: truce.N(5)}
		}
		// A revision of an earlier report of the same source, observed later.
		if k := rng.IntN(len(out) + len(before) + 1); rng.IntN(15) == 0 && k < len(out)+len(before) {
			orig := &truce.Report{}
			if k < len(out) {
				orig = &out[k]
			} else {
				orig = &before[k-len(out)]
			}
			if orig.Revises == "" {
				r.Revises, r.Source, r.ObservedUntil = orig.ClientID, orig.Source, nil
				r.ObservedAt = orig.ObservedAt.Add(time.Duration(rng.IntN(60)) * time.Minute)
			}
		}
		out = append(out, r)
	}
	return out
}

// TestImportStoresWhatPlainDoes imports the same reports into two stores
// with the transparency log's hooks, one through the fast path (on
// SQLite: reports written beside the clustering, and the shortcuts of
// bulkWriter and importRows), the other plainly (sqldb.SetPlainImport:
// every value of every row bound through database/sql, after the
// clustering): into an empty store, then a few that join the stored
// incidents (some replayed, some revising a stored report), then more
// than the store holds. The two must hold the same rows, the same schema
// and sound indexes, and log the same records in the same order: every
// leaf of the fast store commits, with its salt, to the record the plain
// import logged, so that with the same salts the two logs have the same
// root.
func TestImportStoresWhatPlainDoes(t *testing.T) {
	ctx := context.Background()
	type leaf struct {
		kind, ref string
		record    []byte
	}
	open := func(plain bool) (*sqldb.DB, *[]leaf) {
		// openScenario's store, with its clock set before the scenario
		// is loaded (the rows it writes carry the time).
		db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.Now = func() time.Time { return time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC) }
		sc, err := scenario.LoadBuiltin(scenario.Builtin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.LoadScenario(ctx, sc); err != nil {
			t.Fatal(err)
		}
		sqldb.SetPlainImport(db, plain)
		db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
			ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
			return judge.New(ps, nil), err
		}
		var logged []leaf
		h := tlog.StoreHooks()
		reports, verdicts := h.ReportsAccepted, h.AllVerdictsStored
		h.ReportsAccepted = func(ctx context.Context, tx *sqldb.Tx, rs []*truce.Report) error {
			for _, r := range rs {
				logged = append(logged, leaf{tlog.KindReport, strconv.FormatInt(r.ID, 10), r.LogRecord()})
			}
			return reports(ctx, tx, rs)
		}
		h.AllVerdictsStored = func(ctx context.Context, tx *sqldb.Tx, ids []int64, vs [][]truce.Verdict) error {
			for i, id := range ids {
				logged = append(logged, leaf{tlog.KindVerdicts, strconv.FormatInt(id, 10), truce.VerdictsRecord(id, vs[i])})
			}
			return verdicts(ctx, tx, ids, vs)
		}
		db.Hooks = h
		return db, &logged
	}
	fast, fastLog := open(false)
	plain, plainLog := open(true)

	rng := rand.New(rand.NewPCG(7, 8))
	april := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	first := variedReports(rng, "a-", 1500, april, 10*24*time.Hour, nil)
	joining := append(variedReports(rng, "b-", 300, april.Add(5*24*time.Hour), 5*24*time.Hour, first), first[:20]...) // 20 replayed
	more := variedReports(rng, "c-", 2500, april.Add(12*24*time.Hour), 6*24*time.Hour, nil)
	for n, batch := range [][]truce.Report{first, joining, more} {
		var results [2]*sqldb.ImportResult
		for k, db := range []*sqldb.DB{fast, plain} {
			res, err := db.ImportReports(ctx, slices.Clone(batch), sqldb.ImportOptions{})
			if err != nil {
				t.Fatalf("import %d (plain %v): %v", n, k == 1, err)
			}
			results[k] = res
		}
		if diff := cmp.Diff(results[1], results[0]); diff != "" {
			t.Fatalf("import %d: results differ (-plain +fast):\n%s", n, diff)
		}
		t.Logf("import %d: %d added, %d replayed, %d new incidents, %d updated", n, results[0].Added, results[0].Replayed, results[0].NewIncidents, results[0].Updated)
	}

	// The same rows and schema, sound indexes.
	for _, q := range []string{`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name`, `PRAGMA integrity_check`} {
		if diff := cmp.Diff(dumpRows(t, plain, q), dumpRows(t, fast, q)); diff != "" {
			t.Errorf("%s (-plain +fast):\n%s", q, diff)
		}
	}
	var verdicts int
	if err := fast.SQL().QueryRow(`SELECT COUNT(*) FROM verdicts`).Scan(&verdicts); err != nil || verdicts == 0 {
		t.Errorf("%d verdicts (%v): the check wants some", verdicts, err)
	}
	// (Not the migrations table: the time each was applied.)
	for _, table := range dumpRows(t, fast, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name`) {
		// Entries and salts differ (a salt is random), and so do the
		// hashes above them: they are checked below.
		cols := dumpRows(t, fast, `SELECT name FROM pragma_table_info(?) WHERE ? || '.' || name NOT IN
			('tlog_leaves.entry', 'tlog_leaves.salt', 'tlog_nodes.hash', 'tlog_tree.root') ORDER BY cid`, table, table)
		q := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + table + ` ORDER BY ` + strings.Join(cols, ", ")
		if diff := cmp.Diff(dumpRows(t, plain, q), dumpRows(t, fast, q)); diff != "" {
			t.Errorf("table %s (-plain +fast):\n%s", table, diff)
		}
	}

	// The same records logged, in the same order; with the fast store's
	// salts, the plain import's records give the fast store's entries and
	// root.
	if diff := cmp.Diff(*plainLog, *fastLog, cmp.AllowUnexported(leaf{})); diff != "" {
		t.Fatalf("records logged (-plain +fast):\n%s", diff)
	}
	rows, err := fast.SQL().QueryContext(ctx, `SELECT idx, kind, ref, entry, salt FROM tlog_leaves ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var hashes [][]byte
	for rows.Next() {
		var idx int
		var kind, ref string
		var entry, salt []byte
		if err := rows.Scan(&idx, &kind, &ref, &entry, &salt); err != nil {
			t.Fatal(err)
		}
		if idx != len(hashes) || idx >= len(*plainLog) {
			t.Fatalf("leaf %d: the plain import logged %d records", idx, len(*plainLog))
		}
		want := (*plainLog)[idx]
		commit, err := tlog.Commit(salt, want.kind, want.record)
		if err != nil {
			t.Fatal(err)
		}
		if kind != want.kind || ref != want.ref || !bytes.Equal(entry, commit) {
			t.Fatalf("leaf %d: %s %s, not the commitment to the plain import's %s %s", idx, kind, ref, want.kind, want.ref)
		}
		hashes = append(hashes, rfc6962.DefaultHasher.HashLeaf(commit))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(hashes) != len(*plainLog) {
		t.Fatalf("%d leaves, the plain import logged %d records", len(hashes), len(*plainLog))
	}
	var root []byte
	if err := fast.SQL().QueryRow(`SELECT root FROM tlog_tree`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if want := merkleRoot(hashes); !bytes.Equal(root, want) {
		t.Errorf("fast store's root %x; the plain import's records with its salts give %x", root, want)
	}
	// And the stored reports are the records logged.
	for _, l := range *fastLog {
		if l.kind != tlog.KindReport {
			continue
		}
		id, _ := strconv.ParseInt(l.ref, 10, 64)
		r, err := fast.Report(ctx, id, false)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.LogRecord(), l.record) {
			t.Fatalf("report %d: stored %s, logged %s", id, r.LogRecord(), l.record)
		}
	}
}

// merkleRoot is RFC 6962's Merkle tree hash of the leaf hashes.
func merkleRoot(hashes [][]byte) []byte {
	switch len(hashes) {
	case 0:
		return rfc6962.DefaultHasher.EmptyRoot()
	case 1:
		return hashes[0]
	}
	k := 1
	for k*2 < len(hashes) {
		k *= 2
	}
	return rfc6962.DefaultHasher.HashChildren(merkleRoot(hashes[:k]), merkleRoot(hashes[k:]))
}

// dumpRows returns the rows of a query, each as one string of its values
// with their Go types (as the driver returns them: a float exactly).
func dumpRows(t *testing.T, db *sqldb.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.SQL().Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			if len(cols) > 1 {
				fmt.Fprintf(&b, "%T:", v)
			}
			fmt.Fprintf(&b, "%v", v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportCanceled: an import whose context ends while it writes (here
// in its log hook, beside the incidents' writes) fails and stores
// nothing, the rows written before included.
func TestImportCanceled(t *testing.T) {
	db := mustOpenScenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := tlog.StoreHooks()
	reports := h.ReportsAccepted
	h.ReportsAccepted = func(ctx context.Context, tx *sqldb.Tx, rs []*truce.Report) error {
		cancel()
		return reports(ctx, tx, rs)
	}
	db.Hooks = h
	if _, err := db.ImportReports(ctx, syntheticReports(5000), sqldb.ImportOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	for _, table := range []string{"reports", "incidents", "report_identities", "tlog_leaves"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows (%v), want none", table, n, err)
		}
	}
}
