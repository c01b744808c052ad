package formats

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
)

// ACLEDColumns are the columns of ACLED's export that Truce writes, in
// ACLED's order.
var ACLEDColumns = []string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
	"sub_event_type", "actor1", "inter1", "actor2", "interaction", "civilian_targeting", "location", "latitude",
	"longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags"}

// acledTypes maps a report's type and mode to ACLED's event and sub-event
// types. Several modes share one ACLED category; the tags column keeps
// Truce's own terms ("truce:mode=missile") so a round trip loses nothing
// ACLED can carry.
func acledTypes(t truce.EventType, m truce.Mode) (event, sub string) {
	switch {
	case t == truce.EventHeavyWeapons:
		return "Strategic developments", "Other"
	case m == truce.ModeShelling || m == truce.ModeMissile:
		return "Explosions/Remote violence", "Shelling/artillery/missile attack"
	case m == truce.ModeDrone || m == truce.ModeAirstrike:
		return "Explosions/Remote violence", "Air/drone strike"
	}
	return "Battles", "Armed clash"
}

// fromACLEDTypes is the inverse for rows without Truce tags.
func fromACLEDTypes(event, sub string) (truce.EventType, truce.Mode) {
	switch {
	case event == "Strategic developments":
		return truce.EventHeavyWeapons, ""
	case sub == "Shelling/artillery/missile attack":
		return truce.EventAssault, truce.ModeShelling
	case sub == "Air/drone strike":
		return truce.EventAssault, truce.ModeAirstrike
	case event == "Battles" && strings.Contains(sub, "territory"):
		return truce.EventAdvance, truce.ModeGroundAssault
	}
	return truce.EventAssault, truce.ModeGroundAssault
}

// acledTimePrecision: ACLED's 1 is the day, 2 the week, 3 the month.
func acledTimePrecision(p truce.TimePrecision) string {
	switch p {
	case truce.TimeWeek:
		return "2"
	case truce.TimeMonth, truce.TimeYear:
		return "3"
	}
	return "1"
}

// WriteACLED writes reports as CSV with ACLED's columns: the day, ACLED's
// event types, the alleged perpetrator as actor1 (ACLED's force names for
// RU and UA), geo_precision 1 to 3, killed (best) as fatalities, and
// Truce's type, mode, target, injuries, source kind and the report it
// revises in tags.
func WriteACLED(w io.Writer, reports []truce.Report) error {
	cw := csv.NewWriter(w)
	cw.Write(ACLEDColumns)
	for _, r := range reports {
		ev, sub := acledTypes(r.Type, r.Mode)
		actor := r.Perpetrator
		if f, ok := forces[actor]; ok {
			actor = f.acled
		}
		inter := ""
		if actor != "" {
			inter = "1"
		}
		civ := ""
		if r.Target == truce.TargetCivilian {
			civ = "Civilian targeting"
		}
		tags := []string{"truce:type=" + string(r.Type)}
		if r.Mode != "" {
			tags = append(tags, "truce:mode="+string(r.Mode))
		}
		if r.Target != "" {
			tags = append(tags, "truce:target="+string(r.Target))
		}
		if r.Injured.Best != nil {
			tags = append(tags, "truce:injured="+strconv.Itoa(*r.Injured.Best))
		}
		tags = append(tags, "truce:source_kind="+string(r.Source.Kind))
		if r.Revises != "" {
			// Client ids are event ids without "acled:" (ReadACLED adds it).
			tags = append(tags, "truce:revises="+strings.TrimPrefix(r.Revises, "acled:"))
		}
		day := r.ObservedAt.UTC().Format(time.DateOnly)
		cw.Write([]string{strings.TrimPrefix(r.ClientID, "acled:"), day, day[:4], acledTimePrecision(r.TimePrecision), "Political violence",
			ev, sub, actor, inter, "", "", civ, r.Place, fmtFloat(r.Lat), fmtFloat(r.Lon), strconv.Itoa(min(max(r.Precision, 1), 3)),
			r.Source.Name, "", r.Description, strconv.Itoa(countOr0(r.Killed.Best)), strings.Join(tags, "; ")})
	}
	cw.Flush()
	return cw.Error()
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ReadACLED reads CSV with ACLED's columns (an ACLED export, or what
// WriteACLED wrote) as reports with client ids "acled:EVENT_ID". Rows from
// ACLED itself are open-source reports; ACLED's geo_precision 1 to 3 is the
// report's precision.
func ReadACLED(r io.Reader) ([]intake.Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "line 1: want ACLED's header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, c := range []string{"event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "event_type", "sub_event_type", "fatalities"} {
		if _, ok := col[c]; !ok {
			return nil, truce.Errorf(truce.EINVALID, "line 1: missing ACLED column %q", c)
		}
	}
	var rows []intake.Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rows = append(rows, intake.Row{Line: pe.StartLine, Err: truce.Errorf(truce.EINVALID, "%v", pe.Err)})
				continue
			}
			return rows, err
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var rep truce.Report
		rowErr := acledReport(get, &rep)
		rows = append(rows, intake.Row{Line: line, Report: rep, Err: rowErr})
	}
	return rows, nil
}

