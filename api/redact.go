package api

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// What each role sees of reports and incidents is built from allow-lists:
// a view type names the fields a role may see and is filled from the
// record, field by field. A field added to truce.Report later is not shown
// to anyone until it is added to a view here; nothing is deleted from a full
// record to make a public one.
//
//	analyst           the report in full; the source's identity only on
//	                  request (?reveal=source), each reveal audited
//	monitor, admin    the report in full, never the source's identity
//	liaison, public   place coarsened to 0.1° (and precision ≥ 2), time to
//	                  the day, no identity, no place name, no attachments,
//	                  no names of the mission's staff, no description of
//	                  a monitor's report (see publicDescription), and of the
//	                  mission's decisions only the reason written for
//	                  publication (see publicReason)

// fullView reports whether role sees places and times at full precision.
func fullView(role truce.Role) bool {
	return role == truce.RoleAnalyst || role == truce.RoleMonitor || role == truce.RoleAdmin
}

// SourceView is the public part of a report's source.
type SourceView struct {
	Kind        truce.SourceKind `json:"kind"`
	Reliability string           `json:"reliability,omitempty"`
	Name        string           `json:"name,omitempty"`  // an outlet, a dataset, a ministry
	Party       string           `json:"party,omitempty"` // the complaining party
}

// CoarseReport is a report as liaisons and the public see it.
type CoarseReport struct {
	ID            int64               `json:"id"`
	Incident      int64               `json:"incident"`
	ObservedOn    truce.Date          `json:"observed_on"`
	ObservedUntil *truce.Date         `json:"observed_until,omitempty"`
	TimePrecision truce.TimePrecision `json:"time_precision"`
	Lat           float64             `json:"lat"`
	Lon           float64             `json:"lon"`
	Precision     int                 `json:"precision"`
	Type          truce.EventType     `json:"type"`
	Mode          truce.Mode          `json:"mode,omitempty"`
	Weapons       []string            `json:"weapons,omitempty"`
	Target        truce.TargetClass   `json:"target,omitempty"`
	Killed        truce.Count         `json:"killed"`
	Injured       truce.Count         `json:"injured"`
	Perpetrator   string              `json:"perpetrator,omitempty"`
	Source        SourceView          `json:"source"`
	Description   string              `json:"description,omitempty"`
	Provisions    []string            `json:"provisions,omitempty"`
	Zone          string              `json:"zone,omitempty"`
	Redacted      string              `json:"redacted"`
}

// coarsePrecision is the finest time precision shown coarsened.
func coarsePrecision(p truce.TimePrecision) truce.TimePrecision {
	if p == truce.TimeExact || p == truce.TimeHour || p == "" {
		return truce.TimeDay
	}
	return p
}

func coarsePlace(lat, lon float64, precision int) (float64, float64, int) {
	if precision < truce.PrecisionNear {
		precision = truce.PrecisionNear
	}
	return truce.CoarsenCoord(lat), truce.CoarsenCoord(lon), precision
}

// coarseReport builds the liaison and public view of a report, dated in
// loc's local days (the mission's zone).
func coarseReport(r *truce.Report, loc *time.Location) CoarseReport {
	v := CoarseReport{
		ID: r.ID, Incident: r.Incident, ObservedOn: truce.DateIn(r.ObservedAt, loc), TimePrecision: coarsePrecision(r.TimePrecision),
		Type: r.Type, Mode: r.Mode, Weapons: r.Weapons, Target: r.Target, Killed: r.Killed, Injured: r.Injured,
		Perpetrator: r.Perpetrator, Description: publicDescription(r), Provisions: r.Provisions, Zone: r.Zone,
		Source:   SourceView{Kind: r.Source.Kind, Reliability: r.Source.Reliability, Name: r.Source.Name, Party: r.Source.Party},
		Redacted: "place to 0.1 degree, time to the day; source identity withheld",
	}
	if v.Description == "" && r.Description != "" {
		v.Redacted += "; the monitor's description withheld"
	}
	v.Lat, v.Lon, v.Precision = coarsePlace(r.Lat, r.Lon, r.Precision)
	if r.ObservedUntil != nil {
		d := truce.DateIn(*r.ObservedUntil, loc)
		v.ObservedUntil = &d
	}
	return v
}

// publicDescription is the free text of a report that liaisons and the
// public may read. A monitor's description is the mission's own field notes:
// written for analysts, it can name the team, its position, a contact or a
// street, which coarsening the coordinates does not hide, so it is withheld
// (what the mission publishes about an incident is its verdicts and, in the
// daily report, the text it writes for publication). An open source's text is
// public already and a party's complaint is the party's own words: both are
// shown.
func publicDescription(r *truce.Report) string {
	switch r.Source.Kind {
	case truce.SourceOpenSource, truce.SourcePartyComplaint:
		return r.Description
	}
	return ""
}

