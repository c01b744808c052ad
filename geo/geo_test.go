package geo

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestDistance(t *testing.T) {
	// Vincenty's own test line (Flinders Peak to Buninyong, on the
	// Australian National Spheroid in his paper; here the WGS84 value from
	// GeographicLib's GeodSolve: 54972.271 m).
	fp := orb.Point{144 + 25/60.0 + 29.52440/3600, -(37 + 57/60.0 + 3.72030/3600)}
	bu := orb.Point{143 + 55/60.0 + 35.38390/3600, -(37 + 39/60.0 + 10.15610/3600)}
	if got, want := Distance(fp, bu), 54972.271; math.Abs(got-want) > 0.01 {
		t.Errorf("got %.3f m, want %.3f m", got, want)
	}
	// A degree of longitude on the equator: a·π/180.
	if got, want := Distance(orb.Point{0, 0}, orb.Point{1, 0}), 6378137*math.Pi/180; math.Abs(got-want) > 1e-6 {
		t.Errorf("got %.6f m, want %.6f m", got, want)
	}
	if got := Distance(orb.Point{30, 50}, orb.Point{30, 50}); got != 0 {
		t.Errorf("got %v, want 0", got)
	}
}

func TestArea(t *testing.T) {
	// The band between two parallels all round the ellipsoid has the exact
	// area 2π·(a²·(1-e²)/2)·(q(φ2)-q(φ1)); a 1°-wide slice of it is 1/360.
	band := func(lat1, lat2 float64) float64 {
		s1, s2 := math.Sin(lat1*math.Pi/180), math.Sin(lat2*math.Pi/180)
		return 2 * math.Pi * wgs84A * wgs84A / 2 * (authalicQ(s2) - authalicQ(s1)) / 1e6
	}
	for _, lat := range []float64{0, 45, 48, 70} {
		got := Area(orb.MultiPolygon{rect(30, lat, 31, lat+1)})
		// Edges along parallels are not geodesics; the slice's true area is
		// bounded by the band's, to within the bulge of a 1° edge.
		want := band(lat, lat+1) / 360
		if math.Abs(got-want)/want > 2e-3 {
			t.Errorf("lat %v: got %.3f km², want about %.3f km²", lat, got, want)
		}
	}
	// Orientation and holes.
	p := rect(0, 0, 2, 2)
	p = append(p, orb.Ring{{0.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {1.5, 0.5}, {0.5, 0.5}})
	outer, hole := RingArea(p[0]), RingArea(p[1])
	if got, want := PolygonArea(p), outer-hole; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	r := append(orb.Ring(nil), p[0]...)
	r.Reverse()
	if RingArea(r) != outer {
		t.Errorf("area depends on orientation")
	}
}

// pnpoly is the textbook even-odd test, the reference for AreaIndex.
func pnpoly(mp orb.MultiPolygon, x, y float64) bool {
	in := false
	for _, p := range mp {
		for _, r := range p {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				a, b := r[i], r[j]
				if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
					in = !in
				}
			}
		}
	}
	return in
}

func TestAreaIndex(t *testing.T) {
	demo, err := DemoArea()
	if err != nil {
		t.Fatal(err)
	}
	holed := orb.MultiPolygon{append(rect(0, 0, 4, 4), orb.Ring{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}), rect(1.5, 1.5, 2.5, 2.5)}
	for name, mp := range map[string]orb.MultiPolygon{
		"demo": demo, "star": starPolygon(5000, 33, 48), "holed": holed, "deepstate": benchArea(t),
	} {
		t.Run(name, func(t *testing.T) {
			ix := NewAreaIndex(mp)
			b := mp.Bound().Pad(0.5)
			r := rand.New(rand.NewPCG(1, 1))
			for range 50000 {
				x := b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0])
				y := b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])
				if got, want := ix.Contains(x, y), pnpoly(mp, x, y); got != want {
					t.Fatalf("Contains(%v, %v) = %v, want %v", x, y, got, want)
				}
			}
		})
	}
	t.Run("Empty", func(t *testing.T) {
		if NewAreaIndex(nil).Contains(0, 0) {
			t.Error("empty area contains a point")
		}
	})
}

