package extract

import (
	"regexp/syntax"
	"slices"
	"sync"
	"unicode/utf8"
)

// dfa answers whether a pattern matches anywhere in a text, with a
// deterministic automaton built lazily from the program Go's regexp
// compiles for the same pattern. Go's regexp has no DFA: its backtracker
// tries every start position and every alternative, and its NFA steps
// every thread at every character, so a pattern of many alternatives or
// bounded repeats ("[^.;]{0,60}") costs tens of ns a byte. Here each
// character costs one table look-up once the states a text meets are
// built; most calls only ask whether there is a match, or ask for matches
// where there are none.
//
// The automaton's states are sets of program counters (the threads alive
// after a character, before the empty-width assertions at the next
// position are read) with the kind of character before (word, newline,
// other, none), which is all \b, \B, ^ and $ need with the character after.
// A match anywhere is all that is asked, so thread priorities do not
// matter. Characters are read as Go's regexp reads them (UTF-8, an invalid
// byte as U+FFFD) and grouped into classes that no instruction tells
// apart. The states are kept between calls, at most maxDFAStates of them:
// when a text needs more, the cache is emptied and the call answers
// "unknown" (ok false), for the caller to ask the regexp.
type dfa struct {
	mu   sync.Mutex
	expr string
	// anchored: every match starts where the text does (no thread is
	// started at later positions). It answers "does a match start here?",
	// which locate asks at each position to find where the leftmost match
	// starts.
	anchored bool
	prog     *syntax.Prog
	// sets are the distinct character sets of the program's consuming
	// instructions; setOf maps a pc to its set (-1: not consuming).
	sets  []*syntax.Inst
	setOf []int32
	// classes: ascii and other map characters to classes; each class has
	// a representative character, its kind (catWord, catNL, catOther) and
	// which sets hold it.
	ascii  [utf8.RuneSelf]uint16
	other  map[rune]uint16
	bySig  map[string]uint16
	rep    []rune
	kind   []uint8
	holds  [][]uint64 // class -> bitset over sets
	states []*dstate
	// trans is the transition table, stride entries a state: the state
	// after a character of class c in state si is trans[si*stride+c]: 0
	// not built yet, dMatch a match is found before or at that character,
	// dDead (anchored) no match can follow, else index+1 in states, with
	// matchedBit set (anchored) when a match ends before the character. One
	// flat table of 16-bit entries: a step is one load, where a table per
	// state cost three dependent ones and most of the time of a scan, and
	// the tables of hundreds of patterns compete for the cache.
	trans  []int16
	stride int
	byKey  map[string]int32
	// starts[k] is the state before the first character of a text whose
	// character before is of kind k (catEdge: none), index+1 (0: not built).
	starts [4]int32
	// scratch for closures
	seen  []uint32 // pc -> mark
	mark  uint32
	stack []uint32
	read  int // the bytes the last run read
}

// dstate is a state: the threads alive (program counters, sorted) and the
// kind of the character read last.
type dstate struct {
	pcs   []uint32
	prev  uint8
	atEnd int8 // 0 not known, 1 the text's end completes a match, -1 not
}

const (
	catOther = iota
	catWord
	catNL
	catEdge // before the first character, or after the last
)

const (
	dMatch       = -1
	dDead        = -2
	matchedBit   = 1 << 14 // above every state index: 2*maxDFAStates+1 < 1<<14
	maxDFAStates = 2000
)

// ctxOf[prev][next] are the empty-width conditions that hold between a
// character of kind prev and one of kind next (syntax.EmptyOpContext).
var ctxOf = func() (t [4][4]syntax.EmptyOp) {
	rep := [4]rune{' ', 'a', '\n', -1}
	for p := range rep {
		for n := range rep {
			t[p][n] = syntax.EmptyOpContext(rep[p], rep[n])
		}
	}
	return t
}()

func newDFA(expr string) *dfa { return &dfa{expr: expr} }

// init compiles the program as regexp.Compile does and finds the sets.
func (d *dfa) init() {
	p, err := syntax.Parse(d.expr, syntax.Perl)
	if err != nil {
		panic(err) // unreachable: the pattern compiled already
	}
	prog, err := syntax.Compile(p.Simplify())
	if err != nil {
		panic(err)
	}
	d.prog = prog
	d.setOf = make([]int32, len(prog.Inst))
	for pc := range prog.Inst {
		in := &prog.Inst[pc]
		d.setOf[pc] = -1
		switch in.Op {
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			i := slices.IndexFunc(d.sets, func(o *syntax.Inst) bool {
				return o.Op == in.Op && o.Arg == in.Arg && slices.Equal(o.Rune, in.Rune)
			})
			if i < 0 {
				i = len(d.sets)
				d.sets = append(d.sets, in)
			}
			d.setOf[pc] = int32(i)
		}
	}
	d.other = map[rune]uint16{}
	d.bySig = map[string]uint16{}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		d.ascii[r] = d.classOf(r)
	}
	d.seen = make([]uint32, len(prog.Inst))
	d.stride = 2 * len(d.rep)
	d.reset()
}

