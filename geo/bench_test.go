package geo

import (
	"math"
	"math/rand/v2"
	"os"
	"sync/atomic"
	"testing"

	"github.com/golang/geo/s2"
	"github.com/paulmach/orb"
)

// Benchmarks for the performance targets (2 cores): containment ≥ 20M
// points/s, distance to the line ≥ 1M points/s, full classification ≥ 1M
// points/s, indexing a 20,000-vertex polygon ≤ 50 ms. Run:
//
//	go test ./geo -run '^$' -bench . -benchtime 2000000x
//
// Each reports points/s over all cores (b.RunParallel).

// benchPoints are uniform over Ukraine's bounding box.
func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]orb.Point, n)
	for i := range ps {
		ps[i] = orb.Point{22 + 18.5*r.Float64(), 44 + 8.5*r.Float64()}
	}
	return ps
}

// benchArea is the DeepState area of 2025-04-19 when ../shared has it, else
// the shipped demo area.
func benchArea(tb testing.TB) orb.MultiPolygon {
	tb.Helper()
	if f, err := os.Open(deepstateDir + "/deepstatemap_data_20250419.geojson"); err == nil {
		defer f.Close()
		mp, err := ParseArea(f)
		if err != nil {
			tb.Fatal(err)
		}
		return mp
	}
	mp, err := DemoArea()
	if err != nil {
		tb.Fatal(err)
	}
	return mp
}

func benchGround(tb testing.TB) Ground {
	tb.Helper()
	obl, _ := DefaultOblasts()
	seas, _ := DefaultSeas()
	sites, err := DefaultSites()
	if err != nil {
		tb.Fatal(err)
	}
	return Ground{
		Occupied: benchArea(tb), Country: obl, Water: seas, BuffersKm: []float64{5, 15},
		Regions: append(append([]Region{}, obl...), seas...), Sites: sites,
	}
}

