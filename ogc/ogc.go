// Package ogc serves OGC API – Features – Part 1: Core (OGC 17-069r4) over
// collections of features that other packages provide: the landing page,
// the conformance declaration, the collections and their items as GeoJSON,
// filtered by bbox and datetime, paged with limit and next/prev links. QGIS
// and GDAL (the OAPIF driver) read it directly.
//
// The package knows nothing of Truce's records: a Collection returns the
// features its caller may see, and this package filters, orders and pages
// them, so that a filter never sees more than the caller may (a bbox over
// the public's coarsened places cannot reveal the precise ones).
package ogc

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
)

// Conformance classes this implementation meets.
var Conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
}

// CRS84 is the only coordinate reference system served: WGS 84 longitude, latitude.
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// Limits of the limit parameter.
const (
	DefaultLimit = 10
	MaxLimit     = 10000
)

// Feature is one feature of a collection.
type Feature struct {
	ID       string
	Geometry orb.Geometry // nil: no geometry (null in GeoJSON)
	// Start and End bound the feature's time: an instant when End is
	// zero, an interval otherwise; no time when both are zero.
	Start, End time.Time
	Properties map[string]any
}

// Meta describes a collection.
type Meta struct {
	ID          string
	Title       string
	Description string
}

// Collection is a source of features. Features returns every feature the
// caller (in ctx) may see, in a stable order; it may use the query as a
// hint to read fewer (a superset is fine: the service filters exactly).
// Errors carry truce error codes.
type Collection interface {
	Meta() Meta
	Features(ctx context.Context, q Query) ([]Feature, error)
}

// FeatureGetter is a Collection that can fetch one feature by id without
// listing the others; ENOTFOUND when there is none the caller may see.
type FeatureGetter interface {
	Feature(ctx context.Context, id string) (*Feature, error)
}

// Query is a parsed items request.
type Query struct {
	BBox     *orb.Bound // nil: everywhere
	From, To time.Time  // datetime: zero From or To is open; both zero: any time
	HasTime  bool       // a datetime parameter was given
	Limit    int
	Offset   int
}

// Service serves the OGC API over a set of collections.
type Service struct {
	Prefix      string // path prefix, e.g. "/ogc"
	Title       string
	Description string
	APIDoc      string // path of the OpenAPI document (service-desc)
	Collections []Collection
}

func (s *Service) collection(id string) (Collection, error) {
	for _, c := range s.Collections {
		if c.Meta().ID == id {
			return c, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no collection %q", id)
}

// Link is an OGC API link.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// base returns the absolute URL of the service root for links.
func (s *Service) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host + s.Prefix
}

func writeJSON(w http.ResponseWriter, contentType string, v any) error {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	return json.NewEncoder(w).Encode(v)
}

// checkParams refuses query parameters the endpoint does not define
// (requirement /req/core/query-param-unknown) and formats other than JSON.
func checkParams(r *http.Request, allowed ...string) error {
	for k, vs := range r.URL.Query() {
		if k == "f" {
			if v := vs[0]; v != "json" && v != "geojson" && v != "application/json" && v != "application/geo+json" {
				return truce.FieldErrorf("f", "%q: only json is served", v)
			}
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return truce.FieldErrorf(k, "unknown parameter (this endpoint takes: %s)", strings.Join(append(allowed, "f"), ", "))
		}
	}
	return nil
}

// Landing serves the landing page.
func (s *Service) Landing(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r); err != nil {
		return err
	}
	b := s.base(r)
	root := strings.TrimSuffix(b, s.Prefix)
	return writeJSON(w, "application/json", map[string]any{
		"title":       s.Title,
		"description": s.Description,
		"links": []Link{
			{Href: b, Rel: "self", Type: "application/json", Title: "this document"},
			{Href: root + s.APIDoc, Rel: "service-desc", Type: "application/vnd.oai.openapi+json;version=3.0", Title: "the API definition"},
			{Href: b + "/conformance", Rel: "conformance", Type: "application/json", Title: "conformance classes"},
			{Href: b + "/collections", Rel: "data", Type: "application/json", Title: "the collections"},
		},
	})
}

// ConformanceDecl serves the conformance declaration.
func (s *Service) ConformanceDecl(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r); err != nil {
		return err
	}
	return writeJSON(w, "application/json", map[string]any{"conformsTo": Conformance})
}