// reset empties the state cache (the character classes stay).
func (d *dfa) reset() {
	d.states = d.states[:0]
	d.trans = d.trans[:0]
	d.byKey = map[string]int32{}
	d.starts = [4]int32{}
}

// start returns the state before the first character of a text whose
// character before is of kind prev: no thread yet, or for an anchored
// automaton the program's start (closure follows it).
func (d *dfa) start(prev uint8) int32 {
	if d.starts[prev] == 0 {
		var pcs []uint32
		if d.anchored {
			pcs = []uint32{uint32(d.prog.Start)}
		}
		d.starts[prev] = d.state(pcs, prev) + 1
	}
	return d.starts[prev] - 1
}

// kindBefore is the kind of the character before position i of s, as Go's
// regexp reads it for \b and ^ there.
func kindBefore(s string, i int) uint8 {
	if i == 0 {
		return catEdge
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return kindOf(r)
}

// kindOf is the kind of a character for the empty-width assertions: word,
// newline or other.
func kindOf(r rune) uint8 {
	switch {
	case syntax.IsWordChar(r):
		return catWord
	case r == '\n':
		return catNL
	}
	return catOther
}

// nextMark starts a new set of marks in seen (clearing them all when the
// counter wraps).
func (d *dfa) nextMark() {
	d.mark++
	if d.mark == 0 {
		clear(d.seen)
		d.mark = 1
	}
}

// classOf returns the class of r, making one when no class has its
// signature (its kind and the sets that hold it).
func (d *dfa) classOf(r rune) uint16 {
	k := kindOf(r)
	bits := make([]uint64, (len(d.sets)+63)/64)
	for i, in := range d.sets {
		if in.MatchRune(r) {
			bits[i/64] |= 1 << (i % 64)
		}
	}
	sig := make([]byte, 0, 1+8*len(bits))
	sig = append(sig, k)
	for _, b := range bits {
		for j := 0; j < 8; j++ {
			sig = append(sig, byte(b>>(8*j)))
		}
	}
	if c, ok := d.bySig[string(sig)]; ok {
		return c
	}
	c := uint16(len(d.rep))
	if int(c) >= d.stride && d.stride > 0 {
		d.widen()
	}
	d.bySig[string(sig)] = c
	d.rep = append(d.rep, r)
	d.kind = append(d.kind, k)
	d.holds = append(d.holds, bits)
	return c
}

// widen doubles the stride of the transition table, for a new class.
func (d *dfa) widen() {
	n := 2 * d.stride
	t := make([]int16, len(d.states)*n)
	for si := range d.states {
		copy(t[si*n:], d.trans[si*d.stride:(si+1)*d.stride])
	}
	d.trans, d.stride = t, n
}

// maxOtherRunes bounds the non-ASCII characters whose class is kept: a
// stream of text in other scripts would otherwise grow the map without end.
const maxOtherRunes = 4096

// otherClass returns the class of a non-ASCII character not in other,
// keeping it there while there is room.
func (d *dfa) otherClass(r rune) uint16 {
	c := d.classOf(r)
	if len(d.other) < maxOtherRunes {
		d.other[r] = c
	}
	return c
}

// state returns the index of the state of pcs (sorted, distinct) after a
// character of kind prev, making it when new.
func (d *dfa) state(pcs []uint32, prev uint8) int32 {
	key := make([]byte, 0, 1+4*len(pcs))
	key = append(key, prev)
	for _, pc := range pcs {
		key = append(key, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
	}
	if i, ok := d.byKey[string(key)]; ok {
		return i
	}
	i := int32(len(d.states))
	d.states = append(d.states, &dstate{pcs: slices.Clone(pcs), prev: prev})
	d.trans = append(d.trans, make([]int16, d.stride)...)
	d.byKey[string(key)] = i
	return i
}

// closure follows, from the threads of st and a new thread at the start
// (the search is unanchored), the instructions that read no character
// under the conditions ctx; it returns the consuming pcs reached, or match
// true when a match instruction is.
func (d *dfa) closure(st *dstate, ctx syntax.EmptyOp, out []uint32) ([]uint32, bool) {
	d.nextMark()
	stack := d.stack[:0]
	if !d.anchored {
		stack = append(stack, uint32(d.prog.Start))
	}
	for i := len(st.pcs) - 1; i >= 0; i-- {
		stack = append(stack, st.pcs[i])
	}
	match := false
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d.seen[pc] == d.mark {
			continue
		}
		d.seen[pc] = d.mark
		in := &d.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Arg, in.Out)
		case syntax.InstCapture, syntax.InstNop:
			stack = append(stack, in.Out)
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(in.Arg)&^ctx == 0 {
				stack = append(stack, in.Out)
			}
		case syntax.InstMatch:
			match = true
			if d.anchored {
				// Leftmost-first: the threads after a match (of lower
				// priority) are cut, as Go's regexp cuts them.
				stack = stack[:0]
			}
		case syntax.InstFail:
		default:
			out = append(out, pc)
		}
	}
	d.stack = stack
	return out, match
}

