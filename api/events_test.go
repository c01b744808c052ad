package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// feed reads the change feed's backlog as role.
func (ts *testServer) feed(t *testing.T, role truce.Role) map[string]sqldb.Change {
	t.Helper()
	code, b := ts.do(t, role, "GET", "/api/events?since=0&follow=false", "")
	if code != http.StatusOK {
		t.Fatalf("GET /api/events as %s: %d %s", role, code, b)
	}
	out := map[string]sqldb.Change{}
	for _, line := range strings.Split(string(b), "\n") {
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var c sqldb.Change
			if err := json.Unmarshal([]byte(data), &c); err != nil {
				t.Fatal(err)
			}
			out[c.Kind] = c
		}
	}
	return out
}

// TestEventsRedacted checks that the change feed withholds from the public
// what the public views withhold: who decided on an incident.
func TestEventsRedacted(t *testing.T) {
	ts := mustOGCServer(t)
	if code, b := ts.do(t, truce.RoleAnalyst, "POST", "/api/incidents/1/verify", `{"reason": "two monitors saw it"}`); code != http.StatusOK {
		t.Fatalf("verify: %d %s", code, b)
	}
	staff := ts.feed(t, truce.RoleAnalyst)
	if d := string(staff["decision"].Data); !strings.Contains(d, `"analyst"`) {
		t.Errorf("analyst's decision event: %s, want the decider's name", d)
	}
	pub := ts.feed(t, truce.RolePublic)
	if d, ok := pub["decision"]; !ok || string(d.Data) != "{}" || d.Ref != "1" {
		t.Errorf("public decision event: %+v, want ref 1 without data", d)
	}
	if r := pub["report"]; !strings.Contains(string(r.Data), `"incident"`) {
		t.Errorf("public report event: %s, want its ids", r.Data)
	}
}

// TestExport downloads the reports in every format as staff; the public
// may not.
func TestExport(t *testing.T) {
	ts := mustOGCServer(t)
	for _, f := range []string{"geojson", "acled", "ucdp", "hxl", "plover"} {
		code, b := ts.do(t, truce.RoleAnalyst, "GET", "/api/export?format="+f+"&from=2025-04-01&to=2025-04-30", "")
		if code != http.StatusOK || !strings.Contains(string(b), "m17-0001") || !strings.Contains(string(b), "34.7981") {
			t.Errorf("%s: %d %s", f, code, b)
		}
	}
	if code, _ := ts.do(t, truce.RoleAnalyst, "GET", "/api/export?format=kml", ""); code != http.StatusBadRequest {
		t.Errorf("format kml: %d, want 400", code)
	}
	if code, _ := ts.do(t, truce.RolePublic, "GET", "/api/export", ""); code != http.StatusUnauthorized {
		t.Errorf("public: %d, want 401", code)
	}
	if code, b := ts.do(t, truce.RoleAnalyst, "GET", "/api/export?format=acled&to=2025-04-11", ""); code != http.StatusOK || strings.Contains(string(b), "m17-0001") {
		t.Errorf("to 2025-04-11 holds the Sumy report of 2025-04-13: %s", b)
	}
}
