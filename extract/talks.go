package extract

import (
	"strconv"
	"strings"
	"time"
)

var (
	meetRe  = newPhrases(meetingWords + "|" + visitWords + "|" + receiveWords)
	phoneRe = mustLex(`\b(phone|telephone|call|video ?link|videoconference|virtual|spoke (with|to) [^.]{0,30} by)\b`)
	// A venue named through an office or landmark.
	venueRe = mustLex(`\b(?:in|at|inside|to) the (Kremlin|White House|Oval Office|Elysee|Élysée|Elysee Palace|Elysée Palace|Élysée Palace|Vatican|Chancellery in Berlin|Dolmabahce Palace|Dolmabahçe Palace|Ciragan Palace|Çırağan Palace|Diriyah Palace|Mariinsky Palace|Palais des Nations|Quirinal Palace|Joint Base Elmendorf-Richardson|World Economic Forum|Munich Security Conference|Emirates Palace|Beştepe presidential complex|Bestepe presidential complex|Konstantinovsky Palace|Apostolic Palace|Great Hall of the People|Hofburg|Al Yamamah Palace|Al-Yamamah Palace|Al Salam Palace|Al-Salam Palace|Qasr Al Watan|Bellevue Palace|Rashtrapati Bhavan)\b|\b(?:in|at|inside|to) (Mar-a-Lago|Lancaster House|Downing Street|Bankova|Palazzo Chigi|St\.? Peter's Basilica|Joint Base Elmendorf-Richardson|Hyderabad House|NATO headquarters|NATO's headquarters|NATO HQ|Novo-Ogaryovo|Novo-Ogarevo|Bocharov Ruchei|Blair House|Villa Madama|Zhongnanhai|Diaoyutai|Schloss Bellevue|Dolmabahce|Dolmabahçe|Vahdettin Pavilion|Vahdettin Mansion)\b|\bthe (Kremlin|White House|Elysee|Élysée) (?:meeting|talks|summit|negotiations)\b`)
	// venuePlaces maps a venue, lower-cased, to its city as the gazetteer names it.
	venuePlaces = map[string]string{"kremlin": "Moscow", "white house": "Washington", "oval office": "Washington",
		"elysee": "Paris", "élysée": "Paris", "elysee palace": "Paris", "elysée palace": "Paris", "élysée palace": "Paris",
		"vatican": "Vatican City", "mar-a-lago": "Palm Beach", "chancellery in berlin": "Berlin",
		"dolmabahce palace": "Istanbul", "dolmabahçe palace": "Istanbul", "ciragan palace": "Istanbul", "çırağan palace": "Istanbul",
		"diriyah palace": "Riyadh", "mariinsky palace": "Kyiv", "palais des nations": "Geneva", "quirinal palace": "Rome",
		"joint base elmendorf-richardson": "Anchorage", "lancaster house": "London", "downing street": "London",
		"bankova": "Kyiv", "palazzo chigi": "Rome", "world economic forum": "Davos", "munich security conference": "Munich",
		"emirates palace": "Abu Dhabi",
		// Palaces and residences where leaders receive guests.
		"beştepe presidential complex": "Ankara", "bestepe presidential complex": "Ankara", "konstantinovsky palace": "Saint Petersburg",
		"apostolic palace": "Vatican City", "great hall of the people": "Beijing", "hofburg": "Vienna", "al yamamah palace": "Riyadh",
		"al-yamamah palace": "Riyadh", "al salam palace": "Jeddah", "al-salam palace": "Jeddah", "qasr al watan": "Abu Dhabi",
		"bellevue palace": "Berlin", "schloss bellevue": "Berlin", "rashtrapati bhavan": "New Delhi", "novo-ogaryovo": "Moscow",
		"novo-ogarevo": "Moscow", "bocharov ruchei": "Sochi", "blair house": "Washington", "villa madama": "Rome",
		"zhongnanhai": "Beijing", "diaoyutai": "Beijing", "dolmabahce": "Istanbul", "dolmabahçe": "Istanbul",
		"vahdettin pavilion": "Istanbul", "vahdettin mansion": "Istanbul", "hyderabad house": "New Delhi", "nato headquarters": "Brussels", "nato's headquarters": "Brussels", "nato hq": "Brussels", "st. peter's basilica": "Vatican City", "st peter's basilica": "Vatican City"}
	talkPlaceBefore = mustLex(`\b(in|at|to|inside|hosted by|host city|visit|visits|visited|visiting)\s+(the\s+)?(([a-z]+\s+)?[a-z]+(’s|'s)\s+)?((saudi|russian|ukrainian|turkish|french|british|german|swiss|us|u\.s\.|american|alaskan)\s+)?((capital|city|port city|second city|second-largest city|largest city|resort|resort city|black sea port|port)\s+(of\s+)?)?$`)
	talkPlaceAfter  = mustLex(`^(’s|'s)?\s*((security|peace) )?(talks|summit|meeting|negotiations|conference|format|ministerial|process|contacts|consultations)\b|^ (is |was |will |would )?(be )?(expected |set |due |scheduled |slated |preparing |ready |poised )?(to )?(host|hosts|hosted|hosting)\b`)
)

type talk struct {
	place *Place
	name  string // the place as the article first names it
	first Sentence
	date  string
	dated bool
	parts []string
	// ownParts counts the parties its first sentence names itself.
	ownParts int
	// ended: the date is the day the talks ended ("talks ... ended on
	// Monday"), and a sentence after may give the first day.
	ended bool
	// vague: the date is a month's guess ("last month's talks in
	// Geneva"), which a day named elsewhere for the city replaces.
	vague bool
}

