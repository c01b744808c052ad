// Package daily builds the mission's daily report, in the spirit of the OSCE
// Special Monitoring Mission's daily reports: what was recorded on a day,
// counted by area, type, provision and alleged party; the change since the
// previous day; totals since each truce in force began; the notable
// incidents with their verdicts; the compliance clocks; a map and charts
// drawn as SVG. It renders JSON, Markdown and HTML. A public edition
// coarsens place (0.1°, the area's name) and time (the day) and carries no
// source identity (incidents never do; reports are not included).
//
// The package is pure: the caller reads the incidents and the ground.
package daily

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
)

// Input is what a daily report is made from.
type Input struct {
	Date   truce.Date
	Public bool
	// Incidents are every incident from the earliest start of a truce in
	// force (or 14 days before Date, whichever is earlier) to Date, with
	// their verdicts.
	Incidents  []truce.Incident
	Provisions []truce.Provision
	Clocks     []judge.Clock
	Conditions []judge.ConditionClock
	// Area names an incident's area (its oblast); nil: its place.
	Area func(*truce.Incident) string
	// Basemap is drawn under the map: outlines (oblasts) and the line of contact.
	Outlines []orb.MultiPolygon
	Line     orb.MultiLineString
	// RulesVersion is the rules version every verdict of Incidents was
	// judged with (the caller reads them so); 0 when unknown.
	RulesVersion int64
	// PublicVerdicts words an incident's verdicts for the public edition
	// (generated from its coarsened place: see judge.Judge.JudgePublic).
	// Nil: the public edition shows verdicts without their explanations,
	// which name the place.
	PublicVerdicts func(*truce.Incident) []truce.Verdict
	// Loc is the mission's time zone: the report's day, the previous day,
	// the trend's days and the times shown are its local ones
	// (truce.DefaultZone when nil).
	Loc *time.Location
}

// Report is the daily report.
type Report struct {
	Date truce.Date `json:"date"`
	// TimeZone is the mission's zone, whose local day Date is.
	TimeZone    string                 `json:"time_zone"`
	Edition     string                 `json:"edition"` // "internal" or "public"
	Title       string                 `json:"title"`
	Summary     []string               `json:"summary"`
	Day         DayCounts              `json:"day"`
	Previous    DayCounts              `json:"previous_day"`
	Change      DayCounts              `json:"change"` // day minus previous day
	ByArea      []judge.Count          `json:"by_area"`
	ByType      []judge.Count          `json:"by_type"`
	ByProvision []judge.Count          `json:"by_provision"`
	ByParty     []judge.Count          `json:"by_party"`
	SinceTruce  []TruceTotal           `json:"since_truce"`
	Trend       []DayCount             `json:"trend"` // incidents per day, the 14 days to Date
	Notable     []Notable              `json:"notable"`
	Clocks      []judge.Clock          `json:"clocks"`
	Conditions  []judge.ConditionClock `json:"conditions"`
	// RulesVersion is the rules version every verdict counted was judged with.
	RulesVersion int64  `json:"rules_version,omitempty"`
	MapSVG       string `json:"-"`
	TypeSVG      string `json:"-"`
	TrendSVG     string `json:"-"`
}

// DayCounts counts a day's incidents.
type DayCounts struct {
	Incidents   int `json:"incidents"`
	Violations  int `json:"violations"` // incidents judged a violation of some provision
	NeedsReview int `json:"needs_review"`
	Verified    int `json:"verified"`
	Killed      int `json:"killed"`
	Injured     int `json:"injured"`
}

// DayCount is the incidents of one day.
type DayCount struct {
	Date       truce.Date `json:"date"`
	Incidents  int        `json:"incidents"`
	Violations int        `json:"violations"`
}

// TruceTotal counts the incidents since a provision in force entered into force.
type TruceTotal struct {
	Provision  string     `json:"provision"`
	Title      string     `json:"title"`
	Since      truce.Date `json:"since"`
	Days       int        `json:"days"`
	Incidents  int        `json:"incidents"` // judged against it
	Violations int        `json:"violations"`
	Verified   int        `json:"verified"`
}

