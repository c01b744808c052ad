package extract

import (
	"cmp"
	"encoding/json"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
			if l.ix.Load() != nil {
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
					w1, win1, o1 := l.admitAt(s, sp, l.ix.Load())
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

// TestLitScan checks the automaton against strings.Index on literals that
// overlap, nest and share prefixes and suffixes.
func TestLitScan(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "black sea", "sea", "a", "ea", "seas", "cease", "ceasefire", "fire", "’s", "s"}
	var bs [][]byte
	for _, l := range lits {
		bs = append(bs, []byte(l))
	}
	ls := newLitScan(bs)
	rng := rand.New(rand.NewSource(2))
	alphabet := []string{"h", "e", "s", "r", "i", "a", " ", "black sea", "cease", "fire", "’", "x", "é"}
	for k := 0; k < 2000; k++ {
		var b strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := b.String()
		var want []litHit
		for id, l := range lits {
			for i := 0; ; {
				j := strings.Index(text[i:], l)
				if j < 0 {
					break
				}
				want = append(want, litHit{i + j, i + j + len(l), id})
				i += j + 1
			}
		}
		got := ls.scan(text, nil)
		order := func(a, b litHit) int { return cmp.Or(a.Start-b.Start, a.End-b.End, a.PatternID-b.PatternID) }
		for i := 1; i < len(got); i++ {
			if got[i].End < got[i-1].End {
				t.Fatalf("%q: hits not by end: %v", text, got)
			}
		}
		slices.SortFunc(got, order)
		slices.SortFunc(want, order)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", text, got, want)
		}
	}
}

// TestExtractConcurrent runs Extract on many goroutines at once, half of
// them on the very same articles (one text registered several times at
// once), and wants what one at a time gives, and no buffer left
// registered. Run it with -race to check the registry.
func TestExtractConcurrent(t *testing.T) {
	arts := devArticles(t)
	x := New()
	asJSON := func(a *Article) string {
		b, err := json.Marshal(x.Extract(a))
		if err != nil {
			t.Error(err)
		}
		return string(b)
	}
	want := make([]string, len(arts))
	for i, a := range arts {
		want[i] = asJSON(a)
	}
	var wg sync.WaitGroup
	var bad atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for k := range len(arts) {
				i := (k + g) % len(arts)
				a := arts[i]
				if g%2 == 1 {
					var err error
					if a, err = ParseArticle(a.Name, []byte(a.Text)); err != nil {
						t.Error(err)
						return
					}
				}
				if asJSON(a) != want[i] {
					bad.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := bad.Load(); n > 0 {
		t.Errorf("%d concurrent extractions differ from one at a time", n)
	}
	if d := activeDocs.Load(); d != nil && len(*d) != 0 {
		t.Errorf("%d buffers left registered", len(*d))
	}
}

// TestIndexTextForeign: a sentence that is not a slice of the text (longer
// than it, wherever it lies in memory) makes indexText refuse the text,
// and a string of a larger buffer is found in it whatever smaller buffer
// was registered before it (the range checks must not wrap around).
func TestIndexTextForeign(t *testing.T) {
	if theGateScanner() == nil {
		New()
	}
	text := strings.Clone("short text.")
	other := strings.Clone(strings.Repeat("the ceasefire was agreed and sanctions eased. ", 3))
	if di := indexText(text, []Sentence{{Text: text}, {Text: other}}); di != nil {
		di.release()
		t.Fatal("a sentence longer than its text was registered")
	}
	small := indexText(text, []Sentence{{Text: text}})
	big := indexText(other, []Sentence{{Text: other}})
	defer small.release()
	defer big.release()
	if sp, ok := locateText(other); !ok || sp.di != big {
		t.Errorf("a string of a registered buffer not found in it (ok %v)", ok)
	}
}
