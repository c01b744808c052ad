package extract

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLexReGate checks that a gate never rejects text its pattern matches.
func TestLexReGate(t *testing.T) {
	patterns := []string{
		`\b(will not|won't|refus[a-z]*)\b`,
		`(at least |more than )?(\d+|one|two) (people )?(killed|dead)`,
		`black sea (cease-?fire|truce)|(truce|deal)[^.]{0,20}\bblack sea`,
		`(?i)cease-?fire`,
		`x*`,
		`a(b|c)d`,
	}
	texts := []string{"they will not go", "won't", "refused", "at least 3 people killed", "two dead", "a black sea truce",
		"a truce in the black sea", "Ceasefire", "CEASE-FIRE", "", "abd", "acd", "ad", "nothing here"}
	for _, p := range patterns {
		l, re := mustLex(p), regexp.MustCompile(p)
		for _, s := range texts {
			if got, want := l.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("%q on %q: got %v, want %v (gate %q)", p, s, got, want, l.gate)
			}
		}
	}
	if g := mustLex(`\b(will not|won't)\b`).gate; len(g) != 2 {
		t.Errorf("gate of an alternation: got %q, want both words", g)
	}
}

// TestLitSetSkip checks the scans of litSet (skipping or not) against
// strings.HasPrefix, for every gate of the patterns on every window of a
// text that holds their literals at every offset.
func TestLitSetSkip(t *testing.T) {
	n := 0
	for _, l := range allLex {
		if l.set == nil {
			continue
		}
		if l.set.skip != nil {
			n++
		}
		text := "x " + strings.Join(l.gate, " a") + "zz" + strings.Join(l.gate, "")
		for st := 0; st < len(text); st++ {
			for _, en := range []int{st + 1, st + 3, st + 7, st + 20, len(text)} {
				s := text[st:min(en, len(text))]
				var want [][2]int
				for i := range s {
					for _, g := range l.gate {
						if strings.HasPrefix(s[i:], g) {
							want = append(want, [2]int{i, i + len(g)})
						}
					}
				}
				sortSpans(want)
				got := l.set.all(s, nil)
				if l.set.in(s) != (len(want) > 0) || !slices.Equal(got, want) {
					t.Fatalf("gate %q on %q: in %v, all %v, want %v", l.gate, s, l.set.in(s), got, want)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d gates skip", n)
	}
}
