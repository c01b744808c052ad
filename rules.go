package truce

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Scenario is a whole negotiation as data: what a scenario file holds and
// what the store loads in one transaction.
type Scenario struct {
	Name string `json:"name"`
	// TimeZone is the mission's IANA time zone, whose local days date
	// incidents, provision windows and reports ("": DefaultZone).
	TimeZone   string      `json:"time_zone,omitempty"`
	Parties    []Party     `json:"parties"`
	Sources    []Source    `json:"sources"`
	Zones      []Zone      `json:"zones"`
	Agreements []Agreement `json:"agreements"`
	Provisions []Provision `json:"provisions"`
	Positions  []Position  `json:"positions"`
	Talks      []Talks     `json:"talks"`
}

// Cell is one cell of the position matrix: a party's standing position on a
// provision at a date, with the evidence for it.
type Cell struct {
	Party       string      `json:"party"`
	Issue       Issue       `json:"issue"`
	Provision   string      `json:"provision"`
	Stance      Stance      `json:"stance"`
	Condition   string      `json:"condition,omitempty"`
	AsOf        Date        `json:"as_of"`
	Attribution Attribution `json:"attribution"`
	Evidence    []Evidence  `json:"evidence"`
	Positions   []int64     `json:"positions"` // the ids of the positions merged into the cell
}

// Matrix computes the position matrix at date d: for each party and
// provision, the stance of its latest position dated on or before d. Several
// positions of the same date and stance merge their evidence; if a party took
// different stances on the same day, the better attributed one stands.
// Cells are ordered by party code, then by the issue order of Issues.
func Matrix(positions []Position, d Date) []Cell {
	type key struct{ party, provision string }
	latest := map[key][]Position{}
	for _, p := range positions {
		if p.AsOf.After(d) {
			continue
		}
		k := key{p.Party, p.Provision}
		cur := latest[k]
		switch {
		case len(cur) == 0 || p.AsOf.After(cur[0].AsOf):
			latest[k] = []Position{p}
		case p.AsOf == cur[0].AsOf:
			latest[k] = append(cur, p)
		}
	}
	cells := make([]Cell, 0, len(latest))
	for _, ps := range latest {
		// The stance that stands: the best attributed one; ties go to the first recorded.
		best := ps[0]
		for _, p := range ps[1:] {
			if p.Attribution.Rank() < best.Attribution.Rank() {
				best = p
			}
		}
		c := Cell{Party: best.Party, Issue: best.Issue, Provision: best.Provision, Stance: best.Stance,
			Condition: best.Condition, AsOf: best.AsOf}
		for _, p := range ps {
			if p.Stance != best.Stance {
				continue
			}
			c.Evidence = append(c.Evidence, p.Evidence...)
			c.Positions = append(c.Positions, p.ID)
			if c.Condition == "" {
				c.Condition = p.Condition
			}
		}
		slices.SortStableFunc(c.Evidence, func(a, b Evidence) int { return a.Attribution.Rank() - b.Attribution.Rank() })
		c.Attribution = StrongestAttribution(c.Evidence)
		cells = append(cells, c)
	}
	slices.SortFunc(cells, func(a, b Cell) int {
		return cmp.Or(strings.Compare(a.Party, b.Party),
			slices.Index(Issues, a.Issue)-slices.Index(Issues, b.Issue),
			strings.Compare(a.Provision, b.Provision))
	})
	return cells
}

// ConditionState is the state of one condition of a provision at a date.
type ConditionState struct {
	Condition   Condition `json:"condition"`
	Met         bool      `json:"met"`
	EligibleOn  Date      `json:"eligible_on"` // held-for: when it is (or would be) met, if known
	Explanation string    `json:"explanation"`
	Tally       *Tally    `json:"tally,omitempty"` // unanimity and acceptance
}

// Tally counts the stances of the parties whose acceptance a condition needs.
type Tally struct {
	Required    int      `json:"required"`
	Support     []string `json:"support"`
	Conditional []string `json:"conditional"`
	Oppose      []string `json:"oppose"`
	Unknown     []string `json:"unknown"`
}

