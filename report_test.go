package truce_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
)

var now = time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC)

// sumy is the report of the contract: the missile strike on Sumy, 2025-04-13.
func sumy() truce.Report {
	return truce.Report{ClientID: "m17-0001", ObservedAt: time.Date(2025, 4, 13, 8, 20, 0, 0, time.UTC),
		Lat: 50.9077, Lon: 34.7981, Precision: 1, Type: truce.EventAssault, Mode: truce.ModeMissile,
		Weapons: []string{"ballistic-missile"}, Target: truce.TargetCivilian, Killed: truce.Count{Best: truce.N(35)},
		Injured: truce.Count{Best: truce.N(117)}, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}}
}

func fields(err error) []string {
	var out []string
	for _, e := range truce.FieldErrors(err) {
		out = append(out, e.Field)
	}
	return out
}

func TestReportValidate(t *testing.T) {
	future := now.Add(time.Hour)
	before := sumy().ObservedAt.Add(-time.Hour)
	tests := []struct {
		name   string
		change func(r *truce.Report)
		want   []string // fields in error
	}{
		{"OK", func(r *truce.Report) {}, nil},
		{"ErrClientID", func(r *truce.Report) { r.ClientID = "" }, []string{"client_id"}},
		{"ErrClientIDChars", func(r *truce.Report) { r.ClientID = "a b" }, []string{"client_id"}},
		{"ErrNoTime", func(r *truce.Report) { r.ObservedAt = time.Time{} }, []string{"observed_at"}},
		{"ErrFuture", func(r *truce.Report) { r.ObservedAt = future }, []string{"observed_at"}},
		{"ErrUntilBefore", func(r *truce.Report) { r.ObservedUntil = &before }, []string{"observed_until"}},
		{"ErrLat", func(r *truce.Report) { r.Lat = 91 }, []string{"lat"}},
		{"ErrLon", func(r *truce.Report) { r.Lon = -181 }, []string{"lon"}},
		{"ErrNullIsland", func(r *truce.Report) { r.Lat, r.Lon = 0, 0 }, []string{"lat"}},
		{"ErrPrecision", func(r *truce.Report) { r.Precision = 8 }, []string{"precision"}},
		{"ErrType", func(r *truce.Report) { r.Type = "riot" }, []string{"type"}},
		{"ErrMode", func(r *truce.Report) { r.Type = truce.EventAdvance }, []string{"mode"}},
		{"ErrTarget", func(r *truce.Report) { r.Target = "school" }, []string{"target"}},
		{"ErrTargetMissing", func(r *truce.Report) { r.Target = "" }, []string{"target"}},
		{"ErrLowBest", func(r *truce.Report) { r.Killed.Low = truce.N(40) }, []string{"killed.low"}},
		{"ErrBestHigh", func(r *truce.Report) { r.Injured.High = truce.N(100) }, []string{"injured.high"}},
		{"ErrNegative", func(r *truce.Report) { r.Killed.Best = truce.N(-1) }, []string{"killed.best"}},
		{"ErrPerpetrator", func(r *truce.Report) { r.Perpetrator = "ru-1" }, []string{"perpetrator"}},
		{"ErrSourceKind", func(r *truce.Report) { r.Source.Kind = "rumour" }, []string{"source.kind"}},
		{"ErrComplaintParty", func(r *truce.Report) { r.Source.Kind = truce.SourcePartyComplaint }, []string{"source.party"}},
		{"ErrReliability", func(r *truce.Report) { r.Source.Reliability = "Z" }, []string{"source.reliability"}},
		{"ErrAttachment", func(r *truce.Report) { r.Attachments = []string{"md5:abc"} }, []string{"attachments[0]"}},
		{"ErrWeapon", func(r *truce.Report) { r.Weapons = []string{"Iskander M"} }, []string{"weapons[0]"}},
		{"ErrSeveral", func(r *truce.Report) { r.Lat, r.Precision, r.Type = 100, 0, "" }, []string{"lat", "precision", "type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sumy()
			tt.change(&r)
			r.Normalize()
			err := r.Validate(now)
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("fields in error (-want +got):\n%s\nerr: %v", diff, err)
			}
			if err != nil && truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("code %q, want %q", truce.ErrorCode(err), truce.EINVALID)
			}
		})
	}
}

