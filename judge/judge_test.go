package judge_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/scenario"
)

func builtinProvisions(tb testing.TB) []truce.Provision {
	tb.Helper()
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		tb.Fatal(err)
	}
	return sc.Provisions
}

// ceasefire is a synthetic general ceasefire in force from 2025-05-01 in Ukraine.
var ceasefire = truce.Provision{ID: "test/ceasefire", Issue: truce.IssueCeasefire, Parties: []string{"RU", "UA"},
	Scope:    []string{"ukraine"},
	Protects: truce.TargetClasses,
	History: []truce.StatusChange{{Status: truce.StatusProposed, Date: truce.MustParseDate("2025-04-20")},
		{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-05-01")}}}

// freeze is a synthetic frontline freeze with a window that runs out.
var freeze = truce.Provision{ID: "test/freeze", Issue: truce.IssueFrontlineFreeze, Parties: []string{"RU", "UA"},
	Window:  truce.Window{From: truce.MustParseDate("2025-05-01"), To: truce.MustParseDate("2025-05-31")},
	History: []truce.StatusChange{{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-05-01")}}}

func incident(day string, place string, typ truce.EventType, mode truce.Mode, target truce.TargetClass, perp string) *truce.Incident {
	d := truce.MustParseDate(day)
	return &truce.Incident{Start: d.Time().Add(8 * time.Hour), End: d.Time().Add(8 * time.Hour), Lat: 50.9, Lon: 34.8, Precision: 1,
		Place: place, Type: typ, Mode: mode, Target: target, Perpetrator: perp}
}

func imprecise(in *truce.Incident) *truce.Incident {
	in.Precision = truce.PrecisionNear
	return in
}

var inUkraine = truce.SpatialFacts{Zones: []string{"ukraine"}, LineKm: -1}

const energy = "energy-truce-2025-03/energy"

func TestJudge(t *testing.T) {
	provs := append(builtinProvisions(t), ceasefire, freeze)
	j := judge.New(provs, nil)
	if diff := cmp.Diff([]string{energy, "test/ceasefire", "test/freeze"}, j.Provisions()); diff != "" {
		t.Fatalf("provisions judged (-want +got):\n%s", diff)
	}
	nearPlant := truce.SpatialFacts{Zones: []string{"ukraine"}, LineKm: -1,
		Sites: []truce.SiteNear{{ID: "gppd:UKR0000042", Name: "Sumy CHP", Class: truce.TargetEnergy, Km: 0.8}}}
	tests := []struct {
		name      string
		in        *truce.Incident
		facts     truce.SpatialFacts
		provision string
		want      truce.VerdictValue // "" = no verdict on this provision
		explains  string             // the whole explanation, or a part of it
	}{
		{"SumyNotCovered", incident("2025-04-13", "Sumy", truce.EventAssault, truce.ModeMissile, truce.TargetCivilian, "RU"), inUkraine,
			energy, truce.VerdictNotCovered,
			"missile strike on a civilian target in Sumy on 2025-04-13: the energy truce of 2025-03-18..2025-04-17 covers energy infrastructure only: not covered"},
		{"SumyNoGroundStillNotCovered", incident("2025-04-13", "Sumy", truce.EventAssault, truce.ModeMissile, truce.TargetCivilian, "RU"), truce.SpatialFacts{Unresolved: []string{"ukraine"}},
			energy, truce.VerdictNotCovered, "covers energy infrastructure only"},
		{"EnergyViolation", incident("2025-04-10", "Kharkiv", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, "RU"), inUkraine,
			energy, truce.VerdictViolation,
			"drone strike on an energy target in Kharkiv on 2025-04-10: the energy truce of 2025-03-18..2025-04-17, binding RU, protects energy infrastructure: violation"},
		{"ZoneUnknown", incident("2025-04-10", "Kharkiv", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, "RU"), truce.SpatialFacts{Unresolved: []string{"ukraine"}},
			energy, truce.VerdictNeedsReview, "whether the place lies in zone ukraine"},
		{"OutsideScope", incident("2025-04-10", "Belgorod", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, "UA"), truce.SpatialFacts{},
			energy, truce.VerdictNotCovered, "applies in ukraine only"},
		{"TextsDifferPerpetratorsTextSilent", incident("2025-04-10", "Odesa", truce.EventAssault, truce.ModeDrone, truce.TargetInfrastructure, "RU"), inUkraine,
			energy, truce.VerdictNeedsReview, "the texts of the energy truce of 2025-03-18..2025-04-17 differ: the US and UA texts cover infrastructure, the RU text does not"},
		{"TextsDifferHeldToOwnWord", incident("2025-04-10", "Odesa", truce.EventAssault, truce.ModeDrone, truce.TargetInfrastructure, "UA"), inUkraine,
			energy, truce.VerdictViolation, "binding UA, protects infrastructure"},
		{"Expired", incident("2025-04-19", "Kherson", truce.EventAssault, truce.ModeShelling, truce.TargetEnergy, "RU"), inUkraine,
			energy, truce.VerdictNotCovered, "was not in force (expired since 2025-04-18)"},
		{"BeforeEntryIntoForce", incident("2025-03-01", "Kherson", truce.EventAssault, truce.ModeShelling, truce.TargetEnergy, "RU"), inUkraine,
			energy, "", ""},
		{"NotBound", incident("2025-04-10", "Kharkiv", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, "BY"), inUkraine,
			energy, truce.VerdictNotCovered, "BY is not bound by the energy truce"},
		{"NoPerpetrator", incident("2025-04-10", "Kharkiv", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, ""), inUkraine,
			energy, truce.VerdictNeedsReview, "binds RU and UA, and no perpetrator is alleged"},
		{"NoTarget", incident("2025-04-10", "Kharkiv", truce.EventAssault, truce.ModeDrone, "", "RU"), inUkraine,
			energy, truce.VerdictNeedsReview, "the target class is not reported"},
		{"NearProtectedSite", imprecise(incident("2025-04-10", "Sumy", truce.EventAssault, truce.ModeDrone, truce.TargetCivilian, "RU")), nearPlant,
			energy, truce.VerdictNeedsReview, "but the place is within 0.8 km of Sumy CHP (energy infrastructure)"},
		{"NearProtectedSiteExactlyPlaced", incident("2025-04-10", "Sumy", truce.EventAssault, truce.ModeDrone, truce.TargetCivilian, "RU"), nearPlant,
			energy, truce.VerdictNotCovered, "covers energy infrastructure only: not covered"},
		{"AdvanceNotAboutEnergy", incident("2025-04-10", "Pokrovsk", truce.EventAdvance, "", "", "RU"), inUkraine,
			energy, truce.VerdictNotCovered, "is about attacks only"},
		{"CeasefireAdvance", incident("2025-05-10", "Pokrovsk", truce.EventAdvance, truce.ModeGroundAssault, "", "RU"), inUkraine,
			"test/ceasefire", truce.VerdictViolation, "advance across the line of contact in Pokrovsk on 2025-05-10: the ceasefire test/ceasefire, binding RU, forbids advances across the line of contact: violation"},
		{"CeasefireMilitaryTarget", incident("2025-05-10", "", truce.EventAssault, truce.ModeShelling, truce.TargetMilitary, "UA"), inUkraine,
			"test/ceasefire", truce.VerdictViolation, "shelling on a military target at 50.900, 34.800 on 2025-05-10"},
		{"CeasefireOblastNamesPlace", incident("2025-05-10", "", truce.EventAssault, truce.ModeShelling, truce.TargetMilitary, "UA"),
			truce.SpatialFacts{Zones: []string{"ukraine"}, Oblast: "Sumska"}, "test/ceasefire", truce.VerdictViolation, "shelling on a military target in Sumska on 2025-05-10"},
		{"FreezeAttackNotCovered", incident("2025-05-10", "Huliaipole", truce.EventAssault, truce.ModeShelling, truce.TargetMilitary, "RU"), inUkraine,
			"test/freeze", truce.VerdictNotCovered, "the frontline freeze of 2025-05-01..2025-05-31 is about advances across the line of contact only"},
		{"FreezeWindowRanOut", incident("2025-06-02", "Huliaipole", truce.EventAdvance, "", "", "RU"), inUkraine,
			"test/freeze", truce.VerdictNotCovered, "the frontline freeze of 2025-05-01..2025-05-31 had run out by 2025-06-02"},
		{"FreezeViolation", incident("2025-05-02", "Huliaipole", truce.EventAdvance, "", "", "UA"), inUkraine,
			"test/freeze", truce.VerdictViolation, "forbids advances"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := j.JudgeWith(tt.in, &tt.facts)
			var got *truce.Verdict
			for i := range vs {
				if vs[i].Provision == tt.provision {
					got = &vs[i]
				}
			}
			switch {
			case tt.want == "" && got != nil:
				t.Fatalf("got %+v, want no verdict", got)
			case tt.want == "":
				return
			case got == nil:
				t.Fatalf("no verdict on %s in %+v", tt.provision, vs)
			}
			if got.Verdict != tt.want {
				t.Errorf("got %v, want %v (%s)", got.Verdict, tt.want, got.Explanation)
			}
			if !strings.Contains(got.Explanation, tt.explains) {
				t.Errorf("explanation %q\nwant it to hold %q", got.Explanation, tt.explains)
			}
		})
	}
}

func TestZoneGround(t *testing.T) {
	zones := []truce.Zone{
		{ID: "box", Geometry: []byte(`{"type": "Polygon", "coordinates": [[[30, 45], [40, 45], [40, 52], [30, 52], [30, 45]]]}`)},
		{ID: "two", Geometry: []byte(`{"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[34, 50], [35, 50], [35, 51], [34, 51], [34, 50]]]]}`)},
		{ID: "ukraine", Builtin: "admin:ukraine"},
	}
	g, err := judge.NewZoneGround(zones)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := g.Facts(34.7981, 50.9077, time.Now())
	if diff := cmp.Diff(truce.SpatialFacts{Zones: []string{"box", "two"}, Unresolved: []string{"ukraine"}, LineKm: -1}, f); diff != "" {
		t.Error(diff)
	}
	f, _ = g.Facts(20, 50, time.Now())
	if len(f.Zones) != 0 {
		t.Errorf("zones %v, want none", f.Zones)
	}
	for _, bad := range []string{`{"type": "Point", "coordinates": [1, 2]}`, `{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}`,
		`{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 2]]]}`, `{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 100], [0, 0]]]}`} {
		if _, err := judge.NewZoneGround([]truce.Zone{{ID: "bad", Geometry: []byte(bad)}}); err == nil || !strings.Contains(err.Error(), "zone bad") {
			t.Errorf("%s: err %v, want an error naming zone bad", bad, err)
		}
	}
}

// BenchmarkJudge judges 1,000,000 incidents against 20 provisions in force
// on 2 goroutines (the target: at most 10 s per operation on 2 cores).
func BenchmarkJudge(b *testing.B) {
	var provs []truce.Provision
	for i := range 20 {
		p := ceasefire
		p.ID = "bench/" + string(rune('a'+i))
		if i%2 == 1 {
			p = freeze
			p.ID = "bench/" + string(rune('a'+i))
			p.Window.To = truce.Date{}
		}
		provs = append(provs, p)
	}
	j := judge.New(provs, nil)
	const n = 1_000_000
	ins := make([]*truce.Incident, n)
	facts := make([]truce.SpatialFacts, n)
	types := []truce.EventType{truce.EventAssault, truce.EventAdvance, truce.EventHeavyWeapons}
	modes := []truce.Mode{truce.ModeShelling, truce.ModeMissile, truce.ModeDrone, ""}
	perps := []string{"RU", "UA", ""}
	start := truce.MustParseDate("2025-04-01").Time()
	for i := range ins {
		typ := types[i%3]
		mode := modes[i%4]
		if typ != truce.EventAssault {
			mode = ""
		}
		ins[i] = &truce.Incident{ID: int64(i), Start: start.Add(time.Duration(i%(90*24)) * time.Hour), Lat: 48 + float64(i%500)/100, Lon: 33 + float64(i%700)/100,
			Type: typ, Mode: mode, Target: truce.TargetClasses[i%5], Perpetrator: perps[i%3], Place: "Place"}
		ins[i].End = ins[i].Start
		if i%7 != 0 {
			facts[i] = inUkraine
		}
	}
	b.ResetTimer()
	var verdicts, violations atomic.Int64
	for b.Loop() {
		verdicts.Store(0)
		violations.Store(0)
		j.JudgeMany(ins, facts, 2, func(i int, vs []truce.Verdict) {
			n := 0
			for _, v := range vs {
				if v.Verdict == truce.VerdictViolation {
					n++
				}
			}
			verdicts.Add(int64(len(vs)))
			violations.Add(int64(n))
		})
	}
	b.ReportMetric(float64(verdicts.Load()), "verdicts/op")
	b.ReportMetric(float64(violations.Load()), "violations/op")
}

// TestWindowInMissionZone: a provision's window is of local days of the
// mission's zone. The energy truce runs 2025-03-18..2025-04-17: a strike
// at 2025-04-17T22:30Z is 01:30 on the 18th in Kyiv, after it ran out, and
// one at 2025-03-17T22:30Z is of its first day; in UTC both are the other
// way round. Across the change to summer time (2025-03-30, UTC+2 to UTC+3)
// the local day still decides.
func TestWindowInMissionZone(t *testing.T) {
	provs := builtinProvisions(t)
	strike := func(at string) *truce.Incident {
		ts, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		return &truce.Incident{Start: ts, End: ts, Lat: 49.99, Lon: 36.23, Precision: 1, Place: "Kharkiv",
			Type: truce.EventAssault, Mode: truce.ModeDrone, Target: truce.TargetEnergy, Perpetrator: "RU"}
	}
	tests := []struct {
		name, at string
		loc      *time.Location
		want     truce.VerdictValue // "" = no verdict on the truce (before it entered into force)
		explains string
	}{
		{"LastDayLateKyiv", "2025-04-17T22:30:00Z", truce.DefaultLocation(), truce.VerdictNotCovered, "on 2025-04-18: the energy truce of 2025-03-18..2025-04-17 was not in force (expired since 2025-04-18)"},
		{"LastDayLateUTC", "2025-04-17T22:30:00Z", time.UTC, truce.VerdictViolation, "on 2025-04-17:"},
		{"LastDayEndKyiv", "2025-04-17T20:59:00Z", truce.DefaultLocation(), truce.VerdictViolation, "on 2025-04-17:"},
		{"FirstDayEarlyKyiv", "2025-03-17T22:30:00Z", truce.DefaultLocation(), truce.VerdictViolation, "on 2025-03-18:"},
		{"FirstDayEarlyUTC", "2025-03-17T22:30:00Z", time.UTC, "", ""},
		{"DSTDayStartKyiv", "2025-03-29T22:30:00Z", truce.DefaultLocation(), truce.VerdictViolation, "on 2025-03-30:"},
		{"DSTDayEndKyiv", "2025-03-30T21:30:00Z", truce.DefaultLocation(), truce.VerdictViolation, "on 2025-03-31:"},
		{"DSTDayEndUTC", "2025-03-30T21:30:00Z", time.UTC, truce.VerdictViolation, "on 2025-03-30:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := judge.New(provs, nil).In(tt.loc)
			var got *truce.Verdict
			for _, v := range j.JudgeWith(strike(tt.at), &inUkraine) {
				if v.Provision == energy {
					got = &v
				}
			}
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("got %+v, want no verdict", *got)
			case tt.want != "" && got == nil:
				t.Errorf("no verdict, want %s", tt.want)
			case got != nil && (got.Verdict != tt.want || !strings.Contains(got.Explanation, tt.explains)):
				t.Errorf("got %s %q, want %s with %q", got.Verdict, got.Explanation, tt.want, tt.explains)
			}
		})
	}
}

// factsGround answers the same facts everywhere.
type factsGround truce.SpatialFacts

func (g factsGround) Facts(lon, lat float64, at time.Time) (truce.SpatialFacts, error) {
	return truce.SpatialFacts(g), nil
}

// TestJudgePublic: the public wording names the place by the caller's label
// and a protected site by its class only; the verdicts are Judge's.
func TestJudgePublic(t *testing.T) {
	nearPlant := factsGround{Zones: []string{"ukraine"}, LineKm: -1,
		Sites: []truce.SiteNear{{ID: "gppd:UKR0000042", Name: "Sumy CHP", Class: truce.TargetEnergy, Km: 0.8}}}
	j := judge.New(builtinProvisions(t), nearPlant)
	nearSite := false
	defer func() {
		if !nearSite {
			t.Error("no public explanation of a strike near a protected site")
		}
	}()
	for _, in := range []*truce.Incident{
		imprecise(incident("2025-04-13", "Sumy", truce.EventAssault, truce.ModeMissile, truce.TargetCivilian, "RU")),
		incident("2025-04-10", "Sumy", truce.EventAssault, truce.ModeDrone, truce.TargetEnergy, "RU"),
	} {
		full, err := j.Judge(in)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := j.JudgePublic(in, "Sumy Oblast")
		if err != nil {
			t.Fatal(err)
		}
		if len(pub) != len(full) || len(pub) == 0 {
			t.Fatalf("%d public verdicts, %d full", len(pub), len(full))
		}
		for i := range pub {
			if pub[i].Provision != full[i].Provision || pub[i].Verdict != full[i].Verdict {
				t.Errorf("public %+v differs from %+v", pub[i], full[i])
			}
			e := pub[i].Explanation
			nearSite = nearSite || strings.Contains(e, "near a protected site (energy infrastructure)")
			if !strings.Contains(e, " in Sumy Oblast on ") || strings.Contains(strings.ReplaceAll(e, "Sumy Oblast", ""), "Sumy") ||
				strings.Contains(e, "km") || strings.Contains(e, "gppd") {
				t.Errorf("public explanation %q (full: %q)", e, full[i].Explanation)
			}
		}
	}
}
