package geo

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
)

// The data shipped with Truce; see data/ATTRIBUTION.md for sources and licences.
//
//go:embed data/oblasts.geojson data/seas.geojson data/gppd-ukraine.csv data/osm-power.geojson data/demo-line-2025-04-19.geojson
var shipped embed.FS

// DemoLineDate is the date of the demo's approximate occupied area.
const DemoLineDate = "2025-04-19"

var (
	oblastsOnce sync.Once
	oblasts     []Region
	oblastsErr  error

	seasOnce sync.Once
	seas     []Region
	seasErr  error

	sitesOnce sync.Once
	sites     []Site
	sitesErr  error
)

// DefaultOblasts returns Ukraine's 27 first-level divisions (24 oblasts, Kyiv
// city, AR Crimea, Sevastopol) from geoBoundaries ADM1 (simplified), Kind
// "oblast", Code the ISO 3166-2 code. The slice is shared: do not modify it.
func DefaultOblasts() ([]Region, error) {
	oblastsOnce.Do(func() { oblasts, oblastsErr = loadRegions("data/oblasts.geojson", "oblast", "shapeName", "shapeISO") })
	return oblasts, oblastsErr
}

// DefaultSeas returns the Black Sea and the Sea of Azov (Natural Earth
// outlines, not legal maritime zones), Kind "sea". The slice is shared.
func DefaultSeas() ([]Region, error) {
	seasOnce.Do(func() { seas, seasErr = loadRegions("data/seas.geojson", "sea", "name", "") })
	return seas, seasErr
}

// DefaultSites returns the shipped registry of protected energy sites: the
// WRI GPPD plants and the OpenStreetMap plants and transmission substations
// that GPPD does not already hold. The slice is shared.
func DefaultSites() ([]Site, error) {
	sitesOnce.Do(func() {
		b, err := shipped.ReadFile("data/gppd-ukraine.csv")
		if err != nil {
			sitesErr = err
			return
		}
		g, err := ParseGPPD(bytes.NewReader(b))
		if err != nil {
			sitesErr = err
			return
		}
		b, err = shipped.ReadFile("data/osm-power.geojson")
		if err != nil {
			sitesErr = err
			return
		}
		fs, err := ParseGeoJSON(bytes.NewReader(b))
		if err != nil {
			sitesErr = fmt.Errorf("osm-power.geojson: %w", err)
			return
		}
		o, err := SitesFromOSM(fs, true)
		if err != nil {
			sitesErr = fmt.Errorf("osm-power.geojson: %w", err)
			return
		}
		sites = append(g, o...)
	})
	return sites, sitesErr
}

// DemoArea returns the demo's occupied area for DemoLineDate: coarse and
// approximate, of the Truce project's own making (see data/ATTRIBUTION.md),
// not an authoritative line of contact.
func DemoArea() (orb.MultiPolygon, error) {
	b, err := shipped.ReadFile("data/demo-line-2025-04-19.geojson")
	if err != nil {
		return nil, err
	}
	return ParseArea(bytes.NewReader(b))
}

// DemoAreaGeoJSON returns the demo area's GeoJSON text as shipped.
func DemoAreaGeoJSON() []byte {
	b, _ := shipped.ReadFile("data/demo-line-2025-04-19.geojson")
	return b
}

func loadRegions(name, kind, nameProp, codeProp string) ([]Region, error) {
	b, err := shipped.ReadFile(name)
	if err != nil {
		return nil, err
	}
	fs, err := ParseGeoJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return RegionsOf(fs, kind, nameProp, codeProp)
}

// RegionsOf turns polygonal features into regions of the given kind, named by
// the string property nameProp and coded by codeProp (if not empty).
func RegionsOf(fs []Feature, kind, nameProp, codeProp string) ([]Region, error) {
	var rs []Region
	for _, f := range fs {
		mp, err := AreaOf([]Feature{f})
		if err != nil {
			return nil, err
		}
		n, _ := f.Properties[nameProp].(string)
		if n == "" {
			return nil, &FeatureError{Feature: f.Index, Reason: fmt.Sprintf("no %q property", nameProp)}
		}
		r := Region{Name: n, Kind: kind, Area: mp}
		if codeProp != "" {
			r.Code, _ = f.Properties[codeProp].(string)
		}
		rs = append(rs, r)
	}
	return rs, nil
}