// collectionJSON describes one collection, with its extent.
func (s *Service) collectionJSON(ctx context.Context, b string, c Collection) (map[string]any, error) {
	m := c.Meta()
	fs, err := c.Features(ctx, Query{})
	if err != nil {
		return nil, err
	}
	var bound *orb.Bound
	var t0, t1 time.Time
	for _, f := range fs {
		if f.Geometry != nil {
			fb := f.Geometry.Bound()
			if bound == nil {
				bound = &fb
			} else {
				u := bound.Union(fb)
				bound = &u
			}
		}
		if !f.Start.IsZero() {
			end := f.End
			if end.IsZero() {
				end = f.Start
			}
			if t0.IsZero() || f.Start.Before(t0) {
				t0 = f.Start
			}
			if end.After(t1) {
				t1 = end
			}
		}
	}
	out := map[string]any{
		"id":          m.ID,
		"title":       m.Title,
		"description": m.Description,
		"itemType":    "feature",
		"crs":         []string{CRS84},
		"links": []Link{
			{Href: b + "/collections/" + url.PathEscape(m.ID), Rel: "self", Type: "application/json"},
			{Href: b + "/collections/" + url.PathEscape(m.ID) + "/items", Rel: "items", Type: "application/geo+json", Title: m.Title},
		},
	}
	extent := map[string]any{}
	if bound != nil {
		extent["spatial"] = map[string]any{"bbox": [][]float64{{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]}}, "crs": CRS84}
	}
	if !t0.IsZero() {
		extent["temporal"] = map[string]any{"interval": [][]any{{t0.UTC().Format(time.RFC3339), t1.UTC().Format(time.RFC3339)}}}
	}
	if len(extent) > 0 {
		out["extent"] = extent
	}
	return out, nil
}

// CollectionsList serves /collections.
func (s *Service) CollectionsList(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r); err != nil {
		return err
	}
	b := s.base(r)
	cs := []any{}
	for _, c := range s.Collections {
		cj, err := s.collectionJSON(r.Context(), b, c)
		if err != nil {
			return err
		}
		cs = append(cs, cj)
	}
	return writeJSON(w, "application/json", map[string]any{
		"links":       []Link{{Href: b + "/collections", Rel: "self", Type: "application/json"}},
		"collections": cs,
	})
}

// CollectionOne serves /collections/{collection}.
func (s *Service) CollectionOne(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r); err != nil {
		return err
	}
	c, err := s.collection(r.PathValue("collection"))
	if err != nil {
		return err
	}
	cj, err := s.collectionJSON(r.Context(), s.base(r), c)
	if err != nil {
		return err
	}
	return writeJSON(w, "application/json", cj)
}

// ParseQuery reads limit, offset, bbox and datetime; errors name the parameter.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Limit: DefaultLimit}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, truce.FieldErrorf("limit", "%q is not a positive integer", s)
		}
		q.Limit = min(n, MaxLimit) // larger limits are lowered, as the standard allows
	}
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, truce.FieldErrorf("offset", "%q is not a non-negative integer", s)
		}
		q.Offset = n
	}
	if s := v.Get("bbox-crs"); s != "" && s != CRS84 {
		return q, truce.FieldErrorf("bbox-crs", "%q: only %s is supported", s, CRS84)
	}
	if s := v.Get("bbox"); s != "" {
		parts := strings.Split(s, ",")
		if len(parts) != 4 && len(parts) != 6 {
			return q, truce.FieldErrorf("bbox", "%q: want minLon,minLat,maxLon,maxLat (or 6 numbers with heights)", s)
		}
		var n []float64
		for _, p := range parts {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return q, truce.FieldErrorf("bbox", "%q is not a number", p)
			}
			n = append(n, f)
		}
		if len(n) == 6 {
			n = []float64{n[0], n[1], n[3], n[4]}
		}
		if n[1] > n[3] || n[1] < -90 || n[3] > 90 || n[0] < -180 || n[2] > 180 {
			return q, truce.FieldErrorf("bbox", "%q: latitudes must be in [-90, 90] with min ≤ max, longitudes in [-180, 180]", s)
		}
		q.BBox = &orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}
	}
	if s := v.Get("datetime"); s != "" {
		from, to, err := parseDatetime(s)
		if err != nil {
			return q, truce.FieldErrorf("datetime", "%q: %v", s, err)
		}
		q.From, q.To, q.HasTime = from, to, true
	}
	return q, nil
}

// parseDatetime reads an RFC 3339 instant, a date, or an interval a/b
// where either end may be open ("..", or empty).
func parseDatetime(s string) (time.Time, time.Time, error) {
	one := func(p string, end bool) (time.Time, error) {
		if p == "" || p == ".." {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339Nano, p); err == nil {
			return t, nil
		}
		d, err := time.Parse(time.DateOnly, p)
		if err != nil {
			return time.Time{}, fmt.Errorf("want an RFC 3339 date-time, a date, or an interval of them with /")
		}
		if end {
			return d.Add(24*time.Hour - time.Nanosecond), nil
		}
		return d, nil
	}
	a, b, interval := strings.Cut(s, "/")
	if !interval {
		if s == ".." || s == "" {
			return time.Time{}, time.Time{}, fmt.Errorf("an instant cannot be open")
		}
		from, err := one(s, false)
		if err != nil {
			return from, from, err
		}
		to := from
		if len(s) == len(time.DateOnly) {
			to, _ = one(s, true) // a date is the whole day
		}
		return from, to, nil
	}
	from, err := one(a, false)
	if err != nil {
		return from, from, err
	}
	to, err := one(b, true)
	if err != nil {
		return from, to, err
	}
	if (a == "" || a == "..") && (b == "" || b == "..") {
		return from, to, fmt.Errorf("both ends are open")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, fmt.Errorf("the interval ends before it starts")
	}
	return from, to, nil
}

