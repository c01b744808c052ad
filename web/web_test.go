package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler()
	get := func(path string, header map[string]string) *http.Response {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	t.Run("Index", func(t *testing.T) {
		res := get("/", nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `<script type="module" src="app.js">`) {
			t.Fatalf("GET / = %d %q", res.StatusCode, body)
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("Content-Security-Policy %q allows inline or eval'd script", csp)
		}
	})
	t.Run("Gzip", func(t *testing.T) {
		plain := get("/app.js", nil)
		want, _ := io.ReadAll(plain.Body)
		res := get("/app.js", map[string]string{"Accept-Encoding": "gzip, br"})
		if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Fatalf("headers %v", res.Header)
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(zr)
		if string(got) != string(want) {
			t.Errorf("gzip body differs from the plain one (%d vs %d bytes)", len(got), len(want))
		}
	})
	t.Run("ETag", func(t *testing.T) {
		etag := get("/basemap/seas.geojson", nil).Header.Get("ETag")
		if res := get("/basemap/seas.geojson", map[string]string{"If-None-Match": etag}); etag == "" || res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %q = %d, want 304", etag, res.StatusCode)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, p := range []string{"/nope.js", "/../web.go", "/src/main.js"} {
			if res := get(p, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
			}
		}
	})
}