func acledReport(get func(string) string, r *truce.Report) error {
	var errs []error
	r.ClientID = "acled:" + get("event_id_cnty")
	day, err := parseACLEDDate(get("event_date"))
	if err != nil {
		errs = append(errs, truce.FieldErrorf("event_date", "%q: %v", get("event_date"), err))
	}
	r.ObservedAt = day
	switch get("time_precision") {
	case "", "1":
		r.TimePrecision = truce.TimeDay
	case "2":
		r.TimePrecision = truce.TimeWeek
	case "3":
		r.TimePrecision = truce.TimeMonth
	default:
		errs = append(errs, truce.FieldErrorf("time_precision", "%q is not ACLED's 1, 2 or 3", get("time_precision")))
	}
	var ferr error
	if r.Lat, ferr = strconv.ParseFloat(get("latitude"), 64); ferr != nil {
		errs = append(errs, truce.FieldErrorf("latitude", "%q is not a number", get("latitude")))
	}
	if r.Lon, ferr = strconv.ParseFloat(get("longitude"), 64); ferr != nil {
		errs = append(errs, truce.FieldErrorf("longitude", "%q is not a number", get("longitude")))
	}
	p, perr := strconv.Atoi(get("geo_precision"))
	if perr != nil || p < 1 || p > 3 {
		errs = append(errs, truce.FieldErrorf("geo_precision", "%q is not ACLED's 1, 2 or 3", get("geo_precision")))
	}
	r.Precision = p
	r.Place = get("location")
	r.Type, r.Mode = fromACLEDTypes(get("event_type"), get("sub_event_type"))
	if get("civilian_targeting") != "" {
		r.Target = truce.TargetCivilian
	} else {
		r.Target = truce.TargetMilitary
	}
	r.Perpetrator = partyOf(get("actor1"), false)
	f, ferr2 := strconv.Atoi(get("fatalities"))
	if ferr2 != nil || f < 0 {
		errs = append(errs, truce.FieldErrorf("fatalities", "%q is not a whole number", get("fatalities")))
	}
	r.Killed = truce.Count{Best: intp(f)}
	r.Source = truce.ReportSource{Kind: truce.SourceOpenSource, Name: get("source")}
	r.Description = get("notes")
	for _, tag := range strings.Split(get("tags"), ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(tag), "=")
		if !ok {
			continue
		}
		switch k {
		case "truce:type":
			r.Type = truce.EventType(v)
		case "truce:mode":
			r.Mode = truce.Mode(v)
		case "truce:target":
			r.Target = truce.TargetClass(v)
		case "truce:injured":
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, truce.FieldErrorf("tags", "%q: injured is not a whole number", tag))
			}
			r.Injured = truce.Count{Best: intp(n)}
		case "truce:source_kind":
			r.Source.Kind = truce.SourceKind(v)
		case "truce:revises":
			r.Revises = "acled:" + v
		}
	}
	if r.Source.Name == "" && r.Source.Kind == truce.SourceOpenSource {
		r.Source.Name = "ACLED"
	}
	return errors.Join(errs...)
}

// parseACLEDDate reads ACLED's dates: 2025-04-13 (the API) or 13 April 2025 (exports).
func parseACLEDDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "2 January 2006", "02 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want YYYY-MM-DD or D Month YYYY")
}
