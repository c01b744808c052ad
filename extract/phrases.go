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
	// groups holds the phrases by the first three bytes of their first
	// word (a stem's without its "*"): a word w can start only the
	// phrases of the group of its own first three bytes. An exact first
	// word equal to w has w's first three bytes; a stem ("refus*") that w
	// extends does too.
	groups []phraseGroup
	// keys are the groups' key3Codes in an open-addressed table (0:
	// empty), slot i holding group at[i]: matchString and matchAt ask it
	// for every word that passes first, and Go maps with string keys (one
	// for exact first words, one for stems) cost more than the rest of the
	// scan.
	keys []uint32
	at   []int32
	// first marks the first two bytes of every phrase's first word: most
	// words start no phrase and are passed over without the table.
	first bigrams
}

// phraseGroup is the phrases that may start at a word, in the order of
// the list, and the most words any of them has.
type phraseGroup struct {
	phrases [][]string
	most    int
}

// newPhrases builds a set from phrases separated by "|", words by spaces.
func newPhrases(list string) *phraseSet {
	ps := &phraseSet{}
	for _, p := range strings.Split(list, "|") {
		ws := strings.Fields(p)
		if len(ws) == 0 {
			continue
		}
		w := strings.TrimSuffix(ws[0], "*")
		k := key3Code(w) // the first three bytes of w
		g := ps.group(k)
		if g == nil {
			ps.addKey(k, int32(len(ps.groups)))
			ps.groups = append(ps.groups, phraseGroup{})
			g = &ps.groups[len(ps.groups)-1]
		}
		g.phrases = append(g.phrases, ws)
		g.most = max(g.most, len(ws))
		if len(w) >= 2 {
			ps.first.add(w[0], w[1])
		} else {
			for c := 0; c < 256; c++ { // a one-letter word: any second byte
				ps.first.add(w[0], byte(c))
			}
		}
	}
	return ps
}

// key3Code packs the first three bytes of w (fewer when shorter) and
// their count as a nonzero number.
func key3Code(w string) uint32 {
	n := min(len(w), 3)
	k := uint32(n) << 24
	for i := 0; i < n; i++ {
		k |= uint32(w[i]) << (8 * (2 - i))
	}
	return k
}

// addKey adds key3Code k, for group g, to keys, doubling the table when
// half full.
func (ps *phraseSet) addKey(k uint32, g int32) {
	if 2*(len(ps.groups)+1) > len(ps.keys) {
		oldKeys, oldAt := ps.keys, ps.at
		n := max(16, 2*len(oldKeys))
		ps.keys, ps.at = make([]uint32, n), make([]int32, n)
		for i, o := range oldKeys {
			if o != 0 {
				ps.put(o, oldAt[i])
			}
		}
	}
	ps.put(k, g)
}

// put stores k and g in the first empty slot of k's probe sequence.
func (ps *phraseSet) put(k uint32, g int32) {
	i := keySlot(k, len(ps.keys))
	for ps.keys[i] != 0 {
		i = (i + 1) & (len(ps.keys) - 1)
	}
	ps.keys[i], ps.at[i] = k, g
}

// group returns the group of key3Code k, nil when no phrase starts so.
func (ps *phraseSet) group(k uint32) *phraseGroup {
	if len(ps.keys) == 0 {
		return nil
	}
	for i := keySlot(k, len(ps.keys)); ps.keys[i] != 0; i = (i + 1) & (len(ps.keys) - 1) {
		if ps.keys[i] == k {
			return &ps.groups[ps.at[i]]
		}
	}
	return nil
}

// keySlot is where k's search starts in a table of n (a power of two) slots.
func keySlot(k uint32, n int) int { return int(k*0x9E3779B1>>8) & (n - 1) }

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
	g := ps.group(key3Code(w))
	if g == nil {
		return 0
	}
	return ps.longest(s, ws, i, g.phrases, 0)
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
			// the table).
			if !ps.first.has(s[st], s[st+1]) {
				continue
			}
		}
		g := ps.group(key3Code(s[st:i]))
		if g == nil {
			continue
		}
		// A candidate: read as many words as the longest phrase it may
		// start has (at most len(buf)) and try them.
		want := min(g.most, len(buf))
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
		if ps.longest(s, ws, 0, g.phrases, 0) > 0 {
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
