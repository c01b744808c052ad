package extract

import (
	"fmt"
	"strings"
	"testing"
)

// Paraphrase templates pin the stance lexicons and holder rules as whole
// classes rather than as the sentences of any article: every support and
// refusal frame below is tried with issue phrasings of every provision and
// with holders named by state, capital, office, person and title (a
// CheckList-style test). Each sentence is its own article.
var (
	paraHolders = []struct{ name, code string }{
		{"Russia", "RU"}, {"Moscow", "RU"}, {"The Kremlin", "RU"}, {"Russian President Vladimir Putin", "RU"},
		{"Kremlin spokesman Dmitry Peskov", "RU"}, {"Ukraine", "UA"}, {"Kyiv", "UA"}, {"Ukrainian President Volodymyr Zelenskyy", "UA"},
		{"Ukraine's foreign minister Andrii Sybiha", "UA"}, {"The United States", "US"}, {"Washington", "US"}, {"The White House", "US"},
		{"Secretary of State Marco Rubio", "US"}, {"European leaders", "EU"}, {"The European Union", "EU"},
		{"French President Emmanuel Macron", "FR"}, {"British Prime Minister Keir Starmer", "GB"}, {"German Chancellor Friedrich Merz", "DE"},
		{"Turkey", "TR"}, {"NATO Secretary General Mark Rutte", "NATO"},
	}
	paraSupport = []string{"{H} supports {I}.", "{H} backed {I}.", "{H} said it was ready to accept {I}.", "{H} called for {I}.",
		"{H} has proposed {I}.", "{H} welcomed {I}.", "{H} is pushing for {I}.", "{H} agreed to {I}.", "{H} endorsed {I}.",
		"{H} wants {I}.", "{H} insisted on {I}.", "{H} demanded {I}.", "{H} is open to {I}.", "{H} expressed support for {I}.",
		"{H} said on Tuesday that it favoured {I}.", "{H} is seeking {I}.", "{H} has repeatedly pressed for {I}.",
		"{H} came out in favour of {I}.", "{H} said it was willing to consider {I}.", "{H} has put forward {I}.", "{H} floated {I}."}
	paraOppose = []string{"{H} rejected {I}.", "{H} ruled out {I}.", "{H} will not accept {I}.", "{H} dismissed {I}.",
		"{H} refused to agree to {I}.", "{H} opposes {I}.", "{H} said {I} was unacceptable.", "{H} said {I} was out of the question.",
		"{H} has balked at {I}.", "{H} turned down {I}.", "{H} vowed never to accept {I}.", "{H} called {I} a non-starter.",
		"{H} warned against {I}.", "{H} spurned {I}.", "{H} poured cold water on {I}.", "{H} said it could not agree to {I}.",
		"{H} has objected to {I}.", "{H} voiced opposition to {I}.", "{H} has resisted {I}.", "{H} declined to back {I}."}
	paraIssues = []struct{ phrase, issue string }{
		{"a ceasefire", "ceasefire"}, {"a 30-day ceasefire", "ceasefire"}, {"an immediate truce", "ceasefire"},
		{"a full cessation of hostilities", "ceasefire"}, {"a halt to the fighting", "ceasefire"},
		{"a moratorium on strikes against energy infrastructure", "energy-truce"}, {"a pause in attacks on power plants", "energy-truce"},
		{"a Black Sea ceasefire", "maritime-truce"}, {"safe navigation in the Black Sea", "maritime-truce"},
		{"recognising Crimea as Russian", "crimea-recognition"}, {"recognition of Russia's annexation of Crimea", "crimea-recognition"},
		{"ceding the Donbas", "territory-cession"}, {"a withdrawal of Ukrainian troops from the Donetsk region", "territory-cession"},
		{"territorial concessions", "territory-cession"}, {"a freeze along the current front line", "frontline-freeze"},
		{"a ban on Ukraine joining NATO", "nato-exclusion"}, {"keeping Ukraine out of NATO", "nato-exclusion"},
		{"lifting sanctions on Russia", "sanctions-relief"}, {"sanctions relief", "sanctions-relief"},
		{"unfreezing Russian central bank assets", "asset-unfreeze"}, {"security guarantees for Ukraine", "security-guarantees"},
		{"Article 5-style protection for Ukraine", "security-guarantees"}, {"a European peacekeeping force", "foreign-troops"},
		{"deploying Western troops to Ukraine", "foreign-troops"}, {"a mechanism to monitor the ceasefire", "ceasefire-monitoring"},
		{"a cap on the size of Ukraine's army", "arms-halt"}, {"US control of the Zaporizhzhia nuclear power plant", "znpp-control"},
	}
)

