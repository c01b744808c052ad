package truce

import (
	"encoding/json"
	"time"
)

// LineVersion is the occupied area as of one date: the version in force at a
// time t is the latest one dated on or before t. The line of contact is
// derived from it (package geo).
type LineVersion struct {
	Date Date `json:"date"`
	// AreaKm2 is the occupied area, geodesic on the WGS84 ellipsoid.
	AreaKm2 float64 `json:"area_km2"`
	// Source names where the polygons came from (a file, a publisher).
	Source string `json:"source,omitempty"`
	// Approximate marks a coarse line (such as the demo's) that is not an
	// authoritative line of contact.
	Approximate bool `json:"approximate"`
	// ImportedAt is when the version was stored.
	ImportedAt time.Time `json:"imported_at,omitzero"` // zero for the built-in demo line
	// Geometry is the occupied area as a GeoJSON MultiPolygon; listings
	// leave it out.
	Geometry json.RawMessage `json:"geometry,omitempty"`
}

// Site is a protected site: a place a truce protects, with a protection
// radius (energy infrastructure, ports, hospitals, ...).
type Site struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Class    string  `json:"class"` // e.g. "nuclear_plant", "power_plant:coal", "substation:transmission"
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	RadiusKm float64 `json:"radius_km"`
	Source   string  `json:"source,omitempty"`
}