// talks finds meetings about the war that the article places in a city.
func (x *Extractor) talks(d *doc, incidents []IncidentClaim) []TalksClaim {
	var list []*talk
	var undated []undatedTalk // dates of talks named without a place ("Wednesday's talks")
	resolvedUndated := false
	for _, s := range d.sents {
		lc := d.lower[s.Index]
		// "Russia had received the plan": receiving names a meeting only
		// with a guest. A draft handed in person is one too (read last: it
		// is rarely needed).
		if !meetRe.MatchString(lc) || !meetStrictRe.MatchString(lc) && !receiveRe.MatchString(s.Text) {
			// "was in Paris on Monday to sign a letter of intent with
			// Emmanuel Macron", "where he had spent the day with Macron":
			// leaders together somewhere are a meeting, as a visit is (two
			// parties named).
			if !handedRe.MatchString(s.Text) && !withLeaderRe.MatchString(s.Text) && !(strings.Contains(lc, "sign") && signedDocRe.MatchString(s.Text)) && !(strings.Contains(lc, " in ") && inCityToRe.MatchString(s.Text)) {
				continue
			}
		}
		if militaryMeetRe.MatchString(lc) {
			continue // "Military chiefs ... are due to meet in London": planning, not negotiation (news2025c c11, news2025e e12)
		}
		if metWithRe.MatchString(lc) && !meetRe.MatchString(receptionRe.re.ReplaceAllString(metWithRe.re.ReplaceAllString(lc, ""), "")) {
			continue // "met with unease in Kyiv": a reception, not a meeting
		}
		if strings.Contains(lc, "welcomed") && receptionRe.MatchString(lc) && !meetRe.MatchString(receptionRe.re.ReplaceAllString(lc, "")) {
			continue // "remarks that were welcomed in Moscow": words received, no guest
		}
		if (strings.Contains(lc, "consultations") || strings.Contains(lc, "meeting") || strings.Contains(lc, "session")) && requestMeetRe.MatchString(lc) && !meetStrictRe.MatchString(requestMeetRe.re.ReplaceAllString(lc, "")) {
			continue // "Tusk asked allies for urgent consultations": a meeting asked for, neither held nor set
		}
		if strings.Contains(lc, "no ") && noMeetingRe.MatchString(lc) {
			continue // "there was no meeting between Putin and Zelenskiy on the agenda": a meeting denied
		}
		if containsAny(lc, rejectVerbs) && rejectedMeetRe.MatchString(lc) {
			continue // "turned down the Kremlin's suggestion that he travel to Moscow": a meeting refused
		}
		if pressConfRe.MatchString(lc) && !meetStrictRe.MatchString(pressConfRe.re.ReplaceAllString(lc, "")) && !receiveRe.MatchString(s.Text) {
			continue // "speaking at a news conference in Kyiv": no meeting
		}
		phone := phoneRe.MatchString(lc)
		if isIncidentClause(lc) && strongAttackRe.MatchString(lc) {
			continue // an attack told; "wounded prisoners" or "the bodies of soldiers" exchanged are not one
		}
		quotes := quotedRanges(s.Text)
		var places, filed []placeName
		for _, m := range x.gaz.Find(s.Text) {
			if m.Place.Kind != City || inRanges(quotes, m.Start) {
				continue
			}
			before := lc[max(0, m.Start-40):m.Start]
			after := lc[m.End:min(len(lc), m.End+20)]
			dateline := m.Start == 0 && (strings.HasPrefix(after, ",") || strings.HasPrefix(after, " —") || strings.HasPrefix(after, " –") ||
				strings.HasPrefix(after, " (") && datelineRe.MatchString(s.Text)) // "KYIV (Reuters) - "
			if (strings.Contains(lc, "sidelines") || strings.Contains(lc, "margins") || strings.Contains(lc, "fringes")) && sidelinesSpeechRe.MatchString(lc[max(0, m.Start-90):m.Start]) && !meetVerbRe.MatchString(lc) {
				continue // "Zelensky, speaking on the sidelines of a NATO summit in The Hague, urged": where a statement was made
			}
			if speechPlaceRe.MatchString(before) && !afterTalksRe.MatchString(lc[m.End:min(len(lc), m.End+100)]) || sceneSetter(lc, m.Start, m.End) {
				continue // "Zelensky, speaking in Ankara, said", "In Moscow, Lavrov said": where a statement was made
			}
			if pastYearAfter(s.Text, lc, m.End, d.a.Date.Year()) {
				continue // "hosted a NATO summit in Istanbul in 2004", "Ankara, which hosted the first talks ... in 2022": history
			}
			if strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "’s ") {
				if behestAfterRe.MatchString(after) {
					continue // "at Washington's request": the government, not a venue
				}
			}
			if regionAfterRe.MatchString(lc[m.End:min(len(lc), m.End+40)]) {
				continue // "in the Kherson region": the region, not the city
			}
			if formatAfterRe.MatchString(after) {
				continue // "the Ramstein-format meeting", "the Normandy format": a format, wherever it meets
			}
			switch {
			case talkPlaceBefore.MatchString(before) && !toNotJourney(before) || talkPlaceAfter.MatchString(after) || scheduledForRe.MatchString(before) || whereMetAfterRe.MatchString(lc[m.End:min(len(lc), m.End+70)]):
				places = append(places, placeName{m.Place, s.Text[m.Start:m.End], m.End})
			case dateline:
				filed = append(filed, placeName{m.Place, s.Text[m.Start:m.End], -1})
			}
		}
		// A dateline names where the story was filed: it places the talks
		// only when the sentence names no venue of its own.
		if len(places) == 0 && !(len(filed) > 0 && countryTalksRe.MatchString(lc)) {
			// "KYIV — ... talks with Ukrainian and Russian delegations in
			// Saudi Arabia": talks placed in a state are not the dateline's.
			places = filed
		}
		weak := len(places) // places[:weak] follow "in", "at" or a talks noun
		for _, m := range venueRe.FindAllStringSubmatchIndex(s.Text, -1) {
			var name string
			switch {
			case m[2] >= 0:
				name = strings.ToLower(s.Text[m[2]:m[3]])
			case m[4] >= 0:
				name = strings.ToLower(s.Text[m[4]:m[5]])
			case m[6] >= 0:
				name = strings.ToLower(s.Text[m[6]:m[7]]) // "after the Kremlin meeting with Witkoff"
			}
			if pastYearAfter(s.Text, lc, m[1], d.a.Date.Year()) {
				continue // "Erdogan hosted the two sides at the Dolmabahce Palace in 2022": history
			}
			if officeReturnRe.MatchString(lc[max(0, m[0]-12):m[0]]) {
				continue // "before Trump returns to the White House": an office taken, no meeting
			}
			if p, ok := x.gaz.Lookup(venuePlaces[name]); ok {
				places = append(places, placeName{p, s.Text[m[0]:m[1]], m[1]})
			}
		}
		if len(places) == 0 && (strings.Contains(lc, "residence") || strings.Contains(lc, "estate") || strings.Contains(lc, "retreat")) {
			// "a meeting on Saturday at Chevening, the British foreign
			// secretary's country residence in Kent": a venue the gazetteer
			// lacks, named as a residence.
			if m := residenceRe.FindStringSubmatchIndex(s.Text); m != nil && len(places) == 0 {
				name := s.Text[m[2]:m[3]]
				if x.unlistedName(name) {
					places = append(places, placeName{&Place{Name: name, Kind: City, Unlisted: true}, name, m[3]})
				}
			}
		}
		if len(places) == 0 {
			// "The Istanbul agreements date from the rounds of talks held
			// in the city on May 16, June 2 and July 23": the city is the
			// one named last before, in this sentence or the one before.
			if m := sameCityRe.FindStringIndex(lc); m != nil {
				if p := x.cityBefore(d, s, m[0]); p != nil {
					places = append(places, placeName{p.Place, s.Text[p.Start:p.End], m[1]})
				}
			}
		}
		if len(places) == 0 && (strings.Contains(lc, "margins") || strings.Contains(lc, "sidelines") || strings.Contains(lc, "fringes") || strings.Contains(lc, "bilateral")) {
			// "Svyrydenko and Tusk met on the margins on Thursday morning",
			// "a bilateral meeting on the margins of the summit on Tuesday":
			// the city is that of the gathering the article placed before.
			// So for "sharing a car to their bilateral meeting on Monday".
			if m := marginsRe.FindStringIndex(lc); m != nil {
				if p := x.gatheringCityBefore(d, s); p != nil {
					places = append(places, placeName{p, p.Name, m[1]})
				}
			}
		}
		places = destinationsLast(places, weak, lc)
		// "will offer to host leaders at the Vatican": a venue only offered,
		// whatever date the sentence gives.
		places = notOffered(places, lc)
		// "Drones slammed into a block in Kharkiv ..., hours before
		// Zelenskyy was due at the White House": where this sentence's
		// attack fell is not where anyone met.
		places = notAttacked(places, s, d, incidents)
		// "in the Saudi capital": the capital of the state named.
		for _, m := range capitalOfRe.FindAllStringSubmatchIndex(s.Text, -1) {
			if p := x.capitalOf(s.Text[m[2]:m[3]]); p != nil {
				places = append(places, placeName{p, s.Text[m[0]:m[1]], m[1]})
			}
		}
		// Dates are resolved only for sentences that can use them: resolving
		// is the costliest step here.
		if len(places) == 0 {
			if talksWordRe.MatchString(lc) || meetVerbRe.MatchString(lc) {
				// Its date is resolved only if a talk needs it (below).
				undated = append(undated, undatedTalk{sent: s.Index})
			}
			continue
		}
		if phone && !strings.Contains(lc, "met") && !strings.Contains(lc, "summit") && !strings.Contains(lc, "talks in") && !strings.Contains(lc, "meeting in") && !strings.Contains(lc, "meeting at") && !receiveRe.MatchString(s.Text) {
			// "the telephone contact, held on Sunday before Trump received
			// Zelensky at Mar-a-Lago": a guest received is a meeting.
			continue
		}
		if strings.Contains(lc, "plenary") && plenarySpeechRe.MatchString(lc) {
			continue // "he told the summit's plenary session on Monday": a speech, not a meeting
		}
		if (containsAny(lc, natoWords) && natoPlenaryRe.MatchString(lc) || containsAny(lc, bodyWords) && orgBodyRe.MatchString(lc) && !withOtherRe.MatchString(lc)) && !sidelineMeetRe.MatchString(lc) {
			// "Leaders of the 32 allies meet ... in Ankara next Tuesday":
			// the alliance's own summit or ministerial, which the convention
			// does not count as talks (a meeting on its margins is).
			continue
		}
		if cancelledRe.MatchString(lc) && !(len(cancelledRe.FindAllStringIndex(lc, 2)) == 1 && sideEventOffRe.MatchString(lc)) {
			continue // "the summit in Budapest was called off"
		}
		if strings.Contains(lc, "not") && notAboutWarRe.MatchString(lc) {
			continue // "met in Istanbul ...; both sides said Ukraine was not on the agenda": not about the war
		}
		// A date right after a speech verb dates the statement ("Umerov said
		// on Sunday the delegations would meet on Monday"): the meeting's own
		// date is looked for first, the statement's is the fallback.
		text := stripDateline(s.Text)
		tense := talkTense(s.Text)
		if strings.Contains(text, " since ") {
			// "Zelenskyy's first official visit since Merz took office
			// earlier this month": the date of the office taken.
			if m := sinceOfficeRe.FindStringIndex(text); m != nil {
				text = text[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + text[m[1]:]
			}
		}
		blanked := blankStatementDates(text)
		dc, hasDate := ResolveDate(blanked, d.a.Date, tense)
		if hasDate && (strings.Contains(blanked, " to ") || strings.Contains(blanked, " and ")) {
			// "will meet in Istanbul from 13 to 15 October": the first day.
			if m := dayRangeRe.FindStringSubmatchIndex(blanked); m != nil && dc.Start >= m[0] && dc.Start < m[1] {
				if n, err := strconv.Atoi(blanked[m[2]:m[3]]); err == nil && n < dc.Day.Day() {
					dc.Day = dc.Day.AddDate(0, 0, n-dc.Day.Day())
				}
			}
		}
		if !hasDate {
			dc, hasDate = looseDate(blanked, d.a.Date, tense)
		}
		if hasDate && aheadOfRe.MatchString(blanked[max(0, dc.Start-25):dc.Start]) {
			// "came ahead of Monday's talks in Washington": the talks are
			// still to come.
			if tc, ok := ResolveDate(blanked[dc.Start:dc.End], d.a.Date, Future); ok {
				dc.Day = tc.Day
			}
		} else if hasDate {
			// The tense of the words before the date, not of the whole
			// sentence ("backed a proposal on Tuesday after talks in
			// Jeddah, and Washington said it would resume aid").
			// A date opening the sentence has no words of its own before it
			// ("On Friday he is due in London"): the sentence's tense holds.
			// The date itself is read with them ("leaders meet on Thursday").
			if pt := talkTense(blanked[:dc.End]); pt != tense && !pastPlanRe.MatchString(lc) && len(strings.Fields(blanked[:dc.Start])) > 2 {
				if tc, ok := ResolveDate(blanked[dc.Start:dc.End], d.a.Date, pt); ok {
					dc.Day = tc.Day
				}
			}
		}
		// "arrived on Sunday ahead of talks on Monday": the date right after
		// a talks noun is the meeting's; else the date right after the venue
		// ("proposed on Sunday talks in Istanbul on Thursday"). Only the next
		// few words are read.
		if hasDate {
			nounDated := false
			for _, m := range talksWordRe.FindAllStringIndex(text, -1) {
				if m[1] <= dc.Start {
					if dc.Start-m[1] <= 5 {
						nounDated = true // "talks on Thursday": the first date is the noun's
						break
					}
					continue
				}
				// The tense is read only once a date is there (it costs more).
				if tc, ok := ResolveDate(text[m[1]:min(len(text), m[1]+40)], d.a.Date, Past); ok && tc.Start <= 5 {
					dc, _ = ResolveDate(text[m[1]:min(len(text), m[1]+40)], d.a.Date, TenseOf(text[:m[1]]))
					nounDated = true
					break
				}
			}
			if e := places[0].end; !nounDated && e >= 0 && e <= len(s.Text) && dateMayStart(s.Text[e:]) {
				// The tense of the words up to the venue ("hosted ... at the
				// White House on Monday, where he said he would ...").
				if tc, ok := ResolveDate(s.Text[e:min(len(s.Text), e+40)], d.a.Date, Past); ok && tc.Start <= 4 {
					t := talkTense(s.Text[:e])
					if toGoRe.MatchString(lc[max(0, e-50):e]) {
						t = Future // "asked Umerov to come to Miami on Thursday": the journey is ahead
					}
					if t == Past && strings.Contains(lc[max(0, e-100):e], " to ") && planToMeetRe.MatchString(lc[max(0, e-100):e]) {
						// "Putin proposed on Sunday night to resume direct
						// negotiations with Ukraine in Istanbul on Thursday":
						// a meeting proposed or agreed is still ahead.
						t = Future
					}
					if t == Past && presentHostRe.MatchString(lc[max(0, e-100):e]) && !pastNearRe.MatchString(lc[max(0, e-100):e]) {
						// "Macron hosts leaders of the coalition in Paris on
						// Thursday": a meeting verb in the simple present,
						// dated by a weekday, is a schedule.
						t = Future
					}
					dc, _ = ResolveDate(s.Text[e:min(len(s.Text), e+40)], d.a.Date, t)
				}
			}
		}
		// "The attack came a week after the summit in Anchorage and four days
		// after Trump hosted Zelensky in Washington": each city is dated back
		// from the article's day by its own span.
		rels := relSpanRe.FindAllStringSubmatchIndex(lc, -1)
		if m := relBefore(rels, -1, places[0].end); m != nil && !(hasDate && lc[m[2]:m[3]] == "hours") {
			// (A date of the sentence's own beats "hours before", which
			// may time the announcement: "Hours before the bus was hit,
			// Zelensky announced that the next round would be held in Abu
			// Dhabi on Feb. 4 and 5".)
			ref := relRef(d, s, lc[:m[0]], list, incidents)
			dc, hasDate = DateCue{Day: relDay(lc, m, ref), Start: m[0], End: m[1]}, true
			for i, o := range places[1:] {
				if r := relBefore(rels, places[i].end, o.end); r != nil && o.p != places[0].p && r[0] != m[0] {
					list = append(list, &talk{place: o.p, name: o.name, first: s, date: relDay(lc, r, ref).Format("2006-01-02"), dated: true, ownParts: 2, parts: x.sentenceParts(d, s)})
				}
			}
		}
		if m := laterRe.FindStringSubmatchIndex(lc); m != nil && s.Index > 0 {
			// "Putin and Trump met in Anchorage on Aug. 15. Three days
			// later, Trump hosted Zelensky at the White House": counted
			// from the day the sentence before gives.
			if pc, ok := ResolveDate(blankStatementDates(stripDateline(d.sents[s.Index-1].Text)), d.a.Date, Past); ok {
				n := 1
				if m[2] >= 0 {
					n = smallNumbers[lc[m[2]:m[3]]]
					if n == 0 {
						n, _ = strconv.Atoi(lc[m[2]:m[3]])
					}
					if strings.HasPrefix(lc[m[4]:m[5]], "week") {
						n *= 7
					}
				}
				if n > 0 && !pc.Day.AddDate(0, 0, n).After(d.a.Date.AddDate(0, 0, 60)) {
					dc, hasDate = DateCue{Day: pc.Day.AddDate(0, 0, n), Start: m[0], End: m[1]}, true
				}
			}
		}
		if !hasDate && roundsRe.MatchString(lc) || wouldTalksRe.MatchString(s.Text) {
			// "Istanbul hosted three rounds of direct talks in May, June and
			// July": rounds recalled, no one meeting; "saying talks at the
			// Vatican "would have some extra significance"": talks imagined.
			continue
		}
		if !hasDate && maybeMeetRe.MatchString(lc) {
			continue // "open to a meeting in Istanbul", "said on Sunday he was ready to hold talks": neither held nor scheduled
		}
		if !hasDate && blanked != text && !backgroundTalksRe.MatchString(s.Text) && !vagueSpanRe.MatchString(lc) {
			// What was said was said before the article; a round recalled
			// for what it produced ("the arrangements reached at the
			// Istanbul talks, ... Umerov announced on Saturday", "the one
			// agreed in principle in Anchorage, Lavrov said on Tuesday") is
			// not dated by the statement.
			dc, hasDate = ResolveDate(text, d.a.Date, Past)
		}
		parts := x.sentenceParts(d, s)
		var seenExtra []string
		// "After meeting Zelensky in Kyiv, Driscoll flew to Abu Dhabi,
		// where he held talks on Monday": a later city with its own
		// meeting and date is another talks entry.
		for _, o := range places[1:] {
			if o.p != places[0].p && o.end >= 0 && hasDate && !contains(seenExtra, o.p.Name) {
				if fm := forTalksAfterRe.FindStringSubmatchIndex(lc[o.end:min(len(lc), o.end+60)]); fm != nil {
					// "received Zelensky in Castel Gandolfo on Tuesday, before
					// Zelensky drove to Rome for talks with Meloni": a later
					// city with a meeting of its own, the same day, or the day
					// named after it ("followed by a visit to Rome on Tuesday
					// to meet Meloni"; "... talks in Geneva on Nov. 23 ...,
					// Witkoff is due in Moscow on Tuesday to present the
					// revised text to Putin", read in the tense of the words
					// before that city).
					day := dc.Day
					if fm[2] >= 0 {
						if oc, ok := ResolveDate(s.Text[o.end+fm[2]:o.end+fm[3]], d.a.Date, talkTense(s.Text[:o.end])); ok {
							day = oc.Day
						}
					}
					seenExtra = append(seenExtra, o.p.Name)
					list = append(list, &talk{place: o.p, name: o.name, first: s, date: day.Format("2006-01-02"), dated: true, ownParts: 2, parts: append([]string(nil), parts...)})
					continue
				}
			}
			if o.p == places[0].p || o.end < 0 || !strings.HasPrefix(lc[o.end:], ", where ") {
				continue
			}
			tail := s.Text[o.end:min(len(s.Text), o.end+90)]
			if k := strings.IndexAny(tail, ".;"); k >= 0 {
				tail = tail[:k]
			}
			withLeader := withLeaderRe.MatchString(tail)
			if !meetStrictRe.MatchString(asciiLower(tail)) && !withLeader {
				continue
			}
			if tc, ok := ResolveDate(tail, d.a.Date, TenseOf(tail)); ok {
				list = append(list, &talk{place: o.p, name: o.name, first: s, date: tc.Day.Format("2006-01-02"), dated: true, ownParts: 2, parts: append([]string(nil), parts...)})
			} else if hasDate && withLeader {
				// "landed in Dublin on Monday, having flown in from Paris,
				// where the president had spent the day with Macron": the
				// day spent there is the sentence's.
				list = append(list, &talk{place: o.p, name: o.name, first: s, date: dc.Day.Format("2006-01-02"), dated: true, ownParts: 2, parts: append([]string(nil), parts...)})
			}
		}
		p := places[0].p
		var t *talk
		vague := hasDate && strings.Contains(lc, "month") && monthCueRe.MatchString(lc) && !dayCueRe.MatchString(s.Text)
		for _, o := range list {
			// The same city on dates days apart is another meeting
			// ("the leaders travelled to Kyiv on May 10 ... Kellogg visited
			// Kyiv last week").
			if o.place == p && !(hasDate && o.dated && daysApart(o.date, dc.Day.Format("2006-01-02")) > 2) {
				t = o
			}
			if t == nil && o.place == p && hasDate && o.dated && (vague || o.vague) && daysApart(o.date, dc.Day.Format("2006-01-02")) <= 20 {
				// "Last month's talks in Geneva ... The Geneva talks, held
				// on Nov. 23": a month named for a city that a day names
				// elsewhere is the same meeting, on that day.
				t = o
				if o.vague && !vague {
					o.date, o.vague = dc.Day.Format("2006-01-02"), false
				}
			}
		}
		if t == nil {
			t = &talk{place: p, name: places[0].name, first: s, ownParts: len(parts)}
			list = append(list, t)
			if len(parts) < 2 && s.Index > 0 {
				// "Delegations from Russia and Ukraine will meet again on
				// Wednesday. The talks will be held in Istanbul.": the
				// parties of a meeting are often named the sentence before.
				prev := d.sents[s.Index-1]
				if meetRe.MatchString(d.lower[prev.Index]) {
					pq := quotedRanges(prev.Text)
					for _, m := range d.actors(prev.Index) {
						if !inRanges(pq, m.Start) && !contains(parts, m.Code) {
							parts = append(parts, m.Code)
						}
					}
				}
			}
		}
		for _, c := range parts {
			if !contains(t.parts, c) {
				t.parts = append(t.parts, c)
			}
		}
		if hasDate {
			day := dc.Day
			// "wrapped up three days of talks on Tuesday": the talks began
			// two days before; SCHEMA dates talks by their first day.
			if m := multiDayRe.FindStringSubmatchIndex(lc); m != nil && endedRe.MatchString(lc) {
				if n, ok := parseNum(lc[m[2]:m[3]]); ok && n > 1 && n < 15 {
					day = day.AddDate(0, 0, -(n - 1))
				}
			} else if m := endedAfterDaysRe.FindStringSubmatchIndex(lc); m != nil {
				// "the round ... ended today after two days": it began the day before.
				if n, ok := parseNum(lc[m[2]:m[3]]); ok && n > 1 && n < 15 {
					day = day.AddDate(0, 0, -(n - 1))
				}
			}
			if m := dayOrdRe.FindStringSubmatchIndex(lc); m != nil && (m[4] >= 0 || talksWordRe.MatchString(lc)) {
				n := ordinals[lc[m[2]:m[3]]]
				day = day.AddDate(0, 0, -(n - 1))
			}
			switch {
			case !t.dated:
				t.date, t.dated = day.Format("2006-01-02"), true
				t.vague = vague
				t.ended = endedRe.MatchString(lc) && multiDayRe.FindStringIndex(lc) == nil
				// "talks held in the city on May 16, June 2 and July 23":
				// dates listed days apart are rounds of their own.
				for _, o := range listedDays(blanked, dc.Day.Format("2006-01-02"), d.a.Date, tense) {
					if daysApart(o, t.date) > 2 {
						list = append(list, &talk{place: p, name: t.name, first: s, date: o, dated: true, ownParts: len(parts), parts: append([]string(nil), t.parts...)})
					}
				}
			case beganRe.MatchString(lc) && day.Format("2006-01-02") < t.date:
				t.date = day.Format("2006-01-02") // "the talks began on Sunday"
			}
		}
	}
	// "Talks in Berlin ... ended on Monday. The leaders spent five hours on
	// Sunday with ...": the next sentences that tell a meeting on an earlier
	// day give the talks' first day.
	for _, t := range list {
		if !t.ended {
			continue
		}
		for _, s := range d.sents {
			if s.Index <= t.first.Index || s.Index > t.first.Index+2 {
				continue
			}
			lc := d.lower[s.Index]
			if !meetStrictRe.MatchString(lc) && !spentWithRe.MatchString(lc) {
				continue
			}
			if TenseOf(s.Text) == Future {
				continue // "The next round ... will take place in Istanbul later this month": another meeting
			}
			if dc, ok := ResolveDate(stripDateline(s.Text), d.a.Date, Past); ok {
				if day := dc.Day.Format("2006-01-02"); day < t.date && daysApart(day, t.date) <= 3 {
					t.date = day
				}
			}
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
		if t.ownParts < 2 && !meetNotVisitRe.MatchString(d.lower[t.first.Index]) {
			continue // "Zelensky travelled to Kharkiv": a visit of one party, no meeting named
		}
		tc := TalksClaim{Place: t.place.Name, Participants: t.parts, Evidence: d.evidence(t.first)}
		if tc.Participants == nil {
			tc.Participants = []string{}
		}
		// Resolve the dates of the candidate sentences only now, when some
		// talks lack one; a candidate without a date is dropped.
		if !t.dated {
			t.date, t.dated = x.neighbourTalksDate(d, t.first.Index, incidents)
		}
		future := TenseOf(t.first.Text) == Future
		if !t.dated && !future && presentMeet(d.lower[t.first.Index]) {
			// Talks told as happening now ("ministers gather in London",
			// "Witkoff arrives in Moscow"): the article's day.
			t.date, t.dated = d.a.Date.Format("2006-01-02"), true
		}
		if !t.dated && len(undated) > 0 && !resolvedUndated {
			resolvedUndated = true
			kept := undated[:0]
			for _, u := range undated {
				st := d.sents[u.sent]
				if postponedRe.MatchString(d.lower[u.sent]) && !sideEventOffRe.MatchString(d.lower[u.sent]) {
					continue // "The meeting was postponed last month": the day it was put off, not held
				}
				ut := blankStatementDates(stripDateline(st.Text))
				dc, ok := ResolveDate(ut, d.a.Date, TenseOf(st.Text))
				if !ok {
					dc, ok = looseDate(ut, d.a.Date, TenseOf(st.Text))
				}
				if ok {
					u.date = dc.Day.Format("2006-01-02")
					kept = append(kept, u)
				}
			}
			undated = kept
		}
		if !t.dated && len(undated) > 0 {
			// The nearest sentence that dates talks without a place
			// ("Delegations will meet again on Wednesday. The talks will be
			// held in Istanbul.").
			bi := 0
			for i, u := range undated {
				if abs(u.sent-t.first.Index) < abs(undated[bi].sent-t.first.Index) {
					bi = i
				}
			}
			t.date, t.dated = undated[bi].date, true
			undated = append(undated[:bi], undated[bi+1:]...)
		}
		if !t.dated && !future && backgroundTalksRe.MatchString(t.first.Text) && !meetVerbRe.MatchString(d.lower[t.first.Index]) {
			// "its memorandum presented at the talks in Istanbul": a round
			// the article recalls, not one it reports; undated, it is left.
			continue
		}
		if !t.dated && !future && !fallbackVerbRe.MatchString(d.lower[t.first.Index]) {
			// Talks named by a noun only, with no date anywhere near ("the
			// Istanbul talks were an important milestone", "the Pope's offer
			// to receive delegations at the Vatican for talks remains
			// open"): a meeting referred to, not one the article reports.
			continue
		}
		if !t.dated && !future {
			// Talks told as done by a verb, with no date anywhere near: news
			// tells what happened the day before ("delegations convened in
			// Geneva", "Putin received Witkoff in the Kremlin").
			t.date, t.dated = d.a.Date.AddDate(0, 0, -1).Format("2006-01-02"), true
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

// capitalOfRe names a capital by its state's adjective ("in the Saudi capital").
var capitalOfRe = mustLex(`\b(?:in|at|to|on|of|hit|struck|attacked) the (Saudi|Turkish|Russian|Ukrainian|French|British|German|US|U\.S\.|American|Qatari|Emirati|UAE|Hungarian|Italian|Polish|Swiss|Belarusian|Finnish|Austrian|Danish|Norwegian) capital\b`)

// capitals maps a state's adjective to its capital as the gazetteer names it.
var capitals = map[string]string{"Saudi": "Riyadh", "Turkish": "Ankara", "Russian": "Moscow", "Ukrainian": "Kyiv",
	"French": "Paris", "British": "London", "German": "Berlin", "US": "Washington", "U.S.": "Washington",
	"American": "Washington", "Qatari": "Doha", "Emirati": "Abu Dhabi", "UAE": "Abu Dhabi", "Hungarian": "Budapest", "Italian": "Rome",
	"Polish": "Warsaw", "Swiss": "Bern", "Belarusian": "Minsk", "Finnish": "Helsinki", "Austrian": "Vienna",
	"Danish": "Copenhagen", "Norwegian": "Oslo"}

// capitalOf returns the capital named by a state's adjective, or nil.
func (x *Extractor) capitalOf(adj string) *Place {
	if p, ok := x.gaz.Lookup(capitals[adj]); ok {
		return p
	}
	return nil
}

// The words that name a meeting, each class whole (every inflection):
// meetings and talks; visits and journeys, which are meetings only with two
// parties named; receiving a guest, which is one only with the guest named.
const (
	meetingWords = "reconvene*|session|sessions|round of talks|further round|fresh round|final round|sidelines|convene*|convening|gathering|gatherings|huddle*|talks|meeting|meetings|met|meet|meets|summit|summits|negotiations|negotiators|gather|gathers|gathered|discussions|discussing|consultations|host|hosted|hosts|hosting|sit down|sat down|sits down|sitting down|joined|delegation|delegations|conference|ministerial|first round|second round|third round|last round|previous round|earlier round|previous rounds|earlier rounds|past rounds|rounds of talks|rounds of negotiations|two rounds|three rounds|four rounds|several rounds|opening round|fourth round|fifth round|new round|next round|latest round|another round|sat across|face to face|face-to-face|held talks|hold talks|holds talks|holding talks|conferred|confer|confers|conferring|agreed between|agreed in|signed in|reached in|brokered in|hammered out|alongside|flanked by|standing next to|side by side|joint press conference|joint news conference|joint statement|contacts between"
	visitWords   = "visit|visits|visited|visiting|traveled to|travelled to|travels to|traveling to|travelling to|travel to|arrived in|arrives in|arriving in|arrive in|landed in|lands in|landing in|touched down in|touches down in|flew to|flies to|fly to|flying to|trip to|headed to|heads to|heading to|head to|journeyed to|went to|returned to|returns to|returning to|due at|due in|is expected in|are expected in|expected at"
	receiveWords = "received|receive|receives|receiving|welcomed|welcomes|welcoming"
)

// meetNotVisitRe: a meeting named by more than a visit or a journey.
var meetNotVisitRe = newPhrases(meetingWords + "|" + receiveWords)

// meetStrictRe is meetRe without the words that name a meeting only with a
// guest after them ("received Witkoff", not "received the plan").
var meetStrictRe = newPhrases(meetingWords + "|" + visitWords)

// spentWithRe: time spent with the other side ("spent five hours with").
var spentWithRe = mustLex(`\bspent\b[^.;]{0,60}\bwith\b`)

// handedRe: a document handed over in person to someone named ("handed
// the draft to Zelenskiy in Kyiv"), which is a meeting.
var handedRe = mustLex(`\b(?:handed|hand-delivered|delivered|presented|gave|to present|to deliver|to hand)(?: over)? (?:the |a |an |his |her |their |its )?(?:[a-z-]+ ){0,3}(?:draft|plan|proposal|document|letter|text|message|framework|blueprint|memorandum) (?:in person )?to (?:President |Prime Minister |Chancellor )?[A-Z]`)

// receiveRe: a guest received or welcomed, named or by office.
var receiveRe = mustLex(`\b(?:received|receive|receives|receiving|welcomed|welcomes|welcoming) (?:by )?(?:[A-Z][a-z]|(?:the |a |an |his |her )?(?:[a-z]+ )?(?:delegation|delegations|envoy|envoys|president|prime minister|leader|leaders|chancellor|minister|secretary|team|negotiators|counterpart)\b)`)

// pressConfRe: a news conference, where statements are made, not a meeting.
var pressConfRe = mustLex(`\b(news|press) (conference|briefing)s?\b`)

// speechPlaceRe ends right before a place where a statement was made
// ("speaking in", "told reporters in", "said at a news conference in").
var speechPlaceRe = mustLex(`\b(speaking|spoke|said|says|told reporters|told journalists|told a news conference|told a press conference|addressing|wrote|posted|(news|press) conference|briefing|interview)(\s+(to|with)\s+(reporters|journalists|the press))?(\s+(at|during)\s+an?\s+([a-z]+\s+)?(news conference|press conference|briefing|interview|conference|forum|ceremony|rally|event|lecture))?\s+(in|from)\s+$`)

// afterTalksRe follows the place of a statement made after talks there
// ("speaking at a press conference in Oslo on March 20, after talks with
// Støre"; "in Beijing, at the end of a state visit during which he held
// talks"): the place is the meeting's too.
var afterTalksRe = mustLex(`^(,? (on|last|this) [a-z0-9 ]{1,20})?,? ((after|following) (the |his |her |their |a )?(talks|meeting|meetings|negotiations) with|(at the end of|during) (a|an|his|her|their) ([a-z-]+ )?(visit|trip) during which ([a-z]+ ){1,2}(held talks|met))\b`)

// residenceRe names a venue by the residence it is.
var residenceRe = mustLex(`\b(?:at|in) ([A-Z][a-z]+(?: [A-Z][a-z]+)?), (?:the|a|an) [^,.;]{0,60}?\b(?:residence|estate|retreat)\b`)

// postponedRe: a meeting put off, whose date is not the meeting's.
var postponedRe = mustLex(`\b(postponed|put off|delayed|called off|cancel+ed|shelved|on hold)\b`)

// backgroundTalksRe names talks held before as a known thing, after a
// preposition ("presented at the talks in Istanbul").
var backgroundTalksRe = mustLex(`\b(at|during|from|since|of|in) the ([a-z-]+ )?(talks|negotiations|meeting|meetings|summit|round) (in|at) [A-Z]|\b(reached|agreed|made|struck|signed) (at|during|in) the [A-Z][a-z]+ (talks|negotiations|meeting|meetings|summit|round)\b|\b(the one|the ones|those|that|what was|understandings|agreements?|arrangements?|principles?) (reached|agreed|made|struck)( in principle)? (in|at) [A-Z]`)

// sceneSetter reports whether the place at lc[start:end] opens its sentence
// as where a statement was made ("In Moscow, Lavrov said ..."), not where
// a meeting was held.
func sceneSetter(lc string, start, end int) bool {
	if sceneNoMeet(lc, start, end) {
		return true
	}
	if start != 3 || !strings.HasPrefix(lc, "in ") {
		return false
	}
	// "In Brussels on Wednesday, Hegseth told allies": a date may stand
	// between the place and the comma.
	if m := sceneDateRe.FindStringIndex(lc[end:min(len(lc), end+40)]); m != nil {
		end += m[1]
	}
	if !strings.HasPrefix(lc[end:], ",") {
		return false
	}
	rest := lc[end:min(len(lc), end+80)]
	return sceneSpeechRe.MatchString(rest)
}

// sceneNoMeet reports a sentence opened by "In CITY," whose first clause
// names no meeting ("In Kyiv, Zelensky gave a nod to the energy pause"):
// the city is where the rest happened or was said.
func sceneNoMeet(lc string, start, end int) bool {
	if start != 3 || !strings.HasPrefix(lc, "in ") || !strings.HasPrefix(lc[end:], ", ") {
		return false
	}
	rest := lc[end+2 : min(len(lc), end+70)]
	if k := strings.IndexAny(rest, ",;"); k >= 0 {
		rest = rest[:k]
	}
	return !meetStrictRe.MatchString(rest) && !receiveRe.MatchString(rest)
}

// sceneDateRe is a date phrase right after a scene-setting place.
var sceneDateRe = mustLex(`^ (on|last|this|late|early|earlier)( [a-z]+){1,2}`)

// sceneSpeechRe: a speech verb early in the clause after a scene-setting place.
var sceneSpeechRe = mustLex(`^,[^,.;]{0,60}\b(said|says|told|stated|declared|announced|warned|insisted|wrote|repeated)\b`)

// cancelledRe marks a meeting called off, or one whose date is not set
// ("a planned summit in Budapest has no date yet"): neither held nor
// scheduled.
var cancelledRe = mustLex(`\b(called off|cancel+ed|scrapped|shelved|shelving|scrapping|cancel+ing|calling off|put on hold|put (a|the|its|their) [^.;]{0,80} on hold|postponed indefinitely|did not attend|will not attend|won't attend|won’t attend|declined to attend|refused to attend|stayed away|boycotted|did not take place|never took place|did not meet|will not meet|will not send|won't send|won’t send|did not send|is not sending|are not sending|(has|had|have|with) no (firm |fixed |set |confirmed )?dates?|no (firm |fixed |set |confirmed )?dates? (yet|for|has been|have been|had been|was|were)|(has|have|had) not (yet )?been (scheduled|set|fixed))\b`)

// statementDateRe is a date cue right after a speech verb.
var statementDateRe = mustLex(`\b(said|says|told reporters|told journalists|announced|stated|wrote|added|confirmed|posted)( late| early)? (on )?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|today|yesterday)\b(,? (?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{1,2}\b|,? [0-9]{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\b|,? \([0-9]{1,2}\))?`)

// blankStatementDates blanks (with spaces, keeping offsets) the date cues
// that date a statement rather than an event.
func blankStatementDates(s string) string {
	ms := statementDateRe.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	b := []byte(s)
	for _, m := range ms {
		for i := m[8]; i < m[1]; i++ { // the weekday and its day of the month ("announced late on Saturday, Nov. 15")
			b[i] = ' '
		}
	}
	return string(b)
}

// offerHostRe: a venue or a meeting only offered.
var offerHostRe = mustLex(`\b((offer|offers|offered|offering)( once again| again| once more| repeatedly)? to (host|mediate|welcome)|(offer|offers|offered|offering) (the )?[a-z]+ as (a )?(venue|neutral ground|host)|(willing|ready|available|prepared|happy|readiness|willingness) to (host|welcome)|could host|availability of)\b`)

// maybeMeetRe marks a meeting only offered or possible, not held or scheduled.
var maybeMeetRe = mustLex(`\b((ready|willing|prepared|happy|open|available|eager|keen) to (hold|have|host|meet|mediate|welcome)|would (like|love) to (meet|host)|(ready|available) for (talks|a meeting|a direct meeting|negotiations)|(offer|offers|offered|offering)( once again| again| once more| repeatedly)? to (meet|hold|host|mediate|welcome)|(offer|offers|offered|offering) (the )?[A-Z]?[a-z]+ as (a )?(venue|neutral ground|host)|suggest(s|ed|ing)? (holding|hosting|meeting|talks)|open to|could host|could be held|might host|proposed (holding|hosting)|propos(es|ed|ing) to host|possibility of|possible (talks|meeting|summit)|idea of|available for|invitation|invitations|invited [a-z]+ to|invite [a-z]+ to|to invite|ready to (continue|resume|restart|hold|start)|(still )?on the table|asked whether|could still (take place|happen|go ahead)|if it (did|does|were to) (happen|take place|go ahead))\b`)

// talksWordRe marks a sentence that dates talks named elsewhere ("Ahead of
// Wednesday's talks").
// militaryMeetRe: a meeting of military planners.
var militaryMeetRe = mustLex(`\b(military|defen[cs]e|army) (chiefs|planners|commanders|officials|staff)\b[^.;]{0,60}\b(meet|met|meeting|gather|convene)`)

// metWithRe: "met with" a reception, not a person.
var metWithRe = mustLex(`\b(met|meets|meet) with (unease|criticism|skepticism|scepticism|derision|anger|dismay|concern|alarm|silence|approval|applause|protests?|resistance|opposition|caution|suspicion|outrage|relief|scorn|praise)\b`)

var talksWordRe = mustLex(`\b(talks|summit|meeting|negotiations)\b`)

// whereMetAfterRe follows cities a meeting is told of after them, whatever
// comes before ("arrived from London and Brussels, where he met").
// "To Abu Dhabi, where the second round of three-way talks ... ended
// today": a city whose relative clause tells talks held there.
var whereMetAfterRe = mustLex(`^(’s|'s)?( and [a-z][a-z .'-]{1,25})?, where (([a-z]+ ){0,3}(met|meets|held talks|holds talks|hosted|hosts|spent [a-z ]{1,20}with|signed [a-z ]{1,40}with)|(the|a|an|their|his|her) ([a-z-]+ ){0,3}(talks|round|negotiations|meeting|consultations))\b`)

// withLeaderRe: time spent or a document signed with a leader named or by
// office ("to sign a letter of intent on Rafale fighters with Emmanuel
// Macron", "had spent the day with French president Emmanuel Macron").
var withLeaderRe = mustLex(`\b(?:spent|sign|signs|signed|signing)\b[^.;]{0,60}\bwith (?:[A-Z][a-z]|(?:the |his |her |their )?(?:[a-z]+ )?(?:president|prime minister|chancellor|leader|counterpart|taoiseach)\b)`)

// forTalksAfterRe follows a city its own meeting is held in ("drove to Rome
// for talks with Meloni").
// A day may come between ("to Paris the next day for a meeting with
// Macron", "a visit to Rome on Tuesday to meet Meloni", "on Nov. 24").
// "is due in Moscow on Tuesday to present the revised text to Putin": a
// plan brought to a leader there.
var forTalksAfterRe = mustLex(`^( (?:on|the|this|next|later|early|late) [a-z]+\.?(?: [0-9]{1,2})?(?: day| morning| afternoon| evening)?,?)? (for (talks|a meeting|meetings|a summit|negotiations|consultations) with|to (meet|hold talks with|(present|deliver|hand over|brief) [^.;]{1,30} to [a-z]+))\b`)

// relSpanRe: a span between the event told and a meeting ("a week after
// the summit in", "three days before talks in").
// "The attack took place hours before a meeting ... in Jeddah": hours
// count as the same day.
var relSpanRe = mustLex(`\b(?:less than |more than |just |only |barely |some |mere )?((?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]+) (?:day|days|week|weeks)|hours) (after|before)\b`)

// sinceOfficeRe is a clause dating an office taken, not a meeting.
var sinceOfficeRe = mustLex(`\bsince [^,.;]{0,50}\b(took office|took over|was elected|came to power|was sworn in|was inaugurated|assumed office|became [a-z]+)\b[^,.;]{0,30}`)

// roundsRe counts rounds of talks held before.
var roundsRe = mustLex(`\b(two|three|four|five|six|several|[0-9]+) rounds of\b`)

// wouldTalksRe: talks somewhere told in the conditional mood.
var wouldTalksRe = mustLex(`\b(talks|a meeting|meeting|negotiations|a summit|summit) (at|in) (the )?[A-Z][A-Za-z]+( [A-Z][A-Za-z]+)?["”]? ["“]?(would|could|might) (have|make|bring|mean|give|send|add|carry|offer|help|be (a|an|the|more|very|of|useful|important|symbolic|significant))\b`)

// laterRe opens a sentence with a span counted from the day told just
// before ("Three days later, ...", "The next day, ...").
var laterRe = mustLex(`^(?:(a|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]+) (days?|weeks?) later|(?:the )?(?:next|following) day|a day later)\b`)

// relBefore returns the last span of rels between from and to (byte
// offsets; the span must end before to and within 150 bytes of it).
func relBefore(rels [][]int, from, to int) []int {
	var out []int
	for _, m := range rels {
		if m[0] > from && m[1] <= to && to-m[1] <= 150 {
			out = m
		}
	}
	return out
}

// sentenceParts lists the actors a sentence names outside quotes.
func (x *Extractor) sentenceParts(d *doc, s Sentence) []string {
	var parts []string
	quotes := quotedRanges(s.Text)
	for _, m := range d.actors(s.Index) {
		if !inRanges(quotes, m.Start) && !contains(parts, m.Code) {
			parts = append(parts, m.Code)
		}
	}
	return parts
}

// relRef is the day of the event a span counts from: a date told before
// the span, the article's attack ("the bombing came two days after"), the
// meeting told before ("the meeting came three days after"), or else the
// article's day.
func relRef(d *doc, s Sentence, lead string, list []*talk, incidents []IncidentClaim) time.Time {
	// The date is read in the sentence's own case (lead is lower-case, at
	// the same offsets): "said on Thursday ..., hours before he received".
	if dc, ok := ResolveDate(s.Text[:len(lead)], d.a.Date, Past); ok {
		return dc.Day
	}
	parse := func(v string) (time.Time, bool) {
		t, err := time.Parse("2006-01-02", v)
		return t, err == nil
	}
	if attackLeadRe.MatchString(lead) {
		// The attack the article is about: its latest one, if of the
		// article's last days (an older one is background).
		var last time.Time
		for _, in := range incidents {
			if in.Date != nil {
				if t, ok := parse(*in.Date); ok && t.After(last) && !t.Before(d.a.Date.AddDate(0, 0, -3)) {
					last = t
				}
			}
		}
		if !last.IsZero() {
			return last
		}
	}
	if talksWordRe.MatchString(lead) || meetVerbRe.MatchString(lead) {
		for i := len(list) - 1; i >= 0; i-- {
			if list[i].dated && list[i].first.Index < s.Index {
				if t, ok := parse(list[i].date); ok {
					return t
				}
			}
		}
	}
	return d.a.Date
}

// attackLeadRe: the event a span counts from is an attack.
var attackLeadRe = mustLex(`\b(strike|attack|attacks|strikes|bombing|shelling|assault|barrage|incident)\b`)

// relDay dates a meeting a span before (or after) the day ref.
func relDay(lc string, m []int, pub time.Time) time.Time {
	span := lc[m[2]:m[3]]
	n := 0 // "hours before": the same day
	if num, unit, ok := strings.Cut(span, " "); ok {
		if n = smallNumbers[num]; n == 0 {
			n, _ = strconv.Atoi(num)
		}
		if strings.HasPrefix(unit, "week") {
			n *= 7
		}
	}
	if lc[m[4]:m[5]] == "before" {
		return pub.AddDate(0, 0, n)
	}
	return pub.AddDate(0, 0, -n)
}

var (
	// multiDayRe: talks that lasted several days.
	multiDayRe = mustLex(`\b(two|three|four|five|six|seven|\d)(?: days of|-day) (talks|negotiations|meetings|consultations|summit)\b`)
	// dayOrdRe: a later day of talks ("after a second day of negotiations on Monday").
	dayOrdRe = mustLex(`\b(second|third|fourth|fifth) day( of (talks|negotiations|meetings|consultations|the talks|the negotiations|the summit))?\b`)
	// endedRe: the sentence dates the end of the talks.
	endedRe = mustLex(`\b(wrapped up|ended|concluded|closed|finished|wound up|ending)\b`)
	// endedAfterDaysRe: talks that ended after several days ("ended today
	// after two days").
	endedAfterDaysRe = mustLex(`\b(?:wrapped up|ended|concluded|closed|finished|wound up)\b[^.;]{0,20}\bafter (two|three|four|five|six|seven|\d) days\b`)
	// beganRe: the sentence dates the start of the talks.
	beganRe = mustLex(`\b(began|started|opened|kicked off|got under way|got underway)\b`)
)

// dateMayStart reports whether a date cue may start within two bytes of
// the start of t (a cheap test before resolving one there).
func dateMayStart(t string) bool {
	i := 0
	for i < len(t) && i < 2 && (t[i] == ' ' || t[i] == ',') {
		i++
	}
	if i >= len(t) {
		return false
	}
	if c := t[i]; '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' {
		return true
	}
	w := t[i:min(len(t), i+10)]
	for _, p := range []string{"on ", "last ", "next ", "this ", "since ", "until ", "by ", "today", "tonight", "yesterday", "tomorrow", "overnight", "earlier ", "later ", "the day"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// undatedTalk is the date of talks a sentence names without a place.
type undatedTalk struct {
	date string
	sent int
}

// meetVerbRe: a meeting named by its verb ("will meet again on Wednesday").
var meetVerbRe = mustLex(`\b(meet|meets|met|meeting|will gather|to gather)\b`)

// daysApart is the number of days between two YYYY-MM-DD dates.
func daysApart(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return abs(int(ta.Sub(tb).Hours() / 24))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// placeName is a place and the words that name it.
// presentMeetRe: a meeting told in the present ("ministers gather in
// London", "Witkoff arrives in Moscow").
var presentMeetRe = mustLex(`\b(arrives|arriving|gather|gathers|gathering|meets|meeting|convene|convenes|convening|hosts|hosting|holds|holding|enters|entering|visits|visiting|lands|landing|heads|heading|touches down|is in|are in|today|this morning|this afternoon|this evening|tonight)\b`)

// presentMeet reports whether lc tells a meeting in the present. A noun
// after a determiner ("That meeting, held in London, was attended by")
// names a meeting told elsewhere, not one happening now.
func presentMeet(lc string) bool {
	for _, m := range presentMeetRe.FindAllStringIndex(lc, -1) {
		if w := lc[m[0]:m[1]]; w == "meeting" || w == "gathering" {
			if nounDeterminers[lastWord(strings.TrimRight(lc[:m[0]], " "))] {
				continue
			}
		}
		return true
	}
	return false
}

// nounDeterminers come before a noun, never before a verb.
var nounDeterminers = map[string]bool{"the": true, "a": true, "an": true, "that": true, "this": true, "those": true,
	"these": true, "his": true, "her": true, "their": true, "its": true, "our": true, "next": true, "last": true,
	"first": true, "online": true, "virtual": true, "bilateral": true, "trilateral": true, "planned": true, "any": true,
	"another": true, "same": true, "such": true}

// sameCityRe: a meeting placed in a city named before ("talks held in
// the city", "met in the same city").
var sameCityRe = mustLex(`\b(held|met|meet|meets|meeting|talks|took place|convened|gathered) in the (same )?city\b`)

// cityBefore is the city named last before byte end of sentence s (outside
// quotes), or else the last one of the sentence before.
func (x *Extractor) cityBefore(d *doc, s Sentence, end int) *PlaceMention {
	last := func(text string, end int) *PlaceMention {
		var out *PlaceMention
		q := quotedRanges(text)
		for _, m := range x.gaz.Find(text) {
			if m.Place.Kind == City && m.End <= end && !inRanges(q, m.Start) {
				out = &m
			}
		}
		return out
	}
	if p := last(s.Text, end); p != nil {
		return p
	}
	if s.Index > 0 {
		prev := d.sents[s.Index-1]
		if p := last(prev.Text, len(prev.Text)); p != nil {
			// A name from another sentence: its offsets mean nothing here.
			return &PlaceMention{Place: p.Place, Start: 0, End: 0}
		}
	}
	return nil
}

// listedDays are the days listed right after the date cue dc ("on May 16,
// June 2 and July 23").
func listedDays(text string, day string, pub time.Time, tense Tense) []string {
	var out []string
	// The cue of day: the offsets of dc may be of a part of the sentence.
	at := -1
	for off, k := 0, 0; k < 8 && off < len(text); k++ {
		c, ok := ResolveDate(text[off:], pub, tense)
		if !ok {
			break
		}
		if c.Day.Format("2006-01-02") == day {
			at = off + c.End
			break
		}
		off += c.End
	}
	if at < 0 {
		return nil
	}
	for k := 0; k < 6 && at < len(text); k++ {
		m := listSepRe.FindStringIndex(text[at:])
		if m == nil {
			break
		}
		rest := text[at+m[1] : min(len(text), at+m[1]+25)]
		c, ok := ResolveDate(rest, pub, tense)
		if !ok || c.Start != 0 {
			break
		}
		if prev, err := time.Parse("2006-01-02", day); err == nil && c.Day.Before(prev) {
			if wd, isWd := weekdays[strings.ToLower(strings.TrimSpace(rest[c.Start:c.End]))]; isWd {
				// "next Tuesday and Wednesday": days listed in order; a bare
				// weekday after a day is the first such day after it.
				c.Day = weekday(prev.AddDate(0, 0, 1), wd, Future, false)
			}
		}
		day = c.Day.Format("2006-01-02")
		out = append(out, day)
		at += m[1] + c.End
	}
	return out
}

// listSepRe separates the items of a list of dates.
var listSepRe = mustLex(`^(, and |,? and |, )`)

// aheadOfRe ends right before the date of an event still to come.
var aheadOfRe = mustLex(`\b(ahead of|in the run-up to|in preparation for|in advance of|on the eve of) (the |this |next )?$`)

// officeReturnRe ends right before a venue that is an office taken or
// left ("returns to the White House").
var officeReturnRe = mustLex(`\b(return|returns|returned|returning|back|move|moves|moved|moving|enter|enters|entered|entering) $`)

// formatAfterRe follows a place that names a format of talks.
var formatAfterRe = mustLex(`^(-| )(format|style)\b`)

// regionAfterRe follows a city's name used for its region.
var regionAfterRe = mustLex(`^(’s|'s)? ?(and [A-Za-z-]+ )?(region|regions|oblast|oblasts|province|provinces|district|front|direction|sector|axis)\b`)

// scheduledForRe ends right before the place a meeting is set for ("the
// next meeting is set for Budapest").
var scheduledForRe = mustLex(`\b(set|scheduled|planned|slated|penciled|pencilled|due|expected|earmarked) for\s+$`)

// toNotJourney reports whether a place after "to" follows no word of a
// journey or a meeting ("overly favorable to Moscow", "aid to Kyiv"): a
// destination names where people meet only after one ("traveled to Kyiv",
// "a trip to Moscow", "invited Zelensky to Washington").
func toNotJourney(before string) bool {
	b := strings.TrimRight(before, " ")
	if lastWord(b) == "the" {
		b = strings.TrimRight(b[:len(b)-3], " ")
	}
	if lastWord(b) != "to" {
		return false
	}
	if strings.Contains(b, "returned") && passiveReturnRe.MatchString(b) {
		return true // "assets must never be returned to Moscow": a thing given back, no journey
	}
	ws := strings.Fields(b[:len(b)-2])
	for i := len(ws) - 1; i >= 0 && i >= len(ws)-4; i-- {
		w := strings.Trim(ws[i], ",.;:")
		for _, j := range journeyStems {
			if strings.HasPrefix(w, j) {
				return false
			}
		}
	}
	return true
}

// journeyStems start the words of a journey or a meeting after which "to"
// names a destination.
var journeyStems = []string{"travel", "flew", "fly", "flie", "flight", "trip", "journey", "head", "came", "come", "went",
	"go", "return", "arriv", "visit", "invit", "summon", "sent", "send", "dispatch", "back", "way", "move", "moving",
	"rush", "hurr", "bound", "drove", "drive", "took", "take", "taking", "brought", "bring", "welcome", "delegation",
	"envoy", "mission", "talks", "meet", "summit", "heading", "relocat", "shift", "switch", "ride", "train", "plane"}

// toGoRe ends with a journey still to make: "to come to", "to travel to".
var toGoRe = mustLex(`\bto (come|travel|fly|go|return|head) (back )?to (the )?[a-z .'-]*$`)

// destinationsLast puts the gazetteer places among places[:n] that are
// only a destination ("present it to Washington") after the others, so that
// a meeting place named with "at" or "in" (or a venue) comes first.
func destinationsLast(places []placeName, n int, lc string) []placeName {
	var strong, dest []placeName
	for i, pl := range places {
		if i < n && pl.end > 0 && pl.end <= len(lc) && toBeforeRe.MatchString(lc[max(0, pl.end-len(pl.name)-12):pl.end-len(pl.name)]) {
			dest = append(dest, pl)
			continue
		}
		strong = append(strong, pl)
	}
	if len(dest) == 0 || len(strong) == 0 {
		return places
	}
	return append(strong, dest...)
}

// notOffered drops the places named right after an offer to host.
func notOffered(places []placeName, lc string) []placeName {
	ms := offerHostRe.FindAllStringIndex(lc, -1)
	if ms == nil {
		return places
	}
	var out []placeName
	for _, pl := range places {
		offered := false
		for _, m := range ms {
			if pl.end > m[0] && pl.end <= m[1]+60 {
				offered = true
			}
			if pl.end >= 0 && pl.end <= m[0] && m[0]-pl.end <= 25 && !strings.ContainsAny(lc[pl.end:m[0]], ",.;") {
				offered = true // "Istanbul stood ready to host the two sides"
			}
		}
		if !offered {
			out = append(out, pl)
		}
	}
	return out
}

// notAttacked drops the places of incidents told in sentence s, unless
// nothing else is left.
func notAttacked(places []placeName, s Sentence, d *doc, incidents []IncidentClaim) []placeName {
	if len(places) < 2 {
		return places
	}
	var out []placeName
	for _, pl := range places {
		hit := false
		for _, in := range incidents {
			if in.Place == pl.p.Name && in.Evidence.Evidence != "" && strings.Contains(s.Text, in.Evidence.Evidence) {
				hit = true
			}
		}
		if !hit {
			out = append(out, pl)
		}
	}
	if len(out) == 0 {
		return places
	}
	return out
}

// toBeforeRe: a place after "to" (a destination, not where people met).
var toBeforeRe = mustLex(`\bto (the )?$`)

type placeName struct {
	p    *Place
	name string
	end  int // where the name ends in the sentence (-1: a dateline)
}

// relDayRe: talks dated from another event ("The strike came a day after
// the first direct talks ... ended in Istanbul").
var relDayRe = mustLex(`\b(?:the )?(strike|attack|attacks|strikes|bombing|shelling|assault|barrage)\b[^.;]{0,30}?\b(a|one|two|three|four|five|six) days? (after|before)\b`)

// talksRegionRe: talks placed in a region or state, then dated ("talks in
// Florida on Sunday"): the date may be a meeting's that the next sentence
// places in a city.
var talksRegionRe = mustLex(`\b(talks|negotiations|meeting|meetings|consultations|discussions)( (in|at) [A-Z][A-Za-z]+( [A-Z][A-Za-z]+)?)?(,)? `)

// neighbourTalksDate dates talks whose sentence gives no date: from an
// attack the sentence dates them against ("a day after the talks"), or
// from the sentence before, where talks dated without a city are the same
// meeting ("held talks in Florida on Sunday ... met Rubio in Miami").
func (x *Extractor) neighbourTalksDate(d *doc, si int, incidents []IncidentClaim) (string, bool) {
	lc := d.lower[si]
	if m := relDayRe.FindStringSubmatchIndex(lc); m != nil {
		for _, in := range incidents {
			if in.Date == nil {
				continue
			}
			day, err := time.Parse("2006-01-02", *in.Date)
			if err != nil {
				continue
			}
			n, _ := parseNum(lc[m[4]:m[5]])
			if lc[m[4]:m[5]] == "a" {
				n = 1
			}
			if lc[m[6]:m[7]] == "after" {
				n = -n
			}
			return day.AddDate(0, 0, n).Format("2006-01-02"), true
		}
	}
	if si == 0 {
		return "", false
	}
	prev := d.sents[si-1].Text
	for _, m := range talksRegionRe.FindAllStringIndex(prev, -1) {
		rest := prev[m[1]-1 : min(len(prev), m[1]+40)]
		if dc, ok := ResolveDate(rest, d.a.Date, TenseOf(prev[:m[1]])); ok && dc.Start <= 4 {
			return dc.Day.Format("2006-01-02"), true
		}
	}
	return "", false
}

// pastYearAfterRe: a place followed in its own clause by a bare year
// ("hosted a NATO summit in Istanbul in 2004", "as it did in Istanbul in
// the spring of 2022", "Ankara, which hosted the first talks between the
// warring sides in 2022"): a meeting of history, which the article recalls
// with no day, not one it reports. "Since 2022" (a span up to now) is not.
var pastYearAfterRe = mustLex(`^[^.;]{0,70}?\bin (the )?((early|late|mid|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)( of)? )?((19|20)[0-9][0-9])\b`)

// pastYearAfter reports whether the place ending at lc[end] is dated only
// by a year before the article's: no day or month-day comes between them.
// text is the sentence, lc its lower-case form.
func pastYearAfter(text, lc string, end, year int) bool {
	tail := lc[end:min(len(lc), end+110)]
	if !strings.Contains(tail, " in 19") && !strings.Contains(tail, " in 20") && !strings.Contains(tail, " of 20") && !strings.Contains(tail, " of 19") {
		return false // the cheap gate: no year there
	}
	m := pastYearAfterRe.FindStringSubmatchIndex(tail)
	if m == nil {
		return false
	}
	y, _ := strconv.Atoi(tail[m[10]:m[11]])
	if y >= year {
		return false
	}
	// "met in Geneva on Sunday, as they did in 2022": the day dates this meeting.
	_, dated := ResolveDate(text[end:end+m[10]], time.Date(year, 6, 15, 0, 0, 0, 0, time.UTC), Past)
	return !dated
}

// notAboutWarRe: a meeting said not to be about the war ("both sides said
// Ukraine was not on the agenda", "did not discuss Ukraine").
var notAboutWarRe = mustLex(`\b(ukraine|the war|the conflict)( was| is| were| had been)? not (on the agenda|discussed|among the topics)\b|\b(did|do|does|would|will) not discuss (ukraine|the war)\b`)

// planToMeetRe ends with a meeting proposed, agreed or planned, told by its
// infinitive before the venue ("proposed on Sunday night to resume direct
// negotiations with Ukraine in", "agreed to meet again in").
// A future in the past ("were due to hold a bilateral meeting on the
// margins of the summit on Tuesday") is one too.
var planToMeetRe = mustLex(`(\b(propos|suggest|offer|agree|invit|plan|intend|decid|urg|call(ed|s)? for|want)[a-z]*\b[^.;"]{0,40}|\b(was|were) (due|set|expected|scheduled|slated) )\bto (resume|hold|meet|host|restart|reopen|reconvene|convene|start|begin|continue|open)\b[^.;"]{0,60}$`)

// presentHostRe: a meeting verb in the simple present ("Macron hosts
// leaders ... in", "Witkoff meets Putin in"), which with a weekday after the
// venue tells a schedule.
var presentHostRe = mustLex(`\b(hosts|meets|receives|welcomes|convenes|chairs|visits|travels to|flies to|heads to|holds talks)\b[^.;]{0,80}$`)

// pastNearRe: a past verb before the venue, which makes a present meeting
// verb a report ("said he meets", "who hosts ... met").
var pastNearRe = mustLex(`\b(said|told|was|were|had|met|held|hosted|visited|received|welcomed)\b`)

// passiveReturnRe ends with a thing given back to a place ("must never be
// returned to", "were returned to"): no one travels there.
var passiveReturnRe = mustLex(`\b(be|been|being|is|are|was|were)( [a-z]+)? returned to$`)

// marginsRe: a meeting on the margins of a gathering, whose city the
// sentence may not name.
var marginsRe = mustLex(`\bon the (margins|sidelines|fringes)( of (the|a|an|this|that|its|their) ([a-z'’-]+ ){0,3}(summit|conference|forum|meeting|council|gathering|session|talks))?|\b(their|a|the|his|her) bilateral (meeting|talks)\b`)

// gatheringCityBefore is the city of the nearest gathering the article
// placed before sentence s (a meeting word and a city after "in" or "at",
// not one of history), within 25 sentences, if it is dated within two
// days of s; or nil.
func (x *Extractor) gatheringCityBefore(d *doc, s Sentence) *Place {
	for i := s.Index - 1; i >= 0 && i >= s.Index-25; i-- {
		lc := d.lower[i]
		if !meetRe.MatchString(lc) {
			continue
		}
		text := d.sents[i].Text
		q := quotedRanges(text)
		for _, m := range x.gaz.Find(text) {
			if m.Place.Kind != City || inRanges(q, m.Start) {
				continue
			}
			before := lc[max(0, m.Start-40):m.Start]
			after := lc[m.End:min(len(lc), m.End+20)]
			if (talkPlaceBefore.MatchString(before) && !toNotJourney(before) || talkPlaceAfter.MatchString(after)) && !pastYearAfter(text, lc, m.End, d.a.Date.Year()) {
				// A meeting on the margins is held while the gathering
				// is: both must be dated, within two days.
				own, ok1 := ResolveDate(stripDateline(s.Text), d.a.Date, talkTense(s.Text))
				gat, ok2 := ResolveDate(stripDateline(text), d.a.Date, talkTense(text))
				if ok1 && ok2 && abs(int(own.Day.Sub(gat.Day).Hours()/24)) <= 2 {
					return m.Place
				}
				return nil
			}
		}
	}
	return nil
}

// plenarySpeechRe: a speech to a plenary ("told the summit's plenary
// session"), where statements are made, not talks held.
var plenarySpeechRe = mustLex(`\b(told|addressed|addressing|address|speaking to|speaking at|spoke to|spoke at|said at|speech to|speech at)( the| a)?( [a-z'’-]+){0,2} plenary\b`)

// natoPlenaryRe: the alliance's own summit or ministerial meeting.
var natoPlenaryRe = mustLex(`\b(nato|alliance)('s|’s)? (summit|ministerial|leaders|foreign ministers|defen[cs]e ministers)\b|\b(leaders|heads of state and government|ministers) of (the |all )?(32|31|30|thirty-two|thirty-one) (allies|members|member states|nations)\b|\bsummit of (nato|the alliance)\b`)

// sidelineMeetRe: a meeting of two on a gathering's margins.
var sidelineMeetRe = mustLex(`\b(margins|sidelines|fringes|bilateral|one-on-one|separately)\b`)

// sidelinesSpeechRe ends right before the city of a gathering on whose
// sidelines a statement was made ("speaking on the sidelines of a NATO
// summit in").
var sidelinesSpeechRe = mustLex(`\b(speaking|spoke|said|says|told reporters|told journalists|addressing|in an interview) (on|at) the (sidelines|margins|fringes) of (a|an|the|this|that) ([a-z'’-]+ ){0,3}(summit|conference|forum|meeting|gathering) (in|at) $`)

// dueToMeetRe: a meeting in the future of a past report ("were due to hold
// a bilateral meeting", "was due to meet").
var dueToMeetRe = mustLex(`\b(was|were) due to (meet|hold|host|sit down|travel|visit|attend)\b`)

// talkTense is TenseOf, with a meeting in the future of a past report
// ("Zelensky and Erdoğan were due to hold a bilateral meeting ... on
// Tuesday") read as ahead: planned as of the report.
func talkTense(s string) Tense {
	t := TenseOf(s)
	if t == Past && strings.Contains(s, " due to ") && dueToMeetRe.MatchString(asciiLower(s)) {
		return Future
	}
	return t
}

// signedDocRe: a document signed, which with two parties named is a
// meeting ("The declaration of intent, signed on Tuesday by Starmer, Macron
// and Zelenskiy at the Elysee Palace", "announced on Wednesday after
// signing a letter of intent in a hangar at Saab's plant in Linköping").
// The venue follows the signing ("signed an agreement to lift the
// blockade" names none).
var signedDocRe = mustLex(`(\b(sign|signs|signed|signing)\b[^.;]{0,20}\b(declaration|letter of intent|agreement|deal|memorandum|accord|treaty|communique|communiqué|pact|roadmap|partnership)\b|\b(declaration|letter of intent|agreement|deal|memorandum|accord|treaty|pact|roadmap)( of intent)?, signed (on [A-Z]?[a-z]+ )?by\b)[^.;]{0,160}\b(in|at) (the )?[A-Z]`)

// inCityToRe: someone in a city to press or meet someone ("Macron was in
// Washington to press Trump"): a visit with a meeting.
var inCityToRe = mustLex(`\b(was|were|is|are) in [A-Z][a-z]+( [A-Z][a-z]+)?( on [A-Z][a-z]+)? to (press|meet|see|urge|lobby|persuade|discuss|talk|hold talks|sign|seek)\b`)

// receptionRe: words received, not a guest ("remarks that were welcomed in
// Moscow", "a proposal that was welcomed").
var receptionRe = mustLex(`\b(remarks|comments|words|proposal|proposals|plan|decision|news|move|statement|offer|idea|announcement|step|deal|initiative|call)( that| which)? (was|were|has been|have been|had been) (warmly |widely |cautiously )?(welcomed|received)\b`)

// requestMeetRe: a meeting asked for ("asked allies for urgent
// consultations under Article 4", "called for an emergency meeting").
var requestMeetRe = mustLex(`\b(asked|asks|asking|requested|requests|requesting|called for|calls for|calling for|demanded|demands|sought|seeks|seeking)\b[^.;]{0,25}\b(urgent |emergency |immediate )?(consultations|a meeting|an emergency meeting|an urgent meeting|an emergency session|a session)\b`)

// rejectedMeetRe: a meeting or journey refused ("turned down the
// Kremlin's suggestion that he travel to Moscow", "rejected an invitation
// to Moscow").
var rejectedMeetRe = mustLex(`\b(turned down|turns down|rejected|rejects|refused|refuses|declined|declines|dismissed|dismisses|spurned|rebuffed)\b[^.;]{0,30}\b(suggestion|invitation|invite|offer|proposal|idea)s?\b[^.;]{0,20}\b(to|that)\b`)

// countryTalksRe: talks placed in a state or region, not a city ("three
// days of talks with Ukrainian and Russian delegations in Saudi Arabia").
var countryTalksRe = mustLex(`\b(talks|negotiations|meeting|meetings|delegations|round|summit|consultations)\b[^.;]{0,50}\b(in|to) (saudi arabia|turkey|türkiye|switzerland|the (united arab emirates|uae|vatican)|qatar|oman|egypt|belarus|hungary|alaska|florida|finland|austria|china|india|japan|brazil|south africa|azerbaijan|kazakhstan|israel|italy|france|germany|britain|poland|norway|denmark|sweden|spain)\b`)

// vagueSpanRe: an event dated only vaguely from a statement ("said
// Thursday ..., days after Fico made a surprise trip to the Kremlin"): the
// statement's day is not the meeting's.
var vagueSpanRe = mustLex(`\b(days|weeks|months|hours|shortly|soon|not long) (after|before)\b`)

// fallbackVerbRe: a meeting told by a verb, which a talks entry with no
// date anywhere near needs to be dated the day before the article.
var fallbackVerbRe = mustLex(`\b(met|meets|received|hosted|welcomed|held talks|alongside|sat down|conferred|convened|gathered|visited|arrived|landed|spent)\b`)

// orgBodyRe: an organisation's own body meeting ("EU ambassadors and then
// ministers meeting in Brussels adopted the 18th package", "the vote in the
// General Assembly in New York"): not talks unless it meets someone
// (withOtherRe) or a meeting is held on its margins.
var orgBodyRe = mustLex(`\b(eu|european union|g7|g20|osce|un|united nations)('s|’s)? (foreign |defen[cs]e |finance |energy |interior )?(ministers|ambassadors|member states|ministerial|ministerial council|summit)\b|\b(general assembly|security council)\b`)

// withOtherRe: a body meeting someone from outside ("EU foreign ministers
// meeting informally in Lviv with Ukrainian Foreign Minister Sybiha").
var withOtherRe = mustLex(`\b(with|joined by|attended by|alongside|invited|received|hosted|welcomed|guest|guests)\b`)

// Literal gates of the rules above (cheap tests before their patterns).
var (
	rejectVerbs = []string{"turn", "reject", "refuse", "declin", "dismiss", "spurn", "rebuff"}
	natoWords   = []string{"nato", "alliance", " allies", "32 ", "31 ", "30 ", "thirty"}
	bodyWords   = []string{"ministers", "ambassadors", "member states", "ministerial", "summit", "assembly", "security council"}
)

// sideEventOffRe: what was called off is a side event of the meeting, not
// the meeting ("a joint news conference planned for the end of their
// meeting on Thursday was called off at Washington's request").
var sideEventOffRe = mustLex(`\b((news|press) (conference|briefing)|briefing|ceremony|dinner|joint statement|photo opportunity|signing)\b[^.;]{0,80}\b(was|were|had been|has been) (called off|cancel+ed|scrapped|dropped)\b`)

// behestAfterRe follows a capital named as its government ("called off at
// Washington's request", "at Moscow's insistence").
var behestAfterRe = mustLex(`^(’s|'s) (request|behest|insistence|invitation|demand|urging|initiative|suggestion)\b`)

// noMeetingRe: a meeting denied ("there was no meeting between Putin and
// Zelenskiy on the agenda", "no talks are planned").
var noMeetingRe = mustLex(`\b(there (was|is|will be|would be|had been) no|no) (meeting|meetings|summit|talks|negotiations)( [a-z]+){0,6} (on the agenda|planned|scheduled|in the works|foreseen)\b|\bthere (was|is|will be|would be) no (meeting|summit|talks)\b`)

// weekendRe and ordinalDayRe: days of meetings that ResolveDate does not
// read ("met Putin in Moscow over the weekend", "held talks in Miami on
// the 15th").
var (
	weekendRe    = mustLex(`\b(over|at|during|on) the weekend\b`)
	ordinalDayRe = mustLex(`\bon the ([0-9]{1,2})(st|nd|rd|th)\b`)
	// dayRangeRe: a range of days before a month ("from 13 to 15
	// October", "between 5 and 9 March"), whose first day dates talks.
	dayRangeRe = mustLex(`\b(?:from |between )?([0-9]{1,2})(?:st|nd|rd|th)? (?:to|and|until|through|till) [0-9]{1,2}(?:st|nd|rd|th)? ` + monthRe)
)

// looseDate dates a meeting by the weekend (its Saturday, the last or the
// next by the tense) or by a day of the month alone (in the article's
// month, or the month before for a day still to come told in the past).
func looseDate(s string, pub time.Time, tense Tense) (DateCue, bool) {
	if strings.Contains(s, "weekend") {
		if m := weekendRe.FindStringIndex(s); m != nil {
			return DateCue{Day: weekday(pub, time.Saturday, tense, false), Start: m[0], End: m[1]}, true
		}
	}
	if strings.Contains(s, "on the ") {
		if m := ordinalDayRe.FindStringSubmatchIndex(s); m != nil {
			n, _ := strconv.Atoi(s[m[2]:m[3]])
			day := time.Date(pub.Year(), pub.Month(), n, 0, 0, 0, 0, time.UTC)
			if n >= 1 && n <= 31 && day.Day() == n {
				if tense == Past && day.After(pub) {
					day = day.AddDate(0, -1, 0)
				}
				return DateCue{Day: day, Start: m[0], End: m[1]}, true
			}
		}
	}
	return DateCue{}, false
}

// monthCueRe and dayCueRe: a sentence dated only by its month ("last
// month's talks", "earlier this month"), with no day named.
var (
	monthCueRe = mustLex(`\b(last|this|next|earlier this|later this) month\b|\b(earlier|later) in the month\b`)
	dayCueRe   = mustLex(`\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|yesterday|today|tomorrow)\b|\b[0-9]{1,2} ` + monthRe + `|\b` + monthRe + ` [0-9]{1,2}\b`)
)
