// Package judge judges incidents against the provisions in force at their
// time and place, and keeps the clocks of compliance: days since the last
// verified violation of each provision in force, and the state of
// conditional provisions. It is pure: the spatial facts come through the
// Ground interface, the incidents and provisions from the caller.
package judge

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// Ground says what is true of a point at a time: the zones containing it,
// who controls it, its distance to the line of contact, the protected sites
// near it. Package geo implements it over line versions, zones and site
// registries; ZoneGround is a simple implementation over zone polygons.
//
// Facts returns an error only when the ground cannot answer at all (a
// storage failure); what it does not know it leaves empty or lists in
// SpatialFacts.Unresolved.
type Ground interface {
	Facts(lon, lat float64, at time.Time) (truce.SpatialFacts, error)
}

// NoGround knows nothing: every zone a provision names is unresolved.
type NoGround struct{}

// Facts implements Ground.
func (NoGround) Facts(lon, lat float64, at time.Time) (truce.SpatialFacts, error) {
	return truce.SpatialFacts{LineKm: -1, Unresolved: []string{"*"}}, nil
}

// classBits is a set of target classes.
type classBits uint8

func bitsOf(cs []truce.TargetClass) classBits {
	var b classBits
	for _, c := range cs {
		if i := classIndex(c); i >= 0 {
			b |= 1 << i
		}
	}
	return b
}

func (b classBits) has(c truce.TargetClass) bool {
	i := classIndex(c)
	return i >= 0 && b&(1<<i) != 0
}

// prepared is a provision readied for judging many incidents.
type prepared struct {
	p        *truce.Provision
	name     string      // "the energy truce of 2025-03-18..2025-04-17"
	firstIn  truce.Date  // the first day it was in force
	protects classBits   // the mission's reading
	texts    []partyText // per-party wording, where it differs
	events   []truce.EventType
	only     string // "energy infrastructure": what it covers, for explanations

	// Explanations that do not depend on the incident, computed once.
	aboutOnly, outside, noPerp string
	coverTabs                  []coverTable // per perpetrator with its own text, then "" for any other
	violation                  map[string]*[len(eventCodes) + 5]string
}

// coverTable is what covers returns for each target class, for one perpetrator.
type coverTable struct {
	perpetrator string
	res         [5]truce.VerdictValue
	why         [5]string
}

// eventCodes are the non-assault event types, after the five target classes
// in a violation table.
var eventCodes = [...]truce.EventType{truce.EventAdvance, truce.EventHeavyWeapons}

type partyText struct {
	party    string
	protects classBits
}

// Judge judges incidents against a fixed set of provisions over a Ground.
// It is safe for concurrent use.
type Judge struct {
	provs  []prepared
	ground Ground
	loc    *time.Location // the mission's zone: incidents are dated in its local days
}

// New returns a judge of the given provisions (those about incidents: with
// protected target classes, or a ceasefire, energy, maritime truce or
// frontline freeze; the others have no verdicts) over ground (NoGround if nil).
func New(provisions []truce.Provision, ground Ground) *Judge {
	if ground == nil {
		ground = NoGround{}
	}
	j := &Judge{ground: ground, loc: truce.DefaultLocation()}
	for i := range provisions {
		p := &provisions[i]
		events := eventsOf(p)
		if len(events) == 0 {
			continue
		}
		first, ok := firstInForce(p)
		if !ok {
			continue // never in force: nothing to violate
		}
		pp := prepared{p: p, name: provisionName(p), firstIn: first, protects: bitsOf(p.Protects), events: events, only: classList(p.Protects)}
		for _, t := range p.Texts {
			pp.texts = append(pp.texts, partyText{party: t.Party, protects: bitsOf(t.Protects)})
		}
		pp.precompute()
		j.provs = append(j.provs, pp)
	}
	return j
}

// In sets the mission's time zone, whose local days date incidents against
// the provisions' windows and status dates (truce.DefaultZone unless set),
// and returns j.
func (j *Judge) In(loc *time.Location) *Judge {
	if loc != nil {
		j.loc = loc
	}
	return j
}

