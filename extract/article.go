// Package extract turns news articles into claims: the positions parties take
// on the terms of a settlement, the incidents (strikes, attacks) the article
// reports, and the talks it names. It is pure Go: no network, no models; every
// rule is a lexicon or a pattern in this package.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on one article. Reading stops at MaxArticleBytes+1 bytes, so a huge
// input (a 50 MB line, a stray binary) never costs more memory than that.
const (
	MaxArticleBytes = 4 << 20 // 4 MiB: the longest news article is far below this
	MaxLineBytes    = 1 << 20 // 1 MiB: a longer "line" is not prose
)

// Error codes of a rejected article. They are matched with errors.Is through
// a *ParseError.
var (
	ErrEmpty       = errors.New("empty article")
	ErrNoDate      = errors.New("first line does not start with `date YYYY-MM-DD`")
	ErrBadDate     = errors.New("bad date")
	ErrBinary      = errors.New("binary data")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrLineTooLong = errors.New("line too long")
	ErrTooLarge    = errors.New("article too large")
)

// ParseError says which article was rejected, where and why. Err is one of
// the Err* codes of this package.
type ParseError struct {
	Name  string // the article's name (file path, NDJSON line, "-")
	Line  int    // 1-based line, 0 when the error concerns the whole article
	Value string // the offending value, when there is one (a bad date)
	Err   error
}

// Error implements error: "NAME:LINE: problem: value".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Value != "" {
		fmt.Fprintf(&b, ": %q", e.Value)
	}
	return b.String()
}

// Unwrap returns the error code.
func (e *ParseError) Unwrap() error { return e.Err }

// Article is one parsed news article.
type Article struct {
	Name string    // where it came from
	Date time.Time // the publication date from the date line (UTC midnight)
	// Text is the whole article as read, including the date line; spans of
	// claims are offsets into it.
	Text string
	// BodyStart is the byte offset in Text where the prose starts (after
	// `date YYYY-MM-DD `).
	BodyStart int
}

// ReadArticle reads one article from r, at most MaxArticleBytes of it, and
// parses it. name is used in errors only.
func ReadArticle(name string, r io.Reader) (*Article, error) {
	buf, err := io.ReadAll(io.LimitReader(r, MaxArticleBytes+1))
	if err != nil {
		return nil, &ParseError{Name: name, Err: fmt.Errorf("read: %w", err)}
	}
	if len(buf) > MaxArticleBytes {
		if line, long := longLine(buf); long {
			return nil, &ParseError{Name: name, Line: line, Value: fmt.Sprintf("more than %d bytes", MaxLineBytes), Err: ErrLineTooLong}
		}
		return nil, &ParseError{Name: name, Value: fmt.Sprintf("more than %d bytes", MaxArticleBytes), Err: ErrTooLarge}
	}
	return ParseArticle(name, buf)
}

// longLine reports the first line of buf longer than MaxLineBytes.
func longLine(buf []byte) (int, bool) {
	line := 1
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			i = len(buf)
		}
		if i > MaxLineBytes {
			return line, true
		}
		if i == len(buf) {
			break
		}
		buf = buf[i+1:]
		line++
	}
	return 0, false
}

// ParseArticle checks and parses the bytes of one article: UTF-8 text, no
// binary data, lines under MaxLineBytes, and a first line that starts (after
// any white space or a byte-order mark) with `date YYYY-MM-DD`.
func ParseArticle(name string, buf []byte) (*Article, error) {
	if len(buf) > MaxArticleBytes {
		return nil, &ParseError{Name: name, Value: fmt.Sprintf("%d bytes", len(buf)), Err: ErrTooLarge}
	}
	if len(bytes.TrimSpace(buf)) == 0 {
		return nil, &ParseError{Name: name, Err: ErrEmpty}
	}
	if line, long := longLine(buf); long {
		return nil, &ParseError{Name: name, Line: line, Value: fmt.Sprintf("more than %d bytes", MaxLineBytes), Err: ErrLineTooLong}
	}
	if i := binaryAt(buf); i >= 0 {
		return nil, &ParseError{Name: name, Line: lineOf(buf, i), Value: fmt.Sprintf("byte 0x%02x at offset %d", buf[i], i), Err: ErrBinary}
	}
	if !utf8.Valid(buf) {
		i := invalidAt(buf)
		return nil, &ParseError{Name: name, Line: lineOf(buf, i), Value: fmt.Sprintf("byte 0x%02x at offset %d", buf[i], i), Err: ErrInvalidUTF8}
	}
	text := string(buf)
	// Skip white space and a BOM before the date line.
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != '\uFEFF' && !isSpace(r) {
			break
		}
		i += n
	}
	line := lineOf(buf, i)
	rest := text[i:]
	if !strings.HasPrefix(rest, "date") || (len(rest) > 4 && !isSpace(rune(rest[4]))) {
		first := rest
		if j := strings.IndexByte(first, '\n'); j >= 0 {
			first = first[:j]
		}
		return nil, &ParseError{Name: name, Line: line, Value: clip(first, 40), Err: ErrNoDate}
	}
	j := 4
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
		j++
	}
	k := j
	for k < len(rest) && !isSpace(rune(rest[k])) {
		k++
	}
	val := rest[j:k]
	d, err := time.Parse("2006-01-02", val)
	if err != nil || len(val) != 10 {
		return nil, &ParseError{Name: name, Line: line, Value: clip(val, 40), Err: ErrBadDate}
	}
	body := i + k
	for body < len(text) && isSpace(rune(text[body])) {
		body++
	}
	return &Article{Name: name, Date: d, Text: text, BodyStart: body}, nil
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0:
		return true
	}
	return false
}

// binaryAt returns the offset of the first byte that marks binary data (NUL
// or a C0 control other than tab, newline, carriage return, form feed), or -1.
func binaryAt(buf []byte) int {
	for i, c := range buf {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return i
		}
	}
	return -1
}

func invalidAt(buf []byte) int {
	for i := 0; i < len(buf); {
		r, n := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(buf) - 1
}

func lineOf(buf []byte, off int) int {
	if off > len(buf) {
		off = len(buf)
	}
	return bytes.Count(buf[:off], []byte{'\n'}) + 1
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
