package extract

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// lexRe is a regular expression with a gate: literal strings one of which
// every match contains. Go's regexp engine has no DFA and runs a few MB/s on
// patterns made of many alternatives; checking the gate with strings.Contains
// first skips most sentences at memory speed. The gate is derived from the
// pattern itself, so it can never reject a sentence the pattern would match.
type lexRe struct {
	re   *regexp.Regexp
	dfa  *dfa     // answers MatchString, and whether the Find methods need to run re
	gate []string // nil: no gate could be derived; the pattern always runs
	// need are further literal sets every match holds one of each (the
	// parts of a concatenation other than the gate's: "ago" in "two days
	// ago", whose gate is the units): checked after the gate.
	need [][]string
	// reach bounds the length of a match (0: unbounded or too long to
	// help). With a gate it lets the pattern run only on windows around the
	// gate's literals: Go's backtracker tries every start position, so a
	// 200-byte sentence costs ten times a 20-byte window.
	reach int
	// before and after bound a match's reach on each side of a gate literal
	// (at most reach).
	before, after int
	set           *litSet // the gate as one-pass set, when it has many literals
	// head bounds the bytes a pattern anchored at the text's start can
	// match (0: not anchored so, or unbounded): only that much of a text,
	// widened to a word's end, is read.
	head int
	// alts, for a pattern that could neither be windowed nor bounded, are
	// its top-level alternatives as patterns of their own, each with its
	// own gate and windows: MatchString runs them (most alternatives' gates
	// are not in a given text), the Find methods the whole pattern. They
	// are compiled from altPats once (altOnce), on the first Extract,
	// when the gate scanner is built from every pattern's literals.
	alts    []*lexRe
	altPats []string
	altOnce sync.Once
	// loc finds where matches are (locate), built on first use.
	loc     *locator
	locOnce sync.Once
	// ix is the gate and need sets as ids of the shared literal scan
	// (gatescan.go), set when the scanner is built; nil: checked by
	// scanning the text. Atomic: it is set while other goroutines may
	// be matching.
	ix atomic.Pointer[lexIx]
}

// locator finds a pattern's matches with automata, leaving Go's regexp
// only the submatches to read. Go's regexp searches by trying every start
// position with its backtracker, or by running its NFA with a new thread
// at every position; for a pattern of hundreds of alternatives ("at least
// twelve people were killed") that costs a microsecond or more a byte,
// even where the match is short. Here an anchored automaton answers at
// each position, at a table look-up a character, whether a match starts
// there: a match that starts as early as possible is what Go's regexp
// returns. From there the same automaton, its threads kept in the order
// of their priority as Go's NFA keeps them, finds where the match Go's
// regexp prefers ends; where submatches are asked, the regexp, anchored
// there by "^", reads that one match. No library offers this: Go's regexp
// has no automaton, and none of the others matches Go's leftmost-first
// submatches byte for byte.
type locator struct {
	start *dfa // anchored: does a match start here, where does it end?
	// atText is the pattern anchored at the text's start; afterChar
	// anchored one character in ("^(?s:.)"), that character read as the
	// one before the match (for \b).
	atText, afterChar *regexp.Regexp
}

// locator returns l's locator, nil when the pattern tests the text's
// edges (^, $: a match read from inside the text would see different
// edges) or can match the empty string (Go's rules for successive empty
// matches are not worth copying).
func (l *lexRe) locator() *locator {
	l.locOnce.Do(func() {
		p := l.re.String()
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil || anchored(re) || l.re.MatchString("") || matchesEmpty(re.Simplify()) {
			return
		}
		d := newDFA(p)
		d.anchored = true
		l.loc = &locator{start: d, atText: regexp.MustCompile(`^(?:` + p + `)`), afterChar: regexp.MustCompile(`^(?s:.)(?:` + p + `)`)}
	})
	return l.loc
}

// matchesEmpty reports whether re may match an empty string somewhere
// (its shortest match is empty, whatever the assertions).
func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !matchesEmpty(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if matchesEmpty(s) {
				return true
			}
		}
		return false
	}
	return false
}

