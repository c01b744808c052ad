package tlog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
)

// GenerateKey returns a new ed25519 note key pair for a log (or witness)
// called name, which becomes the checkpoints' origin line, e.g.
// "truce.example.org/log".
func GenerateKey(name string) (skey, vkey string, err error) {
	if name == "" || strings.ContainsAny(name, "+ \t\n") {
		return "", "", truce.FieldErrorf("name", "%q is not a key name (non-empty, no spaces or '+')", name)
	}
	return note.GenerateKey(rand.Reader, name)
}

// WriteKeyFiles writes skey to path (mode 0600, never overwriting) and vkey
// to path+".pub" (mode 0644).
func WriteKeyFiles(path, skey, vkey string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(skey + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(path+".pub", []byte(vkey+"\n"), 0o644)
}

// LoadOrCreateKey reads the log's private key from path, creating a new key
// pair named name there (and its public key at path+".pub") when the file
// does not exist. It refuses a key file readable by others.
func LoadOrCreateKey(path, name string) (skey string, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		skey, vkey, err := GenerateKey(name)
		if err != nil {
			return "", false, err
		}
		if err := WriteKeyFiles(path, skey, vkey); err != nil {
			return "", false, err
		}
		return skey, true, nil
	} else if err != nil {
		return "", false, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", false, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", false, fmt.Errorf("%s: log key file has mode %v; it must be readable by its owner only (chmod 600)", path, st.Mode().Perm())
	}
	skey = strings.TrimSpace(string(b))
	if _, _, err := parseKey(skey); err != nil {
		return "", false, fmt.Errorf("%s: %w", path, err)
	}
	return skey, false, nil
}

// ReadVerifierKey reads a note verifier key ("name+hash+base64") from a file.
func ReadVerifierKey(path string) (note.Verifier, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: not a note verifier key: %w", path, err)
	}
	return v, nil
}

// VerifierKey returns the public verifier key string of a private key.
func VerifierKey(skey string) (string, error) {
	s, _, err := parseKey(skey)
	if err != nil {
		return "", err
	}
	// PRIVATE+KEY+name+hash+base64(0x01 || seed), checked by parseKey.
	parts := strings.SplitN(skey, "+", 5)
	seed, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil {
		return "", err
	}
	pub := ed25519.NewKeyFromSeed(seed[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(s.Name(), pub)
}

func parseKey(skey string) (note.Signer, note.Verifier, error) {
	s, v, err := fnote.NewEd25519SignerVerifier(skey)
	if err != nil {
		return nil, nil, fmt.Errorf("not an ed25519 note private key: %v", err)
	}
	return s, v, nil
}
