package web

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// feature is the part of a GeoJSON feature these tests read.
type feature struct {
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func (f feature) str(k string) string { s, _ := f.Properties[k].(string); return s }

// contains reports whether the feature's (multi)polygon holds pt.
func (f feature) contains(t *testing.T, pt orb.Point) bool {
	t.Helper()
	var polys [][][][2]float64
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
			t.Fatal(err)
		}
		polys = append(polys, p)
	case "MultiPolygon":
		if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("%s: a %s, want a polygon", f.str("shapeISO"), f.Geometry.Type)
	}
	mp := orb.MultiPolygon{}
	for _, p := range polys {
		var poly orb.Polygon
		for _, r := range p {
			ring := orb.Ring{}
			for _, c := range r {
				ring = append(ring, orb.Point(c))
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	return planar.MultiPolygonContains(mp, pt)
}

// TestOblastLabels checks the label points web/build.mjs computes: one per
// shipped oblast, each inside its own oblast (not merely near it: Kyiv
// oblast's centroid would fall in Kyiv city), with names that tell them apart.
func TestOblastLabels(t *testing.T) {
	read := func(p string) []feature {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var fc struct{ Features []feature }
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return fc.Features
	}
	oblasts := read("basemap/ukraine-adm1.geojson")
	labels := read("dist/basemap/oblast-labels.geojson")
	byISO := map[string]feature{}
	for _, f := range oblasts {
		byISO[f.str("shapeISO")] = f
	}
	if len(labels) != len(oblasts) {
		t.Fatalf("%d labels for %d oblasts", len(labels), len(oblasts))
	}
	names := map[string]string{}
	for _, f := range labels {
		iso, name := f.str("iso"), f.str("name")
		var pt [2]float64
		if f.Geometry.Type != "Point" || json.Unmarshal(f.Geometry.Coordinates, &pt) != nil {
			t.Errorf("label %s (%s) is a %s, want a point", iso, name, f.Geometry.Type)
			continue
		}
		ob, ok := byISO[iso]
		if !ok {
			t.Errorf("label %s (%s) names no shipped oblast", iso, name)
			continue
		}
		if !ob.contains(t, orb.Point(pt)) {
			t.Errorf("label %s (%s) at %v lies outside its oblast", iso, name, pt)
		}
		if other, dup := names[name]; dup {
			t.Errorf("labels %s and %s both read %q", other, iso, name)
		}
		names[name] = iso
		if z, _ := f.Properties["minzoom"].(float64); z < 1 || z > 10 {
			t.Errorf("label %s (%s) has minzoom %v", iso, name, f.Properties["minzoom"])
		}
	}
	// The city inside the oblast of the same name is not labelled at the
	// zoom that shows the whole country.
	if iso := names["Kyiv"]; iso != "UA-30" {
		t.Errorf("the label Kyiv is %q, want Kyiv city (UA-30)", iso)
	}
}
