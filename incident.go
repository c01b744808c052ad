package truce

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Grade is how far an incident is established.
type Grade string

// The grades.
const (
	// GradeAlleged: one source, or only a party's claim.
	GradeAlleged Grade = "alleged"
	// GradeCorroborated: two or more independent sources, at least one not a party.
	GradeCorroborated Grade = "corroborated"
	// GradeVerified: an analyst verified it, with a reason.
	GradeVerified Grade = "verified"
	// GradeDisputed: a party contests it; the contest awaits the mission's response.
	GradeDisputed Grade = "disputed"
)

// Grades lists every grade.
var Grades = []Grade{GradeAlleged, GradeCorroborated, GradeVerified, GradeDisputed}

// Valid reports whether g is a known grade.
func (g Grade) Valid() bool { return slices.Contains(Grades, g) }

// DecisionKind is what an analyst or a party decided about an incident.
type DecisionKind string

// The decisions.
const (
	DecisionVerify   DecisionKind = "verify"   // an analyst verifies the incident
	DecisionUnverify DecisionKind = "unverify" // an analyst withdraws a verification
	DecisionDispute  DecisionKind = "dispute"  // a party contests the incident
	DecisionUphold   DecisionKind = "uphold"   // the mission answers a contest: the finding stands (verified)
	DecisionOverturn DecisionKind = "overturn" // the mission answers a contest: the contest is accepted (back to the sources' grade)
)

// DecisionKinds lists every decision kind.
var DecisionKinds = []DecisionKind{DecisionVerify, DecisionUnverify, DecisionDispute, DecisionUphold, DecisionOverturn}

// Valid reports whether k is a known kind.
func (k DecisionKind) Valid() bool { return slices.Contains(DecisionKinds, k) }

// DefaultContestDays is the time the mission has to answer a contest.
const DefaultContestDays = 7

// Decision is one recorded decision on an incident: who, when and why.
type Decision struct {
	ID       int64        `json:"id,omitempty"`
	Incident int64        `json:"incident"`
	Kind     DecisionKind `json:"kind"`
	By       string       `json:"by"`              // the actor (user name, or "anonymous")
	At       time.Time    `json:"at"`              // when it was recorded
	Reason   string       `json:"reason"`          // why; required
	Party    string       `json:"party,omitempty"` // dispute: the contesting party
	// Deadline of a dispute: when the mission's response is due.
	Deadline *time.Time `json:"deadline,omitempty"`
	// PublicReason is what liaisons and the public read of why the mission
	// verified, unverified, upheld or overturned: a text written for
	// publication. Reason is the mission's own (it may name a team, its post,
	// a source or a street) and stays with its staff. A dispute has none: its
	// reason is its party's own words, which are public. (Last, and omitted
	// when empty, so that decisions logged before it existed keep their
	// record bytes.)
	PublicReason string `json:"public_reason,omitempty"`
}

// MaxDecisionReason bounds a decision's reason and its public reason, in bytes.
const MaxDecisionReason = 4000

// Validate checks the decision's own fields.
func (d *Decision) Validate() error {
	switch {
	case !d.Kind.Valid():
		return FieldErrorf("kind", "%q is not one of %v", d.Kind, DecisionKinds)
	case strings.TrimSpace(d.Reason) == "":
		return FieldErrorf("reason", "required: every decision records why")
	case len(d.Reason) > MaxDecisionReason:
		return FieldErrorf("reason", "%d bytes, at most %d", len(d.Reason), MaxDecisionReason)
	case len(d.PublicReason) > MaxDecisionReason:
		return FieldErrorf("public_reason", "%d bytes, at most %d", len(d.PublicReason), MaxDecisionReason)
	case d.Kind == DecisionDispute && d.PublicReason != "":
		return FieldErrorf("public_reason", "a dispute's reason is its party's own and public already: give it as reason")
	case d.By == "":
		return FieldErrorf("by", "required")
	case d.Kind == DecisionDispute && !ValidPartyCode(d.Party):
		return FieldErrorf("party", "a dispute names the contesting party's code, got %q", d.Party)
	case d.Kind != DecisionDispute && d.Party != "":
		return FieldErrorf("party", "only a dispute names a party")
	case d.Deadline != nil && d.Kind != DecisionDispute:
		return FieldErrorf("deadline", "only a dispute has a deadline")
	case d.Deadline != nil && !d.At.IsZero() && d.Deadline.Before(d.At):
		return FieldErrorf("deadline", "%s is before the dispute", d.Deadline.Format(time.RFC3339))
	}
	return nil
}

