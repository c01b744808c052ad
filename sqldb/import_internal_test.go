package sqldb

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
)

// TestAppendTS: appendTS writes what tsf does.
func TestAppendTS(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("", 3*3600), time.FixedZone("", -9*3600-1800), time.Local}
	times := []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))}
	for range 100_000 {
		times = append(times, time.Unix(rng.Int64N(253402300799+62135596800)-62135596800, rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))]))
	}
	for _, tm := range times {
		if got, want := string(appendTS(nil, tm)), tsf(tm); got != want {
			t.Fatalf("%v: got %s, want %s", tm, got, want)
		}
	}
}

// TestImportReportArgs: an import binds the values the single-report path does.
func TestImportReportArgs(t *testing.T) {
	until := time.Date(2025, 4, 13, 9, 0, 0, 123456789, time.FixedZone("", 3*3600))
	recv := time.Date(2025, 4, 14, 10, 0, 0, 987654321, time.UTC)
	for _, r := range []truce.Report{
		{ID: 7, ClientID: "a", Incident: 3, ObservedAt: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC), TimePrecision: truce.TimeExact,
			Lat: 50.9, Lon: 34.8, Precision: 1, Type: truce.EventAssault, Source: truce.ReportSource{Kind: truce.SourceMonitor},
			ReceivedAt: recv},
		{ID: 8, ClientID: "b", Revises: "a", Incident: 3, ObservedAt: time.Date(2025, 4, 13, 8, 20, 0, 5000, time.UTC), ObservedUntil: &until,
			TimePrecision: truce.TimeHour, Lat: -0.0000001, Lon: 180, Precision: 7, Place: "Sumy", Type: truce.EventAssault,
			Mode: truce.ModeMissile, Weapons: []string{"x", "y"}, Target: truce.TargetCivilian, Killed: truce.Count{Best: truce.N(2)},
			Injured: truce.Count{Low: truce.N(1), High: truce.N(9)}, Perpetrator: "RU",
			Source:      truce.ReportSource{Kind: truce.SourceOpenSource, Reliability: "B", Name: "N", Party: "UA", Identity: "i"},
			Description: "d", Attachments: []string{"sha256:00"}, Provisions: []string{"p"}, Zone: "z", ReceivedAt: recv},
	} {
		want := reportArgs(&r, "hash")
		want[9] = int64(r.Precision)
		if diff := cmp.Diff(want, appendReportArgs(nil, &r, "hash", tsf(recv))); diff != "" {
			t.Errorf("report %d (-want +got):\n%s", r.ID, diff)
		}
	}
}

// TestImportIncidentArgs: an import binds the values the single-report
// path does (and the id first).
func TestImportIncidentArgs(t *testing.T) {
	updated := time.Date(2025, 4, 14, 10, 0, 0, 987654321, time.UTC)
	for _, in := range []truce.Incident{
		{ID: 1, Start: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC), End: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC),
			TimePrecision: truce.TimeExact, Lat: 50.9, Lon: 34.8, Precision: 1, Type: truce.EventAssault, Sources: 1,
			Grade: truce.GradeAlleged, SourceGrade: truce.GradeAlleged, Updated: updated},
		{ID: 2, Start: time.Date(2025, 4, 13, 8, 20, 0, 1500, time.FixedZone("", 7200)), End: time.Date(2025, 4, 14, 8, 20, 0, 0, time.UTC),
			TimePrecision: truce.TimeDay, Lat: -1e-7, Lon: 34.8, Precision: 3, Place: "Sumy \"<x>\"", Type: truce.EventAssault,
			Mode: truce.ModeMissile, Target: truce.TargetCivilian, Weapons: []string{"a", "é<\u2028>"}, Perpetrator: "RU",
			Killed: truce.Count{Low: truce.N(1), High: truce.N(3)}, Injured: truce.Count{Best: truce.N(0)}, Sources: 3,
			Grade: truce.GradeCorroborated, SourceGrade: truce.GradeCorroborated, JudgedVersion: 7, Updated: updated,
			Verdicts: []truce.Verdict{{Verdict: truce.VerdictNeedsReview}}},
	} {
		want := append([]any{in.ID}, incidentArgs(&in)...)
		want[6], want[15], want[20] = int64(in.Precision), int64(in.Sources), int64(want[20].(int))
		if diff := cmp.Diff(want, appendIncidentArgs(nil, &in, tsf(updated))); diff != "" {
			t.Errorf("incident %d (-want +got):\n%s", in.ID, diff)
		}
	}
}

// TestCountJSON: countJSON writes json.Marshal's bytes.
func TestCountJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		var c truce.Count
		for _, p := range []**int{&c.Low, &c.Best, &c.High} {
			if rng.IntN(2) == 0 {
				*p = truce.N(rng.IntN(2000) - 1000)
			}
		}
		if got, want := countJSON(c), js(c); got != want {
			t.Fatalf("%s, want %s", got, want)
		}
	}
}

