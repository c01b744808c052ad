package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// OutlineTolerance is how close (km) an edge of the occupied area must come to
// the edge of Ukraine's territory (the international border or the coast) to
// count as lying on it rather than on the line of contact. Boundary datasets
// from different sources disagree by up to a kilometre or two along borders.
const OutlineTolerance = 3.0

// Line-of-contact tests, in km: how far out from an edge the held side is
// probed, and how far a probe ray must run over held land.
const (
	probeKm = 2.0
	rayKm   = 40.0
)

// LineOfContact returns the part of the occupied area's boundary that faces
// Ukrainian-held territory: every edge of occ's rings except those lying on
// the edge of the country (its international borders and its coastline) and
// those facing only water or more occupied ground. land reports whether a
// point is on the country's land (e.g. in an oblast and not in a sea; see
// Land).
//
// An edge lies on the edge of the country when its midpoint, or a point
// within OutlineTolerance km of it in any of eight directions, is not on
// land. An edge faces held territory when, from a point probeKm out on its
// outer side, at least one of sixteen rays runs rayKm over land that is not
// occupied; this drops the shores of lagoons and straits that the sea
// outlines miss (the Syvash, the Kerch strait), where every way out meets the
// occupied area, Russia or the sea. Consecutive kept edges are joined into
// one line string.
func LineOfContact(occ orb.MultiPolygon, land func(lon, lat float64) bool) orb.MultiLineString {
	occ = Orient(cloneMP(occ))
	in := NewAreaIndex(occ)
	held := func(lon, lat float64) bool { return land(lon, lat) && !in.Contains(lon, lat) }
	var out orb.MultiLineString
	for _, p := range occ {
		for _, r := range p {
			out = append(out, contactParts(r, land, held)...)
		}
	}
	return out
}

func cloneMP(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			out[i][j] = append(orb.Ring(nil), r...)
		}
	}
	return out
}

