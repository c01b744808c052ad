package judge

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/truce-monitor/truce"
)

// Violation is a verified violation of a provision: the latest one counts
// for the clock.
type Violation struct {
	Incident int64      `json:"incident"`
	Date     truce.Date `json:"date"`
}

// Clock is the compliance clock of one provision in force: the days since
// its last verified violation, or since it entered into force if none.
type Clock struct {
	Provision     string      `json:"provision"`
	Issue         truce.Issue `json:"issue"`
	Title         string      `json:"title"`
	InForceSince  truce.Date  `json:"in_force_since"`
	LastViolation *Violation  `json:"last_violation,omitempty"`
	Days          int         `json:"days"`
	Explanation   string      `json:"explanation"`
}

// Clocks returns a clock for each provision about incidents that is in
// force on d, given the latest verified violation of each (by provision id).
func Clocks(provs []truce.Provision, d truce.Date, last map[string]Violation) []Clock {
	out := []Clock{}
	for i := range provs {
		p := &provs[i]
		if eventsOf(p) == nil || !p.InForceAt(d) {
			continue
		}
		_, since, _ := p.StatusAt(d)
		c := Clock{Provision: p.ID, Issue: p.Issue, Title: p.Title, InForceSince: since}
		name := provisionName(p)
		if v, ok := last[p.ID]; ok && !v.Date.Before(since) && !v.Date.After(d) {
			c.LastViolation = &v
			c.Days = d.DaysSince(v.Date)
			c.Explanation = fmt.Sprintf("%d days since the last verified violation of %s (incident %d on %s)", c.Days, name, v.Incident, v.Date)
		} else {
			c.Days = d.DaysSince(since)
			c.Explanation = fmt.Sprintf("%d days without a verified violation of %s since it entered into force on %s", c.Days, name, since)
		}
		out = append(out, c)
	}
	return out
}

// ConditionClock is the state of a conditional provision's conditions.
type ConditionClock struct {
	Provision  string                 `json:"provision"`
	Issue      truce.Issue            `json:"issue"`
	Title      string                 `json:"title"`
	Status     truce.Status           `json:"status"`
	Conditions []truce.ConditionState `json:"conditions"`
	Met        bool                   `json:"met"` // every condition is met
}

// Conditions evaluates every conditional provision's conditions at d with
// truce.World.ConditionStates, and then reads "held for N days" as held
// without a verified violation: a verified violation of the watched
// provision restarts its count, and the eligibility date moves to N days
// after that violation.
func Conditions(w *truce.World, provs []truce.Provision, d truce.Date, last map[string]Violation) []ConditionClock {
	cells := truce.Matrix(w.Positions, d)
	out := []ConditionClock{}
	for i := range provs {
		p := &provs[i]
		if len(p.Conditions) == 0 {
			continue
		}
		cc := ConditionClock{Provision: p.ID, Issue: p.Issue, Title: p.Title, Met: true}
		cc.Status, _, _ = p.StatusAt(d)
		cc.Conditions = w.ConditionStates(p, d, cells)
		for k := range cc.Conditions {
			cs := &cc.Conditions[k]
			if cs.Condition.Kind == truce.CondHeldFor && !cs.EligibleOn.IsZero() {
				v, ok := last[cs.Condition.Provision]
				start := cs.EligibleOn.AddDays(-cs.Condition.Days)
				if ok && !v.Date.Before(start) && !v.Date.After(d) {
					cs.EligibleOn = v.Date.AddDays(cs.Condition.Days)
					cs.Met = !d.Before(cs.EligibleOn)
					cs.Explanation = fmt.Sprintf("%s was violated on %s (incident %d, verified): the %d days run again from then; eligible on %s if it holds",
						cs.Condition.Provision, v.Date, v.Incident, cs.Condition.Days, cs.EligibleOn)
				}
			}
			cc.Met = cc.Met && cs.Met
		}
		out = append(out, cc)
	}
	return out
}

// Count is a number of incidents under a name (a provision, a party, an area).
type Count struct {
	Key         string `json:"key"`
	Violations  int    `json:"violations"`
	Verified    int    `json:"verified"` // violations in verified incidents
	NeedsReview int    `json:"needs_review"`
	NotCovered  int    `json:"not_covered"`
}

// Tally counts, over incidents with their verdicts, the verdicts per
// provision, per alleged party and per area (area names an incident's area:
// its oblast, or its place). Each list is ordered by violations, most first,
// then by key; an incident with several violations counts once per party
// and area.
type Tally struct {
	Incidents   int     `json:"incidents"`
	ByProvision []Count `json:"by_provision"`
	ByParty     []Count `json:"by_party"`
	ByArea      []Count `json:"by_area"`
	ByType      []Count `json:"by_type"`
}

// TallyIncidents computes a Tally.
func TallyIncidents(ins []truce.Incident, area func(*truce.Incident) string) Tally {
	prov, party, ar, typ := map[string]*Count{}, map[string]*Count{}, map[string]*Count{}, map[string]*Count{}
	get := func(m map[string]*Count, k string) *Count {
		c, ok := m[k]
		if !ok {
			c = &Count{Key: k}
			m[k] = c
		}
		return c
	}
	for i := range ins {
		in := &ins[i]
		viol, review := false, false
		for _, v := range in.Verdicts {
			c := get(prov, v.Provision)
			switch v.Verdict {
			case truce.VerdictViolation:
				c.Violations++
				if in.Grade == truce.GradeVerified {
					c.Verified++
				}
				viol = true
			case truce.VerdictNeedsReview:
				c.NeedsReview++
				review = true
			case truce.VerdictNotCovered:
				c.NotCovered++
			}
		}
		perp := in.Perpetrator
		if perp == "" {
			perp = "unknown"
		}
		for _, c := range []*Count{get(party, perp), get(ar, area(in)), get(typ, truce.Describe(in.Type, in.Mode, ""))} {
			switch {
			case viol:
				c.Violations++
				if in.Grade == truce.GradeVerified {
					c.Verified++
				}
			case review:
				c.NeedsReview++
			default:
				c.NotCovered++
			}
		}
	}
	return Tally{Incidents: len(ins), ByProvision: sorted(prov), ByParty: sorted(party), ByArea: sorted(ar), ByType: sorted(typ)}
}

func sorted(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(b.Violations-a.Violations, b.NeedsReview-a.NeedsReview, cmp.Compare(a.Key, b.Key))
	})
	return out
}

// Area names an incident's area: the oblast from the facts when known,
// else its place, else a one-degree cell.
func Area(in *truce.Incident, f *truce.SpatialFacts) string {
	switch {
	case f != nil && f.Oblast != "":
		return f.Oblast
	case in.Place != "":
		return in.Place
	}
	return fmt.Sprintf("cell %.0f°N %.0f°E", in.Lat, in.Lon)
}
