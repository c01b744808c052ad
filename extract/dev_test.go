package extract

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// devDir is the shared development corpus (not part of the repository).
const devDir = "../../shared/corpus/dev"

func devArticles(tb testing.TB) []*Article {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(devDir, "*.txt"))
	if len(files) == 0 {
		tb.Skipf("no development corpus at %s", devDir)
	}
	sort.Strings(files)
	var out []*Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := ParseArticle(f, b)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// devScore extracts the dev articles of a split (all, even, odd) and scores them.
func devScore(tb testing.TB, split string) Score {
	tb.Helper()
	names, err := GoldNames(devDir)
	if err != nil {
		tb.Skipf("no development corpus: %v", err)
	}
	var kept []string
	for i, n := range names {
		if split == "even" && i%2 != 0 || split == "odd" && i%2 == 0 {
			continue
		}
		kept = append(kept, n)
	}
	return scoreNames(tb, devDir, kept)
}

// scoreNames extracts the labelled articles names of dir and scores them.
func scoreNames(tb testing.TB, dir string, names []string) Score {
	tb.Helper()
	x := New()
	sc := NewScorer()
	for _, n := range names {
		gold, err := ReadGold(dir, n)
		if err != nil {
			tb.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, n+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		a, err := ParseArticle(n, b)
		if err != nil {
			tb.Fatal(err)
		}
		sc.Add(gold, AsJSONObject(x.Extract(a)))
	}
	return sc.Result()
}

// TestDevFloors guards against regressions: the F1 per kind on the whole dev
// set and on its odd half must stay at or above what the extractor reached
// when this test was written, less a small margin. The odd half was held
// out until the tenth round; the helpers of the eleventh and twelfth read
// the whole dev set's errors, so it is a development half now and its
// floor only a regression guard (0.762/1.0/0.857 after the twelfth round;
// all 0.911/1.0/0.929).
func TestDevFloors(t *testing.T) {
	floors := map[string]map[string]float64{
		// Set on 2026-12-06 to just under the scores after that day's
		// third round of general rules, read on news2025e's and news2025f's
		// errors (all 0.899/1.0/0.897, odd 0.730/1.0/0.800); "all"
		// positions raised after the tenth round (0.911). The odd half
		// stayed held out: scored in aggregate only (twice in that round,
		// the same both times), its errors unread; its positions fell from
		// 0.750 (one match fewer, one prediction fewer), so its floor was
		// lowered, not raised.
		"all": {"positions": 0.90, "incidents": 0.95, "talks": 0.92},
		"odd": {"positions": 0.75, "incidents": 0.95, "talks": 0.85},
	}
	for split, fl := range floors {
		s := devScore(t, split)
		var b strings.Builder
		_ = s.WriteText(&b)
		t.Logf("dev %s:\n%s", split, b.String())
		for k, min := range fl {
			if got := s.Kinds[k].F1; got < min {
				t.Errorf("dev %s %s: F1 %.3f, want >= %.2f", split, k, got, min)
			}
		}
	}
}

// dirScore extracts and scores every labelled article of a folder.
func dirScore(tb testing.TB, dir string) Score {
	tb.Helper()
	names, err := GoldNames(dir)
	if err != nil {
		tb.Fatalf("labelled set %s: %v", dir, err)
	}
	return scoreNames(tb, dir, names)
}

// TestNewsFloors guards the labelled sets written for this package: F1
// per kind must stay at or above what the extractor reached when the
// floors were set, less a margin. The floors were set on 2026-12-06 after
// the tenth round of general rules, and raised after the eleventh for the
// sets it lifted; each set's README has its scores round by round.
//
// Development sets (their errors have been read): news2025 to news2025f,
// news2025h (held out until the fifth round), news2025k (developed on in
// the sixth round), news2025j (seventh and eighth), news2025l (eighth and
// tenth), news2025m (ninth and tenth), news2025g and news2025i (held out
// until the tenth round, developed on in the eleventh) and news2025s
// (twelfth, talks).
//
// Held out (their errors never read, by the lead or by any helper who
// wrote rules): news2025n, news2025o, news2025p, news2025q, news2025r and
// news2025t. Their floors guard against losing ground on text the rules
// were not written from. Keep them unread: use the others.
func TestNewsFloors(t *testing.T) {
	floors := map[string]map[string]float64{
		"testdata/news2025":  {"positions": 0.95, "incidents": 0.95, "talks": 0.99},
		"testdata/news2025b": {"positions": 0.92, "incidents": 0.95, "talks": 0.97},
		"testdata/news2025c": {"positions": 0.94, "incidents": 0.97, "talks": 0.91},
		"testdata/news2025d": {"positions": 0.87, "incidents": 0.90, "talks": 0.97},
		"testdata/news2025e": {"positions": 0.89, "incidents": 0.95, "talks": 0.85},
		// news2025f: 0.924 since the eleventh round, which follows the
		// newer sets' convention that "should stay immobilised until X"
		// opposes the release; f01's label (written before it) is conditional.
		"testdata/news2025f": {"positions": 0.92, "incidents": 0.95, "talks": 0.92},
		"testdata/news2025g": {"positions": 0.75, "incidents": 0.95, "talks": 0.83},
		"testdata/news2025h": {"positions": 0.85, "incidents": 0.94, "talks": 0.89},
		"testdata/news2025i": {"positions": 0.77, "incidents": 0.89, "talks": 0.91},
		"testdata/news2025j": {"positions": 0.87, "incidents": 0.95, "talks": 0.94},
		"testdata/news2025k": {"positions": 0.78, "incidents": 0.87, "talks": 0.99},
		"testdata/news2025l": {"positions": 0.88, "incidents": 0.98, "talks": 0.92},
		"testdata/news2025m": {"positions": 0.91, "incidents": 0.90, "talks": 0.98},
		"testdata/news2025n": {"positions": 0.75, "incidents": 0.74, "talks": 0.88},
		"testdata/news2025o": {"positions": 0.80, "incidents": 0.94, "talks": 0.89},
		"testdata/news2025p": {"positions": 0.76, "incidents": 0.88, "talks": 0.92},
		"testdata/news2025q": {"positions": 0.71, "incidents": 0.83, "talks": 0.92},
		"testdata/news2025r": {"positions": 0.82, "incidents": 0.91, "talks": 0.56},
		"testdata/news2025s": {"positions": 0.70, "incidents": 0.95, "talks": 0.99},
		"testdata/news2025t": {"positions": 0.54, "incidents": 0.84, "talks": 0.92},
	}
	for dir, fl := range floors {
		s := dirScore(t, dir)
		for k, min := range fl {
			if got := s.Kinds[k].F1; got < min {
				t.Errorf("%s %s: F1 %.3f, want >= %.2f", dir, k, got, min)
			}
		}
	}
}
