//go:build ignore

// gen_demoline draws the demo's coarse occupied area for 2025-04-19 and writes
// geo/data/demo-line-2025-04-19.geojson. Run it from the repository root:
//
//	go run geo/data/gen_demoline.go
//
// The front is drawn by hand as waypoints placed relative to towns whose
// control on 2025-04-19 is public fact (held towns have the line on their
// occupied side, occupied towns on their held side), with town coordinates
// from the GeoNames gazetteer in ../shared/data/gazetteer-geonames-ua. The
// polygon east of the waypoints is closed far out in Russia and the sea and
// then clipped to Ukraine's outline (the shipped geoBoundaries oblasts), so
// borders and coasts are geoBoundaries'. Nothing here comes from DeepState.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce/geo"
)

// wp is a waypoint: east and north km from a gazetteer town.
type wp struct {
	town        string
	east, north float64
}

// The front from the Russian border north of Kupiansk to the Black Sea.
var front = []wp{
	{"Kupiansk", 12, 45},      // Russian border
	{"Kupiansk", 4, 16},       // Dvorichna bridgehead on the Oskil's west bank
	{"Kupiansk", 9, 2},        // east bank of the Oskil, east of the held city
	{"Borova/07", 14, 4},      // east of held Borova
	{"Lyman", 13, 5},          // Torske, east of held Lyman
	{"Sivers'k", 10, 8},       // Bilohorivka
	{"Sivers'k", 7, 0},        // east of held Siversk
	{"Chasiv Yar", -2, 8},     // north of Chasiv Yar
	{"Chasiv Yar", -4, 0},     // west edge of largely occupied Chasiv Yar
	{"Kostiantynivka", 7, 2},  // east of held Kostiantynivka
	{"Toretsk", -6, 2},        // west of occupied Toretsk
	{"Myrnohrad", 8, -3},      // east of held Myrnohrad
	{"Pokrovsk", 0, -7},       // south of held Pokrovsk
	{"Pokrovsk", -9, -10},     // south-west of Pokrovsk
	{"Selydove", -13, -2},     // west of occupied Selydove
	{"Kurakhove", -15, 3},     // west of occupied Kurakhove
	{"Volnovakha", -50, 32},   // north of occupied Velyka Novosilka
	{"Hulyaypole", 13, -8},    // south-east of held Huliaipole
	{"Hulyaypole", 0, -12},    // south of Huliaipole
	{"Orikhiv", 0, -10},       // south of held Orikhiv (Robotyne)
	{"Vasylivka", -8, 7},      // Kamianske
	{"Vasylivka", -14, 13},    // the Kakhovka reservoir north of Vodiane
	{"Enerhodar", 0, 7},       // reservoir between Enerhodar and Nikopol
	{"Nova Kakhovka", 38, 38}, // middle of the drained reservoir
	{"Nova Kakhovka", 3, 5},   // Dnipro between Nova Kakhovka and Beryslav
	{"Oleshky", -8, 1},        // Dnipro between Oleshky and Kherson
	{"Kherson", -9, -5},       // Dnipro channel west of Kherson
	{"Hola Prystan'", -20, 5}, // the Dnipro-Bug estuary
	{"Ochakiv", 2, -5},        // strait between Ochakiv and the Kinburn spit
	{"Ochakiv", -15, -10},     // open sea
}

// The Russian-held sliver of Vovchansk, north of the Vovcha river.
var vovchansk = []wp{
	{"Vovchansk", -9, 12}, {"Vovchansk", 9, 12}, {"Vovchansk", 7, 1}, {"Vovchansk", -6, 1},
}

// Far points closing the polygon through the sea and Russia.
var closing = []orb.Point{
	{31.0, 45.8}, {31.0, 44.0}, {33.0, 43.0}, {37.5, 44.0}, {41.0, 46.5}, {41.5, 49.0}, {41.0, 50.8}, {38.0, 50.8},
}

func main() {
	towns, err := loadTowns("../shared/data/gazetteer-geonames-ua/UA_cities15000_geonames_2025-11.tsv",
		"../shared/data/gazetteer-geonames-ua/UA_cities5000_geonames_2018-01.tsv")
	check(err)
	place := func(w wp) orb.Point {
		t, ok := towns[w.town]
		if !ok {
			check(fmt.Errorf("town %q not in the gazetteer", w.town))
		}
		lat := t[1] + w.north/110.57
		lon := t[0] + w.east/(111.32*math.Cos(t[1]*math.Pi/180))
		return orb.Point{round(lon), round(lat)}
	}
	var ring orb.Ring
	for _, w := range front {
		ring = append(ring, place(w))
	}
	ring = append(ring, closing...)
	ring = append(ring, ring[0])
	var vring orb.Ring
	for _, w := range vovchansk {
		vring = append(vring, place(w))
	}
	vring = append(vring, vring[0])
	big := geo.Orient(orb.MultiPolygon{{ring}, {vring}})

	oblasts, err := geo.DefaultOblasts()
	check(err)
	var occ orb.MultiPolygon
	for _, o := range oblasts {
		part := geo.Clip(big, o.Area, geo.Intersection)
		if len(part) == 0 {
			continue
		}
		if occ == nil {
			occ = part
		} else {
			occ = geo.Clip(occ, part, geo.Union)
		}
	}
	// geoBoundaries' outlines reach into coastal waters: take the seas out.
	seas, err := geo.DefaultSeas()
	check(err)
	for _, s := range seas {
		occ = geo.Clip(occ, s.Area, geo.Difference)
	}
	// Drop slivers left where neighbouring oblasts' outlines do not quite meet.
	var clean orb.MultiPolygon
	for _, p := range occ {
		if geo.PolygonArea(orb.Polygon{p[0]}) < 1e6 {
			continue
		}
		q := orb.Polygon{p[0]}
		for _, h := range p[1:] {
			if geo.RingArea(h) >= 1e6 {
				q = append(q, h)
			}
		}
		clean = append(clean, q)
	}
	b := geo.FeatureCollectionJSON(clean, map[string]any{
		"approximate": true,
		"source":      "Truce project, coarse demo line",
		"date":        "2025-04-19",
		"note":        "drawn by hand through settlements whose control on 2025-04-19 is public fact (GeoNames coordinates); borders and coasts from geoBoundaries; not authoritative",
	})
	check(os.WriteFile("geo/data/demo-line-2025-04-19.geojson", append(b, '\n'), 0o644))
	fmt.Printf("area %.0f km², %d polygons\n", geo.Area(clean), len(clean))
}

func round(v float64) float64 { return math.Round(v*1e5) / 1e5 }

func loadTowns(files ...string) (map[string]orb.Point, error) {
	m := map[string]orb.Point{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			c := strings.Split(sc.Text(), "\t")
			if len(c) < 6 {
				continue
			}
			lat, err1 := strconv.ParseFloat(c[4], 64)
			lon, err2 := strconv.ParseFloat(c[5], 64)
			if err1 != nil || err2 != nil {
				continue
			}
			// Keyed by name and by name/admin1 code (e.g. "Borova/07", the
			// Kharkiv one); the first file wins, for 2025 names.
			for _, k := range []string{c[2], c[2] + "/" + c[10]} {
				if _, seen := m[k]; !seen {
					m[k] = orb.Point{lon, lat}
				}
			}
		}
		f.Close()
	}
	return m, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen_demoline:", err)
		os.Exit(1)
	}
}
