package extract

import (
	"strings"
	"unicode/utf8"
)

// phraseSet matches word sequences in lower-cased text, each word exact or a
// stem ("refus*" matches "refused"). It does what a regular expression
// `\b(will not|refus[a-z]*|...)\b` does, but by looking words up in a map,
// which is about a hundred times faster than Go's regexp on long
// alternations and keeps extraction above 2 MB/s.
type phraseSet struct {
	byKey map[string][][]string // first three bytes of the first word -> phrases
	// keys are byKey's keys as key3Codes, in an open-addressed table (0:
	// empty): matchString asks it for every word that passes first, and a
	// Go map with string keys cost more than the rest of the scan.
	keys  []uint32
	nkeys int
	// byWord holds the phrases whose first word is exact, by that word;
	// byStem those whose first word is a stem ("refus*"), by its first
	// three bytes. A word is tried against the phrases it can start only.
	byWord map[string][][]string
	byStem map[string][][]string
	// first marks the first two bytes of every phrase's first word: most
	// words start no phrase and are passed over without a map lookup.
	first bigrams
}

// newPhrases builds a set from phrases separated by "|", words by spaces.
func newPhrases(list string) *phraseSet {
	ps := &phraseSet{byKey: map[string][][]string{}, byWord: map[string][][]string{}, byStem: map[string][][]string{}}
	for _, p := range strings.Split(list, "|") {
		ws := strings.Fields(p)
		if len(ws) == 0 {
			continue
		}
		k := key3(strings.TrimSuffix(ws[0], "*"))
		ps.byKey[k] = append(ps.byKey[k], ws)
		ps.addKey(key3Code(k))
		if w := strings.TrimSuffix(ws[0], "*"); len(w) >= 2 {
			ps.first.add(w[0], w[1])
		} else {
			for c := 0; c < 256; c++ { // a one-letter word: any second byte
				ps.first.add(w[0], byte(c))
			}
		}
		if strings.HasSuffix(ws[0], "*") {
			ps.byStem[k] = append(ps.byStem[k], ws)
		} else {
			ps.byWord[ws[0]] = append(ps.byWord[ws[0]], ws)
		}
	}
	return ps
}

// key3Code packs key3(w) (at most 3 bytes) and its length as a nonzero
// number.
func key3Code(w string) uint32 {
	n := min(len(w), 3)
	k := uint32(n) << 24
	for i := 0; i < n; i++ {
		k |= uint32(w[i]) << (8 * (2 - i))
	}
	return k
}

// addKey adds a key3Code to keys, doubling the table when half full.
func (ps *phraseSet) addKey(k uint32) {
	if ps.hasKey(k) {
		return
	}
	if 2*(ps.nkeys+1) > len(ps.keys) {
		old := ps.keys
		ps.keys, ps.nkeys = make([]uint32, max(16, 2*len(old))), 0
		for _, o := range old {
			if o != 0 {
				ps.addKey(o)
			}
		}
	}
	i := keySlot(k, len(ps.keys))
	for ps.keys[i] != 0 {
		i = (i + 1) & (len(ps.keys) - 1)
	}
	ps.keys[i] = k
	ps.nkeys++
}

// hasKey reports whether k is in keys.
func (ps *phraseSet) hasKey(k uint32) bool {
	if len(ps.keys) == 0 {
		return false
	}
	for i := keySlot(k, len(ps.keys)); ps.keys[i] != 0; i = (i + 1) & (len(ps.keys) - 1) {
		if ps.keys[i] == k {
			return true
		}
	}
	return false
}

// keySlot is where k's search starts in a table of n (a power of two) slots.
func keySlot(k uint32, n int) int { return int(k*0x9E3779B1>>8) & (n - 1) }

func key3(w string) string {
	if len(w) > 3 {
		return w[:3]
	}
	return w
}

// word is a token of lower-cased text: letters, digits, apostrophes inside.
type span struct{ start, end int }

// words splits lower-cased text into words.
func words(s string) []span {
	// A word and a space take five bytes or more: one allocation, where
	// growing from nothing took most of extraction's allocated bytes.
	out := make([]span, 0, len(s)/5+1)
	for i := 0; i < len(s); {
		if n := nonWordAt(s, i); n > 0 {
			i += n
			continue
		}
		st := i
		i = wordEnd(s, i)
		out = append(out, span{st, i})
	}
	return out
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r > 127 && (r != '’' && r != '“' && r != '”' && r != '—' && r != '–' && r != '‘' && r != '\u00a0')
}