// parallel runs f over the points on all cores and reports points/s.
func parallel(b *testing.B, ps []orb.Point, f func(p orb.Point) bool) {
	var seed atomic.Int64
	var sink atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		// Each goroutine walks the points from its own start.
		i := int(seed.Add(1)*7919) % len(ps)
		n := 0
		for pb.Next() {
			if f(ps[i]) {
				n++
			}
			if i++; i == len(ps) {
				i = 0
			}
		}
		sink.Add(int64(n))
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

func BenchmarkContains(b *testing.B) {
	ix := NewAreaIndex(benchArea(b))
	parallel(b, benchPoints(1<<20), func(p orb.Point) bool { return ix.Contains(p[0], p[1]) })
}

// BenchmarkContainsS2 is the library alternative: s2.ContainsPointQuery on
// an S2Polygon of the same area (spherical edges, so answers differ slightly
// near long edges).
func BenchmarkContainsS2(b *testing.B) {
	mp := benchArea(b)
	var loops []*s2.Loop
	for _, p := range mp {
		for _, r := range p {
			pts := make([]s2.Point, 0, len(r)-1)
			for _, v := range r[:len(r)-1] {
				pts = append(pts, s2.PointFromLatLng(s2.LatLngFromDegrees(v[1], v[0])))
			}
			l := s2.LoopFromPoints(pts)
			l.Normalize()
			loops = append(loops, l)
		}
	}
	poly := s2.PolygonFromLoops(loops)
	parallel(b, benchPoints(1<<20), func(p orb.Point) bool {
		return poly.ContainsPoint(s2.PointFromLatLng(s2.LatLngFromDegrees(p[1], p[0])))
	})
}

func benchLine(b *testing.B) *LineIndex {
	g := benchGround(b)
	return NewLineIndex(LineOfContact(g.Occupied, Land(g.Country, g.Water)))
}

func BenchmarkDistance(b *testing.B) {
	lix := benchLine(b)
	parallel(b, benchPoints(1<<20), func(p orb.Point) bool {
		d, _ := lix.Distance(p[0], p[1])
		return d < 10
	})
}

// BenchmarkDistanceRTree is the same distance with the candidate search done
// by tidwall/rtree's Nearby instead of the grid.
func BenchmarkDistanceRTree(b *testing.B) {
	lix := benchLine(b)
	parallel(b, benchPoints(1<<16), func(p orb.Point) bool {
		return lix.distanceRTree(p[0], p[1]) < 10
	})
}

// BenchmarkDistanceS2 is s2's ClosestEdgeQuery (spherical distance only, no
// ellipsoid) on the same line.
func BenchmarkDistanceS2(b *testing.B) {
	g := benchGround(b)
	line := LineOfContact(g.Occupied, Land(g.Country, g.Water))
	idx := s2.NewShapeIndex()
	for _, ls := range line {
		pts := make([]s2.Point, len(ls))
		for i, v := range ls {
			pts[i] = s2.PointFromLatLng(s2.LatLngFromDegrees(v[1], v[0]))
		}
		pl := s2.Polyline(pts)
		idx.Add(&pl)
	}
	parallel(b, benchPoints(1<<16), func(p orb.Point) bool {
		q := s2.NewClosestEdgeQuery(idx, s2.NewClosestEdgeQueryOptions())
		t := s2.NewMinDistanceToPointTarget(s2.PointFromLatLng(s2.LatLngFromDegrees(p[1], p[0])))
		return q.Distance(t).Angle().Radians() < 0.001
	})
}

func BenchmarkClassify(b *testing.B) {
	c := NewClassifier(benchGround(b))
	ps := benchPoints(1 << 20)
	var seed atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var out Classification
		i := int(seed.Add(1)*7919) % len(ps)
		for pb.Next() {
			c.ClassifyInto(ps[i][0], ps[i][1], &out)
			if i++; i == len(ps) {
				i = 0
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

// starPolygon is a deterministic polygon of n vertices around (lon, lat).
func starPolygon(n int, lon, lat float64) orb.MultiPolygon {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := 1 + 0.5*r.Float64()
		ring = append(ring, orb.Point{lon + rad*math.Cos(a)*1.5, lat + rad*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	return orb.MultiPolygon{{ring}}
}

func BenchmarkIndex20000(b *testing.B) {
	mp := starPolygon(20000, 33, 48)
	b.ResetTimer()
	for range b.N {
		NewAreaIndex(mp)
	}
}

// frontLine is a deterministic wiggly line of n vertices across eastern
// Ukraine, shaped like a front.
func frontLine(n int) orb.MultiLineString {
	r := rand.New(rand.NewPCG(11, uint64(n)))
	ls := make(orb.LineString, n)
	y := 0.0
	for i := range ls {
		x := float64(i) / float64(n)
		y += 0.002 * (r.Float64() - 0.5)
		ls[i] = orb.Point{32.5 + 6*x, 46.5 + 3*x + 0.4*math.Sin(9*x) + y}
	}
	return orb.MultiLineString{ls}
}

func BenchmarkLineIndex20000(b *testing.B) {
	line := frontLine(20000)
	b.ResetTimer()
	for range b.N {
		NewLineIndex(line)
	}
}

// BenchmarkLineIndexRing20000 is the worst case for the quadtree: a ring,
// whose centre is nearly equally far from every edge.
func BenchmarkLineIndexRing20000(b *testing.B) {
	mp := starPolygon(20000, 33, 48)
	b.ResetTimer()
	for range b.N {
		NewLineIndex(orb.MultiLineString{orb.LineString(mp[0][0])})
	}
}

func BenchmarkArea(b *testing.B) {
	mp := benchArea(b)
	b.ResetTimer()
	for range b.N {
		Area(mp)
	}
}

func BenchmarkDiff(b *testing.B) {
	f1, err1 := os.Open(deepstateDir + "/deepstatemap_data_20250102.geojson")
	f2, err2 := os.Open(deepstateDir + "/deepstatemap_data_20260822.geojson")
	if err1 != nil || err2 != nil {
		b.Skip("DeepState files not in ../shared")
	}
	a, _ := ParseArea(f1)
	c, _ := ParseArea(f2)
	obl, _ := DefaultOblasts()
	b.ResetTimer()
	for range b.N {
		Diff(a, c, obl)
	}
}
