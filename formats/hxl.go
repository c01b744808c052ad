package formats

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
)

// hxlField is one column of the HXL format: its header, its HXL hashtag
// with attributes, and how a report's field is written and read.
type hxlField struct {
	header, tag string
	get         func(r *truce.Report) string
	set         func(r *truce.Report, v string) error
}

func countField(c func(r *truce.Report) *truce.Count, which string) (func(*truce.Report) string, func(*truce.Report, string) error) {
	ptr := func(n *truce.Count) **int {
		switch which {
		case "low":
			return &n.Low
		case "high":
			return &n.High
		}
		return &n.Best
	}
	return func(r *truce.Report) string {
			if p := *ptr(c(r)); p != nil {
				return strconv.Itoa(*p)
			}
			return ""
		}, func(r *truce.Report, v string) error {
			if v == "" {
				return nil
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return err
			}
			*ptr(c(r)) = intp(n)
			return nil
		}
}

func str(f func(r *truce.Report) *string) (func(*truce.Report) string, func(*truce.Report, string) error) {
	return func(r *truce.Report) string { return *f(r) }, func(r *truce.Report, v string) error { *f(r) = v; return nil }
}

// hxlFields are the columns, in order. The hashtags follow the HXL core
// schema (#event, #date, #geo, #loc, #affected, #org, #meta, #description).
var hxlFields = func() []hxlField {
	killed := func(r *truce.Report) *truce.Count { return &r.Killed }
	injured := func(r *truce.Report) *truce.Count { return &r.Injured }
	f := func(header, tag string, get func(*truce.Report) string, set func(*truce.Report, string) error) hxlField {
		return hxlField{header, tag, get, set}
	}
	timeGet := func(t func(r *truce.Report) time.Time) func(*truce.Report) string {
		return func(r *truce.Report) string {
			if v := t(r); !v.IsZero() {
				return v.UTC().Format(time.RFC3339)
			}
			return ""
		}
	}
	var fs []hxlField
	g, s := str(func(r *truce.Report) *string { return &r.ClientID })
	fs = append(fs, f("client_id", "#event +id", g, s))
	g, s = str(func(r *truce.Report) *string { return &r.Revises })
	fs = append(fs, f("revises", "#event +id +revises", g, s))
	fs = append(fs, f("observed_at", "#date +start", timeGet(func(r *truce.Report) time.Time { return r.ObservedAt }), func(r *truce.Report, v string) error {
		t, err := time.Parse(time.RFC3339, v)
		r.ObservedAt = t
		return err
	}))
	fs = append(fs, f("observed_until", "#date +end", func(r *truce.Report) string {
		if r.ObservedUntil == nil {
			return ""
		}
		return r.ObservedUntil.UTC().Format(time.RFC3339)
	}, func(r *truce.Report, v string) error {
		if v == "" {
			return nil
		}
		t, err := time.Parse(time.RFC3339, v)
		r.ObservedUntil = &t
		return err
	}))
	fs = append(fs, f("time_precision", "#date +precision", func(r *truce.Report) string { return string(r.TimePrecision) },
		func(r *truce.Report, v string) error { r.TimePrecision = truce.TimePrecision(v); return nil }))
	fs = append(fs, f("lat", "#geo +lat", func(r *truce.Report) string { return fmtFloat(r.Lat) }, func(r *truce.Report, v string) (err error) {
		r.Lat, err = strconv.ParseFloat(v, 64)
		return
	}))
	fs = append(fs, f("lon", "#geo +lon", func(r *truce.Report) string { return fmtFloat(r.Lon) }, func(r *truce.Report, v string) (err error) {
		r.Lon, err = strconv.ParseFloat(v, 64)
		return
	}))
	fs = append(fs, f("precision", "#geo +precision", func(r *truce.Report) string { return strconv.Itoa(r.Precision) }, func(r *truce.Report, v string) (err error) {
		r.Precision, err = strconv.Atoi(v)
		return
	}))
	g, s = str(func(r *truce.Report) *string { return &r.Place })
	fs = append(fs, f("place", "#loc +name", g, s))
	fs = append(fs, f("type", "#event +type", func(r *truce.Report) string { return string(r.Type) }, func(r *truce.Report, v string) error { r.Type = truce.EventType(v); return nil }))
	fs = append(fs, f("mode", "#event +mode", func(r *truce.Report) string { return string(r.Mode) }, func(r *truce.Report, v string) error { r.Mode = truce.Mode(v); return nil }))
	fs = append(fs, f("weapons", "#event +weapons +list", func(r *truce.Report) string { return strings.Join(r.Weapons, ";") }, func(r *truce.Report, v string) error { r.Weapons = splitList(v); return nil }))
	fs = append(fs, f("target", "#event +target", func(r *truce.Report) string { return string(r.Target) }, func(r *truce.Report, v string) error { r.Target = truce.TargetClass(v); return nil }))
	for _, w := range []string{"low", "best", "high"} {
		g, s := countField(killed, w)
		fs = append(fs, f("killed_"+w, "#affected +killed +"+w, g, s))
	}
	for _, w := range []string{"low", "best", "high"} {
		g, s := countField(injured, w)
		fs = append(fs, f("injured_"+w, "#affected +injured +"+w, g, s))
	}
	g, s = str(func(r *truce.Report) *string { return &r.Perpetrator })
	fs = append(fs, f("perpetrator", "#org +perpetrator +code", g, s))
	fs = append(fs, f("source_kind", "#meta +source +kind", func(r *truce.Report) string { return string(r.Source.Kind) }, func(r *truce.Report, v string) error { r.Source.Kind = truce.SourceKind(v); return nil }))
	g, s = str(func(r *truce.Report) *string { return &r.Source.Reliability })
	fs = append(fs, f("source_reliability", "#meta +source +reliability", g, s))
	g, s = str(func(r *truce.Report) *string { return &r.Source.Name })
	fs = append(fs, f("source_name", "#meta +source +name", g, s))
	g, s = str(func(r *truce.Report) *string { return &r.Source.Party })
	fs = append(fs, f("source_party", "#meta +source +party +code", g, s))
	g, s = str(func(r *truce.Report) *string { return &r.Description })
	fs = append(fs, f("description", "#description", g, s))
	fs = append(fs, f("provisions", "#meta +provisions +list", func(r *truce.Report) string { return strings.Join(r.Provisions, ";") }, func(r *truce.Report, v string) error { r.Provisions = splitList(v); return nil }))
	g, s = str(func(r *truce.Report) *string { return &r.Zone })
	fs = append(fs, f("zone", "#loc +zone +code", g, s))
	return fs
}()

