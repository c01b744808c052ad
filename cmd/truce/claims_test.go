package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClaimsCommand queues an article's claims twice (nothing is added the
// second time), lists them, accepts one and rejects another.
func TestClaimsCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "truce.db")
	if code, _, stderr := runCmd(t, "", "load", "--db", db, "../../scenario/builtin/april2025.yaml"); code != 0 {
		t.Fatalf("load: %s", stderr)
	}
	art := filepath.Join(dir, "a.txt")
	body := "date 2025-04-19 The US is prepared to recognize Russian control of Crimea, according to people familiar with the matter. Envoys met in Paris on Thursday."
	if err := os.WriteFile(art, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "", "claims", "add", "--db", db, art)
	if code != 0 || !strings.Contains(stdout, "2 new claims, 0 already queued") {
		t.Fatalf("add: %d %s %s", code, stdout, stderr)
	}
	if _, stdout, _ = runCmd(t, "", "claims", "add", "--db", db, art); !strings.Contains(stdout, "0 new claims, 2 already queued") {
		t.Errorf("add again: %s", stdout)
	}
	code, stdout, _ = runCmd(t, "", "claims", "list", "--db", db)
	if code != 0 || !strings.Contains(stdout, "US support crimea-recognition (sources)") || !strings.Contains(stdout, "talks Paris 2025-04-17") {
		t.Fatalf("list: %s", stdout)
	}
	if code, stdout, stderr = runCmd(t, "", "claims", "accept", "--db", db, "--by", "ana", "1"); code != 0 || !strings.HasPrefix(stdout, "claim 1 accepted: position:") {
		t.Errorf("accept: %d %s %s", code, stdout, stderr)
	}
	if code, _, stderr = runCmd(t, "", "claims", "reject", "--db", db, "2"); code != 1 || !strings.Contains(stderr, "reason") {
		t.Errorf("reject without reason: %d %s", code, stderr)
	}
	if code, stdout, _ = runCmd(t, "", "claims", "reject", "--db", db, "--reason", "not talks", "2"); code != 0 || stdout != "claim 2 rejected\n" {
		t.Errorf("reject: %d %q", code, stdout)
	}
	if _, stdout, _ = runCmd(t, "", "claims", "list", "--db", db, "--status", "all"); !strings.Contains(stdout, "rejected (not talks)") || !strings.Contains(stdout, "accepted → position:") {
		t.Errorf("list all: %s", stdout)
	}
	if code, _, stderr = runCmd(t, "", "claims", "accept", "--db", db, "1"); code != 1 || !strings.Contains(stderr, "accepted already") {
		t.Errorf("accept twice: %d %s", code, stderr)
	}
	if code, _, _ = runCmd(t, "", "claims", "frob"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
}
