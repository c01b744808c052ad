package truce

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
)

// EventType is what happened, in the terms of PLOVER (the Political Language
// Ontology for Verifiable Event Records): an assault, an advance across the
// line of contact, or heavy weapons where they may not be.
type EventType string

// The event types.
const (
	// EventAssault is PLOVER's ASSAULT: the use of force against a target.
	EventAssault EventType = "assault"
	// EventAdvance is a movement of forces across the line of contact.
	EventAdvance EventType = "advance"
	// EventHeavyWeapons is heavy weapons present inside a withdrawal zone
	// (PLOVER's MOBILIZE with a military-posture mode).
	EventHeavyWeapons EventType = "heavy-weapons"
)

// EventTypes lists every event type.
var EventTypes = []EventType{EventAssault, EventAdvance, EventHeavyWeapons}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return slices.Contains(EventTypes, t) }

// Mode is how an event happened: PLOVER's mode attribute.
type Mode string

// The modes. The empty mode means "not stated".
const (
	ModeShelling      Mode = "shelling"
	ModeMissile       Mode = "missile"
	ModeDrone         Mode = "drone"
	ModeAirstrike     Mode = "airstrike"
	ModeGroundAssault Mode = "ground-assault"
	ModeSmallArms     Mode = "small-arms"
)

// Modes lists the modes each event type admits.
var Modes = map[EventType][]Mode{
	EventAssault:      {ModeShelling, ModeMissile, ModeDrone, ModeAirstrike, ModeGroundAssault, ModeSmallArms},
	EventAdvance:      {ModeGroundAssault},
	EventHeavyWeapons: {ModeShelling, ModeMissile},
}

// TimePrecision says how well an observation's time is known, in the manner
// of UCDP's date_prec.
type TimePrecision string

// The time precisions, finest first.
const (
	TimeExact TimePrecision = "exact" // to the minute
	TimeHour  TimePrecision = "hour"
	TimeDay   TimePrecision = "day"
	TimeWeek  TimePrecision = "week"
	TimeMonth TimePrecision = "month"
	TimeYear  TimePrecision = "year"
)

// TimePrecisions lists the precisions, finest first.
var TimePrecisions = []TimePrecision{TimeExact, TimeHour, TimeDay, TimeWeek, TimeMonth, TimeYear}

// Valid reports whether p is a known precision.
func (p TimePrecision) Valid() bool { return slices.Contains(TimePrecisions, p) }

// Slack is how far apart two observations of this precision may be and
// still be the same event.
func (p TimePrecision) Slack() time.Duration {
	switch p {
	case TimeExact:
		return 3 * time.Hour
	case TimeHour:
		return 6 * time.Hour
	case TimeDay:
		return 24 * time.Hour
	case TimeWeek:
		return 7 * 24 * time.Hour
	case TimeMonth:
		return 31 * 24 * time.Hour
	}
	return 366 * 24 * time.Hour
}

// Location precision levels follow UCDP GED's where_prec (1 to 7); ACLED's
// geo_precision 1 to 3 has the same meaning as UCDP's 1 to 3.
const (
	PrecisionExact    = 1 // the exact location (a town, a village)
	PrecisionNear     = 2 // within about 25 km of the point
	PrecisionAdmin2   = 3 // somewhere in the second-order administrative division (raion)
	PrecisionAdmin1   = 4 // somewhere in the first-order division (oblast)
	PrecisionLinear   = 5 // a linear feature (a river, a road, the front)
	PrecisionCountry  = 6 // only the country is known
	PrecisionAtSea    = 7 // international waters or airspace
	MaxPrecisionLevel = 7
)

// PrecisionRadiusKm is how far from its point an event of location
// precision level may have happened, for clustering.
func PrecisionRadiusKm(level int) float64 {
	switch level {
	case PrecisionExact:
		return 2
	case PrecisionNear:
		return 25
	case PrecisionAdmin2:
		return 50
	case PrecisionAdmin1, PrecisionLinear:
		return 150
	}
	return 1000
}

// SourceKind is where a report comes from.
type SourceKind string

// The source kinds.
const (
	SourceMonitor        SourceKind = "monitor"         // the mission's own monitors
	SourceOpenSource     SourceKind = "open-source"     // media, social media, datasets
	SourcePartyComplaint SourceKind = "party-complaint" // a party's claim against another
)

// SourceKinds lists every source kind.
var SourceKinds = []SourceKind{SourceMonitor, SourceOpenSource, SourcePartyComplaint}

// Valid reports whether k is a known kind.
func (k SourceKind) Valid() bool { return slices.Contains(SourceKinds, k) }

