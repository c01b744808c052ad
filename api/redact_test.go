package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

const identity = "observer-17-callsign-KESTREL"

const reportWithIdentity = `{"client_id": "m17-0001", "observed_at": "2025-04-13T08:20:17Z", "lat": 50.90771, "lon": 34.79812,
 "precision": 1, "type": "assault", "mode": "missile", "target": "civilian", "killed": {"best": 35}, "perpetrator": "RU",
 "place": "Sumy, Pokrovska St", "source": {"kind": "monitor", "identity": "` + identity + `"}, "description": "Two missiles; team seen from the roof of School 4."}`

// postIdentified submits reportWithIdentity as a monitor and returns the
// ids it was given.
func postIdentified(t *testing.T, ts *testServer) (ids struct{ Report, Incident int64 }) {
	t.Helper()
	st, body := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", reportWithIdentity)
	if st != http.StatusCreated {
		t.Fatalf("POST: %d %s", st, body)
	}
	if err := json.Unmarshal(body, &ids); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestRedaction submits a report with a source identity and reads it back
// as every role: only an analyst, asking, sees the identity (audited);
// liaisons and the public get place and time coarsened; the identity is in
// no log line, audit line or other role's answer.
func TestRedaction(t *testing.T) {
	ts := MustOpenServer(t)
	var logs bytes.Buffer
	ts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ids := postIdentified(t, ts)
	path := fmt.Sprintf("/api/reports/%d", ids.Report)

	for _, role := range truce.Roles {
		st, body := ts.do(t, role, "GET", path, "")
		if st != http.StatusOK {
			t.Fatalf("%s: %d %s", role, st, body)
		}
		if bytes.Contains(body, []byte(identity)) {
			t.Errorf("%s sees the source's identity without asking: %s", role, body)
		}
		var v map[string]any
		json.Unmarshal(body, &v)
		switch role {
		case truce.RoleLiaison, truce.RolePublic:
			if v["lat"] != 50.9 || v["lon"] != 34.8 || v["observed_on"] != "2025-04-13" || v["observed_at"] != nil || v["place"] != nil {
				t.Errorf("%s view not coarsened: %s", role, body)
			}
			if bytes.Contains(body, []byte("School 4")) {
				t.Errorf("%s sees the monitor's description: %s", role, body)
			}
		default:
			if v["lat"] != 50.90771 || v["observed_at"] != "2025-04-13T08:20:17Z" || !bytes.Contains(body, []byte("School 4")) {
				t.Errorf("%s view coarsened: %s", role, body)
			}
		}
		// The incident as each role sees it.
		st, body = ts.do(t, role, "GET", fmt.Sprintf("/api/incidents/%d", ids.Incident), "")
		if st != http.StatusOK || bytes.Contains(body, []byte(identity)) {
			t.Errorf("%s incident: %d %s", role, st, body)
		}
		if (role == truce.RoleLiaison || role == truce.RolePublic) && bytes.Contains(body, []byte("50.9077")) {
			t.Errorf("%s incident not coarsened: %s", role, body)
		}
	}

	before := ts.countAudit(t, "ok")
	st, body := ts.do(t, truce.RoleAnalyst, "GET", path+"?reveal=source", "")
	if st != http.StatusOK || !bytes.Contains(body, []byte(identity)) {
		t.Fatalf("analyst reveal: %d %s", st, body)
	}
	var n int
	ts.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE action = 'reveal-source' AND actor = 'analyst' AND target = ?`, fmt.Sprintf("report %d", ids.Report)).Scan(&n)
	if n != 1 || ts.countAudit(t, "ok") != before+1 {
		t.Errorf("reveal not audited (%d lines)", n)
	}
	for _, role := range []truce.Role{truce.RoleAdmin, truce.RoleMonitor, truce.RoleLiaison, truce.RolePublic} {
		st, body := ts.do(t, role, "GET", path+"?reveal=source", "")
		if st != http.StatusForbidden || bytes.Contains(body, []byte(identity)) {
			t.Errorf("%s reveal: %d %s", role, st, body)
		}
	}

	// A bad submission's error does not echo the identity.
	bad := strings.Replace(reportWithIdentity, `"lat": 50.90771`, `"lat": 95`, 1)
	bad = strings.Replace(bad, "m17-0001", "m17-0002", 1)
	if st, body := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", bad); st != http.StatusBadRequest || bytes.Contains(body, []byte(identity)) {
		t.Errorf("bad report: %d %s", st, body)
	}
	// Nowhere else: logs, the audit log, the transparency log's entries.
	if bytes.Contains(logs.Bytes(), []byte(identity)) {
		t.Errorf("the server log holds the identity")
	}
	var leaks int
	ts.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE actor || action || target LIKE ?`, "%"+identity+"%").Scan(&leaks)
	if leaks != 0 {
		t.Errorf("the audit log holds the identity")
	}
	ts.DB.SQL().QueryRow(`SELECT COUNT(*) FROM tlog_leaves WHERE instr(entry, ?) > 0 OR instr(ref, ?) > 0`, []byte(identity), identity).Scan(&leaks)
	if leaks != 0 {
		t.Errorf("the transparency log holds the identity")
	}
}