func TestLineIndex(t *testing.T) {
	g := benchGround(t)
	line := LineOfContact(g.Occupied, Land(g.Country, g.Water))
	ix := NewLineIndex(line)
	var arcs []arc
	for _, ls := range line {
		sub := NewLineIndex(orb.MultiLineString{ls})
		arcs = append(arcs, sub.segs...)
	}
	r := rand.New(rand.NewPCG(2, 2))
	for range 3000 {
		lon, lat := 15+35*r.Float64(), 38+20*r.Float64()
		p := unit(lon, lat)
		// Brute force: the nearest edge on the sphere, then the ellipsoid.
		best := math.Inf(1)
		var bc vec3
		for i := range arcs {
			if h, c := arcs[i].closest(p); h < best {
				best, bc = h, c
			}
		}
		clon, clat := lonLat(bc)
		want := Distance(orb.Point{lon, lat}, orb.Point{clon, clat}) / 1000
		got, _ := ix.Distance(lon, lat)
		if math.Abs(got-want) > 1e-6 {
			t.Fatalf("Distance(%v, %v) = %.6f km, brute force %.6f km", lon, lat, got, want)
		}
	}
	if d, _ := NewLineIndex(nil).Distance(30, 50); !math.IsInf(d, 1) {
		t.Errorf("empty line: got %v, want +Inf", d)
	}
}

func TestLineOfContact(t *testing.T) {
	// A country [0,10]x[0,10] with the sea east of x=10; the occupied area is
	// [6,12]x[2,8]: the part beyond x=10 is sea, so its boundary there and
	// its edges along the country's edge are not the line. The line is the
	// west edge x=6 and the parts of the north and south edges with x<10
	// (minus OutlineTolerance near the coast).
	country := []Region{{Name: "c", Area: orb.MultiPolygon{rect(0, 0, 10, 10)}}}
	occ := Orient(orb.MultiPolygon{{densify(rect(6, 2, 12, 8)[0], 0.05)}})
	line := LineOfContact(occ, Land(country, nil))
	if len(line) != 1 {
		t.Fatalf("got %d parts, want 1: %v", len(line), line)
	}
	b := line.Bound()
	if b.Min[0] != 6 || b.Max[0] > 10 || b.Max[0] < 9.9 {
		t.Errorf("line bound %v: want x from 6 to about 9.95", b)
	}
	for _, p := range line[0] {
		if p[0] > 10 {
			t.Errorf("line vertex %v beyond the coast", p)
		}
	}
	// Every edge of an area inside the country faces held land.
	inner := Orient(orb.MultiPolygon{rect(4, 4, 5, 5)})
	if got := LineOfContact(inner, Land(country, nil)); len(got) != 1 || len(got[0]) != 5 {
		t.Errorf("inner area: got %v, want its whole ring", got)
	}
}

// densify adds vertices so that no edge is longer than step degrees.
func densify(r orb.Ring, step float64) orb.Ring {
	var out orb.Ring
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / step))
		for k := 0; k < n; k++ {
			t := float64(k) / float64(n)
			out = append(out, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
		}
	}
	return append(out, out[0])
}

