package extract

import (
	"strings"
	"testing"
)

// claimKeys extracts an article made of one date line and text, and
// returns its positions as "ACTOR issue +|-".
func claimKeys(t *testing.T, x *Extractor, text string) map[string]bool {
	t.Helper()
	a, err := ParseArticle("t", []byte("date 2025-11-12 "+text))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range x.Extract(a).Positions {
		pol := "+"
		if p.Stance == Oppose {
			pol = "-"
		}
		got[p.Actor+" "+p.Issue+" "+pol] = true
	}
	return got
}

func keysOf(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return strings.Join(out, ", ")
}

// TestRecallClasses pins the classes added after reading the errors of
// news2025f and the rest of news2025e's, each with sentences written
// afresh: land left by withdrawal however much of it, troops by number and
// bases, security pacts, monitoring mechanisms, rounds and delegations of
// talks, a pause in strikes on cities, assets kept frozen until a
// condition, Russia keeping the nuclear plant, targets as a refusal,
// mirrored restraint, demands as conditions on the other side, nouns and
// pronouns referring back to an issue, and holders named in apposition or
// as a people. want and not list claims that must and must not be found.
func TestRecallClasses(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		name, in  string
		want, not []string
	}{
		{"leave a share of a region", `Lavrov said Ukrainian units must leave the remaining third of the Luhansk region before any talks.`,
			[]string{"RU territory-cession +"}, nil},
		{"vacate, refused", `Sybiha said Kyiv would never vacate the parts of Zaporizhzhia it controls.`,
			[]string{"UA territory-cession -"}, nil},
		{"pull back, refused", `The Ukrainian army will not pull back, Syrskyi told commanders on Monday.`,
			[]string{"UA territory-cession -"}, nil},
		{"pull back from talks is no land", `Moscow pulled back from the talks after the strike.`,
			nil, []string{"RU territory-cession +", "RU territory-cession -"}},
		{"compromise on territory refused", `Zelensky repeated that there would be no compromise on Ukraine's territorial integrity.`,
			[]string{"UA territory-cession -"}, []string{"UA territory-cession +"}},
		{"troops by number", `Britain is prepared to deploy up to 5,000 troops after a truce, Healey said.`,
			[]string{"GB foreign-troops +"}, nil},
		{"troops by hundreds", `Germany could send several hundred soldiers once a truce holds, Pistorius said.`,
			[]string{"DE foreign-troops +"}, nil},
		{"bases of the backers", `The Kremlin said it would never accept NATO bases in Ukraine.`,
			[]string{"RU foreign-troops -"}, nil},
		{"security pact", `Zelensky wants a security pact with Washington signed before any truce.`,
			[]string{"UA security-guarantees +"}, nil},
		{"monitoring mechanism", `Turkey offered to run a monitoring mechanism along the line of contact, Fidan said.`,
			[]string{"TR ceasefire-monitoring +"}, nil},
		{"new round", `Umerov said a new round would be held in Istanbul next week.`,
			[]string{"UA direct-talks +"}, nil},
		{"a delegation sent", `The Kremlin said it would send a delegation headed by Medinsky to the next round of negotiations.`,
			[]string{"RU direct-talks +"}, nil},
		{"round of sanctions is no talks", `Brussels prepared a new round of sanctions on Russian banks.`,
			nil, []string{"EU direct-talks +"}},
		{"mediator's round is no stance", `Witkoff said the next round of talks would be held in Geneva.`,
			nil, []string{"US direct-talks +"}},
		{"invited to the capital", `Putin again invited the Ukrainian president to Moscow.`,
			[]string{"RU direct-talks +"}, nil},
		{"pause in strikes on cities", `Putin agreed to hold off on strikes for three days, the Kremlin said.`,
			[]string{"RU energy-truce +"}, nil},
		{"assets frozen until", `The G7 said Russian reserves would remain frozen until Moscow pays for the damage.`,
			nil, []string{"G7 asset-unfreeze -"}},
		{"Russia keeps the plant", `Peskov said the Zaporizhzhia nuclear power plant would stay under Russian control.`,
			[]string{"RU znpp-control -"}, []string{"RU znpp-control +"}},
		{"Russian control of the plant refused", `Kyiv rejected any Russian control over the Zaporizhzhia nuclear plant.`,
			[]string{"UA znpp-control +"}, []string{"UA znpp-control -"}},
		{"legitimate targets", `Medvedev said any European peacekeepers sent to Ukraine would become legitimate targets.`,
			[]string{"RU foreign-troops -"}, []string{"RU foreign-troops +"}},
		{"mirrored restraint", `Sybiha said that if Moscow stopped its attacks on power plants, Ukraine would not hit Russian refineries or energy facilities either.`,
			[]string{"UA energy-truce +"}, []string{"UA energy-truce -"}},
		{"refused halt of strikes", `Moscow said it would not stop strikes on Ukraine's energy facilities.`,
			[]string{"RU energy-truce -"}, []string{"RU energy-truce +"}},
		{"source after according to, titled", `According to Russian President Vladimir Putin, Ukraine must give up its bid to join NATO.`,
			[]string{"RU nato-exclusion +"}, nil},
		{"demand as a condition on the other", `Putin warned that if Kyiv does not withdraw from Kherson, Russian forces will take the region.`,
			[]string{"RU territory-cession +"}, []string{"RU territory-cession -"}},
		{"the force, told where", `Allies pledged troops for a reassurance force on Thursday. Macron said the force would not be deployed on the front line.`,
			[]string{"FR foreign-troops +"}, []string{"FR foreign-troops -"}},
		{"that mechanism", `European leaders agreed on a mechanism to monitor any ceasefire. Rubio said the United States would support that mechanism.`,
			[]string{"US ceasefire-monitoring +"}, nil},
		{"ruled it out", `Moscow wants Ukraine to withdraw from Donetsk. Zelensky has ruled it out.`,
			[]string{"UA territory-cession -"}, nil},
		{"any such arrangement", `The US plan would turn the front into a demilitarised zone. Kyiv said any such arrangement would have to be put to a referendum.`,
			[]string{"UA territory-cession +"}, nil},
		{"running it", `The Zaporizhzhia nuclear power plant is the other sticking point. Washington has proposed operating it jointly with Kyiv.`,
			[]string{"US znpp-control +"}, nil},
		{"a commitment, same sentence", `The US offered security guarantees for ten years, while Ukraine wants a commitment of several decades.`,
			[]string{"UA security-guarantees +"}, nil},
		{"a people as subject", `The plant could be shared, which the Americans would like to see run by an international consortium.`,
			nil, nil},
		{"title after a skipped name", `Leaders met in Paris to discuss the reassurance force, with U.S. envoy Steve Witkoff in the room for the first time.`,
			nil, []string{"US foreign-troops +"}},
		{"pronoun after a time", `Orban met Putin in Moscow. On Monday he repeated his offer to host negotiations.`,
			[]string{"HU direct-talks +"}, nil},
		{"declined to say", `Peskov declined to say whether the truce would cover energy sites.`,
			nil, []string{"RU ceasefire -", "RU energy-truce -"}},
		{"following a truce is a date", `"Following a truce, we will open training centres," the minister said. Pistorius spoke in Berlin.`,
			nil, []string{"DE ceasefire +"}},
		{"no. ends a sentence", `Kyiv has not said no. Zelensky says Ukraine could accept a freeze of the front line if guarantees come first.`,
			[]string{"UA frontline-freeze +"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := claimKeys(t, x, tc.in)
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("%q: no %s in [%s]", tc.in, w, keysOf(got))
				}
			}
			for _, n := range tc.not {
				if got[n] {
					t.Errorf("%q: unwanted %s in [%s]", tc.in, n, keysOf(got))
				}
			}
		})
	}
}
