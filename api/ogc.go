package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/ogc"
	"github.com/truce-monitor/truce/sqldb"
)

// newOGC returns the OGC API – Features service at /ogc over Truce's
// collections: incidents (as the caller may see them), zones, protected
// sites and line versions.
func (s *Server) newOGC() *ogc.Service {
	return &ogc.Service{
		Prefix:      "/ogc",
		Title:       "Truce",
		Description: "Ceasefire monitoring: incidents, zones, protected sites and line versions, as OGC API – Features.",
		APIDoc:      "/api/openapi.json",
		Collections: []ogc.Collection{
			incidentCollection{db: s.DB},
			zoneCollection{db: s.DB},
			siteCollection{db: s.DB},
			lineCollection{db: s.DB},
		},
	}
}

// incidentCollection serves incidents as points, each as the caller's role
// may see it: the public and liaisons get the coarsened place (0.1°) and
// day, so bbox and datetime filter on what they are shown, never on the
// precise values.
type incidentCollection struct{ db *sqldb.DB }

func (incidentCollection) Meta() ogc.Meta {
	return ogc.Meta{ID: "incidents", Title: "Incidents", Description: "Incidents with grade and verdicts; places and times coarsened for the public."}
}

func (c incidentCollection) Features(ctx context.Context, q ogc.Query) ([]ogc.Feature, error) {
	var f sqldb.IncidentFilter
	// A superset by start time (a day's margin for coarsened times and
	// incidents that began before the window); the service filters exactly.
	if !q.From.IsZero() {
		f.From = q.From.Add(-31 * 24 * time.Hour)
	}
	if !q.To.IsZero() {
		f.To = q.To.Add(24 * time.Hour)
	}
	if q.BBox != nil && q.BBox.Min[0] <= q.BBox.Max[0] {
		// Coarsened places are within 0.05° of the stored ones: a box
		// 0.1° wider holds every incident that can match what is shown.
		const m = 0.1
		f.Box = &[4]float64{q.BBox.Min[0] - m, q.BBox.Min[1] - m, q.BBox.Max[0] + m, q.BBox.Max[1] + m}
	}
	ins, err := c.db.Incidents(ctx, f)
	if err != nil {
		return nil, err
	}
	role := UserFrom(ctx).Role
	out := make([]ogc.Feature, 0, len(ins))
	for i := len(ins) - 1; i >= 0; i-- { // oldest first: a stable order for paging
		f, err := incidentFeature(ctx, c.db, &ins[i], role)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

// Feature implements ogc.FeatureGetter: one incident, as the caller may see it.
func (c incidentCollection) Feature(ctx context.Context, id string) (*ogc.Feature, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %q", id)
	}
	in, err := c.db.Incident(ctx, n)
	if err != nil {
		return nil, err
	}
	return incidentFeature(ctx, c.db, in, UserFrom(ctx).Role)
}

// incidentFeature is an incident as a point feature in role's view.
func incidentFeature(ctx context.Context, db *sqldb.DB, in *truce.Incident, role truce.Role) (*ogc.Feature, error) {
	v := viewer{db}.incident(ctx, in, role)
	props, err := toProps(v)
	if err != nil {
		return nil, err
	}
	lat, lon := in.Lat, in.Lon
	start, end := in.Start, in.End
	if cv, ok := v.(CoarseIncident); ok {
		lat, lon = cv.Lat, cv.Lon
		start = cv.Start.Time()
		end = cv.End.Time().Add(24*time.Hour - time.Second)
	}
	delete(props, "lat")
	delete(props, "lon")
	return &ogc.Feature{ID: strconv.FormatInt(in.ID, 10), Geometry: orb.Point{lon, lat}, Start: start, End: end, Properties: props}, nil
}

// zoneCollection serves the zones provisions refer to: stored geometries,
// and the shipped seas and oblasts for built-in zones.
type zoneCollection struct{ db *sqldb.DB }

func (zoneCollection) Meta() ogc.Meta {
	return ogc.Meta{ID: "zones", Title: "Zones", Description: "Zones provisions refer to: maritime zones, oblasts, the territory of Ukraine, custom polygons."}
}

func (c zoneCollection) Features(ctx context.Context, _ ogc.Query) ([]ogc.Feature, error) {
	zs, err := c.db.Zones(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ogc.Feature, 0, len(zs))
	for _, z := range zs {
		g, err := zoneGeometry(z)
		if err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "zone %s: %v", z.ID, err)
		}
		props := map[string]any{"name": z.Name, "kind": z.Kind}
		if z.Builtin != "" {
			props["builtin"] = z.Builtin
		}
		out = append(out, ogc.Feature{ID: z.ID, Geometry: g, Properties: props})
	}
	return out, nil
}

