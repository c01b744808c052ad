package extract

import (
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
