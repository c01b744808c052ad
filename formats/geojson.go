package formats

import (
	"encoding/json"
	"io"

	"github.com/truce-monitor/truce"
)

// WriteGeoJSON writes reports as an RFC 7946 FeatureCollection: one Point
// feature per report, [lon, lat] in WGS 84, the report's fields (without
// lat, lon and the source's identity) as properties, the client id as the
// feature id. intake.ReadGeoJSON reads it back.
func WriteGeoJSON(w io.Writer, reports []truce.Report) error {
	type feature struct {
		Type       string          `json:"type"`
		ID         string          `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties map[string]any  `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, r := range reports {
		r.Source.Identity = ""
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		var props map[string]any
		if err := json.Unmarshal(b, &props); err != nil {
			return err
		}
		for _, k := range []string{"lat", "lon", "id", "incident", "received_at"} {
			delete(props, k)
		}
		geom, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{r.Lon, r.Lat}})
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: r.ClientID, Geometry: geom, Properties: props})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(fc)
}