func TestClip(t *testing.T) {
	// Edges are geodesics, so splitting a long edge at a new vertex changes
	// the area a little: densified rectangles already have a vertex wherever
	// the clipping will need one, so expected areas are exact.
	rect := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{densify(orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, 0.25)}
	}
	A := orb.MultiPolygon{rect(30, 48, 32, 50)}
	B := orb.MultiPolygon{rect(31, 49, 33, 51)}
	quarter := Area(orb.MultiPolygon{rect(31, 49, 32, 50)})
	tests := []struct {
		name string
		a, b orb.MultiPolygon
		op   Op
		want float64
	}{
		{"Intersection", A, B, Intersection, quarter},
		{"Difference", A, B, Difference, Area(A) - quarter},
		{"Union", A, B, Union, Area(A) + Area(B) - quarter},
		{"SameDifference", A, A, Difference, 0},
		{"SameIntersection", A, A, Intersection, Area(A)},
		{"SharedEdgeUnion", A, orb.MultiPolygon{rect(32, 48, 34, 50)}, Union, 2 * Area(A)},
		{"SharedEdgeIntersection", A, orb.MultiPolygon{rect(32, 48, 34, 50)}, Intersection, 0},
		{"Disjoint", A, orb.MultiPolygon{rect(40, 40, 41, 41)}, Intersection, 0},
		{"Hole", A, orb.MultiPolygon{rect(30.5, 48.5, 31.5, 49.5)}, Difference, Area(A) - Area(orb.MultiPolygon{rect(30.5, 48.5, 31.5, 49.5)})},
		// T-junction: B's vertex lies on A's edge.
		{"TJunction", A, orb.MultiPolygon{{{{31, 50}, {31.5, 51}, {30.5, 51}, {31, 50}}}}, Union, Area(A) + Area(orb.MultiPolygon{{{{31, 50}, {31.5, 51}, {30.5, 51}, {31, 50}}}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clip(Orient(tt.a), Orient(tt.b), tt.op)
			if a := Area(got); math.Abs(a-tt.want) > 1e-6*math.Max(1, tt.want) {
				t.Errorf("area %.6f km², want %.6f km²", a, tt.want)
			}
			if a := ClipArea(Orient(tt.a), Orient(tt.b), tt.op); math.Abs(a-tt.want) > 1e-6*math.Max(1, tt.want) {
				t.Errorf("ClipArea %.6f km², want %.6f km²", a, tt.want)
			}
		})
	}
	t.Run("HoleAssigned", func(t *testing.T) {
		got := Clip(Orient(A), Orient(orb.MultiPolygon{rect(30.5, 48.5, 31.5, 49.5)}), Difference)
		if len(got) != 1 || len(got[0]) != 2 {
			t.Fatalf("got %d polygons (%v), want one with a hole", len(got), got)
		}
	})
}

func TestDiff(t *testing.T) {
	a := Orient(orb.MultiPolygon{rect(30, 48, 32, 50)})
	b := Orient(orb.MultiPolygon{rect(31, 48, 33, 50)})
	regions := []Region{
		{Name: "West", Code: "W", Area: Orient(orb.MultiPolygon{rect(29, 47, 31.5, 51)})},
		{Name: "East", Code: "E", Area: Orient(orb.MultiPolygon{rect(31.5, 47, 34, 51)})},
		{Name: "Far", Code: "F", Area: Orient(orb.MultiPolygon{rect(40, 40, 41, 41)})},
	}
	ch := Diff(a, b, regions)
	strip := func(x0, x1 float64) float64 { return Area(orb.MultiPolygon{rect(x0, 48, x1, 50)}) }
	want := []RegionChange{
		{Name: "West", Code: "W", GainedKm2: 0, LostKm2: strip(30, 31)},
		{Name: "East", Code: "E", GainedKm2: strip(32, 33), LostKm2: 0},
	}
	if diff := cmp.Diff(want, ch.Regions, cmp.Comparer(func(x, y float64) bool { return math.Abs(x-y) < 1e-6 })); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	if math.Abs(ch.GainedKm2-strip(32, 33)) > 1e-6 || math.Abs(ch.LostKm2-strip(30, 31)) > 1e-6 {
		t.Errorf("got gained %v lost %v", ch.GainedKm2, ch.LostKm2)
	}
	if len(ch.Gained) != 1 || len(ch.Lost) != 1 {
		t.Errorf("got %d gained and %d lost polygons, want 1 and 1", len(ch.Gained), len(ch.Lost))
	}
}