// locate returns the first match in s at or after byte from, as l.re's
// FindStringSubmatchIndex (sub) or FindStringIndex reads it, searching s
// from there; ok is false when the automaton gave up (ask the regexp).
// to bounds where the match may start (a match ending there is known).
func (l *lexRe) locate(s string, from, to int, sub bool) (m []int, ok bool) {
	loc := l.locator()
	if loc == nil {
		return nil, false
	}
	// The automaton knows where the match ends, which is all
	// FindStringIndex asks; the regexp, for the submatches, reads only up
	// to there (and to the end of a word, so that \b reads as in s): its
	// cost grows with the text it is given.
	p, end, ok := loc.start.leftmost(s, from, to, 16*(len(s)-from)+64)
	if !ok || p < 0 {
		return nil, ok
	}
	if !sub {
		return []int{p, end}, true
	}
	for end < len(s) && isASCIIWordByte(s[end]) {
		end++
	}
	s = s[:end]
	re, at := loc.atText, 0
	if p > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:p])
		if r2, w2 := utf8.DecodeRuneInString(s[p-w:]); r2 != r || w2 != w {
			return nil, false // a broken character: read forward, not the one before p
		}
		re, at = loc.afterChar, p-w
	}
	if m = re.FindStringSubmatchIndex(s[at:]); m == nil {
		return nil, false // unreachable: a match starts at p
	}
	shift(m, at)
	m[0] = p
	return m, true
}

// isASCIIWordByte is \b's notion of a word character, for an ASCII byte
// (a byte of a multi-byte character is no word character to \b either).
func isASCIIWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// findAllExact is l.re's FindAllStringSubmatchIndex (sub) or
// FindAllStringIndex on s, found with locate where it can.
func (l *lexRe) findAllExact(s string, n int, sub bool) [][]int {
	if n == 0 {
		return nil
	}
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		end, ok := l.dfa.matchEnd(s, from)
		if ok && end < 0 {
			return out
		}
		var m []int
		if ok {
			m, ok = l.locate(s, from, end, sub)
		}
		if !ok || m == nil {
			if sub {
				return l.re.FindAllStringSubmatchIndex(s, n)
			}
			return l.re.FindAllStringIndex(s, n)
		}
		out = append(out, m)
		from = m[1]
	}
	return out
}

// findExact is l.re's FindStringSubmatchIndex (sub) or FindStringIndex on
// s, found with locate where it can.
func (l *lexRe) findExact(s string, sub bool) []int {
	if m := l.findAllExact(s, 1, sub); len(m) > 0 {
		return m[0]
	}
	return nil
}

// maxWindowReach is the longest reach worth windowing for.
const maxWindowReach = 160

// mustLex compiles a pattern and derives its gate.
func mustLex(pattern string) *lexRe { return compileLex(pattern, false, true) }

// mustLexSplit is mustLex for a pattern of many alternatives that
// MatchString runs often on long texts and that can be neither windowed
// nor bounded: MatchString runs its alternatives one by one (alts).
// Compiling them costs at start, so only patterns that pay are split.
func mustLexSplit(pattern string) *lexRe { return compileLex(pattern, true, true) }

// compileLex is mustLex; split asks for alts, register lists the pattern
// in allLex.
func compileLex(pattern string, split, register bool) *lexRe {
	re := regexp.MustCompile(pattern)
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err) // unreachable: MustCompile accepted it
	}
	g, ok := required(p.Simplify())
	if !ok {
		g = nil
	}
	l := &lexRe{re: re, gate: g, dfa: newDFA(pattern)}
	if g != nil {
		for _, n := range requiredAll(pattern) {
			if !slices.Equal(n, g) {
				l.need = append(l.need, n)
			}
		}
	}
	if len(g) >= 4 {
		l.set = newLitSet(g)
	}
	if r := reach(p.Simplify()); g != nil && r <= maxWindowReach && !anchored(p) {
		l.reach = r
		l.before, l.after = sideReach(pattern)
		l.before, l.after = min(l.before, r), min(l.after, r)
	}
	if startAnchored(p.Simplify()) && !endAnchored(p.Simplify()) {
		if r := reach(p.Simplify()); r > 0 && r <= 400 {
			l.head = r
		}
	}
	if register {
		allLex = append(allLex, l)
	}
	if split && l.reach == 0 && l.head == 0 {
		if ps := alternatives(pattern); len(ps) > 1 {
			l.altPats = ps
		}
	}
	return l
}

