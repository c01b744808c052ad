package daily

import (
	"fmt"
	"html"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
)

// The colours of verdicts on the map and in the charts.
const (
	colViolation = "#c62828"
	colReview    = "#ef6c00"
	colOther     = "#546e7a"
)

func pathOf(b *strings.Builder, ls []orb.Point, closed bool) {
	for i, p := range ls {
		x, y := project(p[0], p[1])
		if i == 0 {
			fmt.Fprintf(b, "M%.1f %.1f", x, y)
		} else {
			fmt.Fprintf(b, "L%.1f %.1f", x, y)
		}
	}
	if closed {
		b.WriteString("Z")
	}
}

// mapSVG draws the day's incidents over the outlines and the line of contact.
func mapSVG(in Input, today []truce.Incident) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="Map of the incidents of %s">`,
		mapW, mapH, mapW, mapH, in.Date)
	fmt.Fprintf(&b, `<rect width="%.0f" height="%.0f" fill="#e3eef7"/>`, mapW, mapH)
	dp := simplify.DouglasPeucker(0.02)
	if len(in.Outlines) > 0 {
		b.WriteString(`<path fill="#fbfaf5" stroke="#9e9e9e" stroke-width="0.6" d="`)
		for _, mp := range in.Outlines {
			s := dp.Simplify(mp.Clone()).(orb.MultiPolygon)
			for _, p := range s {
				for _, r := range p {
					pathOf(&b, r, true)
				}
			}
		}
		b.WriteString(`"/>`)
	}
	if len(in.Line) > 0 {
		b.WriteString(`<path fill="none" stroke="#b71c1c" stroke-width="1.6" stroke-dasharray="4 2" d="`)
		s := dp.Simplify(in.Line.Clone()).(orb.MultiLineString)
		for _, ls := range s {
			pathOf(&b, ls, false)
		}
		b.WriteString(`"><title>line of contact (approximate)</title></path>`)
	}
	for i := range today {
		x := &today[i]
		px, py := project(x.Lon, x.Lat)
		if in.Public {
			px, py = project(truce.CoarsenCoord(x.Lon), truce.CoarsenCoord(x.Lat))
		}
		col := colOther
		switch {
		case violated(x):
			col = colViolation
		case review(x):
			col = colReview
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s" fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>%s</title></circle>`,
			px, py, col, html.EscapeString(fmt.Sprintf("incident %d: %s", x.ID, truce.Describe(x.Type, x.Mode, x.Target))))
	}
	// Legend.
	for i, l := range []struct{ col, text string }{{colViolation, "violation"}, {colReview, "needs review"}, {colOther, "not covered"}} {
		y := mapH - 58 + float64(i)*18
		fmt.Fprintf(&b, `<circle cx="16" cy="%.0f" r="5" fill="%s"/><text x="28" y="%.0f" font-family="sans-serif" font-size="12">%s</text>`, y, l.col, y+4, l.text)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// barsSVG draws a horizontal bar chart of counts: violations, needs review
// and not covered stacked.
func barsSVG(title string, cs []judge.Count) string {
	const w, row, left = 520.0, 22.0, 200.0
	cs = cs[:min(len(cs), 10)]
	h := 30 + row*float64(max(1, len(cs)))
	maxN := 1
	for _, c := range cs {
		maxN = max(maxN, c.Violations+c.NeedsReview+c.NotCovered)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`, w, h, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="16" font-family="sans-serif" font-size="14" font-weight="bold">%s</text>`, html.EscapeString(title))
	if len(cs) == 0 {
		b.WriteString(`<text x="0" y="44" font-family="sans-serif" font-size="12">none</text>`)
	}
	scale := (w - left - 40) / float64(maxN)
	for i, c := range cs {
		y := 26 + float64(i)*row
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="end" font-family="sans-serif" font-size="12">%s</text>`, left-6, y+13, html.EscapeString(c.Key))
		x := left
		for _, part := range []struct {
			n   int
			col string
		}{{c.Violations, colViolation}, {c.NeedsReview, colReview}, {c.NotCovered, colOther}} {
			if part.n == 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.0f" width="%.1f" height="16" fill="%s"/>`, x, y, float64(part.n)*scale, part.col)
			x += float64(part.n) * scale
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-family="sans-serif" font-size="12">%d</text>`, x+4, y+13, c.Violations+c.NeedsReview+c.NotCovered)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// trendSVG draws incidents per day, violations in red.
func trendSVG(days []DayCount) string {
	const w, h, top, bottom = 520.0, 180.0, 24.0, 30.0
	maxN := 1
	for _, d := range days {
		maxN = max(maxN, d.Incidents)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="Incidents per day">`, w, h, w, h)
	b.WriteString(`<text x="0" y="16" font-family="sans-serif" font-size="14" font-weight="bold">Incidents per day (violations in red)</text>`)
	bw := w / float64(max(1, len(days)))
	scale := (h - top - bottom) / float64(maxN)
	for i, d := range days {
		x := float64(i) * bw
		hi := float64(d.Incidents) * scale
		hv := float64(d.Violations) * scale
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %d incidents, %d violations</title></rect>`,
			x+2, h-bottom-hi, bw-4, hi, colOther, d.Date, d.Incidents, d.Violations)
		if hv > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+2, h-bottom-hv, bw-4, hv, colViolation)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-family="sans-serif" font-size="10">%s</text>`, x+bw/2, h-bottom+14, d.Date.String()[5:])
		if d.Incidents > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-family="sans-serif" font-size="10">%d</text>`, x+bw/2, h-bottom-hi-3, d.Incidents)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}
