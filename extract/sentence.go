package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of an article: Text[Start:End] of the article's
// text (byte offsets), its paragraph and its position.
type Sentence struct {
	Start, End int
	Text       string
	Para       int // 0-based paragraph (lines and blank-line blocks)
	Index      int // 0-based sentence index in the article
}

// abbreviations end with a period without ending a sentence.
var abbreviations = map[string]bool{
	"u.s": true, "u.k": true, "u.n": true, "e.u": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"st": true, "gen": true, "lt": true, "col": true, "sgt": true, "gov": true, "sen": true, "rep": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "aug": true, "sept": true, "sep": true, "oct": true,
	"nov": true, "dec": true, "a.m": true, "p.m": true, "no": true, "vs": true, "jr": true, "sr": true,
	"prof": true, "capt": true, "maj": true, "adm": true, "pres": true, "inc": true, "corp": true, "co": true,
	"approx": true, "etc": false, "ft": true, "mt": true,
}

// Sentences splits the body of an article into sentences. Every line break
// ends a sentence (articles put paragraphs on lines); within a line a
// sentence ends at . ! ? (and any closing quotes) followed by white space and
// a capital, digit or quote, unless the word before the period is a known
// abbreviation or a single initial.
func Sentences(a *Article) []Sentence {
	var out []Sentence
	text := a.Text
	para := 0
	pos := a.BodyStart
	for pos <= len(text) {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := text[pos:end]
		if strings.TrimSpace(line) != "" {
			out = splitLine(out, text, pos, end, para)
			para++
		}
		if end == len(text) {
			break
		}
		pos = end + 1
	}
	for i := range out {
		out[i].Index = i
	}
	return out
}

func splitLine(out []Sentence, text string, start, end, para int) []Sentence {
	s := start
	for i := start; i < end; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '.' || r == '!' || r == '?' {
			j := i + n
			for j < end {
				c, m := utf8.DecodeRuneInString(text[j:])
				if c == '"' || c == '\'' || c == '”' || c == '’' || c == ')' || c == '.' || c == '!' || c == '?' {
					j += m
					continue
				}
				break
			}
			if j < end && !isSpace(rune(text[j])) {
				i = j
				continue
			}
			k := j
			for k < end && isSpace(rune(text[k])) {
				k++
			}
			if k >= end || (j > i+n || r != '.' || !isAbbrev(text[s:i]) || wordNoEnds(text[s:i], text[k:end])) && startsSentence(text[k:end]) {
				out = appendSentence(out, text, s, j, para)
				s = k
				i = k
				continue
			}
			i = j
			continue
		}
		i += n
	}
	return appendSentence(out, text, s, end, para)
}

func appendSentence(out []Sentence, text string, s, e, para int) []Sentence {
	for s < e && isSpace(rune(text[s])) {
		s++
	}
	for e > s && isSpace(rune(text[e-1])) {
		e--
	}
	if s >= e {
		return out
	}
	return append(out, Sentence{Start: s, End: e, Text: text[s:e], Para: para})
}

// isAbbrev reports whether the text before a period ends with an
// abbreviation or a single-letter initial.
func isAbbrev(before string) bool {
	w := before
	if i := strings.LastIndexFunc(w, func(r rune) bool { return isSpace(r) || r == '(' || r == '“' || r == '"' }); i >= 0 {
		_, n := utf8.DecodeRuneInString(w[i:])
		w = w[i+n:]
	}
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

// wordNoEnds reports whether "no." before after is the word "no" ending
// a sentence ("has not said no. He says"), not the sign of a number ("No. 5").
func wordNoEnds(before, after string) bool {
	w := before[strings.LastIndexAny(before, " \"“(")+1:]
	return strings.EqualFold(w, "no") && (after == "" || after[0] < '0' || after[0] > '9')
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '‘' || r == '\'' || r == '(' || r == '—' || r == '-'
}
