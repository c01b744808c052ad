package formats

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
)

// ploverTypes maps Truce's event types to PLOVER's: an assault is ASSAULT,
// an advance across the line SEIZE (taking territory), heavy weapons where
// they may not be MOBILIZE (a change of military posture).
var ploverTypes = map[truce.EventType]string{
	truce.EventAssault:      "ASSAULT",
	truce.EventAdvance:      "SEIZE",
	truce.EventHeavyWeapons: "MOBILIZE",
}

// ploverModes maps Truce's modes to PLOVER mode names.
var ploverModes = map[truce.Mode]string{
	truce.ModeShelling:      "artillery",
	truce.ModeMissile:       "missile",
	truce.ModeDrone:         "drone",
	truce.ModeAirstrike:     "aerial",
	truce.ModeGroundAssault: "ground",
	truce.ModeSmallArms:     "firearms",
}

// PloverEvent is one event in PLOVER's JSON: PLOVER's core fields (id,
// date, event_type, mode, context, actor, recipient, location, magnitude,
// text) and, under "truce", what PLOVER has no field for, so that a round
// trip keeps every public field of a report.
type PloverEvent struct {
	ID        string          `json:"id"`
	Date      string          `json:"date"` // YYYY-MM-DD
	EventType string          `json:"event_type"`
	Mode      string          `json:"mode,omitempty"`
	Context   []string        `json:"context,omitempty"` // the target class
	Actor     string          `json:"actor,omitempty"`   // the alleged perpetrator
	Recipient string          `json:"recipient,omitempty"`
	Location  PloverLocation  `json:"location"`
	Magnitude PloverMagnitude `json:"magnitude"`
	Text      string          `json:"text,omitempty"`
	Truce     PloverTruce     `json:"truce"`
}

// PloverLocation is where an event happened.
type PloverLocation struct {
	Name      string  `json:"name,omitempty"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Precision int     `json:"precision"`
}

// PloverMagnitude counts an event's dead and injured (best estimates).
type PloverMagnitude struct {
	Dead    *int `json:"dead,omitempty"`
	Injured *int `json:"injured,omitempty"`
}

// PloverTruce holds a report's fields that PLOVER lacks.
type PloverTruce struct {
	ObservedAt    time.Time           `json:"observed_at"`
	ObservedUntil *time.Time          `json:"observed_until,omitempty"`
	TimePrecision truce.TimePrecision `json:"time_precision,omitempty"`
	Weapons       []string            `json:"weapons,omitempty"`
	Killed        truce.Count         `json:"killed"`
	Injured       truce.Count         `json:"injured"`
	Source        truce.ReportSource  `json:"source"`
	Attachments   []string            `json:"attachments,omitempty"`
	Provisions    []string            `json:"provisions,omitempty"`
	Zone          string              `json:"zone,omitempty"`
	Revises       string              `json:"revises,omitempty"` // the client id of the report this one revises
}

// ToPlover converts a report to a PLOVER event (without the source's identity).
func ToPlover(r *truce.Report) PloverEvent {
	src := r.Source
	src.Identity = ""
	e := PloverEvent{
		ID: r.ClientID, Date: r.ObservedAt.UTC().Format(time.DateOnly), EventType: ploverTypes[r.Type], Mode: ploverModes[r.Mode],
		Actor: r.Perpetrator, Location: PloverLocation{Name: r.Place, Lat: r.Lat, Lon: r.Lon, Precision: r.Precision},
		Magnitude: PloverMagnitude{Dead: r.Killed.Best, Injured: r.Injured.Best}, Text: r.Description,
		Truce: PloverTruce{ObservedAt: r.ObservedAt, ObservedUntil: r.ObservedUntil, TimePrecision: r.TimePrecision, Weapons: r.Weapons,
			Killed: r.Killed, Injured: r.Injured, Source: src, Attachments: r.Attachments, Provisions: r.Provisions, Zone: r.Zone,
			Revises: r.Revises},
	}
	if r.Target != "" {
		e.Context = []string{string(r.Target)}
	}
	return e
}

// FromPlover converts a PLOVER event to a report. Events without a truce
// object (from other PLOVER producers) take their time from date and
// their counts from magnitude.
func FromPlover(e *PloverEvent) (truce.Report, error) {
	r := truce.Report{ClientID: e.ID, Perpetrator: e.Actor, Place: e.Location.Name, Lat: e.Location.Lat, Lon: e.Location.Lon,
		Precision: e.Location.Precision, Description: e.Text}
	found := false
	for t, p := range ploverTypes {
		if p == strings.ToUpper(e.EventType) {
			r.Type, found = t, true
		}
	}
	if !found {
		return r, truce.FieldErrorf("event_type", "%q: Truce records ASSAULT, SEIZE (an advance) and MOBILIZE (heavy weapons)", e.EventType)
	}
	if e.Mode != "" {
		found = false
		for m, p := range ploverModes {
			if p == strings.ToLower(e.Mode) {
				r.Mode, found = m, true
			}
		}
		if !found {
			return r, truce.FieldErrorf("mode", "%q is not a mode Truce knows", e.Mode)
		}
	}
	if len(e.Context) > 0 {
		r.Target = truce.TargetClass(e.Context[0])
	}
	t := e.Truce
	r.ObservedAt, r.ObservedUntil, r.TimePrecision = t.ObservedAt, t.ObservedUntil, t.TimePrecision
	r.Weapons, r.Killed, r.Injured, r.Source = t.Weapons, t.Killed, t.Injured, t.Source
	r.Attachments, r.Provisions, r.Zone, r.Revises = t.Attachments, t.Provisions, t.Zone, t.Revises
	if r.ObservedAt.IsZero() {
		d, err := time.Parse(time.DateOnly, e.Date)
		if err != nil {
			return r, truce.FieldErrorf("date", "%q is not YYYY-MM-DD", e.Date)
		}
		r.ObservedAt, r.TimePrecision = d, truce.TimeDay
	}
	if r.Killed.Best == nil {
		r.Killed.Best = e.Magnitude.Dead
	}
	if r.Injured.Best == nil {
		r.Injured.Best = e.Magnitude.Injured
	}
	if r.Source.Kind == "" {
		r.Source.Kind = truce.SourceOpenSource
	}
	return r, nil
}

// WritePLOVER writes reports as PLOVER events, one JSON object per line.
func WritePLOVER(w io.Writer, reports []truce.Report) error {
	enc := json.NewEncoder(w)
	for i := range reports {
		if err := enc.Encode(ToPlover(&reports[i])); err != nil {
			return err
		}
	}
	return nil
}

// ReadPLOVER reads PLOVER events, one JSON object per line (blank lines skipped).
func ReadPLOVER(r io.Reader) ([]intake.Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), intake.MaxLine)
	var rows []intake.Row
	for line := 1; sc.Scan(); line++ {
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var e PloverEvent
		dec := json.NewDecoder(strings.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			rows = append(rows, intake.Row{Line: line, Err: intake.JSONError(err)})
			continue
		}
		rep, err := FromPlover(&e)
		rows = append(rows, intake.Row{Line: line, Report: rep, Err: err})
	}
	return rows, sc.Err()
}