// compileAlts compiles altPats into alts, unless an alternative has no
// gate: it would run on every text, and the whole pattern, run once, costs
// less.
func (l *lexRe) compileAlts() {
	var alts []*lexRe
	for _, p := range l.altPats {
		a := compileLex(p, false, false)
		if a.gate == nil {
			return
		}
		alts = append(alts, a)
	}
	l.alts = alts
}

// withAlts returns l and the alternatives MatchString runs for it (for
// the tests that check every pattern).
func (l *lexRe) withAlts() []*lexRe {
	if l.altPats != nil {
		l.altOnce.Do(l.compileAlts)
	}
	return append([]*lexRe{l}, l.alts...)
}

// startAnchored reports a pattern every match of which starts at the
// text's start (^ first, no alternative without it).
func startAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText, syntax.OpBeginLine:
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && startAnchored(re.Sub[0])
	case syntax.OpCapture:
		return startAnchored(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !startAnchored(s) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// endAnchored reports a pattern that tests the end of its text anywhere.
func endAnchored(re *syntax.Regexp) bool {
	if re.Op == syntax.OpEndText || re.Op == syntax.OpEndLine {
		return true
	}
	for _, s := range re.Sub {
		if endAnchored(s) {
			return true
		}
	}
	return false
}

// headOf cuts s to the part a start-anchored pattern can match: head
// bytes, widened to the end of a word so that \b at the cut means what it
// means in s.
func (l *lexRe) headOf(s string) string {
	if l.head == 0 || len(s) <= l.head {
		return s
	}
	e := l.head
	for e < len(s) && windowWordByte(s[e-1]) && windowWordByte(s[e]) {
		e++
	}
	if e < len(s) {
		e++ // one byte past the word: a \b or \W after it is read as in s
	}
	return s[:e]
}

// allLex lists every pattern mustLex compiled (a test checks that windowed
// matching finds what matching the whole text finds).
var allLex []*lexRe

// anchored reports a pattern that tests the start or end of its input
// (^, $, \A, \z): a window's edges are not the text's.
func anchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return true
	}
	for _, s := range re.Sub {
		if anchored(s) {
			return true
		}
	}
	return false
}

func (l *lexRe) open(s string) bool {
	if l.gate == nil {
		return true
	}
	if l.set != nil {
		if !l.set.in(s) {
			return false
		}
	} else if !containsAny(s, l.gate) {
		return false
	}
	return l.needs(s)
}

// needs reports whether s holds one literal of each of l.need.
func (l *lexRe) needs(s string) bool {
	for _, n := range l.need {
		if !containsAny(s, n) {
			return false
		}
	}
	return true
}

// admit is open and windows in one: whether s may hold a match (open)
// and, when windowing pays (windowed), the windows that hold every match.
// Where it pays, the gate's literals are found once, for the windows,
// instead of once for open and again for windows: no window, no match.
func (l *lexRe) admit(s string) (wins [][2]int, windowed, open bool) {
	if ix := l.ix.Load(); ix != nil {
		if sp, ok := locateText(s); ok {
			return l.admitAt(s, sp, ix)
		}
	}
	return l.admitText(s)
}

// admitText is admit reading s itself.
func (l *lexRe) admitText(s string) (wins [][2]int, windowed, open bool) {
	if l.reach == 0 || len(s) < 3*l.reach {
		return nil, false, l.open(s)
	}
	wins, _ = l.windows(s)
	if len(wins) == 0 || !l.needs(s) {
		return nil, true, false
	}
	return wins, true, true
}

