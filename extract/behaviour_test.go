package extract

import (
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWireArticle pins general behaviours on an article written for this
// test (testdata/behaviour/wire-talks.txt): a wire dateline names where the
// story was filed, not where or when the talks were held; a coordinated
// casualty list adds up; troops sent into Ukraine are the foreign-troops issue.
func TestWireArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/wire-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("wire-talks", b)
	if err != nil {
		t.Fatal(err)
	}
	e := New().Extract(a)
	if len(e.Talks) != 1 || e.Talks[0].Place != "Istanbul" || e.Talks[0].Date == nil || *e.Talks[0].Date != "2025-06-02" {
		t.Errorf("talks: got %+v, want one in Istanbul on 2025-06-02 (not the Kyiv dateline's June 3)", e.Talks)
	}
	killed := map[string]int{}
	for _, in := range e.Incidents {
		if in.Killed != nil {
			killed[in.Place] = *in.Killed
		}
	}
	if killed["Kharkiv"] != 3 || killed["Kherson"] != 3 {
		t.Errorf("killed: got %v, want Kharkiv 3 and Kherson 3 (two civilians and a police officer)", killed)
	}
	found := false
	for _, p := range e.Positions {
		// "ready to send troops to Ukraine once a peace deal was signed":
		// wanted on a condition (as news2025d d07 labels "if there was a
		// lasting peace deal").
		if p.Actor == "FR" && p.Issue == "foreign-troops" && (p.Stance == "support" || p.Stance == "conditional") {
			found = true
		}
	}
	if !found {
		t.Errorf("positions: no FR foreign-troops support in %+v", e.Positions)
	}
}

// TestTalksPhrasings pins how talks are placed and dated in an article
// written for this test (testdata/behaviour/talks-phrasings.txt): "host" is a
// meeting verb, and "later this week" never falls before the article's date.
func TestTalksPhrasings(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/talks-phrasings.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("talks-phrasings", b)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tc := range New().Extract(a).Talks {
		if tc.Date != nil {
			got[tc.Place] = *tc.Date
		}
	}
	want := map[string]string{"Anchorage": "2025-08-15", "Riyadh": "2025-08-11", "Moscow": "2025-08-10", "Istanbul": "2025-08-08", "Kyiv": "2025-09-03"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("talks place -> date (-want +got):\n%s", d)
	}
}

