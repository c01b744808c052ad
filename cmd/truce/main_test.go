package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/sqldb"
)

// MustServe starts `truce serve` on 127.0.0.1:0 with a new database in a
// temporary folder and stops it with the test.
func MustServe(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{Addr: "127.0.0.1:0", DBPath: filepath.Join(tb.TempDir(), "truce.db"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.Open(context.Background()); err != nil {
		s.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func getJSON(tb testing.TB, url string, wantStatus int, v any) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		tb.Fatalf("GET %s: %d %s, want %d", url, resp.StatusCode, body, wantStatus)
	}
	if err := json.Unmarshal(body, v); err != nil {
		tb.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

// TestServeMatrix starts the server on a fresh database and reads the
// April 2025 matrix over HTTP: the cells the foundation issue requires.
func TestServeMatrix(t *testing.T) {
	s := MustServe(t)
	var m api.MatrixResponse
	getJSON(t, "http://"+s.Addr+"/api/matrix?date=2025-04-19", http.StatusOK, &m)
	if m.Date.String() != "2025-04-19" {
		t.Errorf("date %s", m.Date)
	}
	type key struct {
		party string
		issue truce.Issue
	}
	cells := map[key]truce.Cell{}
	for _, c := range m.Cells {
		cells[key{c.Party, c.Issue}] = c
	}
	for _, want := range []struct {
		party  string
		issue  truce.Issue
		stance truce.Stance
		attr   truce.Attribution
		quote  string
	}{
		{"US", "crimea-recognition", "support", "sources", "The US is prepared to recognize Russian control"},
		{"US", "frontline-freeze", "support", "", "freeze the frontline"},
		{"US", "nato-exclusion", "support", "", "NATO"},
		{"US", "sanctions-relief", "conditional", "", "in the event of a lasting ceasefire"},
		{"UA", "territory-cession", "oppose", "on-record", "will not cede territory"},
		{"UA", "ceasefire", "support", "", "ceasefire"},
		{"RU", "crimea-recognition", "support", "", "must be recognized in any accord"},
		{"RU", "territory-cession", "support", "", "must be recognized in any accord"},
		{"RU", "maritime-truce", "oppose", "", "balking at a proposed partial truce covering the Black Sea"},
		{"EU", "territory-cession", "oppose", "", "wouldn’t recognize any occupied territories as Russian"},
		{"EU", "crimea-recognition", "oppose", "", "wouldn’t recognize any occupied territories as Russian"},
	} {
		c, ok := cells[key{want.party, want.issue}]
		if !ok {
			t.Errorf("no cell for %s %s", want.party, want.issue)
			continue
		}
		if c.Stance != want.stance {
			t.Errorf("%s %s: stance %s, want %s", want.party, want.issue, c.Stance, want.stance)
		}
		if want.attr != "" && c.Attribution != want.attr {
			t.Errorf("%s %s: attribution %s, want %s", want.party, want.issue, c.Attribution, want.attr)
		}
		found := false
		for _, e := range c.Evidence {
			found = found || strings.Contains(e.Quote, want.quote)
		}
		if !found || c.Provision == "" {
			t.Errorf("%s %s: no evidence containing %q in %+v", want.party, want.issue, want.quote, c.Evidence)
		}
	}
	// On 2025-03-25, before the Paris report, Russia's stance on the Black Sea truce was conditional.
	getJSON(t, "http://"+s.Addr+"/api/matrix?date=2025-03-25", http.StatusOK, &m)
	for _, c := range m.Cells {
		if c.Party == "RU" && c.Issue == truce.IssueMaritimeTruce && c.Stance != truce.StanceConditional {
			t.Errorf("RU maritime-truce on 2025-03-25: %s, want conditional", c.Stance)
		}
	}
}

func TestServeErrors(t *testing.T) {
	s := MustServe(t)
	base := "http://" + s.Addr
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{"/api/matrix?date=2025-13-01", 400, truce.EINVALID},
		{"/api/provisions/no-such", 404, truce.ENOTFOUND},
		{"/api/agreements/no-such", 404, truce.ENOTFOUND},
		{"/api/positions?party=ru!", 400, truce.EINVALID},
		{"/api/positions?issue=armistice", 400, truce.EINVALID},
		{"/api/positions/0", 400, truce.EINVALID},
		{"/api/readiness?agreement=no-such", 404, truce.ENOTFOUND},
		{"/api/no-such-endpoint", 404, truce.ENOTFOUND},
	}
	for _, tt := range tests {
		var p api.Problem
		getJSON(t, base+tt.path, tt.status, &p)
		if p.Code != tt.code || p.Message == "" {
			t.Errorf("%s: problem %+v, want code %s with a message", tt.path, p, tt.code)
		}
	}
	// A provision id holds a slash; both escaped and plain forms resolve.
	for _, path := range []string{"/api/provisions/energy-truce-2025-03/energy", "/api/provisions/energy-truce-2025-03%2Fenergy"} {
		var v api.ProvisionView
		getJSON(t, base+path+"?date=2025-04-01", http.StatusOK, &v)
		if v.ID != "energy-truce-2025-03/energy" || !v.InForce || v.Status != truce.StatusInForce {
			t.Errorf("%s: %s in force %v status %s", path, v.ID, v.InForce, v.Status)
		}
	}
	var r truce.Readiness
	getJSON(t, base+"/api/readiness?agreement=paris-2025&date=2025-04-19", http.StatusOK, &r)
	if len(r.Provisions) != 11 {
		t.Fatalf("readiness of %d provisions", len(r.Provisions))
	}
	for _, p := range r.Provisions {
		if p.Provision == "paris-2025/crimea-recognition" && (p.Ready || !contains(p.Oppose, "UA")) {
			t.Errorf("crimea recognition: ready=%v oppose=%v", p.Ready, p.Oppose)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// TestLoadAllOrNothing loads a malformed scenario: FILE:LINE errors, exit 1,
// and the database exactly as it was.
func TestLoadAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	good := filepath.Join("..", "..", "scenario", "builtin", "april2025.yaml")
	if code, out, errs := runCLI(t, "load", "--db", dbPath, good); code != 0 {
		t.Fatalf("loading the built-in scenario: exit %d\n%s%s", code, out, errs)
	}
	snapshot := func() string {
		db, err := sqldb.Open(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ps, err := db.Positions(context.Background(), sqldb.PositionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		provs, err := db.Provisions(context.Background(), sqldb.ProvisionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal([]any{ps, provs})
		return string(b)
	}
	before := snapshot()

	src, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Good edits first (a new position), then one bad line far below them.
	bad := strings.Replace(string(src), "talks:\n", `  - party: DE
    provision: paris-2025/security-guarantees
    stance: support
    as_of: 2025-04-20
    evidence:
      - {source: bloomberg-2025-04-19, quote: "A new quote.", attribution: reported}
talks:
`, 1)
	bad = strings.Replace(bad, "planned: true\n    participants: [US, FR, DE, GB, UA]", "planned: true\n    participants: [US, XX]\n    title2: x", 1)
	bad = strings.Replace(bad, "stance: oppose\n    as_of: 2025-04-19\n    note:", "stance: refuse\n    as_of: 2025-04-19\n    note:", 1)
	badPath := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "load", "--db", dbPath, badPath)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "bad.yaml:") {
		t.Errorf("no FILE:LINE in %q", errs)
	}
	// A semantic error: fix the unknown field, keep the bad stance.
	bad = strings.Replace(bad, "\n    title2: x", "", 1)
	os.WriteFile(badPath, []byte(bad), 0o644)
	code, _, errs = runCLI(t, "load", "--db", dbPath, badPath)
	if code != 1 || !strings.Contains(errs, ".stance: \"refuse\" is not one of") || !strings.Contains(errs, `unknown party "XX"`) {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(errs), "\n")[1:] {
		if !strings.HasPrefix(line, "bad.yaml:") {
			t.Errorf("error line without FILE:LINE: %q", line)
		}
	}
	if after := snapshot(); after != before {
		t.Errorf("a failed load changed the database")
	}
}
