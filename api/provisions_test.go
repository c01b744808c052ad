package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

const statusPath = "/api/provisions/paris-2025/ceasefire/status"

// TestProvisionStatus changes a provision's status over the API: the
// history shows who, when and why; the change is a transparency-log leaf,
// bumps the rules version and is on the change feed; bad requests get
// field-level 400s and change nothing.
func TestProvisionStatus(t *testing.T) {
	ctx := context.Background()
	ts := MustOpenServer(t)
	ts.DB.Hooks = tlog.StoreHooks()
	version0, err := ts.DB.RulesVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	code, b := ts.do(t, truce.RoleAnalyst, "POST", statusPath, `{"status": "agreed", "on": "2025-04-25",
		"reason": "both delegations initialled the text in Paris",
		"evidence": {"source": "bloomberg-2025-04-19", "quote": "ready to recognize", "attribution": "sources"}}`)
	if code != http.StatusCreated {
		t.Fatalf("POST %s: %d %s", statusPath, code, b)
	}

	// The same change sent again (a retry) is not recorded twice.
	if code, b := ts.do(t, truce.RoleAnalyst, "POST", statusPath, `{"status": "agreed", "on": "2025-04-25",
		"reason": "both delegations initialled the text in Paris",
		"evidence": {"source": "bloomberg-2025-04-19", "quote": "ready to recognize", "attribution": "sources"}}`); code != http.StatusOK || !strings.Contains(string(b), `"replayed": true`) {
		t.Errorf("retry: %d %s, want 200 replayed", code, b)
	}

	// The history, as staff: who, when, why, on what.
	var p ProvisionView
	if code, b := ts.do(t, truce.RoleAnalyst, "GET", "/api/provisions/paris-2025/ceasefire?date=2025-04-26", ""); code != http.StatusOK {
		t.Fatalf("GET: %d %s", code, b)
	} else if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.History) != 2 || p.Status != truce.StatusAgreed {
		t.Fatalf("history %+v, status %s: want proposed then agreed", p.History, p.Status)
	}
	c := p.History[1]
	if c.By != "analyst" || c.RecordedAt.IsZero() || c.Note != "both delegations initialled the text in Paris" ||
		c.Date.String() != "2025-04-25" || c.Evidence == nil || c.Evidence.Quote != "ready to recognize" || c.Source != "bloomberg-2025-04-19" {
		t.Errorf("change as staff: %+v", c)
	}
	// The public sees what changed and why, not which officer recorded it.
	var pub ProvisionView
	_, b = ts.do(t, truce.RolePublic, "GET", "/api/provisions/paris-2025/ceasefire?date=2025-04-26", "")
	json.Unmarshal(b, &pub)
	if c := pub.History[1]; c.By != "" || !c.RecordedAt.IsZero() || c.Note == "" || c.Status != truce.StatusAgreed {
		t.Errorf("change as the public: %+v", c)
	}

	// The transparency log holds it; verdicts are judged again; the feed tells.
	var leaves int
	if err := ts.DB.SQL().QueryRow(`SELECT COUNT(*) FROM tlog_leaves WHERE kind = ? AND ref = ?`, tlog.KindProvisionStatus, "paris-2025/ceasefire#1").Scan(&leaves); err != nil || leaves != 1 {
		t.Errorf("log leaves of the change: %d %v, want 1", leaves, err)
	}
	if _, err := ts.Log.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	if bundle, err := ts.Log.Prove(ctx, tlog.KindProvisionStatus, "paris-2025/ceasefire#1", truce.ProvisionStatusRecord("paris-2025/ceasefire", 1, c)); err != nil {
		t.Errorf("prove the change from the history read back: %v", err)
	} else if _, err := tlog.VerifyBundle(bundle, ts.Log.Verifier()); err != nil {
		t.Errorf("verify the proof: %v", err)
	}
	// Over the API, for truce verify: staff only (the record names the officer).
	if code, b := ts.do(t, truce.RoleMonitor, "GET", "/api/log/proof/provision-status?provision=paris-2025/ceasefire&seq=1", ""); code != 200 {
		t.Errorf("proof bundle: %d %s", code, b)
	} else {
		var bundle tlog.Bundle
		json.Unmarshal(b, &bundle)
		if _, err := tlog.VerifyBundle(&bundle, ts.Log.Verifier()); err != nil || !strings.Contains(string(bundle.Record), `"by":"analyst"`) {
			t.Errorf("bundle over the API: %v %s", err, bundle.Record)
		}
	}
	if code, _ := ts.do(t, truce.RolePublic, "GET", "/api/log/proof/provision-status?provision=paris-2025/ceasefire&seq=1", ""); code != 401 {
		t.Errorf("public proof: %d, want 401", code)
	}
	if v, _ := ts.DB.RulesVersion(ctx); v <= version0 {
		t.Errorf("rules version %d after the change, was %d: verdicts would not be re-judged", v, version0)
	}
	if ev, ok := ts.feed(t, truce.RolePublic)["provision-status"]; !ok || ev.Ref != "paris-2025/ceasefire" ||
		!strings.Contains(string(ev.Data), `"agreed"`) || strings.Contains(string(ev.Data), `"by"`) {
		t.Errorf("public feed event: %+v", ev)
	}
	if ev := ts.feed(t, truce.RoleAnalyst)["provision-status"]; !strings.Contains(string(ev.Data), `"by":"analyst"`) {
		t.Errorf("staff feed event: %s", ev.Data)
	}

	// Admins may too; liaisons of the parties and monitors may not.
	if code, b := ts.do(t, truce.RoleAdmin, "POST", statusPath, `{"status": "in force", "on": "2025-04-28", "reason": "entered into force at midnight"}`); code != http.StatusCreated {
		t.Errorf("admin: %d %s", code, b)
	}
	for role, want := range map[truce.Role]int{truce.RoleLiaison: 403, truce.RoleMonitor: 403, truce.RolePublic: 401} {
		if code, _ := ts.do(t, role, "POST", statusPath, `{"status": "suspended", "on": "2025-05-01", "reason": "x"}`); code != want {
			t.Errorf("%s: %d, want %d", role, code, want)
		}
	}

	for _, tc := range []struct {
		name, path, body string
		status           int
		field, message   string
	}{
		{"ErrUnknownStatus", statusPath, `{"status": "signed", "on": "2025-05-01", "reason": "x"}`, 400, "status", `"signed" is not a status`},
		{"ErrIllegalTransition", statusPath, `{"status": "agreed", "on": "2025-05-01", "reason": "x"}`, 400, "status", "illegal transition in-force → agreed"},
		{"ErrBackdated", statusPath, `{"status": "suspended", "on": "2025-04-27", "reason": "x"}`, 400, "on", "2025-04-27 is before the previous change (2025-04-28)"},
		{"ErrBadDate", statusPath, `{"status": "suspended", "on": "2025-13-01", "reason": "x"}`, 400, "on", ""},
		{"ErrNoReason", statusPath, `{"status": "suspended", "on": "2025-05-01"}`, 400, "reason", "required"},
		{"ErrEvidenceSource", statusPath, `{"status": "suspended", "on": "2025-05-01", "reason": "x", "evidence": {"source": "nope", "quote": "q", "attribution": "official"}}`, 400, "evidence.source", `no source "nope"`},
		{"ErrEvidenceAttribution", statusPath, `{"status": "suspended", "on": "2025-05-01", "reason": "x", "evidence": {"source": "bloomberg-2025-04-19", "quote": "q", "attribution": "rumour"}}`, 400, "evidence.attribution", ""},
		{"ErrUnknownField", statusPath, `{"status": "suspended", "on": "2025-05-01", "reason": "x", "by": "someone else"}`, 400, "by", "unknown field"},
		{"ErrUnknownProvision", "/api/provisions/paris-2025/nope/status", `{"status": "agreed", "on": "2025-05-01", "reason": "x"}`, 404, "", `no provision "paris-2025/nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed := ts.countAudit(t, "failed")
			code, b := ts.do(t, truce.RoleAnalyst, "POST", tc.path, tc.body)
			var prob Problem
			json.Unmarshal(b, &prob)
			if code != tc.status || prob.Field != tc.field || !strings.Contains(prob.Message, tc.message) {
				t.Errorf("got %d %s, want %d on field %q with %q", code, b, tc.status, tc.field, tc.message)
			}
			// The failed attempt is audited (outside: nothing was written).
			if n := ts.countAudit(t, "failed"); n != failed+1 {
				t.Errorf("failed attempts audited: %d → %d", failed, n)
			}
		})
	}
	p2, err := ts.DB.Provision(ctx, "paris-2025/ceasefire")
	if err != nil || len(p2.History) != 3 {
		t.Errorf("after the refused changes: %d changes, %v; want 3", len(p2.History), err)
	}
}

// TestAuditFailureRollsBack: the audit line is part of the write's
// transaction, so a write whose audit line cannot be written is not made
// (what a crash between a commit and a later audit would have left behind).
func TestAuditFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	ts := MustOpenServer(t)
	if _, err := ts.DB.SQL().Exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, body string }{
		{statusPath, `{"status": "agreed", "on": "2025-04-25", "reason": "initialled"}`},
		{"/api/sources", `{"id": "rolled-back", "title": "t", "outlet": "o", "published": "2025-04-20"}`},
		{"/api/users", `{"name": "rolled-back", "role": "monitor", "password": "a long test password"}`},
	} {
		role := truce.RoleAnalyst
		if c.path == "/api/users" {
			role = truce.RoleAdmin
		}
		if code, b := ts.do(t, role, "POST", c.path, c.body); code != http.StatusInternalServerError {
			t.Errorf("%s with the audit refused: %d %s, want 500", c.path, code, b)
		}
	}
	if p, err := ts.DB.Provision(ctx, "paris-2025/ceasefire"); err != nil || len(p.History) != 1 {
		t.Errorf("provision history after a refused audit: %+v %v", p, err)
	}
	var n int
	ts.DB.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM sources WHERE id = 'rolled-back') + (SELECT COUNT(*) FROM users WHERE name = 'rolled-back')`).Scan(&n)
	if n != 0 {
		t.Errorf("%d records written without their audit line", n)
	}
}
