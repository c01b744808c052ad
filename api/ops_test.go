package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

func mustServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New(sqldbtest.MustOpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestOpenAPI checks the OpenAPI document against the route table, both
// ways: every route is an operation with its path parameters, every
// operation is a route the server answers, and every writing route has
// its request body schema.
func TestOpenAPI(t *testing.T) {
	s, ts := mustServer(t)
	code, body := get(t, ts.URL+"/api/openapi.json")
	if code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d %s", code, body)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Summary    string `json:"summary"`
			Parameters []struct {
				Name, In string
			} `json:"parameters"`
			RequestBody *struct{} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	routes := map[string]bool{}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if strings.HasSuffix(path, "/") {
			continue // catch-all subtree, not an operation
		}
		oaPath := wildcardRE.ReplaceAllString(path, "{$1}")
		routes[strings.ToLower(method)+" "+oaPath] = true
		op, ok := doc.Paths[oaPath][strings.ToLower(method)]
		if !ok {
			t.Errorf("route %s is not documented", rt.pattern)
			continue
		}
		if op.Summary == "" {
			t.Errorf("%s has no summary", rt.pattern)
		}
		var want, got []string
		for _, m := range wildcardRE.FindAllStringSubmatch(path, -1) {
			want = append(want, m[1])
		}
		for _, p := range op.Parameters {
			if p.In == "path" {
				got = append(got, p.Name)
			}
		}
		if strings.Join(want, ",") != strings.Join(got, ",") {
			t.Errorf("%s: path parameters %v, want %v", rt.pattern, got, want)
		}
		if m := strings.ToUpper(method); m == "POST" || m == "PUT" || m == "PATCH" {
			if _, ok := requestBodies[rt.pattern]; !ok {
				t.Errorf("%s is not in requestBodies (api/openapi.go): name its body type, or noBody", rt.pattern)
			} else if _, none := requestBodies[rt.pattern].(noBody); !none && op.RequestBody == nil {
				t.Errorf("%s has no request body schema: add it to requestBodies in api/openapi.go", rt.pattern)
			}
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !routes[m+" "+p] {
				t.Errorf("documented %s %s is not in the route table", strings.ToUpper(m), p)
			}
		}
		// Behaviour, not just the table: the server routes every documented
		// path without parameters to a handler (not the API's 404, not 405).
		if _, ok := ops["get"]; ok && !strings.Contains(p, "{") && p != "/api/events" {
			code, body := get(t, ts.URL+p)
			if code == http.StatusNotFound || code == http.StatusMethodNotAllowed {
				t.Errorf("GET %s: %d %s", p, code, body)
			}
		}
	}
	for pattern := range requestBodies {
		method, path, _ := strings.Cut(pattern, " ")
		if !routes[strings.ToLower(method)+" "+wildcardRE.ReplaceAllString(path, "{$1}")] {
			t.Errorf("requestBodies names %q, which is not a route", pattern)
		}
	}
}

func TestHealthReady(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		_, ts := mustServer(t)
		if code, body := get(t, ts.URL+"/healthz"); code != http.StatusOK {
			t.Errorf("GET /healthz: %d %s", code, body)
		}
		if code, body := get(t, ts.URL+"/readyz"); code != http.StatusOK || !strings.Contains(body, `"ready"`) {
			t.Errorf("GET /readyz: %d %s", code, body)
		}
	})
	t.Run("ErrDraining", func(t *testing.T) {
		s, ts := mustServer(t)
		s.Drain()
		if code, body := get(t, ts.URL+"/readyz"); code != http.StatusServiceUnavailable {
			t.Errorf("GET /readyz while draining: %d %s, want 503", code, body)
		}
		if code, _ := get(t, ts.URL+"/healthz"); code != http.StatusOK {
			t.Errorf("GET /healthz while draining: %d, want 200", code)
		}
	})
	t.Run("ErrDatabaseClosed", func(t *testing.T) {
		s, ts := mustServer(t)
		s.DB.Close()
		if code, body := get(t, ts.URL+"/readyz"); code != http.StatusServiceUnavailable {
			t.Errorf("GET /readyz with the database closed: %d %s, want 503", code, body)
		}
	})
	t.Run("ErrNotMigrated", func(t *testing.T) {
		s, ts := mustServer(t)
		if _, err := s.DB.SQL().ExecContext(context.Background(), `DELETE FROM migrations WHERE name LIKE '%changes%'`); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, ts.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "migrations") {
			t.Errorf("GET /readyz with a migration missing: %d %s, want 503 naming migrations", code, body)
		}
	})
}

func TestMetrics(t *testing.T) {
	_, ts := mustServer(t)
	get(t, ts.URL+"/api/parties")
	get(t, ts.URL+"/api/parties")
	get(t, ts.URL+"/api/parties/XX") // 404
	code, body := get(t, ts.URL+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", code)
	}
	for _, want := range []string{
		`truce_http_requests_total{code="200",method="GET",route="GET /api/parties"} 2`,
		`truce_http_requests_total{code="404",method="GET",route="GET /api/parties/{code}"} 1`,
		`truce_http_request_duration_seconds_count{method="GET",route="GET /api/parties"} 2`,
		`go_sql_open_connections{db_name="truce"}`, // DB pool stats
		`truce_changes_last_id 0`,
		`truce_events_streams 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if regexp.MustCompile(`route="/api/parties/XX"`).MatchString(body) {
		t.Error("metrics label a raw path instead of the route pattern")
	}
}
