package tlog

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"hash"

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

// committer computes leaf entries as Commit does, and their RFC 6962 leaf
// hashes, with one SHA-256 state it reuses (HMAC written out: the key, a
// salt, is shorter than a block): a bulk append makes one per goroutine
// instead of three hash states and their buffers per leaf.
type committer struct {
	h   hash.Hash
	buf []byte // the key block, then the inner hash
}

func newCommitter() *committer {
	return &committer{h: sha256.New(), buf: make([]byte, 0, sha256.BlockSize+64)}
}

// commit writes to entry (EntrySize bytes) what Commit(salt, kind, record)
// returns, and to leafHash (sha256.Size bytes) its leaf hash. The salt must
// be SaltSize bytes and kind not empty.
func (c *committer) commit(entry, leafHash, salt []byte, kind string, record []byte) {
	key := func(pad byte) []byte {
		b := c.buf[:sha256.BlockSize]
		for i := range b {
			b[i] = pad
			if i < len(salt) {
				b[i] ^= salt[i]
			}
		}
		return b
	}
	c.h.Reset()
	c.h.Write(key(0x36))
	b := append(append(append(c.buf[:0], "truce/leaf/v1\n"...), kind...), '\n')
	c.h.Write(b)
	c.h.Write(record)
	inner := c.h.Sum(c.buf[:0])
	var in [sha256.Size]byte
	copy(in[:], inner)
	c.h.Reset()
	c.h.Write(key(0x5c))
	c.h.Write(in[:])
	entry[0] = LeafVersion
	c.h.Sum(entry[1:1])
	// RFC 6962: the hash of 0x00 and the entry.
	c.h.Reset()
	c.buf = append(c.buf[:0], 0)
	c.h.Write(append(c.buf, entry[:EntrySize]...))
	c.h.Sum(leafHash[:0])
}

// newSalt returns a fresh random salt.
func newSalt() []byte {
	s := make([]byte, SaltSize)
	rand.Read(s) // never fails (crypto/rand panics on an unusable source)
	return s
}
