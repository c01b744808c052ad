package api

import (
	"net/http"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/formats"
	"github.com/truce-monitor/truce/sqldb"
)

// exportReports writes the reports of the incidents that started between
// ?from= and ?to= (days, inclusive) in ?format= (geojson, acled, ucdp, hxl,
// plover), for the mission's staff: full places and times, never a
// source's identity.
func (s *Server) exportReports(w http.ResponseWriter, r *http.Request) error {
	f := formats.Format(r.URL.Query().Get("format"))
	if f == "" {
		f = formats.GeoJSON
	}
	if !slices.Contains(formats.Formats, f) {
		return truce.FieldErrorf("format", "%q: want one of %v", f, formats.Formats)
	}
	var filter sqldb.IncidentFilter
	from, err := queryDate(r, "from", truce.Date{})
	if err != nil {
		return err
	}
	to, err := queryDate(r, "to", truce.Date{})
	if err != nil {
		return err
	}
	loc := s.loc(r.Context()) // dates are the mission's local days
	if !from.IsZero() {
		filter.From = from.StartIn(loc)
	}
	if !to.IsZero() {
		filter.To = to.AddDays(1).StartIn(loc)
	}
	ins, err := s.DB.Incidents(r.Context(), filter)
	if err != nil {
		return err
	}
	var reports []truce.Report
	for i := len(ins) - 1; i >= 0; i-- { // oldest first
		rs, err := s.DB.ReportsOf(r.Context(), ins[i].ID)
		if err != nil {
			return err
		}
		for _, rep := range rs {
			reports = append(reports, staffReport(&rep))
		}
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="truce-reports.`+extension(f)+`"`)
	switch f {
	case formats.ACLED:
		return formats.WriteACLED(w, reports)
	case formats.UCDP:
		return formats.WriteUCDP(w, reports)
	case formats.HXL:
		return formats.WriteHXL(w, reports)
	case formats.PLOVER:
		return formats.WritePLOVER(w, reports)
	}
	return formats.WriteGeoJSON(w, reports)
}

func extension(f formats.Format) string {
	switch f {
	case formats.GeoJSON:
		return "geojson"
	case formats.PLOVER:
		return "ndjson"
	}
	return string(f) + ".csv"
}