// Unanimous reports whether every required party supports without condition.
func (t *Tally) Unanimous() bool { return len(t.Support) == t.Required }

// TallyStances tallies the stances of parties on provision at the matrix cells.
func TallyStances(parties []string, provision string, cells []Cell) *Tally {
	t := &Tally{Required: len(parties), Support: []string{}, Conditional: []string{}, Oppose: []string{}, Unknown: []string{}}
	for _, p := range parties {
		c, ok := findCell(cells, p, provision)
		switch {
		case !ok:
			t.Unknown = append(t.Unknown, p)
		case c.Stance == StanceSupport:
			t.Support = append(t.Support, p)
		case c.Stance == StanceConditional:
			t.Conditional = append(t.Conditional, p)
		default:
			t.Oppose = append(t.Oppose, p)
		}
	}
	return t
}

func findCell(cells []Cell, party, provision string) (Cell, bool) {
	for _, c := range cells {
		if c.Party == party && c.Provision == provision {
			return c, true
		}
	}
	return Cell{}, false
}

// World is what the rules read: the data of a scenario indexed by id.
type World struct {
	Parties    map[string]*Party
	Provisions map[string]*Provision
	Agreements map[string]*Agreement
	Positions  []Position
}

// NewWorld indexes a scenario's data.
func NewWorld(s *Scenario) *World {
	w := &World{Parties: map[string]*Party{}, Provisions: map[string]*Provision{}, Agreements: map[string]*Agreement{}, Positions: s.Positions}
	for i := range s.Parties {
		w.Parties[s.Parties[i].Code] = &s.Parties[i]
	}
	for i := range s.Provisions {
		w.Provisions[s.Provisions[i].ID] = &s.Provisions[i]
	}
	for i := range s.Agreements {
		w.Agreements[s.Agreements[i].ID] = &s.Agreements[i]
	}
	return w
}

// ConditionStates evaluates every condition of provision p at date d.
func (w *World) ConditionStates(p *Provision, d Date, cells []Cell) []ConditionState {
	out := make([]ConditionState, 0, len(p.Conditions))
	for _, c := range p.Conditions {
		out = append(out, w.conditionState(p, c, d, cells))
	}
	return out
}

