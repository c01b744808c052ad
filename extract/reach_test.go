package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIssueWindowsSound checks on real text (the dev corpus, when present,
// and the golden articles) that looking for issue phrases only in windows
// around their triggers finds exactly what running each pattern over the
// whole clause finds.
func TestIssueWindowsSound(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(devDir, "*.txt"))
	golden, _ := filepath.Glob("testdata/golden/*.txt")
	files = append(files, golden...)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(f, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Sentences(a) {
			lc := asciiLower(s.Text)
			for _, cl := range clauses(s.Text) {
				clc := lc[cl.start:cl.end]
				for _, e := range issueLexicon {
					want := e.re.re.FindAllStringIndex(clc, -1)
					var got [][]int
					if hits := triggerScan(clc)[issueIndex(e)]; len(hits) > 0 {
						got = indexInWindows(e.re, clc, windowsAt(clc, hits, e.reach, e.reach))
					}
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					n++
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%s %q in %q: (-whole +windows)\n%s", e.issue, e.re.re, clc, d)
					}
				}
			}
		}
	}
	t.Logf("%d pattern matches compared", n)
}

func issueIndex(e cue) int {
	for i := range issueLexicon {
		if issueLexicon[i].re == e.re {
			return i
		}
	}
	return -1
}
