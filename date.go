package truce

import (
	"encoding/json"
	"fmt"
	"time"
	_ "time/tzdata" // the mission's zone resolves on machines without zoneinfo
)

// Date is a civil date (no time of day, no zone), the unit in which
// agreements, positions and talks are dated. The zero Date is "no date".
//
// Dates are the mission's local days: a provision in force from 2025-03-18
// to 2025-04-17 covers what happened from midnight of 2025-03-18 to the end
// of 2025-04-17 in the mission's time zone (DefaultZone unless the scenario
// or the server says otherwise), and an incident's date, the daily report's
// day and the ceasefire clocks are counted in that zone too (DateIn,
// Date.StartIn). A report at 2025-04-12T22:30Z is of 2025-04-13 in Kyiv.
type Date struct{ t time.Time }

// DefaultZone is the mission's time zone unless configured otherwise: the
// war is in Ukraine, and its days are Kyiv's.
const DefaultZone = "Europe/Kyiv"

// LoadZone returns the location of an IANA time zone name ("" is
// DefaultZone); EINVALID on field time_zone for an unknown name. The zone
// database is embedded (time/tzdata), so it works on any machine.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, FieldErrorf("time_zone", "%q is not an IANA time zone name (like %s)", name, DefaultZone)
	}
	return loc, nil
}

// DefaultLocation is the location of DefaultZone.
func DefaultLocation() *time.Location {
	loc, err := LoadZone(DefaultZone)
	if err != nil {
		panic(err) // the zone database is embedded
	}
	return loc
}

// DateIn returns the civil date of t in loc (UTC when loc is nil).
func DateIn(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// StartIn returns the instant d begins in loc (its local midnight; UTC when
// loc is nil): the day d in loc is [d.StartIn(loc), d.AddDays(1).StartIn(loc)).
func (d Date) StartIn(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc).UTC()
}

// DateLayout is the textual form of a Date.
const DateLayout = "2006-01-02"

// NewDate returns the Date of year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the civil date of t in UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD, rejecting anything else (including 2025-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// MustParseDate is ParseDate for constants in tests and built-in data; it panics on error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of d: the Date's value, not when d begins in
// the mission's zone (StartIn).
func (d Date) Time() time.Time { return d.t }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysSince returns the number of days from e to d (negative if d is before e).
func (d Date) DaysSince(e Date) int { return int(d.t.Sub(e.t).Hours() / 24) }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Window is a closed interval of dates (local days of the mission's zone,
// see Date); a zero bound is open.
type Window struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Contains reports whether d lies in w.
func (w Window) Contains(d Date) bool {
	if !w.From.IsZero() && d.Before(w.From) {
		return false
	}
	if !w.To.IsZero() && d.After(w.To) {
		return false
	}
	return true
}

// String returns "FROM..TO" with empty open bounds.
func (w Window) String() string { return w.From.String() + ".." + w.To.String() }
