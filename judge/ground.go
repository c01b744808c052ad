package judge

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/truce-monitor/truce"
)

// ZoneGround is the interim Ground: it knows the zones that carry a GeoJSON
// geometry (planar point-in-polygon on longitude/latitude, which is exact
// for containment in polygons drawn on that grid) and nothing else: zones
// known only by a built-in name are unresolved, and it knows no line of
// contact, no sites and no oblasts. Package geo's classifier replaces it.
type ZoneGround struct {
	zones      []zoneGeom
	unresolved []string
}

type zoneGeom struct {
	id    string
	bound orb.Bound
	geom  orb.Geometry
}

// NewZoneGround indexes the zones' geometries. A zone whose geometry does
// not parse is an error naming it.
func NewZoneGround(zones []truce.Zone) (*ZoneGround, error) {
	g := &ZoneGround{}
	for _, z := range zones {
		if len(z.Geometry) == 0 {
			g.unresolved = append(g.unresolved, z.ID)
			continue
		}
		geom, err := parsePolygonal(z.Geometry)
		if err != nil {
			return nil, fmt.Errorf("zone %s: geometry: %w", z.ID, err)
		}
		g.zones = append(g.zones, zoneGeom{id: z.ID, bound: geom.Bound(), geom: geom})
	}
	return g, nil
}

// Facts implements Ground.
func (g *ZoneGround) Facts(lon, lat float64, at time.Time) (truce.SpatialFacts, error) {
	f := truce.SpatialFacts{LineKm: -1, Unresolved: g.unresolved}
	pt := orb.Point{lon, lat}
	for _, z := range g.zones {
		if !z.bound.Contains(pt) {
			continue
		}
		var in bool
		switch geom := z.geom.(type) {
		case orb.Polygon:
			in = planar.PolygonContains(geom, pt)
		case orb.MultiPolygon:
			in = planar.MultiPolygonContains(geom, pt)
		}
		if in {
			f.Zones = append(f.Zones, z.id)
		}
	}
	return f, nil
}

// parsePolygonal reads a GeoJSON Polygon or MultiPolygon geometry. (orb's
// geojson package would do, but it pulls in a BSON driver; two geometry
// types are a few lines of encoding/json.)
func parsePolygonal(b []byte) (orb.Geometry, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, err
	}
	switch g.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, err
		}
		return polygon(c)
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, 0, len(c))
		for i, pc := range c {
			p, err := polygon(pc)
			if err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			mp = append(mp, p)
		}
		return mp, nil
	}
	return nil, fmt.Errorf("a %q, want a Polygon or MultiPolygon", g.Type)
}

func polygon(c [][][]float64) (orb.Polygon, error) {
	if len(c) == 0 {
		return nil, fmt.Errorf("no rings")
	}
	p := make(orb.Polygon, len(c))
	for i, rc := range c {
		if len(rc) < 4 {
			return nil, fmt.Errorf("ring %d has %d positions, at least 4 needed", i, len(rc))
		}
		r := make(orb.Ring, len(rc))
		for k, pos := range rc {
			if len(pos) < 2 || math.IsNaN(pos[0]) || math.IsNaN(pos[1]) || math.Abs(pos[0]) > 180 || math.Abs(pos[1]) > 90 {
				return nil, fmt.Errorf("ring %d position %d: %v is not a longitude, latitude", i, k, pos)
			}
			r[k] = orb.Point{pos[0], pos[1]}
		}
		if r[0] != r[len(r)-1] {
			return nil, fmt.Errorf("ring %d is not closed", i)
		}
		p[i] = r
	}
	return p, nil
}
