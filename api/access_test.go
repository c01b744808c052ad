package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// testServer is an API server over a fresh store with the built-in
// scenario, accounts, a transparency log, and one API token per role.
type testServer struct {
	*Server
	URL    string
	DB     *sqldb.DB
	tokens map[truce.Role]string // "" for the public
	users  map[truce.Role]*truce.User
}

// MustOpenServer starts a test server; it is closed at cleanup.
func MustOpenServer(tb testing.TB) *testServer {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	db, err := sqldb.Open(ctx, filepath.Join(dir, "truce.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.LoadScenario(ctx, sc); err != nil {
		tb.Fatal(err)
	}
	skey, _, err := tlog.LoadOrCreateKey(filepath.Join(dir, "log.key"), "truce.test/log")
	if err != nil {
		tb.Fatal(err)
	}
	l, err := tlog.New(db.SQL(), skey, filepath.Join(dir, "log.key.checkpoint"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := l.Sign(ctx); err != nil {
		tb.Fatal(err)
	}
	s := New(db, nil)
	s.Auth = auth.New(db.SQL())
	s.Log = l
	s.VerifierKey, _ = tlog.VerifierKey(skey)
	ts := &testServer{Server: s, DB: db, tokens: map[truce.Role]string{truce.RolePublic: ""}, users: map[truce.Role]*truce.User{truce.RolePublic: truce.Public}}
	for _, u := range []*truce.User{
		{Name: "admin", Role: truce.RoleAdmin},
		{Name: "monitor", Role: truce.RoleMonitor},
		{Name: "analyst", Role: truce.RoleAnalyst},
		{Name: "liaison-ua", Role: truce.RoleLiaison, Party: "UA"},
	} {
		if err := s.Auth.CreateUser(ctx, u, "a long test password"); err != nil {
			tb.Fatal(err)
		}
		tok, _, err := s.Auth.CreateToken(ctx, u, "test")
		if err != nil {
			tb.Fatal(err)
		}
		ts.tokens[u.Role], ts.users[u.Role] = tok, u
	}
	hs := httptest.NewServer(s)
	tb.Cleanup(hs.Close)
	ts.URL = hs.URL
	return ts
}

// do sends a request as role and returns the status and body.
func (ts *testServer) do(tb testing.TB, role truce.Role, method, path string, body string) (int, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if tok := ts.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

var wildcard = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// samplePath fills a route pattern's wildcards with real records where the
// test made some (ids maps a path prefix to an id), plausible values otherwise.
func samplePath(path string, ids map[string]string) string {
	return wildcard.ReplaceAllStringFunc(path, func(w string) string {
		switch w {
		case "{code}":
			return "RU"
		case "{path...}":
			return "entries/000.p/1"
		case "{size}":
			return "0"
		}
		for prefix, id := range ids {
			if strings.HasPrefix(path, prefix) {
				return id
			}
		}
		return "1"
	})
}

// TestAccess walks every route of the route table as every role: a role
// the access table does not list gets 401 (the public) or 403, and its
// denial is audited; a listed role is let through.
func TestAccess(t *testing.T) {
	ts := MustOpenServer(t)
	for _, r := range ts.routes() {
		if _, ok := access[r.pattern]; !ok {
			t.Errorf("route %q is missing from the access table (denied to everyone)", r.pattern)
		}
	}
	for p := range access {
		if !slices.ContainsFunc(ts.routes(), func(r route) bool { return r.pattern == p }) && !extraPatterns[p] {
			t.Errorf("access table lists %q, which is no route", p)
		}
	}
	// Real records to walk over: a report (and its incident) a monitor
	// submitted, covered by a checkpoint, and a spare token to revoke.
	st, body := ts.do(t, truce.RoleMonitor, "POST", "/api/reports", reportWithIdentity)
	if st != http.StatusCreated {
		t.Fatalf("POST /api/reports: %d %s", st, body)
	}
	var rep struct{ Report, Incident int64 }
	json.Unmarshal(body, &rep)
	if _, err := ts.Log.Sign(context.Background()); err != nil {
		t.Fatal(err)
	}
	spare := &truce.User{Name: "spare", Role: truce.RoleMonitor}
	ts.Auth.CreateUser(context.Background(), spare, "")
	_, spareTok, _ := ts.Auth.CreateToken(context.Background(), spare, "to revoke")
	ids := map[string]string{
		"/api/reports/":   fmt.Sprint(rep.Report),
		"/api/incidents/": fmt.Sprint(rep.Incident),
		"/api/tokens/":    fmt.Sprint(spareTok.ID),
	}
	for _, r := range ts.routes() {
		method, path, _ := strings.Cut(r.pattern, " ")
		path = samplePath(path, ids)
		if r.pattern == "GET /api/events" {
			path += "?follow=false" // the backlog, then the end: not an endless stream
		}
		for _, role := range truce.Roles {
			t.Run(fmt.Sprintf("%s/%s", r.pattern, role), func(t *testing.T) {
				before := ts.countAudit(t, "denied")
				status, body := ts.do(t, role, method, path, "{}")
				if allowed(r.pattern, role) {
					if status == http.StatusUnauthorized || status == http.StatusForbidden {
						// Handlers may still refuse for the record's sake
						// (another party's); the route table itself must not.
						if !bytes.Contains(body, []byte("may not act for")) && !bytes.Contains(body, []byte("wrong user name")) {
							t.Errorf("allowed role got %d: %s", status, body)
						}
					}
					if status >= 500 && status != http.StatusNotImplemented {
						t.Errorf("allowed role got %d: %s", status, body)
					}
					return
				}
				want := http.StatusForbidden
				if role == truce.RolePublic {
					want = http.StatusUnauthorized
				}
				if status != want {
					t.Errorf("got %d, want %d: %s", status, want, body)
				}
				if after := ts.countAudit(t, "denied"); after != before+1 {
					t.Errorf("denial not audited: %d → %d", before, after)
				}
			})
		}
	}
}

// extraPatterns are access-table entries for handlers added with Handle
// (the dashboard, metrics) rather than the route table.
var extraPatterns = map[string]bool{"GET /": true}

func (ts *testServer) countAudit(tb testing.TB, outcome string) int {
	tb.Helper()
	var n int
	if err := ts.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE outcome = ?`, outcome).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestAuthFlow(t *testing.T) {
	ts := MustOpenServer(t)
	client := func() *http.Client { return &http.Client{} }()

	t.Run("ErrBadBearer", func(t *testing.T) {
		req, _ := http.NewRequest("GET", ts.URL+"/api/matrix", nil)
		req.Header.Set("Authorization", "Bearer truce_nope")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("got %d, want 401", resp.StatusCode)
		}
	})

	t.Run("LoginCookie", func(t *testing.T) {
		resp, err := client.Post(ts.URL+"/api/login", "application/json", strings.NewReader(`{"name":"analyst","password":"a long test password"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("login: %d", resp.StatusCode)
		}
		var c *http.Cookie
		for _, k := range resp.Cookies() {
			if k.Name == SessionCookie {
				c = k
			}
		}
		if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
			t.Fatalf("session cookie %+v: want __Host- with Secure, HttpOnly, SameSite=Strict, Path=/", c)
		}
		me := func() (int, string) {
			req, _ := http.NewRequest("GET", ts.URL+"/api/audit", nil)
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: c.Value})
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(b)
		}
		// The analyst is logged in (403 from the admin-only audit, not 401).
		if st, _ := me(); st != http.StatusForbidden {
			t.Fatalf("analyst session on /api/audit: %d, want 403", st)
		}
		req, _ := http.NewRequest("POST", ts.URL+"/api/logout", nil)
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: c.Value})
		resp, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d", resp.StatusCode)
		}
		if st, _ := me(); st != http.StatusUnauthorized {
			t.Errorf("after logout the old cookie gives %d, want 401", st)
		}
	})

	t.Run("ErrWrongPassword", func(t *testing.T) {
		st, body := ts.do(t, truce.RolePublic, "POST", "/api/login", `{"name":"analyst","password":"guess guess guess"}`)
		if st != http.StatusUnauthorized || !bytes.Contains(body, []byte("wrong user name or password")) {
			t.Errorf("got %d %s", st, body)
		}
	})

	t.Run("ErrCrossOrigin", func(t *testing.T) {
		req, _ := http.NewRequest("POST", ts.URL+"/api/login", strings.NewReader(`{}`))
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST: %d, want 403", resp.StatusCode)
		}
	})

	t.Run("TokensAndAudit", func(t *testing.T) {
		st, body := ts.do(t, truce.RoleMonitor, "POST", "/api/tokens", `{"label":"phone"}`)
		if st != http.StatusCreated || !bytes.Contains(body, []byte(auth.TokenPrefix)) {
			t.Fatalf("create token: %d %s", st, body)
		}
		st, body = ts.do(t, truce.RoleMonitor, "POST", "/api/tokens", `{"user":"admin"}`)
		if st != http.StatusForbidden {
			t.Errorf("monitor creating an admin token: %d %s", st, body)
		}
		st, body = ts.do(t, truce.RoleAdmin, "GET", "/api/audit?limit=500", "")
		if st != http.StatusOK {
			t.Fatalf("audit: %d", st)
		}
		for _, want := range []string{`"action": "POST /api/tokens"`, `"outcome": "denied"`, `"action": "POST /api/login"`} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("audit log lacks %s", want)
			}
		}
		if bytes.Contains(body, []byte(auth.TokenPrefix)) || bytes.Contains(body, []byte("a long test password")) {
			t.Error("audit log holds a secret")
		}
	})
}

// TestBodies: oversized bodies get 413 without being read whole, malformed
// JSON gets 400.
func TestBodies(t *testing.T) {
	ts := MustOpenServer(t)
	big := `{"name":"` + strings.Repeat("x", MaxAccountBody) + `"}`
	if st, body := ts.do(t, truce.RolePublic, "POST", "/api/login", big); st != http.StatusRequestEntityTooLarge {
		t.Errorf("declared oversized body: %d %s", st, body)
	}
	// Without a Content-Length (chunked), the MaxBytesReader stops it.
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(`{"name":"`))
		for i := 0; i < 10000; i++ {
			if _, err := pw.Write(bytes.Repeat([]byte("x"), 1<<10)); err != nil {
				return // the server stopped reading: not read whole
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", ts.URL+"/api/login", pr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	pr.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("streamed oversized body: %d", resp.StatusCode)
	}
	for _, body := range []string{`{"name":`, `nope`, `{"name": 12}`, `{} {}`, ``, `{"nmae": "x"}`} {
		if st, b := ts.do(t, truce.RoleAdmin, "POST", "/api/users", body); st != http.StatusBadRequest {
			t.Errorf("%q: got %d, want 400: %s", body, st, b)
		}
	}
}
