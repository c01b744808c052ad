package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// Limits on GeoJSON input. They bound the memory and time one import can take.
const (
	// MaxVertices is the most vertices one GeoJSON document may hold in total.
	MaxVertices = 1_000_000
	// MaxDepth is the deepest nesting of JSON arrays and objects accepted.
	// A MultiPolygon inside a FeatureCollection needs 8.
	MaxDepth = 16
	// MaxBytes is the largest GeoJSON document read.
	MaxBytes = 256 << 20
)

// Feature is one validated GeoJSON feature.
type Feature struct {
	// Index is the feature's position in the document's "features" array
	// (0 for a bare Feature or geometry).
	Index int
	// Geometry is an orb.Point, orb.MultiPoint, orb.LineString,
	// orb.MultiLineString, orb.Polygon or orb.MultiPolygon. Polygon rings are
	// closed, have at least 4 points, and neither cross themselves nor each other.
	Geometry orb.Geometry
	// Properties are the feature's properties, decoded as encoding/json does.
	Properties map[string]any
}

// FeatureError is the error ParseGeoJSON returns for bad input: the feature
// index and the reason. Feature is -1 for errors about the document as a whole.
type FeatureError struct {
	Feature int
	Reason  string
}

// Error implements error.
func (e *FeatureError) Error() string {
	if e.Feature < 0 {
		return "geojson: " + e.Reason
	}
	return fmt.Sprintf("geojson: feature %d: %s", e.Feature, e.Reason)
}

