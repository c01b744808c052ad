package truce_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
)

var d = truce.MustParseDate

func TestCanTransition(t *testing.T) {
	tests := []struct {
		from, to truce.Status
		want     bool
	}{
		{truce.StatusProposed, truce.StatusAgreed, true},
		{truce.StatusProposed, truce.StatusInForce, false},
		{truce.StatusAgreed, truce.StatusInForce, true},
		{truce.StatusInForce, truce.StatusSuspended, true},
		{truce.StatusInForce, truce.StatusBreached, true},
		{truce.StatusInForce, truce.StatusExpired, true},
		{truce.StatusSuspended, truce.StatusInForce, true},
		{truce.StatusBreached, truce.StatusInForce, true},
		{truce.StatusExpired, truce.StatusInForce, false},
		{truce.StatusLapsed, truce.StatusProposed, false},
		{truce.StatusInForce, truce.StatusProposed, false},
		{truce.StatusInForce, truce.StatusInForce, false},
	}
	for _, tt := range tests {
		if got := truce.CanTransition(tt.from, tt.to); got != tt.want {
			t.Errorf("CanTransition(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCheckHistory(t *testing.T) {
	ch := func(s truce.Status, date string) truce.StatusChange {
		return truce.StatusChange{Status: s, Date: d(date)}
	}
	tests := []struct {
		name    string
		h       []truce.StatusChange
		wantIdx int
	}{
		{"OK", []truce.StatusChange{ch("proposed", "2025-03-18"), ch("agreed", "2025-03-18"), ch("in-force", "2025-03-18"), ch("expired", "2025-04-18")}, -1},
		{"OKEmpty", nil, -1},
		{"ErrSkipAgreed", []truce.StatusChange{ch("proposed", "2025-03-18"), ch("in-force", "2025-03-19")}, 1},
		{"ErrBackdated", []truce.StatusChange{ch("proposed", "2025-03-18"), ch("agreed", "2025-03-17")}, 1},
		{"ErrUnknownStatus", []truce.StatusChange{ch("signed", "2025-03-18")}, 0},
		{"ErrNoDate", []truce.StatusChange{{Status: "proposed"}}, 0},
		{"ErrAfterTerminal", []truce.StatusChange{ch("proposed", "2025-03-18"), ch("lapsed", "2025-03-20"), ch("agreed", "2025-03-21")}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, err := truce.CheckHistory(tt.h)
			if i != tt.wantIdx {
				t.Fatalf("index %d (err %v), want %d", i, err, tt.wantIdx)
			}
			if (err != nil) != (tt.wantIdx >= 0) {
				t.Fatalf("err = %v", err)
			}
			if err != nil && truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("code %s, want %s", truce.ErrorCode(err), truce.EINVALID)
			}
		})
	}
}

func energyTruce() truce.Provision {
	return truce.Provision{ID: "energy", Issue: truce.IssueEnergyTruce, Parties: []string{"RU", "UA"},
		Window: truce.Window{From: d("2025-03-18"), To: d("2025-04-17")},
		History: []truce.StatusChange{
			{Status: "proposed", Date: d("2025-03-18")}, {Status: "agreed", Date: d("2025-03-18")},
			{Status: "in-force", Date: d("2025-03-18")}, {Status: "expired", Date: d("2025-04-18")},
		}}
}

func TestProvisionStatusAt(t *testing.T) {
	p := energyTruce()
	tests := []struct {
		date      string
		want      truce.Status
		wantSince string
		ok        bool
		inForce   bool
	}{
		{"2025-03-17", "", "", false, false},
		{"2025-03-18", truce.StatusInForce, "2025-03-18", true, true},
		{"2025-04-17", truce.StatusInForce, "2025-03-18", true, true},
		{"2025-04-18", truce.StatusExpired, "2025-04-18", true, false},
	}
	for _, tt := range tests {
		s, since, ok := p.StatusAt(d(tt.date))
		if s != tt.want || ok != tt.ok || since.String() != tt.wantSince {
			t.Errorf("StatusAt(%s) = %s, %s, %v; want %s, %s, %v", tt.date, s, since, ok, tt.want, tt.wantSince, tt.ok)
		}
		if got := p.InForceAt(d(tt.date)); got != tt.inForce {
			t.Errorf("InForceAt(%s) = %v, want %v", tt.date, got, tt.inForce)
		}
	}
	if err := p.Transition(truce.StatusChange{Status: truce.StatusInForce, Date: d("2025-05-01")}); err == nil {
		t.Fatal("expired → in-force accepted")
	}
	if got := len(p.History); got != 4 {
		t.Fatalf("a refused transition changed the history: %d entries", got)
	}
}

func pos(id int64, party, prov string, st truce.Stance, asOf string, attr truce.Attribution, quote string) truce.Position {
	return truce.Position{ID: id, Party: party, Provision: prov, Issue: truce.IssueCeasefire, Stance: st, AsOf: d(asOf), Attribution: attr,
		Evidence: []truce.Evidence{{Source: "s", Quote: quote, Attribution: attr}}}
}

func TestMatrix(t *testing.T) {
	ps := []truce.Position{
		pos(1, "RU", "cf", truce.StanceConditional, "2025-03-25", truce.AttributionOnRecord, "only after sanctions"),
		pos(2, "RU", "cf", truce.StanceOppose, "2025-04-19", truce.AttributionReported, "balking"),
		pos(3, "UA", "cf", truce.StanceSupport, "2025-04-19", truce.AttributionSources, "already agreed"),
		pos(4, "UA", "cf", truce.StanceSupport, "2025-04-19", truce.AttributionOnRecord, "until the ceasefire"),
		pos(5, "US", "cf", truce.StanceSupport, "2025-04-19", truce.AttributionReported, "hopeful"),
		pos(6, "US", "cf", truce.StanceOppose, "2025-04-19", truce.AttributionOnRecord, "walk away"),
	}
	ps[0].Condition = "sanctions lifted"
	tests := []struct {
		name string
		date string
		want []truce.Cell
	}{
		{"BeforeAny", "2025-03-01", []truce.Cell{}},
		{"EarlierStanceStands", "2025-04-18", []truce.Cell{
			{Party: "RU", Issue: "ceasefire", Provision: "cf", Stance: "conditional", Condition: "sanctions lifted", AsOf: d("2025-03-25"), Attribution: "on-record",
				Evidence: ps[0].Evidence, Positions: []int64{1}},
		}},
		{"LatestWinsEvidenceMerged", "2025-04-19", []truce.Cell{
			{Party: "RU", Issue: "ceasefire", Provision: "cf", Stance: "oppose", AsOf: d("2025-04-19"), Attribution: "reported", Evidence: ps[1].Evidence, Positions: []int64{2}},
			{Party: "UA", Issue: "ceasefire", Provision: "cf", Stance: "support", AsOf: d("2025-04-19"), Attribution: "on-record",
				Evidence: []truce.Evidence{ps[3].Evidence[0], ps[2].Evidence[0]}, Positions: []int64{3, 4}},
			{Party: "US", Issue: "ceasefire", Provision: "cf", Stance: "oppose", AsOf: d("2025-04-19"), Attribution: "on-record", Evidence: ps[5].Evidence, Positions: []int64{6}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := truce.Matrix(ps, d(tt.date))
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b truce.Date) bool { return a == b })); diff != "" {
				t.Errorf("Matrix mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func testWorld() *truce.World {
	cf := truce.Provision{ID: "cf", Issue: truce.IssueCeasefire, Parties: []string{"RU", "UA"},
		History: []truce.StatusChange{{Status: "proposed", Date: d("2025-04-01")}, {Status: "agreed", Date: d("2025-04-10")}, {Status: "in-force", Date: d("2025-04-20")}}}
	sr := truce.Provision{ID: "sr", Issue: truce.IssueSanctionsRelief, Parties: []string{"EU", "RU"},
		Conditions: []truce.Condition{{Kind: truce.CondHeldFor, Provision: "cf", Days: 30}, {Kind: truce.CondUnanimity, Bloc: "EU"}},
		History:    []truce.StatusChange{{Status: "proposed", Date: d("2025-04-01")}}}
	ac := truce.Provision{ID: "ac", Issue: truce.IssueDirectTalks, Parties: []string{"RU"},
		Conditions: []truce.Condition{{Kind: truce.CondAcceptance, Parties: []string{"UA"}}},
		History:    []truce.StatusChange{{Status: "proposed", Date: d("2025-04-01")}}}
	s := &truce.Scenario{
		Parties: []truce.Party{
			{Code: "EU", Name: "EU", Kind: truce.PartyBloc, Members: []string{"DE", "FR", "HU"}},
			{Code: "RU", Name: "Russia", Kind: truce.PartyState}, {Code: "UA", Name: "Ukraine", Kind: truce.PartyState},
		},
		Provisions: []truce.Provision{cf, sr, ac},
		Agreements: []truce.Agreement{{ID: "a", Name: "A", Provisions: []string{"cf", "sr", "ac"}}},
		Positions: []truce.Position{
			pos(1, "RU", "cf", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(2, "UA", "cf", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(3, "DE", "sr", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(4, "FR", "sr", truce.StanceConditional, "2025-04-10", "on-record", "q"),
			pos(5, "HU", "sr", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(6, "EU", "sr", truce.StanceSupport, "2025-04-10", "official", "q"),
			pos(7, "RU", "sr", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(8, "RU", "ac", truce.StanceSupport, "2025-04-10", "on-record", "q"),
			pos(9, "UA", "ac", truce.StanceOppose, "2025-04-10", "on-record", "q"),
		},
	}
	s.Positions[3].Condition = "Ukraine agrees"
	return truce.NewWorld(s)
}

func TestConditionStates(t *testing.T) {
	w := testWorld()
	sr := w.Provisions["sr"]
	tests := []struct {
		name         string
		date         string
		wantMet      []bool
		wantEligible string
	}{
		{"CeasefireNotInForce", "2025-04-15", []bool{false, false}, ""},
		{"HeldTooShort", "2025-05-01", []bool{false, false}, "2025-05-20"},
		{"HeldLongEnough", "2025-05-20", []bool{true, false}, "2025-05-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := truce.Matrix(w.Positions, d(tt.date))
			got := w.ConditionStates(sr, d(tt.date), cells)
			for i, cs := range got {
				if cs.Met != tt.wantMet[i] {
					t.Errorf("condition %d (%s): met = %v, want %v (%s)", i, cs.Condition, cs.Met, tt.wantMet[i], cs.Explanation)
				}
			}
			if got[0].EligibleOn.String() != tt.wantEligible {
				t.Errorf("eligible on %q, want %q", got[0].EligibleOn, tt.wantEligible)
			}
			tally := got[1].Tally
			if diff := cmp.Diff(&truce.Tally{Required: 3, Support: []string{"DE", "HU"}, Conditional: []string{"FR"}, Oppose: []string{}, Unknown: []string{}}, tally); diff != "" {
				t.Errorf("unanimity tally (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadiness(t *testing.T) {
	w := testWorld()
	r := w.Readiness(w.Agreements["a"], d("2025-05-20"))
	got := map[string][]string{}
	for _, p := range r.Provisions {
		got[p.Provision] = p.Blockers
	}
	want := map[string][]string{
		"cf": {},
		"sr": {"condition unmet: 2 of 3 EU members support; 1 conditional, 0 oppose, 0 unknown"},
		"ac": {"UA opposes"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("blockers (-want +got):\n%s", diff)
	}
	if r.Ready != 1 {
		t.Errorf("ready = %d, want 1", r.Ready)
	}
	if mustAccept := r.Provisions[2].MustAccept; !cmp.Equal(mustAccept, []string{"RU", "UA"}) {
		t.Errorf("must accept %v, want the bound party and the one the acceptance condition names", mustAccept)
	}
}

func TestPartyValidate(t *testing.T) {
	tests := []struct {
		name  string
		p     truce.Party
		field string
	}{
		{"OK", truce.Party{Code: "UA", Name: "Ukraine", Kind: truce.PartyState}, ""},
		{"OKBloc", truce.Party{Code: "EU", Name: "EU", Kind: truce.PartyBloc, Members: truce.EUMembers}, ""},
		{"ErrStateCode", truce.Party{Code: "UKR", Name: "Ukraine", Kind: truce.PartyState}, "code"},
		{"ErrLowercase", truce.Party{Code: "ua", Name: "Ukraine", Kind: truce.PartyState}, "code"},
		{"ErrKind", truce.Party{Code: "UA", Name: "Ukraine", Kind: "country"}, "kind"},
		{"ErrBlocNoMembers", truce.Party{Code: "EU", Name: "EU", Kind: truce.PartyBloc}, "members"},
		{"ErrStateMembers", truce.Party{Code: "UA", Name: "Ukraine", Kind: truce.PartyState, Members: []string{"UA"}}, "members"},
		{"ErrDupMember", truce.Party{Code: "EU", Name: "EU", Kind: truce.PartyBloc, Members: []string{"DE", "DE"}}, "members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			var field string
			if e, ok := err.(*truce.Error); ok {
				field = e.Field
			} else if err != nil {
				t.Fatalf("unexpected error type %T", err)
			}
			if field != tt.field {
				t.Errorf("field %q (err %v), want %q", field, err, tt.field)
			}
		})
	}
	if len(truce.EUMembers) != 27 {
		t.Errorf("EU has %d members, want 27", len(truce.EUMembers))
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2025-02-30", "2025-4-19", "19/04/2025", "", "2025-04-19T00:00:00Z"} {
		if _, err := truce.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if got := d("2025-04-19").AddDays(-6).String(); got != "2025-04-13" {
		t.Errorf("AddDays = %s", got)
	}
	w := truce.Window{From: d("2025-03-18"), To: d("2025-04-17")}
	if !w.Contains(d("2025-04-17")) || w.Contains(d("2025-04-18")) || w.Contains(d("2025-03-17")) {
		t.Errorf("Window.Contains wrong at its bounds")
	}
}