func TestRedacted(t *testing.T) {
	r := sumy()
	r.Normalize()
	r.Source.Identity = "monitor team 17"
	p := r.Redacted()
	if p.Source.Identity != "" {
		t.Errorf("identity %q survived redaction", p.Source.Identity)
	}
	if p.Lat != 50.9 || p.Lon != 34.8 || p.Precision != 2 {
		t.Errorf("place %v,%v precision %d, want 50.9,34.8 precision 2", p.Lat, p.Lon, p.Precision)
	}
	if !p.ObservedAt.Equal(time.Date(2025, 4, 13, 0, 0, 0, 0, time.UTC)) || p.TimePrecision != truce.TimeDay {
		t.Errorf("time %v %s, want the day", p.ObservedAt, p.TimePrecision)
	}
	if r.Source.Identity == "" {
		t.Error("Redacted changed the original")
	}
}

func TestSourceGrade(t *testing.T) {
	mon := truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-17"}
	mon2 := truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-4"}
	ua := truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: "UA"}
	ua2 := truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: "UA", Name: "General Staff"}
	ru := truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: "RU"}
	tests := []struct {
		name    string
		sources []truce.ReportSource
		want    truce.Grade
	}{
		{"One", []truce.ReportSource{mon}, truce.GradeAlleged},
		{"SameTeamTwice", []truce.ReportSource{mon, mon}, truce.GradeAlleged},
		{"TwoTeams", []truce.ReportSource{mon, mon2}, truce.GradeCorroborated},
		{"PartyTwice", []truce.ReportSource{ua, ua2}, truce.GradeAlleged},
		{"PartiesOnly", []truce.ReportSource{ua, ru}, truce.GradeAlleged},
		{"PartyAndMonitor", []truce.ReportSource{ua, mon}, truce.GradeCorroborated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := make([]truce.Report, len(tt.sources))
			for i := range rs {
				rs[i] = truce.Report{ClientID: string(rune('a' + i)), Source: tt.sources[i]}
			}
			if got, _ := truce.SourceGrade(rs); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextGrade(t *testing.T) {
	tests := []struct {
		cur  truce.Grade
		d    truce.DecisionKind
		want truce.Grade // "" = EINVALID
	}{
		{truce.GradeAlleged, truce.DecisionVerify, truce.GradeVerified},
		{truce.GradeCorroborated, truce.DecisionVerify, truce.GradeVerified},
		{truce.GradeVerified, truce.DecisionVerify, ""},
		{truce.GradeVerified, truce.DecisionUnverify, truce.GradeCorroborated},
		{truce.GradeAlleged, truce.DecisionUnverify, ""},
		{truce.GradeVerified, truce.DecisionDispute, truce.GradeDisputed},
		{truce.GradeDisputed, truce.DecisionDispute, ""},
		{truce.GradeDisputed, truce.DecisionVerify, ""},
		{truce.GradeDisputed, truce.DecisionUphold, truce.GradeVerified},
		{truce.GradeDisputed, truce.DecisionOverturn, truce.GradeCorroborated},
		{truce.GradeAlleged, truce.DecisionUphold, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.cur)+"/"+string(tt.d), func(t *testing.T) {
			got, err := truce.NextGrade(tt.cur, truce.GradeCorroborated, tt.d)
			if tt.want == "" {
				if truce.ErrorCode(err) != truce.EINVALID {
					t.Errorf("err %v, want EINVALID", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v, want %v", got, err, tt.want)
			}
		})
	}
}

func TestIncidentMatches(t *testing.T) {
	base := sumy()
	base.Normalize()
	in := truce.Incident{}
	in.Summarize([]truce.Report{base})
	tests := []struct {
		name   string
		change func(r *truce.Report)
		want   bool
	}{
		{"Same", func(r *truce.Report) {}, true},
		{"OneHourLater1km", func(r *truce.Report) { r.ObservedAt = r.ObservedAt.Add(time.Hour); r.Lat += 0.009 }, true},
		{"NextDay", func(r *truce.Report) { r.ObservedAt = r.ObservedAt.Add(26 * time.Hour) }, false},
		{"NextDayDayPrecision", func(r *truce.Report) {
			r.ObservedAt = r.ObservedAt.Add(20 * time.Hour)
			r.TimePrecision = truce.TimeDay
		}, true},
		{"Far", func(r *truce.Report) { r.Lat += 0.5 }, false},
		{"FarButVague", func(r *truce.Report) { r.Lat += 0.3; r.Precision = truce.PrecisionAdmin2 }, true},
		{"OtherMode", func(r *truce.Report) { r.Mode = truce.ModeDrone }, false},
		{"ModeUnstated", func(r *truce.Report) { r.Mode = "" }, true},
		{"OtherTarget", func(r *truce.Report) { r.Target = truce.TargetEnergy }, false},
		{"OtherType", func(r *truce.Report) { r.Type = truce.EventAdvance; r.Mode = "" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sumy()
			tt.change(&r)
			r.Normalize()
			if got := in.Matches(&r); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIncidentAdmits(t *testing.T) {
	dataset := func(id string) truce.Report {
		r := sumy()
		r.ClientID, r.Source = id, truce.ReportSource{Kind: truce.SourceOpenSource, Name: "UCDP GED v25.1"}
		r.Normalize()
		return r
	}
	monitor := func(id, team string) truce.Report {
		r := sumy()
		r.ClientID, r.Source.Identity = id, team
		r.Normalize()
		return r
	}
	complaint := func(id, party string) truce.Report {
		r := sumy()
		r.ClientID, r.Source = id, truce.ReportSource{Kind: truce.SourcePartyComplaint, Party: party}
		r.Normalize()
		return r
	}
	tests := []struct {
		name string
		held []truce.Report
		r    truce.Report
		want bool
	}{
		{"OtherTeam", []truce.Report{monitor("a-1", "team-a")}, monitor("b-1", "team-b"), true},
		{"SameTeam", []truce.Report{monitor("a-1", "team-a")}, monitor("a-2", "team-a"), false},
		{"UnnamedMonitors", []truce.Report{monitor("x-1", "")}, monitor("x-2", ""), true},
		{"SameDataset", []truce.Report{dataset("ged:1")}, dataset("ged:2"), false},
		{"DatasetAndMonitor", []truce.Report{monitor("a-1", "team-a")}, dataset("ged:1"), true},
		{"SameParty", []truce.Report{complaint("ua-1", "UA")}, complaint("ua-2", "UA"), false},
		{"OtherParty", []truce.Report{complaint("ua-1", "UA")}, complaint("ru-1", "RU"), true},
		{"NoMatch", []truce.Report{monitor("a-1", "team-a")}, func() truce.Report {
			r := monitor("b-1", "team-b")
			r.Lat += 1
			return r
		}(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := truce.Incident{}
			in.Summarize(tt.held)
			var keys []string
			for i := range tt.held {
				keys = append(keys, tt.held[i].SourceKey())
			}
			if got := in.Admits(&tt.r, keys); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	a := sumy()
	a.ID, a.Precision, a.Place = 1, 2, ""
	b := sumy()
	b.ID, b.ClientID, b.Place = 2, "osint-1", "Sumy"
	b.ObservedAt = a.ObservedAt.Add(-10 * time.Minute)
	b.Killed = truce.Count{Best: truce.N(34), High: truce.N(40)}
	b.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: "Suspilne"}
	var in truce.Incident
	in.Summarize([]truce.Report{a, b})
	if !in.Start.Equal(b.ObservedAt) || !in.End.Equal(a.ObservedAt) {
		t.Errorf("span %v..%v", in.Start, in.End)
	}
	if in.Place != "Sumy" || in.Precision != 1 {
		t.Errorf("place %q precision %d, want Sumy 1", in.Place, in.Precision)
	}
	if in.Killed.BestOr(-1) != 35 {
		t.Errorf("killed %d, want 35", in.Killed.BestOr(-1))
	}
	if in.Sources != 2 || in.Grade != truce.GradeCorroborated {
		t.Errorf("sources %d grade %s, want 2 corroborated", in.Sources, in.Grade)
	}
	if diff := cmp.Diff([]int64{1, 2}, in.Reports); diff != "" {
		t.Error(diff)
	}
}