// admitAt is admit for s at sp of a scanned buffer: the gate, the need
// sets and the windows read from the literals the scan found there.
func (l *lexRe) admitAt(s string, sp textSpan, ix *lexIx) (wins [][2]int, windowed, open bool) {
	if l.reach == 0 || len(s) < 3*l.reach {
		return nil, false, sp.holds(&ix.gate) && sp.needs(l, ix, s)
	}
	hits := sp.gateHits(&ix.gate, nil)
	if len(hits) == 0 {
		return nil, true, false
	}
	wins = l.windowsOf(s, hits)
	if len(wins) == 0 || !sp.needs(l, ix, s) {
		return nil, true, false
	}
	return wins, true, true
}

// litSet finds whether a text holds any of many literals in one pass: a
// bitmap of the literals' first two bytes says at which positions one may
// start, and only those are compared. Hand-written: strings.Contains per
// literal reads the text once per literal, and a gate has up to dozens.
type litSet struct {
	first bigrams // the first two bytes of the literals
	// second holds their second and third bytes (a two-byte literal: its
	// second with any): a pair that starts no literal is mostly passed over
	// on the two bitmaps, without reading the table.
	second bigrams
	// The literals by their first two bytes, in an open-addressed table
	// (keys[i] == 0 is empty: no literal starts with a NUL byte): a Go map
	// costs more than the rest of the scan.
	keys []uint16
	lits [][]string
	mask uint32
	// skip, when every literal has minSkipLen bytes or more (m the
	// shortest), says how far a scan may move on by the last two bytes of
	// the m it reads (folded as in bigrams): m-1 when they are in no
	// literal's first m bytes, less the later they are, 0 at a possible
	// start. Text without long literals' pairs is passed over several
	// bytes at a time (Wu and Manber's multi-pattern search) where the
	// filters above read every byte.
	skip *[64 * 64]uint8
	m    int
}

// minSkipLen is the shortest literal skip is built for. A skipping step
// waits for the table look-up before it knows where the next one reads,
// where the bitmaps' steps overlap: measured on the gates of the sample
// articles, skipping cost 1.5-2x the bitmaps' time with literals of 3 or 4
// bytes, the same with 5, and saved 10-25% from 6 (fewer instructions in
// every case: count time, not instructions).
const minSkipLen = 6

// newLitSet indexes lits; nil when one is shorter than two bytes.
func newLitSet(lits []string) *litSet {
	ls := &litSet{}
	n := 8
	for n < 4*len(lits) {
		n *= 2
	}
	ls.keys, ls.lits, ls.mask = make([]uint16, n), make([][]string, n), uint32(n-1)
	for _, l := range lits {
		if len(l) < 2 || l[0] == 0 {
			return nil
		}
		k := uint16(l[0])<<8 | uint16(l[1])
		ls.first.add(l[0], l[1])
		if len(l) > 2 {
			ls.second.add(l[1], l[2])
		} else {
			for c := 0; c < 256; c++ {
				ls.second.add(l[1], byte(c))
			}
		}
		i := ls.slot(k)
		ls.keys[i] = k
		ls.lits[i] = append(ls.lits[i], l)
	}
	ls.m = len(lits[0])
	for _, l := range lits {
		ls.m = min(ls.m, len(l))
	}
	if ls.m >= minSkipLen {
		ls.skip = new([64 * 64]uint8)
		for i := range ls.skip {
			ls.skip[i] = uint8(ls.m - 1)
		}
		for _, l := range lits {
			for j := 0; j+1 < ls.m; j++ {
				k := foldPair(l[j], l[j+1])
				ls.skip[k] = min(ls.skip[k], uint8(ls.m-2-j))
			}
		}
	}
	return ls
}

// foldPair is the code of a byte pair in bigrams and skip.
func foldPair(x, y byte) uint16 { return uint16(foldByte[x])<<6 | uint16(foldByte[y]) }

// bigrams is a set of byte pairs, each byte folded to 6 bits (letters,
// digits and space a code each, every other byte one shared code): 512
// bytes, where a bitmap of every pair takes 8 KB and the filters of a
// hundred patterns no longer fit in the processor's cache (a scan was
// mostly waiting for memory). A pair may be in the set for another that
// folds the same (the caller compares the text), never left out.
type bigrams [64 * 64 / 8]byte

// foldByte is the 6-bit code of a byte in bigrams.
var foldByte = func() (t [256]uint8) {
	n := uint8(1) // 0: every other byte
	for _, r := range []string{"az", "AZ", "09", "  "} {
		for c := r[0]; c <= r[1]; c++ {
			t[c] = n
			n++
		}
	}
	return t
}()

