package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScoreDirsFixture scores a small fixture (St./Saint, diacritics,
// numbers as strings, 25 km, ±1 and ±2 days, null dates, a missing and an
// unreadable prediction) and compares with the output of the score script
// saved in testdata/score/expected.txt.
func TestScoreDirsFixture(t *testing.T) {
	s, err := ScoreDirs("testdata/score/gold", "testdata/score/pred")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := s.WriteText(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/score/expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got.String()); d != "" {
		t.Errorf("score differs from the script's (-script +go):\n%s", d)
	}
}

// TestScoreAgreesWithScript runs the shared score script, when python3 and
// the script are there, on the fixture and on this extractor's predictions
// for the dev set, and requires the same output as ScoreDirs.
func TestScoreAgreesWithScript(t *testing.T) {
	script := "../../shared/corpus/score"
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(script); err != nil {
		t.Skipf("no score script at %s", script)
	}
	pred := t.TempDir()
	names, err := GoldNames(devDir)
	if err != nil {
		t.Skipf("no dev corpus: %v", err)
	}
	x := New()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(devDir, n+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(n, b)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.MarshalIndent(x.Extract(a), "", "  ")
		if err := os.WriteFile(filepath.Join(pred, n+".json"), js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dirs := range [][2]string{{"testdata/score/gold", "testdata/score/pred"}, {devDir, pred}} {
		out, err := exec.Command(py, script, dirs[0], dirs[1]).Output()
		if err != nil {
			t.Fatalf("score script: %v", err)
		}
		s, err := ScoreDirs(dirs[0], dirs[1])
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_ = s.WriteText(&got)
		if d := cmp.Diff(string(out), got.String()); d != "" {
			t.Errorf("%s: (-script +go):\n%s", dirs[0], d)
		}
	}
}
