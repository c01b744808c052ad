package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sqldb"
)

// DefaultBuffersKm are the buffer zone widths classification uses unless told.
var DefaultBuffersKm = []float64{5, 15}

// GroundAt is the ground in force on one date, built from the store.
type GroundAt struct {
	// Line is the line version in force (nil: the shipped demo area, used
	// when the store holds no line version at all).
	Line *truce.LineVersion
	// Ground is what points are classified against.
	Ground geo.Ground
}

// LineDate is the date of the line version in force, or the demo's.
func (g *GroundAt) LineDate() string {
	if g.Line == nil {
		return geo.DemoLineDate
	}
	return g.Line.Date.String()
}

// StoredGround assembles the ground on date d: the line version in force on
// d (the latest dated on or before it; the shipped demo area when the store
// holds none at all, ENOTFOUND when it holds only later ones), the shipped
// oblasts and seas, the stored zones that have their own geometry, and the
// stored protected sites (the shipped registry when none are stored).
func StoredGround(ctx context.Context, db *sqldb.DB, d truce.Date, buffersKm []float64) (*GroundAt, error) {
	g := &GroundAt{}
	var err error
	versions, err := db.LineVersions(ctx)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		if g.Ground.Occupied, err = geo.DemoArea(); err != nil {
			return nil, err
		}
	} else {
		if g.Line, err = db.LineVersionAt(ctx, d); err != nil {
			return nil, err
		}
		if g.Ground.Occupied, err = geo.ParseArea(bytes.NewReader(g.Line.Geometry)); err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "stored line version %s: %v", g.Line.Date, err)
		}
	}
	if g.Ground.Country, err = geo.DefaultOblasts(); err != nil {
		return nil, err
	}
	if g.Ground.Water, err = geo.DefaultSeas(); err != nil {
		return nil, err
	}
	g.Ground.BuffersKm = buffersKm
	g.Ground.Regions = append(append([]geo.Region{}, g.Ground.Country...), g.Ground.Water...)
	zones, err := db.Zones(ctx)
	if err != nil {
		return nil, err
	}
	for _, z := range zones {
		if len(z.Geometry) == 0 {
			continue
		}
		mp, err := geo.ParseArea(bytes.NewReader(z.Geometry))
		if err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "stored zone %s: %v", z.ID, err)
		}
		g.Ground.Regions = append(g.Ground.Regions, geo.Region{Name: z.Name, Code: z.ID, Kind: "zone", Area: mp})
	}
	sites, err := db.Sites(ctx)
	if err != nil {
		return nil, err
	}
	if len(sites) == 0 {
		if g.Ground.Sites, err = geo.DefaultSites(); err != nil {
			return nil, err
		}
	} else {
		for _, s := range sites {
			g.Ground.Sites = append(g.Ground.Sites, geo.Site{ID: s.ID, Name: s.Name, Class: s.Class,
				Location: [2]float64{s.Lon, s.Lat}, RadiusKm: s.RadiusKm, Source: s.Source})
		}
	}
	return g, nil
}

// classifierCache keeps the classifiers built for recent (rules version,
// line date, buffers) keys: building one indexes the line of contact, which
// takes a fraction of a second, while classifying takes microseconds.
var classifierCache struct {
	sync.Mutex
	m map[string]*cachedClassifier
}

type cachedClassifier struct {
	once sync.Once
	g    *GroundAt
	c    *geo.Classifier
}

// StoredClassifier returns a classifier over StoredGround(d), cached until
// the store's rules version changes (a new line version, zone or site).
func StoredClassifier(ctx context.Context, db *sqldb.DB, d truce.Date, buffersKm []float64) (*geo.Classifier, *GroundAt, error) {
	v, err := db.RulesVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	g, err := StoredGround(ctx, db, d, buffersKm)
	if err != nil {
		return nil, nil, err
	}
	key := fmt.Sprintf("%p|%d|%s|%v", db, v, g.LineDate(), buffersKm)
	classifierCache.Lock()
	if classifierCache.m == nil || len(classifierCache.m) > 16 {
		classifierCache.m = map[string]*cachedClassifier{}
	}
	cc, ok := classifierCache.m[key]
	if !ok {
		cc = &cachedClassifier{g: g}
		classifierCache.m[key] = cc
	}
	classifierCache.Unlock()
	cc.once.Do(func() { cc.c = geo.NewClassifier(cc.g.Ground) })
	return cc.c, cc.g, nil
}