// TestStances pins general stance rules on sentences written for this test:
// a state's own document ("Russia's memorandum") holds its stance on record,
// the stance of a demand is read from the demand, "open to" supports and
// "not open to" refuses.
func TestStances(t *testing.T) {
	x := New()
	for _, tc := range []struct{ in, want string }{
		{"Russia's memorandum demanded a ceasefire.", "RU ceasefire support on-record"},
		{"The Russian memorandum demanded that Ukraine renounce its bid to join NATO.", "RU nato-exclusion support on-record"},
		{"Russia demanded that Ukraine withdraw its troops from four regions.", "RU territory-cession support reported"},
		{"The Kremlin has said it is open to a meeting between Putin and Zelenskyy.", "RU direct-talks support on-record"},
		{"The Kremlin said it was not open to a ceasefire.", "RU ceasefire oppose on-record"},
		{"Zelensky said Ukraine would never give up Crimea.", "UA crimea-recognition oppose on-record"},
		{"The European Union will keep sanctions on Russia in place, Ursula von der Leyen said.", "EU sanctions-relief oppose on-record"},
	} {
		a, err := ParseArticle("t", []byte("date 2025-06-03 "+tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range x.Extract(a).Positions {
			got = append(got, p.Actor+" "+p.Issue+" "+p.Stance+" "+p.Attribution)
		}
		if d := cmp.Diff([]string{tc.want}, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, d)
		}
	}
}

// TestTalksOffered: a meeting only offered or possible, with no date, is
// not talks (SCHEMA.md: held or scheduled); a scheduled one is, also where
// the city follows its country's possessive or a description.
func TestTalksOffered(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"The Kremlin has said it is open to a meeting between Putin and Zelenskyy in Istanbul.", 0},
		{"Erdogan offered to host talks in Istanbul.", 0},
		{"Erdogan will host talks in Istanbul on Friday.", 1},
		{"Ukrainian and U.S. officials will meet in Saudi Arabia's Jeddah on Tuesday.", 1},
		{"Witkoff will fly to Russia's second city St Petersburg on Friday to meet Putin.", 1},
	} {
		a, err := ParseArticle("t", []byte("date 2025-06-03 "+tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(x.Extract(a).Talks); got != tc.want {
			t.Errorf("%q: %d talks, want %d", tc.in, got, tc.want)
		}
	}
}

// TestStanceAttribution pins who holds a stance in sentences written for
// this test: a proposal named by a speaker and judged after it ("X said US
// proposals ... were unacceptable"), a state's followers ("Ukraine's allies"),
// an issue granted only once a demand is met ("before any ceasefire"), the
// two leaders meeting in person as direct talks, a second complement of the
// same speaker ("X said A, and that B"), "no need"/"not necessary" as
// refusals, a coordinated group after "its", a clause after "but" that starts
// with its verb (its subject is the one before; actors after the verb are
// objects), and threats ("a legitimate target") as refusals.
func TestStanceAttribution(t *testing.T) {
	type claim struct{ Actor, Issue, Stance string }
	tests := []struct {
		text       string
		want, dont []claim
	}{
		{"Kremlin aide Yuri Ushakov said US proposals for a ceasefire monitoring mission were unacceptable.",
			[]claim{{"RU", "ceasefire-monitoring", "oppose"}, {"US", "ceasefire-monitoring", "support"}},
			[]claim{{"RU", "ceasefire-monitoring", "support"}}},
		{"Ukraine's allies pledged new security guarantees at a meeting in Rome.",
			nil, []claim{{"UA", "security-guarantees", "support"}}},
		{"The Kremlin demanded that Kyiv pull its troops out of the Donetsk region before any ceasefire.",
			[]claim{{"RU", "territory-cession", "support"}, {"RU", "ceasefire", "conditional"}}, nil},
		{"Zelensky said he was ready to meet Putin in person.",
			[]claim{{"UA", "direct-talks", "support"}}, nil},
		{"Zelensky rejected any suggestion that Ukraine should withdraw from the Donbas as part of a deal.",
			[]claim{{"UA", "territory-cession", "oppose"}}, nil},
		{"Trump said Ukraine would have to give up some land, and that a ceasefire was not necessary before a peace deal.",
			[]claim{{"US", "territory-cession", "support"}, {"US", "ceasefire", "oppose"}}, nil},
		{"The Kremlin said it saw no need for a ceasefire.",
			[]claim{{"RU", "ceasefire", "oppose"}}, []claim{{"RU", "ceasefire", "support"}}},
		{"Kyiv and its European partners want a ceasefire first.",
			[]claim{{"UA", "ceasefire", "support"}, {"EU", "ceasefire", "support"}}, nil},
		{"Moscow remains committed to a peaceful settlement but will not accept a ceasefire that allows Kyiv to rearm.",
			[]claim{{"RU", "ceasefire", "oppose"}}, []claim{{"UA", "ceasefire", "oppose"}}},
		{"Russia's foreign ministry spokeswoman said that any deployment of European troops would be a legitimate target.",
			[]claim{{"RU", "foreign-troops", "oppose"}}, []claim{{"RU", "foreign-troops", "support"}}},
		{"\"There will be no withdrawal of our troops from our land,\" Zelensky said.",
			[]claim{{"UA", "territory-cession", "oppose"}}, nil},
		{"Ukraine's position has not changed: no recognition of occupied territories and no limits on its army, Sybiha said.",
			[]claim{{"UA", "crimea-recognition", "oppose"}, {"UA", "territory-cession", "oppose"}, {"UA", "arms-halt", "oppose"}},
			[]claim{{"UA", "arms-halt", "support"}}},
		{"Trump suggested that Washington could respond with banking or secondary sanctions.",
			nil, []claim{{"US", "sanctions-relief", "oppose"}, {"US", "sanctions-relief", "support"}}},
		{"Zelensky did not attend the talks. He said Europe and the United States should impose tough sanctions on Moscow if it rejected a ceasefire.",
			[]claim{{"UA", "sanctions-relief", "oppose"}}, []claim{{"US", "sanctions-relief", "support"}, {"EU", "sanctions-relief", "support"}, {"US", "ceasefire", "oppose"}}},
		{"Before the summit Trump had written that there would be \"no going into NATO by Ukraine\" and that Crimea would not be returned.",
			[]claim{{"US", "nato-exclusion", "support"}, {"US", "crimea-recognition", "support"}}, nil},
	}
	x := New()
	for _, tt := range tests {
		a, err := ParseArticle("t", []byte("date 2025-07-02 "+tt.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[claim]bool{}
		for _, p := range x.Extract(a).Positions {
			got[claim{p.Actor, p.Issue, p.Stance}] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%q: no %v in %v", tt.text, w, got)
			}
		}
		for _, d := range tt.dont {
			if got[d] {
				t.Errorf("%q: unwanted %v", tt.text, d)
			}
		}
	}
}

// TestTalksContext pins talks read across sentences in an article written
// for this test (testdata/behaviour/talks-context.txt): parties and date
// named the sentence before the place; a meeting only offered, or called
// off, is not talks; a date after a speech verb dates the statement; the
// date after "talks" is the meeting's; one city on dates apart is two
// meetings; "two days of talks ended on Monday" began on Sunday; the date
// right after the venue ("in Ankara on Thursday") is the meeting's; a
// visit of one party with no meeting named ("travelled to Kharkiv") is not talks.
func TestTalksContext(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/talks-context.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("talks-context", b)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Place, Date string }
	var got []row
	parts := map[string][]string{}
	for _, tc := range New().Extract(a).Talks {
		d := "null"
		if tc.Date != nil {
			d = *tc.Date
		}
		got = append(got, row{tc.Place, d})
		parts[tc.Place+" "+d] = tc.Participants
	}
	want := []row{{"Istanbul", "2025-07-23"}, {"Kuala Lumpur", "2025-07-10"}, {"Kyiv", "2025-05-10"},
		{"Riyadh", "2025-07-14"}, {"Kyiv", "2025-07-09"}, {"Geneva", "2025-07-13"}, {"Ankara", "2025-07-24"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("talks (-want +got):\n%s", diff)
	}
	if p := parts["Istanbul 2025-07-23"]; !contains(p, "RU") || !contains(p, "UA") {
		t.Errorf("Istanbul participants %v: want RU and UA from the sentence before", p)
	}
}

// TestIncidentTolls pins casualty reading in an article written for this
// test (testdata/behaviour/incident-tolls.txt): one city struck on two dates
// is two incidents; a revised toll ("climbed to", "the number of injured
// rose to") is the figure kept; "killing the driver" is one death; "the
// attack also killed three adults" adds to the children counted before.
func TestIncidentTolls(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/incident-tolls.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("incident-tolls", b)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Place, Date     string
		Killed, Injured int // -1: null
	}
	var got []row
	for _, in := range New().Extract(a).Incidents {
		r := row{Place: in.Place, Date: *in.Date, Killed: -1, Injured: -1}
		if in.Killed != nil {
			r.Killed = *in.Killed
		}
		if in.Injured != nil {
			r.Injured = *in.Injured
		}
		got = append(got, r)
	}
	want := []row{
		{"Kyiv", "2025-09-10", 4, 28},
		{"Kyiv", "2025-09-07", 3, 44},
		{"Dnipro", "2025-09-08", 2, 11},
		{"Sumy", "2025-09-10", 1, -1},
		{"Kharkiv", "2025-09-10", 1, 17},
		{"Odesa", "2025-09-05", 8, -1},
		{"Kherson", "2025-09-09", 7, -1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incidents (-want +got):\n%s", diff)
	}
}

// TestPlanTerms pins how the terms of a plan are attributed in an article
// written for this test (testdata/behaviour/plan-terms.txt): the plan's
// author, named once ("The US plan"), holds what "the plan", "the draft" or
// "under the proposal" say later, not the clause's grammatical object; a cap
// on Ukraine's army is arms-halt; "bars Ukraine from joining NATO" excludes it.
func TestPlanTerms(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/plan-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("plan-terms", b)
	if err != nil {
		t.Fatal(err)
	}
	type claim struct{ Actor, Issue, Stance string }
	got := map[claim]bool{}
	for _, p := range New().Extract(a).Positions {
		got[claim{p.Actor, p.Issue, p.Stance}] = true
	}
	for _, w := range []claim{{"US", "territory-cession", "support"}, {"US", "arms-halt", "support"},
		{"US", "security-guarantees", "support"}, {"US", "sanctions-relief", "support"}, {"US", "nato-exclusion", "support"},
		{"UA", "arms-halt", "oppose"}, {"UA", "territory-cession", "oppose"}} {
		if !got[w] {
			t.Errorf("no %v in %v", w, got)
		}
	}
	for _, d := range []claim{{"UA", "security-guarantees", "support"}, {"UA", "sanctions-relief", "support"}, {"UA", "nato-exclusion", "oppose"}, {"UA", "nato-exclusion", "support"}} {
		if got[d] {
			t.Errorf("unwanted %v", d)
		}
	}
}

// TestStancesArticle pins stances read in an article written for this test
// (testdata/behaviour/stances-2.txt): a participial opening ("Speaking to
// reporters, Lavrov said") keeps the speaker; "only be possible once" and
// "if it received" are conditions; "give up Donbas" and "send ground
// troops"; "but that Ukraine must first withdraw" is the speaker's demand;
// a noun "support" in "but would provide logistical support" is no stance.
func TestStancesArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/stances-2.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("stances-2", b)
	if err != nil {
		t.Fatal(err)
	}
	type claim struct{ Actor, Issue, Stance string }
	got := map[claim]bool{}
	for _, p := range New().Extract(a).Positions {
		got[claim{p.Actor, p.Issue, p.Stance}] = true
	}
	// "a ceasefire along the current front line" is the freeze (as
	// news2025b b06 is labelled), not a general ceasefire.
	for _, w := range []claim{{"UA", "frontline-freeze", "conditional"}, {"RU", "ceasefire", "conditional"}, {"RU", "arms-halt", "conditional"},
		{"UA", "territory-cession", "oppose"}, {"US", "foreign-troops", "oppose"}, {"US", "ceasefire-monitoring", "support"},
		{"PL", "foreign-troops", "oppose"}, {"RU", "territory-cession", "support"}, {"RU", "foreign-troops", "oppose"}} {
		if !got[w] {
			t.Errorf("no %v in %v", w, got)
		}
	}
	for _, d := range []claim{{"PL", "foreign-troops", "support"}, {"UA", "territory-cession", "support"}} {
		if got[d] {
			t.Errorf("unwanted %v", d)
		}
	}
}

// TestTalksDateTense pins that a talks date takes the tense of the words
// before it, not of a later clause ("... said it would resume aid").
func TestTalksDateTense(t *testing.T) {
	a, err := ParseArticle("t", []byte("date 2025-03-12 Ukraine backed a US proposal for an immediate 30-day ceasefire on Tuesday after talks in Jeddah, and Washington said it would resume military aid.\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := New().Extract(a)
	if len(e.Talks) != 1 || e.Talks[0].Place != "Jeddah" || e.Talks[0].Date == nil || *e.Talks[0].Date != "2025-03-11" {
		t.Errorf("talks: got %+v, want Jeddah on 2025-03-11", e.Talks)
	}
	found := false
	for _, p := range e.Positions {
		found = found || p.Actor == "UA" && p.Issue == "ceasefire" && p.Stance == Support
	}
	if !found {
		t.Errorf("no UA ceasefire support in %+v", e.Positions)
	}
}

// TestCapitalByAdjective pins "the Ukrainian capital" as Kyiv for an
// incident and "the Saudi capital" as Riyadh for talks.
func TestCapitalByAdjective(t *testing.T) {
	a, err := ParseArticle("t", []byte("date 2025-06-17 Russian missiles struck the Ukrainian capital overnight, killing three people.\n\nUS and Russian officials met in the Saudi capital on Monday.\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := New().Extract(a)
	if len(e.Incidents) != 1 || e.Incidents[0].Place != "Kyiv" || e.Incidents[0].Killed == nil || *e.Incidents[0].Killed != 3 {
		t.Errorf("incidents: got %+v, want Kyiv, 3 killed", e.Incidents)
	}
	if len(e.Talks) != 1 || e.Talks[0].Place != "Riyadh" || e.Talks[0].Date == nil || *e.Talks[0].Date != "2025-06-16" {
		t.Errorf("talks: got %+v, want Riyadh on 2025-06-16", e.Talks)
	}
}

// TestTalksVenues pins how talks are found in an article written for this
// test (testdata/behaviour/talks-venues.txt): a venue names its city
// ("the Dolmabahce Palace" is Istanbul, "the Kremlin" Moscow); receiving a
// guest is a meeting, receiving a document is not; a statement made in a
// city ("speaking in Vilnius", "In Moscow, Peskov said", "told a news
// conference in Kyiv"), a phone call and an offer to meet are not talks;
// talks dated in a region ("in Florida on Sunday") date the meeting the next
// sentence places in a city; talks dated against an attack ("two days
// after") take the attack's date.
func TestTalksVenues(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/talks-venues.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("talks-venues", b)
	if err != nil {
		t.Fatal(err)
	}
	e := New().Extract(a)
	got := map[string]string{}
	for _, tc := range e.Talks {
		d := "null"
		if tc.Date != nil {
			d = *tc.Date
		}
		got[tc.Place] = d
	}
	want := map[string]string{"Istanbul": "2025-06-02", "Moscow": "2025-05-30", "Miami": "2025-06-01", "Brussels": "2025-06-02"}
	if len(e.Incidents) != 1 || e.Incidents[0].Date == nil || *e.Incidents[0].Date != "2025-06-04" {
		t.Errorf("incidents: got %+v, want Kharkiv on 2025-06-04", e.Incidents)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("talks place -> date (-want +got):\n%s", d)
	}
}

// TestTalksFirstDay pins that talks over several days are dated by their
// first day (SCHEMA.md), on sentences written for this test.
func TestTalksFirstDay(t *testing.T) {
	x := New()
	for _, tc := range []struct{ in, want string }{
		{"date 2025-03-26 US and Russian officials wrapped up two-day talks in Riyadh on Tuesday.", "2025-03-24"},
		{"date 2025-03-26 After a second day of negotiations in Riyadh on Monday, the US team met the Russians again.", "2025-03-23"},
		{"date 2025-03-27 Negotiators concluded three days of meetings in Riyadh on Tuesday.", "2025-03-23"},
		{"date 2025-08-16 Trump and Putin met for nearly three hours at a military base in Anchorage on Friday.", "2025-08-15"},
	} {
		a, err := ParseArticle("first-day", []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		e := x.Extract(a)
		if len(e.Talks) != 1 || e.Talks[0].Date == nil || *e.Talks[0].Date != tc.want {
			t.Errorf("%q: got %+v, want one talks entry dated %s", tc.in, e.Talks, tc.want)
		}
	}
}

// TestRelativeProposer pins, on sentences written for this test, that the
// actors of a relative clause naming who proposed a term ("the truce that
// Kyiv and European leaders have demanded") support it and are not the
// subject of the clause that refuses it; "stopped short of" refuses; a
// refusing judgement of the issue ("... is unacceptable") decides its
// stance; "Trump's call for" a term is Trump's support; a refusal right
// before an issue ("will not join NATO") is that issue's, not its
// neighbours'; an appositive judging the terms before it (", a condition
// Kyiv called unacceptable") is its actor's stance on them; the one met
// ("ready to meet Putin") and an actor inside the complement's predicate
// ("said the strike was Russia's answer") do not hold the stance.
func TestRelativeProposer(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Putin talked to Trump for two hours. He did not accept the 30-day ceasefire that Kyiv and its allies have demanded.",
			[]string{"RU ceasefire oppose", "UA ceasefire support"}},
		{"The Kremlin welcomed the call but stopped short of backing the pause in strikes on energy infrastructure that Washington had proposed.",
			[]string{"RU energy-truce oppose", "US energy-truce support"}},
		{"The Kremlin has repeatedly insisted that a freeze along the current front line is unacceptable.",
			[]string{"RU frontline-freeze oppose"}},
		{"Zelensky said Ukraine backed Trump's call for a freeze along the current front line.",
			[]string{"UA frontline-freeze support", "US frontline-freeze support"}},
		{"Zelensky said the strike was Russia's answer to diplomacy and called for a meeting of leaders, saying Ukraine was ready to meet Putin in any format.",
			[]string{"UA direct-talks support"}},
		{"Moscow demanded that Ukraine withdraw its troops from four regions, a condition Kyiv called absurd and unacceptable.",
			[]string{"RU territory-cession support", "UA territory-cession oppose"}},
		{"The Russian draft would oblige Ukraine to cap its army at 500,000 troops and to declare that it will not join NATO, in return for security guarantees.",
			[]string{"RU arms-halt support", "RU nato-exclusion support", "RU security-guarantees support"}},
	} {
		a, err := ParseArticle("t", []byte("date 2025-06-03 "+tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range x.Extract(a).Positions {
			got = append(got, p.Actor+" "+p.Issue+" "+p.Stance)
		}
		sort.Strings(got)
		sort.Strings(tc.want)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, d)
		}
	}
}

// TestTalksMore pins, on sentences written for this test, further talks
// phrasings: a later city with its own meeting (", where he held talks on
// Monday"), "the UAE capital", teams that "reconvened", a guest "received
// by" his host, and "a third day" of talks dated back to the first; a
// meeting not attended or a phone call is not talks.
func TestTalksMore(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"date 2025-11-26 After meeting Zelensky in Kyiv on Thursday, Driscoll flew to Abu Dhabi, where he held talks with Russian officials on Monday.",
			[]string{"Abu Dhabi 2025-11-24", "Kyiv 2025-11-20"}},
		{"date 2025-11-26 Driscoll held talks with the Russian side in the UAE capital on Monday.", []string{"Abu Dhabi 2025-11-24"}},
		{"date 2025-12-16 The Ukrainian and American teams reconvened in Berlin on Monday morning.", []string{"Berlin 2025-12-15"}},
		{"date 2025-08-07 Witkoff was received by Putin in Moscow on Wednesday.", []string{"Moscow 2025-08-06"}},
		{"date 2025-12-08 The Miami talks between Umerov and Witkoff ran into a third day on Saturday.", []string{"Miami 2025-12-04"}},
		{"date 2025-08-07 Putin and Trump spoke by telephone for two hours on Thursday, the Kremlin said in Moscow.", nil},
		{"date 2025-07-11 Putin, who had flown to Minsk on Monday, declined to attend the summit in Vilnius on Tuesday.", nil},
	} {
		a, err := ParseArticle("t", []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range x.Extract(a).Talks {
			d := "null"
			if tk.Date != nil {
				d = *tk.Date
			}
			got = append(got, tk.Place+" "+d)
		}
		sort.Strings(got)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, d)
		}
	}
}
