package truce

import (
	"regexp"
	"slices"
)

// PartyKind says what sort of actor a party is.
type PartyKind string

// The kinds of party.
const (
	PartyState        PartyKind = "state"        // a sovereign state (ISO 3166 alpha-2 code)
	PartyBloc         PartyKind = "bloc"         // a union of states that decides by its members (EU)
	PartyOrganisation PartyKind = "organisation" // an international organisation (UN, NATO, OSCE)
)

// Valid reports whether k is a known kind.
func (k PartyKind) Valid() bool {
	return k == PartyState || k == PartyBloc || k == PartyOrganisation
}

// Party is an actor of the negotiation: a state, a bloc or an organisation.
type Party struct {
	Code    string    `json:"code"` // ISO 3166 alpha-2 for states; EU, NATO, UN, ...
	Name    string    `json:"name"`
	Kind    PartyKind `json:"kind"`
	Members []string  `json:"members,omitempty"` // a bloc's member states, for unanimity
}

var partyCodeRE = regexp.MustCompile(`^[A-Z]{2,8}$`)

// ValidPartyCode reports whether code has the shape of a party code.
func ValidPartyCode(code string) bool { return partyCodeRE.MatchString(code) }

// Validate checks p's own fields (not its members' existence).
func (p *Party) Validate() error {
	switch {
	case !ValidPartyCode(p.Code):
		return FieldErrorf("code", "%q is not a party code (2 to 8 capital letters, ISO 3166 alpha-2 for states)", p.Code)
	case p.Kind == PartyState && len(p.Code) != 2:
		return FieldErrorf("code", "state %q must have an ISO 3166 alpha-2 code", p.Code)
	case p.Name == "":
		return FieldErrorf("name", "required")
	case !p.Kind.Valid():
		return FieldErrorf("kind", "%q is not one of state, bloc, organisation", p.Kind)
	case p.Kind != PartyBloc && len(p.Members) > 0:
		return FieldErrorf("members", "only a bloc has members")
	case p.Kind == PartyBloc && len(p.Members) == 0:
		return FieldErrorf("members", "a bloc must list its member states")
	}
	for i, m := range p.Members {
		if !ValidPartyCode(m) || len(m) != 2 {
			return FieldErrorf("members", "member %d: %q is not an ISO 3166 alpha-2 code", i, m)
		}
		if slices.Contains(p.Members[:i], m) {
			return FieldErrorf("members", "member %q listed twice", m)
		}
	}
	return nil
}

// EUMembers are the 27 member states of the European Union (2025), whose
// unanimity EU sanctions decisions need.
var EUMembers = []string{
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}
