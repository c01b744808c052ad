package tlog

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/truce-monitor/truce"
)

// LeafVersion is the version byte that starts every leaf entry this code
// writes. A later format gets a new version; old leaves keep verifying.
const LeafVersion = 1

// SaltSize is the size in bytes of a leaf's salt.
const SaltSize = 32

// EntrySize is the size in bytes of a version-1 leaf entry.
const EntrySize = 1 + sha256.Size

// Leaf is one record to log: its kind ("report", "decision", "verdict",
// "publication"), its id in its own table, and its canonical bytes. Only a
// salted commitment to Record enters the log.
type Leaf struct {
	Kind   string
	Ref    string
	Record []byte
}

// Commit returns the version-1 leaf entry for a record:
//
//	0x01 || HMAC-SHA256(key = salt, "truce/leaf/v1\n" || kind || "\n" || record)
//
// Without the salt the entry reveals nothing about the record (not even
// whether two records are equal), so a published log cannot be searched for
// guessed texts or sources; with the salt the record's owner can prove it.
func Commit(salt []byte, kind string, record []byte) ([]byte, error) {
	if len(salt) != SaltSize {
		return nil, truce.Errorf(truce.EINVALID, "leaf salt is %d bytes, want %d", len(salt), SaltSize)
	}
	if kind == "" {
		return nil, truce.FieldErrorf("kind", "leaf kind required")
	}
	m := hmac.New(sha256.New, salt)
	fmt.Fprintf(m, "truce/leaf/v1\n%s\n", kind)
	m.Write(record)
	return m.Sum([]byte{LeafVersion}), nil
}

// newSalt returns a fresh random salt.
func newSalt() []byte {
	s := make([]byte, SaltSize)
	rand.Read(s) // never fails (crypto/rand panics on an unusable source)
	return s
}
