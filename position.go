package truce

import "encoding/json"

// Source is a document positions and events are known from.
type Source struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Outlet      string `json:"outlet"`
	URL         string `json:"url,omitempty"`
	File        string `json:"file,omitempty"`
	Published   Date   `json:"published"`
	ContentHash string `json:"content_hash,omitempty"` // "sha256:HEX" of the document's bytes
}

// Evidence ties a claim to the sentence that says it.
type Evidence struct {
	Source      string      `json:"source"` // source id
	Quote       string      `json:"quote"`  // the short sentence or clause, verbatim
	Attribution Attribution `json:"attribution"`
	Speaker     string      `json:"speaker,omitempty"` // who said it, when named
}

// Position is a party's stance on a provision as of a date, with the
// evidence for it. Positions are never overwritten: a change of stance is a
// new Position with a later AsOf.
type Position struct {
	ID          int64       `json:"id"`
	Party       string      `json:"party"`
	Provision   string      `json:"provision"`
	Issue       Issue       `json:"issue"` // the provision's issue, denormalised for readers
	Stance      Stance      `json:"stance"`
	Condition   string      `json:"condition,omitempty"` // for conditional stances
	AsOf        Date        `json:"as_of"`
	Attribution Attribution `json:"attribution"` // the strongest of its evidence
	Evidence    []Evidence  `json:"evidence"`
	Note        string      `json:"note,omitempty"`
}

// Validate checks the position's own fields.
func (p *Position) Validate() error {
	switch {
	case !ValidPartyCode(p.Party):
		return FieldErrorf("party", "%q is not a party code", p.Party)
	case p.Provision == "":
		return FieldErrorf("provision", "required")
	case !p.Stance.Valid():
		return FieldErrorf("stance", "%q is not one of %v", p.Stance, Stances)
	case p.Stance == StanceConditional && p.Condition == "":
		return FieldErrorf("condition", "a conditional stance must state its condition")
	case p.AsOf.IsZero():
		return FieldErrorf("as_of", "required")
	case len(p.Evidence) == 0:
		return FieldErrorf("evidence", "a position needs at least one piece of evidence")
	}
	for _, e := range p.Evidence {
		switch {
		case e.Source == "":
			return FieldErrorf("evidence.source", "required")
		case e.Quote == "":
			return FieldErrorf("evidence.quote", "required")
		case len(e.Quote) > 600:
			return FieldErrorf("evidence.quote", "%d bytes: quote a sentence, not the article (600 at most)", len(e.Quote))
		case !e.Attribution.Valid():
			return FieldErrorf("evidence.attribution", "%q is not one of %v", e.Attribution, Attributions)
		}
	}
	return nil
}

// StrongestAttribution returns the most authoritative attribution among ev.
func StrongestAttribution(ev []Evidence) Attribution {
	var a Attribution
	for i, e := range ev {
		if i == 0 {
			a = e.Attribution
		} else {
			a = a.Stronger(e.Attribution)
		}
	}
	return a
}

// Talks is a meeting between parties or mediators about the war, held or planned.
type Talks struct {
	ID           string     `json:"id"`
	Title        string     `json:"title"`
	Place        string     `json:"place"`
	Start        Date       `json:"start"`
	End          Date       `json:"end"`
	Planned      bool       `json:"planned"` // scheduled, not (yet) known to have been held
	Participants []string   `json:"participants"`
	Evidence     []Evidence `json:"evidence,omitempty"`
}

// Zone is an area provisions refer to: a maritime zone, a buffer along the
// line of contact, an oblast or a custom polygon. Its geometry is GeoJSON, or
// the name of a built-in geometry that package geo resolves.
type Zone struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`               // maritime, buffer, oblast, custom
	Builtin  string          `json:"builtin,omitempty"`  // e.g. "sea:black-sea"
	Geometry json.RawMessage `json:"geometry,omitempty"` // GeoJSON geometry
}

// ZoneKinds lists the known zone kinds.
var ZoneKinds = []string{"maritime", "buffer", "oblast", "custom", "territory"}
