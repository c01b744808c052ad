package extract

import (
	"strings"
)

var (
	meetRe  = newPhrases("talks|meeting|meetings|met|meet|meets|summit|negotiations|negotiators|gather|gathered|discussions|discussing|consultations|host|hosted|hosts|hosting|sit down|sat down|joined|delegation|delegations|visit|visited|visiting|traveled to|travelled to|arrived in|conference|ministerial")
	phoneRe = mustLex(`\b(phone|telephone|call|video ?link|videoconference|virtual|spoke (with|to) [^.]{0,30} by)\b`)
	// A venue named through an office or landmark.
	venueRe     = mustLex(`\b(in|at|inside) the (Kremlin|White House|Oval Office|Elysee|Élysée|Elysée Palace|Vatican)\b|\bat Mar-a-Lago\b`)
	venuePlaces = map[string]string{"kremlin": "Moscow", "white house": "Washington", "oval office": "Washington",
		"elysee": "Paris", "élysée": "Paris", "elysée palace": "Paris", "vatican": "Vatican City", "mar-a-lago": "Palm Beach"}
	talkPlaceBefore = mustLex(`\b(in|at|to|inside|hosted by|host city)\s+(the\s+)?(([a-z]+\s+)?[a-z]+(’s|'s)\s+)?((saudi|russian|ukrainian|turkish|french|british|german|swiss|us|u\.s\.|american|alaskan)\s+)?((capital|city|port city|second city|second-largest city|largest city|resort|resort city|black sea port|port)\s+(of\s+)?)?$`)
	talkPlaceAfter  = mustLex(`^(’s|'s)?\s*(talks|summit|meeting|negotiations|conference|format|ministerial|process)\b`)
)

type talk struct {
	place *Place
	name  string // the place as the article first names it
	first Sentence
	date  string
	dated bool
	parts []string
}

// talks finds meetings about the war that the article places in a city.
func (x *Extractor) talks(d *doc, incidents []IncidentClaim) []TalksClaim {
	var list []*talk
	var undated []string // dates of talks named without a place ("Wednesday's talks")
	for _, s := range d.sents {
		lc := d.lower[s.Index]
		if !meetRe.MatchString(lc) {
			continue
		}
		phone := phoneRe.MatchString(lc)
		if isIncidentClause(lc) {
			continue
		}
		quotes := quotedRanges(s.Text)
		var places, filed []placeName
		for _, m := range x.gaz.Find(s.Text) {
			if m.Place.Kind != City || inRanges(quotes, m.Start) {
				continue
			}
			before := lc[max(0, m.Start-40):m.Start]
			after := lc[m.End:min(len(lc), m.End+20)]
			dateline := m.Start == 0 && (strings.HasPrefix(after, ",") || strings.HasPrefix(after, " —") || strings.HasPrefix(after, " –"))
			switch {
			case talkPlaceBefore.MatchString(before) || talkPlaceAfter.MatchString(after):
				places = append(places, placeName{m.Place, s.Text[m.Start:m.End]})
			case dateline:
				filed = append(filed, placeName{m.Place, s.Text[m.Start:m.End]})
			}
		}
		// A dateline names where the story was filed: it places the talks
		// only when the sentence names no venue of its own.
		if len(places) == 0 {
			places = filed
		}
		for _, m := range venueRe.FindAllStringSubmatchIndex(s.Text, -1) {
			name := "mar-a-lago"
			if m[4] >= 0 {
				name = strings.ToLower(s.Text[m[4]:m[5]])
			}
			if p, ok := x.gaz.Lookup(venuePlaces[name]); ok {
				places = append(places, placeName{p, s.Text[m[0]:m[1]]})
			}
		}
		// Dates are resolved only for sentences that can use them: resolving
		// is the costliest step here.
		if len(places) == 0 {
			if talksWordRe.MatchString(lc) {
				if dc, ok := ResolveDate(stripDateline(s.Text), d.a.Date, TenseOf(s.Text)); ok {
					undated = append(undated, dc.Day.Format("2006-01-02"))
				}
			}
			continue
		}
		if phone && !strings.Contains(lc, "met") && !strings.Contains(lc, "summit") && !strings.Contains(lc, "talks in") {
			continue
		}
		dc, hasDate := ResolveDate(stripDateline(s.Text), d.a.Date, TenseOf(s.Text))
		if !hasDate && maybeMeetRe.MatchString(lc) {
			continue // "open to a meeting in Istanbul", "offered to host talks": neither held nor scheduled
		}
		var parts []string
		for _, m := range Actors(s.Text) {
			if !inRanges(quotes, m.Start) && !contains(parts, m.Code) {
				parts = append(parts, m.Code)
			}
		}
		p := places[0].p
		var t *talk
		for _, o := range list {
			if o.place == p {
				t = o
			}
		}
		if t == nil {
			t = &talk{place: p, name: places[0].name, first: s}
			list = append(list, t)
		}
		for _, c := range parts {
			if !contains(t.parts, c) {
				t.parts = append(t.parts, c)
			}
		}
		if hasDate && !t.dated {
			t.date, t.dated = dc.Day.Format("2006-01-02"), true
		}
	}
	// Talks named without a date may be dated where the article says what
	// happened in that city on a day ("allies met in Paris on Thursday").
	for _, t := range list {
		if t.dated {
			continue
		}
		for _, s := range d.sents {
			if !strings.Contains(s.Text, t.name) {
				continue
			}
			for _, m := range x.gaz.Find(s.Text) {
				if m.Place != t.place || !strings.HasSuffix(d.lower[s.Index][max(0, m.Start-4):m.Start], "in ") {
					continue
				}
				rest := s.Text[m.End:min(len(s.Text), m.End+30)]
				if dc, ok := ResolveDate(rest, d.a.Date, TenseOf(s.Text)); ok && dc.Start <= 4 {
					t.date, t.dated = dc.Day.Format("2006-01-02"), true
				}
			}
			if t.dated {
				break
			}
		}
	}
	out := []TalksClaim{}
	for _, t := range list {
		tc := TalksClaim{Place: t.place.Name, Participants: t.parts, Evidence: d.evidence(t.first)}
		if tc.Participants == nil {
			tc.Participants = []string{}
		}
		if !t.dated && len(undated) > 0 {
			t.date, t.dated, undated = undated[0], true, undated[1:]
		}
		if t.dated {
			date := t.date
			tc.Date = &date
		}
		out = append(out, tc)
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// maybeMeetRe marks a meeting only offered or possible, not held or scheduled.
var maybeMeetRe = mustLex(`\b(open to|offered to host|offers to host|offering to host|ready to host|willing to host|could host|proposed (holding|hosting)|possibility of|possible (talks|meeting|summit)|idea of)\b`)

// talksWordRe marks a sentence that dates talks named elsewhere ("Ahead of
// Wednesday's talks").
var talksWordRe = mustLex(`\b(talks|summit|meeting|negotiations)\b`)

// placeName is a place and the words that name it.
type placeName struct {
	p    *Place
	name string
}
