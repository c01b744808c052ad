package extract

// litScan is an Aho-Corasick automaton compiled to a full DFA over byte
// classes: one table look-up a byte, and at a state where literals end,
// their ids (every literal that ends there, the ones inside longer ones
// too). It reports every occurrence of every literal (overlapping).
//
// Hand-written rather than github.com/coregx/ahocorasick, which builds
// the same automaton: its FindAllOverlapping returns a new slice of
// matches grown by append, and reads each match state's ids through a
// function call, which cost more than the scan itself (measured on
// BenchmarkExtract, callgrind, per op: the two scans of an article and
// building their index, 88,000 + 38,000 instructions with the library,
// 67,000 + 26,000 here). cloudflare/ahocorasick reports each literal once,
// not where it is, and its Match is not safe for concurrent use;
// BobuSumisu/aho-corasick keeps a 2 KB row a state.
// petar-dambovaliev/aho-corasick was not measured.
type litScan struct {
	class [256]uint8 // byte -> class (0: in no literal)
	shift uint       // a state's row is state<<shift
	// trans[s<<shift|c] is the state after class c in state s, as its
	// row (s<<shift), with litEnd set where a literal ends.
	trans []uint32
	outAt []int32 // the literals ending at state s: outs[outAt[s]:outAt[s+1]]
	outs  []int32
	lens  []int32 // literal id -> length
}

const litEnd = 1 << 31

// newLitScan builds the automaton of lits (none empty).
func newLitScan(lits [][]byte) *litScan {
	ls := &litScan{lens: make([]int32, len(lits))}
	nc := 1
	for _, l := range lits {
		for _, c := range l {
			if ls.class[c] == 0 {
				ls.class[c] = uint8(nc)
				nc++
			}
		}
	}
	stride := 1
	for stride < nc {
		stride *= 2
		ls.shift++
	}
	// The trie: next[s*stride+c] (0: none; the root is 0 and is never a
	// child), the literals ending at each state.
	next := make([]int32, stride)
	var own [][]int32
	own = append(own, nil)
	for id, l := range lits {
		ls.lens[id] = int32(len(l))
		s := int32(0)
		for _, c := range l {
			t := next[int(s)*stride+int(ls.class[c])]
			if t == 0 {
				t = int32(len(own))
				own = append(own, nil)
				next = append(next, make([]int32, stride)...)
				next[int(s)*stride+int(ls.class[c])] = t
			}
			s = t
		}
		own[s] = append(own[s], int32(id))
	}
	n := len(own)
	// Breadth first: a state's fail state is shallower, so its row and
	// its literals are complete when the state is reached.
	fail := make([]int32, n)
	outs := make([][]int32, n)
	ls.trans = make([]uint32, n*stride)
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		outs[s] = append(own[s], outs[fail[s]]...)
		if s == 0 {
			outs[s] = own[s]
		}
		for c := 0; c < stride; c++ {
			t := next[int(s)*stride+c]
			if t != 0 && c < nc {
				if s != 0 {
					fail[t] = int32(ls.trans[int(fail[s])<<ls.shift+c]&^litEnd) >> ls.shift
				}
				ls.trans[int(s)<<ls.shift+c] = uint32(t) << ls.shift
				queue = append(queue, t)
			} else if s != 0 {
				ls.trans[int(s)<<ls.shift+c] = ls.trans[int(fail[s])<<ls.shift+c]
			}
		}
	}
	ls.outAt = make([]int32, n+1)
	for s := 0; s < n; s++ {
		ls.outAt[s] = int32(len(ls.outs))
		ls.outs = append(ls.outs, outs[s]...)
	}
	ls.outAt[n] = int32(len(ls.outs))
	for i, t := range ls.trans {
		if s := t >> ls.shift; len(outs[s]) > 0 {
			ls.trans[i] = t | litEnd
		}
	}
	return ls
}

// litHit is an occurrence of literal PatternID at text[Start:End].
type litHit struct {
	Start, End, PatternID int
}

// scan appends every occurrence of every literal in text to hits, by end
// (at one end, the longest literal first).
func (ls *litScan) scan(text string, hits []litHit) []litHit {
	s := uint32(0)
	for i := 0; i < len(text); i++ {
		s = ls.trans[s|uint32(ls.class[text[i]])]
		if s&litEnd != 0 {
			s &^= litEnd
			st := s >> ls.shift
			for _, id := range ls.outs[ls.outAt[st]:ls.outAt[st+1]] {
				hits = append(hits, litHit{i + 1 - int(ls.lens[id]), i + 1, int(id)})
			}
		}
	}
	return hits
}
