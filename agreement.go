package truce

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Agreement is a named framework of provisions: "US framework presented in
// Paris, 2025-04-17", "Energy truce, March 2025".
type Agreement struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Summary    string          `json:"summary,omitempty"`
	Proposed   Date            `json:"proposed"`          // when it was first put on the table
	ProposedBy []string        `json:"proposed_by"`       // party codes
	Texts      []AgreementText `json:"texts,omitempty"`   // per-party published versions
	Provisions []string        `json:"provisions"`        // provision ids, in order
	SourceIDs  []string        `json:"sources,omitempty"` // documents it is known from
}

// AgreementText is one party's published version of an agreement, where the
// parties' versions differ (in March 2025 the US, the Kremlin and Ukraine
// each published their own text of the energy truce).
type AgreementText struct {
	Party  string `json:"party"`
	Title  string `json:"title"`
	Source string `json:"source,omitempty"` // source id
	Text   string `json:"text"`             // short summary or quotation of that version
}

// Provision is one term of an agreement.
type Provision struct {
	ID         string          `json:"id"`
	Agreement  string          `json:"agreement"`
	Issue      Issue           `json:"issue"`
	Title      string          `json:"title"`
	Text       string          `json:"text,omitempty"`
	Parties    []string        `json:"parties"`            // the parties it binds
	Window     Window          `json:"window"`             // when it applies
	Scope      []string        `json:"scope,omitempty"`    // zone ids; empty means everywhere
	Protects   []TargetClass   `json:"protects,omitempty"` // protected target classes
	Texts      []ProvisionText `json:"texts,omitempty"`    // per-party wording where it differs
	Conditions []Condition     `json:"conditions,omitempty"`
	History    []StatusChange  `json:"history"` // oldest first; the last is the current status
}

// ProvisionText is one party's wording of a provision, with the target
// classes that party's version protects.
type ProvisionText struct {
	Party    string        `json:"party"`
	Text     string        `json:"text"`
	Protects []TargetClass `json:"protects,omitempty"`
	Source   string        `json:"source,omitempty"`
}

// Status is where a provision stands in its lifecycle.
type Status string

// The statuses.
const (
	StatusProposed  Status = "proposed"
	StatusAgreed    Status = "agreed"
	StatusInForce   Status = "in-force"
	StatusSuspended Status = "suspended"
	StatusLapsed    Status = "lapsed"   // abandoned before or after entry into force
	StatusExpired   Status = "expired"  // its time window ran out
	StatusBreached  Status = "breached" // declared broken by a party or the mission
)

// Statuses lists every status.
var Statuses = []Status{StatusProposed, StatusAgreed, StatusInForce, StatusSuspended, StatusLapsed, StatusExpired, StatusBreached}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// transitions is the lifecycle: the statuses each status may move to.
var transitions = map[Status][]Status{
	StatusProposed:  {StatusAgreed, StatusLapsed},
	StatusAgreed:    {StatusInForce, StatusLapsed},
	StatusInForce:   {StatusSuspended, StatusLapsed, StatusExpired, StatusBreached},
	StatusSuspended: {StatusInForce, StatusLapsed, StatusExpired},
	StatusBreached:  {StatusInForce, StatusLapsed, StatusExpired},
	StatusLapsed:    nil,
	StatusExpired:   nil,
}

// CanTransition reports whether a provision may move from status from to status to.
func CanTransition(from, to Status) bool { return slices.Contains(transitions[from], to) }

// NextStatuses returns the statuses s may move to.
func NextStatuses(s Status) []Status { return slices.Clone(transitions[s]) }