// staffReport builds the view of monitors, admins and analysts (identity
// added separately, on an audited request).
func staffReport(r *truce.Report) truce.Report {
	return truce.Report{
		ID: r.ID, ClientID: r.ClientID, Revises: r.Revises, Incident: r.Incident,
		ObservedAt: r.ObservedAt, ObservedUntil: r.ObservedUntil, TimePrecision: r.TimePrecision,
		Lat: r.Lat, Lon: r.Lon, Precision: r.Precision, Place: r.Place,
		Type: r.Type, Mode: r.Mode, Weapons: r.Weapons, Target: r.Target, Killed: r.Killed, Injured: r.Injured,
		Perpetrator: r.Perpetrator,
		Source:      truce.ReportSource{Kind: r.Source.Kind, Reliability: r.Source.Reliability, Name: r.Source.Name, Party: r.Source.Party},
		Description: r.Description, Attachments: r.Attachments, Provisions: r.Provisions, Zone: r.Zone,
		ReceivedAt: r.ReceivedAt,
	}
}

// viewer builds the views of reports and incidents a role may see, with
// what the store says of the mission (its time zone, its judge).
type viewer struct{ db *sqldb.DB }

// loc is the mission's time zone (the default one if the store cannot say).
func (vw viewer) loc(ctx context.Context) *time.Location {
	loc, err := vw.db.MissionZone(ctx)
	if err != nil {
		return truce.DefaultLocation()
	}
	return loc
}

// report returns the report as role may see it.
func (vw viewer) report(ctx context.Context, r *truce.Report, role truce.Role) any {
	if fullView(role) {
		return staffReport(r)
	}
	return coarseReport(r, vw.loc(ctx))
}

// CoarseIncident is an incident as liaisons and the public see it.
type CoarseIncident struct {
	ID            int64               `json:"id"`
	Start         truce.Date          `json:"start"`
	End           truce.Date          `json:"end"`
	TimePrecision truce.TimePrecision `json:"time_precision"`
	Lat           float64             `json:"lat"`
	Lon           float64             `json:"lon"`
	Precision     int                 `json:"precision"`
	Type          truce.EventType     `json:"type"`
	Mode          truce.Mode          `json:"mode,omitempty"`
	Target        truce.TargetClass   `json:"target,omitempty"`
	Weapons       []string            `json:"weapons,omitempty"`
	Perpetrator   string              `json:"perpetrator,omitempty"`
	Killed        truce.Count         `json:"killed"`
	Injured       truce.Count         `json:"injured"`
	Reports       []int64             `json:"reports"`
	Sources       int                 `json:"sources"`
	Grade         truce.Grade         `json:"grade"`
	Decisions     []DecisionView      `json:"decisions"`
	Contests      []ContestView       `json:"contests"`
	Verdicts      []truce.Verdict     `json:"verdicts"`
	Redacted      string              `json:"redacted"`
}

// DecisionView is a decision as liaisons and the public see it: without
// the name of the analyst who made it, and with its public reason only.
type DecisionView struct {
	Kind   truce.DecisionKind `json:"kind"`
	On     truce.Date         `json:"on"`
	Reason string             `json:"reason,omitempty"` // see publicReason
	Party  string             `json:"party,omitempty"`
}

// publicReason is the reason of a decision that liaisons and the public
// read: a party's dispute in its own words, and for the mission's decisions
// the text written for publication (Decision.PublicReason), never the
// analysts' own reason, which can name a team, its post or a source.
func publicReason(d *truce.Decision) string {
	if d.Kind == truce.DecisionDispute {
		return d.Reason
	}
	return d.PublicReason
}

// ContestView is a party's contest without staff names.
type ContestView struct {
	Party    string     `json:"party"`
	On       truce.Date `json:"on"`
	Reason   string     `json:"reason"`
	Deadline truce.Date `json:"deadline"`
	Answer   string     `json:"answer,omitempty"`
	Reply    string     `json:"reply,omitempty"` // the answer's public reason
	Overdue  bool       `json:"overdue"`
}

