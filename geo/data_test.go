package geo

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

func TestDefaultData(t *testing.T) {
	obl, err := DefaultOblasts()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(obl), 27; got != want {
		t.Errorf("got %d oblasts, want %d", got, want)
	}
	seas, err := DefaultSeas()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range seas {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff([]string{"Black Sea", "Sea of Azov"}, names); diff != "" {
		t.Errorf("seas (-want +got):\n%s", diff)
	}
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]int{}
	ids := map[string]bool{}
	for _, s := range sites {
		classes[s.Class]++
		if ids[s.ID] {
			t.Errorf("duplicate site id %s", s.ID)
		}
		ids[s.ID] = true
		if s.RadiusKm <= 0 {
			t.Errorf("site %s has radius %v", s.ID, s.RadiusKm)
		}
	}
	// 64 GPPD plants (4 nuclear) plus the OSM features GPPD does not hold.
	if len(sites) < 900 || classes["nuclear_plant"] < 4 || classes["substation:transmission"] < 300 {
		t.Errorf("got %d sites, classes %v", len(sites), classes)
	}
}

func TestDemoArea(t *testing.T) {
	fs, err := ParseGeoJSON(bytes.NewReader(DemoAreaGeoJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Properties["approximate"] != true || fs[0].Properties["source"] != "Truce project, coarse demo line" {
		t.Fatalf("demo area properties %v", fs[0].Properties)
	}
	mp, err := DemoArea()
	if err != nil {
		t.Fatal(err)
	}
	c := NewClassifier(Ground{Occupied: mp})
	// Towns whose control on 2025-04-19 is public fact (GeoNames coordinates).
	for _, tt := range []struct {
		town     string
		lon, lat float64
		occupied bool
	}{
		{"Donetsk", 37.80224, 48.023, true}, {"Mariupol", 37.54131, 47.09514, true},
		{"Melitopol", 35.38196, 46.84735, true}, {"Simferopol", 34.11079, 44.95719, true},
		{"Luhansk", 39.30553, 48.56814, true}, {"Toretsk", 37.8478, 48.39477, true},
		{"Nova Kakhovka", 33.35591, 46.75966, true}, {"Enerhodar", 34.66199, 47.49048, true},
		{"Kupiansk", 37.61581, 49.71003, false}, {"Pokrovsk", 37.17772, 48.2824, false},
		{"Kramatorsk", 37.58793, 48.73049, false}, {"Zaporizhzhia", 35.19031, 47.82289, false},
		{"Kherson", 32.61458, 46.63695, false}, {"Kharkiv", 36.25272, 49.98081, false},
		{"Kostiantynivka", 37.70594, 48.52728, false}, {"Orikhiv", 35.78575, 47.56731, false},
	} {
		if got := c.Classify(tt.lon, tt.lat).Inside; got != tt.occupied {
			t.Errorf("%s: occupied %v, want %v", tt.town, got, tt.occupied)
		}
	}
}

func TestParseSites(t *testing.T) {
	t.Run("GPPD", func(t *testing.T) {
		in := "gppd_idnr,name,latitude,longitude,primary_fuel\nWRI1,Plant A,47.5,34.6,Nuclear\nWRI2,Plant B,48,30,Solar\n"
		got, err := ParseGPPD(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		want := []Site{
			{ID: "gppd:WRI1", Name: "Plant A", Class: "nuclear_plant", Location: orb.Point{34.6, 47.5}, RadiusKm: 30, Source: "WRI GPPD"},
			{ID: "gppd:WRI2", Name: "Plant B", Class: "power_plant:solar", Location: orb.Point{30, 48}, RadiusKm: 2, Source: "WRI GPPD"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		in := "id,name,class,lon,lat,radius_km\nh1,Hospital,hospital,30.5,50.4,\np1,Port,port,30.7,46.5,4.5\n"
		got, err := ParseSitesCSV(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].RadiusKm != 1 || got[1].RadiusKm != 4.5 {
			t.Errorf("got %+v", got)
		}
	})
	for _, tt := range []struct{ name, in, want string }{
		{"ErrGPPDHeader", "name,lat\n", `lacks column "gppd_idnr"`},
		{"ErrGPPDCoord", "gppd_idnr,name,latitude,longitude,primary_fuel\nW,A,x,30,Coal\n", "line 2: bad latitude/longitude"},
		{"ErrCSVHeader", "id,name\n", "header must start"},
		{"ErrCSVRange", "id,name,class,lon,lat,radius_km\na,b,port,200,40,\n", "line 2: longitude 200 out of range"},
		{"ErrCSVRadius", "id,name,class,lon,lat,radius_km\na,b,port,20,40,-1\n", `line 2: radius_km "-1"`},
		{"ErrCSVDuplicate", "id,name,class,lon,lat,radius_km\na,b,port,20,40,\na,c,port,21,40,\n", `line 3: id "a" already on line 2`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if strings.HasPrefix(tt.name, "ErrGPPD") {
				_, err = ParseGPPD(strings.NewReader(tt.in))
			} else {
				_, err = ParseSitesCSV(strings.NewReader(tt.in))
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
