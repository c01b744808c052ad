package geo

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Ground is what points are classified against at one time: the occupied
// area in force, the country's outline, zones and protected sites.
type Ground struct {
	// Occupied is the occupied area in force.
	Occupied orb.MultiPolygon
	// Country is Ukraine's territory, as its oblasts (DefaultOblasts). It
	// decides which parts of Occupied's boundary are the line of contact.
	Country []Region
	// Water is the sea next to the country (DefaultSeas): where the
	// occupied area meets it is coast, not line of contact. Needed because
	// oblast outlines (geoBoundaries) reach into coastal waters.
	Water []Region
	// BuffersKm are the widths of the buffer zones drawn on either side of
	// the line of contact.
	BuffersKm []float64
	// Regions are the zones points are tested against: oblasts (Kind
	// "oblast", which also fill Classification.Oblast), seas, custom zones.
	Regions []Region
	// Sites are the protected sites.
	Sites []Site
}

// Classification is what Classify says about one point.
type Classification struct {
	// Inside is true when the point is in the occupied area.
	Inside bool `json:"inside"`
	// LineKm is the geodesic distance to the line of contact in km (+Inf
	// when there is no line).
	LineKm float64 `json:"line_km"`
	// Zones are the names of the zones containing the point, e.g.
	// "buffer:occupied:10km", "oblast:UA-14", "sea:Black Sea", "zone:NAME".
	Zones []string `json:"zones"`
	// Sites are the protected sites within whose radius the point lies,
	// nearest first.
	Sites []SiteHit `json:"sites"`
	// Oblast is the name of the oblast containing the point, or "".
	Oblast string `json:"oblast"`
}

// SiteHit is a protected site near a classified point.
type SiteHit struct {
	ID         string  `json:"id"`
	Class      string  `json:"class"`
	RadiusKm   float64 `json:"radius_km"`
	DistanceKm float64 `json:"distance_km"`
}

// Classifier classifies points against one Ground. It is immutable once
// built and safe for concurrent use.
type Classifier struct {
	occupied *AreaIndex
	line     *LineIndex
	lineMLS  orb.MultiLineString
	buffers  []bufferZone
	regions  []regionIndex
	rgrid    regionGrid
	sites    []Site
	siteTree rtree.RTreeG[int32]
}

type bufferZone struct {
	km             float64
	occupied, held string
}

type regionIndex struct {
	zone   string
	oblast string
	bound  orb.Bound
	ix     *AreaIndex
}

// NewClassifier indexes g. The line of contact is derived from g.Occupied and
// g.Country with LineOfContact; with no Country the whole boundary of the
// occupied area counts as the line.
func NewClassifier(g Ground) *Classifier {
	c := &Classifier{occupied: NewAreaIndex(g.Occupied), sites: g.Sites}
	if len(g.Country) > 0 {
		c.lineMLS = LineOfContact(g.Occupied, Land(g.Country, g.Water))
	} else {
		for _, p := range g.Occupied {
			for _, r := range p {
				c.lineMLS = append(c.lineMLS, orb.LineString(r))
			}
		}
	}
	c.line = NewLineIndex(c.lineMLS)
	ws := append([]float64(nil), g.BuffersKm...)
	sort.Float64s(ws)
	for _, w := range ws {
		s := strconv.FormatFloat(w, 'f', -1, 64)
		c.buffers = append(c.buffers, bufferZone{w, "buffer:occupied:" + s + "km", "buffer:held:" + s + "km"})
	}
	for _, r := range g.Regions {
		ri := regionIndex{bound: r.Area.Bound(), ix: NewAreaIndex(r.Area)}
		id := r.Code
		if id == "" {
			id = r.Name
		}
		kind := r.Kind
		if kind == "" {
			kind = "zone"
		}
		ri.zone = kind + ":" + id
		if kind == "oblast" {
			ri.oblast = r.Name
		}
		c.regions = append(c.regions, ri)
	}
	c.rgrid = newRegionGrid(c.regions)
	for i, s := range g.Sites {
		dlat := s.RadiusKm / 110.5 * 1.01
		dlon := dlat / math.Cos(math.Min(math.Abs(s.Location[1])+dlat, 89)*math.Pi/180)
		c.siteTree.Insert([2]float64{s.Location[0] - dlon, s.Location[1] - dlat},
			[2]float64{s.Location[0] + dlon, s.Location[1] + dlat}, int32(i))
	}
	return c
}

// Line returns the line of contact the classifier measures distances to.
func (c *Classifier) Line() orb.MultiLineString { return c.lineMLS }