func testClassifier(t *testing.T) *Classifier {
	t.Helper()
	// Country [30,40]x[44,52]; occupied east of x=36 (meets the country's
	// east edge, which is not line); a sea in the south; one custom zone.
	country := []Region{
		{Name: "West Oblast", Code: "UA-W", Kind: "oblast", Area: Orient(orb.MultiPolygon{rect(30, 44, 35, 52)})},
		{Name: "East Oblast", Code: "UA-E", Kind: "oblast", Area: Orient(orb.MultiPolygon{rect(35, 44, 40, 52)})},
	}
	sea := []Region{{Name: "Sea", Kind: "sea", Area: Orient(orb.MultiPolygon{rect(30, 40, 40, 44.5)})}}
	occ := Orient(orb.MultiPolygon{{densify(rect(36, 44, 41, 52)[0], 0.1)}})
	return NewClassifier(Ground{
		Occupied: occ, Country: country, Water: sea, BuffersKm: []float64{10, 50},
		Regions: append(append(append([]Region{}, country...), sea...), Region{Name: "Box", Area: Orient(orb.MultiPolygon{rect(34, 47, 34.5, 47.5)})}),
		Sites: []Site{
			{ID: "npp", Class: "nuclear_plant", Location: orb.Point{35.5, 48}, RadiusKm: 30},
			{ID: "sub", Class: "substation:transmission", Location: orb.Point{35.6, 48}, RadiusKm: 3},
		},
	})
}

