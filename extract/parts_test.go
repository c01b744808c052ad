package extract

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustArticle(t *testing.T, text string) *Article {
	t.Helper()
	a, err := ParseArticle("t", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"date 2025-04-19 The U.S. envoy met Mr. Putin in St. Petersburg. He left.", []string{"The U.S. envoy met Mr. Putin in St. Petersburg.", "He left."}},
		{"date 2025-04-19 “We will never,” he said. “Not now.” Trump agreed!\nNext line? Yes.", []string{"“We will never,” he said.", "“Not now.”", "Trump agreed!", "Next line?", "Yes."}},
		{"date 2025-04-19 At 6 p.m. Moscow time the truce began.\n\n\nIt ended at 10 a.m. on Monday.", []string{"At 6 p.m. Moscow time the truce began.", "It ended at 10 a.m. on Monday."}},
		{"date 2025-04-19 Version 2.5 was released on Jan. 3 by J. Smith.", []string{"Version 2.5 was released on Jan. 3 by J. Smith."}},
	} {
		a := mustArticle(t, tc.in)
		var got []string
		for _, s := range Sentences(a) {
			got = append(got, s.Text)
			if a.Text[s.Start:s.End] != s.Text {
				t.Errorf("span [%d,%d) is not %q", s.Start, s.End, s.Text)
			}
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q: (-want +got)\n%s", tc.in, d)
		}
	}
}

func TestResolveDate(t *testing.T) {
	sat := time.Date(2025, 4, 19, 0, 0, 0, 0, time.UTC) // a Saturday
	for _, tc := range []struct {
		in    string
		tense Tense
		want  string // "" for no date
	}{
		{"Rubio said on Friday", Past, "2025-04-18"},
		{"talks in Paris on Thursday", Past, "2025-04-17"},
		{"they will meet on Monday", Future, "2025-04-21"},
		{"A week ago, Russian forces fired", Past, "2025-04-12"},
		{"two days ago", Past, "2025-04-17"},
		{"will gather again in London next week", Future, "2025-04-23"},
		{"Witkoff is expected to travel to Moscow later this week", Future, "2025-04-20"},
		{"Zelensky will host European leaders in Kyiv on Sept. 3", Future, "2025-09-03"},
		{"met last week", Past, "2025-04-09"},
		{"on April 11", Past, "2025-04-11"},
		{"on 24 April", Past, "2025-04-24"},
		{"On the night of 23-24 April, Russian forces launched", Past, "2025-04-24"},
		{"on Friday, April 11", Past, "2025-04-11"}, // a weekday with its explicit date is that date
		{"May 8-10", Future, "2025-05-08"},
		{"yesterday", Past, "2025-04-18"},
		{"on December 30", Past, "2024-12-30"},
		{"earlier this month", Past, "2025-04-09"},
		{"no date at all; May it be so", Past, ""},
	} {
		got := ""
		if dc, ok := ResolveDate(tc.in, sat, tc.tense); ok {
			got = dc.Day.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	if TenseOf("The allies will gather again") != Future || TenseOf("They met a week ago") != Past {
		t.Error("TenseOf: wrong tense")
	}
}

func TestActors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Zelensky, Zelenskyy and Zelenskiy met", []string{"UA", "UA", "UA"}},
		{"Kyiv and Kiev; the Kremlin and the White House", []string{"UA", "UA", "RU", "US"}},
		{"The U.S. and the US-brokered deal; USSR is not US", []string{"US", "US", "US"}},
		{"Russian President Vladimir Putin told Macron and Starmer", []string{"RU", "RU", "FR", "GB"}},
		{"European leaders and NATO's Rutte; Merz in Berlin", []string{"EU", "NATO", "NATO", "DE", "DE"}},
		{"Ukrainian lands; Russia's demands", []string{"UA", "RU"}},
	} {
		var got []string
		for _, m := range Actors(tc.in) {
			got = append(got, m.Code)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q: (-want +got)\n%s", tc.in, d)
		}
	}
}

func TestGazetteer(t *testing.T) {
	g := DefaultGazetteer()
	for _, tc := range []struct {
		name, want, admin1 string
	}{
		{"Kiev", "Kyiv", "Kyiv City"},
		{"Kryvyi Rih", "Kryvyy Rih", "Dnipropetrovsk Oblast"},
		{"Krivoy Rog", "Kryvyy Rih", "Dnipropetrovsk Oblast"},
		{"Artemivsk", "Bakhmut", "Donetsk Oblast"},
		{"Sumy", "Sumy", "Sumy Oblast"},
		{"Sumy region", "Sumy Oblast", "Sumy Oblast"},
		{"Zaporizhzhia", "Zaporizhzhya", "Zaporizhia Oblast"},
		{"Odessa", "Odesa", "Odesa Oblast"},
		{"St. Petersburg", "Saint Petersburg", ""},
		{"Anchorage", "Anchorage", ""},
	} {
		p, ok := g.Lookup(tc.name)
		if !ok {
			t.Errorf("%q: not found", tc.name)
			continue
		}
		if p.Name != tc.want || p.Admin1 != tc.admin1 {
			t.Errorf("%q: got %q (%q), want %q (%q)", tc.name, p.Name, p.Admin1, tc.want, tc.admin1)
		}
	}
	if p, km := g.Nearest(50.92, 34.80); p.Name != "Sumy" || km > 2 {
		t.Errorf("Nearest: got %s at %.1f km, want Sumy", p.Name, km)
	}
	var got []string
	for _, m := range g.Find("Vladimir Putin ordered strikes on Kharkiv and the Sumy region, and on Kryvyi Rih.") {
		got = append(got, m.Place.Name)
	}
	if d := cmp.Diff([]string{"Kharkiv", "Sumy Oblast", "Kryvyy Rih"}, got); d != "" {
		t.Errorf("Find: (-want +got)\n%s", d)
	}
}

