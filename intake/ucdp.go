package intake

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// UCDPSource names the UCDP GED as the source of imported reports.
const UCDPSource = "UCDP GED"

// ReadUCDP reads UCDP Georeferenced Event Dataset rows (the standard GED
// CSV columns) as reports: client id "ucdp-ged:ID", observed from date_start
// to date_end with date_prec's precision, the point with where_prec as the
// location precision, the place from where_coordinates, deaths low/best/high
// as killed, an open source named after the dataset and its version, and a
// description with the dyad, the place description and the sources' headlines.
//
// GED events are state-based, non-state or one-sided violence; the dataset
// names the two sides of a dyad, not who fired, so the perpetrator is left
// empty (the judge then asks for review) except for one-sided violence,
// whose side_a is the perpetrator when it is a state the scenario knows.
// A few GED rows publish low, best and high out of order (best above high);
// the best estimate is kept and the bounds widened to include it, and the
// description records the published figures.
func ReadUCDP(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "line 1: want the UCDP GED header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range []string{"id", "date_start", "date_end", "latitude", "longitude", "where_prec", "date_prec", "best", "low", "high"} {
		if _, ok := col[c]; !ok {
			return nil, truce.Errorf(truce.EINVALID, "line 1: missing UCDP GED column %q", c)
		}
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rows = append(rows, Row{Line: pe.StartLine, Err: truce.Errorf(truce.EINVALID, "%v", pe.Err)})
				continue
			}
			return rows, err
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := Row{Line: line}
		row.Err = ucdpReport(get, &row.Report)
		rows = append(rows, row)
	}
	return rows, nil
}

// ucdpDatePrec maps GED date_prec to a time precision: 1 the day, 2 two to
// six days, 3 a week, 4 a month, 5 more than a month.
var ucdpDatePrec = map[string]truce.TimePrecision{"1": truce.TimeDay, "2": truce.TimeWeek, "3": truce.TimeWeek, "4": truce.TimeMonth, "5": truce.TimeYear}

// ucdpStates are the GED actor names of states that may be perpetrators.
var ucdpStates = map[string]string{"Government of Russia (Soviet Union)": "RU", "Government of Ukraine": "UA"}

func ucdpReport(get func(string) string, r *truce.Report) error {
	var errs []error
	r.ClientID = "ucdp-ged:" + get("id")
	start, err := truce.ParseDate(get("date_start"))
	if err != nil {
		errs = append(errs, truce.FieldErrorf("date_start", "%v", err))
	}
	end, err := truce.ParseDate(get("date_end"))
	if err != nil {
		errs = append(errs, truce.FieldErrorf("date_end", "%v", err))
	}
	r.ObservedAt = start.Time()
	if end.After(start) {
		// The window ends at the last moment of date_end.
		u := end.Time().Add(24*time.Hour - time.Second)
		r.ObservedUntil = &u
	}
	tp, ok := ucdpDatePrec[get("date_prec")]
	if !ok {
		errs = append(errs, truce.FieldErrorf("date_prec", "%q is not a GED date precision 1..5", get("date_prec")))
	}
	r.TimePrecision = tp
	r.Lat, errs = parseFloat(get("latitude"), "latitude", errs)
	r.Lon, errs = parseFloat(get("longitude"), "longitude", errs)
	p, perr := strconv.Atoi(get("where_prec"))
	if perr != nil {
		errs = append(errs, truce.FieldErrorf("where_prec", "%q is not a GED location precision 1..7", get("where_prec")))
	}
	r.Precision = p
	r.Place = get("where_coordinates")
	r.Type = truce.EventAssault
	low, errs := ucdpInt(get("low"), "low", errs)
	best, errs := ucdpInt(get("best"), "best", errs)
	high, errs := ucdpInt(get("high"), "high", errs)
	published := ""
	if low > best || best > high {
		published = fmt.Sprintf(" GED publishes deaths low %d, best %d, high %d: the bounds are widened to include the best estimate.", low, best, high)
		low, high = min(low, best), max(high, best)
	}
	r.Killed = truce.Count{Low: &low, Best: &best, High: &high}
	civ, errs := ucdpInt(get("deaths_civilians"), "deaths_civilians", errs)
	a, errs := ucdpInt(get("deaths_a"), "deaths_a", errs)
	b, errs := ucdpInt(get("deaths_b"), "deaths_b", errs)
	switch {
	case get("type_of_violence") == "3", civ > 0 && a+b == 0:
		r.Target = truce.TargetCivilian
	default:
		r.Target = truce.TargetMilitary
	}
	if get("type_of_violence") == "3" {
		r.Perpetrator = ucdpStates[get("side_a")]
	}
	version := "v22.1"
	r.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: UCDPSource + " " + version}
	var d strings.Builder
	fmt.Fprintf(&d, "%s (UCDP GED event %s, %s).", get("dyad_name"), get("id"), get("relid"))
	if w := get("where_description"); w != "" {
		fmt.Fprintf(&d, " Where: %s", w)
		if a1 := get("adm_1"); a1 != "" {
			fmt.Fprintf(&d, " (%s)", a1)
		}
		d.WriteString(".")
	}
	fmt.Fprintf(&d, " Deaths: side A %d, side B %d, civilians %d, unknown %s.", a, b, civ, get("deaths_unknown"))
	d.WriteString(published)
	if h := get("source_headline"); h != "" {
		fmt.Fprintf(&d, " Sources (%s): %s: %s", get("number_of_sources"), get("source_office"), h)
	}
	r.Description = d.String()
	if len(r.Description) > truce.MaxDescriptionLen {
		r.Description = strings.ToValidUTF8(r.Description[:truce.MaxDescriptionLen], "")
	}
	return errors.Join(errs...)
}

func ucdpInt(s, field string, errs []error) (int, []error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, append(errs, truce.FieldErrorf(field, "%q is not a whole number", s))
	}
	return v, errs
}