// Notable is an incident the report describes.
type Notable struct {
	Incident    int64           `json:"incident"`
	When        string          `json:"when"` // time (internal) or day (public)
	Where       string          `json:"where"`
	Lat         float64         `json:"lat"`
	Lon         float64         `json:"lon"`
	What        string          `json:"what"`
	Perpetrator string          `json:"perpetrator,omitempty"`
	Grade       truce.Grade     `json:"grade"`
	Killed      int             `json:"killed"`
	Injured     int             `json:"injured"`
	Sources     int             `json:"sources"`
	Verdicts    []truce.Verdict `json:"verdicts"`
}

// MaxNotable bounds the notable incidents listed.
const MaxNotable = 12

func violated(in *truce.Incident) bool {
	for _, v := range in.Verdicts {
		if v.Verdict == truce.VerdictViolation {
			return true
		}
	}
	return false
}

func review(in *truce.Incident) bool {
	for _, v := range in.Verdicts {
		if v.Verdict == truce.VerdictNeedsReview {
			return true
		}
	}
	return false
}

func count(ins []truce.Incident) DayCounts {
	var c DayCounts
	for i := range ins {
		in := &ins[i]
		c.Incidents++
		if violated(in) {
			c.Violations++
		} else if review(in) {
			c.NeedsReview++
		}
		if in.Grade == truce.GradeVerified {
			c.Verified++
		}
		c.Killed += in.Killed.BestOr(0)
		c.Injured += in.Injured.BestOr(0)
	}
	return c
}

