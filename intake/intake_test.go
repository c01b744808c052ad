package intake_test

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce/intake"
)

// errLines returns "LINE:field" for each bad row (field empty for whole-row errors).
func errLines(rows []intake.Row) []string {
	var out []string
	for _, r := range rows {
		if r.Err != nil {
			out = append(out, strconv.Itoa(r.Line))
		}
	}
	return out
}

func TestReadNDJSON(t *testing.T) {
	in := `{"client_id": "a", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9, "lon": 34.8, "precision": 1, "type": "assault", "target": "civilian", "source": {"kind": "monitor"}}

{"client_id": "b", "lat": "north"}
{"client_id": "c", "colour": "red"}
{"client_id": "d", "observed_at": "yesterday"}
{"client_id":
`
	rows, err := intake.ReadNDJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0].Err != nil || rows[0].Report.ClientID != "a" || rows[0].Report.Lat != 50.9 {
		t.Fatalf("rows %+v", rows)
	}
	if diff := cmp.Diff([]string{"3", "4", "5", "6"}, errLines(rows)); diff != "" {
		t.Error(diff)
	}
	for _, want := range []struct {
		i    int
		text string
	}{{1, "lat"}, {2, "colour: unknown field"}, {3, "bad time"}} {
		if !strings.Contains(rows[want.i].Err.Error(), want.text) {
			t.Errorf("row %d: %v, want %q", want.i, rows[want.i].Err, want.text)
		}
	}
}

// TestReadNDJSONChunks: a file of many chunks (decoded in parallel) reads
// as one line after another would: the rows in order with their lines,
// each report or error that line's alone; a line too long stops the file
// with the rows before it.
func TestReadNDJSONChunks(t *testing.T) {
	var sb strings.Builder
	var lines []string
	for i := range 5000 {
		var l string
		switch i % 7 {
		case 3:
			l = "   "
		case 5:
			l = `{"client_id": "x` + strconv.Itoa(i) + `", "lat": "north"}`
		default:
			l = `{"client_id": "r` + strconv.Itoa(i) + `", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.` + strconv.Itoa(i) +
				`, "lon": 34.8, "precision": 1, "type": "assault", "killed": {"best": ` + strconv.Itoa(i) + `}, "source": {"kind": "monitor"}}`
		}
		lines = append(lines, l)
		sb.WriteString(l + "\n")
	}
	rows, err := intake.ReadNDJSON(strings.NewReader(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	var want []intake.Row
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		row := intake.Row{Line: i + 1}
		row.Err = intake.DecodeReport([]byte(strings.TrimSpace(l)), &row.Report)
		want = append(want, row)
	}
	errText := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if diff := cmp.Diff(want[i].Report, rows[i].Report); rows[i].Line != want[i].Line || diff != "" || errText(rows[i].Err) != errText(want[i].Err) {
			t.Fatalf("row %d: line %d, err %v, want line %d, err %v; report (-want +got):\n%s", i, rows[i].Line, rows[i].Err, want[i].Line, want[i].Err, diff)
		}
	}
	long := sb.String() + `{"client_id": "` + strings.Repeat("y", intake.MaxLine) + `"}` + "\n" + lines[0] + "\n"
	rows, err = intake.ReadNDJSON(strings.NewReader(long))
	if err == nil || !strings.Contains(err.Error(), "line 5001: longer than") || len(rows) != len(want) {
		t.Errorf("%d rows, %v; want %d rows, line 5001 too long", len(rows), err, len(want))
	}
}

func TestReadCSV(t *testing.T) {
	in := "client_id,observed_at,lat,lon,precision,type,mode,target,killed_best,killed_high,source_kind,weapons\n" +
		"a,2025-04-13T08:20:00Z,50.9,34.8,1,assault,missile,civilian,35,40,monitor,ballistic-missile;cluster-munition\n" +
		"b,2025-04-13,north,34.8,1,assault,,civilian,x,,monitor,\n" +
		"c,2025-04-13,50.9,34.8\n"
	rows, err := intake.ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0].Report
	if rows[0].Err != nil || *r.Killed.Best != 35 || *r.Killed.High != 40 || len(r.Weapons) != 2 || r.Source.Kind != "monitor" {
		t.Errorf("row 0: %+v %v", r, rows[0].Err)
	}
	if diff := cmp.Diff([]string{"3", "4"}, errLines(rows)); diff != "" {
		t.Error(diff)
	}
	if e := rows[1].Err.Error(); !strings.Contains(e, "lat") || !strings.Contains(e, "killed.best") {
		t.Errorf("row 1: %v, want lat and killed.best", e)
	}
	t.Run("Revises", func(t *testing.T) {
		rows, err := intake.ReadCSV(strings.NewReader("client_id,observed_at,lat,lon,precision,type,source_kind,revises\n" +
			"a-2,2025-04-13T08:40:00Z,50.9,34.8,1,advance,monitor,a-1\n"))
		if err != nil || len(rows) != 1 || rows[0].Err != nil || rows[0].Report.Revises != "a-1" {
			t.Errorf("rows %+v, %v", rows, err)
		}
	})
	t.Run("ErrHeader", func(t *testing.T) {
		for _, h := range []string{"client_id,colour\n", "client_id,lat\n", ""} {
			if _, err := intake.ReadCSV(strings.NewReader(h)); err == nil || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("%q: err %v, want a line 1 error", h, err)
			}
		}
	})
}