// Contest is a party's dispute of an incident and the mission's answer.
type Contest struct {
	Decision   int64      `json:"decision"` // the dispute's decision id
	Party      string     `json:"party"`
	By         string     `json:"by"`
	At         time.Time  `json:"at"`
	Reason     string     `json:"reason"`
	Deadline   time.Time  `json:"deadline"`
	Answer     string     `json:"answer,omitempty"` // uphold or overturn
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	AnsweredBy string     `json:"answered_by,omitempty"`
	Reply      string     `json:"reply,omitempty"`
	// ReplyPublic is the answer's public reason (Decision.PublicReason).
	ReplyPublic string `json:"reply_public,omitempty"`
	Overdue     bool   `json:"overdue"` // unanswered past its deadline (at the time of reading)
}

// NextGrade applies a decision to an incident's grade. sourceGrade is the
// grade its sources alone give (alleged or corroborated). It returns
// EINVALID when the decision does not apply (upholding an undisputed incident).
func NextGrade(cur, sourceGrade Grade, d DecisionKind) (Grade, error) {
	switch d {
	case DecisionVerify:
		if cur == GradeDisputed {
			return "", Errorf(EINVALID, "the incident is disputed: answer the contest (uphold or overturn)")
		}
		if cur == GradeVerified {
			return "", Errorf(EINVALID, "the incident is already verified")
		}
		return GradeVerified, nil
	case DecisionUnverify:
		if cur != GradeVerified {
			return "", Errorf(EINVALID, "the incident is %s, not verified", cur)
		}
		return sourceGrade, nil
	case DecisionDispute:
		if cur == GradeDisputed {
			return "", Errorf(EINVALID, "the incident is already disputed: one contest at a time")
		}
		return GradeDisputed, nil
	case DecisionUphold:
		if cur != GradeDisputed {
			return "", Errorf(EINVALID, "the incident is %s, not disputed", cur)
		}
		return GradeVerified, nil
	case DecisionOverturn:
		if cur != GradeDisputed {
			return "", Errorf(EINVALID, "the incident is %s, not disputed", cur)
		}
		return sourceGrade, nil
	}
	return "", FieldErrorf("kind", "%q is not one of %v", d, DecisionKinds)
}

// SourceGrade is the grade that independent sources alone give: corroborated
// when at least two independent sources reported it and at least one of
// them is not a party to the conflict; alleged otherwise. It returns the
// number of independent sources too.
func SourceGrade(reports []Report) (Grade, int) {
	keys := map[string]bool{}
	nonParty := false
	for i := range reports {
		keys[reports[i].SourceKey()] = true
		if reports[i].Source.Kind != SourcePartyComplaint {
			nonParty = true
		}
	}
	if len(keys) >= 2 && nonParty {
		return GradeCorroborated, len(keys)
	}
	return GradeAlleged, len(keys)
}