// Build makes the report of in.Date.
func Build(in Input) *Report {
	area := in.Area
	if area == nil {
		area = func(x *truce.Incident) string { return judge.Area(x, nil) }
	}
	d := in.Date
	loc := in.Loc
	if loc == nil {
		loc = truce.DefaultLocation()
	}
	var today, yesterday []truce.Incident
	for _, x := range in.Incidents {
		switch x.DateIn(loc) {
		case d:
			today = append(today, x)
		case d.AddDays(-1):
			yesterday = append(yesterday, x)
		}
	}
	r := &Report{Date: d, TimeZone: loc.String(), Edition: "internal", RulesVersion: in.RulesVersion, Title: "Daily report of " + d.String(),
		Clocks: nonNil(in.Clocks), Conditions: nonNil(in.Conditions)}
	if in.Public {
		r.Edition = "public"
		r.Title += " (public edition)"
	}
	r.Day, r.Previous = count(today), count(yesterday)
	r.Change = DayCounts{Incidents: r.Day.Incidents - r.Previous.Incidents, Violations: r.Day.Violations - r.Previous.Violations,
		NeedsReview: r.Day.NeedsReview - r.Previous.NeedsReview, Verified: r.Day.Verified - r.Previous.Verified,
		Killed: r.Day.Killed - r.Previous.Killed, Injured: r.Day.Injured - r.Previous.Injured}
	t := judge.TallyIncidents(today, area)
	r.ByArea, r.ByType, r.ByProvision, r.ByParty = nonNil(t.ByArea), nonNil(t.ByType), nonNil(t.ByProvision), nonNil(t.ByParty)
	// Totals since each truce in force began.
	for _, c := range in.Clocks {
		tt := TruceTotal{Provision: c.Provision, Title: c.Title, Since: c.InForceSince, Days: d.DaysSince(c.InForceSince)}
		for i := range in.Incidents {
			x := &in.Incidents[i]
			if xd := x.DateIn(loc); xd.Before(c.InForceSince) || xd.After(d) {
				continue
			}
			for _, v := range x.Verdicts {
				if v.Provision != c.Provision {
					continue
				}
				tt.Incidents++
				if v.Verdict == truce.VerdictViolation {
					tt.Violations++
					if x.Grade == truce.GradeVerified {
						tt.Verified++
					}
				}
			}
		}
		r.SinceTruce = append(r.SinceTruce, tt)
	}
	r.SinceTruce = nonNil(r.SinceTruce)
	// The trend of the last 14 days.
	byDay := map[truce.Date]*DayCount{}
	for k := 13; k >= 0; k-- {
		day := d.AddDays(-k)
		r.Trend = append(r.Trend, DayCount{Date: day})
	}
	for i := range r.Trend {
		byDay[r.Trend[i].Date] = &r.Trend[i]
	}
	for i := range in.Incidents {
		if c, ok := byDay[in.Incidents[i].DateIn(loc)]; ok {
			c.Incidents++
			if violated(&in.Incidents[i]) {
				c.Violations++
			}
		}
	}
	// Notable: violations first, then needs-review, then by casualties.
	sorted := slices.Clone(today)
	rank := func(x *truce.Incident) int {
		switch {
		case violated(x):
			return 0
		case review(x):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(sorted, func(a, b truce.Incident) int {
		return cmp.Or(rank(&a)-rank(&b), (b.Killed.BestOr(0)+b.Injured.BestOr(0))-(a.Killed.BestOr(0)+a.Injured.BestOr(0)),
			a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	for i := range sorted[:min(len(sorted), MaxNotable)] {
		x := &sorted[i]
		n := Notable{Incident: x.ID, When: x.Start.In(loc).Format("15:04 MST"), Where: where(x, area), Lat: x.Lat, Lon: x.Lon,
			What: truce.Describe(x.Type, x.Mode, x.Target), Perpetrator: x.Perpetrator, Grade: x.Grade,
			Killed: x.Killed.BestOr(0), Injured: x.Injured.BestOr(0), Sources: x.Sources, Verdicts: nonNil(x.Verdicts)}
		if in.Public {
			n.When = x.DateIn(loc).String()
			n.Where = area(x)
			n.Verdicts = publicVerdicts(in, x)
			n.Lat, n.Lon = truce.CoarsenCoord(x.Lat), truce.CoarsenCoord(x.Lon)
		}
		r.Notable = append(r.Notable, n)
	}
	r.Notable = nonNil(r.Notable)
	r.Summary = summary(r)
	r.MapSVG = mapSVG(in, today)
	r.TypeSVG = barsSVG("Incidents by type", r.ByType)
	r.TrendSVG = trendSVG(r.Trend)
	return r
}

// publicVerdicts is x's verdicts for the public edition.
func publicVerdicts(in Input, x *truce.Incident) []truce.Verdict {
	if in.PublicVerdicts != nil {
		return nonNil(in.PublicVerdicts(x))
	}
	out := make([]truce.Verdict, len(x.Verdicts))
	for i, v := range x.Verdicts {
		out[i] = truce.Verdict{Provision: v.Provision, Issue: v.Issue, Verdict: v.Verdict}
	}
	return out
}

func where(x *truce.Incident, area func(*truce.Incident) string) string {
	a := area(x)
	if x.Place != "" && x.Place != a {
		return x.Place + " (" + a + ")"
	}
	return a
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func summary(r *Report) []string {
	out := []string{fmt.Sprintf("The mission recorded %s on %s (%s on the previous day), of which %s of a provision in force and %s review.",
		plural(r.Day.Incidents, "incident", "incidents"), r.Date, signed(r.Change.Incidents),
		plural(r.Day.Violations, "was judged a violation", "were judged violations"), plural(r.Day.NeedsReview, "needs", "need"))}
	if r.Day.Killed+r.Day.Injured > 0 {
		out = append(out, fmt.Sprintf("Reported casualties: %d killed, %d injured (best estimates).", r.Day.Killed, r.Day.Injured))
	}
	if len(r.ByArea) > 0 {
		top, n := "", 0
		for _, c := range r.ByArea {
			if t := c.Violations + c.NeedsReview + c.NotCovered; t > n {
				top, n = c.Key, t
			}
		}
		if n >= 2 {
			out = append(out, fmt.Sprintf("Most incidents were recorded in %s (%d of %d).", top, n, r.Day.Incidents))
		}
	}
	for _, c := range r.Clocks {
		out = append(out, c.Explanation+".")
	}
	if len(r.Clocks) == 0 {
		out = append(out, "No provision about incidents was in force.")
	}
	return out
}

// The map's frame: Ukraine and its surroundings, equirectangular at 48°N.
const (
	mapW, mapH     = 720.0, 480.0
	lonMin, lonMax = 22.0, 40.5
	latMin, latMax = 44.0, 52.5
)

func project(lon, lat float64) (x, y float64) {
	k := math.Cos(48 * math.Pi / 180)
	sx := mapW / ((lonMax - lonMin) * k)
	sy := mapH / (latMax - latMin)
	s := math.Min(sx, sy)
	return (lon - lonMin) * k * s, (latMax - lat) * s
}