// step builds the transition of state si on class c.
func (d *dfa) step(si int32, c uint16) int16 {
	st := d.states[si]
	cons, match := d.closure(st, ctxOf[st.prev][d.kind[c]], nil)
	if match && !d.anchored {
		return dMatch // a match is all an unanchored search asks
	}
	holds := d.holds[c]
	var next []uint32
	for _, pc := range cons {
		if s := d.setOf[pc]; holds[s/64]&(1<<(s%64)) != 0 {
			next = append(next, d.prog.Inst[pc].Out)
		}
	}
	if !d.anchored {
		slices.Sort(next)
		return int16(d.state(slices.Compact(next), d.kind[c]) + 1)
	}
	if len(next) == 0 {
		if match {
			return dMatch
		}
		return dDead
	}
	// Anchored, the threads stay in the order of their priority (the
	// first of a pc is the one that counts), so that the match found last
	// is the one Go's regexp prefers.
	d.nextMark()
	kept := next[:0]
	for _, pc := range next {
		if d.seen[pc] != d.mark {
			d.seen[pc] = d.mark
			kept = append(kept, pc)
		}
	}
	ni := int16(d.state(kept, d.kind[c]) + 1)
	if match {
		ni |= matchedBit // a match ends here; higher priority threads read on
	}
	return ni
}

// endMatch reports whether the text's end, after state st, completes a match.
func (d *dfa) endMatch(st *dstate) bool {
	if st.atEnd == 0 {
		_, m := d.closure(st, ctxOf[st.prev][catEdge], nil)
		st.atEnd = -1
		if m {
			st.atEnd = 1
		}
	}
	return st.atEnd > 0
}

// match reports whether the pattern matches somewhere in s; ok is false
// when the state cache filled up on s (ask the regexp).
func (d *dfa) match(s string) (matched, ok bool) {
	end, ok := d.matchEnd(s, 0)
	return end >= 0, ok
}

// matchEnd returns where the match of s[from:] that ends first ends (-1:
// none), s[from:] read with the character before from as its context; ok
// is false when the state cache filled up.
func (d *dfa) matchEnd(s string, from int) (end int, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ready()
	return d.run(s, from, d.start(kindBefore(s, from)))
}

// ready builds the program on first use and empties a full cache.
func (d *dfa) ready() {
	if d.prog == nil {
		d.init()
	}
	if len(d.states) > maxDFAStates {
		d.reset()
	}
}

// next reads the character of s at byte i and returns the transition of
// state si on its class (built when first taken) and where the character
// after starts; ok is false when the state cache filled up (it is emptied).
func (d *dfa) next(s string, i int, si int32) (n int16, after int, ok bool) {
	var c uint16
	if b := s[i]; b < utf8.RuneSelf {
		c = d.ascii[b]
		i++
	} else {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		var found bool
		if c, found = d.other[r]; !found {
			c = d.otherClass(r)
		}
	}
	t := int(si)*d.stride + int(c)
	if n = d.trans[t]; n == 0 {
		if len(d.states) > 2*maxDFAStates {
			d.reset()
			return 0, i, false
		}
		n = d.step(si, c)
		d.trans[t] = n
	}
	return n, i, true
}

// run feeds s from byte i to the automaton in state si and returns where
// a match ends (-1: none); ok is false when the state cache filled up.
// An unanchored automaton stops at the first match it finds (its steps
// never set matchedBit). An anchored one reads on to where the match Go's
// regexp prefers among those that start at the first byte read ends: the
// match found last, the threads kept in the order of their priority and
// those behind a match cut, as Go's NFA does; it stops when no thread is
// left. d.read is set to the bytes read.
func (d *dfa) run(s string, i int, si int32) (end int, ok bool) {
	from, last := i, -1
	for i < len(s) {
		at := i
		var n int16
		var ok bool
		if n, i, ok = d.next(s, i, si); !ok {
			return -1, false
		}
		switch {
		case n == dMatch:
			d.read = i - from
			return at, true
		case n == dDead:
			d.read = i - from
			return last, true
		case n&matchedBit != 0:
			last = at
		}
		si = int32(n&^matchedBit) - 1
	}
	d.read = i - from
	if d.endMatch(d.states[si]) {
		last = len(s)
	}
	return last, true
}

// leftmost returns the first position p in [from, to] at which a match
// starts (-1: none), trying the positions Go's regexp tries (character
// starts), and where the match Go's regexp prefers among those starting
// at p ends: the read that finds a match at p goes on to that end, so
// the match is read once. d must be anchored. ok is false when the cache
// filled up or the tries read more than budget bytes (a pattern that can
// start almost anywhere and run long, "[^.;]{0,60}x", costs a read of up
// to 60 bytes a position): the caller asks the regexp.
func (d *dfa) leftmost(s string, from, to, budget int) (p, end int, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ready()
	for i := from; i <= to; {
		end, ok := d.run(s, i, d.start(kindBefore(s, i)))
		if !ok {
			return -1, -1, false
		}
		if end >= 0 {
			return i, end, true
		}
		if budget -= d.read + 1; budget < 0 {
			return -1, -1, false
		}
		if i == len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
	}
	return -1, -1, true
}
