package truce

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date (no time of day, no zone), the unit in which
// agreements, positions and talks are dated. The zero Date is "no date".
type Date struct{ t time.Time }

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

// Time returns midnight UTC of d.
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

// Window is a closed interval of dates; a zero bound is open.
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
