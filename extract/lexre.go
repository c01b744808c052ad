package extract

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// lexRe is a regular expression with a gate: literal strings one of which
// every match contains. Go's regexp engine has no DFA and runs a few MB/s on
// patterns made of many alternatives; checking the gate with strings.Contains
// first skips most sentences at memory speed. The gate is derived from the
// pattern itself, so it can never reject a sentence the pattern would match.
type lexRe struct {
	re   *regexp.Regexp
	gate []string // nil: no gate could be derived; the pattern always runs
}

// mustLex compiles a pattern and derives its gate.
func mustLex(pattern string) *lexRe {
	re := regexp.MustCompile(pattern)
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err) // unreachable: MustCompile accepted it
	}
	g, ok := required(p.Simplify())
	if !ok {
		g = nil
	}
	return &lexRe{re: re, gate: g}
}

func (l *lexRe) open(s string) bool { return l.gate == nil || containsAny(s, l.gate) }

// MatchString reports whether s contains a match.
func (l *lexRe) MatchString(s string) bool { return l.open(s) && l.re.MatchString(s) }

// FindStringIndex is regexp's FindStringIndex.
func (l *lexRe) FindStringIndex(s string) []int {
	if !l.open(s) {
		return nil
	}
	return l.re.FindStringIndex(s)
}

// FindStringSubmatchIndex is regexp's FindStringSubmatchIndex.
func (l *lexRe) FindStringSubmatchIndex(s string) []int {
	if !l.open(s) {
		return nil
	}
	return l.re.FindStringSubmatchIndex(s)
}

// FindAllStringIndex is regexp's FindAllStringIndex.
func (l *lexRe) FindAllStringIndex(s string, n int) [][]int {
	if !l.open(s) {
		return nil
	}
	return l.re.FindAllStringIndex(s, n)
}

// FindAllStringSubmatchIndex is regexp's FindAllStringSubmatchIndex.
func (l *lexRe) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !l.open(s) {
		return nil
	}
	return l.re.FindAllStringSubmatchIndex(s, n)
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

// matchReach is reach of a pattern, parsed as mustLex parses it.
func matchReach(pattern string) int {
	p, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	return reach(p.Simplify())
}