// Match reports whether f passes q's bbox and datetime filters.
func (q Query) Match(f *Feature) bool {
	if q.BBox != nil {
		if f.Geometry == nil {
			return false
		}
		if !intersects(*q.BBox, f.Geometry.Bound()) {
			return false
		}
	}
	if q.HasTime {
		if f.Start.IsZero() {
			return false // only features with a time intersect a datetime
		}
		end := f.End
		if end.IsZero() {
			end = f.Start
		}
		if !q.To.IsZero() && f.Start.After(q.To) {
			return false
		}
		if !q.From.IsZero() && end.Before(q.From) {
			return false
		}
	}
	return true
}

// intersects handles a bbox crossing the antimeridian (minLon > maxLon).
func intersects(q, b orb.Bound) bool {
	if q.Min[0] <= q.Max[0] {
		return q.Intersects(b)
	}
	east := orb.Bound{Min: orb.Point{q.Min[0], q.Min[1]}, Max: orb.Point{180, q.Max[1]}}
	west := orb.Bound{Min: orb.Point{-180, q.Min[1]}, Max: orb.Point{q.Max[0], q.Max[1]}}
	return east.Intersects(b) || west.Intersects(b)
}

// featureJSON is a feature as GeoJSON (RFC 7946), with OGC links.
type featureJSON struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
	Links      []Link          `json:"links,omitempty"`
}

func geoFeature(f *Feature) featureJSON {
	out := featureJSON{Type: "Feature", ID: f.ID, Geometry: json.RawMessage("null"), Properties: f.Properties}
	if f.Geometry != nil {
		out.Geometry = geo.GeometryJSON(f.Geometry)
	}
	if out.Properties == nil {
		out.Properties = map[string]any{}
	}
	return out
}

// Items serves /collections/{collection}/items: the features matching
// bbox and datetime, limit at a time from offset, with numberMatched and
// next/prev links.
func (s *Service) Items(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r, "limit", "offset", "bbox", "bbox-crs", "datetime"); err != nil {
		return err
	}
	c, err := s.collection(r.PathValue("collection"))
	if err != nil {
		return err
	}
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	all, err := c.Features(r.Context(), q)
	if err != nil {
		return err
	}
	var matched []*Feature
	for i := range all {
		if q.Match(&all[i]) {
			matched = append(matched, &all[i])
		}
	}
	page := matched[min(q.Offset, len(matched)):min(q.Offset+q.Limit, len(matched))]
	features := make([]featureJSON, 0, len(page))
	for _, f := range page {
		features = append(features, geoFeature(f))
	}
	itemsURL := s.base(r) + "/collections/" + url.PathEscape(c.Meta().ID) + "/items"
	pageURL := func(offset int) string {
		v := r.URL.Query()
		v.Del("f")
		v.Set("offset", strconv.Itoa(offset))
		v.Set("limit", strconv.Itoa(q.Limit))
		return itemsURL + "?" + v.Encode()
	}
	links := []Link{
		{Href: pageURL(q.Offset), Rel: "self", Type: "application/geo+json", Title: "this page"},
		{Href: s.base(r) + "/collections/" + url.PathEscape(c.Meta().ID), Rel: "collection", Type: "application/json"},
	}
	if q.Offset+q.Limit < len(matched) {
		links = append(links, Link{Href: pageURL(q.Offset + q.Limit), Rel: "next", Type: "application/geo+json", Title: "next page"})
	}
	if q.Offset > 0 {
		links = append(links, Link{Href: pageURL(max(0, q.Offset-q.Limit)), Rel: "prev", Type: "application/geo+json", Title: "previous page"})
	}
	return writeJSON(w, "application/geo+json", map[string]any{
		"type":           "FeatureCollection",
		"features":       features,
		"links":          links,
		"numberMatched":  len(matched),
		"numberReturned": len(features),
		"timeStamp":      time.Now().UTC().Format(time.RFC3339),
	})
}

// Item serves /collections/{collection}/items/{feature}.
func (s *Service) Item(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r); err != nil {
		return err
	}
	c, err := s.collection(r.PathValue("collection"))
	if err != nil {
		return err
	}
	id := r.PathValue("feature")
	var all []Feature
	if g, ok := c.(FeatureGetter); ok {
		f, err := g.Feature(r.Context(), id)
		if err != nil {
			return err
		}
		all = []Feature{*f}
	} else if all, err = c.Features(r.Context(), Query{}); err != nil {
		return err
	}
	for i := range all {
		if all[i].ID == id {
			b := s.base(r) + "/collections/" + url.PathEscape(c.Meta().ID)
			f := geoFeature(&all[i])
			f.Links = []Link{
				{Href: b + "/items/" + url.PathEscape(id), Rel: "self", Type: "application/geo+json"},
				{Href: b, Rel: "collection", Type: "application/json"},
			}
			return writeJSON(w, "application/geo+json", f)
		}
	}
	return truce.Errorf(truce.ENOTFOUND, "no feature %q in collection %q", id, c.Meta().ID)
}