func (w *World) conditionState(p *Provision, c Condition, d Date, cells []Cell) ConditionState {
	st := ConditionState{Condition: c}
	switch c.Kind {
	case CondHeldFor:
		q, ok := w.Provisions[c.Provision]
		if !ok {
			st.Explanation = fmt.Sprintf("provision %s is unknown", c.Provision)
			return st
		}
		s, since, ok := q.StatusAt(d)
		if !ok || s != StatusInForce {
			if !ok {
				s = "not proposed"
			}
			st.Explanation = fmt.Sprintf("%s (%s) is not in force on %s (%s): the %d days have not started",
				q.ID, q.Issue, d, s, c.Days)
			return st
		}
		st.EligibleOn = since.AddDays(c.Days)
		held := d.DaysSince(since)
		st.Met = !d.Before(st.EligibleOn)
		if st.Met {
			st.Explanation = fmt.Sprintf("%s has been in force since %s (%d days ≥ %d): met on %s",
				q.ID, since, held, c.Days, st.EligibleOn)
		} else {
			st.Explanation = fmt.Sprintf("%s has been in force since %s (%d of %d days): eligible on %s if it holds",
				q.ID, since, held, c.Days, st.EligibleOn)
		}
	case CondUnanimity:
		bloc, ok := w.Parties[c.Bloc]
		if !ok || bloc.Kind != PartyBloc {
			st.Explanation = fmt.Sprintf("%s is not a known bloc", c.Bloc)
			return st
		}
		st.Tally = TallyStances(bloc.Members, p.ID, cells)
		st.Met = st.Tally.Unanimous()
		st.Explanation = fmt.Sprintf("%d of %d %s members support; %d conditional, %d oppose, %d unknown",
			len(st.Tally.Support), st.Tally.Required, bloc.Code, len(st.Tally.Conditional), len(st.Tally.Oppose), len(st.Tally.Unknown))
	case CondAcceptance:
		st.Tally = TallyStances(c.Parties, p.ID, cells)
		st.Met = st.Tally.Unanimous()
		st.Explanation = fmt.Sprintf("%d of %d parties accept (%s); opposed: %s; unknown: %s",
			len(st.Tally.Support), st.Tally.Required, strings.Join(st.Tally.Support, ", "),
			orNone(st.Tally.Oppose), orNone(st.Tally.Unknown))
	}
	return st
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// ProvisionReadiness says, for one provision, who must accept it, where each
// stands, and what blocks it.
type ProvisionReadiness struct {
	Provision   string           `json:"provision"`
	Issue       Issue            `json:"issue"`
	Title       string           `json:"title"`
	Status      Status           `json:"status"`
	MustAccept  []string         `json:"must_accept"`
	Support     []string         `json:"support"`
	Conditional []string         `json:"conditional"`
	Oppose      []string         `json:"oppose"`
	Unknown     []string         `json:"unknown"`
	Conditions  []ConditionState `json:"conditions"`
	Blockers    []string         `json:"blockers"`
	Ready       bool             `json:"ready"`
}

// Readiness is the readiness of an agreement at a date.
type Readiness struct {
	Agreement  string               `json:"agreement"`
	Name       string               `json:"name"`
	Date       Date                 `json:"date"`
	Provisions []ProvisionReadiness `json:"provisions"`
	Ready      int                  `json:"ready"` // how many provisions are ready
}

// Readiness computes, for each provision of agreement a at date d, who must
// accept it (the parties it binds and those an acceptance condition names),
// who supports and opposes it, the state of its conditions, and what blocks it.
func (w *World) Readiness(a *Agreement, d Date) Readiness {
	cells := Matrix(w.Positions, d)
	r := Readiness{Agreement: a.ID, Name: a.Name, Date: d}
	for _, id := range a.Provisions {
		p, ok := w.Provisions[id]
		if !ok {
			continue
		}
		pr := ProvisionReadiness{Provision: p.ID, Issue: p.Issue, Title: p.Title, Blockers: []string{}}
		if s, _, ok := p.StatusAt(d); ok {
			pr.Status = s
		}
		must := slices.Clone(p.Parties)
		for _, c := range p.Conditions {
			if c.Kind == CondAcceptance {
				for _, q := range c.Parties {
					if !slices.Contains(must, q) {
						must = append(must, q)
					}
				}
			}
		}
		pr.MustAccept = must
		t := TallyStances(must, p.ID, cells)
		pr.Support, pr.Conditional, pr.Oppose, pr.Unknown = t.Support, t.Conditional, t.Oppose, t.Unknown
		for _, q := range t.Oppose {
			pr.Blockers = append(pr.Blockers, q+" opposes")
		}
		for _, q := range t.Conditional {
			c, _ := findCell(cells, q, p.ID)
			pr.Blockers = append(pr.Blockers, fmt.Sprintf("%s supports only on condition: %s", q, c.Condition))
		}
		for _, q := range t.Unknown {
			pr.Blockers = append(pr.Blockers, "no known position of "+q)
		}
		pr.Conditions = w.ConditionStates(p, d, cells)
		for _, cs := range pr.Conditions {
			if !cs.Met && cs.Condition.Kind != CondAcceptance { // acceptance is already counted above
				pr.Blockers = append(pr.Blockers, "condition unmet: "+cs.Explanation)
			}
		}
		switch pr.Status {
		case StatusLapsed, StatusExpired:
			pr.Blockers = append(pr.Blockers, "the provision has "+string(pr.Status))
		}
		pr.Ready = len(pr.Blockers) == 0
		if pr.Ready {
			r.Ready++
		}
		r.Provisions = append(r.Provisions, pr)
	}
	return r
}