// ReportSource says who reported. Identity (a monitor's call sign, an
// informant's name) is kept apart from the report in the store and never
// appears in public views; see Report.Redacted.
type ReportSource struct {
	Kind SourceKind `json:"kind"`
	// Reliability on the Admiralty scale: A (completely reliable) to F
	// (cannot be judged); empty when not graded.
	Reliability string `json:"reliability,omitempty"`
	// Name is the public name of the source: an outlet, a dataset, a party's
	// ministry. It may be shown.
	Name string `json:"name,omitempty"`
	// Party is the complaining party of a party complaint.
	Party string `json:"party,omitempty"`
	// Identity is who the source is; never public.
	Identity string `json:"identity,omitempty"`
}

// Key identifies the source for independence: two reports with the same
// key are not independent. An unnamed, unidentified source is its own
// source: key by the report's client id.
func (s ReportSource) Key(clientID string) string {
	switch {
	case s.Kind == SourcePartyComplaint && s.Party != "":
		return "party:" + s.Party
	case s.Identity != "":
		return string(s.Kind) + ":id:" + s.Identity
	case s.Name != "":
		return string(s.Kind) + ":name:" + strings.ToLower(s.Name)
	}
	return string(s.Kind) + ":report:" + clientID
}

// Count is a number known within bounds: killed, injured. A nil bound is unknown.
type Count struct {
	Low  *int `json:"low,omitempty"`
	Best *int `json:"best,omitempty"`
	High *int `json:"high,omitempty"`
}

// N returns a pointer to n, for building Counts.
func N(n int) *int { return &n }

// BestOr returns the best estimate, else the low bound, else the high, else def.
func (c Count) BestOr(def int) int {
	switch {
	case c.Best != nil:
		return *c.Best
	case c.Low != nil:
		return *c.Low
	case c.High != nil:
		return *c.High
	}
	return def
}

// Known reports whether any bound is given.
func (c Count) Known() bool { return c.Low != nil || c.Best != nil || c.High != nil }

// Validate checks that bounds are non-negative and ordered low ≤ best ≤ high.
func (c Count) Validate(field string) error {
	for _, b := range []struct {
		name string
		v    *int
	}{{"low", c.Low}, {"best", c.Best}, {"high", c.High}} {
		if b.v != nil && *b.v < 0 {
			return FieldErrorf(field+"."+b.name, "%d is negative", *b.v)
		}
	}
	if c.Low != nil && c.Best != nil && *c.Low > *c.Best {
		return FieldErrorf(field+".low", "low %d is greater than best %d", *c.Low, *c.Best)
	}
	if c.Best != nil && c.High != nil && *c.Best > *c.High {
		return FieldErrorf(field+".high", "high %d is less than best %d", *c.High, *c.Best)
	}
	if c.Low != nil && c.High != nil && *c.Low > *c.High {
		return FieldErrorf(field+".high", "high %d is less than low %d", *c.High, *c.Low)
	}
	return nil
}

// Report is one account of an event, from one source. Reports are never
// changed once accepted; they are grouped into Incidents.
type Report struct {
	ID       int64  `json:"id,omitempty"`
	ClientID string `json:"client_id"` // chosen by the submitter; a retry with the same id is the same report
	// Revises is the client id of an earlier report from the same source
	// that this one corrects or completes (a monitor team's update of its
	// own report): it joins that report's incident. Empty: the report is of
	// an event of its own as far as its source is concerned (see
	// Incident.Admits).
	Revises  string `json:"revises,omitempty"`
	Incident int64  `json:"incident,omitempty"`

	ObservedAt    time.Time     `json:"observed_at"`              // when it happened (start of the window)
	ObservedUntil *time.Time    `json:"observed_until,omitempty"` // end of the window, if a window
	TimePrecision TimePrecision `json:"time_precision,omitempty"` // default exact

	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Precision int     `json:"precision"`       // location precision, 1..7 (UCDP where_prec)
	Place     string  `json:"place,omitempty"` // place name as reported: "Sumy"

	Type        EventType   `json:"type"`
	Mode        Mode        `json:"mode,omitempty"`
	Weapons     []string    `json:"weapons,omitempty"`
	Target      TargetClass `json:"target"`
	Killed      Count       `json:"killed"`
	Injured     Count       `json:"injured"`
	Perpetrator string      `json:"perpetrator,omitempty"` // alleged, a party code

	Source      ReportSource `json:"source"`
	Description string       `json:"description,omitempty"`
	Attachments []string     `json:"attachments,omitempty"` // "sha256:HEX" content hashes

	// Provisions the report alleges were violated, and the zone it names;
	// both must exist in the store.
	Provisions []string `json:"provisions,omitempty"`
	Zone       string   `json:"zone,omitempty"`

	ReceivedAt time.Time `json:"received_at,omitzero"`

	// SourceHash is SourceKey as the store keeps it (a stored report has no
	// identity beside it); empty until then.
	SourceHash string `json:"-"`
}