func TestCasualties(t *testing.T) {
	for _, tc := range []struct {
		in             string
		killed, hurt   int
		hasK, hasInjur bool
	}{
		{"A Russian ballistic missile struck Kryvyi Rih, killing at least 16 people, including six children, and injuring more than 50 others.", 16, 50, true, true},
		{"The local emergency service said 34 people died, including two children, and 117 were wounded, including 15 children.", 34, 117, true, true},
		{"That revised upward a previous toll of 32 dead and 99 wounded.", 0, 0, false, false},
		{"Kyiv said the attack also wounded nearly 100 people.", 0, 100, false, true},
		{"As of 11:00, eight people are reported to have been killed in a Russian strike.", 8, 0, true, false},
		{"There are 21 confirmed dead and at least 20 injured.", 21, 20, true, true},
		{"Death toll from the shelling of Yasinovataya rises to two.", 2, 0, true, false},
		{"Civilian man killed in shelling of Donetsk suburb.", 1, 0, true, false},
		{"Russia fired 23 missiles overnight.", 0, 0, false, false},
		{"Twenty-five people were killed and forty-three wounded when a missile hit the square.", 25, 43, true, true},
		{"The strike killed thirty-two civilians.", 32, 0, true, false},
		{"Two protesters were shot dead near the square.", 2, 0, true, false},
		{"The number of dead rose to 14 on Tuesday.", 14, 0, true, false},
		{"A drone hit a minibus, killing a 12-year-old boy.", 1, 0, true, false},
		{"Two Ukrainian soldiers and one civilian were killed in the shelling.", 3, 0, true, false},
		{"Rescuers said 9 people had died and 31 were hospitalized.", 9, 31, true, true},
		{"Two civilians and a police officer were killed in shelling of Kherson on Sunday.", 3, 0, true, false},
		{"Three soldiers, two medics and a driver were wounded.", 0, 6, false, true},
		{"Rescuers recovered the bodies of 5 people from the rubble.", 5, 0, true, false},
		{"The strike killed a family of four.", 4, 0, true, false},
		{"Forty-one people were killed in the double missile strike.", 41, 0, true, false},
		{"Two more people died in hospital, bringing the total to nine.", 9, 0, true, false},
		{"A further two people died in hospital, bringing the toll to eight.", 8, 0, true, false},
		{"By Monday morning the number of victims had grown to 12.", 12, 0, true, false},
		{"The attack on the port claimed 14 lives and injured 60.", 14, 60, true, true},
		{"A missile hit the village, killing a woman and her two children.", 3, 0, true, false},
		{"Drones struck a car, killing a man and a 12-year-old girl.", 2, 0, true, false},
		{"The dead numbered 15, including an American citizen.", 15, 0, true, false},
		{"A bomb hit the market, killing 35 people including two children.", 35, 0, true, false},
		{"Officials said 7 people were killed and 4 remain missing.", 7, 0, true, false},
	} {
		k, h, hk, hh := casualties(tc.in)
		if k != tc.killed || h != tc.hurt || hk != tc.hasK || hh != tc.hasInjur {
			t.Errorf("%q: got killed %d/%v injured %d/%v, want %d/%v %d/%v", tc.in, k, hk, h, hh, tc.killed, tc.hasK, tc.hurt, tc.hasInjur)
		}
	}
}

func TestFindIssues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // issue with sign
	}{
		{"the us is prepared to recognize russian control of crimea", []string{"+crimea-recognition"}},
		{"a ban on ukraine joining nato", []string{"+nato-exclusion"}},
		{"kyiv's aspirations of joining nato", []string{"-nato-exclusion"}},
		{"a partial truce covering the black sea", []string{"+maritime-truce"}},
		{"a 30-day pause on strikes on energy infrastructure", []string{"+energy-truce"}},
		{"an immediate, interim 30-day ceasefire", []string{"+ceasefire"}},
		{"ease sanctions on moscow", []string{"+sanctions-relief"}},
		{"a postwar reassurance force in ukraine", []string{"+foreign-troops"}},
		{"how any ceasefire would be monitored", []string{"+ceasefire", "+ceasefire-monitoring"}},
		{"the complete cessation of foreign military aid", []string{"+arms-halt"}},
		{"ukraine must withdraw its troops from four regions", []string{"+territory-cession"}},
		{"a withdrawal of ukrainian troops from the donbas region", []string{"+territory-cession"}},
		{"britain was prepared to put troops on the ground", []string{"+foreign-troops"}},
		{"the eu will keep sanctions on russia in place", []string{"-sanctions-relief"}},
		{"ukraine would never give up crimea", []string{"+crimea-recognition"}},
		{"open to a meeting between putin and zelenskyy", []string{"+direct-talks"}},
		{"russian forces shelled ukrainian positions near the ceasefire line", nil},
	} {
		var got []string
		for _, h := range findIssues(tc.in) {
			sign := "+"
			if h.pol < 0 {
				sign = "-"
			}
			got = append(got, sign+h.issue)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q: (-want +got)\n%s", tc.in, d)
		}
	}
}