// Incident is an event as the mission knows it: the reports that describe
// it, how well it is established, the decisions on it and the verdicts on it
// against the provisions in force.
type Incident struct {
	ID            int64         `json:"id"`
	Start         time.Time     `json:"start"`
	End           time.Time     `json:"end"`
	TimePrecision TimePrecision `json:"time_precision"`
	Lat           float64       `json:"lat"`
	Lon           float64       `json:"lon"`
	Precision     int           `json:"precision"`
	Place         string        `json:"place,omitempty"`
	Type          EventType     `json:"type"`
	Mode          Mode          `json:"mode,omitempty"`
	Target        TargetClass   `json:"target,omitempty"`
	Weapons       []string      `json:"weapons,omitempty"`
	Perpetrator   string        `json:"perpetrator,omitempty"`
	Killed        Count         `json:"killed"`
	Injured       Count         `json:"injured"`
	Reports       []int64       `json:"reports"`
	Sources       int           `json:"sources"` // independent sources
	Grade         Grade         `json:"grade"`
	SourceGrade   Grade         `json:"source_grade"`
	Decisions     []Decision    `json:"decisions"`
	Contests      []Contest     `json:"contests"`
	Verdicts      []Verdict     `json:"verdicts"`
	JudgedVersion int64         `json:"judged_version"` // the rules version the verdicts were computed with
	Updated       time.Time     `json:"updated"`
}

// DateIn is the civil date of the incident's start in loc, the mission's
// time zone (see Date).
func (in *Incident) DateIn(loc *time.Location) Date { return DateIn(in.Start, loc) }

// Matches reports whether report r plausibly describes the same event as
// the incident: the same event type, a compatible mode, times within the
// slack of their precisions, and places within the radius of their
// location precisions.
func (in *Incident) Matches(r *Report) bool {
	if in.Type != r.Type {
		return false
	}
	if in.Mode != "" && r.Mode != "" && in.Mode != r.Mode {
		return false
	}
	if in.Target != "" && r.Target != "" && in.Target != r.Target {
		return false
	}
	slack := max(in.TimePrecision.Slack(), r.TimePrecision.Slack())
	if r.ObservedAt.After(in.End.Add(slack)) || r.End().Before(in.Start.Add(-slack)) {
		return false
	}
	radius := max(PrecisionRadiusKm(in.Precision), PrecisionRadiusKm(r.Precision))
	return HaversineKm(in.Lat, in.Lon, r.Lat, r.Lon) <= radius
}

// Admits reports whether report r may join the incident, whose reports
// come from the sources with the given SourceKeys: r must match it
// (Matches) and come from a source none of its reports came from.
//
// One source never reports one event twice as two reports: a curated
// dataset's rows (UCDP GED, ACLED) are deduplicated events, so two rows of
// one dataset with different ids are different events however close in
// time and place, and a monitor team that files two reports of the same day
// and place saw two things. A second report from the same source would not
// corroborate the incident either (SourceGrade counts sources, not
// reports). Reports from different sources (two monitor teams, a monitor
// and a party, two outlets) still join one incident and raise its grade.
func (in *Incident) Admits(r *Report, sourceKeys []string) bool {
	return in.Matches(r) && !slices.Contains(sourceKeys, r.SourceKey())
}

// Summarize recomputes the incident's derived fields from its reports
// (which must be non-empty): its time span, the place of its most precise
// report, type, mode, target, perpetrator and casualties (the largest best
// estimate reported), the independent sources and their grade. Decisions
// are not touched; Grade is set to the source grade unless a decision set it.
func (in *Incident) Summarize(reports []Report) {
	first := reports[0]
	in.Start, in.End = first.ObservedAt, first.End()
	in.TimePrecision = first.TimePrecision
	best := first
	in.Reports = in.Reports[:0]
	in.Killed, in.Injured = Count{}, Count{}
	for i := range reports {
		r := &reports[i]
		in.Reports = append(in.Reports, r.ID)
		if r.ObservedAt.Before(in.Start) {
			in.Start = r.ObservedAt
		}
		if r.End().After(in.End) {
			in.End = r.End()
		}
		if precRank(r.TimePrecision) < precRank(in.TimePrecision) {
			in.TimePrecision = r.TimePrecision
		}
		if r.Precision < best.Precision {
			best = *r
		}
		in.Killed = maxCount(in.Killed, r.Killed)
		in.Injured = maxCount(in.Injured, r.Injured)
	}
	in.Lat, in.Lon, in.Precision, in.Place = best.Lat, best.Lon, best.Precision, best.Place
	in.Type = first.Type
	in.Mode, in.Target, in.Perpetrator, in.Weapons = "", "", "", nil
	perps := map[string]int{}
	for i := range reports {
		r := &reports[i]
		if in.Mode == "" {
			in.Mode = r.Mode
		}
		if in.Target == "" {
			in.Target = r.Target
		}
		if in.Place == "" {
			in.Place = r.Place
		}
		if r.Perpetrator != "" {
			perps[r.Perpetrator]++
		}
		for _, w := range r.Weapons {
			if !slices.Contains(in.Weapons, w) {
				in.Weapons = append(in.Weapons, w)
			}
		}
	}
	// The perpetrator most reports name; a tie goes to the first named.
	for i := range reports {
		p := reports[i].Perpetrator
		if p != "" && (in.Perpetrator == "" || perps[p] > perps[in.Perpetrator]) {
			in.Perpetrator = p
		}
	}
	in.SourceGrade, in.Sources = SourceGrade(reports)
	if in.Grade == "" || in.Grade == GradeAlleged || in.Grade == GradeCorroborated {
		in.Grade = in.SourceGrade
	}
}

