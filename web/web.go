// Package web serves Truce's dashboard: the assets that web/build.sh builds
// from web/src (and the basemap of web/basemap) into web/dist, embedded in
// the binary so that `truce serve` needs neither npm nor the network.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed dist
var assets embed.FS

// contentSecurityPolicy allows only the dashboard's own origin: no inline
// script, no CDN, no external tiles or fonts. MapLibre draws on canvases,
// starts workers from its own module, and sets element styles from script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
	"font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

// asset is one file ready to serve.
type asset struct {
	body  []byte
	gz    []byte // gzip of body when that is smaller, else nil
	ctype string
	etag  string
}

var (
	loadOnce sync.Once
	table    map[string]*asset // URL path -> asset
	loadErr  error
)

// load reads every embedded file once and compresses the text ones.
func load() (map[string]*asset, error) {
	loadOnce.Do(func() {
		table = map[string]*asset{}
		loadErr = fs.WalkDir(assets, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := assets.ReadFile(p)
			if err != nil {
				return err
			}
			urlPath := "/" + strings.TrimPrefix(p, "dist/")
			sum := sha256.Sum256(b)
			a := &asset{body: b, ctype: contentType(p), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
			if compressible(a.ctype) {
				var buf bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
				zw.Write(b)
				zw.Close()
				if buf.Len() < len(b) {
					a.gz = buf.Bytes()
				}
			}
			table[urlPath] = a
			return nil
		})
		if loadErr == nil && table["/index.html"] == nil {
			loadErr = fmt.Errorf("web: the embedded build has no index.html: run web/build.sh")
		}
	})
	return table, loadErr
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".mjs", ".js":
		return "text/javascript; charset=utf-8"
	case ".geojson":
		return "application/geo+json"
	case "":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") || strings.Contains(ctype, "javascript")
}

// Handler serves the dashboard at / (index.html), its assets, and the
// basemap under /basemap/. Register it on "GET /" beside the API: the more
// specific /api/ patterns keep precedence.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	t, err := load()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	p := r.URL.Path
	if p == "/" {
		p = "/index.html"
	}
	a := t[p]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("Vary", "Accept-Encoding")
	// Revalidate every time: the files are small in number and an ETag answers 304.
	h.Set("Cache-Control", "no-cache")
	if match := r.Header.Get("If-None-Match"); match != "" && match == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// BuiltSourceHash is the source hash recorded in the embedded build
// (dist/SOURCE_HASH), "sha256:HEX".
func BuiltSourceHash() (string, error) {
	b, err := assets.ReadFile("dist/SOURCE_HASH")
	if err != nil {
		return "", fmt.Errorf("web: the embedded build has no SOURCE_HASH: run web/build.sh: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}
