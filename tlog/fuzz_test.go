package tlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// fuzzKey signs the checkpoints of the committed seed corpora
// (testdata/fuzz); it protects nothing.
const (
	fuzzKey  = "PRIVATE+KEY+fuzz.truce.test/log+940fdf07+AVNwNX1WBC3Cf6sb74z43802dUu3PESl/+xbPc8ikhgD"
	fuzzVKey = "fuzz.truce.test/log+940fdf07+AeLQ/Ci6OwsoMJtnDbMITI4cD58DqblPNAVCA+3W9KnG"
)

func fuzzVerifier(tb testing.TB) note.Verifier {
	v, err := note.NewVerifier(fuzzVKey)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// FuzzCheckpoint feeds arbitrary notes to the checkpoint parser and
// verifier: it must never panic, and what it accepts must re-verify.
func FuzzCheckpoint(f *testing.F) {
	v := fuzzVerifier(f)
	f.Add([]byte("fuzz.truce.test/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— fuzz.truce.test/log lA/fB2bad\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		cp, err := tlog.VerifyCheckpoint(msg, v)
		if err != nil {
			return
		}
		if cp.Origin != v.Name() {
			t.Fatalf("accepted a checkpoint of origin %q", cp.Origin)
		}
		again, err := tlog.VerifyCheckpoint(msg, v)
		if err != nil || again.Size != cp.Size || string(again.Hash) != string(cp.Hash) {
			t.Fatalf("re-verification differs: %v", err)
		}
	})
}

// FuzzBundle feeds arbitrary proof bundles (JSON) to the offline verifier:
// it must never panic, and a bundle it accepts must prove an index inside
// the checkpoint's tree.
func FuzzBundle(f *testing.F) {
	v := fuzzVerifier(f)
	f.Add([]byte(`{"kind":"report","ref":"1","record":"e30=","salt":"","index":0,"proof":[],"checkpoint":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b tlog.Bundle
		if json.Unmarshal(data, &b) != nil {
			return
		}
		cp, err := tlog.VerifyBundle(&b, v)
		if err != nil {
			return
		}
		if b.Index >= cp.Size {
			t.Fatalf("accepted leaf %d of a tree of size %d", b.Index, cp.Size)
		}
	})
}

// FuzzConsistency feeds arbitrary consistency proofs and roots to the
// verifier: it must never panic, and never accept a proof between two
// sizes whose older tree is larger.
func FuzzConsistency(f *testing.F) {
	f.Add(uint64(3), uint64(7), make([]byte, 32), make([]byte, 32), make([]byte, 96))
	f.Fuzz(func(t *testing.T, size1, size2 uint64, root1, root2, proof []byte) {
		var p [][]byte
		for len(proof) >= 32 {
			p, proof = append(p, proof[:32]), proof[32:]
		}
		old := &log.Checkpoint{Origin: "o", Size: size1, Hash: root1}
		cur := &log.Checkpoint{Origin: "o", Size: size2, Hash: root2}
		if tlog.VerifyConsistency(old, cur, p) == nil && size1 > size2 {
			t.Fatalf("accepted a consistency proof from %d down to %d", size1, size2)
		}
	})
}

// TestWriteFuzzSeeds regenerates the committed seed corpora from a real log
// (TRUCE_WRITE_FUZZ_SEEDS=1 go test ./tlog -run TestWriteFuzzSeeds).
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("TRUCE_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set TRUCE_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l, err := tlog.New(db.SQL(), fuzzKey, "")
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, db, l, 0, 7)
	cp, err := l.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write := func(target, name string, values ...[]byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		os.MkdirAll(dir, 0o755)
		s := "go test fuzz v1\n"
		for _, v := range values {
			s += fmt.Sprintf("[]byte(%q)\n", v)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("FuzzCheckpoint", "signed", cp)
	write("FuzzCheckpoint", "truncated", cp[:len(cp)-10])
	for i := 0; i < 7; i += 3 {
		b, err := l.Prove(ctx, "report", fmt.Sprint(i), []byte(fmt.Sprintf("record-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(b)
		write("FuzzBundle", fmt.Sprintf("leaf-%d", i), js)
	}
}

// TestFuzzSeeds checks that the committed seeds are real: the signed
// checkpoint and the bundles verify, so fuzzing starts from valid inputs.
func TestFuzzSeeds(t *testing.T) {
	v := fuzzVerifier(t)
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, lit, _ := strings.Cut(strings.TrimSpace(string(b)), "[]byte(")
		s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return []byte(s)
	}
	if _, err := tlog.VerifyCheckpoint(read("testdata/fuzz/FuzzCheckpoint/signed"), v); err != nil {
		t.Error(err)
	}
	bundles, _ := filepath.Glob("testdata/fuzz/FuzzBundle/leaf-*")
	if len(bundles) == 0 {
		t.Fatal("no bundle seeds")
	}
	for _, p := range bundles {
		var b tlog.Bundle
		if err := json.Unmarshal(read(p), &b); err != nil {
			t.Fatal(err)
		}
		if _, err := tlog.VerifyBundle(&b, v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
