package geo

import (
	"math"

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
	segs []arc
	tree rtree.RTreeG[int32]
	// grid of candidate lists, see nearest.
	grid *arcGrid
}

// arc is one edge of the line as unit vectors on the sphere.
type arc struct {
	a, b, n vec3 // endpoints and the unit normal of their great circle
	degen   bool // a == b (or antipodal): only the endpoint counts
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
	}
	ix.grid = newArcGrid(ix)
	return ix
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
	_, c := ix.grid.nearest(ix, p, lon, lat)
	clon, clat := lonLat(c)
	return Distance(orb.Point{lon, lat}, orb.Point{clon, clat}) / 1000, orb.Point{clon, clat}
}

// distanceRTree is Distance with the candidate search done by tidwall/rtree's
// Nearby. It is kept for the benchmark that shows why the grid exists.
func (ix *LineIndex) distanceRTree(lon, lat float64) float64 {
	if len(ix.segs) == 0 {
		return math.Inf(1)
	}
	p := unit(lon, lat)
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
	clon, clat := lonLat(bestC)
	return Distance(orb.Point{lon, lat}, orb.Point{clon, clat}) / 1000
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

// arcGrid is a uniform longitude/latitude grid over the line's surroundings
// whose every cell lists the only edges that can be nearest to a point in the
// cell: those whose distance from the cell's centre is at most the least such
// distance plus the cell's diameter.
//
// Why hand-written: tidwall/rtree's Nearby (a best-first walk with a heap)
// and s2's ClosestEdgeQuery both take several microseconds a point on the
// real line (BenchmarkDistanceRTree, BenchmarkDistanceS2), short of the target
// of a million points a second on two cores with an ellipsoidal distance on
// top. With candidate lists a query is one cell lookup and a short scan.
type arcGrid struct {
	minX, minY, cellW, cellH float64
	nx, ny                   int
	start                    []int32
	cand                     []int32
}

// gridMargin (degrees) extends the grid beyond the line's bounding box; points
// further out are answered by the R-tree.
const gridMargin = 6.0

func newArcGrid(ix *LineIndex) *arcGrid {
	if len(ix.segs) == 0 {
		return nil
	}
	bmin, bmax := ix.tree.Bounds()
	g := &arcGrid{
		minX: bmin[0] - gridMargin, minY: math.Max(bmin[1]-gridMargin, -89),
	}
	maxX, maxY := bmax[0]+gridMargin, math.Min(bmax[1]+gridMargin, 89)
	// Cells of about 0.05° (5 km), at most 256 a side.
	g.nx = min(max(int((maxX-g.minX)/0.05), 1), 256)
	g.ny = min(max(int((maxY-g.minY)/0.05), 1), 256)
	g.cellW = (maxX - g.minX) / float64(g.nx)
	g.cellH = (maxY - g.minY) / float64(g.ny)
	g.start = make([]int32, g.nx*g.ny+1)
	var buf []int32
	for y := 0; y < g.ny; y++ {
		for x := 0; x < g.nx; x++ {
			x0, y0 := g.minX+float64(x)*g.cellW, g.minY+float64(y)*g.cellH
			cx, cy := x0+g.cellW/2, y0+g.cellH/2
			c := unit(cx, cy)
			// Angular radius of the cell: the farthest corner from the centre.
			r := 0.0
			for _, k := range [4][2]float64{{x0, y0}, {x0 + g.cellW, y0}, {x0, y0 + g.cellH}, {x0 + g.cellW, y0 + g.cellH}} {
				r = math.Max(r, math.Acos(math.Min(1, c.dot(unit(k[0], k[1])))))
			}
			r *= 1.001
			// Least distance from the centre, by the R-tree.
			best := math.Inf(1)
			ix.tree.Nearby(
				func(min, max [2]float64, data int32, item bool) float64 {
					if item {
						d, _ := ix.segs[data].closest(c)
						return d
					}
					return boxLowerBound(cx, cy, min, max)
				},
				func(min, max [2]float64, data int32, dist float64) bool {
					best = dist
					return false
				},
			)
			limit := math.Acos(math.Max(-1, 1-best)) + 2*r
			lim := 1 - math.Cos(math.Min(limit, math.Pi))
			dlat := limit * 180 / math.Pi * 1.1
			dlon := dlat / math.Cos(math.Min(math.Abs(cy)+dlat, 89.9)*math.Pi/180)
			ix.tree.Search([2]float64{cx - dlon, cy - dlat}, [2]float64{cx + dlon, cy + dlat},
				func(min, max [2]float64, data int32) bool {
					if d, _ := ix.segs[data].closest(c); d <= lim {
						buf = append(buf, data)
					}
					return true
				})
			g.start[y*g.nx+x+1] = int32(len(buf))
		}
	}
	g.cand = buf
	return g
}

// nearest returns 1-cos(d) and the closest point of the line to p = (lon, lat).
func (g *arcGrid) nearest(ix *LineIndex, p vec3, lon, lat float64) (float64, vec3) {
	x := int(math.Floor((lon - g.minX) / g.cellW))
	y := int(math.Floor((lat - g.minY) / g.cellH))
	if x < 0 || y < 0 || x >= g.nx || y >= g.ny {
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
				best, bestC = ix.segs[data].closest(p)
				return false
			},
		)
		return best, bestC
	}
	cell := y*g.nx + x
	best := math.Inf(1)
	var bestC vec3
	for _, i := range g.cand[g.start[cell]:g.start[cell+1]] {
		if d, c := ix.segs[i].closest(p); d < best {
			best, bestC = d, c
		}
	}
	return best, bestC
}