// coarseIncident builds the liaison and public view of an incident, dated
// in loc's local days (the mission's zone).
// Its verdicts are the ones given, worded for the public (publicVerdicts).
func coarseIncident(in *truce.Incident, loc *time.Location, verdicts []truce.Verdict) CoarseIncident {
	v := CoarseIncident{
		ID: in.ID, Start: truce.DateIn(in.Start, loc), End: truce.DateIn(in.End, loc), TimePrecision: coarsePrecision(in.TimePrecision),
		Type: in.Type, Mode: in.Mode, Target: in.Target, Weapons: in.Weapons, Perpetrator: in.Perpetrator,
		Killed: in.Killed, Injured: in.Injured, Reports: in.Reports, Sources: in.Sources, Grade: in.Grade,
		Verdicts: verdicts, Decisions: []DecisionView{}, Contests: []ContestView{},
		Redacted: "place to 0.1 degree, time to the day; names of the mission's staff withheld",
	}
	v.Lat, v.Lon, v.Precision = coarsePlace(in.Lat, in.Lon, in.Precision)
	withheld := false
	for _, d := range in.Decisions {
		dv := DecisionView{Kind: d.Kind, On: truce.DateIn(d.At, loc), Reason: publicReason(&d), Party: d.Party}
		withheld = withheld || dv.Reason == "" && d.Reason != ""
		v.Decisions = append(v.Decisions, dv)
	}
	for _, c := range in.Contests {
		v.Contests = append(v.Contests, ContestView{Party: c.Party, On: truce.DateIn(c.At, loc), Reason: c.Reason, Deadline: truce.DateIn(c.Deadline, loc),
			Answer: c.Answer, Reply: c.ReplyPublic, Overdue: c.Overdue})
	}
	if withheld {
		v.Redacted += "; the mission's reasons withheld where it wrote none for publication"
	}
	if v.Reports == nil {
		v.Reports = []int64{}
	}
	if v.Verdicts == nil {
		v.Verdicts = []truce.Verdict{}
	}
	return v
}

// incident returns the incident as role may see it.
func (vw viewer) incident(ctx context.Context, in *truce.Incident, role truce.Role) any {
	if fullView(role) {
		return in
	}
	return vw.coarseIncident(ctx, in)
}

// coarseIncident returns the liaison and public view of an incident.
func (vw viewer) coarseIncident(ctx context.Context, in *truce.Incident) CoarseIncident {
	loc := vw.loc(ctx)
	return coarseIncident(in, loc, vw.publicVerdicts(ctx, in, loc))
}

// publicJudger words verdicts for public views: judge.Judge implements it.
type publicJudger interface {
	JudgePublic(in *truce.Incident, label string) ([]truce.Verdict, error)
}

// publicVerdicts returns the incident's stored verdicts with explanations
// fit for the public: generated by the judge from the coarse facts (the
// place named only by its oblast, PublicArea; protected sites by class),
// never the stored text with names edited out. A verdict the judge of the
// current rules words differently (the incident is being judged again)
// gets a plain explanation built from the same coarse facts.
func (vw viewer) publicVerdicts(ctx context.Context, in *truce.Incident, loc *time.Location) []truce.Verdict {
	out := make([]truce.Verdict, 0, len(in.Verdicts))
	if len(in.Verdicts) == 0 {
		return out
	}
	label := PublicArea(in)
	var fresh []truce.Verdict
	if j, err := vw.db.Judger(ctx); err == nil {
		if pj, ok := j.(publicJudger); ok {
			fresh, _ = pj.JudgePublic(in, label) // on a ground error: the plain wording below
		}
	}
	for _, v := range in.Verdicts {
		pv := truce.Verdict{Provision: v.Provision, Issue: v.Issue, Verdict: v.Verdict,
			Explanation: fmt.Sprintf("%s in %s on %s: %s", truce.Describe(in.Type, in.Mode, in.Target), label, truce.DateIn(in.Start, loc), v.Verdict)}
		for _, f := range fresh {
			if f.Provision == v.Provision && f.Verdict == v.Verdict {
				pv.Explanation = f.Explanation
			}
		}
		out = append(out, pv)
	}
	return out
}

// PublicArea names an incident's place as the public may see it: its
// oblast (or sea) on geo's ground; elsewhere the 1° cell it lies in. Never
// the reported place name.
func PublicArea(in *truce.Incident) string {
	if c, err := defaultClassifier(); err == nil {
		cl := c.Classify(in.Lon, in.Lat)
		if cl.Oblast != "" {
			return cl.Oblast
		}
		for _, z := range cl.Zones {
			if sea, ok := strings.CutPrefix(z, "sea:"); ok {
				return sea
			}
		}
	}
	return fmt.Sprintf("the area of %.0f°N %.0f°E", math.Floor(in.Lat), math.Floor(in.Lon))
}
