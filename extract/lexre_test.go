package extract

import (
	"regexp"
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
