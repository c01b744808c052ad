package extract

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// Every lexRe checks its gate (and need sets) before it runs: one scan of
// the text per pattern, and a sentence meets hundreds of patterns (the
// clauses and windows of it as many again). Here the literals of every
// gate are found once per article: Extract lower-cases its sentences into
// one buffer, one Aho-Corasick pass over it lists every literal at every
// position (overlapping: "sea" inside "black sea" too), and each sentence
// keeps the set of literals it holds as a bitset. A lexRe asked about a
// sentence of that buffer, or any part of one (a clause, a window), then
// answers its gate from the bitset and, for a part, from the hits that lie
// inside it; its windows are cut around those hits. Text outside every
// registered buffer is checked as before. The answers are the ones the
// scans give: a literal is in a text exactly when a hit lies inside it.
//
// The scan is an Aho-Corasick automaton (litScan, litscan.go, which says
// why not a library's); what is written here is the bookkeeping around
// it. Go's regexp has no multi-literal scan, and strings.Contains reads
// the text once per literal.

// gateScanner is the automaton over every gate and need literal of the
// patterns compiled at start.
type gateScanner struct {
	ac    *litScan
	words int // uint64 words in a sentence's literal bitset
	// trigs are, by literal id, the issue lexicon's triggers and need
	// literals (triggerIndex) that are that literal: findIssues reads a
	// clause's from the scan too.
	trigs [][]trigRef
}

// litBits is a set of literal ids: words lo.. of a bitset over all ids,
// and the words that are not zero (a set's ids may lie far apart: ids are
// given in the order the patterns were compiled, and patterns share
// literals).
type litBits struct {
	lo    int
	bits  []uint64
	words []litWord
}

type litWord struct {
	at   int
	bits uint64
}

// has reports whether literal id is in b.
func (b *litBits) has(id int) bool {
	w := id>>6 - b.lo
	return uint(w) < uint(len(b.bits)) && b.bits[w]&(1<<(id&63)) != 0
}

// lexIx is a lexRe's gate and need sets as literal ids (a need set with
// lo -1 has a literal too short to scan for: it is checked on the text).
type lexIx struct {
	gate litBits
	need []litBits
}

// minScanLit is the shortest literal scanned for. Literals of one byte
// are in most sentences many times: they made most of the hits, and a
// gate holding one lets most texts through anyway. A gate with one is
// checked on the text, as before. (Two-byte literals such as "in", "of"
// and "to" are scanned, and make about 39% of the hits on the dev set.)
const minScanLit = 2

var gateScan struct {
	once sync.Once
	s    *gateScanner // nil: no literal to scan for
}

// theGateScanner builds the scanner on first use: every pattern of allLex
// and its alternatives get their ids (patterns compiled later have none
// and are checked as before).
func theGateScanner() *gateScanner {
	gateScan.once.Do(func() { gateScan.s = newGateScanner(allLex) })
	return gateScan.s
}

func newGateScanner(lexes []*lexRe) *gateScanner {
	ids := map[string]int{}
	var lits [][]byte
	bitsOf := func(set []string) (litBits, bool) {
		var idl []int
		for _, g := range set {
			if len(g) < minScanLit {
				return litBits{}, false
			}
			id, ok := ids[g]
			if !ok {
				id = len(lits)
				ids[g] = id
				lits = append(lits, []byte(g))
			}
			idl = append(idl, id)
		}
		lo, hi := idl[0]>>6, idl[0]>>6
		for _, id := range idl {
			lo, hi = min(lo, id>>6), max(hi, id>>6)
		}
		b := litBits{lo: lo, bits: make([]uint64, hi-lo+1)}
		for _, id := range idl {
			b.bits[id>>6-lo] |= 1 << (id & 63)
		}
		for i, x := range b.bits {
			if x != 0 {
				b.words = append(b.words, litWord{lo + i, x})
			}
		}
		return b, true
	}
	type pending struct {
		l  *lexRe
		ix *lexIx
	}
	var ps []pending
	for _, l0 := range lexes {
		for _, l := range l0.withAlts() {
			if l.gate == nil {
				continue
			}
			ix := &lexIx{}
			var ok bool
			if ix.gate, ok = bitsOf(l.gate); !ok {
				continue // the gate is checked on the text
			}
			for _, n := range l.need {
				b, ok := bitsOf(n)
				if !ok {
					b.lo = -1 // this set is checked on the text
				}
				ix.need = append(ix.need, b)
			}
			ps = append(ps, pending{l, ix})
		}
	}
	var trigIDs []int
	var trigRefs []trigRef
	trig := func(r trigRef) {
		id, ok := ids[r.lit]
		if !ok {
			id = len(lits)
			ids[r.lit] = id
			lits = append(lits, []byte(r.lit))
		}
		trigIDs, trigRefs = append(trigIDs, id), append(trigRefs, r)
	}
	// The literals of triggerIndex, in the lexicon's order.
	for ei, e := range issueLexicon {
		for _, t := range e.triggers {
			trig(trigRef{int32(ei), -1, t})
		}
	}
	for ni, n := range needLits {
		if n.indexed {
			for _, t := range n.lits {
				trig(trigRef{-1, int32(ni), t})
			}
		}
	}
	if len(lits) == 0 {
		return nil
	}
	ac := newLitScan(lits)
	for _, p := range ps {
		p.l.ix.Store(p.ix)
	}
	sc := &gateScanner{ac: ac, words: (len(lits) + 63) / 64, trigs: make([][]trigRef, len(lits))}
	for i, id := range trigIDs {
		sc.trigs[id] = append(sc.trigs[id], trigRefs[i])
	}
	return sc
}

