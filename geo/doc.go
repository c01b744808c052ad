// Package geo is the ground under a ceasefire: occupied-area polygons and the
// line of contact derived from them, zones, protected sites, and the spatial
// classification of points against all of these.
//
// Everything here is pure: functions take parsed values or an io.Reader and
// return values; nothing touches the network, the clock or the store.
//
// Coordinates are longitude/latitude on WGS84 (GeoJSON order). Containment is
// planar in longitude/latitude, as in PostGIS geometry; areas and distances are
// geodesic on the WGS84 ellipsoid, as in PostGIS geography with use_spheroid.
package geo
