package auth

import (
	"context"
	"sync"
	"testing"
)

func TestHasher(t *testing.T) {
	ctx := context.Background()
	h := newHasher(2)
	enc, err := h.hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := enc[:30], "$argon2id$v=19$m=19456,t=2,p=1"; got != want {
		t.Errorf("encoded parameters %q, want %q", got, want)
	}
	for _, tc := range []struct {
		enc, pw string
		want    bool
	}{
		{enc, "correct horse battery", true},
		{enc, "correct horse batterY", false},
		{enc[:len(enc)-2], "correct horse battery", false},
		{"$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "x", false},
		{"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$aGFzaA", "x", false},
		{"plain", "plain", false},
	} {
		if got, err := h.verify(ctx, tc.enc, tc.pw); err != nil || got != tc.want {
			t.Errorf("verify(%q, %q) = %v, %v; want %v", tc.enc, tc.pw, got, err, tc.want)
		}
	}
	// Eight concurrent hashes never run more than two at a time.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := h.verify(ctx, enc, "correct horse battery"); !ok || err != nil {
				t.Errorf("verify: %v %v", ok, err)
			}
		}()
	}
	wg.Wait()
	if p := h.peak.Load(); p != 2 {
		t.Errorf("peak concurrent hashes %d, want 2", p)
	}
	// A cancelled wait gives up instead of queueing forever.
	h.sem <- struct{}{}
	h.sem <- struct{}{}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := h.verify(cctx, enc, "x"); err == nil {
		t.Error("verify with a full semaphore and a cancelled context succeeded")
	}
}
