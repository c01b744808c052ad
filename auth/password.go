package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"

	"github.com/truce-monitor/truce"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB of memory,
// 2 iterations, 1 degree of parallelism), 16-byte salt, 32-byte key.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 12

// hasher bounds concurrent argon2id computations: each takes 19 MiB and a
// core for tens of milliseconds, so an unbounded number of logins would
// exhaust memory (a denial of service by login attempts).
type hasher struct {
	sem            chan struct{}
	inflight, peak atomic.Int32 // for tests: hashes running now, and at most
}

func newHasher(n int) *hasher { return &hasher{sem: make(chan struct{}, n)} }

func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		n := h.inflight.Add(1)
		for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
		}
		return nil
	case <-ctx.Done():
		return truce.Errorf(truce.EINTERNAL, "password hashing busy: %v", ctx.Err())
	}
}

func (h *hasher) release() {
	h.inflight.Add(-1)
	<-h.sem
}

// hash returns the PHC string of password under a new salt.
func (h *hasher) hash(ctx context.Context, password string) (string, error) {
	if len(password) < MinPasswordLen {
		return "", truce.FieldErrorf("password", "at least %d characters required", MinPasswordLen)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, argonSaltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// verify reports whether password matches the PHC string encoded, using
// the parameters stored in it (so raising them later keeps old hashes valid).
func (h *hasher) verify(ctx context.Context, encoded, password string) (bool, error) {
	var version int
	var m uint32
	var t uint32
	var p uint8
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[1] != "argon2id" {
		return false, nil
	}
	if _, err := fmt.Sscanf(f[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, nil
	}
	if _, err := fmt.Sscanf(f[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || p == 0 {
		return false, nil
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(f[4])
	want, err2 := base64.RawStdEncoding.DecodeString(f[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, nil
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
