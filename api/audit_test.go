package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/tlog"
)

// writeCase is one successful call of a state-changing route for
// TestAuditInTx: who calls it, with what, and what its audit line names.
type writeCase struct {
	pattern string
	role    truce.Role
	// req returns the path, the body and its content type; it may set up
	// records first (and read what earlier cases created).
	req func(t *testing.T, ts *testServer, st *writeState) (path, body, ctype string)
	// actor and target (a substring) the audit line must name; actor ""
	// is the caller's user name.
	actor, target string
	// readOnly marks a POST that stores nothing (its audit line is
	// written after the response: there is no write to share it with).
	readOnly bool
	// cookie, when set, is sent as the session cookie instead of a token.
	cookie func(st *writeState) string
}

// writeState carries records between the cases.
type writeState struct {
	report, incident, incident2, token, webhook, claim, claim2 int64
	session, witnessKey                                        string
}

// writeCases lists a successful call of every state-changing route of the
// route table. TestAuditInTx fails for a route missing here, so a new
// write route cannot be added without showing where it audits.
var writeCases = []writeCase{
	{pattern: "POST /api/classify", role: truce.RolePublic, readOnly: true, target: "/api/classify",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/classify", `{"at": "2025-04-19", "points": [{"id": "a", "lon": 34.8, "lat": 50.9}]}`, "application/json"
		}},
	{pattern: "POST /api/login", role: truce.RolePublic, actor: "analyst", target: "session of analyst",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/login", `{"name": "analyst", "password": "a long test password"}`, "application/json"
		}},
	{pattern: "POST /api/logout", role: truce.RoleAnalyst, target: "session of analyst",
		cookie: func(st *writeState) string { return st.session },
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/logout", "", ""
		}},
	{pattern: "POST /api/users", role: truce.RoleAdmin, target: "user new-monitor",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/users", `{"name": "new-monitor", "role": "monitor", "password": "another long password"}`, "application/json"
		}},
	{pattern: "POST /api/tokens", role: truce.RoleMonitor, target: "of monitor",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/tokens", `{"label": "phone"}`, "application/json"
		}},
	{pattern: "DELETE /api/tokens/{id}", role: truce.RoleAdmin, target: "token ",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			_, tok, err := ts.Auth.CreateToken(context.Background(), ts.users[truce.RoleMonitor], "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			st.token = tok.ID
			return fmt.Sprintf("/api/tokens/%d", tok.ID), "", ""
		}},
	{pattern: "POST /api/log/witnesses", role: truce.RoleAdmin, target: "witness ua.office.test for UA",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			skey, vkey, err := tlog.GenerateKey("ua.office.test")
			if err != nil {
				t.Fatal(err)
			}
			st.witnessKey = skey
			return "/api/log/witnesses", fmt.Sprintf(`{"vkey": %q, "party": "UA"}`, vkey), "application/json"
		}},
	{pattern: "POST /api/log/cosignatures", role: truce.RoleLiaison, target: "cosigned by ua.office.test",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			cp, err := ts.Log.Checkpoint(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			v, err := note.NewVerifier(ts.VerifierKey)
			if err != nil {
				t.Fatal(err)
			}
			c, err := tlog.Cosign(cp, v, st.witnessKey, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			return "/api/log/cosignatures", string(c), "text/plain"
		}},
	{pattern: "POST /api/reports", role: truce.RoleMonitor, target: "report ",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/reports", strings.Replace(reportWithIdentity, "m17-0001", "m17-0003", 1), "application/json"
		}},
	{pattern: "POST /api/reports/bulk", role: truce.RoleAnalyst, target: "report ",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/reports/bulk", `{"client_id": "bulk-1", "observed_at": "2025-04-14T06:00:00Z", "lat": 48.5, "lon": 35.0, "precision": 1, "type": "assault", "mode": "drone", "target": "energy", "perpetrator": "RU", "source": {"kind": "monitor"}}` + "\n", "application/x-ndjson"
		}},
	{pattern: "POST /api/incidents/{id}/verify", role: truce.RoleAnalyst,
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/incidents/%d/verify", st.incident), `{"reason": "seen by team 17"}`, "application/json"
		}},
	{pattern: "POST /api/incidents/{id}/unverify", role: truce.RoleAnalyst,
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/incidents/%d/unverify", st.incident), `{"reason": "the team was elsewhere"}`, "application/json"
		}},
	{pattern: "POST /api/incidents/{id}/dispute", role: truce.RoleLiaison,
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/incidents/%d/dispute", st.incident), `{"party": "UA", "reason": "not our unit"}`, "application/json"
		}},
	{pattern: "POST /api/incidents/{id}/uphold", role: truce.RoleAnalyst,
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/incidents/%d/uphold", st.incident), `{"reason": "the finding stands"}`, "application/json"
		}},
	{pattern: "POST /api/incidents/{id}/overturn", role: truce.RoleAnalyst,
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			if code, body := ts.do(t, truce.RoleLiaison, "POST", fmt.Sprintf("/api/incidents/%d/dispute", st.incident2), `{"party": "UA", "reason": "no"}`); code >= 300 {
				t.Fatalf("dispute: %d %s", code, body)
			}
			return fmt.Sprintf("/api/incidents/%d/overturn", st.incident2), `{"reason": "the contest holds"}`, "application/json"
		}},
	{pattern: "POST /api/daily/publish", role: truce.RoleAnalyst, target: "publication ",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/daily/publish?date=2025-04-13", "", ""
		}},
	{pattern: "POST /api/sources", role: truce.RoleMonitor, target: "source audit-src",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/sources", `{"id": "audit-src", "title": "A statement", "outlet": "Reuters", "published": "2025-04-20"}`, "application/json"
		}},
	{pattern: "POST /api/webhooks", role: truce.RoleAdmin, target: "webhook ",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/webhooks", `{"url": "https://hooks.example.org/truce"}`, "application/json"
		}},
	{pattern: "DELETE /api/webhooks/{id}", role: truce.RoleAdmin, target: "webhook ",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			var id int64
			if err := ts.DB.SQL().QueryRow(`SELECT MAX(id) FROM webhooks`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/api/webhooks/%d", id), "", ""
		}},
	{pattern: "POST /api/claims", role: truce.RoleMonitor, target: "claims",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/claims", auditArticleJSON, "application/json"
		}},
	{pattern: "POST /api/claims/{id}/accept", role: truce.RoleAnalyst, target: "claim ",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/claims/%d/accept", pendingClaim(t, ts, "position")), "", ""
		}},
	{pattern: "POST /api/claims/{id}/reject", role: truce.RoleAnalyst, target: "claim ",
		req: func(t *testing.T, ts *testServer, st *writeState) (string, string, string) {
			return fmt.Sprintf("/api/claims/%d/reject", pendingClaim(t, ts, "")), `{"reason": "misread"}`, "application/json"
		}},
	{pattern: "POST /api/provisions/{agreement}/{provision}/status", role: truce.RoleAnalyst, target: "provision paris-2025/ceasefire",
		req: func(*testing.T, *testServer, *writeState) (string, string, string) {
			return "/api/provisions/paris-2025/ceasefire/status", `{"status": "agreed", "on": "2025-04-25", "reason": "both parties signed in Paris"}`, "application/json"
		}},
}