// Location returns the mission's time zone the judge dates incidents in.
func (j *Judge) Location() *time.Location { return j.loc }

// Provisions returns the ids of the provisions the judge rules on.
func (j *Judge) Provisions() []string {
	out := make([]string, len(j.provs))
	for i, p := range j.provs {
		out[i] = p.p.ID
	}
	return out
}

// precompute fills the explanations that do not depend on the incident.
func (pp *prepared) precompute() {
	p := pp.p
	pp.aboutOnly = pp.name + " is about " + eventList(pp.events) + " only"
	pp.outside = pp.name + " applies in " + strings.Join(p.Scope, ", ") + " only"
	pp.noPerp = pp.name + " binds " + strings.Join(p.Parties, " and ") + ", and no perpetrator is alleged"
	perps := []string{}
	for _, t := range pp.texts {
		perps = append(perps, t.party)
	}
	perps = append(perps, "")
	for _, perp := range perps {
		ct := coverTable{perpetrator: perp}
		for i, c := range truce.TargetClasses {
			ct.res[i], ct.why[i] = pp.coversSlow(c, perp)
		}
		pp.coverTabs = append(pp.coverTabs, ct)
	}
	pp.violation = map[string]*[len(eventCodes) + 5]string{}
	for _, party := range p.Parties {
		var t [len(eventCodes) + 5]string
		for i, c := range truce.TargetClasses {
			t[i] = pp.name + ", binding " + party + ", protects " + classNouns[c]
		}
		for i, e := range eventCodes {
			t[5+i] = pp.name + ", binding " + party + ", forbids " + eventList([]truce.EventType{e})
		}
		pp.violation[party] = &t
	}
}

// covers is coversSlow from the precomputed tables.
func (pp *prepared) covers(c truce.TargetClass, perpetrator string) (truce.VerdictValue, string) {
	i := classIndex(c)
	if i < 0 {
		return pp.coversSlow(c, perpetrator)
	}
	ct := &pp.coverTabs[len(pp.coverTabs)-1]
	for k := range pp.coverTabs[:len(pp.coverTabs)-1] {
		if pp.coverTabs[k].perpetrator == perpetrator {
			ct = &pp.coverTabs[k]
			break
		}
	}
	return ct.res[i], ct.why[i]
}

func classIndex(c truce.TargetClass) int {
	switch c {
	case truce.TargetCivilian:
		return 0
	case truce.TargetEnergy:
		return 1
	case truce.TargetPort:
		return 2
	case truce.TargetMilitary:
		return 3
	case truce.TargetInfrastructure:
		return 4
	}
	return -1
}

// eventsOf returns the event types a provision is about.
func eventsOf(p *truce.Provision) []truce.EventType {
	switch p.Issue {
	case truce.IssueCeasefire:
		return []truce.EventType{truce.EventAssault, truce.EventAdvance, truce.EventHeavyWeapons}
	case truce.IssueFrontlineFreeze:
		return []truce.EventType{truce.EventAdvance}
	case truce.IssueEnergyTruce, truce.IssueMaritimeTruce:
		return []truce.EventType{truce.EventAssault}
	}
	if len(p.Protects) > 0 {
		return []truce.EventType{truce.EventAssault}
	}
	return nil
}

func firstInForce(p *truce.Provision) (truce.Date, bool) {
	for _, c := range p.History {
		if c.Status == truce.StatusInForce {
			return c.Date, true
		}
	}
	return truce.Date{}, false
}

var issueNouns = map[truce.Issue]string{
	truce.IssueCeasefire:       "ceasefire",
	truce.IssueEnergyTruce:     "energy truce",
	truce.IssueMaritimeTruce:   "maritime truce",
	truce.IssueFrontlineFreeze: "frontline freeze",
}

