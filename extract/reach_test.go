package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIssueWindowsSound checks on real text (the dev corpus, when present,
// and the golden articles) that looking for issue phrases only in windows
// around their triggers finds exactly what running each pattern over the
// whole clause finds.
func TestIssueWindowsSound(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(devDir, "*.txt"))
	golden, _ := filepath.Glob("testdata/golden/*.txt")
	files = append(files, golden...)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(f, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Sentences(a) {
			lc := asciiLower(s.Text)
			for _, cl := range clauses(s.Text) {
				clc := lc[cl.start:cl.end]
				for _, e := range issueLexicon {
					want := e.re.re.FindAllStringIndex(clc, -1)
					var got [][]int
					if hits := triggerScan(clc)[issueIndex(e)]; len(hits) > 0 {
						got = indexInWindows(e.re, clc, windowsAt(clc, hits, e.before, e.after))
					}
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					n++
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%s %q in %q: (-whole +windows)\n%s", e.issue, e.re.re, clc, d)
					}
				}
			}
		}
	}
	t.Logf("%d pattern matches compared", n)
}

func issueIndex(e cue) int {
	for i := range issueLexicon {
		if issueLexicon[i].re == e.re {
			return i
		}
	}
	return -1
}

// TestLexWindowsSound checks, on real text in both cases, that every gated
// pattern run on windows around its gate finds exactly the matches (with
// submatches) that running it over the whole sentence finds.
func TestLexWindowsSound(t *testing.T) {
	checked := 0
	arts, _ := labelledArticles(t)
	for _, la := range arts {
		f := la.file
		for _, s := range Sentences(la.a) {
			for _, text := range []string{s.Text, asciiLower(s.Text)} {
				for _, l := range allLexAndAlts() {
					if _, ok := l.windows(text); !ok {
						continue
					}
					checked++
					want := l.re.FindAllStringSubmatchIndex(text, -1)
					got := l.FindAllStringSubmatchIndex(text, -1)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: %q on %q: windowed matches differ (-whole +windowed):\n%s", f, l.re, text, diff)
					}
					if l.MatchString(text) != (want != nil) {
						t.Errorf("%s: %q on %q: MatchString disagrees", f, l.re, text)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no sentence was long enough to window")
	}
	t.Logf("%d pattern runs compared", checked)
}

// TestIssueSplitSound checks on real text that the lexicon entries split
// into their alternatives, with leftmostFirst, find exactly the matches the
// entries as written find.
func TestIssueSplitSound(t *testing.T) {
	n := 0
	arts, _ := labelledArticles(t)
	for _, la := range arts {
		for _, s := range Sentences(la.a) {
			lc := asciiLower(s.Text)
			for _, cl := range clauses(s.Text) {
				clc := lc[cl.start:cl.end]
				var hits []issueHit
				for _, e := range issueLexicon {
					for _, m := range e.re.re.FindAllStringIndex(clc, -1) {
						hits = append(hits, issueHit{start: m[0], end: m[1], group: e.group})
					}
				}
				hits = leftmostFirst(clc, hits)
				for g, e := range issueEntries {
					want := e.re.re.FindAllStringIndex(clc, -1)
					var got [][]int
					for _, h := range hits {
						if h.group == g {
							got = append(got, []int{h.start, h.end})
						}
					}
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					n++
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%s %q in %q: (-whole +split)\n%s", e.issue, e.re.re, clc, d)
					}
				}
			}
		}
	}
	t.Logf("%d entry matches compared", n)
}

// TestLexHeadSound checks, on real text in both cases and on every clause,
// that a pattern anchored at the text's start and read only on the head of
// a text finds exactly what it finds on the whole text.
func TestLexHeadSound(t *testing.T) {
	checked := 0
	arts, _ := labelledArticles(t)
	for _, la := range arts {
		f := la.file
		for _, s := range Sentences(la.a) {
			texts := []string{s.Text, asciiLower(s.Text)}
			for _, cl := range clauses(s.Text) {
				texts = append(texts, asciiLower(s.Text[cl.start:cl.end]), asciiLower(s.Text[cl.end:]))
			}
			for _, text := range texts {
				for _, l := range allLexAndAlts() {
					if l.head == 0 || len(text) <= l.head {
						continue
					}
					checked++
					want := l.re.FindAllStringSubmatchIndex(text, -1)
					if got := l.FindAllStringSubmatchIndex(text, -1); !cmp.Equal(want, got) {
						t.Errorf("%s: %q on %q: head matches differ: whole %v, head %v", f, l.re, text, want, got)
					}
					if l.MatchString(text) != (want != nil) {
						t.Errorf("%s: %q on %q: MatchString disagrees", f, l.re, text)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no text was longer than a head")
	}
	t.Logf("%d pattern runs compared", checked)
}

// TestFigureWindowsSound checks on real text that the casualty patterns
// opening with a figure (killAfterRe, hurtAfterRe) find in windows cut to
// their first figure (fromFigure) and in windows without a figure skipped
// (withFigures) exactly what they find in the whole windows.
func TestFigureWindowsSound(t *testing.T) {
	n := 0
	arts, _ := labelledArticles(t)
	for _, la := range arts {
		for _, s := range Sentences(la.a) {
			lc := asciiLower(s.Text)
			ws := words(lc)
			for _, set := range []*phraseSet{killWordSet, hurtWordSet} {
				var spans [][2]int
				for _, h := range set.FindAll(lc, ws) {
					spans = append(spans, [2]int{h[0], h[1]})
				}
				wins := windowsAt(lc, spans, 80, 12)
				for _, re := range []*lexRe{killAfterRe, hurtAfterRe} {
					want := findInWindows(re, lc, wins)
					got := findInWindows(re, lc, fromFigure(lc, withFigures(lc, wins)))
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					n++
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%q in %q: (-whole windows +cut)\n%s", re.re, s.Text, d)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no match compared")
	}
	t.Logf("%d window sets compared", n)
}

// allLexAndAlts lists every pattern mustLex compiled and the alternatives
// labelled is an article of the labelled sets and the file it came from.
type labelled struct {
	file string
	a    *Article
}

// labelledArticles reads the dev corpus and every set under testdata: the
// articles that parse, and as they are the files that do not (the fuzz
// seeds and bad-input cases).
func labelledArticles(t *testing.T) (arts []labelled, unparsed []string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(devDir, "*.txt"))
	more, _ := filepath.Glob("testdata/*/*.txt")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(f, b)
		if err != nil {
			unparsed = append(unparsed, string(b))
			continue
		}
		arts = append(arts, labelled{f, a})
	}
	return arts, unparsed
}

// MatchString runs for the split ones.
func allLexAndAlts() []*lexRe {
	var out []*lexRe
	for _, l := range allLex {
		out = append(out, l.withAlts()...)
	}
	return out
}