// Classify classifies the point (lon, lat).
func (c *Classifier) Classify(lon, lat float64) Classification {
	var out Classification
	c.ClassifyInto(lon, lat, &out)
	return out
}

// ClassifyInto is Classify writing into out, reusing its slices.
func (c *Classifier) ClassifyInto(lon, lat float64, out *Classification) {
	out.Zones = out.Zones[:0]
	out.Sites = out.Sites[:0]
	out.Oblast = ""
	out.Inside = c.occupied.Contains(lon, lat)
	out.LineKm, _ = c.line.Distance(lon, lat)
	for _, b := range c.buffers {
		if out.LineKm <= b.km {
			if out.Inside {
				out.Zones = append(out.Zones, b.occupied)
			} else {
				out.Zones = append(out.Zones, b.held)
			}
		}
	}
	for _, i := range c.rgrid.at(lon, lat) {
		r := &c.regions[i]
		if r.contains(lon, lat) {
			out.Zones = append(out.Zones, r.zone)
			if r.oblast != "" && out.Oblast == "" {
				out.Oblast = r.oblast
			}
		}
	}
	if len(c.sites) > 0 {
		p := orb.Point{lon, lat}
		coslat := math.Cos(lat * math.Pi / 180)
		c.siteTree.Search(p, p, func(_, _ [2]float64, i int32) bool {
			s := &c.sites[i]
			// A cheap equirectangular estimate rules out most candidates
			// before the ellipsoidal distance.
			dx := (s.Location[0] - lon) * coslat * 111.32
			dy := (s.Location[1] - lat) * 110.57
			if dx*dx+dy*dy > s.RadiusKm*s.RadiusKm*1.05 {
				return true
			}
			if d := Distance(p, s.Location) / 1000; d <= s.RadiusKm {
				out.Sites = append(out.Sites, SiteHit{ID: s.ID, Class: s.Class, RadiusKm: s.RadiusKm, DistanceKm: d})
			}
			return true
		})
		if len(out.Sites) > 1 {
			sort.Slice(out.Sites, func(i, j int) bool { return out.Sites[i].DistanceKm < out.Sites[j].DistanceKm })
		}
	}
}

// FormatZones joins zone names with ";" for a CSV cell.
func FormatZones(zs []string) string { return strings.Join(zs, ";") }

// FormatSites writes site hits as ID:CLASS:DISTANCE_KM joined by ";".
func FormatSites(ss []SiteHit) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(s.ID)
		b.WriteByte(':')
		b.WriteString(s.Class)
		b.WriteByte(':')
		b.WriteString(strconv.FormatFloat(s.DistanceKm, 'f', 3, 64))
	}
	return b.String()
}

func (r *regionIndex) contains(lon, lat float64) bool {
	if lon < r.bound.Min[0] || lon > r.bound.Max[0] || lat < r.bound.Min[1] || lat > r.bound.Max[1] {
		return false
	}
	return r.ix.Contains(lon, lat)
}

// regionGrid lists, for each cell of a coarse grid, the regions whose bounding
// box meets the cell, so that a point is tested against a few regions rather
// than all of them.
type regionGrid struct {
	minX, minY, invW, invH float64
	nx, ny                 int
	cells                  [][]int32
}

func newRegionGrid(rs []regionIndex) regionGrid {
	if len(rs) == 0 {
		return regionGrid{}
	}
	b := rs[0].bound
	for _, r := range rs[1:] {
		b = b.Union(r.bound)
	}
	g := regionGrid{minX: b.Min[0], minY: b.Min[1], nx: 128, ny: 128}
	w, h := math.Max(b.Max[0]-b.Min[0], 1e-9), math.Max(b.Max[1]-b.Min[1], 1e-9)
	g.invW, g.invH = float64(g.nx)/w*(1-1e-12), float64(g.ny)/h*(1-1e-12)
	g.cells = make([][]int32, g.nx*g.ny)
	for i, r := range rs {
		x0, y0 := g.cell(r.bound.Min[0], r.bound.Min[1])
		x1, y1 := g.cell(r.bound.Max[0], r.bound.Max[1])
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				g.cells[y*g.nx+x] = append(g.cells[y*g.nx+x], int32(i))
			}
		}
	}
	return g
}

func (g *regionGrid) cell(lon, lat float64) (int, int) {
	x := min(max(int((lon-g.minX)*g.invW), 0), g.nx-1)
	y := min(max(int((lat-g.minY)*g.invH), 0), g.ny-1)
	return x, y
}

// at returns the regions that may contain (lon, lat).
func (g *regionGrid) at(lon, lat float64) []int32 {
	if g.cells == nil {
		return nil
	}
	x, y := g.cell(lon, lat)
	return g.cells[y*g.nx+x]
}
