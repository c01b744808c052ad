package extract

import (
	"strings"
	"testing"
)

// TestStanceStructures pins the sentence structures added after reading
// news2025e's errors, each as a class written afresh (not that set's
// sentences): speakers named between statements, terms spelled out after
// a colon, mandative clauses, bare titles, predictions of another's
// stance, issues lacking another, refusals beside conditional
// acceptances, and the lexicon classes of talks and troops. want and not
// list "ACTOR issue +|-" claims that must and must not be extracted.
func TestStanceStructures(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		name, in  string
		want, not []string
	}{
		{"paren speaker, and", `Ursula von der Leyen spoke in Strasbourg. Sanctions alone would not end the war, she said, and a truce without a monitoring mission would collapse within weeks.`,
			[]string{"EU ceasefire +", "EU ceasefire-monitoring +"}, []string{"EU ceasefire -"}},
		{"quote then speaker, adding", `Rutte met reporters on Tuesday. "Ukraine deserves solid guarantees," he said, adding that the alliance would keep arming Kyiv.`,
			[]string{"NATO security-guarantees +"}, nil},
		{"speaker after a time word", `Sybiha gave an interview. "We reject any freeze of the front line," he said after Lavrov's briefing, calling it a trap.`,
			[]string{"UA frontline-freeze -"}, []string{"RU frontline-freeze -"}},
		{"colon spells out conditions", `Lavrov restated the terms Moscow has set: that Kyiv pull its forces out of the annexed regions and abandon its bid to join NATO.`,
			[]string{"RU territory-cession +", "RU nato-exclusion +"}, []string{"UA territory-cession +", "UA nato-exclusion +"}},
		{"colon after demands, deontic", `Russia's key demands have not changed: Ukraine must recognise Crimea as Russian and accept neutral status.`,
			[]string{"RU crimea-recognition +", "RU nato-exclusion +"}, []string{"UA crimea-recognition +"}},
		{"mandative clause", `Trump spoke on Friday. He has insisted that Russia agree to a 30-day ceasefire.`,
			[]string{"US ceasefire +"}, []string{"RU ceasefire +"}},
		{"bare title", `Friedrich Merz met Donald Trump in Washington. The chancellor said Germany was prepared to back security guarantees for Ukraine.`,
			[]string{"DE security-guarantees +"}, []string{"US security-guarantees +"}},
		{"mediator predicts another", `Erdogan said Putin would accept a Black Sea ceasefire.`,
			[]string{"TR maritime-truce +"}, []string{"RU maritime-truce +"}},
		{"lacking guarantees", `Zelensky rejected any truce that is not backed by firm guarantees.`,
			[]string{"UA ceasefire +", "UA security-guarantees +"}, []string{"UA ceasefire -", "UA security-guarantees -"}},
		{"refusal beside condition", `The Kremlin has rejected the unconditional ceasefire Europe wants, saying a truce would first require a halt to Western arms deliveries.`,
			[]string{"RU ceasefire -", "RU ceasefire +", "RU arms-halt +"}, nil},
		{"relative subject not the participle's", `Moscow dismissed the truce that Kyiv and its European partners demand, arguing that it would only let Ukraine rearm.`,
			[]string{"RU ceasefire -", "UA ceasefire +"}, []string{"UA ceasefire -"}},
		{"although splits", `Washington stopped short of endorsing the plan, although Polish officials said Warsaw wanted NATO membership for Ukraine.`,
			[]string{"PL nato-exclusion -"}, []string{"PL nato-exclusion +"}},
		{"pronoun object in the same sentence", `The draft offers no peacekeeping force, a diplomat said, although Macron has said he backs it.`,
			[]string{"FR foreign-troops +"}, nil},
		{"talks with the other side", `Zelensky said talks with Moscow were possible once the shelling stopped.`,
			[]string{"UA direct-talks +"}, nil},
		{"mediator calls for negotiations", `The Pope called for peace negotiations to start without delay.`,
			[]string{"VA direct-talks +"}, nil},
		{"mediator predicts negotiations", `Trump said Russia and Ukraine would begin negotiations soon.`,
			nil, []string{"US direct-talks +"}},
		{"offer to host", `Qatar said it was willing to host the negotiations.`,
			[]string{"QA direct-talks +"}, nil},
		{"invitation to the other leader", `Zelensky repeated his invitation to Putin to come to Kyiv for talks.`,
			[]string{"UA direct-talks +"}, nil},
		{"troops contributed", `Denmark said it was ready to contribute soldiers to the mission.`,
			[]string{"DK foreign-troops +"}, nil},
		{"troops of a nationality refused", `Spain has ruled out sending Spanish troops.`,
			[]string{"ES foreign-troops -"}, nil},
		{"troops from NATO countries", `Peskov said troops from NATO countries would never be tolerated in Ukraine.`,
			[]string{"RU foreign-troops -"}, []string{"NATO foreign-troops +"}},
		{"own troops sent are no force", `Russia has sent more troops to the Kursk region.`,
			nil, []string{"RU foreign-troops +"}},
		{"modal hedge after the stance", `Britain is ready to provide guarantees for Ukraine, which might include air patrols.`,
			[]string{"GB security-guarantees +"}, nil},
		{"root causes", `Ushakov said any settlement must remove the root causes of the war, above all NATO's eastward expansion.`,
			[]string{"RU nato-exclusion +"}, nil},
		{"must come with", `Starmer said a ceasefire must come with robust security guarantees.`,
			[]string{"GB ceasefire +", "GB security-guarantees +"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseArticle("t", []byte("date 2025-06-03 "+tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			var all []string
			for _, p := range x.Extract(a).Positions {
				pol := "+"
				if p.Stance == Oppose {
					pol = "-"
				}
				k := p.Actor + " " + p.Issue + " " + pol
				got[k] = true
				all = append(all, k)
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("%q: no %s in [%s]", tc.in, w, strings.Join(all, ", "))
				}
			}
			for _, n := range tc.not {
				if got[n] {
					t.Errorf("%q: unwanted %s in [%s]", tc.in, n, strings.Join(all, ", "))
				}
			}
		})
	}
}