func TestReadGeoJSON(t *testing.T) {
	in := `{"type": "FeatureCollection",
 "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.7981, 50.9077]},
   "properties": {"client_id": "a", "observed_at": "2025-04-13T08:20:00Z", "precision": 1, "type": "assault", "target": "civilian", "source": {"kind": "monitor"}}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 50]},
   "properties": {"client_id": "c", "lat": 1}}
 ]}`
	rows, err := intake.ReadGeoJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Err != nil || rows[0].Report.Lat != 50.9077 || rows[0].Report.Lon != 34.7981 {
		t.Fatalf("rows %+v", rows)
	}
	if diff := cmp.Diff([]string{"5", "6"}, errLines(rows)); diff != "" {
		t.Error(diff)
	}
	if !strings.Contains(rows[1].Err.Error(), "feature 1: geometry") {
		t.Errorf("%v", rows[1].Err)
	}
	for _, bad := range []string{`[]`, `{"type": "Feature"}`, `{"type": "FeatureCollection", "features": [{"type": "Feature"`} {
		if _, err := intake.ReadGeoJSON(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	for _, tt := range []struct {
		name, head string
		want       intake.Format
	}{
		{"a.geojson", "", intake.GeoJSON},
		{"a.json", `{"type": "FeatureCollection", "features": []}`, intake.GeoJSON},
		{"a.json", `{"client_id": "x"}`, intake.NDJSON},
		{"a.csv", "id,relid,year", intake.UCDP},
		{"a.csv", "client_id,lat", intake.CSV},
	} {
		if got := intake.DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("%s %q: got %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
}

// TestReadUCDP reads the 3,077 UCDP GED rows and checks each against the
// CSV read independently: place, dates, deaths and source.
func TestReadUCDP(t *testing.T) {
	const path = "testdata/ucdp/UCDP_GED_v22.1_Ukraine.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := intake.ReadUCDP(f)
	if err != nil {
		t.Fatal(err)
	}
	recs := ucdpRecords(t, path)
	if len(rows) != 3077 || len(recs) != 3077 {
		t.Fatalf("%d rows, %d records, want 3077", len(rows), len(recs))
	}
	for i, row := range rows {
		if row.Err != nil {
			t.Fatalf("line %d: %v", row.Line, row.Err)
		}
		CheckUCDP(t, recs[i], row.Report.ClientID, row.Report.Lat, row.Report.Lon, row.Report.Place,
			row.Report.ObservedAt.Format("2006-01-02"), row.Report.End().Format("2006-01-02"),
			*row.Report.Killed.Best, *row.Report.Killed.Low, *row.Report.Killed.High, row.Report.Source.Name)
	}
}

func ucdpRecords(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// CheckUCDP compares a report's fields with its GED record.
func CheckUCDP(t *testing.T, rec map[string]string, clientID string, lat, lon float64, place, start, end string, best, low, high int, source string) {
	t.Helper()
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	atof := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	id := rec["id"]
	switch {
	case clientID != "ucdp-ged:"+id:
		t.Errorf("%s: client id %q", id, clientID)
	case lat != atof(rec["latitude"]) || lon != atof(rec["longitude"]):
		t.Errorf("%s: place %v,%v, want %s,%s", id, lat, lon, rec["latitude"], rec["longitude"])
	case place != rec["where_coordinates"]:
		t.Errorf("%s: place %q, want %q", id, place, rec["where_coordinates"])
	case start != rec["date_start"] || end != rec["date_end"]:
		t.Errorf("%s: dates %s..%s, want %s..%s", id, start, end, rec["date_start"], rec["date_end"])
	case best != atoi(rec["best"]):
		t.Errorf("%s: best %d, want %s", id, best, rec["best"])
	case low != min(atoi(rec["low"]), best) || high != max(atoi(rec["high"]), best):
		t.Errorf("%s: low %d high %d from GED %s/%s/%s", id, low, high, rec["low"], rec["best"], rec["high"])
	case source != "UCDP GED v22.1":
		t.Errorf("%s: source %q", id, source)
	}
}