// TestShapes: reportShape and incidentShape name the columns the
// single-report path writes, and each default they leave out is the value
// the schema's DEFAULT stores.
func TestShapes(t *testing.T) {
	for _, tt := range []struct {
		shape *tableShape
		cols  string
	}{{reportShape, reportInsertCols}, {incidentShape, "id, " + incidentInsertCols}} {
		if got, want := strings.Join(tt.shape.cols, ", "), strings.Join(splitCols(tt.cols), ", "); got != want {
			t.Fatalf("%s: columns %s, want %s", tt.shape.table, got, want)
		}
		if len(tt.shape.defaults) != len(tt.shape.cols) {
			t.Fatalf("%s: %d defaults for %d columns", tt.shape.table, len(tt.shape.defaults), len(tt.shape.cols))
		}
	}
	if len(reportShape.cols) != reportNCols || len(incidentShape.cols) != incidentNCols+1 {
		t.Fatalf("%d report columns, %d incident columns", len(reportShape.cols), len(incidentShape.cols))
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, shape := range []*tableShape{reportShape, incidentShape} {
		rows, err := db.db.QueryContext(ctx, `SELECT name, dflt_value FROM pragma_table_info(?)`, shape.table)
		if err != nil {
			t.Fatal(err)
		}
		schema := map[string]*string{}
		for rows.Next() {
			var name string
			var def *string
			if err := rows.Scan(&name, &def); err != nil {
				t.Fatal(err)
			}
			schema[name] = def
		}
		rows.Close()
		for i, c := range shape.cols {
			var want string
			switch def := shape.defaults[i].(type) {
			case nil:
				continue
			case string:
				want = "'" + def + "'"
			case int64:
				want = strconv.FormatInt(def, 10)
			default:
				t.Fatalf("%s.%s: a default of type %T", shape.table, c, def)
			}
			if got := schema[c]; got == nil || *got != want {
				t.Errorf("%s.%s: the schema's default is %v, the shape's %s", shape.table, c, fmt.Sprint(got), want)
			}
		}
	}
}

// TestShapedWriter: shaped batches store what full rows would, whichever
// columns each batch leaves out, and batches are flushed at the limit.
func TestShapedWriter(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE shaped (a INTEGER NOT NULL, b TEXT NOT NULL DEFAULT '', c TEXT NOT NULL DEFAULT '[]');
		CREATE TABLE full (a INTEGER NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	shape := &tableShape{table: "shaped", cols: []string{"a", "b", "c"}, defaults: []any{nil, "", "[]"}}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	sw, fw := &bulkWriter{ctx: ctx, tx: tx}, &bulkWriter{ctx: ctx, tx: tx}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 25_000 // batches of 10,000 rows: with b given, with neither, with c given
	for i := range n {
		b, c := "", "[]"
		if i < 9999 && rng.IntN(1000) == 0 {
			b = strconv.Itoa(i)
		}
		if i >= 20000 && rng.IntN(3) == 0 {
			c = "[" + strconv.Itoa(i) + "]"
		}
		if err := sw.shapedRow(shape, int64(i), b, c); err != nil {
			t.Fatal(err)
		}
		if err := fw.row("full", "a, b, c", 3, int64(i), b, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.flush(); err != nil {
		t.Fatal(err)
	}
	if err := fw.flush(); err != nil {
		t.Fatal(err)
	}
	var count, differ int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), SUM(s.b IS NOT f.b OR s.c IS NOT f.c OR typeof(s.b) <> typeof(f.b)) FROM shaped s JOIN full f USING (a)`).Scan(&count, &differ); err != nil {
		t.Fatal(err)
	}
	if count != n || differ != 0 {
		t.Errorf("%d rows joined, %d differ; want %d, 0", count, differ, n)
	}
	if len(sw.stmts) != 2 {
		t.Errorf("%d full-batch statements prepared, want 2 (with b, then without b or c)", len(sw.stmts))
	}
}

// TestBulkWriterFails: a row that breaks a constraint (INSERT OR FAIL on
// SQLite) fails its batch with the constraint's error, and the
// transaction, rolled back, stores none of the rows before it.
func TestBulkWriterFails(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE u (a INTEGER NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &bulkWriter{ctx: ctx, tx: tx}
	for i := range 25_000 { // one batch; from row 15,000 on, values repeat
		err = w.row("u", "a", 1, int64(i%15_000))
		if err != nil {
			break
		}
	}
	if err == nil {
		err = w.flush()
	}
	if !isConstraint(err, "unique") {
		t.Fatalf("err %v, want a unique constraint's", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM u`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows stored (%v), want 0", n, err)
	}
}

// TestSameColumn: a column is bound once only when SQLite would store the
// same value from every row.
func TestSameColumn(t *testing.T) {
	negZero, nan := math.Copysign(0, -1), math.NaN()
	for _, tt := range []struct {
		col  []any
		want bool
	}{
		{[]any{"a", "a", "a"}, true},
		{[]any{"a", "a", "b"}, false},
		{[]any{int64(1), int64(1)}, true},
		{[]any{int64(1), 1.0}, false},
		{[]any{1.5, 1.5}, true},
		{[]any{0.0, negZero}, false},
		{[]any{nan, nan}, true}, // the same bits: the same value stored
		{[]any{nil, nil}, true},
		{[]any{nil, ""}, false},
		{[]any{"", nil}, false},
		{[]any{[]byte("a"), []byte("a")}, false},
	} {
		// Column 1 of rows of two values; column 0 differs.
		var args []any
		for i, v := range tt.col {
			args = append(args, int64(i), v)
		}
		if got := sameColumn(args, 1, 2); got != tt.want {
			t.Errorf("%v: got %v, want %v", tt.col, got, tt.want)
		}
		if sameColumn(args, 0, 2) {
			t.Errorf("%v: column 0 is the same", tt.col)
		}
	}
}
