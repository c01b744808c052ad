package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseArticle checks that any input either fails with a *ParseError or
// parses into an article whose sentences and claims point inside it.
func FuzzParseArticle(f *testing.F) {
	f.Add([]byte("date 2025-04-19 A Russian missile struck Sumy on Sunday, killing 35 people."))
	f.Add([]byte("  date 2025-04-19 Talks in Paris on Thursday.\n\nThe US is prepared to recognize Crimea, people familiar said."))
	f.Add([]byte("date 2025-02-30 x"))
	f.Add([]byte("\xff"))
	x := New()
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseArticle("fuzz", b)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T, want *ParseError", err)
			}
			return
		}
		if a.Text != string(b) || a.BodyStart > len(a.Text) || !utf8.ValidString(a.Text) {
			t.Fatalf("bad article: body %d of %d", a.BodyStart, len(a.Text))
		}
		n := utf8.RuneCountInString(a.Text)
		for _, s := range Sentences(a) {
			if s.Start < a.BodyStart || s.End > len(a.Text) || s.Start >= s.End || a.Text[s.Start:s.End] != s.Text {
				t.Fatalf("sentence %d [%d,%d) outside the text", s.Index, s.Start, s.End)
			}
		}
		e := x.Extract(a)
		var spans [][2]int
		for _, p := range e.Positions {
			spans = append(spans, p.Span)
		}
		for _, p := range e.Incidents {
			spans = append(spans, p.Span)
		}
		for _, p := range e.Talks {
			spans = append(spans, p.Span)
		}
		for _, sp := range spans {
			if sp[0] < 0 || sp[1] > n || sp[0] >= sp[1] {
				t.Fatalf("span %v outside %d characters", sp, n)
			}
		}
	})
}

// TestExtractSubstrings runs the extractor on pieces of the dev articles
// cut at random byte offsets (a deterministic sequence): torn words,
// quotes and sentences must not panic, and spans stay inside the text.
func TestExtractSubstrings(t *testing.T) {
	arts := devArticles(t)
	x := New()
	seed := uint64(1)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for i := 0; i < 1500; i++ {
		a := arts[next(len(arts))]
		body := a.Text[a.BodyStart:]
		s := next(len(body))
		e := s + next(len(body)-s+1)
		piece := strings.ToValidUTF8(body[s:e], "")
		b, err := ParseArticle("piece", []byte("date 2025-04-19 "+piece))
		if err != nil {
			continue // a piece may hold a control byte or be empty
		}
		n := utf8.RuneCountInString(b.Text)
		ex := x.Extract(b)
		for _, p := range ex.Positions {
			if p.Span[0] < 0 || p.Span[1] > n {
				t.Fatalf("span %v outside %d characters", p.Span, n)
			}
		}
	}
}