type rawObject struct {
	Type        string            `json:"type"`
	Features    []json.RawMessage `json:"features"`
	Geometry    json.RawMessage   `json:"geometry"`
	Geometries  []json.RawMessage `json:"geometries"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Properties  map[string]any    `json:"properties"`
}

// ParseGeoJSON reads a GeoJSON FeatureCollection, Feature or bare geometry and
// validates every geometry strictly: coordinates finite and within longitude
// [-180,180] and latitude [-90,90]; polygon rings closed, of at least 4
// points, and free of self-intersections; at most MaxVertices vertices and
// MaxDepth levels of nesting. The first problem found is returned as a
// *FeatureError naming the feature and the reason, and no features are
// returned with it. Features with a null geometry are skipped.
func ParseGeoJSON(r io.Reader) ([]Feature, error) {
	return ParseGeoJSONSelect(r, nil)
}

// ParseGeoJSONSelect is ParseGeoJSON reading only the features whose
// properties keep accepts (all when keep is nil): the others are skipped
// before their geometry is decoded, so that a file mixing layers (points,
// collections, polygons of several statuses) can be read for one layer.
// Feature indexes still count every feature of the document.
func ParseGeoJSONSelect(r io.Reader, keep func(props map[string]any) bool) ([]Feature, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &FeatureError{Feature: -1, Reason: "read: " + err.Error()}
	}
	if len(data) > MaxBytes {
		return nil, &FeatureError{Feature: -1, Reason: fmt.Sprintf("document larger than %d bytes", MaxBytes)}
	}
	if d := nestingDepth(data); d > MaxDepth {
		return nil, &FeatureError{Feature: -1, Reason: fmt.Sprintf("nesting depth %d exceeds %d", d, MaxDepth)}
	}
	var top rawObject
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, &FeatureError{Feature: -1, Reason: "invalid JSON: " + err.Error()}
	}
	var raws []json.RawMessage
	switch top.Type {
	case "FeatureCollection":
		if top.Features == nil {
			return nil, &FeatureError{Feature: -1, Reason: `FeatureCollection without a "features" array`}
		}
		raws = top.Features
	case "Feature":
		raws = []json.RawMessage{data}
	case "":
		return nil, &FeatureError{Feature: -1, Reason: `missing "type"`}
	default:
		// A bare geometry: wrap it as feature 0.
		raws = []json.RawMessage{[]byte(`{"type":"Feature","geometry":` + string(data) + `}`)}
	}
	vertices := 0
	out := make([]Feature, 0, len(raws))
	for i, raw := range raws {
		var f rawObject
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, &FeatureError{Feature: i, Reason: "invalid feature: " + err.Error()}
		}
		if f.Type != "Feature" {
			return nil, &FeatureError{Feature: i, Reason: fmt.Sprintf("type %q, want \"Feature\"", f.Type)}
		}
		if keep != nil && !keep(f.Properties) {
			continue
		}
		if len(f.Geometry) == 0 || string(f.Geometry) == "null" {
			continue
		}
		g, n, err := decodeGeometry(f.Geometry)
		if err != nil {
			return nil, &FeatureError{Feature: i, Reason: err.Error()}
		}
		vertices += n
		if vertices > MaxVertices {
			return nil, &FeatureError{Feature: i, Reason: fmt.Sprintf("more than %d vertices in the document", MaxVertices)}
		}
		if err := validateGeometry(g); err != nil {
			return nil, &FeatureError{Feature: i, Reason: err.Error()}
		}
		out = append(out, Feature{Index: i, Geometry: g, Properties: f.Properties})
	}
	return out, nil
}

// ParseArea reads GeoJSON (as ParseGeoJSON) whose geometries are all polygons
// or multipolygons and returns them as one MultiPolygon, rings oriented
// counter-clockwise for shells and clockwise for holes.
func ParseArea(r io.Reader) (orb.MultiPolygon, error) {
	fs, err := ParseGeoJSON(r)
	if err != nil {
		return nil, err
	}
	return AreaOf(fs)
}

// AreaOf gathers the polygonal geometries of fs into one oriented MultiPolygon.
// It fails naming the first feature that is not a polygon or multipolygon.
func AreaOf(fs []Feature) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	for _, f := range fs {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = append(mp, g)
		case orb.MultiPolygon:
			mp = append(mp, g...)
		default:
			return nil, &FeatureError{Feature: f.Index, Reason: fmt.Sprintf("geometry %s, want Polygon or MultiPolygon", f.Geometry.GeoJSONType())}
		}
	}
	return Orient(mp), nil
}

// Dissolve returns the union of the polygons of mp, which may overlap (as
// polygons from separate features often do), as non-overlapping polygons.
func Dissolve(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		q := Orient(orb.MultiPolygon{p})
		if out == nil {
			out = q
			continue
		}
		out = Clip(out, q, Union)
	}
	return out
}

// Orient returns mp with every shell counter-clockwise and every hole
// clockwise (in longitude/latitude), reversing rings in place where needed.
func Orient(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, p := range mp {
		for j, r := range p {
			a := ringSignedArea2(r)
			if (j == 0 && a < 0) || (j > 0 && a > 0) {
				r.Reverse()
			}
		}
	}
	return mp
}

// ringSignedArea2 is twice the planar signed area of r (positive if CCW).
func ringSignedArea2(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += (r[i][0] - r[i+1][0]) * (r[i][1] + r[i+1][1])
	}
	return s
}

// nestingDepth returns the deepest nesting of arrays/objects in JSON text,
// skipping strings. It runs before decoding so that a hostile document cannot
// make the decoder recurse deeply.
func nestingDepth(data []byte) int {
	depth, maxd := 0, 0
	inStr, esc := false, false
	for _, c := range data {
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '[', '{':
			depth++
			if depth > maxd {
				maxd = depth
			}
		case ']', '}':
			depth--
		}
	}
	return maxd
}

// decodeGeometry decodes a GeoJSON geometry and counts its vertices.
func decodeGeometry(raw json.RawMessage) (orb.Geometry, int, error) {
	var g rawObject
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&g); err != nil {
		return nil, 0, fmt.Errorf("invalid geometry: %v", err)
	}
	if len(g.Coordinates) == 0 || string(g.Coordinates) == "null" {
		return nil, 0, fmt.Errorf("geometry %q without coordinates", g.Type)
	}
	var err error
	bad := func(e error) error { return fmt.Errorf("%s coordinates: %v", g.Type, e) }
	switch g.Type {
	case "Point":
		var c []float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, 0, bad(err)
		}
		p, err := toPoint(c)
		if err != nil {
			return nil, 0, err
		}
		return p, 1, nil
	case "MultiPoint", "LineString":
		var cs [][]float64
		if err = json.Unmarshal(g.Coordinates, &cs); err != nil {
			return nil, 0, bad(err)
		}
		ps, err := toPoints(cs)
		if err != nil {
			return nil, 0, err
		}
		if g.Type == "MultiPoint" {
			return orb.MultiPoint(ps), len(ps), nil
		}
		if len(ps) < 2 {
			return nil, 0, errors.New("LineString with fewer than 2 points")
		}
		return orb.LineString(ps), len(ps), nil
	case "MultiLineString":
		var css [][][]float64
		if err = json.Unmarshal(g.Coordinates, &css); err != nil {
			return nil, 0, bad(err)
		}
		var mls orb.MultiLineString
		n := 0
		for _, cs := range css {
			ps, err := toPoints(cs)
			if err != nil {
				return nil, 0, err
			}
			if len(ps) < 2 {
				return nil, 0, errors.New("LineString with fewer than 2 points")
			}
			mls = append(mls, orb.LineString(ps))
			n += len(ps)
		}
		return mls, n, nil
	case "Polygon":
		var css [][][]float64
		if err = json.Unmarshal(g.Coordinates, &css); err != nil {
			return nil, 0, bad(err)
		}
		p, n, err := toPolygon(css, 0)
		return p, n, err
	case "MultiPolygon":
		var csss [][][][]float64
		if err = json.Unmarshal(g.Coordinates, &csss); err != nil {
			return nil, 0, bad(err)
		}
		var mp orb.MultiPolygon
		total := 0
		for i, css := range csss {
			p, n, err := toPolygon(css, i)
			if err != nil {
				return nil, 0, err
			}
			mp = append(mp, p)
			total += n
			if total > MaxVertices {
				return nil, 0, fmt.Errorf("more than %d vertices", MaxVertices)
			}
		}
		if len(mp) == 0 {
			return nil, 0, errors.New("MultiPolygon without polygons")
		}
		return mp, total, nil
	case "GeometryCollection":
		return nil, 0, errors.New("GeometryCollection is not supported")
	default:
		return nil, 0, fmt.Errorf("unknown geometry type %q", g.Type)
	}
}

func toPoint(c []float64) (orb.Point, error) {
	if len(c) < 2 || len(c) > 3 {
		return orb.Point{}, fmt.Errorf("position with %d numbers, want 2 or 3", len(c))
	}
	lon, lat := c[0], c[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return orb.Point{}, fmt.Errorf("position [%v, %v] is not finite", lon, lat)
	}
	if lon < -180 || lon > 180 {
		return orb.Point{}, fmt.Errorf("longitude %v out of range [-180, 180]", lon)
	}
	if lat < -90 || lat > 90 {
		return orb.Point{}, fmt.Errorf("latitude %v out of range [-90, 90]", lat)
	}
	return orb.Point{lon, lat}, nil
}

func toPoints(cs [][]float64) ([]orb.Point, error) {
	ps := make([]orb.Point, len(cs))
	for i, c := range cs {
		p, err := toPoint(c)
		if err != nil {
			return nil, fmt.Errorf("vertex %d: %v", i, err)
		}
		ps[i] = p
	}
	return ps, nil
}

func toPolygon(css [][][]float64, polyIndex int) (orb.Polygon, int, error) {
	if len(css) == 0 {
		return nil, 0, fmt.Errorf("polygon %d has no rings", polyIndex)
	}
	p := make(orb.Polygon, len(css))
	n := 0
	for j, cs := range css {
		ps, err := toPoints(cs)
		if err != nil {
			return nil, 0, fmt.Errorf("polygon %d ring %d: %v", polyIndex, j, err)
		}
		if len(ps) < 4 {
			return nil, 0, fmt.Errorf("polygon %d ring %d has %d points, want at least 4", polyIndex, j, len(ps))
		}
		if ps[0] != ps[len(ps)-1] {
			return nil, 0, fmt.Errorf("polygon %d ring %d is not closed: first %v, last %v", polyIndex, j, ps[0], ps[len(ps)-1])
		}
		p[j] = orb.Ring(ps)
		n += len(ps)
		if n > MaxVertices {
			return nil, 0, fmt.Errorf("more than %d vertices", MaxVertices)
		}
	}
	return p, n, nil
}

// validateGeometry checks polygonal geometries for self-intersection: no two
// edges of the geometry's rings may cross or overlap. Touching at a shared
// vertex is allowed (it is valid for a hole to touch its shell at a point).
func validateGeometry(g orb.Geometry) error {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return nil
	}
	if c, ok := findCrossing(mp); ok {
		return fmt.Errorf("self-intersection near [%.7f, %.7f] (polygon %d ring %d edge %d and polygon %d ring %d edge %d)",
			c.at[0], c.at[1], c.a.poly, c.a.ring, c.a.edge, c.b.poly, c.b.ring, c.b.edge)
	}
	for i, p := range mp {
		for j, r := range p {
			if ringSignedArea2(r) == 0 {
				return fmt.Errorf("polygon %d ring %d has zero area", i, j)
			}
		}
	}
	return nil
}

type edgeRef struct{ poly, ring, edge int }

type crossing struct {
	a, b edgeRef
	at   orb.Point
}

type sweepEdge struct {
	ref            edgeRef
	a, b           orb.Point
	minX, maxX     float64
	minY, maxY     float64
	ringLen        int // edges in the ring
	ringID, edgeID int
}

// findCrossing reports one pair of edges that cross or overlap, using a sweep
// over edges sorted by their least longitude.
func findCrossing(mp orb.MultiPolygon) (crossing, bool) {
	var es []sweepEdge
	ringID := 0
	for i, p := range mp {
		for j, r := range p {
			n := len(r) - 1
			for k := 0; k < n; k++ {
				a, b := r[k], r[k+1]
				es = append(es, sweepEdge{
					ref: edgeRef{i, j, k}, a: a, b: b,
					minX: math.Min(a[0], b[0]), maxX: math.Max(a[0], b[0]),
					minY: math.Min(a[1], b[1]), maxY: math.Max(a[1], b[1]),
					ringLen: n, ringID: ringID, edgeID: k,
				})
			}
			ringID++
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].minX < es[j].minX })
	var active []int
	for i := range es {
		e := &es[i]
		// Drop active edges that end before e starts.
		w := 0
		for _, k := range active {
			if es[k].maxX >= e.minX {
				active[w] = k
				w++
			}
		}
		active = active[:w]
		for _, k := range active {
			o := &es[k]
			if o.maxY < e.minY || o.minY > e.maxY {
				continue
			}
			if o.ringID == e.ringID {
				d := o.edgeID - e.edgeID
				if d == 1 || d == -1 || d == e.ringLen-1 || d == 1-e.ringLen {
					// Adjacent edges share a vertex; they are bad only if they fold back.
					if collinearOverlap(o.a, o.b, e.a, e.b) {
						return crossing{o.ref, e.ref, sharedVertex(o, e)}, true
					}
					continue
				}
			}
			if p, ok := segmentsConflict(o.a, o.b, e.a, e.b); ok {
				return crossing{o.ref, e.ref, p}, true
			}
		}
		active = append(active, i)
	}
	return crossing{}, false
}

func sharedVertex(o, e *sweepEdge) orb.Point {
	if o.a == e.a || o.a == e.b {
		return o.a
	}
	return o.b
}

// orient returns the sign of the turn a->b->c: >0 left, <0 right, 0 collinear.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// collinearOverlap reports whether segments ab and cd are collinear and share
// more than a single point.
func collinearOverlap(a, b, c, d orb.Point) bool {
	if orient(a, b, c) != 0 || orient(a, b, d) != 0 {
		return false
	}
	// Project on the dominant axis.
	ax := 0
	if math.Abs(b[0]-a[0]) < math.Abs(b[1]-a[1]) {
		ax = 1
	}
	lo1, hi1 := math.Min(a[ax], b[ax]), math.Max(a[ax], b[ax])
	lo2, hi2 := math.Min(c[ax], d[ax]), math.Max(c[ax], d[ax])
	return math.Min(hi1, hi2) > math.Max(lo1, lo2)
}

// segmentsConflict reports whether non-adjacent edges ab and cd cross or
// overlap. Meeting at a shared endpoint is allowed, and so is one edge's
// endpoint touching the other edge's interior only when it is a vertex of both
// (that is the shared-vertex case); any other contact is a conflict.
func segmentsConflict(a, b, c, d orb.Point) (orb.Point, bool) {
	if collinearOverlap(a, b, c, d) {
		return c, true
	}
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		t := o3 / (o3 - o4)
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
	}
	// An endpoint lying on the other edge's interior (a T-junction).
	if o1 == 0 && onSegment(a, b, c) && c != a && c != b {
		return c, true
	}
	if o2 == 0 && onSegment(a, b, d) && d != a && d != b {
		return d, true
	}
	if o3 == 0 && onSegment(c, d, a) && a != c && a != d {
		return a, true
	}
	if o4 == 0 && onSegment(c, d, b) && b != c && b != d {
		return b, true
	}
	return orb.Point{}, false
}

// GeometryJSON encodes a Point, LineString, MultiLineString, Polygon or
// MultiPolygon as a GeoJSON geometry object.
func GeometryJSON(g orb.Geometry) json.RawMessage {
	var coords any
	switch g := g.(type) {
	case orb.Point:
		coords = [2]float64(g)
	case orb.LineString:
		coords = pointsJSON(g)
	case orb.MultiLineString:
		c := make([][][2]float64, len(g))
		for i, l := range g {
			c[i] = pointsJSON(l)
		}
		coords = c
	case orb.Polygon:
		coords = polygonJSON(g)
	case orb.MultiPolygon:
		c := make([][][][2]float64, len(g))
		for i, p := range g {
			c[i] = polygonJSON(p)
		}
		coords = c
	default:
		return json.RawMessage("null")
	}
	b, _ := json.Marshal(struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	}{g.GeoJSONType(), coords})
	return b
}

func pointsJSON(ps []orb.Point) [][2]float64 {
	c := make([][2]float64, len(ps))
	for i, p := range ps {
		c[i] = p
	}
	return c
}

func polygonJSON(p orb.Polygon) [][][2]float64 {
	c := make([][][2]float64, len(p))
	for i, r := range p {
		c[i] = pointsJSON(r)
	}
	return c
}

// FeatureCollectionJSON encodes one feature with geometry g and properties
// props as a GeoJSON FeatureCollection.
func FeatureCollectionJSON(g orb.Geometry, props map[string]any) []byte {
	if props == nil {
		props = map[string]any{}
	}
	type feature struct {
		Type       string          `json:"type"`
		Properties map[string]any  `json:"properties"`
		Geometry   json.RawMessage `json:"geometry"`
	}
	b, _ := json.Marshal(struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{"FeatureCollection", []feature{{"Feature", props, GeometryJSON(g)}}})
	return b
}
