package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// TestPublishDaily publishes the public edition of a daily report: it is
// stored byte for byte, holds no source identity, and anyone can prove it
// is in the transparency log.
func TestPublishDaily(t *testing.T) {
	ts := MustOpenServer(t)
	if st, body := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", reportWithIdentity); st != http.StatusCreated {
		t.Fatalf("POST report: %d %s", st, body)
	}
	if st, _ := ts.do(t, truce.RoleMonitor, "POST", "/api/daily/publish?date=2025-04-13", ""); st != http.StatusForbidden {
		t.Errorf("a monitor publishing: %d, want 403", st)
	}
	st, body := ts.do(t, truce.RoleAnalyst, "POST", "/api/daily/publish?date=2025-04-13", "")
	if st != http.StatusCreated {
		t.Fatalf("publish: %d %s", st, body)
	}
	var pub PublicationCreated
	json.Unmarshal(body, &pub)
	st, published := ts.do(t, truce.RolePublic, "GET", fmt.Sprintf("/api/publications/%d", pub.Publication), "")
	if st != http.StatusOK || bytes.Contains(published, []byte(identity)) || !json.Valid(published) {
		t.Fatalf("publication: %d %s", st, published)
	}
	if _, err := ts.Log.Sign(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, body = ts.do(t, truce.RolePublic, "GET", fmt.Sprintf("/api/publications/%d/proof", pub.Publication), "")
	if st != http.StatusOK {
		t.Fatalf("proof: %d %s", st, body)
	}
	var b tlog.Bundle
	json.Unmarshal(body, &b)
	v, _ := note.NewVerifier(ts.VerifierKey)
	if _, err := tlog.VerifyBundle(&b, v); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Record, published) || b.Index != pub.Leaf {
		t.Errorf("the proof is of other bytes or another leaf (%d, want %d)", b.Index, pub.Leaf)
	}
}