func (b *bigrams) add(x, y byte) {
	k := foldPair(x, y)
	b[k>>3] |= 1 << (k & 7)
}

func (b *bigrams) has(x, y byte) bool {
	k := foldPair(x, y)
	return b[k>>3]&(1<<(k&7)) != 0
}

// slot returns the table index of bigram k: where it is, or the empty
// slot where it would go.
func (ls *litSet) slot(k uint16) uint32 {
	i := (uint32(k) * 0x9E3779B1 >> 16) & ls.mask
	for ls.keys[i] != k && ls.keys[i] != 0 {
		i = (i + 1) & ls.mask
	}
	return i
}

// in reports whether s contains one of the literals.
func (ls *litSet) in(s string) bool {
	if len(s) < 2 {
		return false
	}
	if ls.skip != nil {
		return ls.inSkipping(s)
	}
	// The folded code of s[i] is carried from one position to the next:
	// one table look-up a byte for the first filter.
	a := uint16(foldByte[s[0]])
	for j := 1; j < len(s); j++ {
		b := uint16(foldByte[s[j]])
		k1 := (a<<6 | b) & (64*64 - 1) // (the mask spares a bounds check)
		a = b
		if ls.first[k1>>3]&(1<<(k1&7)) == 0 {
			continue
		}
		i := j - 1 // where a literal would start
		if i+2 < len(s) && !ls.second.has(s[i+1], s[i+2]) {
			continue
		}
		k := uint16(s[i])<<8 | uint16(s[i+1])
		for _, l := range ls.lits[ls.slot(k)] {
			if strings.HasPrefix(s[i:], l) {
				return true
			}
		}
	}
	return false
}

// inSkipping is in for a set with skip: a literal at p is never passed
// over, as the last two bytes a scan at i < p reads are either before p
// (skip m-1 lands at p at most) or the literal's bytes j, j+1 (skip at
// most m-2-j = p-i); at p they are its bytes m-2, m-1 (skip 0).
func (ls *litSet) inSkipping(s string) bool {
	m := ls.m
	for i := 0; i+m <= len(s); {
		if sh := ls.skip[foldPair(s[i+m-2], s[i+m-1])&(64*64-1)]; sh > 0 {
			i += int(sh)
			continue
		}
		k := uint16(s[i])<<8 | uint16(s[i+1])
		for _, l := range ls.lits[ls.slot(k)] {
			if strings.HasPrefix(s[i:], l) {
				return true
			}
		}
		i++
	}
	return false
}

// all appends the [start, end) of every literal at every position of s to
// hits, by start (at one start, in the order of the literals).
func (ls *litSet) all(s string, hits [][2]int) [][2]int {
	if ls.skip != nil {
		// As inSkipping, on to the end.
		m := ls.m
		for i := 0; i+m <= len(s); {
			if sh := ls.skip[foldPair(s[i+m-2], s[i+m-1])&(64*64-1)]; sh > 0 {
				i += int(sh)
				continue
			}
			hits = ls.at(s, i, hits)
			i++
		}
		return hits
	}
	if len(s) < 2 {
		return hits
	}
	// As in: the folded code of s[i] carried from one position to the next.
	a := uint16(foldByte[s[0]])
	for j := 1; j < len(s); j++ {
		b := uint16(foldByte[s[j]])
		k1 := (a<<6 | b) & (64*64 - 1)
		a = b
		if ls.first[k1>>3]&(1<<(k1&7)) == 0 {
			continue
		}
		i := j - 1
		if i+2 < len(s) && !ls.second.has(s[i+1], s[i+2]) {
			continue
		}
		hits = ls.at(s, i, hits)
	}
	return hits
}

// at appends the [start, end) of every literal at s[i:] to hits, in the
// order of the literals.
func (ls *litSet) at(s string, i int, hits [][2]int) [][2]int {
	k := uint16(s[i])<<8 | uint16(s[i+1])
	for _, l := range ls.lits[ls.slot(k)] {
		if strings.HasPrefix(s[i:], l) {
			hits = append(hits, [2]int{i, i + len(l)})
		}
	}
	return hits
}