// TestParaphrases extracts every frame with every issue phrasing (the
// holder rotating) and wants the holder's stance found in at least 97% of
// them, with other claims in at most 2%.
func TestParaphrases(t *testing.T) {
	x := New()
	n, found, extra := 0, 0, 0
	var misses []string
	k := 0
	for _, frames := range []struct {
		list []string
		pol  string
	}{{paraSupport, "+"}, {paraOppose, "-"}} {
		for _, f := range frames.list {
			for _, is := range paraIssues {
				h := paraHolders[k%len(paraHolders)]
				k++
				text := strings.NewReplacer("{H}", h.name, "{I}", is.phrase).Replace(f)
				a, err := ParseArticle("p", []byte("date 2025-06-03 "+text))
				if err != nil {
					t.Fatal(err)
				}
				want := h.code + " " + is.issue + " " + frames.pol
				ok := false
				for _, p := range x.Extract(a).Positions {
					pol := "+"
					if p.Stance == Oppose {
						pol = "-"
					}
					if got := p.Actor + " " + p.Issue + " " + pol; got == want {
						ok = true
					} else {
						extra++
					}
				}
				n++
				if ok {
					found++
				} else {
					misses = append(misses, fmt.Sprintf("%q: want %s", text, want))
				}
			}
		}
	}
	t.Logf("paraphrases: %d of %d found, %d other claims", found, n, extra)
	if float64(found) < 0.97*float64(n) {
		t.Errorf("found %d of %d paraphrased stances (< 97%%); first misses:\n%s", found, n, strings.Join(misses[:min(10, len(misses))], "\n"))
	}
	if float64(extra) > 0.02*float64(n) {
		t.Errorf("%d claims beside the wanted ones in %d sentences (> 2%%)", extra, n)
	}
}

// TestParaphraseStructures pins holder rules on sentence structures, each
// tried with several holder pairs and issue phrasings: who is asked or
// urged is no holder, coordinated and contrasted holders each hold their
// own, a passive's agent and a relative clause's proposer hold, a quote's
// "we" is its speaker, "he" the person named before, and an accuser holds
// nothing.
func TestParaphraseStructures(t *testing.T) {
	type slot struct {
		who string // "A" or "B"
		pol string // "+", "-", or "" (no claim on the issue)
	}
	templates := []struct {
		text string
		want []slot
	}{
		{"{A} said {B} should accept {I}.", []slot{{"A", "+"}, {"B", ""}}},
		{"{A} urged {B} to accept {I}.", []slot{{"A", "+"}, {"B", ""}}},
		{"{A} pressed {B} to agree to {I}.", []slot{{"A", "+"}, {"B", ""}}},
		{"{A} and {B} backed {I}.", []slot{{"A", "+"}, {"B", "+"}}},
		{"{A} backed {I}, but {B} rejected it.", []slot{{"A", "+"}, {"B", "-"}}},
		{"{A} supports {I}, while {B} opposes it.", []slot{{"A", "+"}, {"B", "-"}}},
		{"{I} was rejected by {A}.", []slot{{"A", "-"}}},
		{"{A} rejected {I}, which {B} had proposed.", []slot{{"A", "-"}, {"B", "+"}}},
		{"{A} dismissed {I} that {B} had put forward.", []slot{{"A", "-"}, {"B", "+"}}},
		{"\"We will never accept {I},\" {A} said.", []slot{{"A", "-"}}},
		{"{A} told {B} that it supported {I}.", []slot{{"A", "+"}, {"B", ""}}},
		{"{A}, speaking in Berlin on Monday, said it opposed {I}.", []slot{{"A", "-"}}},
		{"According to {A}, {B} has rejected {I}.", []slot{{"B", "-"}}},
		{"{A} accused {B} of blocking {I}.", []slot{{"A", ""}}},
		{"{A} met {B} in Paris on Friday and called for {I}.", []slot{{"A", "+"}, {"B", ""}}},
		{"In a statement, {A} said it was prepared to accept {I}.", []slot{{"A", "+"}}},
	}
	pairs := [][2]struct{ name, code string }{
		{{"Russian President Vladimir Putin", "RU"}, {"Ukraine", "UA"}},
		{{"Kyiv", "UA"}, {"the Kremlin", "RU"}},
		{{"Secretary of State Marco Rubio", "US"}, {"European leaders", "EU"}},
		{{"French President Emmanuel Macron", "FR"}, {"Washington", "US"}},
		{{"The European Union", "EU"}, {"Turkey", "TR"}},
	}
	issues := []struct{ phrase, issue string }{{"a 30-day ceasefire", "ceasefire"}, {"security guarantees", "security-guarantees"},
		{"territorial concessions", "territory-cession"}, {"a European peacekeeping force", "foreign-troops"},
		{"lifting sanctions", "sanctions-relief"}}
	x := New()
	n, ok := 0, 0
	var fails []string
	for _, tm := range templates {
		for i, pr := range pairs {
			is := issues[i%len(issues)]
			text := strings.NewReplacer("{A}", pr[0].name, "{B}", pr[1].name, "{I}", is.phrase).Replace(tm.text)
			text = strings.ToUpper(text[:1]) + text[1:]
			a, err := ParseArticle("p", []byte("date 2025-06-03 "+text))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range x.Extract(a).Positions {
				if p.Issue == is.issue {
					pol := "+"
					if p.Stance == Oppose {
						pol = "-"
					}
					got[p.Actor] += pol
				}
			}
			good := true
			for _, sl := range tm.want {
				code := pr[0].code
				if sl.who == "B" {
					code = pr[1].code
				}
				if got[code] != sl.pol {
					good = false
				}
			}
			n++
			if good {
				ok++
			} else {
				fails = append(fails, fmt.Sprintf("%q: got %v", text, got))
			}
		}
	}
	t.Logf("structures: %d of %d right", ok, n)
	if float64(ok) < 0.95*float64(n) {
		t.Errorf("%d of %d structures right (< 95%%):\n%s", ok, n, strings.Join(fails, "\n"))
	}
}
