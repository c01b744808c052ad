package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"a.txt": "date 2025-04-13 A Russian missile struck Sumy on Sunday, killing 34 people.",
		"b.txt": "no date line",
		"c.txt": "date 2025-04-19 The US is prepared to recognize Russian control of Crimea, according to people familiar with the matter.",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("ErrBadFile", func(t *testing.T) {
		out := t.TempDir()
		code, _, stderr := runCmd(t, "", "extract", "--out", out, dir)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if !strings.Contains(stderr, "1 of 3 articles failed") || !strings.Contains(stderr, "b.txt:1: first line does not start with `date YYYY-MM-DD`") {
			t.Errorf("stderr does not list the failure:\n%s", stderr)
		}
		for _, n := range []string{"a.json", "c.json"} {
			b, err := os.ReadFile(filepath.Join(out, n))
			if err != nil {
				t.Fatal(err)
			}
			var e map[string]any
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "b.json")); err == nil {
			t.Error("b.json written for a bad article")
		}
	})
	t.Run("OK", func(t *testing.T) {
		code, stdout, stderr := runCmd(t, "date 2025-04-24 A Russian strike on Kyiv killed eight people.", "extract", filepath.Join(dir, "a.txt"), "-")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) != 2 {
			t.Fatalf("got %d lines, want 2:\n%s", len(lines), stdout)
		}
		var e struct {
			Name      string
			Incidents []struct {
				Place  string
				Killed int
			}
		}
		if err := json.Unmarshal([]byte(lines[1]), &e); err != nil {
			t.Fatal(err)
		}
		if e.Name != "stdin" || len(e.Incidents) != 1 || e.Incidents[0].Place != "Kyiv" || e.Incidents[0].Killed != 8 {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code, _, _ := runCmd(t, "", "extract"); code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
	})
}

// TestEvalCommand scores the extract package's fixture with --pred and
// compares with the score script's saved output.
func TestEvalCommand(t *testing.T) {
	fixture := "../../extract/testdata/score"
	code, stdout, stderr := runCmd(t, "", "eval", "--pred", filepath.Join(fixture, "pred"), filepath.Join(fixture, "gold"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join(fixture, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("got\n%s\nwant\n%s", stdout, want)
	}
	if code, _, _ := runCmd(t, "", "eval", "--split", "half", fixture); code != 2 {
		t.Errorf("bad --split: exit %d, want 2", code)
	}
}
