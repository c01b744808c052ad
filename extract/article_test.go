package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseArticle(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, in := range []string{
			"date 2025-04-19 The US is prepared to recognize Crimea.",
			" \n\t date 2025-04-19 The US is prepared to recognize Crimea.",
			"\ufeffdate 2025-04-19 The US is prepared to recognize Crimea.\r\n\r\nMore.",
			"date\t2025-04-19\nThe US is prepared to recognize Crimea.",
		} {
			a, err := ParseArticle("a.txt", []byte(in))
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			if want := time.Date(2025, 4, 19, 0, 0, 0, 0, time.UTC); !a.Date.Equal(want) {
				t.Errorf("%q: date %v, want %v", in, a.Date, want)
			}
			if !strings.HasPrefix(a.Text[a.BodyStart:], "The US") {
				t.Errorf("%q: body starts %q", in, a.Text[a.BodyStart:])
			}
		}
	})
	for _, tc := range []struct {
		name string
		in   string
		want error
		line int
	}{
		{"ErrEmpty", "", ErrEmpty, 0},
		{"ErrEmptySpace", " \n\n\t", ErrEmpty, 0},
		{"ErrNoDate", "The US is prepared.\ndate 2025-04-19", ErrNoDate, 1},
		{"ErrNoDateAfterBlank", "\n\nDated 2025-04-19 text", ErrNoDate, 3},
		{"ErrNoDateWord", "dated 2025-04-19 text", ErrNoDate, 1},
		{"ErrBadDate", "date 2025-13-45 text", ErrBadDate, 1},
		{"ErrBadDateShort", "date 2025-4-1 text", ErrBadDate, 1},
		{"ErrBadDateMissing", "date\n", ErrBadDate, 1},
		{"ErrBinary", "date 2025-04-19 text\n\x00\x01\x02", ErrBinary, 2},
		{"ErrInvalidUTF8", "date 2025-04-19 text\nmore\n\xff\xfe bad", ErrInvalidUTF8, 3},
		{"ErrLineTooLong", "date 2025-04-19 " + strings.Repeat("a", MaxLineBytes+1), ErrLineTooLong, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseArticle("bad.txt", []byte(tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %T, want *ParseError", err)
			}
			if pe.Line != tc.line || pe.Name != "bad.txt" {
				t.Errorf("got %s:%d, want bad.txt:%d", pe.Name, pe.Line, tc.line)
			}
			if !strings.HasPrefix(err.Error(), "bad.txt") {
				t.Errorf("message %q does not name the file", err)
			}
		})
	}
}

// endless yields a date line and then the byte 'a' forever, counting what
// was read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	head := "date 2025-04-19 "
	for i := range p {
		if e.n < int64(len(head)) {
			p[i] = head[e.n]
		} else {
			p[i] = 'a'
		}
		e.n++
	}
	return len(p), nil
}

// TestReadArticleBounded feeds a 50 MB line (and an endless one): reading
// stops after MaxArticleBytes and the error names the line.
func TestReadArticleBounded(t *testing.T) {
	t.Run("ErrLineTooLong", func(t *testing.T) {
		r := &endless{}
		_, err := ReadArticle("huge.txt", io.LimitReader(r, 50<<20))
		if !errors.Is(err, ErrLineTooLong) {
			t.Fatalf("got %v, want ErrLineTooLong", err)
		}
		if r.n > MaxArticleBytes+64<<10 {
			t.Errorf("read %d bytes, want at most about %d", r.n, MaxArticleBytes)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		in := "date 2025-04-19 " + strings.Repeat(strings.Repeat("b", 1000)+"\n", MaxArticleBytes/1000+10)
		_, err := ReadArticle("big.txt", strings.NewReader(in))
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("got %v, want ErrTooLarge", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		a, err := ReadArticle("ok.txt", bytes.NewReader(sampleArticle(1)))
		if err != nil || a.Date.Day() != 2 {
			t.Fatalf("got %v, %v", a, err)
		}
	})
}
