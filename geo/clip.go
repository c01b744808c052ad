package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Op is a polygon boolean operation.
type Op int

// The boolean operations Clip performs.
const (
	Intersection Op = iota // in both
	Difference             // in the first, not the second
	Union                  // in either
)

// Clip returns a op b for two MultiPolygons, each made of non-overlapping
// valid polygons (as ParseArea returns them). The result is oriented (shells
// counter-clockwise, holes clockwise). Shared boundaries, which consecutive
// versions of an occupied area have along most of their length, are handled
// exactly: an edge present in both inputs is kept or dropped by which sides
// their interiors lie on.
//
// Why hand-written: golang/geo has no S2BooleanOperation and paulmach/orb no
// clipping, and no Go polygon-clipping library (Clipper, polyclip, polygol
// ports) is served by the module proxy this project can reach. The method is
// the classic edge-selection overlay: split every edge at its intersections
// with the other input's edges, keep each piece by whether its midpoint lies
// inside the other input, and link the kept pieces into rings. Tests check it
// against PostGIS ST_Difference on the real DeepState polygons.
func Clip(a, b orb.MultiPolygon, op Op) orb.MultiPolygon {
	loops := clipLoops(a, b, op)
	return assemble(loops)
}

// ClipArea is the geodesic area in km² of Clip(a, b, op), computed from the
// result's rings without building polygons.
func ClipArea(a, b orb.MultiPolygon, op Op) float64 {
	var s float64
	for _, l := range clipLoops(a, b, op) {
		s += signedRingArea(l)
	}
	return math.Max(s, 0) / 1e6
}

type split struct {
	t float64
	p orb.Point
}

type clipEdge struct {
	a, b   orb.Point
	splits []split
}

func ringEdges(mp orb.MultiPolygon) [][]clipEdge {
	var rings [][]clipEdge
	for _, p := range mp {
		for _, r := range p {
			var es []clipEdge
			for i := 0; i+1 < len(r); i++ {
				if r[i] != r[i+1] {
					es = append(es, clipEdge{a: r[i], b: r[i+1]})
				}
			}
			if len(es) >= 3 {
				rings = append(rings, es)
			}
		}
	}
	return rings
}

func param(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if math.Abs(dx) >= math.Abs(dy) {
		return (p[0] - a[0]) / dx
	}
	return (p[1] - a[1]) / dy
}

// strictlyInside reports whether p, collinear with a and b, lies strictly
// between them.
func strictlyInside(a, b, p orb.Point) bool {
	return p != a && p != b && onSegment(a, b, p)
}

// snapEps (degrees, about 10 cm) is how close two vertices, or a vertex and
// an edge, must be to count as the same place. Versions of a line drawn by the
// same hands share vertices that were re-saved with fewer digits, and a
// vertex of one version often lies a few centimetres off an edge of the
// other; without snapping, the shared boundary would break into slivers and
// rings that cannot be closed.
const snapEps = 1e-6

// nearInterior reports whether p lies within snapEps of segment ab, strictly
// between its ends.
func nearInterior(a, b, p orb.Point) bool {
	if p == a || p == b {
		return false
	}
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return false
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	if t <= 0 || t >= 1 {
		return false
	}
	o := orient(a, b, p)
	return o*o <= snapEps*snapEps*l2
}

// intersectEdges records the points where e and f meet as splits of both: a
// vertex of one lying on (within snapEps of) the other's interior splits the
// other there; otherwise a proper crossing splits both at the crossing point.
func intersectEdges(e, f *clipEdge) {
	addE := func(p orb.Point) { e.splits = append(e.splits, split{param(e.a, e.b, p), p}) }
	addF := func(p orb.Point) { f.splits = append(f.splits, split{param(f.a, f.b, p), p}) }
	touched := false
	if nearInterior(e.a, e.b, f.a) {
		addE(f.a)
		touched = true
	}
	if nearInterior(e.a, e.b, f.b) {
		addE(f.b)
		touched = true
	}
	if nearInterior(f.a, f.b, e.a) {
		addF(e.a)
		touched = true
	}
	if nearInterior(f.a, f.b, e.b) {
		addF(e.b)
		touched = true
	}
	if touched {
		return
	}
	o1, o2 := orient(e.a, e.b, f.a), orient(e.a, e.b, f.b)
	o3, o4 := orient(f.a, f.b, e.a), orient(f.a, f.b, e.b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		t := o3 / (o3 - o4)
		p := orb.Point{e.a[0] + t*(e.b[0]-e.a[0]), e.a[1] + t*(e.b[1]-e.a[1])}
		// Rounding may put p on an endpoint; then it is that endpoint.
		switch p {
		case e.a, e.b:
			if p != f.a && p != f.b {
				addF(p)
			}
		case f.a, f.b:
			addE(p)
		default:
			addE(p)
			addF(p)
		}
	}
}

