package api

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/daily"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sqldb"
)

// NewJudger builds the judge of incidents over what the store holds now:
// every provision, and the ground. This is where the ground plugs in:
// GeoGround, package geo's classifier over the shipped oblasts, seas,
// protected energy sites and the demo's occupied area, with the scenario's
// zones mapped onto it (zones with their own GeoJSON geometry through
// judge.ZoneGround).
func NewJudger(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
	provs, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
	if err != nil {
		return nil, err
	}
	zones, err := db.Zones(ctx)
	if err != nil {
		return nil, err
	}
	loc, err := db.MissionZone(ctx)
	if err != nil {
		return nil, err
	}
	g, err := NewGeoGround(zones)
	if err != nil {
		return nil, err
	}
	g.loc = loc
	if err := g.UseStore(ctx, db); err != nil {
		return nil, err
	}
	return judge.New(provs, g).In(loc), nil
}

// WireJudge makes db judge incidents as they are stored, with NewJudger.
func WireJudge(db *sqldb.DB) { db.NewJudger = NewJudger }

var (
	classifierOnce sync.Once
	classifier     *geo.Classifier
	classifierErr  error
)

// defaultClassifier indexes the shipped ground once per process.
func defaultClassifier() (*geo.Classifier, error) {
	classifierOnce.Do(func() {
		var g geo.Ground
		if g.Occupied, classifierErr = geo.DemoArea(); classifierErr != nil {
			return
		}
		if g.Country, classifierErr = geo.DefaultOblasts(); classifierErr != nil {
			return
		}
		if g.Water, classifierErr = geo.DefaultSeas(); classifierErr != nil {
			return
		}
		if g.Sites, classifierErr = geo.DefaultSites(); classifierErr != nil {
			return
		}
		g.Regions = append(append([]geo.Region{}, g.Country...), g.Water...)
		classifier = geo.NewClassifier(g)
	})
	return classifier, classifierErr
}

// GeoGround is the judge's Ground over package geo: oblasts (zone
// "oblast:UA-NN", and the scenario's "admin:ukraine" for any of them), the
// Black Sea and the Sea of Azov ("sea:black-sea", "sea:sea-of-azov"), the
// controlling side from the occupied area, the distance to the line of
// contact and the protected sites within their radius. The occupied area is
// the demo's (geo.DemoLineDate) at every time until line versions are kept
// in the store (UseStore); then it is the version in force at the
// incident's time, and before the first version the side and the distance
// to the line are unknown.
type GeoGround struct {
	c       *geo.Classifier
	lines   []*lineClassifier // stored line versions, oldest first
	noLine  *lineClassifier   // before the first version: zones and sites only
	sites   []geo.Site        // stored sites (nil: the shipped registry)
	custom  *judge.ZoneGround
	builtin map[string]string // geo zone name -> scenario zone id
	ukraine []string          // scenario zones meaning "in Ukraine"
	unknown []string          // scenario zones neither geo nor a geometry resolves
	loc     *time.Location    // the mission's zone: a line version is of a local day (nil: UTC)
}

// NewGeoGround maps the scenario's zones onto the shipped ground.
func NewGeoGround(zones []truce.Zone) (*GeoGround, error) {
	c, err := defaultClassifier()
	if err != nil {
		return nil, err
	}
	g := &GeoGround{c: c, builtin: map[string]string{}}
	var custom []truce.Zone
	for _, z := range zones {
		switch {
		case len(z.Geometry) > 0:
			custom = append(custom, z)
		case z.Builtin == "admin:ukraine":
			g.ukraine = append(g.ukraine, z.ID)
		case strings.HasPrefix(z.Builtin, "sea:"):
			g.builtin["sea:"+seaSlug(strings.TrimPrefix(z.Builtin, "sea:"))] = z.ID
		case strings.HasPrefix(z.Builtin, "oblast:"):
			g.builtin[z.Builtin] = z.ID
		default:
			g.unknown = append(g.unknown, z.ID)
		}
	}
	if g.custom, err = judge.NewZoneGround(custom); err != nil {
		return nil, err
	}
	return g, nil
}

func seaSlug(name string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
}

// Facts implements judge.Ground.
func (g *GeoGround) Facts(lon, lat float64, at time.Time) (truce.SpatialFacts, error) {
	f, err := g.custom.Facts(lon, lat, at)
	if err != nil {
		return f, err
	}
	f.Unresolved = g.unknown
	c, known, err := g.classifierAt(at)
	if err != nil {
		return f, err
	}
	cl := c.Classify(lon, lat)
	f.Oblast = cl.Oblast
	if known {
		f.LineKm = cl.LineKm
	}
	if known && f.Oblast != "" {
		f.Side = "UA"
		if cl.Inside {
			f.Side = "RU"
		}
	}
	for _, z := range cl.Zones {
		if strings.HasPrefix(z, "sea:") {
			z = "sea:" + seaSlug(strings.TrimPrefix(z, "sea:"))
		}
		if id, ok := g.builtin[z]; ok {
			f.Zones = append(f.Zones, id)
		}
		if strings.HasPrefix(z, "oblast:") {
			f.Zones = append(f.Zones, g.ukraine...)
		}
	}
	for _, s := range cl.Sites {
		f.Sites = append(f.Sites, truce.SiteNear{ID: s.ID, Class: siteClass(s.Class), Km: s.DistanceKm})
	}
	return f, nil
}

