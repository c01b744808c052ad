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

func (s *Server) mapIncidents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f sqldb.PointFilter
	if v := q.Get("from"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return truce.FieldErrorf("from", "%v", err)
		}
		f.From = d.StartIn(s.loc(r.Context())) // the mission's local days
	}
	if v := q.Get("to"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return truce.FieldErrorf("to", "%v", err)
		}
		f.To = d.AddDays(1).StartIn(s.loc(r.Context())) // inclusive date
	}
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return err
		}
		f.BBox = &b
	}
	f.Loc = s.loc(r.Context()) // points are dated in the mission's local days
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
	coarsen := func(p *sqldb.IncidentPoint) {
		if !full {
			p.Lat, p.Lon, p.Place = truce.CoarsenCoord(p.Lat), truce.CoarsenCoord(p.Lon), ""
		}
	}
	out := MapIncidents{Type: "FeatureCollection", Features: []MapFeature{}, Newest: []sqldb.IncidentPoint{}}
	n, extent, err := s.DB.CountIncidentPoints(r.Context(), f)
	if err != nil {
		return err
	}
	out.Total = n
	if n <= limit {
		// Few enough to draw one by one; the newest are also listed.
		err = s.DB.IncidentPoints(r.Context(), f, func(p sqldb.IncidentPoint) error {
			coarsen(&p)
			out.Features = append(out.Features, MapFeature{Type: "Feature", Geometry: MapPoint{"Point", [2]float64{p.Lon, p.Lat}},
				Properties: map[string]any{"id": p.ID, "verdict": p.Verdict, "grade": p.Grade}})
			if len(out.Newest) < mapNewest {
				out.Newest = append(out.Newest, p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, out)
	}
	// Too many: aggregate onto a grid over the box (or the incidents' extent)
	// in the database, and list the newest.
	out.Clustered = true
	west, south, size := gridFor(f.BBox, extent)
	cells, err := s.DB.IncidentGrid(r.Context(), f, west, south, size)
	if err != nil {
		return err
	}
	for _, c := range cells {
		out.Features = append(out.Features, MapFeature{Type: "Feature",
			Geometry:   MapPoint{"Point", [2]float64{round6(c.Lon), round6(c.Lat)}},
			Properties: map[string]any{"count": c.Count, "verdict": c.Verdict, "violations": c.Violations}})
	}
	nf := f
	nf.Limit = mapNewest
	err = s.DB.IncidentPoints(r.Context(), nf, func(p sqldb.IncidentPoint) error {
		coarsen(&p)
		out.Newest = append(out.Newest, p)
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// gridFor picks the grid over the box (or over the incidents' extent when
// there is no box or it crosses the antimeridian): its origin and its cell
// size in degrees, mapGrid cells along the longer side.
func gridFor(b *[4]float64, extent [4]float64) (west, south, size float64) {
	box := extent
	if b != nil && b[0] <= b[2] {
		box = *b
	}
	size = math.Max(box[2]-box[0], box[3]-box[1]) / mapGrid
	if !(size > 0) {
		size = 1e-3
	}
	return box[0], box[1], size
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