// auditArticleJSON is an article whose claims the review queue takes.
const auditArticleJSON = `{"name": "sumy.txt", "text": "date 2025-04-19 The US is prepared to recognize Russian control of Crimea as part of a peace deal, according to people familiar with the matter. A week ago, Russian forces fired ballistic missiles at Sumy, killing 35 people. The allies met in Paris on Thursday."}`

// pendingClaim returns a pending claim of kind (any kind when "").
func pendingClaim(t *testing.T, ts *testServer, kind string) int64 {
	t.Helper()
	q := `SELECT MIN(id) FROM claims WHERE status = 'pending'`
	args := []any{}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	var id sql.NullInt64
	if err := ts.DB.SQL().QueryRow(q, args...).Scan(&id); err != nil || !id.Valid {
		t.Fatalf("no pending %s claim: %v", kind, err)
	}
	return id.Int64
}

// auditLine is one row of the audit table.
type auditLine struct {
	ID                                   int64
	Actor, Role, Action, Target, Outcome string
	Status                               int
}

func (ts *testServer) auditSince(t *testing.T, after int64) []auditLine {
	t.Helper()
	rows, err := ts.DB.SQL().Query(`SELECT id, actor, role, action, target, outcome, status FROM audit WHERE id > ? ORDER BY id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditLine
	for rows.Next() {
		var l auditLine
		if err := rows.Scan(&l.ID, &l.Actor, &l.Role, &l.Action, &l.Target, &l.Outcome, &l.Status); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

func (ts *testServer) lastAudit(t *testing.T) int64 {
	t.Helper()
	var id sql.NullInt64
	if err := ts.DB.SQL().QueryRow(`SELECT MAX(id) FROM audit`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id.Int64
}

// send makes one request of a case and returns its status and body.
func (ts *testServer) send(t *testing.T, c writeCase, st *writeState, path, body, ctype string) (int, []byte, *http.Response) {
	t.Helper()
	method, _, _ := strings.Cut(c.pattern, " ")
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.cookie != nil {
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: c.cookie(st)})
	} else if tok := ts.tokens[c.role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp
}

// TestAuditInTx walks the route table: every state-changing route, called
// successfully, leaves exactly one audit line naming the caller and the
// record, written inside the write's own transaction (never after the
// response); a route with no case here fails the test.
func TestAuditInTx(t *testing.T) {
	ts := MustOpenServer(t)
	ts.DB.Hooks = WithReportOwners(tlog.StoreHooks())
	ts.Alerts = &alert.Service{DB: ts.DB}
	var mu sync.Mutex
	var late []string
	ts.auditedLate = func(p string) { mu.Lock(); late = append(late, p); mu.Unlock() }

	byPattern := map[string]writeCase{}
	for _, c := range writeCases {
		byPattern[c.pattern] = c
	}
	for _, r := range ts.routes() {
		method, _, _ := strings.Cut(r.pattern, " ")
		if method == http.MethodGet || method == http.MethodHead {
			continue
		}
		if _, ok := byPattern[r.pattern]; !ok {
			t.Errorf("state-changing route %q has no case in writeCases: show that it audits in its own transaction", r.pattern)
		}
	}

	// Two incidents to decide on, covered by a signed checkpoint.
	st := &writeState{}
	for i, body := range []string{reportWithIdentity, strings.Replace(strings.Replace(reportWithIdentity, "m17-0001", "m17-0002", 1), "2025-04-13", "2025-04-16", 1)} {
		code, b := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", body)
		if code != http.StatusCreated {
			t.Fatalf("setup report: %d %s", code, b)
		}
		var rep struct{ Report, Incident int64 }
		json.Unmarshal(b, &rep)
		if i == 0 {
			st.report, st.incident = rep.Report, rep.Incident
		} else {
			st.incident2 = rep.Incident
		}
	}
	if _, err := ts.Log.Sign(context.Background()); err != nil {
		t.Fatal(err)
	}

	for _, c := range writeCases {
		t.Run(c.pattern, func(t *testing.T) {
			path, body, ctype := c.req(t, ts, st)
			before := ts.lastAudit(t)
			mu.Lock()
			late = nil
			mu.Unlock()
			code, b, resp := ts.send(t, c, st, path, body, ctype)
			if code >= 300 {
				t.Fatalf("%s %s: %d %s", c.pattern, path, code, b)
			}
			if c.pattern == "POST /api/login" {
				for _, k := range resp.Cookies() {
					if k.Name == SessionCookie {
						st.session = k.Value
					}
				}
			}
			lines := ts.auditSince(t, before)
			if len(lines) != 1 {
				t.Fatalf("got %d audit lines, want 1: %+v", len(lines), lines)
			}
			l := lines[0]
			actor := c.actor
			if actor == "" {
				actor = ts.users[c.role].Name
			}
			target := c.target
			if target == "" {
				target = strings.TrimPrefix(path, "/api/") // incidents/N/verify → incident N
				target = "incident " + strings.Split(target, "/")[1]
			}
			if l.Actor != actor || l.Action != c.pattern || !strings.Contains(l.Target, target) || l.Outcome != "ok" || l.Status != code {
				t.Errorf("audit line %+v: want actor %q, action %q, a target naming %q, outcome ok, status %d", l, actor, c.pattern, target, code)
			}
			mu.Lock()
			defer mu.Unlock()
			if c.readOnly != (len(late) > 0) {
				t.Errorf("audited after the response: %v (read-only: %v); a write must audit in its own transaction (truce.AuditWrite)", late, c.readOnly)
			}
		})
	}
}