// Limits on report fields.
const (
	MaxClientIDLen    = 128
	MaxDescriptionLen = 20000
	MaxListLen        = 64
)

var (
	clientIDRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)
	hashRE        = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	weaponRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	reliabilityRE = regexp.MustCompile(`^[A-F]$`)
)

// Normalize fills defaults (time precision exact, UTC times) before validation.
func (r *Report) Normalize() {
	if r.TimePrecision == "" {
		r.TimePrecision = TimeExact
	}
	r.ObservedAt = r.ObservedAt.UTC()
	if r.ObservedUntil != nil {
		u := r.ObservedUntil.UTC()
		r.ObservedUntil = &u
	}
	r.Perpetrator = strings.ToUpper(r.Perpetrator)
	r.Source.Party = strings.ToUpper(r.Source.Party)
}

// Validate checks every field of the report and returns all problems found,
// joined, each an EINVALID *Error naming its field. now bounds observation
// times: a report of the future is refused (a minute of clock skew allowed).
func (r *Report) Validate(now time.Time) error {
	var errs []error
	bad := func(field, format string, args ...any) { errs = append(errs, FieldErrorf(field, format, args...)) }
	switch {
	case r.ClientID == "":
		bad("client_id", "required")
	case len(r.ClientID) > MaxClientIDLen:
		bad("client_id", "%d bytes, at most %d", len(r.ClientID), MaxClientIDLen)
	case !clientIDRE.MatchString(r.ClientID):
		bad("client_id", "%q: use letters, digits and . _ : / -", r.ClientID)
	}
	switch {
	case r.Revises == "":
	case len(r.Revises) > MaxClientIDLen || !clientIDRE.MatchString(r.Revises):
		bad("revises", "%q is not a client id", r.Revises)
	case r.Revises == r.ClientID:
		bad("revises", "a report cannot revise itself")
	}
	future := now.Add(time.Minute)
	switch {
	case r.ObservedAt.IsZero():
		bad("observed_at", "required (RFC 3339 time)")
	case r.ObservedAt.After(future):
		bad("observed_at", "%s is in the future", r.ObservedAt.Format(time.RFC3339))
	case r.ObservedAt.Year() < 1900:
		bad("observed_at", "%s is implausibly early", r.ObservedAt.Format(time.RFC3339))
	}
	if u := r.ObservedUntil; u != nil {
		switch {
		case u.Before(r.ObservedAt):
			bad("observed_until", "%s is before observed_at", u.Format(time.RFC3339))
		case u.After(future):
			bad("observed_until", "%s is in the future", u.Format(time.RFC3339))
		}
	}
	if !r.TimePrecision.Valid() {
		bad("time_precision", "%q is not one of %v", r.TimePrecision, TimePrecisions)
	}
	switch {
	case math.IsNaN(r.Lat) || r.Lat < -90 || r.Lat > 90:
		bad("lat", "%v is out of range [-90, 90]", r.Lat)
	}
	switch {
	case math.IsNaN(r.Lon) || r.Lon < -180 || r.Lon > 180:
		bad("lon", "%v is out of range [-180, 180]", r.Lon)
	}
	if r.Lat == 0 && r.Lon == 0 {
		bad("lat", "0,0 is not a place of this conflict: give the coordinates")
	}
	if r.Precision < 1 || r.Precision > MaxPrecisionLevel {
		bad("precision", "%d is not a location precision level 1..%d (UCDP where_prec; ACLED 1..3)", r.Precision, MaxPrecisionLevel)
	}
	if len(r.Place) > 200 {
		bad("place", "%d bytes, at most 200", len(r.Place))
	}
	if !r.Type.Valid() {
		bad("type", "%q is not one of %v", r.Type, EventTypes)
	} else if r.Mode != "" && !slices.Contains(Modes[r.Type], r.Mode) {
		bad("mode", "%q is not a mode of %s (one of %v)", r.Mode, r.Type, Modes[r.Type])
	}
	if len(r.Weapons) > MaxListLen {
		bad("weapons", "%d entries, at most %d", len(r.Weapons), MaxListLen)
	}
	for i, w := range r.Weapons {
		if !weaponRE.MatchString(w) || len(w) > 64 {
			bad(fmt.Sprintf("weapons[%d]", i), "%q: use lower-case words joined by -", w)
		}
	}
	if r.Target == "" {
		if r.Type == EventAssault {
			bad("target", "required for an assault (one of %v)", TargetClasses)
		}
	} else if !r.Target.Valid() {
		bad("target", "%q is not one of %v", r.Target, TargetClasses)
	}
	if err := r.Killed.Validate("killed"); err != nil {
		errs = append(errs, err)
	}
	if err := r.Injured.Validate("injured"); err != nil {
		errs = append(errs, err)
	}
	if r.Perpetrator != "" && !ValidPartyCode(r.Perpetrator) {
		bad("perpetrator", "%q is not a party code", r.Perpetrator)
	}
	switch {
	case r.Source.Kind == "":
		bad("source.kind", "required (one of %v)", SourceKinds)
	case !r.Source.Kind.Valid():
		bad("source.kind", "%q is not one of %v", r.Source.Kind, SourceKinds)
	case r.Source.Kind == SourcePartyComplaint && !ValidPartyCode(r.Source.Party):
		bad("source.party", "a party complaint names the complaining party's code, got %q", r.Source.Party)
	}
	if r.Source.Reliability != "" && !reliabilityRE.MatchString(r.Source.Reliability) {
		bad("source.reliability", "%q is not an Admiralty grade A..F", r.Source.Reliability)
	}
	if len(r.Source.Identity) > 200 {
		bad("source.identity", "%d bytes, at most 200", len(r.Source.Identity))
	}
	if len(r.Source.Name) > 200 {
		bad("source.name", "%d bytes, at most 200", len(r.Source.Name))
	}
	if len(r.Description) > MaxDescriptionLen {
		bad("description", "%d bytes, at most %d", len(r.Description), MaxDescriptionLen)
	}
	if len(r.Attachments) > MaxListLen {
		bad("attachments", "%d entries, at most %d", len(r.Attachments), MaxListLen)
	}
	for i, a := range r.Attachments {
		if !hashRE.MatchString(a) {
			bad(fmt.Sprintf("attachments[%d]", i), "%q is not a content hash sha256:<64 hex digits>", a)
		}
	}
	if len(r.Provisions) > MaxListLen {
		bad("provisions", "%d entries, at most %d", len(r.Provisions), MaxListLen)
	}
	for i, p := range r.Provisions {
		if p == "" {
			bad(fmt.Sprintf("provisions[%d]", i), "empty provision id")
		}
	}
	return errors.Join(errs...)
}

