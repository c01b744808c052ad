package geo

import (
	"github.com/paulmach/orb"
)

// Region is a named polygonal area: an oblast, a sea, a custom zone.
type Region struct {
	// Name is the region's name, e.g. "Donetsk Oblast" or "Black Sea".
	Name string
	// Code is a short identifier, e.g. the ISO 3166-2 code "UA-14"; may be empty.
	Code string
	// Kind says what the region is: "oblast", "sea", "zone", ...
	Kind string
	// Area is the region's extent.
	Area orb.MultiPolygon
}

// Change is the change of control between two versions of the occupied area.
type Change struct {
	// GainedKm2 is the area occupied in the later version and not in the earlier.
	GainedKm2 float64 `json:"gained_km2"`
	// LostKm2 is the area occupied in the earlier version and not in the later.
	LostKm2 float64 `json:"lost_km2"`
	// Gained and Lost are those areas as polygons.
	Gained orb.MultiPolygon `json:"-"`
	Lost   orb.MultiPolygon `json:"-"`
	// Regions splits the change by region, in the order given, leaving out
	// regions with no change.
	Regions []RegionChange `json:"oblasts"`
}

// RegionChange is the part of a Change within one region.
type RegionChange struct {
	Name      string  `json:"name"`
	Code      string  `json:"code,omitempty"`
	GainedKm2 float64 `json:"gained_km2"`
	LostKm2   float64 `json:"lost_km2"`
}

// Diff compares two versions of the occupied area: what b holds that a does
// not (gained), and what a holds that b does not (lost), in km² on the WGS84
// ellipsoid, overall and within each of regions (e.g. DefaultOblasts()).
func Diff(a, b orb.MultiPolygon, regions []Region) Change {
	var c Change
	c.Gained = Clip(b, a, Difference)
	c.Lost = Clip(a, b, Difference)
	c.GainedKm2 = Area(c.Gained)
	c.LostKm2 = Area(c.Lost)
	for _, r := range regions {
		rb := r.Area.Bound()
		rc := RegionChange{Name: r.Name, Code: r.Code}
		if len(c.Gained) > 0 && rb.Intersects(c.Gained.Bound()) {
			rc.GainedKm2 = ClipArea(c.Gained, r.Area, Intersection)
		}
		if len(c.Lost) > 0 && rb.Intersects(c.Lost.Bound()) {
			rc.LostKm2 = ClipArea(c.Lost, r.Area, Intersection)
		}
		if rc.GainedKm2 > 0 || rc.LostKm2 > 0 {
			c.Regions = append(c.Regions, rc)
		}
	}
	return c
}