// provisionName names a provision for a person: "the energy truce of 2025-03-18..2025-04-17".
func provisionName(p *truce.Provision) string {
	noun, ok := issueNouns[p.Issue]
	if !ok {
		noun = strings.ReplaceAll(string(p.Issue), "-", " ")
	}
	if !p.Window.From.IsZero() && !p.Window.To.IsZero() {
		return "the " + noun + " of " + p.Window.String()
	}
	return "the " + noun + " " + p.ID
}

var classNouns = map[truce.TargetClass]string{
	truce.TargetCivilian:       "civilian targets",
	truce.TargetEnergy:         "energy infrastructure",
	truce.TargetPort:           "ports",
	truce.TargetMilitary:       "military targets",
	truce.TargetInfrastructure: "infrastructure",
}

func classList(cs []truce.TargetClass) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = classNouns[c]
	}
	switch len(names) {
	case 0:
		return "no target class"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Judge judges an incident against the provisions, asking the ground for
// the facts of its place and time. It implements sqldb.Judger.
func (j *Judge) Judge(in *truce.Incident) ([]truce.Verdict, error) {
	f, err := j.ground.Facts(in.Lon, in.Lat, in.Start)
	if err != nil {
		return nil, fmt.Errorf("ground at %.5f,%.5f: %w", in.Lat, in.Lon, err)
	}
	return j.JudgeWith(in, &f), nil
}

// JudgeWith judges an incident given the facts of its place: one verdict
// per provision that had entered into force by the incident's date, in the
// order of the provisions.
func (j *Judge) JudgeWith(in *truce.Incident, f *truce.SpatialFacts) []truce.Verdict {
	return j.AppendVerdicts(make([]truce.Verdict, 0, len(j.provs)), in, f)
}

// AppendVerdicts is JudgeWith appending to out.
func (j *Judge) AppendVerdicts(out []truce.Verdict, in *truce.Incident, f *truce.SpatialFacts) []truce.Verdict {
	return j.appendVerdicts(out, in, f, "")
}

// JudgePublic judges an incident for a public view, which shows its place
// only coarsened: the verdicts are those of Judge (from the facts of its
// exact place), but the explanations name the place only by label, which
// the caller supplies (the incident's oblast), and a protected site nearby
// only by its class, with no name and no distance. Nothing of the reports'
// place names reaches the text, since it is generated from these coarse
// facts rather than edited afterwards.
func (j *Judge) JudgePublic(in *truce.Incident, label string) ([]truce.Verdict, error) {
	f, err := j.ground.Facts(in.Lon, in.Lat, in.Start)
	if err != nil {
		return nil, fmt.Errorf("ground at %.5f,%.5f: %w", in.Lat, in.Lon, err)
	}
	if label == "" {
		label = "an undisclosed place"
	}
	return j.appendVerdicts(make([]truce.Verdict, 0, len(j.provs)), in, &f, label), nil
}

// appendVerdicts judges in; a non-empty label asks for the public wording
// (see JudgePublic).
func (j *Judge) appendVerdicts(out []truce.Verdict, in *truce.Incident, f *truce.SpatialFacts, label string) []truce.Verdict {
	d := in.DateIn(j.loc)
	public := label != ""
	var prefix string
	for i := range j.provs {
		pp := &j.provs[i]
		if d.Before(pp.firstIn) {
			continue
		}
		if prefix == "" {
			w := "in " + label
			if !public {
				w = where(in, f)
			}
			prefix = describe(in.Type, in.Mode, in.Target) + " " + w + " on " + dateString(d) + ": "
		}
		v, why := pp.judge(in, f, d, public)
		out = append(out, truce.Verdict{Provision: pp.p.ID, Issue: pp.p.Issue, Verdict: v, Explanation: prefix + why + ": " + verdictWords[v]})
	}
	return out
}

var verdictWords = map[truce.VerdictValue]string{
	truce.VerdictViolation:   "violation",
	truce.VerdictNotCovered:  "not covered",
	truce.VerdictNeedsReview: "needs review",
}

// where names the place of an incident: its place name, else its oblast,
// else its coordinates.
func where(in *truce.Incident, f *truce.SpatialFacts) string {
	switch {
	case in.Place != "":
		return "in " + in.Place
	case f.Oblast != "":
		return "in " + f.Oblast
	}
	return fmt.Sprintf("at %.3f, %.3f", in.Lat, in.Lon)
}

// judge applies the rules in order: in force; the kind of event; the target
// class (per-party texts where they differ, and protected sites nearby);
// the zones of its scope; the parties bound. The first rule that decides,
// decides.
//
// public words it for a public view: a protected site by its class only.
func (pp *prepared) judge(in *truce.Incident, f *truce.SpatialFacts, d truce.Date, public bool) (truce.VerdictValue, string) {
	p := pp.p
	if !p.InForceAt(d) {
		s, since, _ := p.StatusAt(d)
		if s == truce.StatusInForce { // in force but outside its window
			return truce.VerdictNotCovered, pp.name + " had run out by " + dateString(d)
		}
		return truce.VerdictNotCovered, pp.name + " was not in force (" + string(s) + " since " + dateString(since) + ")"
	}
	if !slices.Contains(pp.events, in.Type) {
		return truce.VerdictNotCovered, pp.aboutOnly
	}
	// The target class first: a class no reading protects is not covered
	// wherever it happened.
	var targetReview string
	if in.Type == truce.EventAssault {
		if in.Target == "" {
			targetReview = "the target class is not reported"
		} else if covered, why := pp.covers(in.Target, in.Perpetrator); covered == truce.VerdictNotCovered {
			// A protected site within its radius of an imprecisely placed
			// event may be what was hit; an exactly placed report says what was.
			for _, s := range f.Sites {
				if in.Precision <= truce.PrecisionExact {
					break
				}
				if s.Class != in.Target {
					if c, _ := pp.covers(s.Class, in.Perpetrator); c != truce.VerdictNotCovered {
						if public {
							return truce.VerdictNeedsReview, fmt.Sprintf("%s covers %s only, but the place is near a protected site (%s)",
								pp.name, pp.only, classNouns[s.Class])
						}
						return truce.VerdictNeedsReview, fmt.Sprintf("%s covers %s only, but the place is within %.1f km of %s (%s)",
							pp.name, pp.only, s.Km, siteName(s), classNouns[s.Class])
					}
				}
			}
			return truce.VerdictNotCovered, why
		} else if covered == truce.VerdictNeedsReview {
			targetReview = why
		}
	}
	if len(p.Scope) > 0 {
		inside, unknown := false, ""
		for _, z := range p.Scope {
			if f.InZone(z) {
				inside = true
				break
			}
			if unknown == "" && (slices.Contains(f.Unresolved, z) || slices.Contains(f.Unresolved, "*")) {
				unknown = z
			}
		}
		if !inside {
			if unknown != "" {
				return truce.VerdictNeedsReview, "whether the place lies in zone " + unknown + " of " + pp.name + " is not known here"
			}
			return truce.VerdictNotCovered, pp.outside
		}
	}
	if targetReview != "" {
		return truce.VerdictNeedsReview, targetReview
	}
	switch {
	case in.Perpetrator == "":
		return truce.VerdictNeedsReview, pp.noPerp
	}
	vt, ok := pp.violation[in.Perpetrator]
	if !ok {
		return truce.VerdictNotCovered, in.Perpetrator + " is not bound by " + pp.name
	}
	if in.Type == truce.EventAssault {
		return truce.VerdictViolation, vt[classIndex(in.Target)]
	}
	for i, e := range eventCodes {
		if e == in.Type {
			return truce.VerdictViolation, vt[5+i]
		}
	}
	return truce.VerdictViolation, pp.name + ", binding " + in.Perpetrator + ", forbids " + eventList([]truce.EventType{in.Type})
}

func siteName(s truce.SiteNear) string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// covers says whether the provision protects target class c, reading the
// parties' texts where they differ: covered when every reading protects it;
// not covered when none does; when they differ, the perpetrator's own text
// decides if it protects c (a party is held to its own word), else it
// needs review.
func (pp *prepared) coversSlow(c truce.TargetClass, perpetrator string) (truce.VerdictValue, string) {
	all, any := pp.protects.has(c), pp.protects.has(c)
	own := -1
	var yes, no []string
	for i, t := range pp.texts {
		h := t.protects.has(c)
		all, any = all && h, any || h
		if h {
			yes = append(yes, t.party)
		} else {
			no = append(no, t.party)
		}
		if t.party == perpetrator {
			own = i
		}
	}
	switch {
	case all:
		return truce.VerdictViolation, ""
	case !any:
		return truce.VerdictNotCovered, pp.name + " covers " + pp.only + " only"
	case own >= 0 && pp.texts[own].protects.has(c):
		return truce.VerdictViolation, ""
	}
	return truce.VerdictNeedsReview, fmt.Sprintf("the texts of %s differ: the %s text%s cover%s %s, the %s text%s not",
		pp.name, strings.Join(yes, " and "), plural(len(yes), "s", ""), plural(len(yes), "", "s"), classNouns[c],
		strings.Join(no, " and "), plural(len(no), "s do", " does"))
}

func eventList(es []truce.EventType) string {
	names := make([]string, len(es))
	for i, e := range es {
		switch e {
		case truce.EventAssault:
			names[i] = "attacks"
		case truce.EventAdvance:
			names[i] = "advances across the line of contact"
		case truce.EventHeavyWeapons:
			names[i] = "heavy weapons in withdrawal zones"
		}
	}
	return strings.Join(names, ", ")
}

func plural(n int, many, one string) string {
	if n == 1 {
		return one
	}
	return many
}

// JudgeMany judges incidents ins[i] given facts[i] on workers goroutines
// (at least 1), calling emit(i, verdicts) for each from the worker that
// judged it: emit must be safe for concurrent use and must not keep the
// slice (it is reused), though it may keep the verdicts in it.
func (j *Judge) JudgeMany(ins []*truce.Incident, facts []truce.SpatialFacts, workers int, emit func(i int, vs []truce.Verdict)) {
	workers = max(1, min(workers, len(ins)))
	var wg sync.WaitGroup
	chunk := (len(ins) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min(len(ins), (w+1)*chunk)
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]truce.Verdict, 0, len(j.provs))
			for i := lo; i < hi; i++ {
				buf = j.AppendVerdicts(buf[:0], ins[i], &facts[i])
				emit(i, buf)
			}
		}()
	}
	wg.Wait()
}

// dateString is truce.Date.String without time.Format's cost: the judge
// writes millions of explanations.
func dateString(d truce.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Time().Date()
	b := []byte("0000-00-00")
	b[0], b[1], b[2], b[3] = byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6] = byte('0'+int(m)/10), byte('0'+int(m)%10)
	b[8], b[9] = byte('0'+dd/10), byte('0'+dd%10)
	return string(b)
}

type eventKey struct {
	t truce.EventType
	m truce.Mode
	c truce.TargetClass
}

// descriptions caches truce.Describe for every known combination.
var descriptions = func() map[eventKey]string {
	out := map[eventKey]string{}
	modes := []truce.Mode{""}
	for _, ms := range truce.Modes {
		modes = append(modes, ms...)
	}
	for _, t := range truce.EventTypes {
		for _, m := range modes {
			for _, c := range append([]truce.TargetClass{""}, truce.TargetClasses...) {
				out[eventKey{t, m, c}] = truce.Describe(t, m, c)
			}
		}
	}
	return out
}()

func describe(t truce.EventType, m truce.Mode, c truce.TargetClass) string {
	if s, ok := descriptions[eventKey{t, m, c}]; ok {
		return s
	}
	return truce.Describe(t, m, c)
}