// docIndex is the literals found in one article's lower-cased sentences.
type docIndex struct {
	sc   *gateScanner
	text string // the sentences, lower-cased, one after the other
	base uintptr
	// sentence i is text[at[i]:at[i+1]]; its hits are hits[hitAt[i]:hitAt[i+1]]
	// (by end: a hit across two sentences is in the later one's range, and
	// every reader drops it because it starts before that sentence).
	at, hitAt []int32
	hits      []litHit
	// last is the sentence the last text found was in: most texts asked
	// about in a row are parts of one sentence.
	last    atomic.Int32
	present []uint64 // sentence i's literal ids: present[i*words:(i+1)*words]
}

// activeDocs are the registered buffers (copied on change: read on every
// gate check, written four times an article: two registrations, two
// releases).
var (
	activeDocs atomic.Pointer[[]*docIndex]
	activeMu   sync.Mutex
)

// lowerSentences returns each sentence's text lower-cased (asciiLower).
// The strings are slices of one buffer, which is scanned for every gate
// literal and registered; release unregisters it (when the article is
// done).
func lowerSentences(sents []Sentence) ([]string, *docIndex) {
	n := 0
	for _, s := range sents {
		n += len(s.Text)
	}
	lower := make([]string, len(sents))
	sc := theGateScanner()
	if sc == nil || n == 0 || n >= 1<<31 {
		for i, s := range sents {
			lower[i] = asciiLower(s.Text)
		}
		return lower, nil
	}
	buf := make([]byte, 0, n)
	at := make([]int32, len(sents)+1)
	for i, s := range sents {
		at[i] = int32(len(buf))
		buf = append(buf, s.Text...)
	}
	for i, c := range buf {
		if 'A' <= c && c <= 'Z' {
			buf[i] = c + 32
		}
	}
	at[len(sents)] = int32(len(buf))
	// buf is never written again: the string shares it.
	text := unsafe.String(unsafe.SliceData(buf), len(buf))
	for i := range sents {
		lower[i] = text[at[i]:at[i+1]]
	}
	di := newDocIndex(sc, text, at)
	return lower, di
}

// indexText scans text, whose sentences are sents (slices of it, in
// order), and registers it, for the patterns asked about the sentences as
// written; nil when the sentences are not so. release unregisters it.
func indexText(text string, sents []Sentence) *docIndex {
	sc := theGateScanner()
	if sc == nil || len(text) == 0 || len(text) >= 1<<31 {
		return nil
	}
	base := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	at := make([]int32, 1, 2*len(sents)+2)
	for _, s := range sents {
		if len(s.Text) == 0 {
			continue
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(s.Text)))
		// In uintptr, before any int32: a sentence longer than text, or
		// far past it, must not wrap around into range.
		if p < base || len(s.Text) > len(text) || p-base > uintptr(len(text)-len(s.Text)) || int32(p-base) < at[len(at)-1] {
			return nil
		}
		if st := int32(p - base); st > at[len(at)-1] {
			at = append(at, st) // the gap before it is a stretch of its own
		}
		at = append(at, int32(p-base)+int32(len(s.Text)))
	}
	if at[len(at)-1] < int32(len(text)) {
		at = append(at, int32(len(text)))
	}
	return newDocIndex(sc, text, at)
}

