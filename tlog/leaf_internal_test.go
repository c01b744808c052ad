package tlog

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCommitter: the committer a bulk append uses writes the entries
// Commit writes, and their RFC 6962 leaf hashes, reusing its state from
// one leaf to the next.
func TestCommitter(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	cm := newCommitter()
	for i := range 5000 {
		salt := make([]byte, SaltSize)
		for j := range salt {
			salt[j] = byte(rng.UintN(256))
		}
		kind := []string{KindReport, KindVerdicts, "k", strings.Repeat("long-kind-", 20)}[rng.IntN(4)]
		record := make([]byte, rng.IntN(3000))
		for j := range record {
			record[j] = byte(rng.UintN(256))
		}
		want, err := Commit(salt, kind, record)
		if err != nil {
			t.Fatal(err)
		}
		// Cut from a larger buffer, as AppendEach cuts them.
		buf := make([]byte, EntrySize+sha256.Size+7)
		entry, hash := buf[:EntrySize:EntrySize], buf[EntrySize:EntrySize+sha256.Size:EntrySize+sha256.Size]
		cm.commit(entry, hash, salt, kind, record)
		if !bytes.Equal(entry, want) {
			t.Fatalf("leaf %d: entry %x, want %x", i, entry, want)
		}
		if wantHash := hasher.HashLeaf(want); !bytes.Equal(hash, wantHash) {
			t.Fatalf("leaf %d: hash %x, want %x", i, hash, wantHash)
		}
		if !bytes.Equal(buf[EntrySize+sha256.Size:], make([]byte, 7)) {
			t.Fatalf("leaf %d: wrote past its hash", i)
		}
	}
}