func precRank(p TimePrecision) int { return slices.Index(TimePrecisions, p) }

// maxCount keeps the count with the larger best estimate.
func maxCount(a, b Count) Count {
	if !b.Known() {
		return a
	}
	if !a.Known() || b.BestOr(0) > a.BestOr(0) {
		return b
	}
	return a
}

// Verdict is the judgement of an incident against one provision.
type Verdict struct {
	Provision   string       `json:"provision"`
	Issue       Issue        `json:"issue"`
	Verdict     VerdictValue `json:"verdict"`
	Explanation string       `json:"explanation"`
}

// VerdictValue is the outcome of judging an incident against a provision.
type VerdictValue string

// The verdicts.
const (
	VerdictViolation   VerdictValue = "violation"
	VerdictNotCovered  VerdictValue = "not-covered"
	VerdictNeedsReview VerdictValue = "needs-review"
)

// SpatialFacts is what the ground says about a point at a time: what the
// judge needs of package geo.
type SpatialFacts struct {
	// Zones are the ids of the zones containing the point.
	Zones []string `json:"zones"`
	// Unresolved are zone ids whose geometry is not known here: whether the
	// point lies in them cannot be said.
	Unresolved []string `json:"unresolved,omitempty"`
	// Side is the party controlling the point ("" when unknown).
	Side string `json:"side,omitempty"`
	// LineKm is the distance to the line of contact in km; negative when unknown.
	LineKm float64 `json:"line_km"`
	// Oblast is the first-order administrative division ("" when unknown).
	Oblast string `json:"oblast,omitempty"`
	// Sites are the protected sites within their protection radius of the point.
	Sites []SiteNear `json:"sites,omitempty"`
}

// SiteNear is a protected site near a point.
type SiteNear struct {
	ID    string      `json:"id"`
	Name  string      `json:"name,omitempty"`
	Class TargetClass `json:"class"` // the target class the site belongs to (energy for a power plant)
	Km    float64     `json:"km"`
}

// InZone reports whether the facts place the point in zone id.
func (f *SpatialFacts) InZone(id string) bool { return slices.Contains(f.Zones, id) }

// Describe names an event for a person: "missile strike on a civilian target".
func Describe(t EventType, m Mode, target TargetClass) string {
	var what string
	switch t {
	case EventAdvance:
		return "advance across the line of contact"
	case EventHeavyWeapons:
		return "heavy weapons in a withdrawal zone"
	}
	switch m {
	case ModeMissile:
		what = "missile strike"
	case ModeDrone:
		what = "drone strike"
	case ModeAirstrike:
		what = "airstrike"
	case ModeShelling:
		what = "shelling"
	case ModeGroundAssault:
		what = "ground assault"
	case ModeSmallArms:
		what = "small-arms fire"
	default:
		what = "attack"
	}
	if target != "" {
		what += fmt.Sprintf(" on %s %s target", article(string(target)), target)
	}
	return what
}

func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}