// windows returns the stretches of s that hold every match: reach bytes
// either side of each gate literal, widened to word boundaries (so that
// \b at a window's edge means what it means in s) and merged. ok is false
// when windowing does not pay (no reach, or s short): run on all of s.
// No window means no match.
func (l *lexRe) windows(s string) (wins [][2]int, ok bool) {
	if l.reach == 0 || len(s) < 3*l.reach {
		return nil, false
	}
	var hits [][2]int
	if l.set != nil {
		hits = l.set.all(s, hits) // many literals: one pass
	} else {
		for _, g := range l.gate {
			for i := 0; ; {
				j := strings.Index(s[i:], g)
				if j < 0 {
					break
				}
				hits = append(hits, [2]int{i + j, i + j + len(g)})
				i += j + 1
			}
		}
	}
	return l.windowsOf(s, hits), true
}

// windowsOf is windows around hits, the gate's literals in s.
func (l *lexRe) windowsOf(s string, hits [][2]int) (wins [][2]int) {
	if len(hits) > 1 {
		sortSpans(hits)
	}
	for _, h := range hits {
		st, en := max(0, h[0]-l.before), min(len(s), h[1]+l.after)
		for st > 0 && windowWordByte(s[st-1]) && windowWordByte(s[st]) {
			st--
		}
		for en < len(s) && en > 0 && windowWordByte(s[en-1]) && windowWordByte(s[en]) {
			en++
		}
		if n := len(wins); n > 0 && st <= wins[n-1][1] {
			wins[n-1][1] = max(wins[n-1][1], en)
		} else {
			wins = append(wins, [2]int{st, en})
		}
	}
	return wins
}

// windowWordByte is \b's notion of a word character, for ASCII; any byte of a
// multi-byte character counts as one too, so that windows never split it.
func windowWordByte(c byte) bool {
	return c >= 0x80 || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// sortSpans sorts spans by start (insertion sort: there are few).
func sortSpans(h [][2]int) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j][0] < h[j-1][0]; j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

// shift adds off to the offsets of a match (-1 stays: no submatch).
func shift(m []int, off int) []int {
	for i := range m {
		if m[i] >= 0 {
			m[i] += off
		}
	}
	return m
}

// matches reports whether s contains a match: the automaton's answer, or
// the regexp's when the automaton has none.
func (l *lexRe) matches(s string) bool {
	if m, ok := l.dfa.match(s); ok {
		return m
	}
	return l.re.MatchString(s)
}

// MatchString reports whether s contains a match.
func (l *lexRe) MatchString(s string) bool {
	if l.altPats != nil {
		l.altOnce.Do(l.compileAlts)
	}
	if l.alts != nil {
		for _, a := range l.alts {
			if a.MatchString(s) {
				return true
			}
		}
		return false
	}
	s = l.headOf(s)
	wins, windowed, open := l.admit(s)
	if !open {
		return false
	}
	if !windowed {
		return l.matches(s)
	}
	for _, w := range wins {
		if l.matches(s[w[0]:w[1]]) {
			return true
		}
	}
	return false
}

// FindStringIndex is regexp's FindStringIndex.
func (l *lexRe) FindStringIndex(s string) []int {
	return l.find(s, false)
}

// FindStringSubmatchIndex is regexp's FindStringSubmatchIndex.
func (l *lexRe) FindStringSubmatchIndex(s string) []int {
	return l.find(s, true)
}

// find is FindStringSubmatchIndex (sub) or FindStringIndex.
func (l *lexRe) find(s string, sub bool) []int {
	s = l.headOf(s)
	wins, windowed, open := l.admit(s)
	if !open {
		return nil
	}
	if !windowed {
		return l.findExact(s, sub)
	}
	for _, w := range wins {
		if m := l.findExact(s[w[0]:w[1]], sub); m != nil {
			return shift(m, w[0])
		}
	}
	return nil
}

// FindAllStringIndex is regexp's FindAllStringIndex.
func (l *lexRe) FindAllStringIndex(s string, n int) [][]int {
	return l.findAll(s, n, false)
}