// TestOtherParties: a liaison acts only for their own party.
func TestOtherParties(t *testing.T) {
	ts := MustOpenServer(t)
	ids := postIdentified(t, ts)
	if st, body := ts.do(t, truce.RoleAnalyst, "POST", fmt.Sprintf("/api/incidents/%d/verify", ids.Incident), `{"reason": "seen"}`); st != http.StatusOK {
		t.Fatalf("verify: %d %s", st, body)
	}
	dispute := fmt.Sprintf("/api/incidents/%d/dispute", ids.Incident)
	before := ts.countAudit(t, "denied")
	if st, body := ts.do(t, truce.RoleLiaison, "POST", dispute, `{"party": "RU", "reason": "not us"}`); st != http.StatusForbidden {
		t.Errorf("a UA liaison disputing for RU: %d %s", st, body)
	}
	if ts.countAudit(t, "denied") != before+1 {
		t.Error("the refused dispute was not audited as a denial")
	}
	if st, body := ts.do(t, truce.RoleLiaison, "POST", dispute, `{"party": "UA", "reason": "the strike was intercepted"}`); st != http.StatusOK {
		t.Errorf("a UA liaison disputing for UA: %d %s", st, body)
	} else if bytes.Contains(body, []byte(`"by"`)) {
		t.Errorf("the liaison's view names the mission's staff: %s", body)
	}
	// A monitor may fetch the proof of their own report only.
	if st, body := ts.do(t, truce.RoleMonitor, "GET", "/api/reports/1/proof", ""); st != http.StatusOK && st != http.StatusNotFound {
		t.Errorf("owner's proof: %d %s", st, body)
	}
}

// TestDecisionReasons: the mission's own reasons for its decisions (which
// can name a team, its post or a source) reach its staff only; liaisons and
// the public read the reason written for publication, or none, and a
// party's dispute in its own words.
func TestDecisionReasons(t *testing.T) {
	ts := MustOpenServer(t)
	ids := postIdentified(t, ts)
	inc := fmt.Sprintf("/api/incidents/%d", ids.Incident)
	const (
		private = "team 4 saw both impacts from the checkpoint on Pokrovska St"
		public  = "verified by the mission's monitors on the ground"
		reply   = "contest answered after a second visit by team 4 with the KESTREL contact"
	)
	steps := []struct {
		role truce.Role
		path string
		body string
	}{
		{truce.RoleAnalyst, "/verify", fmt.Sprintf(`{"reason": %q, "public_reason": %q}`, private, public)},
		{truce.RoleLiaison, "/dispute", `{"party": "UA", "reason": "the strike was intercepted"}`},
		{truce.RoleAnalyst, "/uphold", fmt.Sprintf(`{"reason": %q}`, reply)},
	}
	for _, s := range steps {
		if st, body := ts.do(t, s.role, "POST", inc+s.path, s.body); st != http.StatusOK {
			t.Fatalf("%s: %d %s", s.path, st, body)
		}
	}
	for _, role := range truce.Roles {
		st, body := ts.do(t, role, "GET", inc, "")
		if st != http.StatusOK {
			t.Fatalf("%s: %d %s", role, st, body)
		}
		staff := fullView(role)
		for _, text := range []string{private, reply} {
			if got := bytes.Contains(body, []byte(text)); got != staff {
				t.Errorf("%s sees %q: %v, want %v: %s", role, text, got, staff, body)
			}
		}
		for _, text := range []string{public, "the strike was intercepted"} {
			if !bytes.Contains(body, []byte(text)) {
				t.Errorf("%s does not see %q: %s", role, text, body)
			}
		}
		if !staff && !bytes.Contains(body, []byte("reasons withheld")) {
			t.Errorf("%s is not told that reasons are withheld: %s", role, body)
		}
	}
	// A dispute's reason is public already: it takes no public reason.
	st, body := ts.do(t, truce.RoleLiaison, "POST", inc+"/dispute", `{"party": "UA", "reason": "again", "public_reason": "x"}`)
	if st != http.StatusBadRequest || !bytes.Contains(body, []byte("public_reason")) {
		t.Errorf("dispute with a public reason: %d %s", st, body)
	}
}
