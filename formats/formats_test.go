package formats

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
)

func tm(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func tp(s string) *time.Time { t := tm(s); return &t }

// samples are reports covering every type, a window, counts with bounds,
// lists and each source kind.
var samples = []truce.Report{
	{ClientID: "m17-0001", ObservedAt: tm("2025-04-13T08:20:00Z"), TimePrecision: truce.TimeExact, Lat: 50.9077, Lon: 34.7981, Precision: 1,
		Place: "Sumy", Type: truce.EventAssault, Mode: truce.ModeMissile, Weapons: []string{"ballistic-missile"}, Target: truce.TargetCivilian,
		Killed: truce.Count{Low: intp(34), Best: intp(35), High: intp(36)}, Injured: truce.Count{Best: intp(117)}, Perpetrator: "RU",
		Source: truce.ReportSource{Kind: truce.SourceMonitor, Reliability: "B", Identity: "call sign kite"}, Description: "Two ballistic missiles, \"city centre\"; Palm Sunday."},
	{ClientID: "osint-22", ObservedAt: tm("2025-04-10T00:00:00Z"), ObservedUntil: tp("2025-04-11T23:59:59Z"), TimePrecision: truce.TimeDay, Lat: 49.9935, Lon: 36.2304, Precision: 2,
		Type: truce.EventAssault, Mode: truce.ModeDrone, Target: truce.TargetEnergy, Killed: truce.Count{Best: intp(0)}, Perpetrator: "RU",
		Source: truce.ReportSource{Kind: truce.SourceOpenSource, Name: "Suspilne"}, Provisions: []string{"energy-truce-2025-03/energy"}},
	{ClientID: "ru-mod-7", ObservedAt: tm("2025-04-12T00:00:00Z"), TimePrecision: truce.TimeWeek, Lat: 47.1, Lon: 37.5, Precision: 3,
		Type: truce.EventAdvance, Mode: truce.ModeGroundAssault, Target: truce.TargetMilitary, Killed: truce.Count{Best: intp(3)}, Perpetrator: "UA",
		Source: truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: "RU", Name: "Ministry of Defence"}},
	{ClientID: "m2-0100", Revises: "m2-0099", ObservedAt: tm("2025-04-14T06:00:00Z"), TimePrecision: truce.TimeHour, Lat: 46.6, Lon: 32.6, Precision: 1,
		Type: truce.EventHeavyWeapons, Mode: truce.ModeShelling, Target: truce.TargetMilitary, Killed: truce.Count{Best: intp(0)}, Perpetrator: "RU",
		Source: truce.ReportSource{Kind: truce.SourceMonitor}, Zone: "black-sea"},
}

// public is what every format may carry: the report without its source's identity.
func public(rs []truce.Report) []truce.Report {
	out := append([]truce.Report(nil), rs...)
	for i := range out {
		out[i].Source.Identity = ""
	}
	return out
}

func reports(t *testing.T, rows []intake.Row, err error) []truce.Report {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []truce.Report
	for _, r := range rows {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
		out = append(out, r.Report)
	}
	return out
}

var opts = cmp.Options{cmpopts.EquateEmpty()}

func TestRoundTripFull(t *testing.T) {
	for _, tt := range []struct {
		name  string
		write func(*bytes.Buffer, []truce.Report) error
		read  func(*bytes.Buffer) ([]intake.Row, error)
	}{
		{"GeoJSON", func(b *bytes.Buffer, rs []truce.Report) error { return WriteGeoJSON(b, rs) }, func(b *bytes.Buffer) ([]intake.Row, error) { return intake.ReadGeoJSON(b) }},
		{"HXL", func(b *bytes.Buffer, rs []truce.Report) error { return WriteHXL(b, rs) }, func(b *bytes.Buffer) ([]intake.Row, error) { return ReadHXL(b) }},
		{"PLOVER", func(b *bytes.Buffer, rs []truce.Report) error { return WritePLOVER(b, rs) }, func(b *bytes.Buffer) ([]intake.Row, error) { return ReadPLOVER(b) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b, samples); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "kite") {
				t.Errorf("%s output holds a source's identity", tt.name)
			}
			rows, err := tt.read(&b)
			got := reports(t, rows, err)
			if diff := cmp.Diff(public(samples), got, opts); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			for _, r := range got {
				if err := r.Validate(tm("2026-01-01T00:00:00Z")); err != nil {
					t.Errorf("%s: read back invalid: %v", r.ClientID, err)
				}
			}
		})
	}
}

