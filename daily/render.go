package daily

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/truce-monitor/truce/judge"
)

// JSON writes the report as indented JSON (without the SVG images).
func (r *Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// mdEscape keeps text from breaking a Markdown table.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`).Replace(s)
}

// Markdown writes the report as Markdown (without the SVG images, which the
// HTML edition carries).
func (r *Report) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	if r.TimeZone != "" {
		fmt.Fprintf(&b, "Days and times are local to %s.\n\n", r.TimeZone)
	}
	for _, s := range r.Summary {
		fmt.Fprintf(&b, "- %s\n", mdEscape(s))
	}
	b.WriteString("\n## The day\n\n| | Day | Previous day | Change |\n|---|---:|---:|---:|\n")
	for _, row := range []struct {
		name    string
		d, p, c int
	}{{"Incidents", r.Day.Incidents, r.Previous.Incidents, r.Change.Incidents},
		{"Violations", r.Day.Violations, r.Previous.Violations, r.Change.Violations},
		{"Needing review", r.Day.NeedsReview, r.Previous.NeedsReview, r.Change.NeedsReview},
		{"Verified", r.Day.Verified, r.Previous.Verified, r.Change.Verified},
		{"Killed", r.Day.Killed, r.Previous.Killed, r.Change.Killed},
		{"Injured", r.Day.Injured, r.Previous.Injured, r.Change.Injured}} {
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", row.name, row.d, row.p, signed(row.c))
	}
	for _, t := range []struct {
		title string
		cs    []judge.Count
	}{{"By area", r.ByArea}, {"By type", r.ByType}, {"By provision", r.ByProvision}, {"By alleged party", r.ByParty}} {
		fmt.Fprintf(&b, "\n## %s\n\n", t.title)
		if len(t.cs) == 0 {
			b.WriteString("None.\n")
			continue
		}
		b.WriteString("| | Violations | Verified | Needs review | Not covered |\n|---|---:|---:|---:|---:|\n")
		for _, c := range t.cs {
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", mdEscape(c.Key), c.Violations, c.Verified, c.NeedsReview, c.NotCovered)
		}
	}
	b.WriteString("\n## Since each truce in force began\n\n")
	if len(r.SinceTruce) == 0 {
		b.WriteString("No provision about incidents is in force.\n")
	} else {
		b.WriteString("| Provision | In force since | Days | Incidents judged | Violations | Verified |\n|---|---|---:|---:|---:|---:|\n")
		for _, t := range r.SinceTruce {
			fmt.Fprintf(&b, "| %s (%s) | %s | %d | %d | %d | %d |\n", mdEscape(t.Title), t.Provision, t.Since, t.Days, t.Incidents, t.Violations, t.Verified)
		}
	}
	b.WriteString("\n## Notable incidents\n\n")
	if len(r.Notable) == 0 {
		b.WriteString("None.\n")
	}
	for _, n := range r.Notable {
		fmt.Fprintf(&b, "### Incident %d: %s, %s, %s\n\n", n.Incident, mdEscape(n.What), mdEscape(n.Where), n.When)
		fmt.Fprintf(&b, "Grade %s, %s; killed %d, injured %d", n.Grade, plural(n.Sources, "source", "independent sources"), n.Killed, n.Injured)
		if n.Perpetrator != "" {
			fmt.Fprintf(&b, "; alleged perpetrator %s", n.Perpetrator)
		}
		fmt.Fprintf(&b, "; at %.2f, %.2f.\n\n", n.Lat, n.Lon)
		for _, v := range n.Verdicts {
			if v.Explanation == "" {
				fmt.Fprintf(&b, "- **%s** (%s)\n", v.Verdict, v.Provision)
				continue
			}
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", v.Verdict, v.Provision, mdEscape(v.Explanation))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Clocks and conditions\n\n")
	for _, c := range r.Clocks {
		fmt.Fprintf(&b, "- %s: %s\n", c.Provision, mdEscape(c.Explanation))
	}
	for _, c := range r.Conditions {
		for _, s := range c.Conditions {
			met := "unmet"
			if s.Met {
				met = "met"
			}
			fmt.Fprintf(&b, "- %s (%s): %s", c.Provision, met, mdEscape(s.Explanation))
			if !s.EligibleOn.IsZero() {
				fmt.Fprintf(&b, "; eligible on %s", s.EligibleOn)
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var page = template.Must(template.New("daily").Funcs(template.FuncMap{"signed": signed}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.R.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#212121;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td.n,th.n{text-align:right}.v-violation{color:#c62828;font-weight:600}.v-needs-review{color:#ef6c00;font-weight:600}.v-not-covered{color:#546e7a}
figure{margin:1rem 0}svg{max-width:100%;height:auto}.muted{color:#757575}
</style></head><body>
<h1>{{.R.Title}}</h1>
{{if .R.TimeZone}}<p class="muted">Days and times are local to {{.R.TimeZone}}.</p>{{end}}
{{if eq .R.Edition "public"}}<p class="muted">Public edition: places are coarsened to about 10 km and times to the day; no source is identified.</p>{{end}}
<ul>{{range .R.Summary}}<li>{{.}}</li>{{end}}</ul>
<figure>{{.Map}}<figcaption>The incidents of {{.R.Date}}; the dashed line is the approximate line of contact.</figcaption></figure>
<h2>The day</h2>
<table><tr><th></th><th class="n">Day</th><th class="n">Previous day</th><th class="n">Change</th></tr>
<tr><td>Incidents</td><td class="n">{{.R.Day.Incidents}}</td><td class="n">{{.R.Previous.Incidents}}</td><td class="n">{{signed .R.Change.Incidents}}</td></tr>
<tr><td>Violations</td><td class="n">{{.R.Day.Violations}}</td><td class="n">{{.R.Previous.Violations}}</td><td class="n">{{signed .R.Change.Violations}}</td></tr>
<tr><td>Needing review</td><td class="n">{{.R.Day.NeedsReview}}</td><td class="n">{{.R.Previous.NeedsReview}}</td><td class="n">{{signed .R.Change.NeedsReview}}</td></tr>
<tr><td>Verified</td><td class="n">{{.R.Day.Verified}}</td><td class="n">{{.R.Previous.Verified}}</td><td class="n">{{signed .R.Change.Verified}}</td></tr>
<tr><td>Killed</td><td class="n">{{.R.Day.Killed}}</td><td class="n">{{.R.Previous.Killed}}</td><td class="n">{{signed .R.Change.Killed}}</td></tr>
<tr><td>Injured</td><td class="n">{{.R.Day.Injured}}</td><td class="n">{{.R.Previous.Injured}}</td><td class="n">{{signed .R.Change.Injured}}</td></tr>
</table>
<figure>{{.Trend}}</figure>
<figure>{{.Types}}</figure>
{{range .Tables}}<h2>{{.Title}}</h2>{{if .Counts}}<table><tr><th></th><th class="n">Violations</th><th class="n">Verified</th><th class="n">Needs review</th><th class="n">Not covered</th></tr>
{{range .Counts}}<tr><td>{{.Key}}</td><td class="n">{{.Violations}}</td><td class="n">{{.Verified}}</td><td class="n">{{.NeedsReview}}</td><td class="n">{{.NotCovered}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}{{end}}
<h2>Since each truce in force began</h2>
{{if .R.SinceTruce}}<table><tr><th>Provision</th><th>In force since</th><th class="n">Days</th><th class="n">Incidents judged</th><th class="n">Violations</th><th class="n">Verified</th></tr>
{{range .R.SinceTruce}}<tr><td>{{.Title}} <span class="muted">{{.Provision}}</span></td><td>{{.Since}}</td><td class="n">{{.Days}}</td><td class="n">{{.Incidents}}</td><td class="n">{{.Violations}}</td><td class="n">{{.Verified}}</td></tr>
{{end}}</table>{{else}}<p>No provision about incidents is in force.</p>{{end}}
<h2>Notable incidents</h2>
{{range .R.Notable}}<h3>Incident {{.Incident}}: {{.What}}, {{.Where}}, {{.When}}</h3>
<p>Grade {{.Grade}}, {{.Sources}} independent source(s); killed {{.Killed}}, injured {{.Injured}}{{if .Perpetrator}}; alleged perpetrator {{.Perpetrator}}{{end}}.</p>
<ul>{{range .Verdicts}}<li><span class="v-{{.Verdict}}">{{.Verdict}}</span> <span class="muted">({{.Provision}})</span>{{if .Explanation}}: {{.Explanation}}{{end}}</li>{{end}}</ul>
{{else}}<p>None.</p>{{end}}
<h2>Clocks and conditions</h2>
<ul>{{range .R.Clocks}}<li>{{.Explanation}}</li>{{end}}
{{range .R.Conditions}}{{$p := .Provision}}{{range .Conditions}}<li>{{$p}}: {{if .Met}}met{{else}}unmet{{end}}: {{.Explanation}}{{if not .EligibleOn.IsZero}}; eligible on {{.EligibleOn}}{{end}}</li>{{end}}{{end}}</ul>
</body></html>
`))

// HTML writes the report as a self-contained HTML page with its map and
// charts inline (no script, no external resource).
func (r *Report) HTML(w io.Writer) error {
	type table struct {
		Title  string
		Counts []judge.Count
	}
	return page.Execute(w, map[string]any{
		"R": r,
		// The SVGs are generated by this package with every text escaped.
		"Map": template.HTML(r.MapSVG), "Trend": template.HTML(r.TrendSVG), "Types": template.HTML(r.TypeSVG),
		"Tables": []table{{"By area", r.ByArea}, {"By type", r.ByType}, {"By provision", r.ByProvision}, {"By alleged party", r.ByParty}},
	})
}