// MaxClassifyPoints is the most points one POST /api/classify may carry;
// larger batches go through `truce geo classify`, which streams.
const MaxClassifyPoints = 10000

// ClassifyRequest is the body of POST /api/classify.
type ClassifyRequest struct {
	// At is the date whose line version, zones and sites apply (default today).
	At truce.Date `json:"at"`
	// BuffersKm are the buffer zone widths (default DefaultBuffersKm).
	BuffersKm []float64       `json:"buffers_km,omitempty"`
	Points    []ClassifyPoint `json:"points"`
}

// ClassifyPoint is one point to classify.
type ClassifyPoint struct {
	ID  string  `json:"id"`
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// ClassifyResult is what POST /api/classify says about one point.
type ClassifyResult struct {
	ID     string        `json:"id"`
	Lon    float64       `json:"lon"`
	Lat    float64       `json:"lat"`
	Inside bool          `json:"inside"`
	LineKm *float64      `json:"line_km"` // null when there is no line
	Zones  []string      `json:"zones"`
	Sites  []geo.SiteHit `json:"sites"`
	Oblast string        `json:"oblast,omitempty"`
}

// ClassifyResponse is the body POST /api/classify answers with.
type ClassifyResponse struct {
	// LineDate is the date of the line version used; LineApproximate says
	// whether it is approximate (the demo's is).
	LineDate        string           `json:"line_date"`
	LineApproximate bool             `json:"line_approximate"`
	Results         []ClassifyResult `json:"results"`
}

func (s *Server) classify(w http.ResponseWriter, r *http.Request) error {
	var req ClassifyRequest
	if err := decodeJSON(w, r, 2<<20, &req); err != nil {
		return err
	}
	if req.At.IsZero() {
		req.At = s.today(r.Context())
	}
	if len(req.Points) == 0 {
		return truce.FieldErrorf("points", "required")
	}
	if len(req.Points) > MaxClassifyPoints {
		return &truce.Error{Code: truce.ETOOLARGE, Field: "points", Message: fmt.Sprintf("%d points; at most %d per request (use `truce geo classify` for more)", len(req.Points), MaxClassifyPoints)}
	}
	if req.BuffersKm == nil {
		req.BuffersKm = DefaultBuffersKm
	}
	for i, b := range req.BuffersKm {
		if !(b > 0 && b <= 1000) {
			return truce.FieldErrorf(fmt.Sprintf("buffers_km[%d]", i), "%v not in (0, 1000]", b)
		}
	}
	for i, p := range req.Points {
		if !(p.Lon >= -180 && p.Lon <= 180) {
			return truce.FieldErrorf(fmt.Sprintf("points[%d].lon", i), "%v out of range [-180, 180]", p.Lon)
		}
		if !(p.Lat >= -90 && p.Lat <= 90) {
			return truce.FieldErrorf(fmt.Sprintf("points[%d].lat", i), "%v out of range [-90, 90]", p.Lat)
		}
	}
	c, g, err := StoredClassifier(r.Context(), s.DB, req.At, req.BuffersKm)
	if err != nil {
		return err
	}
	resp := ClassifyResponse{LineDate: g.LineDate(), LineApproximate: g.Line == nil || g.Line.Approximate, Results: make([]ClassifyResult, len(req.Points))}
	for i, p := range req.Points {
		cl := c.Classify(p.Lon, p.Lat)
		res := ClassifyResult{ID: p.ID, Lon: p.Lon, Lat: p.Lat, Inside: cl.Inside, Zones: cl.Zones, Sites: cl.Sites, Oblast: cl.Oblast}
		if !math.IsInf(cl.LineKm, 0) {
			km := cl.LineKm
			res.LineKm = &km
		}
		if res.Zones == nil {
			res.Zones = []string{}
		}
		if res.Sites == nil {
			res.Sites = []geo.SiteHit{}
		}
		resp.Results[i] = res
	}
	return writeJSON(w, http.StatusOK, resp)
}

// LinesResponse is the body of GET /api/lines.
type LinesResponse struct {
	// Versions are the stored line versions, oldest first, without
	// geometry. When none is stored, the shipped demo version alone, marked
	// builtin.
	Versions []LineVersionInfo `json:"versions"`
}

// LineVersionInfo is a line version as listed.
type LineVersionInfo struct {
	truce.LineVersion
	Builtin bool `json:"builtin,omitempty"`
}

func demoVersion() (*truce.LineVersion, error) {
	area, err := geo.DemoArea()
	if err != nil {
		return nil, err
	}
	d, err := truce.ParseDate(geo.DemoLineDate)
	if err != nil {
		return nil, err
	}
	return &truce.LineVersion{Date: d, AreaKm2: geo.Area(area), Source: "Truce project, coarse demo line", Approximate: true,
		Geometry: geo.GeometryJSON(area)}, nil
}

func (s *Server) listLines(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.DB.LineVersions(r.Context())
	if err != nil {
		return err
	}
	resp := LinesResponse{Versions: []LineVersionInfo{}}
	for _, v := range vs {
		resp.Versions = append(resp.Versions, LineVersionInfo{LineVersion: v})
	}
	if len(vs) == 0 {
		dv, err := demoVersion()
		if err != nil {
			return err
		}
		dv.Geometry = nil
		resp.Versions = append(resp.Versions, LineVersionInfo{LineVersion: *dv, Builtin: true})
	}
	return writeJSON(w, http.StatusOK, resp)
}

// getLine answers GET /api/lines/{date}: the version in force on date as a
// GeoJSON FeatureCollection of two features, the occupied area and the line
// of contact derived from it.
func (s *Server) getLine(w http.ResponseWriter, r *http.Request) error {
	d, err := truce.ParseDate(r.PathValue("date"))
	if err != nil {
		return truce.FieldErrorf("date", "%q is not a date (YYYY-MM-DD)", r.PathValue("date"))
	}
	c, g, err := StoredClassifier(r.Context(), s.DB, d, DefaultBuffersKm)
	if err != nil {
		return err
	}
	props := map[string]any{"date": g.LineDate(), "in_force_on": d.String(), "kind": "occupied_area",
		"area_km2": geo.Area(g.Ground.Occupied), "approximate": g.Line == nil || g.Line.Approximate}
	if g.Line != nil {
		props["source"] = g.Line.Source
	} else {
		props["source"] = "Truce project, coarse demo line"
		props["builtin"] = true
	}
	lineProps := map[string]any{"date": g.LineDate(), "kind": "line_of_contact"}
	type feature struct {
		Type       string          `json:"type"`
		Properties map[string]any  `json:"properties"`
		Geometry   json.RawMessage `json:"geometry"`
	}
	body := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{"FeatureCollection", []feature{
		{"Feature", props, geo.GeometryJSON(g.Ground.Occupied)},
		{"Feature", lineProps, geo.GeometryJSON(c.Line())},
	}}
	w.Header().Set("Content-Type", "application/geo+json")
	return json.NewEncoder(w).Encode(body)
}

// SitesResponse is the body of GET /api/sites.
type SitesResponse struct {
	// Builtin is true when the store holds no sites and the shipped
	// registry (GPPD and OpenStreetMap energy sites) is listed.
	Builtin bool         `json:"builtin"`
	Sites   []truce.Site `json:"sites"`
}

func (s *Server) listSites(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.DB.Sites(r.Context())
	if err != nil {
		return err
	}
	resp := SitesResponse{Sites: ss}
	if len(ss) == 0 {
		resp.Builtin = true
		shipped, err := geo.DefaultSites()
		if err != nil {
			return err
		}
		for _, st := range shipped {
			resp.Sites = append(resp.Sites, SiteOf(st))
		}
	}
	if c := r.URL.Query().Get("class"); c != "" {
		kept := resp.Sites[:0:0]
		for _, st := range resp.Sites {
			if st.Class == c || strings.HasPrefix(st.Class, c+":") {
				kept = append(kept, st)
			}
		}
		resp.Sites = kept
	}
	return writeJSON(w, http.StatusOK, resp)
}

// SiteOf converts a geo.Site to the domain's truce.Site.
func SiteOf(s geo.Site) truce.Site {
	return truce.Site{ID: s.ID, Name: s.Name, Class: s.Class, Lon: s.Location[0], Lat: s.Location[1], RadiusKm: s.RadiusKm, Source: s.Source}
}

// ParseBuffers parses "5,15" into buffer widths in km.
func ParseBuffers(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || !(v > 0 && v <= 1000) {
			return nil, truce.FieldErrorf("buffers", "%q is not a width in km in (0, 1000]", f)
		}
		out = append(out, v)
	}
	return out, nil
}
