package judge_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/scenario"
)

func TestClocks(t *testing.T) {
	provs := builtinProvisions(t)
	d := truce.MustParseDate("2025-04-10")
	t.Run("NoViolation", func(t *testing.T) {
		cs := judge.Clocks(provs, d, nil)
		if len(cs) != 1 || cs[0].Provision != energy || cs[0].Days != 23 || cs[0].LastViolation != nil {
			t.Fatalf("got %+v", cs)
		}
		if !strings.Contains(cs[0].Explanation, "23 days without a verified violation") {
			t.Errorf("explanation %q", cs[0].Explanation)
		}
	})
	t.Run("Violation", func(t *testing.T) {
		last := map[string]judge.Violation{energy: {Incident: 7, Date: truce.MustParseDate("2025-04-04")}}
		cs := judge.Clocks(provs, d, last)
		if len(cs) != 1 || cs[0].Days != 6 || cs[0].LastViolation.Incident != 7 {
			t.Fatalf("got %+v", cs)
		}
	})
	t.Run("ViolationAfterDate", func(t *testing.T) {
		last := map[string]judge.Violation{energy: {Incident: 7, Date: truce.MustParseDate("2025-04-12")}}
		if cs := judge.Clocks(provs, d, last); cs[0].Days != 23 {
			t.Errorf("a later violation counted: %+v", cs)
		}
	})
	t.Run("NotInForce", func(t *testing.T) {
		if cs := judge.Clocks(provs, truce.MustParseDate("2025-04-19"), nil); len(cs) != 0 {
			t.Errorf("got %+v, want no clock after the truce expired", cs)
		}
	})
}

func TestConditions(t *testing.T) {
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	// Put the Paris ceasefire in force on 2025-05-01 to start the sanctions clock.
	for i := range sc.Provisions {
		if sc.Provisions[i].ID == "paris-2025/ceasefire" {
			p := &sc.Provisions[i]
			p.History = append(p.History, truce.StatusChange{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-04-30")},
				truce.StatusChange{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-05-01")})
		}
	}
	w := truce.NewWorld(sc)
	d := truce.MustParseDate("2025-05-20")
	held := func(last map[string]judge.Violation) truce.ConditionState {
		for _, cc := range judge.Conditions(w, sc.Provisions, d, last) {
			if cc.Provision == "paris-2025/sanctions-relief" {
				return cc.Conditions[0]
			}
		}
		t.Fatal("no sanctions-relief conditions")
		return truce.ConditionState{}
	}
	got := held(nil)
	if got.EligibleOn != truce.MustParseDate("2025-05-31") || got.Met {
		t.Errorf("eligible %v met %v, want 2025-05-31 unmet", got.EligibleOn, got.Met)
	}
	got = held(map[string]judge.Violation{"paris-2025/ceasefire": {Incident: 3, Date: truce.MustParseDate("2025-05-10")}})
	if got.EligibleOn != truce.MustParseDate("2025-06-09") || got.Met || !strings.Contains(got.Explanation, "run again") {
		t.Errorf("after a violation: %+v", got)
	}
}

func TestTally(t *testing.T) {
	ins := []truce.Incident{
		{Place: "Sumy", Perpetrator: "RU", Type: truce.EventAssault, Mode: truce.ModeMissile, Grade: truce.GradeVerified,
			Verdicts: []truce.Verdict{{Provision: "a", Verdict: truce.VerdictViolation}, {Provision: "b", Verdict: truce.VerdictNotCovered}}},
		{Place: "Sumy", Perpetrator: "RU", Type: truce.EventAssault, Mode: truce.ModeDrone, Grade: truce.GradeAlleged,
			Verdicts: []truce.Verdict{{Provision: "a", Verdict: truce.VerdictNeedsReview}}},
		{Place: "Kherson", Type: truce.EventAssault, Mode: truce.ModeDrone, Grade: truce.GradeAlleged,
			Verdicts: []truce.Verdict{{Provision: "a", Verdict: truce.VerdictViolation}}},
	}
	got := judge.TallyIncidents(ins, func(in *truce.Incident) string { return judge.Area(in, nil) })
	want := judge.Tally{Incidents: 3,
		ByProvision: []judge.Count{{Key: "a", Violations: 2, Verified: 1, NeedsReview: 1}, {Key: "b", NotCovered: 1}},
		ByParty:     []judge.Count{{Key: "RU", Violations: 1, Verified: 1, NeedsReview: 1}, {Key: "unknown", Violations: 1}},
		ByArea:      []judge.Count{{Key: "Sumy", Violations: 1, Verified: 1, NeedsReview: 1}, {Key: "Kherson", Violations: 1}},
		ByType:      []judge.Count{{Key: "drone strike", Violations: 1, NeedsReview: 1}, {Key: "missile strike", Violations: 1, Verified: 1}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}