// FindAllStringSubmatchIndex is regexp's FindAllStringSubmatchIndex.
func (l *lexRe) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.findAll(s, n, true)
}

// findAll is FindAllStringSubmatchIndex (sub) or FindAllStringIndex on s,
// or only on the windows where a match may be, shifting their matches
// back to s.
func (l *lexRe) findAll(s string, n int, sub bool) [][]int {
	s = l.headOf(s)
	wins, windowed, open := l.admit(s)
	if !open {
		return nil
	}
	if !windowed {
		return l.findAllExact(s, n, sub)
	}
	var out [][]int
	for _, w := range wins {
		for _, m := range l.findAllExact(s[w[0]:w[1]], -1, sub) {
			if n >= 0 && len(out) == n {
				return out
			}
			out = append(out, shift(m, w[0]))
		}
	}
	return out
}

// required returns literal strings one of which every match of re contains;
// ok is false when no such set is known (a match may be anything).
func required(re *syntax.Regexp) (lits []string, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
		return nil, false
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			l, ok := required(s)
			if !ok {
				return nil, false
			}
			all = append(all, l...)
		}
		return all, true
	case syntax.OpConcat:
		// Adjacent literals make one longer literal; otherwise the most
		// selective child (longest shortest literal) gates the whole.
		var best []string
		bestLen := 0
		var run strings.Builder
		flush := func() {
			if l := []string{run.String()}; run.Len() > 0 && selectivity(l) > bestLen {
				best, bestLen = l, selectivity(l)
			}
			run.Reset()
		}
		for _, s := range re.Sub {
			if s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0 {
				run.WriteString(string(s.Rune))
				continue
			}
			flush()
			if s.Op == syntax.OpEmptyMatch || s.Op == syntax.OpWordBoundary || s.Op == syntax.OpBeginText || s.Op == syntax.OpEndText || s.Op == syntax.OpBeginLine || s.Op == syntax.OpEndLine {
				continue
			}
			if l, ok := required(s); ok {
				if m := selectivity(l); m > bestLen || best == nil {
					best, bestLen = l, m
				}
			}
		}
		flush()
		return best, best != nil
	}
	return nil, false
}

// commonWords are too frequent in news to gate anything.
var commonWords = map[string]bool{"of": true, "the": true, "a": true, "an": true, "to": true, "in": true, "on": true,
	"with": true, "and": true, "for": true, "at": true, "by": true, "up": true, "ukraine": true, "ukrainian": true,
	"russia": true, "russian": true, "war": true, "said": true, "is": true, "was": true}

// selectivity scores a literal set as a gate: the length of its shortest
// literal without surrounding spaces, 0 when one is a very common word.
func selectivity(l []string) int {
	m := -1
	for _, s := range l {
		t := strings.TrimSpace(s)
		n := len(t)
		if commonWords[t] {
			n = 0
		}
		if m < 0 || n < m {
			m = n
		}
	}
	return max(m, 0)
}

// reach returns an upper bound, in bytes, on the length of a match of re,
// counting a character class as up to 3 bytes (UTF-8 of the punctuation
// news uses: ’ “ —) and an unbounded repeat of a class as a word of up to
// 24 letters (letters are ASCII after lower-casing). Windows around gate
// literals this wide hold every match (reach_test.go checks it on real text).
func reach(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(string(re.Rune))
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 3
	case syntax.OpCapture, syntax.OpQuest:
		return reach(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n += reach(s)
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, s := range re.Sub {
			n = max(n, reach(s))
		}
		return n
	case syntax.OpStar, syntax.OpPlus:
		return 24 * reach(re.Sub[0]) / 3
	case syntax.OpRepeat:
		if re.Max < 0 {
			return 24*reach(re.Sub[0])/3 + re.Min*reach(re.Sub[0])
		}
		return re.Max * reach(re.Sub[0])
	}
	return 0
}