// normTag normalises an HXL hashtag: lower case, attributes sorted, so
// "#affected+best+killed" and "#Affected +killed +best" are the same column.
func normTag(t string) string {
	parts := strings.Split(strings.ToLower(strings.ReplaceAll(t, " ", "")), "+")
	attrs := parts[1:]
	slices.Sort(attrs)
	return strings.Join(append([]string{parts[0]}, attrs...), "+")
}

// WriteHXL writes reports as CSV with a header row and an HXL hashtag row
// (Humanitarian Exchange Language), every public field of a report.
func WriteHXL(w io.Writer, reports []truce.Report) error {
	cw := csv.NewWriter(w)
	var headers, tags []string
	for _, f := range hxlFields {
		headers, tags = append(headers, f.header), append(tags, f.tag)
	}
	cw.Write(headers)
	cw.Write(tags)
	for i := range reports {
		var rec []string
		for _, f := range hxlFields {
			rec = append(rec, f.get(&reports[i]))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// ReadHXL reads HXL-tagged CSV: columns are found by their hashtags (in any
// order, attributes in any order; untagged and unknown columns are
// ignored), wherever the hashtag row is among the first 25 rows.
func ReadHXL(r io.Reader) ([]intake.Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	byTag := map[string]hxlField{}
	for _, f := range hxlFields {
		byTag[normTag(f.tag)] = f
	}
	var cols map[int]hxlField
	for i := 0; i < 25 && cols == nil; i++ {
		rec, err := cr.Read()
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "no HXL hashtag row in the first %d rows", i)
		}
		tagged := 0
		for _, c := range rec {
			if c = strings.TrimSpace(c); c != "" && !strings.HasPrefix(c, "#") {
				tagged = -1
				break
			} else if c != "" {
				tagged++
			}
		}
		if tagged > 0 {
			cols = map[int]hxlField{}
			for j, c := range rec {
				if f, ok := byTag[normTag(strings.TrimSpace(c))]; ok {
					cols[j] = f
				}
			}
		}
	}
	if cols == nil {
		return nil, truce.Errorf(truce.EINVALID, "no HXL hashtag row in the first 25 rows")
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
		var rep truce.Report
		var errs []error
		for j, v := range rec {
			f, ok := cols[j]
			if !ok {
				continue
			}
			if err := f.set(&rep, strings.TrimSpace(v)); err != nil {
				errs = append(errs, truce.FieldErrorf(f.header, "%q (%s): %v", v, f.tag, err))
			}
		}
		rows = append(rows, intake.Row{Line: line, Report: rep, Err: errors.Join(errs...)})
	}
	return rows, nil
}