func contactParts(r orb.Ring, land, held func(lon, lat float64) bool) orb.MultiLineString {
	n := len(r) - 1
	if n < 3 {
		return nil
	}
	keep := make([]bool, n)
	all := true
	for i := 0; i < n; i++ {
		keep[i] = !nearOutside(r[i], r[i+1], land) && facesHeld(r[i], r[i+1], held)
		all = all && keep[i]
	}
	if all {
		ls := make(orb.LineString, len(r))
		copy(ls, r)
		return orb.MultiLineString{ls}
	}
	// Start right after a dropped edge so runs that wrap around stay whole.
	start := 0
	for i := 0; i < n; i++ {
		if !keep[i] {
			start = (i + 1) % n
			break
		}
	}
	var out orb.MultiLineString
	var cur orb.LineString
	for k := 0; k < n; k++ {
		i := (start + k) % n
		if keep[i] {
			if cur == nil {
				cur = orb.LineString{r[i]}
			}
			cur = append(cur, r[i+1])
		} else if cur != nil {
			out = append(out, cur)
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// offset moves (lon, lat) by east and north km on a local flat approximation.
func offset(lon, lat, east, north float64) (float64, float64) {
	return lon + east/(111.32*math.Cos(lat*math.Pi/180)), lat + north/110.57
}

func nearOutside(a, b orb.Point, land func(lon, lat float64) bool) bool {
	mx, my := (a[0]+b[0])/2, (a[1]+b[1])/2
	if !land(mx, my) {
		return true
	}
	for k := 0; k < 8; k++ {
		s, c := math.Sincos(float64(k) * math.Pi / 4)
		if !land(offset(mx, my, c*OutlineTolerance, s*OutlineTolerance)) {
			return true
		}
	}
	return false
}

// facesHeld reports whether the outer side of edge ab (its right, rings being
// oriented with the occupied area on the left) opens onto held land.
func facesHeld(a, b orb.Point, held func(lon, lat float64) bool) bool {
	mx, my := (a[0]+b[0])/2, (a[1]+b[1])/2
	ex := (b[0] - a[0]) * 111.32 * math.Cos(my*math.Pi/180)
	ny := (b[1] - a[1]) * 110.57
	l := math.Hypot(ex, ny)
	if l == 0 {
		return false
	}
	// Right-hand normal, in km east/north.
	rx, ry := ny/l, -ex/l
	var sx, sy float64
	found := false
	for _, d := range [...]float64{probeKm, probeKm / 4, probeKm / 16} {
		sx, sy = offset(mx, my, rx*d, ry*d)
		if held(sx, sy) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	const step = 2.0
	for k := 0; k < 16; k++ {
		s, c := math.Sincos(float64(k) * math.Pi / 8)
		ok := true
		for d := step; d <= rayKm; d += step {
			if !held(offset(sx, sy, c*d, s*d)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Land returns a land test for LineOfContact: in one of country's regions and
// in none of water's.
func Land(country, water []Region) func(lon, lat float64) bool {
	var all orb.MultiPolygon
	for _, r := range country {
		all = append(all, r.Area...)
	}
	in := NewAreaIndex(all)
	var wet []regionIndex
	for _, r := range water {
		wet = append(wet, regionIndex{bound: r.Area.Bound(), ix: NewAreaIndex(r.Area)})
	}
	return func(lon, lat float64) bool {
		if !in.Contains(lon, lat) {
			return false
		}
		for i := range wet {
			if wet[i].contains(lon, lat) {
				return false
			}
		}
		return true
	}
}

// LineIndex answers "how far is this point from the line?" in geodesic
// kilometres on the WGS84 ellipsoid, the way PostGIS geography ST_Distance
// does it: the nearest point of the line is found on the sphere (edges are
// great-circle arcs) and the distance to it is then measured on the ellipsoid.
// It is immutable once built and safe for concurrent use.
type LineIndex struct {
	segs   []arc
	chunks []chunk // runs of consecutive edges, see chunk
	tree   rtree.RTreeG[int32]
	// tree of candidate lists, see quadTree.
	quad *quadTree
}

// arc is one edge of the line as unit vectors on the sphere.
type arc struct {
	a, b, n vec3    // endpoints and the unit normal of their great circle
	m       vec3    // midpoint (unit vector)
	r       float64 // chord radius of the ball around m that holds the arc
	degen   bool    // a == b (or antipodal): only the endpoint counts
}

type vec3 struct{ x, y, z float64 }

func (u vec3) dot(v vec3) float64 { return u.x*v.x + u.y*v.y + u.z*v.z }
func (u vec3) cross(v vec3) vec3 {
	return vec3{u.y*v.z - u.z*v.y, u.z*v.x - u.x*v.z, u.x*v.y - u.y*v.x}
}
func (u vec3) scale(k float64) vec3 { return vec3{u.x * k, u.y * k, u.z * k} }
func (u vec3) sub(v vec3) vec3      { return vec3{u.x - v.x, u.y - v.y, u.z - v.z} }
func (u vec3) norm() float64        { return math.Sqrt(u.dot(u)) }

func unit(lon, lat float64) vec3 {
	sl, cl := math.Sincos(lat * math.Pi / 180)
	so, co := math.Sincos(lon * math.Pi / 180)
	return vec3{cl * co, cl * so, sl}
}

func lonLat(v vec3) (float64, float64) {
	return math.Atan2(v.y, v.x) * 180 / math.Pi, math.Atan2(v.z, math.Hypot(v.x, v.y)) * 180 / math.Pi
}

// NewLineIndex indexes the edges of line.
func NewLineIndex(line orb.MultiLineString) *LineIndex {
	ix := &LineIndex{}
	for _, ls := range line {
		for i := 0; i+1 < len(ls); i++ {
			p, q := ls[i], ls[i+1]
			a, b := unit(p[0], p[1]), unit(q[0], q[1])
			n := a.cross(b)
			l := n.norm()
			s := arc{a: a, b: b}
			m := vec3{a.x + b.x, a.y + b.y, a.z + b.z}
			if ml := m.norm(); ml > 0 {
				s.m = m.scale(1 / ml)
			} else {
				s.m = a
			}
			s.r = math.Max(s.m.sub(a).norm(), s.m.sub(b).norm()) * (1 + 1e-12)
			if l < 1e-15 {
				s.degen = true
			} else {
				s.n = n.scale(1 / l)
			}
			id := int32(len(ix.segs))
			ix.segs = append(ix.segs, s)
			ix.tree.Insert(
				[2]float64{math.Min(p[0], q[0]), math.Min(p[1], q[1])},
				[2]float64{math.Max(p[0], q[0]), math.Max(p[1], q[1])}, id)
		}
		ix.chunkRun(len(ix.segs) - max(len(ls)-1, 0))
	}
	ix.quad = newQuadTree(ix)
	return ix
}

// chunk is a run of at most chunkLen consecutive edges of one line string
// with a ball holding them all: the quadtree lists chunks, not edges, so
// that a dense line (an edge every few hundred metres) does not make its
// lists long, and a query rules out a whole chunk with one test.
type chunk struct {
	m      vec3    // centre (unit vector)
	r      float64 // chord radius holding every edge's ball
	lo, hi int32   // edges segs[lo:hi]
}

const chunkLen = 8

// chunkRun cuts the edges from segs[from:] into chunks.
func (ix *LineIndex) chunkRun(from int) {
	for lo := from; lo < len(ix.segs); lo += chunkLen {
		hi := min(lo+chunkLen, len(ix.segs))
		var sum vec3
		for _, s := range ix.segs[lo:hi] {
			sum = vec3{sum.x + s.m.x, sum.y + s.m.y, sum.z + s.m.z}
		}
		c := chunk{lo: int32(lo), hi: int32(hi), m: ix.segs[lo].m}
		if l := sum.norm(); l > 0 {
			c.m = sum.scale(1 / l)
		}
		for _, s := range ix.segs[lo:hi] {
			c.r = math.Max(c.r, c.m.sub(s.m).norm()+s.r)
		}
		c.r *= 1 + 1e-12
		ix.chunks = append(ix.chunks, c)
	}
}

// Len is the number of edges indexed.
func (ix *LineIndex) Len() int { return len(ix.segs) }

// closest returns 1-cos(d) for the spherical distance d from p to s, and the
// closest point of s.
func (s *arc) closest(p vec3) (float64, vec3) {
	if !s.degen {
		// The projection of p on the great circle lies within the arc when p
		// is on the inner side of both end planes.
		if s.a.cross(p).dot(s.n) >= 0 && p.cross(s.b).dot(s.n) >= 0 {
			k := p.dot(s.n)
			c := p.sub(s.n.scale(k))
			l := c.norm()
			if l > 0 {
				return 1 - l, c.scale(1 / l)
			}
		}
	}
	da, db := p.dot(s.a), p.dot(s.b)
	if da >= db {
		return 1 - da, s.a
	}
	return 1 - db, s.b
}

// Distance returns the geodesic distance in kilometres from (lon, lat) to the
// nearest point of the line, and that point. It returns +Inf for an empty line.
func (ix *LineIndex) Distance(lon, lat float64) (km float64, nearest orb.Point) {
	if len(ix.segs) == 0 {
		return math.Inf(1), orb.Point{}
	}
	p := unit(lon, lat)
	c := ix.quad.nearest(ix, p, lon, lat)
	clon, clat := lonLat(c)
	return Distance(orb.Point{lon, lat}, orb.Point{clon, clat}) / 1000, orb.Point{clon, clat}
}

// distanceRTree is Distance with the candidate search done by tidwall/rtree's
// Nearby, as used for the few points the quadtree leaves to it; the benchmark
// BenchmarkDistanceRTree shows why the quadtree exists.
func (ix *LineIndex) distanceRTree(lon, lat float64) float64 {
	if len(ix.segs) == 0 {
		return math.Inf(1)
	}
	c := ix.nearestRTree(unit(lon, lat), lon, lat)
	clon, clat := lonLat(c)
	return Distance(orb.Point{lon, lat}, orb.Point{clon, clat}) / 1000
}

// nearestRTree returns the closest point of the line to p = (lon, lat) by a
// best-first walk of the R-tree of edges.
func (ix *LineIndex) nearestRTree(p vec3, lon, lat float64) vec3 {
	best := math.Inf(1)
	var bestC vec3
	ix.tree.Nearby(
		func(min, max [2]float64, data int32, item bool) float64 {
			if item {
				d, _ := ix.segs[data].closest(p)
				return d
			}
			return boxLowerBound(lon, lat, min, max)
		},
		func(min, max [2]float64, data int32, dist float64) bool {
			d, c := ix.segs[data].closest(p)
			if d < best {
				best, bestC = d, c
			}
			return false
		},
	)
	return bestC
}

// boxLowerBound is a lower bound of 1-cos(d) for the spherical distance d from
// (lon, lat) to any point of the box: with the latitude gap Δφ, the longitude
// gap Δλ and φm the largest |latitude| involved,
// hav(d) = hav(Δφ) + cosφ1·cosφ2·hav(Δλ) ≥ hav(Δφmin) + cos²φm·hav(Δλmin).
func boxLowerBound(lon, lat float64, min, max [2]float64) float64 {
	dphi := 0.0
	if lat < min[1] {
		dphi = min[1] - lat
	} else if lat > max[1] {
		dphi = lat - max[1]
	}
	dlam := 0.0
	if lon < min[0] {
		dlam = min[0] - lon
	} else if lon > max[0] {
		dlam = lon - max[0]
	}
	if dlam > 180 {
		dlam = 180
	}
	m := math.Max(math.Abs(lat), math.Max(math.Abs(min[1]), math.Abs(max[1])))
	if m > 90 {
		m = 90
	}
	cm := math.Cos(m * math.Pi / 180)
	h1 := math.Sin(dphi * math.Pi / 360)
	h2 := math.Sin(dlam * math.Pi / 360)
	hav := h1*h1 + cm*cm*h2*h2
	return 2 * hav // 1-cos(d) = 2 hav(d)
}

// quadTree is an adaptive quadtree in longitude/latitude over the line's
// surroundings whose every leaf lists the only edges that can be nearest to a
// point in the leaf: those whose distance from the leaf's centre is at most
// the least such distance plus the leaf's diameter, sorted by that distance.
// A node is split while it has more than quadLeafMax candidates and is larger
// than quadMinSize; a child's candidates are filtered from its parent's,
// which keeps building cheap.
//
// Why hand-written: tidwall/rtree's Nearby (a best-first walk with a heap)
// and s2's ClosestEdgeQuery take several microseconds a point on the real
// line (BenchmarkDistanceRTree, BenchmarkDistanceS2), short of the target of
// a million points a second on two cores with the ellipsoidal distance on
// top. Here a query is a short descent and a scan of a list sorted so that
// the first candidate is usually the answer and the rest are ruled out by a
// bounding-ball test.
type quadTree struct {
	minX, minY, maxX, maxY float64
	nodes                  []quadNode
	cand                   []int32
	lb                     []float32 // per candidate: chord lower bound from any point of its leaf
}

type quadNode struct {
	midX, midY float64
	child      int32 // index of the first of 4 children (SW, SE, NW, NE), or -1 for a leaf
	start, end int32 // leaf candidates: cand[start:end]
}

const (
	quadLeafMax  = 8
	quadMinSize  = 0.03 // degrees
	quadMarginDg = 16.0 // degrees around the line's bounding box
	quadMaxList  = 1024 // longest list (in chunks) kept in a node far from the line
	quadFar      = 20   // split a node only while its radius exceeds 1/quadFar of its distance
)

type candDist struct {
	i int32
	d float64 // chord lower bound from the node centre
}

func newQuadTree(ix *LineIndex) *quadTree {
	if len(ix.segs) == 0 {
		return nil
	}
	bmin, bmax := ix.tree.Bounds()
	q := &quadTree{
		minX: bmin[0] - quadMarginDg, maxX: bmax[0] + quadMarginDg,
		minY: math.Max(bmin[1]-quadMarginDg, -89), maxY: math.Min(bmax[1]+quadMarginDg, 89),
	}
	all := make([]int32, len(ix.chunks))
	for i := range all {
		all[i] = int32(i)
	}
	q.nodes = append(q.nodes, quadNode{})
	q.build(ix, 0, q.minX, q.minY, q.maxX, q.maxY, all)
	return q
}

func (q *quadTree) build(ix *LineIndex, n int, x0, y0, x1, y1 float64, parent []int32) {
	// Everything here is in chord lengths (straight-line distances between
	// unit vectors), a metric, and edges are taken by their bounding balls:
	// from the centre c, an edge is at least |c-m|-R and at most |c-m|+R
	// away. A point q of the node is within r of c, so an edge X can be
	// nearest to q only if |c-mX|-RX-r <= min over Y of (|c-mY|+RY+r).
	cx, cy := (x0+x1)/2, (y0+y1)/2
	c := unit(cx, cy)
	r := 0.0
	// The farthest point of a longitude/latitude rectangle from its centre
	// is a corner.
	for _, k := range [...][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		r = math.Max(r, c.sub(unit(k[0], k[1])).norm())
	}
	r = r*1.01 + 1e-12
	ds := make([]candDist, 0, len(parent))
	dmin := math.Inf(1) // least upper bound
	for _, i := range parent {
		s := &ix.chunks[i]
		e := c.sub(s.m).norm()
		ds = append(ds, candDist{i, e - s.r})
		dmin = math.Min(dmin, e+s.r)
	}
	kept := ds[:0]
	for _, cd := range ds {
		if cd.d <= dmin+2*r {
			kept = append(kept, cd)
		}
	}
	q.nodes[n].midX, q.nodes[n].midY = cx, cy
	// A node far from the line with a very long list (the centre of a
	// ring-shaped line, where every edge is nearly equally far) would not
	// shrink by splitting: its points are answered by the R-tree instead,
	// which bounds the building time and memory.
	if len(kept) > quadMaxList && r <= dmin/4 {
		q.nodes[n].child, q.nodes[n].start, q.nodes[n].end = -1, -1, -1
		return
	}
	// Far from the line, lists stay long however small the node (many edges
	// are nearly equally far), and the query's ball test makes long lists
	// cheap; split only while the node is large against its distance.
	if len(kept) > quadLeafMax && x1-x0 > quadMinSize && r > dmin/quadFar {
		ids := make([]int32, len(kept))
		for k, cd := range kept {
			ids[k] = cd.i
		}
		first := int32(len(q.nodes))
		q.nodes[n].child = first
		q.nodes = append(q.nodes, quadNode{}, quadNode{}, quadNode{}, quadNode{})
		q.build(ix, int(first), x0, y0, cx, cy, ids)
		q.build(ix, int(first)+1, cx, y0, x1, cy, ids)
		q.build(ix, int(first)+2, x0, cy, cx, y1, ids)
		q.build(ix, int(first)+3, cx, cy, x1, y1, ids)
		return
	}
	slices.SortFunc(kept, func(a, b candDist) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return 0
	})
	q.nodes[n].child = -1
	q.nodes[n].start = int32(len(q.cand))
	for _, cd := range kept {
		q.cand = append(q.cand, cd.i)
		// No point of the leaf is nearer the edge than |c-m|-R-r; rounded
		// down to float32 so that the bound stays a bound.
		q.lb = append(q.lb, float32(math.Max(0, cd.d-r)*(1-1e-6)))
	}
	q.nodes[n].end = int32(len(q.cand))
}

// nearest returns the closest point of the line to p = (lon, lat).
func (q *quadTree) nearest(ix *LineIndex, p vec3, lon, lat float64) vec3 {
	if !(lon >= q.minX && lon <= q.maxX && lat >= q.minY && lat <= q.maxY) {
		return ix.nearestRTree(p, lon, lat) // far outside: rare
	}
	var list []int32
	var lbs []float32
	{
		n := &q.nodes[0]
		for n.child >= 0 {
			k := n.child
			if lon >= n.midX {
				k++
			}
			if lat >= n.midY {
				k += 2
			}
			n = &q.nodes[k]
		}
		if n.start < 0 {
			return ix.nearestRTree(p, lon, lat)
		}
		list, lbs = q.cand[n.start:n.end], q.lb[n.start:n.end]
	}
	// best is the chord from p to the closest point found so far; an edge
	// whose bounding ball lies beyond it cannot do better.
	best, best2 := math.Inf(1), math.Inf(1)
	var bestC vec3
	for k, i := range list {
		if float64(lbs[k]) >= best {
			break // sorted: no later candidate can be nearer
		}
		ch := &ix.chunks[i]
		dx, dy, dz := p.x-ch.m.x, p.y-ch.m.y, p.z-ch.m.z
		lim := best + ch.r
		if dx*dx+dy*dy+dz*dz >= lim*lim {
			continue
		}
		for j := ch.lo; j < ch.hi; j++ {
			s := &ix.segs[j]
			dx, dy, dz := p.x-s.m.x, p.y-s.m.y, p.z-s.m.z
			lim := best + s.r
			if dx*dx+dy*dy+dz*dz >= lim*lim {
				continue
			}
			h, c := s.closest(p)
			if h2 := 2 * h; h2 < best2 {
				best2, bestC = h2, c
				best = math.Sqrt(h2)
			}
		}
	}
	return bestC
}