func TestClassify(t *testing.T) {
	c := testClassifier(t)
	km := func(lon, lat float64) float64 { return Distance(orb.Point{lon, lat}, orb.Point{36, lat}) / 1000 }
	tests := []struct {
		name     string
		lon, lat float64
		want     Classification
	}{
		{"HeldNearLine", 35.9, 48, Classification{Inside: false, LineKm: km(35.9, 48),
			Zones: []string{"buffer:held:10km", "buffer:held:50km", "oblast:UA-E"}, Oblast: "East Oblast",
			Sites: []SiteHit{{ID: "npp", Class: "nuclear_plant", RadiusKm: 30, DistanceKm: Distance(orb.Point{35.9, 48}, orb.Point{35.5, 48}) / 1000}}}},
		{"OccupiedFar", 38, 48, Classification{Inside: true, LineKm: km(38, 48), Zones: []string{"oblast:UA-E"}, Oblast: "East Oblast", Sites: []SiteHit{}}},
		{"CustomZone", 34.2, 47.2, Classification{Inside: false, LineKm: km(34.2, 47.2), Zones: []string{"oblast:UA-W", "zone:Box"}, Oblast: "West Oblast", Sites: []SiteHit{}}},
		{"Sea", 33, 44.2, Classification{Inside: false, Zones: []string{"oblast:UA-W", "sea:Sea"}, Oblast: "West Oblast", Sites: []SiteHit{}}},
		{"TwoSites", 35.58, 48, Classification{Inside: false, LineKm: km(35.58, 48), Zones: []string{"buffer:held:50km", "oblast:UA-E"}, Oblast: "East Oblast", Sites: []SiteHit{
			{ID: "sub", Class: "substation:transmission", RadiusKm: 3, DistanceKm: Distance(orb.Point{35.58, 48}, orb.Point{35.6, 48}) / 1000},
			{ID: "npp", Class: "nuclear_plant", RadiusKm: 30, DistanceKm: Distance(orb.Point{35.58, 48}, orb.Point{35.5, 48}) / 1000}}}},
	}
	// The line is the meridian x=36; the nearest point of a meridian is not
	// quite at the point's latitude, hence 0.05% on line distances.
	approx := cmp.Comparer(func(x, y float64) bool {
		return math.Abs(x-y) <= 1e-3+5e-4*math.Abs(y) || (math.IsInf(x, 1) && math.IsInf(y, 1))
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Classify(tt.lon, tt.lat)
			if tt.name == "Sea" {
				got.LineKm = 0 // far from the line; not what this case checks
			}
			if got.Sites == nil {
				got.Sites = []SiteHit{}
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestClassifyCSV(t *testing.T) {
	c := testClassifier(t)
	t.Run("OK", func(t *testing.T) {
		// Enough rows for several batches on several workers: order must hold.
		var in strings.Builder
		in.WriteString("id,lon,lat\n")
		r := rand.New(rand.NewPCG(3, 3))
		type pt struct{ lon, lat float64 }
		var pts []pt
		for i := range 3*batchSize + 17 {
			p := pt{30 + 10*r.Float64(), 44 + 8*r.Float64()}
			pts = append(pts, p)
			in.WriteString(strings.Join([]string{"p" + itoa(i), ftoa(p.lon), ftoa(p.lat)}, ",") + "\n")
		}
		var out bytes.Buffer
		if err := ClassifyCSV(context.Background(), c, strings.NewReader(in.String()), &out, 3); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if got, want := lines[0], "id,lon,lat,inside,line_km,zones,sites,oblast"; got != want {
			t.Errorf("header %q, want %q", got, want)
		}
		if got, want := len(lines)-1, len(pts); got != want {
			t.Fatalf("got %d rows, want %d", got, want)
		}
		for i, l := range lines[1:] {
			f := strings.Split(l, ",")
			if f[0] != "p"+itoa(i) {
				t.Fatalf("row %d has id %s", i, f[0])
			}
			if want := c.Classify(pts[i].lon, pts[i].lat); (f[3] == "true") != want.Inside || f[5] != FormatZones(want.Zones) {
				t.Fatalf("row %d: %s, want inside %v zones %s", i, l, want.Inside, FormatZones(want.Zones))
			}
		}
	})
	t.Run("NoHeader", func(t *testing.T) {
		var out bytes.Buffer
		if err := ClassifyCSV(context.Background(), c, strings.NewReader("a,38,48\n"), &out, 1); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "\na,38,48,true,") {
			t.Errorf("got %q", out.String())
		}
	})
	for _, tt := range []struct{ name, in, want string }{
		{"ErrLon", "id,lon,lat\na,30,48\nb,x,48\n", `line 3: field lon: "x" is not a number`},
		{"ErrLat", "id,lon,lat\na,30,95\n", `line 2: field lat: "95" is not a number in [-90, 90]`},
		{"ErrFields", "id,lon,lat\na,30\n", "line 2: 2 fields, want id,lon,lat"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := ClassifyCSV(context.Background(), c, strings.NewReader(tt.in), &out, 2)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func itoa(i int) string     { return strconv.Itoa(i) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestParseSelectAndDissolve(t *testing.T) {
	// A mixed-layer document: a point, a geometry collection, and two
	// overlapping "occupied" squares.
	doc := `{"type":"FeatureCollection","features":[
		{"type":"Feature","properties":{"name":"attack"},"geometry":{"type":"Point","coordinates":[36,48]}},
		{"type":"Feature","properties":{"name":"old"},"geometry":{"type":"GeometryCollection","geometries":[]}},
		{"type":"Feature","properties":{"name":"status.occupied"},"geometry":{"type":"Polygon","coordinates":[[[36,48],[36.2,48],[36.2,48.2],[36,48.2],[36,48]]]}},
		{"type":"Feature","properties":{"name":"status.occupied"},"geometry":{"type":"Polygon","coordinates":[[[36.1,48],[36.3,48],[36.3,48.2],[36.1,48.2],[36.1,48]]]}}]}`
	if _, err := ParseGeoJSON(strings.NewReader(doc)); err == nil {
		t.Fatal("the whole document parsed, want an error for the geometry collection")
	}
	fs, err := ParseGeoJSONSelect(strings.NewReader(doc), func(p map[string]any) bool { return p["name"] == "status.occupied" })
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Index != 2 || fs[1].Index != 3 {
		t.Fatalf("got %d features %+v, want features 2 and 3", len(fs), fs)
	}
	mp, _ := AreaOf(fs)
	d := Dissolve(mp)
	want := Area(orb.MultiPolygon{{densify(orb.Ring{{36, 48}, {36.3, 48}, {36.3, 48.2}, {36, 48.2}, {36, 48}}, 0.1)}})
	if got := Area(d); len(d) != 1 || math.Abs(got-want) > 1e-3 {
		t.Errorf("dissolved: %d polygons, %.4f km², want 1 polygon of %.4f km²", len(d), got, want)
	}
}
