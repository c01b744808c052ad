package formats

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// UCDPColumns are the UCDP GED columns Truce writes (a subset of GED's, in
// GED's order), enough for intake.ReadUCDP and for tools that read GED.
var UCDPColumns = []string{"id", "relid", "year", "type_of_violence", "side_a", "side_b", "dyad_name", "source_headline",
	"where_prec", "where_coordinates", "where_description", "adm_1", "latitude", "longitude", "date_prec",
	"date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"}

// ucdpDatePrec is GED's date_prec for a time precision: 1 the day, 3 a
// week, 4 a month, 5 longer.
func ucdpDatePrec(p truce.TimePrecision) string {
	switch p {
	case truce.TimeWeek:
		return "3"
	case truce.TimeMonth:
		return "4"
	case truce.TimeYear:
		return "5"
	}
	return "1"
}

// WriteUCDP writes reports as CSV with UCDP GED's columns: the time window
// by day with date_prec, the point with where_prec (Truce's precision is
// GED's scale), killed low/best/high as deaths (all of them unknown-side,
// or civilian for a strike on civilians, which GED counts as one-sided
// violence by the alleged perpetrator). The id is the report's client id
// without a "ucdp-ged:" prefix.
func WriteUCDP(w io.Writer, reports []truce.Report) error {
	cw := csv.NewWriter(w)
	cw.Write(UCDPColumns)
	for _, r := range reports {
		best := countOr0(r.Killed.Best)
		low, high := best, best
		if r.Killed.Low != nil {
			low = *r.Killed.Low
		}
		if r.Killed.High != nil {
			high = *r.Killed.High
		}
		violence, sideA, sideB := "1", forces["RU"].ucdp, forces["UA"].ucdp
		civilians, unknown := 0, best
		if r.Target == truce.TargetCivilian {
			violence, sideB, civilians, unknown = "3", "Civilians", best, 0
			sideA = r.Perpetrator
			if f, ok := forces[r.Perpetrator]; ok {
				sideA = f.ucdp
			}
		}
		start := r.ObservedAt.UTC()
		end := start
		if r.ObservedUntil != nil {
			end = r.ObservedUntil.UTC()
		}
		id := strings.TrimPrefix(r.ClientID, "ucdp-ged:")
		cw.Write([]string{id, id, start.Format("2006"), violence, sideA, sideB, sideA + " - " + sideB, r.Description,
			strconv.Itoa(r.Precision), r.Place, r.Place, "", fmtFloat(r.Lat), fmtFloat(r.Lon), ucdpDatePrec(r.TimePrecision),
			start.Format(time.DateOnly), end.Format(time.DateOnly), "0", "0", strconv.Itoa(civilians), strconv.Itoa(unknown),
			strconv.Itoa(best), strconv.Itoa(high), strconv.Itoa(low)})
	}
	cw.Flush()
	return cw.Error()
}
