package extract

import (
	"cmp"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestGateScanSound checks that every pattern's gate, need sets and
// windows read from the shared scan are what reading the text gives, on
// the sentences of the development articles (lower-cased and as
// written), their clauses and random
// stretches of them; and so are the issue lexicon's triggers.
func TestGateScanSound(t *testing.T) {
	arts := devArticles(t)
	New()
	if theGateScanner() == nil {
		t.Fatal("no scanner")
	}
	var lexes []*lexRe
	for _, l0 := range allLex {
		for _, l := range l0.withAlts() {
			if l.ix != nil {
				lexes = append(lexes, l)
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	n := 0
	for _, a := range arts {
		sents := Sentences(a)
		lower, di := lowerSentences(sents)
		od := indexText(a.Text, sents)
		if od == nil {
			t.Fatalf("%s: the sentences are not slices of the text", a.Name)
		}
		for i := range sents {
			lower = append(lower, sents[i].Text)
		}
		for _, lc := range lower {
			texts := []string{lc}
			for _, cl := range clauses(lc) {
				texts = append(texts, lc[cl.start:cl.end])
			}
			for k := 0; k < 4 && len(lc) > 0; k++ {
				i := rng.Intn(len(lc))
				j := i + rng.Intn(len(lc)-i+1)
				texts = append(texts, lc[i:j])
			}
			for _, s := range texts {
				sp, ok := locateText(s)
				if !ok {
					if s != "" {
						t.Fatalf("%q not found in the scanned buffer", s)
					}
					continue
				}
				th1, th2 := newTriggerHits(), newTriggerHits()
				th1.scanAt(sp)
				th2.scan(strings.Clone(s)) // a copy: outside every buffer
				slices.Sort(th1.entries)
				slices.Sort(th2.entries)
				if !slices.Equal(th1.entries, th2.entries) || !slices.Equal(th1.needs, th2.needs) {
					t.Fatalf("triggers of %q: scan %v %v, text %v %v", s, th1.entries, th1.needs, th2.entries, th2.needs)
				}
				for _, ei := range th1.entries {
					// By start, as scan finds them (at one start the
					// order is the table's, which windowsAt ignores).
					for _, at := range [][][2]int{th1.at[ei], th2.at[ei]} {
						for i := 1; i < len(at); i++ {
							if at[i][0] < at[i-1][0] {
								t.Fatalf("triggers of entry %d in %q out of order: %v", ei, s, at)
							}
						}
					}
					cmpSpan := func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) }
					slices.SortFunc(th1.at[ei], cmpSpan)
					slices.SortFunc(th2.at[ei], cmpSpan)
					if !slices.Equal(th1.at[ei], th2.at[ei]) {
						t.Fatalf("triggers of entry %d in %q: scan %v, text %v", ei, s, th1.at[ei], th2.at[ei])
					}
				}
				for _, l := range lexes {
					w1, win1, o1 := l.admitAt(s, sp)
					w2, win2, o2 := l.admitText(s)
					if o1 != o2 || win1 != win2 || !slices.Equal(w1, w2) {
						t.Fatalf("%q on %q: scan %v %v %v, text %v %v %v", l.re, s, w1, win1, o1, w2, win2, o2)
					}
					n++
				}
			}
		}
		di.release()
		od.release()
	}
	if d := activeDocs.Load(); d != nil && len(*d) != 0 {
		t.Errorf("%d buffers left registered", len(*d))
	}
	t.Logf("%d checks", n)
}
