package api

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// The map endpoint answers the dashboard's viewport queries: it filters
// incidents to the visible box on the server, and above MaxMapPoints it
// aggregates them onto a grid, so that a map over 100,000 incidents moves a
// few kilobytes rather than the whole store.
const (
	// DefaultMapPoints is how many points the map endpoint returns before it aggregates.
	DefaultMapPoints = 5000
	// MaxMapPoints bounds the max parameter.
	MaxMapPoints = 20000
	// mapGrid is the number of grid cells along the box's longer side when aggregating.
	mapGrid = 48
	// mapNewest is how many of the newest incidents in the box are listed.
	mapNewest = 200
)

// MapFeature is a GeoJSON point feature of the map endpoint.
type MapFeature struct {
	Type       string         `json:"type"` // "Feature"
	Geometry   MapPoint       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// MapPoint is a GeoJSON Point.
type MapPoint struct {
	Type        string     `json:"type"` // "Point"
	Coordinates [2]float64 `json:"coordinates"`
}

// MapIncidents is the body of GET /api/map/incidents: a GeoJSON
// FeatureCollection with foreign members saying how it was made.
type MapIncidents struct {
	Type      string       `json:"type"` // "FeatureCollection"
	Features  []MapFeature `json:"features"`
	Total     int          `json:"total"`     // incidents in the box and window
	Clustered bool         `json:"clustered"` // features are grid cells with a count, not incidents
	// Newest lists the newest incidents in the box (at most 200), for the list beside the map.
	Newest []sqldb.IncidentPoint `json:"newest"`
}

// cell accumulates the incidents of one grid cell.
type cell struct {
	n          int
	lat, lon   float64 // sums, for the mean position
	worst      int
	violations int
}

var verdictRank = map[string]int{"": 0, "not-covered": 1, "needs-review": 2, "violation": 3}
var rankVerdict = [...]string{"", "not-covered", "needs-review", "violation"}

func (s *Server) mapIncidents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f sqldb.PointFilter
	if v := q.Get("from"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return truce.FieldErrorf("from", "%v", err)
		}
		f.From = d.Time()
	}
	if v := q.Get("to"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return truce.FieldErrorf("to", "%v", err)
		}
		f.To = d.AddDays(1).Time() // inclusive date
	}
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return err
		}
		f.BBox = &b
	}
	limit := DefaultMapPoints
	if v := q.Get("max"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxMapPoints {
			return truce.FieldErrorf("max", "%q is not a number in 1..%d", v, MaxMapPoints)
		}
		limit = n
	}

	// Liaisons and the public see places coarsened and no place names, as in the incident list.
	full := fullView(UserFrom(r.Context()).Role)
	out := MapIncidents{Type: "FeatureCollection", Features: []MapFeature{}, Newest: []sqldb.IncidentPoint{}}
	var points []sqldb.IncidentPoint // until the limit is passed
	var grid map[[2]int]*cell
	var size float64
	var west, south float64
	add := func(p sqldb.IncidentPoint) {
		k := [2]int{int(math.Floor((p.Lon - west) / size)), int(math.Floor((p.Lat - south) / size))}
		c := grid[k]
		if c == nil {
			c = &cell{}
			grid[k] = c
		}
		c.n++
		c.lat += p.Lat
		c.lon += p.Lon
		c.worst = max(c.worst, verdictRank[p.Verdict])
		if p.Verdict == "violation" {
			c.violations++
		}
	}
	err := s.DB.IncidentPoints(r.Context(), f, func(p sqldb.IncidentPoint) error {
		if !full {
			p.Lat, p.Lon, p.Place = truce.CoarsenCoord(p.Lat), truce.CoarsenCoord(p.Lon), ""
		}
		out.Total++
		if len(out.Newest) < mapNewest {
			out.Newest = append(out.Newest, p)
		}
		if grid != nil {
			add(p)
			return nil
		}
		points = append(points, p)
		if len(points) > limit {
			// Too many to draw one by one: fold them onto a grid over the box
			// (or over what has been seen, when there is no box).
			west, south, size = gridFor(f.BBox, points)
			grid = map[[2]int]*cell{}
			for _, q := range points {
				add(q)
			}
			points = nil
		}
		return nil
	})
	if err != nil {
		return err
	}
	if grid == nil {
		for _, p := range points {
			out.Features = append(out.Features, MapFeature{Type: "Feature", Geometry: MapPoint{"Point", [2]float64{p.Lon, p.Lat}},
				Properties: map[string]any{"id": p.ID, "verdict": p.Verdict, "grade": p.Grade}})
		}
	} else {
		out.Clustered = true
		for _, c := range grid {
			out.Features = append(out.Features, MapFeature{Type: "Feature",
				Geometry:   MapPoint{"Point", [2]float64{round6(c.lon / float64(c.n)), round6(c.lat / float64(c.n))}},
				Properties: map[string]any{"count": c.n, "verdict": rankVerdict[c.worst], "violations": c.violations}})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// gridFor picks the grid over the box (or the points' extent): its origin and cell size in degrees.
func gridFor(b *[4]float64, ps []sqldb.IncidentPoint) (west, south, size float64) {
	var e, n float64
	if b != nil && b[0] <= b[2] {
		west, south, e, n = b[0], b[1], b[2], b[3]
	} else {
		west, south, e, n = 180, 90, -180, -90
		for _, p := range ps {
			west, e = math.Min(west, p.Lon), math.Max(e, p.Lon)
			south, n = math.Min(south, p.Lat), math.Max(n, p.Lat)
		}
		if b != nil { // crossing the antimeridian: the whole width
			west, e = -180, 180
		}
	}
	size = math.Max(e-west, n-south) / mapGrid
	if size <= 0 || math.IsNaN(size) {
		size = 1e-3
	}
	return west, south, size
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// parseBBox reads "west,south,east,north" in degrees.
func parseBBox(v string) ([4]float64, error) {
	var b [4]float64
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return b, truce.FieldErrorf("bbox", "%q: want west,south,east,north in degrees", v)
	}
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return b, truce.FieldErrorf("bbox", "%q: %q is not a number", v, p)
		}
		b[i] = x
	}
	// MapLibre reports boxes past ±180 when the world wraps; clamp them.
	b[0], b[2] = math.Max(-180, math.Min(180, b[0])), math.Max(-180, math.Min(180, b[2]))
	if b[1] < -90 || b[3] > 90 || b[1] > b[3] {
		return b, truce.FieldErrorf("bbox", "%q: latitudes must satisfy -90 <= south <= north <= 90", v)
	}
	return b, nil
}