// TestIncidentStructures: strikes on several places in one sentence, each
// with its own toll; debris and damage as attacks; a region the gazetteer
// does not hold names no place.
func TestIncidentStructures(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		name, in string
		want     map[string]int // place -> killed (-1: no figure)
	}{
		{"two places, while", `Russian drones killed two people in the Odesa region overnight, while in the city of Kharkiv falling debris damaged a school.`,
			map[string]int{"Kharkiv": -1}},
		{"two places, and in", `Missiles struck a depot in Dnipro, killing one worker, and in Poltava a warehouse was destroyed.`,
			map[string]int{"Dnipro": 1, "Poltava": -1}},
		{"central city", `Russia hit a hospital in central Sumy on Monday, killing four people.`,
			map[string]int{"Sumy": 4}},
		{"region not held", `Drones attacked the Belgorod Region overnight, injuring three people.`,
			map[string]int{}},
		{"victim with an age", `In Kherson, a woman in her sixties was killed when a shell hit her house.`,
			map[string]int{"Kherson": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseArticle("t", []byte("date 2025-06-03 "+tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, in := range x.Extract(a).Incidents {
				k := -1
				if in.Killed != nil {
					k = *in.Killed
				}
				got[in.Place] = k
			}
			if len(got) != len(tc.want) {
				t.Errorf("%q: got %v, want %v", tc.in, got, tc.want)
			}
			for p, k := range tc.want {
				if g, ok := got[p]; !ok || g != k {
					t.Errorf("%q: %s killed %v (found %v), want %d; all %v", tc.in, p, g, ok, k, got)
				}
			}
		})
	}
}
