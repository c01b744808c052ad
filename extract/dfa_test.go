package extract

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestDFAMatches checks that the automaton answers as Go's regexp does, for
// every pattern of the package, on a fixed sample of the sentences of the labelled sets in
// both cases, on their clauses and on random cuts and mixes of them.
func TestDFAMatches(t *testing.T) {
	texts := dfaTexts(t, 8)
	checked, unknown := 0, 0
	for _, l := range allLexAndAlts() {
		for _, s := range texts {
			got, ok := l.dfa.match(s)
			if !ok {
				unknown++
				continue
			}
			checked++
			if want := l.re.MatchString(s); got != want {
				t.Errorf("%q on %q: got %v, want %v", l.re, s, got, want)
			}
		}
	}
	t.Logf("%d answers checked, %d unknown", checked, unknown)
	if unknown > checked/100 {
		t.Errorf("%d unknown answers of %d", unknown, checked+unknown)
	}
}

// TestLocate checks that the matches found with the automata (findAllExact,
// findExact) are Go's regexp's, offsets and submatches, for every pattern
// of the package on a sample of the texts TestDFAMatches reads.
func TestLocate(t *testing.T) {
	texts := dfaTexts(t, 48)
	located, found, unknown := 0, 0, 0
	for _, l := range allLexAndAlts() {
		if l.locator() == nil {
			continue
		}
		located++
		for _, s := range texts {
			// locate itself answers nearly always.
			if m, ok := l.locate(s, 0, len(s), true); !ok {
				unknown++
			} else if m != nil {
				found++
			}
			if got, want := l.findAllExact(s, -1, true), l.re.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q on %q: got %v, want %v", l.re, s, got, want)
			}
			if got, want := l.findAllExact(s, 2, false), l.re.FindAllStringIndex(s, 2); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q on %q, 2, no submatches: got %v, want %v", l.re, s, got, want)
			}
			if got, want := l.findExact(s, true), l.re.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
				t.Errorf("%q on %q, first: got %v, want %v", l.re, s, got, want)
			}
		}
	}
	// Patterns whose preferred match is not the longest, nor the shortest.
	for _, p := range []string{`a|ab`, `ab|a`, `(a|ab)(c|bcd)(d*)`, `a+?b?`, `(?:x|xy)z?`, `\bcease(fire)?\b|ceasefire`, `(a*)(a|b)b*?`} {
		l := compileLex(p, false, false)
		if l.locator() == nil {
			t.Errorf("%q: no locator", p)
		}
		for _, s := range []string{"abcd", "xyz", "abcabd", "aab aabbb", "ceasefire", "cease fire", "ceasefires", "ab\nx"} {
			if _, ok := l.locate(s, 0, len(s), false); !ok {
				t.Errorf("%q on %q: locate did not know", p, s)
			}
			if got, want := l.findAllExact(s, -1, true), l.re.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q on %q: got %v, want %v", p, s, got, want)
			}
			if got, want := l.findAllExact(s, -1, false), l.re.FindAllStringIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q on %q, no submatches: got %v, want %v", p, s, got, want)
			}
		}
	}
	t.Logf("%d patterns located with automata, on %d texts: %d matches, %d unknown", located, len(texts), found, unknown)
	if unknown > located*len(texts)/100 {
		t.Errorf("locate did not know %d times of %d", unknown, located*len(texts))
	}
}

// dfaTexts returns every stride-th of the sentences of the labelled sets in
// both cases, their clauses, and random cuts and mixes of them.
func dfaTexts(t *testing.T, stride int) []string {
	arts, unparsed := labelledArticles(t)
	texts := unparsed // the fuzz seeds and bad-input cases, as they are
	for _, la := range arts {
		for _, s := range Sentences(la.a) {
			lc := asciiLower(s.Text)
			texts = append(texts, s.Text, lc)
			for _, cl := range clauses(s.Text) {
				texts = append(texts, s.Text[cl.start:cl.end], lc[cl.start:cl.end])
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	n := len(texts)
	for i := 0; i < n; i++ {
		s := texts[rng.Intn(n)]
		a, b := rng.Intn(len(s)+1), rng.Intn(len(s)+1)
		texts = append(texts, s[min(a, b):max(a, b)]) // may cut a character in two
		texts = append(texts, s+"\n"+texts[rng.Intn(n)])
	}
	texts = append(texts, "", "\n", " ", "\xff", "’s", "a\u212a", "ſ")
	// Every eighth text (every 64th under -short) keeps TestDFAMatches
	// near 15 s on two slow cores; all of them took 85 s and found nothing
	// more.
	if testing.Short() {
		stride *= 8
	}
	var sample []string
	for i := 0; i < len(texts); i += stride {
		sample = append(sample, texts[i])
	}
	return sample
}

// TestDFAFull checks the way out when a text needs more states than the
// cache holds: the automaton says it does not know, and lexRe.matches
// asks the regexp. "a" twelve characters from the end of a text of a's
// and b's needs 2^12 states.
func TestDFAFull(t *testing.T) {
	const pat = `a[ab]{12}$`
	l := compileLex(pat, false, false)
	rng := rand.New(rand.NewSource(2))
	b := make([]byte, 20000)
	for i := range b {
		b[i] = "ab"[rng.Intn(2)]
	}
	for _, end := range []byte("ab") {
		b[len(b)-13] = end
		s := string(b)
		if _, ok := l.dfa.match(s); ok {
			t.Fatalf("%s on %d random a's and b's: the automaton answered; want it to give up", pat, len(s))
		}
		if got, want := l.matches(s), end == 'a'; got != want {
			t.Errorf("matches with the character 13 from the end %q: got %v, want %v", end, got, want)
		}
	}
	// Finding matches gives up too, and asks the regexp.
	loc := compileLex(`a[ab]{12}c`, false, false)
	b[len(b)-14], b[len(b)-1] = 'a', 'c'
	s := string(b)
	if _, ok := loc.dfa.matchEnd(s, 0); ok {
		t.Errorf("a[ab]{12}c on %d random a's and b's: the automaton answered; want it to give up", len(s))
	}
	if got, want := loc.findAllExact(s, -1, true), loc.re.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) || len(want) == 0 {
		t.Errorf("a[ab]{12}c on %d random a's and b's: got %v, want %v", len(s), got, want)
	}
	// and it recovers: a short text is answered again
	if m, ok := l.dfa.match("xa" + strings.Repeat("b", 12)); !ok || !m {
		t.Errorf("after a reset: got %v, %v; want true, true", m, ok)
	}
}
