package truce

import "slices"

// Issue is what a provision is about, in the vocabulary of the news corpus
// (shared/corpus/SCHEMA.md), so that extracted claims and the agreements speak
// the same language.
type Issue string

// The issues.
const (
	IssueCeasefire           Issue = "ceasefire"
	IssueEnergyTruce         Issue = "energy-truce"
	IssueMaritimeTruce       Issue = "maritime-truce"
	IssueCrimeaRecognition   Issue = "crimea-recognition"
	IssueTerritoryCession    Issue = "territory-cession"
	IssueFrontlineFreeze     Issue = "frontline-freeze"
	IssueNATOExclusion       Issue = "nato-exclusion"
	IssueSanctionsRelief     Issue = "sanctions-relief"
	IssueAssetUnfreeze       Issue = "asset-unfreeze"
	IssueSecurityGuarantees  Issue = "security-guarantees"
	IssueForeignTroops       Issue = "foreign-troops"
	IssueCeasefireMonitoring Issue = "ceasefire-monitoring"
	IssueArmsHalt            Issue = "arms-halt"
	IssueZNPPControl         Issue = "znpp-control"
	IssueDirectTalks         Issue = "direct-talks"
)

// Issues lists every issue in a stable display order.
var Issues = []Issue{
	IssueCeasefire, IssueEnergyTruce, IssueMaritimeTruce, IssueCrimeaRecognition,
	IssueTerritoryCession, IssueFrontlineFreeze, IssueNATOExclusion, IssueSanctionsRelief,
	IssueAssetUnfreeze, IssueSecurityGuarantees, IssueForeignTroops, IssueCeasefireMonitoring,
	IssueArmsHalt, IssueZNPPControl, IssueDirectTalks,
}

// Valid reports whether i is in the vocabulary.
func (i Issue) Valid() bool { return slices.Contains(Issues, i) }

// Stance is a party's position on a provision.
type Stance string

// The stances. Conditional is support on a stated condition.
const (
	StanceSupport     Stance = "support"
	StanceOppose      Stance = "oppose"
	StanceConditional Stance = "conditional"
)

// Stances lists every stance.
var Stances = []Stance{StanceSupport, StanceOppose, StanceConditional}

// Valid reports whether s is a known stance.
func (s Stance) Valid() bool { return slices.Contains(Stances, s) }

// Positive reports whether s leans toward acceptance (support or conditional):
// the polarity the news evaluation scores.
func (s Stance) Positive() bool { return s == StanceSupport || s == StanceConditional }

// Attribution is how firmly a position is sourced, strongest first.
type Attribution string

// The attribution levels, in order of authority.
const (
	AttributionOnRecord Attribution = "on-record" // a named person, an official statement or document
	AttributionOfficial Attribution = "official"  // an unnamed official
	AttributionSources  Attribution = "sources"   // people familiar with the matter, leaks
	AttributionReported Attribution = "reported"  // the outlet's own summary
)

// Attributions lists the levels from the most to the least authoritative.
var Attributions = []Attribution{AttributionOnRecord, AttributionOfficial, AttributionSources, AttributionReported}

// Valid reports whether a is a known level.
func (a Attribution) Valid() bool { return slices.Contains(Attributions, a) }

// Rank is 0 for the most authoritative level; unknown levels rank last.
func (a Attribution) Rank() int {
	if i := slices.Index(Attributions, a); i >= 0 {
		return i
	}
	return len(Attributions)
}

// Stronger returns the more authoritative of a and b.
func (a Attribution) Stronger(b Attribution) Attribution {
	if b.Rank() < a.Rank() {
		return b
	}
	return a
}

// TargetClass is a class of target a provision protects or an incident hits.
type TargetClass string

// The target classes.
const (
	TargetCivilian       TargetClass = "civilian"
	TargetEnergy         TargetClass = "energy"
	TargetPort           TargetClass = "port"
	TargetMilitary       TargetClass = "military"
	TargetInfrastructure TargetClass = "infrastructure"
)

// TargetClasses lists every target class.
var TargetClasses = []TargetClass{TargetCivilian, TargetEnergy, TargetPort, TargetMilitary, TargetInfrastructure}

// Valid reports whether c is a known class.
func (c TargetClass) Valid() bool { return slices.Contains(TargetClasses, c) }