// requiredAll returns literal sets every match of a pattern holds one of
// each: for a concatenation, one set per part that has one ("lift ...
// sanctions" needs a lifting word and "sanctions"). Sets with a very
// common word are left out: they filter nothing.
func requiredAll(pattern string) [][]string {
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	re := p.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	var out [][]string
	add := func(r *syntax.Regexp) {
		if l, ok := required(r); ok && selectivity(l) >= 3 {
			out = append(out, l)
		}
	}
	if re.Op == syntax.OpConcat {
		for _, s := range re.Sub {
			add(s)
		}
	} else {
		add(re)
	}
	return out
}

// sideReach bounds, for a pattern whose gate (required's literals) comes
// from one part of a top-level concatenation, how far a match reaches
// before a gate literal's start and after its end: "X[^.;]{0,50}black sea"
// ends right after "black sea". Otherwise both sides are the whole reach.
func sideReach(pattern string) (before, after int) {
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	re := p.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	whole := reach(re)
	if re.Op != syntax.OpConcat {
		return whole, whole
	}
	// Find the part required() takes its gate from: the same choice,
	// made on the same runs of literals.
	bestLo, bestHi, bestLen := -1, -1, 0
	runLo := -1
	var run strings.Builder
	flush := func(hi int) {
		if l := []string{run.String()}; run.Len() > 0 && selectivity(l) > bestLen {
			bestLo, bestHi, bestLen = runLo, hi, selectivity(l)
		}
		run.Reset()
		runLo = -1
	}
	for i, sub := range re.Sub {
		if sub.Op == syntax.OpLiteral && sub.Flags&syntax.FoldCase == 0 {
			if runLo < 0 {
				runLo = i
			}
			run.WriteString(string(sub.Rune))
			continue
		}
		flush(i)
		if sub.Op == syntax.OpEmptyMatch || sub.Op == syntax.OpWordBoundary || sub.Op == syntax.OpBeginText || sub.Op == syntax.OpEndText || sub.Op == syntax.OpBeginLine || sub.Op == syntax.OpEndLine {
			continue
		}
		if l, ok := required(sub); ok {
			if m := selectivity(l); m > bestLen || bestLo < 0 {
				bestLo, bestHi, bestLen = i, i+1, m
			}
		}
	}
	flush(len(re.Sub))
	if bestLo < 0 {
		return whole, whole
	}
	for _, sub := range re.Sub[:bestLo] {
		before += reach(sub)
	}
	for _, sub := range re.Sub[bestHi:] {
		after += reach(sub)
	}
	gate := 0
	for _, sub := range re.Sub[bestLo:bestHi] {
		gate += reach(sub)
	}
	// The literal may sit anywhere inside its part: the part's whole length
	// on either side.
	return before + gate, after + gate
}

// matchReach is reach of a pattern, parsed as mustLex parses it.
func matchReach(pattern string) int {
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	return reach(p.Simplify())
}

// alternatives splits a pattern into patterns whose union it is: its
// top-level alternation, or one inside a concatenation of assertions
// ("\b(a|b)\b" is "\ba\b|\bb\b"). A pattern with none is itself.
func alternatives(pattern string) []string {
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	for p.Op == syntax.OpCapture {
		p = p.Sub[0]
	}
	if p.Op == syntax.OpAlternate {
		out := make([]string, len(p.Sub))
		for i, s := range p.Sub {
			out[i] = s.String()
		}
		return out
	}
	if p.Op != syntax.OpConcat {
		return []string{pattern}
	}
	at := -1
	for i, s := range p.Sub {
		switch s.Op {
		case syntax.OpWordBoundary, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
			continue
		}
		inner := s
		for inner.Op == syntax.OpCapture {
			inner = inner.Sub[0]
		}
		if inner.Op != syntax.OpAlternate || at >= 0 {
			return []string{pattern}
		}
		at = i
	}
	if at < 0 {
		return []string{pattern}
	}
	alt := p.Sub[at]
	for alt.Op == syntax.OpCapture {
		alt = alt.Sub[0]
	}
	var out []string
	for _, b := range alt.Sub {
		var sb strings.Builder
		for i, s := range p.Sub {
			if i == at {
				sb.WriteString("(?:" + b.String() + ")")
			} else {
				sb.WriteString(s.String())
			}
		}
		out = append(out, sb.String())
	}
	return out
}
