package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

const square = `[[[30,48],[31,48],[31,49],[30,49],[30,48]]]`

func fc(geoms ...string) string {
	var fs []string
	for _, g := range geoms {
		fs = append(fs, `{"type":"Feature","properties":{"name":"x"},"geometry":`+g+`}`)
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`
}

func poly(coords string) string { return `{"type":"Polygon","coordinates":` + coords + `}` }

func TestParseGeoJSON(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		fs, err := ParseGeoJSON(strings.NewReader(fc(poly(square),
			`{"type":"MultiPolygon","coordinates":[`+square+`]}`,
			`{"type":"Point","coordinates":[30.5,48.5]}`, `null`)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(fs), 3; got != want {
			t.Fatalf("got %d features, want %d", got, want)
		}
		if got, want := fs[2].Geometry, orb.Geometry(orb.Point{30.5, 48.5}); !cmp.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if got := fs[0].Properties["name"]; got != "x" {
			t.Errorf("got name %v, want x", got)
		}
	})
	t.Run("BareGeometryAndFeature", func(t *testing.T) {
		for _, doc := range []string{poly(square), `{"type":"Feature","geometry":` + poly(square) + `}`} {
			mp, err := ParseArea(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(mp) != 1 {
				t.Errorf("got %d polygons, want 1", len(mp))
			}
		}
	})
	t.Run("HoleTouchingShell", func(t *testing.T) {
		// A hole may touch its shell at one vertex (valid in OGC terms).
		doc := poly(`[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[0,0],[2,1],[1,2],[0,0]]]`)
		if _, err := ParseArea(strings.NewReader(doc)); err != nil {
			t.Fatal(err)
		}
	})

	tests := []struct {
		name    string
		doc     string
		feature int
		reason  string
	}{
		{"ErrUnclosed", fc(poly(square), poly(`[[[30,48],[31,48],[31,49],[30,49]]]`)), 1, "ring 0 is not closed"},
		{"ErrShortRing", fc(poly(`[[[30,48],[31,48],[30,48]]]`)), 0, "has 3 points, want at least 4"},
		{"ErrLonRange", fc(poly(`[[[30,48],[181,48],[31,49],[30,48]]]`)), 0, "longitude 181 out of range"},
		{"ErrLatRange", fc(poly(square), poly(square), poly(`[[[30,48],[31,-91],[31,49],[30,48]]]`)), 2, "latitude -91 out of range"},
		{"ErrHugeNumber", fc(poly(`[[[30,48],[1e400,48],[31,49],[30,48]]]`)), 0, "cannot unmarshal number 1e400"},
		{"ErrNaN", fc(poly(`[[[30,48],[NaN,48],[31,49],[30,48]]]`)), -1, "invalid JSON"},
		{"ErrBowtie", fc(poly(`[[[0,0],[1,1],[1,0],[0,1],[0,0]]]`)), 0, "self-intersection near [0.5000000, 0.5000000]"},
		{"ErrSpike", fc(poly(`[[[0,0],[2,0],[1,0],[1,1],[0,0]]]`)), 0, "self-intersection"},
		{"ErrHoleCrossesShell", fc(poly(`[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[3,1],[5,1],[5,2],[3,2],[3,1]]]`)), 0, "self-intersection"},
		{"ErrOverlappingPolygons", fc(`{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}`), 0, "self-intersection"},
		{"ErrPosition", fc(poly(`[[[30],[31,48],[31,49],[30]]]`)), 0, "position with 1 numbers"},
		{"ErrUnknownType", fc(`{"type":"Circle","coordinates":[1,2]}`), 0, `unknown geometry type "Circle"`},
		{"ErrNotFeature", `{"type":"FeatureCollection","features":[{"type":"Thing"}]}`, 0, `type "Thing", want "Feature"`},
		{"ErrNoType", `{"features":[]}`, -1, `missing "type"`},
		{"ErrDepth", fc(`{"type":"Polygon","coordinates":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`), -1, "nesting depth"},
		{"ErrZeroArea", fc(poly(`[[[0,0],[1,0],[2,0],[0,0]]]`)), 0, "self-intersection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := ParseGeoJSON(strings.NewReader(tt.doc))
			if fs != nil {
				t.Errorf("got %d features with the error, want none", len(fs))
			}
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("got error %v, want a *FeatureError", err)
			}
			if fe.Feature != tt.feature {
				t.Errorf("got feature %d, want %d (%v)", fe.Feature, tt.feature, err)
			}
			if !strings.Contains(fe.Reason, tt.reason) {
				t.Errorf("got reason %q, want it to contain %q", fe.Reason, tt.reason)
			}
		})
	}
	t.Run("ErrTooManyVertices", func(t *testing.T) {
		if testing.Short() {
			t.Skip("builds a 30 MB document: skipped under -short")
		}
		// A ring of MaxVertices+1 points on a circle, in the second feature.
		var b strings.Builder
		b.WriteString(`[[`)
		n := MaxVertices
		for i := 0; i <= n; i++ {
			a := 2 * math.Pi * float64(i%n) / float64(n)
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "[%.9f,%.9f]", 30+math.Cos(a), 48+math.Sin(a))
		}
		b.WriteString(`]]`)
		_, err := ParseGeoJSON(strings.NewReader(fc(poly(square), poly(b.String()))))
		var fe *FeatureError
		if !errors.As(err, &fe) || fe.Feature != 1 || !strings.Contains(fe.Reason, "more than 1000000 vertices") {
			t.Fatalf("got %v, want feature 1: more than 1000000 vertices", err)
		}
	})
	t.Run("ErrNotPolygon", func(t *testing.T) {
		_, err := ParseArea(strings.NewReader(fc(poly(square), `{"type":"Point","coordinates":[1,2]}`)))
		var fe *FeatureError
		if !errors.As(err, &fe) || fe.Feature != 1 {
			t.Fatalf("got %v, want an error for feature 1", err)
		}
	})
}

func TestOrient(t *testing.T) {
	mp, err := ParseArea(strings.NewReader(poly(`[[[0,0],[0,4],[4,4],[4,0],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]`)))
	if err != nil {
		t.Fatal(err)
	}
	if a := ringSignedArea2(mp[0][0]); a <= 0 {
		t.Errorf("shell signed area %v, want > 0 (counter-clockwise)", a)
	}
	if a := ringSignedArea2(mp[0][1]); a >= 0 {
		t.Errorf("hole signed area %v, want < 0 (clockwise)", a)
	}
}

func TestGeometryJSONRoundTrip(t *testing.T) {
	mp, err := DemoArea()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseArea(strings.NewReader(string(GeometryJSON(mp))))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(mp, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// FuzzParseGeoJSON checks that no input makes the parser panic, and that
// whatever it accepts satisfies the promised invariants.
func FuzzParseGeoJSON(f *testing.F) {
	f.Add([]byte(fc(poly(square))))
	f.Add([]byte(poly(`[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]`)))
	f.Add([]byte(fc(poly(`[[[0,0],[1,1],[1,0],[0,1],[0,0]]]`))))
	f.Add([]byte(`{"type":"Point","coordinates":[30,50]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ParseGeoJSON(strings.NewReader(string(data)))
		if err != nil {
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FeatureError", err)
			}
			if fs != nil {
				t.Fatal("features returned with an error")
			}
			return
		}
		for _, f := range fs {
			var mp orb.MultiPolygon
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				mp = orb.MultiPolygon{g}
			case orb.MultiPolygon:
				mp = g
			}
			for _, p := range mp {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("accepted a bad ring %v", r)
					}
					for _, v := range r {
						if !(v[0] >= -180 && v[0] <= 180 && v[1] >= -90 && v[1] <= 90) {
							t.Fatalf("accepted vertex %v", v)
						}
					}
				}
			}
			if a := Area(Orient(mp)); math.IsNaN(a) || a < 0 {
				t.Fatalf("area %v", a)
			}
		}
	})
}
