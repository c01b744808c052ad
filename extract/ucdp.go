package extract

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The UCDP Georeferenced Event Dataset (GED) test: each event's source
// headlines and source date make an article; its coordinates (where they are
// precise: where_prec <= 2), date and best death estimate are the gold.
// Cite: Sundberg & Melander (2013) JPR 50(4); Davies, Pettersson & Öberg
// (2022) JPR 59(4). Data: ../shared/data/events-ucdp-ged-ukraine/.

// UCDPResult is the outcome of the UCDP test.
type UCDPResult struct {
	Rows      int `json:"rows"`      // events read
	Precise   int `json:"precise"`   // events with where_prec <= 2 (the ones scored for place)
	Extracted int `json:"extracted"` // events for which an incident was extracted
	Located   int `json:"located"`   // precise events whose extracted place is within 25 km
	Dated     int `json:"dated"`     // events whose extracted date is within a day of date_start..date_end
	Counted   int `json:"counted"`   // events whose extracted killed equals best
	Geocoded  int `json:"geocoded"`  // precise events where some place named in the text is within 25 km
	Failed    int `json:"failed"`    // rows that could not be made into an article
	// ExtractedPrecise counts the precise events with an extracted incident.
	ExtractedPrecise int `json:"extracted_precise"`
}

// WriteText prints the shares.
func (r UCDPResult) WriteText(w io.Writer) error {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	_, err := fmt.Fprintf(w, "UCDP GED events: %d (where_prec<=2: %d), unusable rows: %d\n"+
		"incident extracted:          %5d / %5d  %5.1f%%\n"+
		"located within 25 km:        %5d / %5d  %5.1f%%  (of where_prec<=2 events)\n"+
		"any named place within 25 km: %4d / %5d  %5.1f%%  (geocoder alone, of where_prec<=2 events)\n"+
		"dated within a day:          %5d / %5d  %5.1f%%\n"+
		"right death count (best):    %5d / %5d  %5.1f%%\n"+
		"of the events with an extracted incident: located %.1f%% (of %d precise), dated %.1f%%, right death count %.1f%%\n",
		r.Rows, r.Precise, r.Failed,
		r.Extracted, r.Rows, pct(r.Extracted, r.Rows),
		r.Located, r.Precise, pct(r.Located, r.Precise),
		r.Geocoded, r.Precise, pct(r.Geocoded, r.Precise),
		r.Dated, r.Rows, pct(r.Dated, r.Rows),
		r.Counted, r.Rows, pct(r.Counted, r.Rows),
		pct(r.Located, r.ExtractedPrecise), r.ExtractedPrecise, pct(r.Dated, r.Extracted), pct(r.Counted, r.Extracted))
	return err
}

// EvalUCDP runs the UCDP test over a GED CSV (with a header row naming the
// standard GED columns). limit > 0 reads only that many events.
func EvalUCDP(ctx context.Context, x *Extractor, r io.Reader, limit int) (UCDPResult, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return UCDPResult{}, fmt.Errorf("UCDP CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"source_headline", "source_date", "latitude", "longitude", "where_prec", "date_start", "date_end", "best"} {
		if _, ok := col[need]; !ok {
			return UCDPResult{}, fmt.Errorf("UCDP CSV: no column %q", need)
		}
	}
	var res UCDPResult
	for line := 2; ; line++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, fmt.Errorf("UCDP CSV line %d: %w", line, err)
		}
		if limit > 0 && res.Rows >= limit {
			break
		}
		res.Rows++
		ev, ok := ucdpEvent(rec, col)
		if !ok {
			res.Failed++
			continue
		}
		a, err := ParseArticle(fmt.Sprintf("ucdp:%d", line), []byte(ev.text))
		if err != nil {
			res.Failed++
			continue
		}
		e := x.Extract(a)
		if ev.precise {
			res.Precise++
			for _, m := range x.gaz.Find(a.Text[a.BodyStart:]) {
				if m.Place.Kind == City && Haversine(m.Place.Lat, m.Place.Lon, ev.lat, ev.lon) <= 25 {
					res.Geocoded++
					break
				}
			}
		}
		if len(e.Incidents) == 0 {
			continue
		}
		res.Extracted++
		if ev.precise {
			res.ExtractedPrecise++
		}
		in := e.Incidents[0]
		if ev.precise && in.Lat != nil && Haversine(*in.Lat, *in.Lon, ev.lat, ev.lon) <= 25 {
			res.Located++
		}
		if in.Date != nil {
			if d, err := time.Parse("2006-01-02", *in.Date); err == nil && !d.Before(ev.start.AddDate(0, 0, -1)) && !d.After(ev.end.AddDate(0, 0, 1)) {
				res.Dated++
			}
		}
		if in.Killed != nil && *in.Killed == ev.best {
			res.Counted++
		}
	}
	return res, nil
}

type ucdpEv struct {
	text       string
	precise    bool
	lat, lon   float64
	start, end time.Time
	best       int
}

// ucdpEvent builds the article of one GED row: its headlines (";"-separated
// in GED) as sentences, dated by the first source date.
func ucdpEvent(rec []string, col map[string]int) (ucdpEv, bool) {
	var ev ucdpEv
	dates := strings.Split(rec[col["source_date"]], ";")
	date := strings.TrimSpace(dates[0])
	if len(date) < 10 {
		return ev, false
	}
	var heads []string
	for _, h := range strings.Split(rec[col["source_headline"]], ";") {
		if h = strings.TrimSpace(h); h != "" {
			if !strings.HasSuffix(h, ".") {
				h += "."
			}
			heads = append(heads, h)
		}
	}
	if len(heads) == 0 {
		return ev, false
	}
	ev.text = "date " + date[:10] + " " + strings.Join(heads, "\n")
	var err1, err2, err3, err4, err5 error
	ev.lat, err1 = strconv.ParseFloat(rec[col["latitude"]], 64)
	ev.lon, err2 = strconv.ParseFloat(rec[col["longitude"]], 64)
	ev.start, err3 = time.Parse("2006-01-02", rec[col["date_start"]])
	ev.end, err4 = time.Parse("2006-01-02", rec[col["date_end"]])
	ev.best, err5 = strconv.Atoi(rec[col["best"]])
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
		return ev, false
	}
	prec, err := strconv.Atoi(rec[col["where_prec"]])
	ev.precise = err == nil && prec <= 2
	return ev, true
}