// StatusChange is one dated, sourced step of a provision's lifecycle.
type StatusChange struct {
	Status Status `json:"status"`
	Date   Date   `json:"date"`
	Source string `json:"source,omitempty"` // source id
	Note   string `json:"note,omitempty"`   // why: the reason given with the change
	// Evidence is the sentence the change rests on, when one was given.
	Evidence *Evidence `json:"evidence,omitempty"`
	// By is who recorded the change through the API or CLI ("" for a
	// scenario file's history); RecordedAt is when the store took it.
	By         string    `json:"by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

// ProvisionStatusRecord returns the canonical bytes of a provision's status
// change that the transparency log commits to: the provision, its sequence
// number in the history and the change as the store keeps it.
func ProvisionStatusRecord(provision string, seq int, c StatusChange) []byte {
	c.RecordedAt = c.RecordedAt.UTC().Truncate(time.Microsecond)
	b, err := json.Marshal(struct {
		Provision string       `json:"provision"`
		Seq       int          `json:"seq"`
		Change    StatusChange `json:"change"`
	}{provision, seq, c})
	if err != nil {
		panic(err) // a StatusChange always marshals
	}
	return b
}

// CheckHistory checks that a status history starts with a known status and
// that every step is a legal, non-backdated transition. It returns the index
// of the offending step with the error, or -1.
func CheckHistory(h []StatusChange) (int, error) {
	for i, c := range h {
		if !c.Status.Valid() {
			return i, FieldErrorf("status", "%q is not one of %v", c.Status, Statuses)
		}
		if c.Date.IsZero() {
			return i, FieldErrorf("date", "required")
		}
		if i == 0 {
			continue
		}
		prev := h[i-1]
		if c.Date.Before(prev.Date) {
			return i, FieldErrorf("date", "%s is before the previous change (%s)", c.Date, prev.Date)
		}
		if !CanTransition(prev.Status, c.Status) {
			return i, FieldErrorf("status", "illegal transition %s → %s (from %s: %v)",
				prev.Status, c.Status, prev.Status, NextStatuses(prev.Status))
		}
	}
	return -1, nil
}

// Transition appends a status change to p after checking it is legal.
func (p *Provision) Transition(c StatusChange) error {
	h := append(slices.Clone(p.History), c)
	if i, err := CheckHistory(h); err != nil {
		return fmt.Errorf("provision %s: change %d: %w", p.ID, i, err)
	}
	p.History = h
	return nil
}

// StatusAt returns the provision's status on date d and the date it took that
// status; ok is false if it had no status yet.
func (p *Provision) StatusAt(d Date) (s Status, since Date, ok bool) {
	for _, c := range p.History {
		if c.Date.After(d) {
			break
		}
		if !ok || c.Status != s {
			since = c.Date
		}
		s, ok = c.Status, true
	}
	return s, since, ok
}

// Status returns the current status (the last in the history).
func (p *Provision) Status() Status {
	if len(p.History) == 0 {
		return ""
	}
	return p.History[len(p.History)-1].Status
}

// InForceAt reports whether the provision is in force on d: its status is
// in-force and d lies within its time window.
func (p *Provision) InForceAt(d Date) bool {
	s, _, ok := p.StatusAt(d)
	return ok && s == StatusInForce && p.Window.Contains(d)
}

// Binds reports whether the provision binds party.
func (p *Provision) Binds(party string) bool { return slices.Contains(p.Parties, party) }

// ConditionKind is the kind of a condition on a provision.
type ConditionKind string

// The kinds of condition.
const (
	// CondHeldFor: holds only after another provision has been in force for Days days.
	CondHeldFor ConditionKind = "held-for"
	// CondUnanimity: needs the support of every member of a bloc (EU sanctions).
	CondUnanimity ConditionKind = "unanimity"
	// CondAcceptance: needs the acceptance of named parties.
	CondAcceptance ConditionKind = "acceptance"
)

// Condition is a condition a provision depends on.
type Condition struct {
	Kind      ConditionKind `json:"kind"`
	Provision string        `json:"provision,omitempty"` // held-for: the provision that must hold
	Days      int           `json:"days,omitempty"`      // held-for: how long
	Bloc      string        `json:"bloc,omitempty"`      // unanimity: the bloc
	Parties   []string      `json:"parties,omitempty"`   // acceptance: who must accept
	Note      string        `json:"note,omitempty"`
}

// Validate checks the condition's own fields.
func (c *Condition) Validate() error {
	switch c.Kind {
	case CondHeldFor:
		if c.Provision == "" {
			return FieldErrorf("provision", "required for a held-for condition")
		}
		if c.Days <= 0 {
			return FieldErrorf("days", "must be positive, got %d", c.Days)
		}
	case CondUnanimity:
		if c.Bloc == "" {
			return FieldErrorf("bloc", "required for a unanimity condition")
		}
	case CondAcceptance:
		if len(c.Parties) == 0 {
			return FieldErrorf("parties", "required for an acceptance condition")
		}
	default:
		return FieldErrorf("kind", "%q is not one of held-for, unanimity, acceptance", c.Kind)
	}
	return nil
}

// String describes the condition for a person.
func (c Condition) String() string {
	switch c.Kind {
	case CondHeldFor:
		return fmt.Sprintf("%s must have held for %d days", c.Provision, c.Days)
	case CondUnanimity:
		return fmt.Sprintf("needs the unanimity of the members of %s", c.Bloc)
	case CondAcceptance:
		return fmt.Sprintf("needs the acceptance of %v", c.Parties)
	}
	return string(c.Kind)
}