// siteClass maps geo's site classes to target classes.
func siteClass(c string) truce.TargetClass {
	switch {
	case c == "nuclear_plant", strings.HasPrefix(c, "power_plant"), strings.HasPrefix(c, "substation"):
		return truce.TargetEnergy
	case c == "port":
		return truce.TargetPort
	case c == "hospital":
		return truce.TargetCivilian
	}
	return truce.TargetInfrastructure
}

// Area names an incident's area for reports: its oblast on geo's ground,
// else its place.
func Area(in *truce.Incident) string {
	if c, err := defaultClassifier(); err == nil {
		if o := c.Classify(in.Lon, in.Lat).Oblast; o != "" {
			return o
		}
	}
	return judge.Area(in, nil)
}

// DailyReport builds the daily report of d from the store: the incidents
// from 14 days before d (or from the start of the earliest truce in force,
// if earlier) to d, the clocks and conditions of d, on geo's basemap.
func DailyReport(ctx context.Context, db *sqldb.DB, d truce.Date, public bool) (*daily.Report, error) {
	b, ins, err := loadComplianceBasis(ctx, db, d, func(b *complianceBasis) sqldb.IncidentFilter {
		from := d.AddDays(-13)
		for _, c := range judge.Clocks(b.provs, d, b.last) {
			if c.InForceSince.Before(from) {
				from = c.InForceSince
			}
		}
		return sqldb.IncidentFilter{From: from.StartIn(b.loc), To: d.AddDays(1).StartIn(b.loc)}
	})
	if err != nil {
		return nil, err
	}
	provs := b.provs
	clocks := judge.Clocks(provs, d, b.last)
	in := daily.Input{Date: d, Public: public, Incidents: ins, Provisions: provs, Clocks: clocks,
		Conditions: judge.Conditions(b.world, provs, d, b.last), Area: Area, RulesVersion: b.version, Loc: b.loc}
	if public {
		// The public edition names places by oblast only, in its areas and
		// in its verdicts' explanations, which the judge words afresh from
		// the coarse place rather than the stored text.
		in.Area = PublicArea
		vw := viewer{db}
		in.PublicVerdicts = func(x *truce.Incident) []truce.Verdict { return vw.publicVerdicts(ctx, x, b.loc) }
	}
	// The line drawn is the version in force on d (the demo's when none is
	// stored; none before the first stored version).
	if c, _, err := StoredClassifier(ctx, db, d, DefaultBuffersKm); err == nil {
		in.Line = c.Line()
	} else if truce.ErrorCode(err) != truce.ENOTFOUND {
		return nil, err
	}
	{
		if obl, err := geo.DefaultOblasts(); err == nil {
			for _, o := range obl {
				in.Outlines = append(in.Outlines, o.Area)
			}
		}
	}
	return daily.Build(in), nil
}

// lineClassifier is a classifier over one line version, built on first use
// (indexing a line takes a fraction of a second; most judges need few).
type lineClassifier struct {
	date truce.Date
	geom []byte // GeoJSON MultiPolygon; nil: no occupied area
	once sync.Once
	c    *geo.Classifier
	err  error
}

// UseStore makes g use the line versions and protected sites kept in db:
// facts at time t come from the version in force on t's date.
func (g *GeoGround) UseStore(ctx context.Context, db *sqldb.DB) error {
	ss, err := db.Sites(ctx)
	if err != nil {
		return err
	}
	for _, s := range ss {
		g.sites = append(g.sites, geo.Site{ID: s.ID, Name: s.Name, Class: s.Class, Location: [2]float64{s.Lon, s.Lat}, RadiusKm: s.RadiusKm, Source: s.Source})
	}
	vs, err := db.LineVersions(ctx)
	if err != nil {
		return err
	}
	for _, v := range vs {
		full, err := db.LineVersionAt(ctx, v.Date)
		if err != nil {
			return err
		}
		g.lines = append(g.lines, &lineClassifier{date: v.Date, geom: full.Geometry})
	}
	if len(g.lines) > 0 || len(g.sites) > 0 {
		g.noLine = &lineClassifier{}
	}
	return nil
}

// classifierAt returns the classifier for time at and whether it knows the
// line (false before the first stored version).
func (g *GeoGround) classifierAt(at time.Time) (*geo.Classifier, bool, error) {
	if g.noLine == nil {
		return g.c, true, nil
	}
	d := truce.DateIn(at, g.loc)
	lc, known := g.noLine, false
	if len(g.lines) == 0 {
		// Stored sites but no stored line: the demo's area with those sites.
		lc, known = g.noLine, true
	}
	for _, l := range g.lines {
		if l.date.After(d) {
			break
		}
		lc, known = l, true
	}
	lc.once.Do(func() { lc.c, lc.err = g.build(lc, len(g.lines) == 0) })
	return lc.c, known, lc.err
}

func (g *GeoGround) build(lc *lineClassifier, demo bool) (*geo.Classifier, error) {
	var gr geo.Ground
	var err error
	switch {
	case lc.geom != nil:
		if gr.Occupied, err = geo.ParseArea(bytes.NewReader(lc.geom)); err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "stored line version %s: %v", lc.date, err)
		}
	case demo:
		if gr.Occupied, err = geo.DemoArea(); err != nil {
			return nil, err
		}
	}
	if gr.Country, err = geo.DefaultOblasts(); err != nil {
		return nil, err
	}
	if gr.Water, err = geo.DefaultSeas(); err != nil {
		return nil, err
	}
	gr.Regions = append(append([]geo.Region{}, gr.Country...), gr.Water...)
	gr.Sites = g.sites
	if gr.Sites == nil {
		if gr.Sites, err = geo.DefaultSites(); err != nil {
			return nil, err
		}
	}
	return geo.NewClassifier(gr), nil
}