// zoneGeometry resolves a zone's geometry: its own GeoJSON, or the shipped
// region its built-in name refers to; nil when neither resolves.
func zoneGeometry(z truce.Zone) (orb.Geometry, error) {
	if len(z.Geometry) > 0 {
		fs, err := geo.ParseGeoJSON(strings.NewReader(string(z.Geometry)))
		if err != nil {
			return nil, err
		}
		if len(fs) == 0 {
			return nil, nil
		}
		return fs[0].Geometry, nil
	}
	kind, name, _ := strings.Cut(z.Builtin, ":")
	var regions []geo.Region
	var err error
	switch kind {
	case "sea":
		regions, err = geo.DefaultSeas()
	case "admin", "oblast":
		regions, err = geo.DefaultOblasts()
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var mp orb.MultiPolygon
	for _, r := range regions {
		switch {
		case kind == "sea" && seaSlug(r.Name) == seaSlug(name),
			kind == "oblast" && r.Code == name,
			kind == "admin" && name == "ukraine":
			mp = append(mp, r.Area...)
		}
	}
	if len(mp) == 0 {
		return nil, nil
	}
	return mp, nil
}

// siteCollection serves the protected sites registry the judge uses: the
// stored sites, or the shipped registry when none are stored.
type siteCollection struct{ db *sqldb.DB }

func (siteCollection) Meta() ogc.Meta {
	return ogc.Meta{ID: "sites", Title: "Protected sites", Description: "Power plants, substations and other protected sites with their protection radius (GPPD, OpenStreetMap; see geo/data/ATTRIBUTION.md)."}
}

var (
	sitesOnce     sync.Once
	sitesFeatures []ogc.Feature
	sitesErr      error
)

func (c siteCollection) Features(ctx context.Context, _ ogc.Query) ([]ogc.Feature, error) {
	if c.db != nil {
		stored, err := c.db.Sites(ctx)
		if err != nil {
			return nil, err
		}
		if len(stored) > 0 {
			out := make([]ogc.Feature, 0, len(stored))
			for _, st := range stored {
				out = append(out, ogc.Feature{ID: st.ID, Geometry: orb.Point{st.Lon, st.Lat}, Properties: map[string]any{
					"name": st.Name, "class": st.Class, "radius_km": st.RadiusKm, "source": st.Source,
				}})
			}
			return out, nil
		}
	}
	sitesOnce.Do(func() {
		ss, err := geo.DefaultSites()
		if err != nil {
			sitesErr = err
			return
		}
		for _, st := range ss {
			sitesFeatures = append(sitesFeatures, ogc.Feature{ID: st.ID, Geometry: st.Location, Properties: map[string]any{
				"name": st.Name, "class": st.Class, "radius_km": st.RadiusKm, "source": st.Source,
			}})
		}
	})
	return sitesFeatures, sitesErr
}

// lineCollection serves the versions of the occupied area, each dated and in
// force until the next one (the last until now); the built-in demo version
// when the store holds none.
type lineCollection struct{ db *sqldb.DB }

func (lineCollection) Meta() ogc.Meta {
	return ogc.Meta{ID: "line-versions", Title: "Line versions", Description: "The occupied area by date (the built-in demo's approximate line until line versions are imported)."}
}

func (c lineCollection) Features(ctx context.Context, _ ogc.Query) ([]ogc.Feature, error) {
	vs, err := c.db.LineVersions(ctx)
	if err != nil {
		return nil, err
	}
	if len(vs) > 0 {
		out := make([]ogc.Feature, 0, len(vs))
		for i, v := range vs {
			full, err := c.db.LineVersionAt(ctx, v.Date)
			if err != nil {
				return nil, err
			}
			area, err := geo.ParseArea(bytes.NewReader(full.Geometry))
			if err != nil {
				return nil, truce.Errorf(truce.EINTERNAL, "line version %s: %v", v.Date, err)
			}
			end := time.Now().UTC()
			if i+1 < len(vs) {
				end = vs[i+1].Date.Time().Add(-time.Second)
			}
			out = append(out, ogc.Feature{ID: v.Date.String(), Geometry: area, Start: v.Date.Time(), End: end, Properties: map[string]any{
				"date": v.Date.String(), "area_km2": v.AreaKm2, "approximate": v.Approximate, "source": v.Source,
			}})
		}
		return out, nil
	}
	area, err := geo.DemoArea()
	if err != nil {
		return nil, err
	}
	d, err := time.Parse(time.DateOnly, geo.DemoLineDate)
	if err != nil {
		return nil, err
	}
	return []ogc.Feature{{ID: geo.DemoLineDate, Geometry: area, Start: d, End: d.Add(24*time.Hour - time.Second), Properties: map[string]any{
		"date": geo.DemoLineDate, "area_km2": geo.Area(area), "approximate": true,
		"note": "coarse demo line of the Truce project's own making, not an authoritative line of contact",
	}}}, nil
}

// toProps turns a view into GeoJSON properties by its JSON encoding.
func toProps(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}