// TestRoundTripACLED: ACLED carries the day, place, precision 1 to 3,
// fatalities and, in tags, Truce's type, mode, target and injuries.
func TestRoundTripACLED(t *testing.T) {
	var b bytes.Buffer
	if err := WriteACLED(&b, samples); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadACLED(&b)
	got := reports(t, rows, err)
	var want []truce.Report
	for _, r := range public(samples) {
		day := r.ObservedAt.Truncate(24 * time.Hour)
		prec := truce.TimeDay
		if r.TimePrecision == truce.TimeWeek {
			prec = truce.TimeWeek
		}
		w := truce.Report{ClientID: "acled:" + r.ClientID, ObservedAt: day, TimePrecision: prec, Lat: r.Lat, Lon: r.Lon, Precision: min(r.Precision, 3),
			Place: r.Place, Type: r.Type, Mode: r.Mode, Target: r.Target, Killed: truce.Count{Best: r.Killed.Best},
			Injured: truce.Count{Best: r.Injured.Best}, Perpetrator: r.Perpetrator, Source: truce.ReportSource{Kind: r.Source.Kind, Name: r.Source.Name},
			Description: r.Description}
		if r.Revises != "" {
			w.Revises = "acled:" + r.Revises
		}
		if w.Source.Name == "" && w.Source.Kind == truce.SourceOpenSource {
			w.Source.Name = "ACLED"
		}
		want = append(want, w)
	}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestRoundTripUCDP writes GED columns and reads them with intake.ReadUCDP:
// the window by day, the place, precision and deaths survive.
func TestRoundTripUCDP(t *testing.T) {
	var b bytes.Buffer
	if err := WriteUCDP(&b, samples); err != nil {
		t.Fatal(err)
	}
	rows, err := intake.ReadUCDP(&b)
	got := reports(t, rows, err)
	if len(got) != len(samples) {
		t.Fatalf("%d rows, want %d", len(got), len(samples))
	}
	for i, r := range got {
		s := samples[i]
		best := *s.Killed.Best
		low, high := best, best
		if s.Killed.Low != nil {
			low, high = *s.Killed.Low, *s.Killed.High
		}
		if r.ClientID != "ucdp-ged:"+s.ClientID || !r.ObservedAt.Equal(s.ObservedAt.Truncate(24*time.Hour)) || r.Lat != s.Lat || r.Lon != s.Lon ||
			r.Precision != s.Precision || r.Place != s.Place || *r.Killed.Best != best || *r.Killed.Low != low || *r.Killed.High != high {
			t.Errorf("row %d: got %+v\nfrom %+v", i, r, s)
		}
		if (s.ObservedUntil != nil) != (r.ObservedUntil != nil) {
			t.Errorf("row %d: window %v, want %v", i, r.ObservedUntil, s.ObservedUntil)
		}
		if (s.Target == truce.TargetCivilian) != (r.Target == truce.TargetCivilian) {
			t.Errorf("row %d: target %s, want civilian iff %s is", i, r.Target, s.Target)
		}
		if s.Target == truce.TargetCivilian && r.Perpetrator != s.Perpetrator {
			t.Errorf("row %d: one-sided violence by %q, want %q", i, r.Perpetrator, s.Perpetrator)
		}
	}
}

// TestReadACLEDExport reads rows as ACLED publishes them (no Truce tags,
// dates spelled out) and names the bad row's line and field.
func TestReadACLEDExport(t *testing.T) {
	in := `event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,civilian_targeting,location,latitude,longitude,geo_precision,source,notes,fatalities
UKR212345,13 April 2025,2025,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia (2000-),Civilian targeting,Sumy,50.9077,34.7981,1,Ukrainska Pravda,On 13 April 2025 ...,35
UKR212346,2025-04-14,2025,1,Political violence,Battles,Armed clash,Military Forces of Ukraine (2019-),,Robotyne,47.45,35.84,2,Telegram,,x
`
	rows, err := ReadACLED(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Err != nil {
		t.Fatalf("rows: %+v", rows)
	}
	r := rows[0].Report
	if r.ClientID != "acled:UKR212345" || !r.ObservedAt.Equal(tm("2025-04-13T00:00:00Z")) || r.Mode != truce.ModeShelling ||
		r.Target != truce.TargetCivilian || r.Perpetrator != "RU" || *r.Killed.Best != 35 || r.Source.Name != "Ukrainska Pravda" {
		t.Errorf("row 1: %+v", r)
	}
	if rows[1].Line != 3 || rows[1].Err == nil || !strings.Contains(rows[1].Err.Error(), "fatalities") {
		t.Errorf("row 2: line %d, error %v; want line 3 naming fatalities", rows[1].Line, rows[1].Err)
	}
	if _, err := ReadACLED(strings.NewReader("a,b\n1,2\n")); err == nil || !strings.Contains(err.Error(), "event_id_cnty") {
		t.Errorf("a file without ACLED's columns: %v", err)
	}
}

// TestReadHXLReordered finds columns by hashtag whatever their order, the
// attributes' order or the rows above the hashtag row.
func TestReadHXLReordered(t *testing.T) {
	in := `Incidents exported by a partner,,,,,
lon,id,lat,type,killed,when
#geo+lon,#event+id,#geo +lat,#event+type,#affected +best +killed,#date+start
34.7981,m17-0001,50.9077,assault,35,2025-04-13T08:20:00Z
oops,m17-0002,50.9,assault,1,2025-04-13T08:20:00Z
`
	rows, err := ReadHXL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Err != nil {
		t.Fatalf("rows: %+v", rows)
	}
	r := rows[0].Report
	if r.ClientID != "m17-0001" || r.Lon != 34.7981 || r.Lat != 50.9077 || *r.Killed.Best != 35 || !r.ObservedAt.Equal(tm("2025-04-13T08:20:00Z")) {
		t.Errorf("row: %+v", r)
	}
	if rows[1].Line != 5 || rows[1].Err == nil || !strings.Contains(rows[1].Err.Error(), "lon") {
		t.Errorf("bad row: line %d, %v; want line 5 naming lon", rows[1].Line, rows[1].Err)
	}
	if _, err := ReadHXL(strings.NewReader("a,b\n1,2\n")); err == nil {
		t.Error("a file without a hashtag row was read")
	}
}

func TestReadPLOVERErrors(t *testing.T) {
	in := `{"id": "x1", "date": "2025-04-13", "event_type": "PROTEST", "location": {"lat": 1, "lon": 2, "precision": 1}, "magnitude": {}, "truce": {"killed": {}, "injured": {}, "source": {"kind": "monitor"}, "observed_at": "2025-04-13T00:00:00Z"}}

{"id": "x2", "date": "2025-04-13", "event_type": "ASSAULT", "mode": "aerial", "location": {"lat": 1, "lon": 2, "precision": 1}, "magnitude": {"dead": 4}, "truce": {"killed": {}, "injured": {}, "source": {"kind": ""}, "observed_at": "0001-01-01T00:00:00Z"}}
{"id": 3}
`
	rows, err := ReadPLOVER(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[0].Err == nil || !strings.Contains(rows[0].Err.Error(), "event_type") {
		t.Errorf("PROTEST: %v", rows[0].Err)
	}
	if r := rows[1].Report; rows[1].Err != nil || rows[1].Line != 3 || r.Mode != truce.ModeAirstrike || *r.Killed.Best != 4 ||
		!r.ObservedAt.Equal(tm("2025-04-13T00:00:00Z")) || r.Source.Kind != truce.SourceOpenSource {
		t.Errorf("line 3: %+v %v", r, rows[1].Err)
	}
	if rows[2].Err == nil || rows[2].Line != 4 {
		t.Errorf("line 4: %+v", rows[2])
	}
}