func wordMatches(pat, w string) bool {
	if strings.HasSuffix(pat, "*") {
		return strings.HasPrefix(w, pat[:len(pat)-1])
	}
	return w == pat
}

// FindAll returns the [start, end) byte offsets of the phrases in s (its
// words ws), leftmost-longest and not overlapping.
func (ps *phraseSet) FindAll(s string, ws []span) [][]int {
	var out [][]int
	for i := 0; i < len(ws); i++ {
		if n := ps.matchAt(s, ws, i); n > 0 {
			out = append(out, []int{ws[i].start, ws[i+n-1].end})
			i += n - 1
		}
	}
	return out
}

// matchAt returns the length in words of the longest phrase at word i, or 0.
func (ps *phraseSet) matchAt(s string, ws []span, i int) int {
	w := s[ws[i].start:ws[i].end]
	if len(w) >= 2 {
		if !ps.first.has(w[0], w[1]) {
			return 0
		}
	}
	best := ps.longest(s, ws, i, ps.byWord[w], 0)
	return ps.longest(s, ws, i, ps.byStem[key3(w)], best)
}

// longest returns the length in words of the longest of cands matching at
// word i, if longer than best, else best.
func (ps *phraseSet) longest(s string, ws []span, i int, cands [][]string, best int) int {
	for _, p := range cands {
		if len(p) > len(ws)-i || len(p) <= best {
			continue
		}
		ok := true
		for j, pw := range p {
			if !wordMatches(pw, s[ws[i+j].start:ws[i+j].end]) {
				ok = false
				break
			}
		}
		if ok {
			best = len(p)
		}
	}
	return best
}

// matchString reports whether s holds a phrase, tokenizing lazily: it looks
// a word up before reading the next, and stops at the first phrase.
func (ps *phraseSet) matchString(s string) bool {
	var buf [8]span
	i := 0
	for i < len(s) {
		if n := nonWordAt(s, i); n > 0 {
			i += n
			continue
		}
		st := i
		i = wordEnd(s, i)
		if i-st >= 2 {
			// No phrase starts with these two bytes (matchAt's test, before
			// the map).
			if !ps.first.has(s[st], s[st+1]) {
				continue
			}
		}
		if !ps.hasKey(key3Code(s[st:i])) {
			continue
		}
		// A candidate: the phrases its word may start (matchAt's lists);
		// read as many words as the longest of them has (at most
		// len(buf)) and try them.
		w := s[st:i]
		byWord, byStem := ps.byWord[w], ps.byStem[key3(w)]
		want := 0
		for _, p := range byWord {
			want = max(want, len(p))
		}
		for _, p := range byStem {
			want = max(want, len(p))
		}
		want = min(want, len(buf))
		ws := append(buf[:0], span{st, i})
		for j := i; len(ws) < want && j < len(s); {
			if n := nonWordAt(s, j); n > 0 {
				j += n
				continue
			}
			e := wordEnd(s, j)
			ws = append(ws, span{j, e})
			j = e
		}
		if ps.longest(s, ws, 0, byStem, ps.longest(s, ws, 0, byWord, 0)) > 0 {
			return true
		}
	}
	return false
}

func wordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if asciiAlnum[c] {
			// ASCII, the most of news text: isWordRune without decoding.
			i++
			continue
		}
		if c < utf8.RuneSelf && c != '\'' && c != '-' {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) || ((r == '\'' || r == '’' || r == '-') && i+n < len(s) && isWordByte(s, i+n)) {
			i += n
			continue
		}
		break
	}
	return i
}

// nonWordAt returns the width of the character at s[i] when it is no word
// character (isWordRune), else 0; ASCII without decoding.
func nonWordAt(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if asciiAlnum[c] {
			return 0
		}
		return 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if isWordRune(r) {
		return 0
	}
	return n
}

// asciiAlnum marks the ASCII letters and digits.
var asciiAlnum = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
	}
	return t
}()

// Match reports whether s contains one of the phrases.
func (ps *phraseSet) Match(s string) bool { return ps.matchString(s) }

// MatchString reports whether lower-cased s contains one of the phrases.
func (ps *phraseSet) MatchString(s string) bool { return ps.Match(s) }