// newDocIndex scans text, cut into stretches at at (at[0] 0, the last
// len(text)), and registers it.
func newDocIndex(sc *gateScanner, text string, at []int32) *docIndex {
	n := len(at) - 1
	di := &docIndex{sc: sc, text: text, at: at, hitAt: make([]int32, n+1)}
	di.base = uintptr(unsafe.Pointer(unsafe.StringData(text)))
	di.hits = sc.ac.scan(text, make([]litHit, 0, len(text)/4))
	di.present = make([]uint64, n*sc.words)
	si := 0
	for hi, h := range di.hits {
		for int32(h.End) > di.at[si+1] {
			si++
			di.hitAt[si] = int32(hi)
		}
		if int32(h.Start) >= di.at[si] {
			di.present[si*sc.words+h.PatternID>>6] |= 1 << (h.PatternID & 63)
		}
	}
	for si < n {
		si++
		di.hitAt[si] = int32(len(di.hits))
	}
	activeMu.Lock()
	var next []*docIndex
	if cur := activeDocs.Load(); cur != nil {
		next = append(next, *cur...)
	}
	next = append(next, di)
	activeDocs.Store(&next)
	activeMu.Unlock()
	return di
}

// release unregisters di (nil: nothing to do).
func (di *docIndex) release() {
	if di == nil {
		return
	}
	activeMu.Lock()
	defer activeMu.Unlock()
	cur := activeDocs.Load()
	if cur == nil {
		return
	}
	var next []*docIndex
	for _, o := range *cur {
		if o != di {
			next = append(next, o)
		}
	}
	activeDocs.Store(&next)
}

// textSpan is where a text lies in a registered buffer: sentence si, bytes
// [lo, hi) of the buffer.
type textSpan struct {
	di     *docIndex
	si     int
	lo, hi int
}

// locateText finds s in a registered buffer, inside one sentence; ok is
// false when it is in none (check s itself).
func locateText(s string) (sp textSpan, ok bool) {
	docs := activeDocs.Load()
	if docs == nil || len(s) == 0 {
		return textSpan{}, false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for _, di := range *docs {
		if p < di.base || len(s) > len(di.text) || p-di.base > uintptr(len(di.text)-len(s)) {
			continue // not in this buffer (len(s) checked first: the subtraction would wrap)
		}
		lo := int(p - di.base)
		// The sentence holding lo: the last whose start is at or before it.
		i := int(di.last.Load())
		if int(di.at[i]) > lo || int(di.at[i+1]) <= lo {
			j := len(di.at) - 1
			for i = 0; i+1 < j; {
				m := int(uint(i+j) >> 1)
				if int(di.at[m]) <= lo {
					i = m
				} else {
					j = m
				}
			}
			di.last.Store(int32(i))
		}
		if lo+len(s) > int(di.at[i+1]) {
			return textSpan{}, false
		}
		return textSpan{di, i, lo, lo + len(s)}, true
	}
	return textSpan{}, false
}

// whole reports whether sp is its whole sentence.
func (sp textSpan) whole() bool {
	return sp.lo == int(sp.di.at[sp.si]) && sp.hi == int(sp.di.at[sp.si+1])
}

// inSentence reports whether sp's sentence holds a literal of b.
func (sp textSpan) inSentence(b *litBits) bool {
	w := sp.di.sc.words
	p := sp.di.present[sp.si*w : (sp.si+1)*w]
	for _, x := range b.words {
		if p[x.at]&x.bits != 0 {
			return true
		}
	}
	return false
}

// holds reports whether sp holds a literal of b.
func (sp textSpan) holds(b *litBits) bool {
	if !sp.inSentence(b) {
		return false
	}
	if sp.whole() {
		return true
	}
	for h := range sp.inside {
		if b.has(h.PatternID) {
			return true
		}
	}
	return false
}

// inside yields the hits of sp's sentence that lie inside sp, in order of
// end: the one walk over them that holds, gateHits and scanAt share.
func (sp textSpan) inside(yield func(litHit) bool) {
	di := sp.di
	for _, h := range di.hits[di.hitAt[sp.si]:di.hitAt[sp.si+1]] {
		if h.End > sp.hi {
			return
		}
		if h.Start >= sp.lo && !yield(h) {
			return
		}
	}
}

// gateHits appends the [start, end) of every literal of b inside sp to
// hits, relative to sp's start (by end).
func (sp textSpan) gateHits(b *litBits, hits [][2]int) [][2]int {
	if !sp.inSentence(b) {
		return hits
	}
	for h := range sp.inside {
		if b.has(h.PatternID) {
			hits = append(hits, [2]int{h.Start - sp.lo, h.End - sp.lo})
		}
	}
	return hits
}

// needs reports whether s, at sp, holds a literal of each of l's need
// sets (ix, l's).
func (sp textSpan) needs(l *lexRe, ix *lexIx, s string) bool {
	for i := range ix.need {
		if n := &ix.need[i]; n.lo < 0 && !containsAny(s, l.need[i]) || n.lo >= 0 && !sp.holds(n) {
			return false
		}
	}
	return true
}