// snapVertices returns a copy of b whose vertices within snapEps of a vertex
// of a are moved onto it.
func snapVertices(b, a orb.MultiPolygon) orb.MultiPolygon {
	type cell [2]int64
	key := func(p orb.Point) cell {
		return cell{int64(math.Floor(p[0] / snapEps)), int64(math.Floor(p[1] / snapEps))}
	}
	grid := map[cell][]orb.Point{}
	for _, p := range a {
		for _, r := range p {
			for _, v := range r {
				k := key(v)
				grid[k] = append(grid[k], v)
			}
		}
	}
	out := make(orb.MultiPolygon, 0, len(b))
	for _, p := range b {
		q := make(orb.Polygon, 0, len(p))
		for _, r := range p {
			nr := make(orb.Ring, 0, len(r))
			for _, v := range r {
				k := key(v)
				best, bd := v, snapEps*snapEps
				for dx := int64(-1); dx <= 1; dx++ {
					for dy := int64(-1); dy <= 1; dy++ {
						for _, w := range grid[cell{k[0] + dx, k[1] + dy}] {
							d := (w[0]-v[0])*(w[0]-v[0]) + (w[1]-v[1])*(w[1]-v[1])
							if d <= bd {
								best, bd = w, d
							}
						}
					}
				}
				if len(nr) > 0 && nr[len(nr)-1] == best {
					continue
				}
				nr = append(nr, best)
			}
			if len(nr) >= 4 && nr[0] == nr[len(nr)-1] {
				q = append(q, nr)
			}
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

type piece struct{ a, b orb.Point }

// pieces splits every edge at its recorded points.
func pieces(rings [][]clipEdge) []piece {
	var out []piece
	for _, es := range rings {
		for _, e := range es {
			sort.Slice(e.splits, func(i, j int) bool { return e.splits[i].t < e.splits[j].t })
			prev := e.a
			for _, s := range e.splits {
				if s.p != prev && s.p != e.b {
					out = append(out, piece{prev, s.p})
					prev = s.p
				}
			}
			if prev != e.b {
				out = append(out, piece{prev, e.b})
			}
		}
	}
	return out
}

func clipLoops(a, b orb.MultiPolygon, op Op) []orb.Ring {
	b = snapVertices(b, a)
	ra, rb := ringEdges(a), ringEdges(b)
	// Index b's edges and intersect every edge of a with those near it.
	var tr rtree.RTreeG[[2]int32]
	for i, es := range rb {
		for j, e := range es {
			tr.Insert([2]float64{math.Min(e.a[0], e.b[0]), math.Min(e.a[1], e.b[1])},
				[2]float64{math.Max(e.a[0], e.b[0]), math.Max(e.a[1], e.b[1])}, [2]int32{int32(i), int32(j)})
		}
	}
	for i := range ra {
		for j := range ra[i] {
			e := &ra[i][j]
			tr.Search([2]float64{math.Min(e.a[0], e.b[0]), math.Min(e.a[1], e.b[1])},
				[2]float64{math.Max(e.a[0], e.b[0]), math.Max(e.a[1], e.b[1])},
				func(_, _ [2]float64, k [2]int32) bool {
					intersectEdges(e, &rb[k[0]][k[1]])
					return true
				})
		}
	}
	pa, pb := pieces(ra), pieces(rb)
	inA, inB := NewAreaIndex(a), NewAreaIndex(b)
	type key [4]float64
	bSet := make(map[key]bool, len(pb))
	for _, p := range pb {
		bSet[key{p.a[0], p.a[1], p.b[0], p.b[1]}] = true
	}
	aSet := make(map[key]bool, len(pa))
	for _, p := range pa {
		aSet[key{p.a[0], p.a[1], p.b[0], p.b[1]}] = true
	}
	mid := func(p piece) (float64, float64) { return (p.a[0] + p.b[0]) / 2, (p.a[1] + p.b[1]) / 2 }
	var sel []piece
	for _, p := range pa {
		same := bSet[key{p.a[0], p.a[1], p.b[0], p.b[1]}]
		opp := bSet[key{p.b[0], p.b[1], p.a[0], p.a[1]}]
		switch {
		case same:
			if op != Difference {
				sel = append(sel, p)
			}
		case opp:
			if op == Difference {
				sel = append(sel, p)
			}
		default:
			in := inB.Contains(mid(p))
			if (op == Intersection) == in {
				sel = append(sel, p)
			}
		}
	}
	for _, p := range pb {
		if aSet[key{p.a[0], p.a[1], p.b[0], p.b[1]}] || aSet[key{p.b[0], p.b[1], p.a[0], p.a[1]}] {
			continue // decided with a's pieces
		}
		in := inA.Contains(mid(p))
		switch op {
		case Intersection:
			if in {
				sel = append(sel, p)
			}
		case Union:
			if !in {
				sel = append(sel, p)
			}
		case Difference:
			if in {
				sel = append(sel, piece{p.b, p.a})
			}
		}
	}
	return link(sel)
}

// link joins directed pieces into closed rings. At a vertex with several ways
// on, it takes the leftmost turn, which keeps rings that touch at a point
// apart. Chains that cannot close (possible only through rounding in
// near-degenerate input) are dropped.
func link(ps []piece) []orb.Ring {
	out := make(map[orb.Point][]int, len(ps))
	for i, p := range ps {
		out[p.a] = append(out[p.a], i)
	}
	used := make([]bool, len(ps))
	var rings []orb.Ring
	for i := range ps {
		if used[i] {
			continue
		}
		start := ps[i].a
		ring := orb.Ring{start}
		cur := i
		closed := false
		for steps := 0; steps <= len(ps); steps++ {
			used[cur] = true
			p := ps[cur]
			ring = append(ring, p.b)
			if p.b == start {
				closed = true
				break
			}
			next := -1
			best := math.Inf(-1)
			dx, dy := p.b[0]-p.a[0], p.b[1]-p.a[1]
			for _, j := range out[p.b] {
				if used[j] {
					continue
				}
				ex, ey := ps[j].b[0]-ps[j].a[0], ps[j].b[1]-ps[j].a[1]
				turn := math.Atan2(dx*ey-dy*ex, dx*ex+dy*ey)
				if turn > best {
					best, next = turn, j
				}
			}
			if next < 0 {
				break
			}
			cur = next
		}
		if closed && len(ring) >= 4 {
			rings = append(rings, ring)
		}
	}
	return rings
}

// assemble turns oriented rings into polygons: counter-clockwise rings are
// shells, clockwise rings holes of the smallest shell that contains them.
func assemble(rings []orb.Ring) orb.MultiPolygon {
	var shells []orb.Ring
	var holes []orb.Ring
	for _, r := range rings {
		if ringSignedArea2(r) > 0 {
			shells = append(shells, r)
		} else {
			holes = append(holes, r)
		}
	}
	mp := make(orb.MultiPolygon, len(shells))
	idx := make([]*AreaIndex, len(shells))
	area := make([]float64, len(shells))
	for i, s := range shells {
		mp[i] = orb.Polygon{s}
		idx[i] = NewAreaIndex(orb.MultiPolygon{{s}})
		area[i] = ringSignedArea2(s)
	}
	for _, h := range holes {
		best := -1
		for i := range shells {
			if (best < 0 || area[i] < area[best]) && holeInside(h, idx[i]) {
				best = i
			}
		}
		if best >= 0 {
			mp[best] = append(mp[best], h)
		}
		// A hole in no shell can only come from rounding slivers; it is dropped.
	}
	return mp
}

// holeInside tests a hole against a shell by the midpoint of its first edge
// (hole vertices may touch the shell).
func holeInside(h orb.Ring, shell *AreaIndex) bool {
	for i := 0; i+1 < len(h); i++ {
		mx, my := (h[i][0]+h[i+1][0])/2, (h[i][1]+h[i+1][1])/2
		return shell.Contains(mx, my)
	}
	return false
}
