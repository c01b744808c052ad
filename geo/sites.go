package geo

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Site is a protected site: a place a truce protects, with a protection
// radius around it.
type Site struct {
	// ID is unique within a registry, e.g. "gppd:WRI1005097" or "osm:way/23652365".
	ID string `json:"id"`
	// Name is the site's name; may be empty.
	Name string `json:"name,omitempty"`
	// Class is what the site is, e.g. "nuclear_plant", "power_plant:coal",
	// "substation:transmission", "port", "hospital".
	Class string `json:"class"`
	// Location is the site's point (the centroid of its footprint).
	Location orb.Point `json:"location"`
	// RadiusKm is the protection radius in km.
	RadiusKm float64 `json:"radius_km"`
	// Source names where the row came from.
	Source string `json:"source,omitempty"`
}

// DefaultRadiusKm is the protection radius given to a site of each class when
// its source does not say. Nuclear plants get the 30 km of the exclusion zones
// drawn around Chornobyl and Zaporizhzhia; large thermal and hydro plants
// 5 km; transmission substations 3 km; solar, wind and small plants 2 km.
var DefaultRadiusKm = map[string]float64{
	"nuclear_plant":           30,
	"power_plant:coal":        5,
	"power_plant:gas":         5,
	"power_plant:oil":         5,
	"power_plant:hydro":       5,
	"power_plant:solar":       2,
	"power_plant:wind":        2,
	"power_plant:biomass":     2,
	"power_plant:other":       2,
	"substation:transmission": 3,
	"port":                    3,
	"hospital":                1,
}

// RadiusFor returns DefaultRadiusKm[class], or 2 km for an unknown class.
func RadiusFor(class string) float64 {
	if r, ok := DefaultRadiusKm[class]; ok {
		return r
	}
	return 2
}

// plantClass maps a fuel name (GPPD primary_fuel or OSM plant:source, the
// first of a ;-list) to a site class.
func plantClass(fuel string) string {
	f := strings.ToLower(strings.TrimSpace(strings.SplitN(fuel, ";", 2)[0]))
	switch f {
	case "nuclear":
		return "nuclear_plant"
	case "coal", "gas", "oil", "hydro", "solar", "wind", "biomass":
		return "power_plant:" + f
	case "mazut", "diesel":
		return "power_plant:oil"
	case "biogas", "wood", "waste":
		return "power_plant:biomass"
	default:
		return "power_plant:other"
	}
}

// ParseGPPD reads rows of the WRI Global Power Plant Database (CSV with a
// header naming at least gppd_idnr, name, latitude, longitude and
// primary_fuel) as sites. Errors name the line and field.
func ParseGPPD(r io.Reader) ([]Site, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("gppd: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"gppd_idnr", "name", "latitude", "longitude", "primary_fuel"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("gppd: header lacks column %q", need)
		}
	}
	var sites []Site
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("gppd: %w", err)
		}
		get := func(k string) string {
			if i := col[k]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		lat, err1 := strconv.ParseFloat(get("latitude"), 64)
		lon, err2 := strconv.ParseFloat(get("longitude"), 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("gppd: line %d: bad latitude/longitude %q/%q", line, get("latitude"), get("longitude"))
		}
		p, err := toPoint([]float64{lon, lat})
		if err != nil {
			return nil, fmt.Errorf("gppd: line %d: %v", line, err)
		}
		id := get("gppd_idnr")
		if id == "" {
			return nil, fmt.Errorf("gppd: line %d: empty gppd_idnr", line)
		}
		class := plantClass(get("primary_fuel"))
		sites = append(sites, Site{
			ID: "gppd:" + id, Name: get("name"), Class: class, Location: p,
			RadiusKm: RadiusFor(class), Source: "WRI GPPD",
		})
	}
	return sites, nil
}

// SitesFromOSM turns OpenStreetMap power features (power=plant with
// plant:source, power=substation with substation=transmission; points or
// footprints) into sites located at their footprint's centroid. With
// skipGPPDOverlap, features flagged gppd_overlap=true are left out, so that
// they are not counted twice beside ParseGPPD's rows.
func SitesFromOSM(fs []Feature, skipGPPDOverlap bool) ([]Site, error) {
	var sites []Site
	for _, f := range fs {
		pr := f.Properties
		if skipGPPDOverlap && pr["gppd_overlap"] == true {
			continue
		}
		str := func(k string) string {
			s, _ := pr[k].(string)
			return s
		}
		var class string
		switch str("power") {
		case "plant":
			class = plantClass(str("plant:source"))
		case "substation":
			class = "substation:" + strings.ToLower(str("substation"))
			if str("substation") == "" {
				class = "substation:transmission"
			}
		default:
			return nil, &FeatureError{Feature: f.Index, Reason: fmt.Sprintf("power=%q, want plant or substation", str("power"))}
		}
		id := fmt.Sprintf("osm:%s/%v", str("osm_type"), osmID(pr["osm_id"]))
		name := str("station_name_en")
		if name == "" {
			name = str("name")
		}
		loc, ok := representativePoint(f.Geometry)
		if !ok {
			return nil, &FeatureError{Feature: f.Index, Reason: "empty geometry"}
		}
		sites = append(sites, Site{ID: id, Name: name, Class: class, Location: loc, RadiusKm: RadiusFor(class), Source: "OpenStreetMap"})
	}
	return sites, nil
}

func osmID(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatInt(int64(x), 10)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func representativePoint(g orb.Geometry) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.Polygon, orb.MultiPolygon:
		c, a := planar.CentroidArea(g)
		if a != 0 && !math.IsNaN(c[0]) {
			return c, true
		}
	}
	b := g.Bound()
	if b.IsEmpty() && b.Min == (orb.Point{}) {
		return orb.Point{}, false
	}
	return b.Center(), true
}

// ParseSitesCSV reads a site registry in Truce's own CSV form, with header
// id,name,class,lon,lat,radius_km (radius_km may be empty: the class default).
func ParseSitesCSV(r io.Reader) ([]Site, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("sites: header: %w", err)
	}
	want := []string{"id", "name", "class", "lon", "lat", "radius_km"}
	for i, w := range want {
		if i >= len(head) || strings.TrimSpace(head[i]) != w {
			return nil, fmt.Errorf("sites: line 1: header must start %s", strings.Join(want, ","))
		}
	}
	var sites []Site
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("sites: %w", err)
		}
		line, _ := cr.FieldPos(0)
		lon, err1 := strconv.ParseFloat(rec[3], 64)
		lat, err2 := strconv.ParseFloat(rec[4], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("sites: line %d: bad lon/lat %q/%q", line, rec[3], rec[4])
		}
		p, err := toPoint([]float64{lon, lat})
		if err != nil {
			return nil, fmt.Errorf("sites: line %d: %v", line, err)
		}
		s := Site{ID: rec[0], Name: rec[1], Class: rec[2], Location: p}
		if s.ID == "" || s.Class == "" {
			return nil, fmt.Errorf("sites: line %d: empty id or class", line)
		}
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("sites: line %d: id %q already on line %d", line, s.ID, prev)
		}
		seen[s.ID] = line
		s.RadiusKm = RadiusFor(s.Class)
		if rec[5] != "" {
			r, err := strconv.ParseFloat(rec[5], 64)
			if err != nil || r <= 0 || r > 500 || math.IsNaN(r) {
				return nil, fmt.Errorf("sites: line %d: radius_km %q is not a number in (0, 500]", line, rec[5])
			}
			s.RadiusKm = r
		}
		sites = append(sites, s)
	}
	return sites, nil
}