// End returns the end of the observation window (ObservedAt if an instant).
func (r *Report) End() time.Time {
	if r.ObservedUntil != nil {
		return *r.ObservedUntil
	}
	return r.ObservedAt
}

// SourceKey is a hash of the key of the report's source, for independence:
// the key itself may hold the source's identity.
func (r *Report) SourceKey() string {
	if r.SourceHash != "" {
		return r.SourceHash
	}
	h := sha256.Sum256([]byte("truce-source-key\x00" + r.Source.Key(r.ClientID)))
	return hex.EncodeToString(h[:16])
}

// CheckRevises checks that the report r revises, whose source has the
// SourceKey origSourceKey, came from r's own source: a source revises only
// its own reports. EINVALID on field revises otherwise.
func (r *Report) CheckRevises(origSourceKey string) error {
	if origSourceKey != r.SourceKey() {
		return FieldErrorf("revises", "report %q is from another source: a source revises only its own reports", r.Revises)
	}
	return nil
}

// ContentHash is a hash of everything the submitter sent (not the ids the
// store assigns): a retry with the same client id must carry the same content.
func (r *Report) ContentHash() string {
	c := *r
	c.ID, c.Incident, c.ReceivedAt, c.SourceHash = 0, 0, time.Time{}, ""
	var buf [1024]byte
	h := sha256.Sum256(c.appendJSON(buf[:0])) // the bytes of json.Marshal(c)
	var x [2 * sha256.Size]byte
	hex.Encode(x[:], h[:])
	return string(x[:])
}

// Redacted returns the report as the public may see it: no source identity,
// place coarsened to 0.1° (about 10 km) and a location precision no finer
// than 2, time truncated to the day.
func (r Report) Redacted() Report {
	r.Source.Identity = ""
	r.Lat, r.Lon = CoarsenCoord(r.Lat), CoarsenCoord(r.Lon)
	if r.Precision < PrecisionNear {
		r.Precision = PrecisionNear
	}
	r.ObservedAt = r.ObservedAt.Truncate(24 * time.Hour)
	if r.ObservedUntil != nil {
		u := r.ObservedUntil.Truncate(24 * time.Hour)
		r.ObservedUntil = &u
	}
	if r.TimePrecision == TimeExact || r.TimePrecision == TimeHour {
		r.TimePrecision = TimeDay
	}
	r.ReceivedAt = time.Time{}
	return r
}

// CoarsenCoord rounds a coordinate to 0.1 degree.
func CoarsenCoord(v float64) float64 { return math.Round(v*10) / 10 }

// HaversineKm is the great-circle distance between two points in km on a
// sphere of the Earth's mean radius: precise enough to cluster reports (the
// geodesic distances of the ground live in package geo).
func HaversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
