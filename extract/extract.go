package extract

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Extraction is what one article says: the JSON object of SCHEMA.md.
type Extraction struct {
	Name      string          `json:"name,omitempty"`
	Date      string          `json:"date"`
	Positions []PositionClaim `json:"positions"`
	Incidents []IncidentClaim `json:"incidents"`
	Talks     []TalksClaim    `json:"talks"`
}

// Evidence ties a claim to the sentence that says it. Span is the sentence's
// [start, end) in characters (Unicode code points) of the article's text,
// counted from its first byte (the date line included).
type Evidence struct {
	Evidence string `json:"evidence"`
	Span     [2]int `json:"span"`
}

// PositionClaim is an actor's stance on an issue of the settlement.
type PositionClaim struct {
	Actor       string  `json:"actor"`
	Issue       string  `json:"issue"`
	Stance      string  `json:"stance"`
	Attribution string  `json:"attribution"`
	Confidence  float64 `json:"confidence"`
	Evidence
}

// IncidentClaim is a strike or attack the article reports as having happened.
type IncidentClaim struct {
	Date        *string  `json:"date"`
	Place       string   `json:"place"`
	Admin1      string   `json:"admin1"`
	Lat         *float64 `json:"lat"`
	Lon         *float64 `json:"lon"`
	Killed      *int     `json:"killed"`
	Injured     *int     `json:"injured"`
	Weapons     []string `json:"weapons"`
	Perpetrator string   `json:"perpetrator"`
	Target      string   `json:"target"`
	Evidence
}

// TalksClaim is a meeting about the war, held or scheduled, with a place.
type TalksClaim struct {
	Date         *string  `json:"date"`
	Place        string   `json:"place"`
	Participants []string `json:"participants"`
	Evidence
}

// Extractor holds what extraction needs: the gazetteer. Its zero value is not
// usable; use New. An Extractor is safe for concurrent use.
type Extractor struct {
	gaz *Gazetteer
}

// New returns an Extractor with the embedded gazetteer.
func New() *Extractor { return &Extractor{gaz: DefaultGazetteer()} }

// doc is an article being extracted: its sentences and per-sentence caches.
type doc struct {
	a     *Article
	sents []Sentence
	// runeAt maps a byte offset to a code point offset lazily.
	lastByte, lastRune int
	background         int      // first paragraph of background, or -1
	lower              []string // each sentence lower-cased (ASCII), same offsets
	ments              [][]ActorMention
}

// actors returns the actors named in sentence i, found once.
func (d *doc) actors(i int) []ActorMention {
	if d.ments[i] == nil {
		d.ments[i] = Actors(d.sents[i].Text)
		if d.ments[i] == nil {
			d.ments[i] = []ActorMention{}
		}
	}
	return d.ments[i]
}

func (d *doc) runeOffset(b int) int {
	if b < d.lastByte {
		d.lastByte, d.lastRune = 0, 0
	}
	d.lastRune += utf8.RuneCountInString(d.a.Text[d.lastByte:b])
	d.lastByte = b
	return d.lastRune
}

func (d *doc) evidence(s Sentence) Evidence {
	st := d.runeOffset(s.Start)
	en := st + utf8.RuneCountInString(s.Text)
	return Evidence{Evidence: s.Text, Span: [2]int{st, en}}
}

// Extract returns the claims of one article.
func (x *Extractor) Extract(a *Article) *Extraction {
	d := &doc{a: a, sents: Sentences(a), background: -1}
	var ix *docIndex
	d.lower, ix = lowerSentences(d.sents)
	defer ix.release()
	asWritten := indexText(a.Text, d.sents)
	defer asWritten.release()
	d.ments = make([][]ActorMention, len(d.sents))
	for _, s := range d.sents {
		t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.Text), ":"))
		if strings.EqualFold(t, "background") || strings.EqualFold(t, "context") {
			d.background = s.Para
			break
		}
	}
	out := &Extraction{Name: a.Name, Date: a.Date.Format("2006-01-02")}
	out.Positions = x.positions(d)
	out.Incidents = x.incidents(d)
	out.Talks = x.talks(d, out.Incidents)
	return out
}

type posKey struct {
	actor, issue string
	neg          bool
}

// positions finds the stances of each clause and keeps, per (actor, issue,
// polarity), the best-attested one.
func (x *Extractor) positions(d *doc) []PositionClaim {
	best := map[posKey]*PositionClaim{}
	var order []posKey
	var lastHolder []ActorMention
	var lastGroup []ActorMention // the last holder that is a group, for "the leaders"
	lastGroupAt := -10
	// groupFor is the group "the leaders" in sentence i names: the
	// holder when it is a group, else the group named lately (nil: none).
	groupFor := func(holder []ActorMention, i int) []ActorMention {
		if groupLike(holder) {
			return holder
		}
		if len(lastGroup) > 0 && i-lastGroupAt <= 6 {
			return lastGroup
		}
		return nil
	}
	var lastPerson []ActorMention // the person "he" or "she" refers to
	var recent []ActorMention     // the persons named lately, for "the prime minister"
	var lastSentHits []issueHit   // the issues the sentence before named last
	var lastPlan planRef          // the author of the plan named last
	var lastDoc []ActorMention    // who issued the resolution, statement or communiqué named last
	lastDocAt := -100
	lastInst := map[string]ActorMention{} // "parliament" -> the European Parliament named last
	lastTruce := truceRef{sent: -10, at: 1 << 30}
	supported := map[string][]string{} // actor -> issues it supported in its latest sentence
	supportedAt := map[string]int{}
	qspeak := quoteSpeakers(d)
	var named []namedIssue // the issues named so far, for "the force" sentences later
	var farHits []issueHit
	for _, s := range d.sents {
		farHits = farHits[:0]
		for i := len(named) - 1; i >= 0 && s.Index-named[i].sent <= 8; i-- {
			if !containsIssue(farHits, named[i].issue) {
				farHits = append(farHits, issueHit{issue: named[i].issue, pol: named[i].pol})
			}
		}
		lc := d.lower[s.Index]
		ments := d.actors(s.Index)
		quotes := quotedRanges(s.Text)
		cls := clauses(s.Text)
		// The speaker of a sentence: an actor outside quotes after a quote, or
		// before "said".
		var speaker []ActorMention
		if len(quotes) > 0 {
			for _, m := range ments {
				if !inRanges(quotes, m.Start) && m.Start > quotes[0][0] && !afterPreposition(lc[max(0, m.Start-40):m.Start]) && !timeWordBefore(lc[max(0, m.Start-10):m.Start]) && !causative[lastWord(strings.TrimRight(lc[max(0, m.Start-20):m.Start], " "))] {
					// ("... would only let Kyiv regroup": an object, no speaker)
					speaker = append(speaker, m)
					break
				}
			}
		}
		// "..., he said.", "..., Peskov told reporters.": the speaker of
		// the whole sentence, named at its end.
		trail := trailingSpeaker(s.Text, ments, lastPerson, lastHolder, groupFor(lastHolder, s.Index))
		if trail == nil && qspeak[s.Index] != nil {
			// A sentence of a quotation whose speaker is named where it
			// closes, sentences later.
			trail = qspeak[s.Index]
			if len(speaker) == 0 {
				speaker = trail
			}
		}
		sentHolder := lastHolder
		var firstHolder []ActorMention // the main clause's subject: whom "he" refers to next
		ownHolder := false             // a clause of this sentence named its holder
		var sentHits []issueHit        // the issues of this sentence's last clause naming any
		var prevHits []issueHit
		for ci, cl := range cls {
			clc := lc[cl.start:cl.end]
			hits := findIssues(clc)
			subj, ok := holders(s.Text, lc, cl, ments, quotes, hits)
			if ok && askedSubject(lc, cl, subj) {
				// "He has demanded that Moscow accept a ceasefire": who is
				// asked holds nothing; the one asking does.
				subj, ok = nil, false
				if pronounRe.MatchString(clc) {
					ref := pronounRef(clc, sentHolder, curPerson(lc, ownHolder, sentHolder, ments, quotes, cl.start, lastPerson))
					subj, ok = ref, len(ref) > 0
				}
			}
			if !ok {
				// "The prime minister said ...": the person of that title
				// named last.
				if m := bareTitleRe.FindStringSubmatchIndex(clc); m != nil {
					if p := byTitle(clc[m[2]:m[3]], ments, cl.start, recent); p != nil {
						subj, ok = []ActorMention{*p}, true
					}
				}
			}
			ownSubj, ownOk := subj, ok
			pronSpeaker := false
			if ci > 0 && ownHolder && len(sentHolder) > 0 && (thatDeonticRe.MatchString(clc) || strings.HasSuffix(lc[:cl.start], "that ") && thatDeonticRe.MatchString(lc[cl.start-len("that "):cl.end])) {
				// "Peskov said the Kremlin was open to talks but that Ukraine
				// must first withdraw": the speaker's demand of Ukraine.
				subj, ok = sentHolder, true
			}
			if ok && len(trail) > 0 && deonticAfter(lc, subj, cl) {
				// "Ukraine must withdraw from Donbas, Lavrov said": asked of
				// Ukraine, held by the speaker.
				subj = trail
			}
			if pronounNear(clc) && pronounSpeechRe.MatchString(clc) {
				// "He said Russia was using talks to buy time": the pronoun
				// is the subject; actors after the verb are what he speaks
				// of. With no one named before, the holder is unknown.
				ref := pronounRef(clc, sentHolder, curPerson(lc, ownHolder, sentHolder, ments, quotes, cl.start, lastPerson))
				subj, ok, pronSpeaker = ref, len(ref) > 0, true
			}
			if ci > 0 && ownHolder && len(sentHolder) > 0 && strings.HasSuffix(lc[:cl.start], "but ") && auxStartRe.MatchString(clc) {
				// "Moscow remains committed to talks but will not accept a
				// ceasefire that allows Kyiv to rearm": the clause starts
				// with its verb; its subject is the one before, and the
				// actors after the verb are objects.
				subj, ok = sentHolder, true
			}
			indirect := false // the holder is not the clause's own subject: less sure
			if !ok && ci > 0 && verbStartRe.MatchString(clc) && len(sentHolder) > 0 {
				// "X called the attack vile and said ...": the subject before.
				subj, ok, indirect = sentHolder, true, true
			}
			if ok && ci > 0 && ownHolder && len(sentHolder) > 0 && len(hits) > 0 && verbStartRe.MatchString(clc) && subj[0].Start-cl.start > firstHit(hits) {
				// "the leaders of France, Germany, Britain and Italy spoke to
				// Trump and urged him to press Putin to accept a ceasefire,
				// the Elysee said": the verb's subject is the one before; a
				// name after the issue only reports it.
				subj, indirect = sentHolder, true
			}
			if !ok && len(trail) > 0 {
				subj, ok = trail, true
			}
			if !ok && len(speaker) > 0 && (len(quotes) > 0) {
				subj, ok = speaker, true
			}
			if !ok {
				if src := accordingTo(lc, cl, ments); len(src) > 0 {
					subj, ok, indirect = src, true, true
				}
			}
			if owner := planOwner(lastPlan, sentHolder); len(owner) > 0 && !ownHolder && underPlanRe.MatchString(clc) {
				// "Under the proposal, Ukraine would receive guarantees": the
				// plan's author, not the clause's subject, holds its terms.
				subj, ok, indirect = owner, true, true
			}
			if m := planRefRe.FindStringIndex(clc); m != nil && len(sentHolder) > 0 && ownPlanRe.MatchString(clc[m[1]:min(len(clc), m[1]+30)]) {
				// "Nor has the Kremlin moved. The memorandum its delegation
				// handed over ... demands that Ukraine pull its forces out":
				// the plan of the holder "its" refers to.
				lastPlan = planRef{sentHolder, s.Index}
			}
			if !ok || len(hits) > 0 && subj[0].Start-cl.start > firstHit(hits) {
				// "only on the basis of the conditions Vladimir Putin set
				// out last June, namely the withdrawal ...": the author of
				// the terms holds them.
				for _, m := range ments {
					if m.Start >= cl.start && m.End <= cl.end && termsBeforeRe.MatchString(lc[max(cl.start, m.Start-20):m.Start]) && setOutAfterRe.MatchString(lc[m.End:min(cl.end, m.End+25)]) {
						subj, ok, indirect = []ActorMention{m}, true, false
						break
					}
				}
			}
			if owner := planOwner(lastPlan, nil); len(owner) > 0 && planRefRe.MatchString(clc) && !speechRe.MatchString(clc) {
				// "The plan also envisages ...", "The draft bars Ukraine from
				// joining NATO": the plan is the subject; its author, named
				// before, holds what it says.
				subj, ok, indirect = owner, true, true
			}
			if len(lastDoc) > 0 && s.Index-lastDocAt <= 12 && (!ok || len(hits) > 0 && subj[0].Start-cl.start > firstHit(hits)) && docSubjRe.MatchString(clc) {
				// "The resolution says that no occupied territory will ever
				// be recognised": the document speaks for whoever issued it,
				// named before ("adopting a resolution").
				subj, ok, indirect = lastDoc, true, false
			}
			if m := instRefRe.FindStringSubmatchIndex(clc); m != nil {
				// "On money, the Parliament backs ...": the institution
				// named in full before ("The European Parliament").
				if in, found := lastInst[clc[m[2]:m[3]]]; found && (!ok || !strings.Contains(strings.ToLower(subj[0].Name), clc[m[2]:m[3]])) {
					in.Start, in.End = cl.start+m[2], cl.start+m[3]
					subj, ok = []ActorMention{in}, true
				}
			}
			if !ok && groupRefRe.MatchString(clc) && len(sentHolder) > 0 {
				// "The leaders re-emphasized their readiness ...": the group
				// named before; not one person ("Merz said ... The leaders
				// also agreed"), but the group named before him.
				if g := groupFor(sentHolder, s.Index); g != nil {
					subj, ok, indirect = g, true, true
				}
			}
			if !ok && bothSidesSubjRe.MatchString(clc) {
				// "both sides agreed to ...": the two warring parties.
				subj, ok, indirect = bothSides(cl.start), true, true
			}
			if !ok && pronounRe.MatchString(clc) && !comesAsRe.MatchString(clc) {
				// "He did not agree to the truce": the person named last. In
				// quotes "we" is the speaker, and "they" someone the quote
				// names: its speaker holds what it says.
				ref := pronounRef(clc, sentHolder, curPerson(lc, ownHolder, sentHolder, ments, quotes, cl.start, lastPerson))
				if inRanges(quotes, cl.start+firstWordAt(clc)) {
					ref = quotedPronounRef(clc, speaker, sentHolder)
				}
				if len(ref) > 0 {
					subj, ok, indirect = ref, true, true
					if strings.HasPrefix(clc, "that ") {
						// "..., but that he was still ready for talks": the
						// pronoun is this complement's subject, not another
						// party the speaker reports on.
						pronSpeaker = true
					}
				}
			}
			if !ok && (ci > 0 && verbStartRe.MatchString(clc) || ci > 0 && ownHolder && (strings.HasSuffix(lc[:cl.start], "and that ") || strings.HasSuffix(lc[:cl.start], "and that, "))) && len(sentHolder) > 0 {
				// "X said A, and that B": B is X's too.
				subj, ok, indirect = sentHolder, true, true
			}
			if cl.colon && ci > 0 && ownHolder && len(sentHolder) > 0 && (colonThatRe.MatchString(clc) || demandNounRe.MatchString(lc[cls[ci-1].start:cls[ci-1].end])) {
				// "pointed to the conditions Putin set out in June: that
				// Kyiv withdraw ...", "The Kremlin's demands remain
				// unchanged: Ukraine must withdraw ...": the terms spelled
				// out are the holder's before the colon; who must act is asked.
				subj, ok, indirect = sentHolder, true, false
			}
			if ok && len(trail) > 0 && len(hits) > 0 && subj[0].Start-cl.start > firstHit(hits) && !containsMention(trail, subj[0]) {
				// "..., he said, and a ceasefire would only hold if it came
				// with guarantees that Russia would not attack again": a name
				// after the issue is no subject of it; the speaker holds it.
				subj, ok = trail, true
			}
			if cl.timed {
				subj, ok = ownSubj, ownOk // "..., a day after 26 countries pledged": no one named, no one holds it
			}
			if ok && !(cl.rel && ownHolder) {
				// A relative clause's subject ("the truce that Kyiv and its
				// allies demand") holds only what it says; a participle
				// after it ("..., saying ...") is the main subject's.
				sentHolder = subj
				ownHolder = true
				if firstHolder == nil {
					firstHolder = subj
				}
			}
			if m := findIf(len(hits) == 0 && ok, rejectTermsRe, clc); m != nil {
				// "Kyiv has rejected Moscow's terms": oppose what Moscow asked for.
				for _, am := range Actors(s.Text[cl.start+m[2] : cl.start+m[3]]) {
					for _, is := range supported[am.Code] {
						hits = append(hits, issueHit{issue: is, pol: -1, start: len(clc), end: len(clc)})
					}
				}
				for i := range hits {
					hits[i].pol = 1 // the refusal cue in the clause gives the polarity
				}
			}
			if len(hits) == 0 && ok && len(prevHits) > 0 && (strongCueRe.MatchString(clc) || cl.rel || anaphorRe.MatchString(clc) || anaphorSameRe.MatchString(clc)) {
				// "Kyiv agreed to a ceasefire, but Moscow has refused": the
				// issue of the clause before, with this clause's stance.
				at := afterFirstCue(clc)
				src := prevHits
				if ci > 0 && demandApposRe.MatchString(clc) {
					// "... would accept a truce only if arms deliveries
					// stopped, a demand Ukraine has rejected": the demand is
					// the condition, not what was offered for it.
					pc := lc[cls[ci-1].start:cls[ci-1].end]
					if m := condMarkRe.FindStringIndex(pc); m != nil {
						var after []issueHit
						for _, h := range prevHits {
							if h.start >= m[1] {
								after = append(after, h)
							}
						}
						if len(after) > 0 {
							src = after
						}
					}
				}
				for _, h := range src {
					hits = append(hits, issueHit{issue: h.issue, pol: h.pol, start: at, end: at})
				}
			} else if ah := headAnaphoraIf(len(hits) == 0 && ok, clc, prevHits, lastSentHits, farHits); len(ah) > 0 {
				// "Washington would lead that mechanism", "the force would
				// deter", "running it jointly": a noun (or a facility's
				// verb) referring back to an issue named just before.
				hits = ah
				prevHits = hits
			} else if len(hits) == 0 && ok && len(lastSentHits) > 0 && anaphorRe.MatchString(clc) {
				// "Russia has rejected these proposals", "Moscow has advanced
				// the same demand", "For Kyiv, it remains unacceptable": what
				// the sentence before proposed, with this clause's stance.
				at := afterFirstCue(clc)
				for _, h := range lastSentHits {
					hits = append(hits, issueHit{issue: h.issue, pol: h.pol, start: at, end: at, inherited: true})
				}
				prevHits = hits
			} else if m := anaphorHead(len(hits) > 0 && ok && len(lastSentHits) > 0, clc, hits); m != nil {
				// "Kyiv has rejected those terms ..., and says it is ready for
				// a ceasefire": the terms of the sentence before, refused,
				// before this clause's own issues.
				for _, h := range lastSentHits {
					if !containsIssue(hits, h.issue) {
						hits = append(hits, issueHit{issue: h.issue, pol: h.pol, start: m[1], end: m[1], inherited: true})
					}
				}
				prevHits = hits
			} else if len(hits) > 0 || ok {
				// A clause with neither issue nor holder ("a demand" before
				// "that Kyiv has refused") passes the issues on.
				prevHits = hits
			}
			if len(hits) > 0 {
				sentHits = hits
				for _, h := range hits {
					named = append(named, namedIssue{h.issue, h.pol, s.Index})
				}
			}
			if ok && docIssueRe.MatchString(clc) {
				lastDoc, lastDocAt = subj, s.Index // who issued the resolution or statement named here
			}
			for _, m := range ments {
				if m.Start >= cl.start && m.End <= cl.end {
					if w := lastWord(strings.ToLower(m.Name)); institutionWords[w] {
						lastInst[w] = m
					}
				}
			}
			// The author of a plan named here ("talks on a US plan") holds
			// what later sentences say "the plan" contains.
			for _, m := range ments {
				if m.Start >= cl.start && m.End <= cl.end && (planNounRe.MatchString(lc[m.End:min(cl.end, m.End+30)]) || planByRe.MatchString(lc[max(cl.start, m.Start-60):m.Start]) || strings.Contains(lc[m.End:min(cl.end, m.End+50)], "ed ") && handedPlanRe.MatchString(lc[m.End:min(cl.end, m.End+70)])) {
					lastPlan = planRef{[]ActorMention{m}, s.Index}
				}
			}
			if posTrace != nil {
				posTrace("clause %d.%d %q hits=%v subj=%v ok=%v", s.Index, ci, clc, hits, names(subj), ok)
			}
			if len(hits) == 0 {
				continue
			}
			if cl.hypo || isHistory(clc, d.a.Date.Year()) || isIncidentClause(clc) || hedgeRe.MatchString(clc) || factRe.MatchString(clc) {
				if posTrace != nil {
					posTrace("  clause dropped: hypo=%v history=%v incident=%v hedge=%v fact=%v", cl.hypo, isHistory(clc, d.a.Date.Year()), isIncidentClause(clc), hedgeRe.MatchString(clc), factRe.MatchString(clc))
				}
				continue
			}
			hits = resolveTruce(hits, clc, s.Index, &lastTruce)
			if ok && !pronSpeaker {
				if comp := speechComplement(s.Text, lc, cl, subj, ments); len(comp) > 0 {
					if otherParty(subj, comp) {
						// "Kyslytsya stated that Russia rejected an
						// unconditional ceasefire": the speaker reports the
						// other side's stance, and holds none of it.
						subj = comp
					} else {
						subj = append(subj, comp...)
					}
				}
			}
			var cues clauseCues
			props := proposers(s.Text, lc, cl, ments)
			asProps := asProposers(lc, cl, ments)
			cond := conditionalRe.MatchString(clc) || wouldOnlyRe.MatchString(clc) || ifReceivedRe.MatchString(clc)
			// "as long as" bounds a refusal ("no sanctions relief as long
			// as the war goes on") or is an idiom ("as long as it takes"):
			// a refused issue with it is opposed, not a condition on it.
			condKept := cond
			if cond && (strings.Contains(clc, "as long as") || strings.Contains(clc, "so long as")) {
				other := wouldOnlyRe.MatchString(clc) || ifReceivedRe.MatchString(clc)
				condKept = other || conditionalRe.MatchString(asLongAsRe.re.ReplaceAllString(clc, " "))
				cond = other || conditionalRe.MatchString(asLongItTakesRe.re.ReplaceAllString(clc, " "))
			}
			spoke := speechRe.MatchString(lc)
			threat := threatRe.FindStringIndex(clc)
			modal := -1
			if modalHedgeRe.MatchString(clc) {
				if m := modalHedgeRe.FindAll(clc, words(clc)); len(m) > 0 {
					modal = m[0][0]
				}
			}
			attrOf, attrDone := "", false
			for _, h := range hits {
				if modal >= 0 && h.start > modal {
					traceSkip(h, clc, "modal")
					continue // "... which could perhaps include troops": a guess, not a stance
				}
				if threat != nil && h.start >= threat[0] && !h.inherited {
					traceSkip(h, clc, "threat")
					continue // "... or face new sanctions": threatened, not wanted
				}
				if h.issue == "znpp-control" && h.inherited && !plantControlRe.MatchString(clc) {
					traceSkip(h, clc, "plant without control")
					continue // "not reconnecting the plant to the grid": the plant's power, not who runs it
				}
				if h.issue == "znpp-control" && h.inherited && h.pol > 0 && russianPlantRe.MatchString(clc) {
					h.pol = -1 // "the plant is a Russian facility that will be operated only by Rosatom": Russia keeping it
				}
				if h.issue == "znpp-control" && otherPlantRe.MatchString(clc[max(0, h.start-20):h.start]) {
					traceSkip(h, clc, "another plant")
					continue // "fuel for the Paks nuclear power plant": not Zaporizhzhia's
				}
				if accuseRe.MatchString(clc[:h.start]) {
					traceSkip(h, clc, "accuse")
					continue // "accused Moscow of blocking a ceasefire": an allegation, no one's stance (news2025 n04)
				}
				if h.issue == "foreign-troops" && (ownTroopsRe.MatchString(clc[h.start:h.end]) || notSendOwnRe.MatchString(clc[max(0, h.start-25):min(len(clc), h.end+20)])) {
					traceSkip(h, clc, "own troops")
					continue // "ruling out sending US troops": not the European force (news2025d d06)
				}
				if h.issue == "sanctions-relief" && h.pol < 0 && (cl.then || ifThenRe.MatchString(clc)) && !demandWordRe.MatchString(clc) {
					// "if Moscow drags its feet, Europe will increase sanctions":
					// a threat; "should impose sanctions if it rejected a
					// ceasefire" asks for them.
					traceSkip(h, clc, "sanctions threat")
					continue
				}
				cp := cuePolarity(clc, &cues, h.start, h.end, hits)
				if cp == 0 {
					traceSkip(h, clc, "cue 0 (temporal/presupposed/until)")
					continue
				}
				if cp < 0 && h.issue == "asset-unfreeze" && h.pol < 0 && strings.Contains(clc[h.start:h.end], "loan") {
					// "did not agree to the reparations loan": declining to
					// lend Russia's assets to Ukraine is not wanting them
					// returned to Russia.
					traceSkip(h, clc, "loan refused")
					continue
				}
				if withoutPremiseRe.MatchString(clc[max(0, h.start-40):h.start]) && strings.HasPrefix(strings.TrimLeft(clc[h.end:min(len(clc), h.end+20)], "abcdefghijklmnopqrstuvwxyz "), ",") {
					// "and that, without NATO membership for Ukraine, security
					// guarantees would have to ...": a premise, no stance on it.
					traceSkip(h, clc, "without premise")
					continue
				}
				if withoutRe.MatchString(clc[max(0, h.start-25):h.start]) {
					cp = -cp // "would not accept any deal that leaves it without guarantees"
				}
				if violatedRe.MatchString(clc[max(0, h.start-40):h.start]) {
					// "Ukrainian forces had violated the truce hundreds of
					// times": a violation told is an incident, no one's stance.
					traceSkip(h, clc, "violation")
					continue
				}
				// The energy truce named by its strikes ("strikes on energy
				// facilities"): what is said of them decides.
				strikes := h.issue == "energy-truce" && attackPhraseRe.MatchString(clc[h.start:h.end])
				if strikes && strings.Contains(clc[h.start:h.end], "nuclear") {
					// "no question of strikes on nuclear energy facilities": the
					// safety of a nuclear plant, not the energy truce.
					traceSkip(h, clc, "nuclear plant")
					continue
				}
				if cp > 0 && strikes && !haltWordBeforeRe.MatchString(clc[max(0, h.start-80):h.start]) {
					// "said it had carried out a massive strike on energy
					// facilities": strikes told or backed, no halt asked of them.
					traceSkip(h, clc, "strikes told")
					continue
				}
				if cp < 0 && strikes && !haltBeforeRe.MatchString(clc[max(0, h.start-14):h.start]) {
					// "Ukraine would not strike Russian energy facilities":
					// the phrase names the strikes, and refraining from them
					// is the truce.
					cp = 1
				}
				leftOut := false
				if cp < 0 && withoutUsRe.MatchString(clc) {
					// "security talks without Moscow's participation are a
					// road to nowhere": the refusal is of being left out.
					if h.pol < 0 || !discussedWithoutRe.MatchString(clc) {
						traceSkip(h, clc, "without us")
						continue
					}
					// "security guarantees for Ukraine could not be discussed
					// without Russia": wanted with the speaker in them, a
					// condition (news2025i i10).
					leftOut = true
				}
				if h.pol < 0 && condKept && cp > 0 {
					traceSkip(h, clc, "cond neg")
					continue // "insists that NATO aspirations must be addressed first": which way is unclear
				}
				lacking := lacks(clc, h, hits)
				if lackedBy(clc, h, hits) && cp < 0 {
					cp = -cp // "dismissed any ceasefire not backed by real guarantees": the guarantees are wanted
				}
				pol := h.pol * cp
				stance := Support
				if leftOut {
					pol, stance = 1, Conditional
				}
				if lacking && pol < 0 && h.pol > 0 {
					// "a ceasefire without an American backstop would simply
					// give Putin time": refused without the other, so wanted
					// on that condition.
					pol, stance = 1, Conditional
				}
				if pol < 0 && h.pol < 0 && unlessAfterRe.MatchString(clc[h.end:min(len(clc), h.end+30)]) {
					// "assets should stay immobilised unless Moscow pays": the
					// opposite kept unless a condition is met, so the issue
					// wanted if it is. "Until" is a refusal (the labels' and
					// dev NOTES' convention): "sanctions would remain until
					// Moscow agreed to a just peace" opposes their relief.
					pol, stance = 1, Conditional
				}
				if pol < 0 && h.pol > 0 && (unlessRe.MatchString(clc[h.end:]) || strings.HasSuffix(strings.TrimRight(clc[h.start:h.end], " "), " unless")) {
					// "refusing to discuss a ceasefire unless core conditions
					// were met": wanted on a condition.
					pol, stance = 1, Conditional
				}
				if pol < 0 {
					stance = Oppose
				} else if stance == Conditional || cond || preconditionRe.MatchString(clc[max(0, h.start-30):h.start]) || firstAfter(clc, h.end) || thenPart(clc, h.start) || cl.then && strings.HasPrefix(clc, "then ") {
					stance = Conditional
				}
				var who []ActorMention
				if ok && !respondedRe.MatchString(clc[max(0, h.start-80):h.start]) {
					// "proposed talks in response to European calls for a
					// ceasefire": the call is others', the subject answers it.
					who = append(who, subj...)
				}
				for _, p := range props {
					if d := cl.start + h.start - p.End; d >= -5 && d < 90 && h.pol > 0 {
						who = append(who, p)
					}
				}
				for _, p := range asProps {
					if d := p.Start - cl.start - h.end; d >= 0 && d < 90 && h.pol > 0 && pol > 0 {
						who = append(who, p) // "..., as Trump has proposed": Trump's proposal
					}
				}
				if len(who) == 0 {
					traceSkip(h, clc, "no holder")
					continue
				}
				if !attrDone {
					attrOf, attrDone = attribution(lc, clc, subj, spoke && ok), true // the same for every issue of the clause
				}
				attr := attrOf
				conf := 0.5
				if s.Para == 0 {
					conf += 0.2
				}
				if d.background >= 0 && s.Para >= d.background {
					conf -= 0.2
				}
				if attr == OnRecord {
					conf += 0.1
				}
				if indirect {
					conf -= 0.1
				}
				if h.inherited {
					conf -= 0.15 // below a holder read through the clause before
				}
				if h.issue == "ceasefire" && pol < 0 && shortTruceRe.MatchString(clc[max(0, h.start-30):h.end]) {
					// "dismissed the short pause ... and still wanted a full
					// ceasefire": refusing a holiday truce yields to wanting a
					// real one (news2025d d02).
					conf -= 0.2
				}
				seen := map[string]bool{}
				for _, w := range who {
					if seen[w.Code] || !plausible(w.Code, h.issue, pol, clc[h.start:h.end]) {
						if posTrace != nil {
							traceSkip(h, clc, "implausible/seen "+w.Code)
						}
						continue
					}
					if h.issue == "direct-talks" && w.Code != "RU" && w.Code != "UA" && beginTalksRe.MatchString(clc[h.start:h.end]) && !mediatorAskRe.MatchString(clc[max(0, h.start-80):h.end]) {
						if posTrace != nil {
							traceSkip(h, clc, "prediction "+w.Code)
						}
						continue // "Russia and Ukraine would start negotiations, Trump said": a prediction, not his call
					}
					if h.issue == "direct-talks" && w.Code != "RU" && w.Code != "UA" && !cueBefore(cues.pos, h.start) && !mediatorTalksRe.MatchString(clc[h.start:h.end]) && !neededAfterRe.MatchString(clc[h.end:]) {
						// A mediator's stance needs a word of its own
						// ("arranging a meeting between"), not a report
						// that "negotiations between Russia and Ukraine were
						// going fine".
						if posTrace != nil {
							traceSkip(h, clc, "mediator talks "+w.Code)
						}
						continue
					}
					seen[w.Code] = true
					st := stance
					a := attr
					if !containsMention(subj, w) {
						// A proposer supports what it proposes, whatever the subject does.
						st, a = Support, Reported
						if w.Kind == KindPerson || w.Kind == KindOffice || spoke {
							a = OnRecord
						}
					}
					if st != Oppose {
						if supportedAt[w.Code] != s.Index {
							supported[w.Code], supportedAt[w.Code] = nil, s.Index
						}
						if !contains(supported[w.Code], h.issue) {
							supported[w.Code] = append(supported[w.Code], h.issue)
						}
					}
					k := posKey{w.Code, h.issue, st == Oppose}
					if posTrace != nil {
						posTrace("  claim %s %s %s %s conf=%.2f", w.Code, h.issue, st, a, conf)
					}
					pc := &PositionClaim{Actor: w.Code, Issue: h.issue, Stance: st, Attribution: a, Confidence: conf, Evidence: d.evidence(s)}
					if old, dup := best[k]; !dup {
						best[k] = pc
						order = append(order, k)
					} else if better(pc, old) {
						best[k] = pc
					}
				}
			}
		}
		lastHolder = sentHolder
		if groupLike(sentHolder) {
			lastGroup, lastGroupAt = sentHolder, s.Index
		}
		if firstHolder == nil {
			firstHolder = sentHolder
		}
		lastPerson = personOf(lc, firstHolder, ments, quotes, lastPerson)
		for _, m := range ments {
			if m.Kind == KindPerson && !inRanges(quotes, m.Start) {
				recent = append(recent, m)
			}
		}
		if len(recent) > 12 {
			recent = recent[len(recent)-12:]
		}
		lastSentHits = sentHits
	}
	// One polarity per (actor, issue): the more confident claim wins.
	var out []PositionClaim
	for _, k := range order {
		pc := best[k]
		// At equal confidence the earlier sentence wins, and within one
		// sentence the claim found first.
		// A refusal and a conditional acceptance of one issue stand together
		// ("turned down the unconditional truce, saying a ceasefire would
		// first require ...": b01, e08, e09).
		if other, ok := best[posKey{k.actor, k.issue, !k.neg}]; ok && !bothStand(pc, other) && (other.Confidence > pc.Confidence || other.Confidence == pc.Confidence && (other.Span[0] < pc.Span[0] || other.Span[0] == pc.Span[0] && orderOf(order, posKey{k.actor, k.issue, !k.neg}) < orderOf(order, k))) {
			if posTrace != nil {
				posTrace("final drop %v (other polarity wins)", k)
			}
			continue
		}
		out = append(out, *pc)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span[0] < out[j].Span[0] })
	if out == nil {
		out = []PositionClaim{}
	}
	return out
}

// posTrace, when set (by a test), is told what each stage of positions
// found and dropped: the clauses, their issues and holders, and why a hit
// made no claim.
var posTrace func(format string, args ...any)

// traceSkip tells posTrace why an issue hit made no claim.
func traceSkip(h issueHit, clc, why string) {
	if posTrace != nil {
		posTrace("  hit %s%+d %q skipped: %s", h.issue, h.pol, clc[h.start:h.end], why)
	}
}

// names lists the spellings of mentions, for posTrace.
func names(ms []ActorMention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name+"/"+m.Code)
	}
	return out
}

// attackPhraseRe opens an issue phrase that names the strikes a truce
// would halt ("strikes on energy facilities", "hitting the power grid").
var attackPhraseRe = mustLex(`^(strikes?|striking|attacks?|attacking|hitting|hit|targeting|shelling|bombing|bombardment)\b`)

// haltBeforeRe ends right before strikes that a verb halts ("will not
// stop strikes on energy facilities": a refusal of the truce after all).
var haltBeforeRe = mustLex(`\b(stop|stops|stopping|halt|halts|halting|end|ends|ending|cease|ceases|suspend|suspends|pause|pauses|curb|limit) (its |their |the )?$`)

// violatedRe ends right before a truce said to be broken ("had violated
// the truce", "breaches of the ceasefire").
var violatedRe = mustLex(`\b(violat[a-z]*|breach|breaches|breached|breaching|broke|broken|breaking|break)( of| on)? (the |this |that |its |a |an )?([a-z-]+ ){0,2}$`)

// haltWordBeforeRe names a halt, refusal or limit before strikes: what
// follows is what a truce would stop ("agreed to a 30-day halt on strikes").
var haltWordBeforeRe = mustLex(`\b(stop[a-z]*|halt[a-z]*|end|ends|ending|ended|cease[a-z]*|cessation|suspen[a-z]*|paus[a-z]*|moratorium|ban[a-z]*|refrain[a-z]*|curb[a-z]*|limit[a-z]*|no|not|never|without|mutual|truce|cease-?fire|renounc[a-z]*|give up|forgo|avoid[a-z]*|spare|sparing|off)\b`)

// docIssueRe names a document its clause's subject issues ("adopting a
// resolution", "issued a joint statement").
var docIssueRe = mustLex(`\b(adopt[a-z]*|issu[a-z]*|releas[a-z]*|publish[a-z]*|approv[a-z]*|pass|passed|passing|endors[a-z]*|sign[a-z]*|put out|agreed)\b[^.;]{0,30}\b(resolution|statement|communiqu[eé]|declaration|conclusions)\b`)

// docSubjRe opens a clause whose subject is a document named before ("The
// resolution says", "The joint statement also called for").
var docSubjRe = mustLex(`^\W*(but |and |yet )?(the|that|this|its|their) (joint |final |non-binding |new |adopted |summit |parliament's |closing )?(resolution|statement|communiqu[eé]|declaration|text|conclusions)\b (also |further |further |explicitly |specifically )?(says|said|states|stated|adds|added|notes|noted|declares|declared|reads|read|calls|called|urges|urged|insists|insisted|stresses|stressed|demands|demanded|affirms|affirmed|reaffirms|reaffirmed|rejects|rejected|supports|supported|backs|backed|welcomes|welcomed|underlines|underlined|emphasi[sz]es|emphasi[sz]ed)\b`)

// instRefRe opens a clause naming an institution by its head noun after
// it was named in full ("On money, the Parliament backs ...").
var instRefRe = mustLex(`^\W*(?:[a-z]+(?: [a-z]+)?, )?the (parliament|commission|council|assembly)\b`)

var institutionWords = map[string]bool{"parliament": true, "commission": true, "council": true, "assembly": true}

// noBeforeRe ends right before an issue phrase with "no" and its
// modifiers ("no temporarily occupied Ukrainian territory"); noIdiomRe is
// a "no" that denies nothing ("no doubt").
var (
	noBeforeRe = mustLex(`(^|\s)no ([a-z-]+ ){1,3}$`)
	noIdiomRe  = mustLex(`^no (doubt|matter|later|sooner|less|more|longer|one|single)\b`)
)

// respondedRe ends right before an issue that others asked for and the
// subject answers ("in response to European calls for a ceasefire").
var respondedRe = mustLex(`\b(in response to|in reply to|responding to|reacting to|in answer to|in a response to)\b[^.;:]{0,60}$`)

// plantControlRe names who holds or runs the plant, in a clause that
// refers back to it ("control of the plant", "operating the plant").
var plantControlRe = mustLex(`\b(control[a-z]*|operat[a-z]*|run|runs|running|ran|own[a-z]*|manag[a-z]*|hand[a-z]*|transfer[a-z]*|custody|status|sovereignty|jurisdiction|administ[a-z]*|restor[a-z]*|return[a-z]*|give up|giving up|takeover|take over|oversight|possession)\b`)

// onceInPlaceRe: a truce taken as the time of something else ("a force
// that would deter aggression once a ceasefire was in place"): no stance on it.
var onceInPlaceRe = mustLex(`\b(once|after|when|as soon as) (a |an |the |any )?(full |general |lasting |durable |comprehensive |final )?(cease-?fire|truce|peace deal|peace agreement) (is|was|has been|had been|were|are) (in place|agreed|reached|in force|signed|declared)\b`)

// othersDemandRe ends in another's demand that reaches the issue after it
// ("Western countries' demands that Russia accept an immediate ceasefire").
var othersDemandRe = mustLex(`\b[a-z]+(’s|'s|s'|s’) (demands?|calls?|proposals?|insistence|requests?|push) (that|for|to)\b[^;]{0,60}$`)

// onceInPlace reports whether the issue at start..end is the truce of an
// onceInPlaceRe phrase, not something else the phrase is the time of.
func onceInPlace(clc string, start, end int) bool {
	lo := max(0, start-25)
	m := onceInPlaceRe.FindStringIndex(clc[lo:min(len(clc), end+30)])
	return m != nil && lo+m[0] <= start && lo+m[1] >= end
}

// personOffices are offices aliased as actors that one person holds.
var personOffices = map[string]bool{"taoiseach": true, "tánaiste": true, "tanaiste": true, "pope": true, "pontiff": true}

// modalStartRe: what follows an issue opens with its verb (the issue is
// the subject).
var modalStartRe = mustLex(`^\W*(would|will|should|must|could|can|did|does|is|are|was|were|has|have|had)\b`)

// andVerbRe opens a second verb phrase coordinated with the first.
var andVerbRe = mustLex(`\band ((would|will|should|must|could|can|did|does|has|have|had|was|were) |$)`)

// thenPart reports whether at lies in the consequent of "if X, then Y"
// ("If Ukrainian troops leave the territories they occupy, then military
// action will stop"): what follows is wanted on the condition. (A clause
// split at the comma is read by its "then" and the clause's then mark.)
func thenPart(clc string, at int) bool {
	j := strings.Index(clc, ", then ")
	if j < 0 || at < j {
		return false
	}
	i := strings.Index(clc, "if ")
	return i >= 0 && i < j && (i == 0 || clc[i-1] == ' ' || clc[i-1] == '"')
}

// unlessAfterRe follows what is kept unless a condition is met.
var unlessAfterRe = mustLex(`^[^;]{0,12}\bunless\b`)

// asLongAsRe and asLongItTakesRe: "as long as" (or "so long as"), and its
// idiom "as long as it takes", which sets no condition.
var (
	asLongAsRe      = mustLex(`\b(as|so) long as\b`)
	asLongItTakesRe = mustLex(`\b(as|so) long as (it takes|necessary|needed|required|it is needed|it is necessary)\b`)
)

// askedSubject reports whether the subject found is the one asked by a
// mandative clause ("demanded that Moscow accept a ceasefire"): a verb of
// demanding and "that" right before it, a bare verb right after it.
func askedSubject(lc string, cl clause, subj []ActorMention) bool {
	m := subj[0]
	if !askedBeforeRe.MatchString(lc[max(cl.start, m.Start-40):m.Start]) {
		return false
	}
	v := wordAt(lc, subj[len(subj)-1].End, cl)
	return len(v) > 2 && !auxVerb[v] && !strings.HasSuffix(v, "s") && !strings.HasSuffix(v, "ed") && !strings.HasSuffix(v, "ing") && v != "had"
}

// askedBeforeRe ends right before the subject of a mandative clause.
var askedBeforeRe = mustLex(`\b(demand|insist|urg|ask|propos|suggest|request|requir|recommend)[a-z]* that (the )?$`)

// bareTitleRe opens a clause whose subject is a title without a name.
var bareTitleRe = mustLex(`^\W*the (prime minister|premier|president|chancellor|foreign minister|foreign secretary|secretary of state|defen[cs]e minister|defen[cs]e secretary|envoy|special envoy)\b`)

// titleParties are the parties whose leader a title names in the news.
var titleParties = map[string]string{
	"prime minister": "GB UA IT PL SK HU CZ ES NL SE NO DK CA JP IN GR BE FI EE LV LT RO AU IE",
	"premier":        "GB UA IT PL SK HU CZ ES NL SE NO DK CA JP IN GR BE FI EE LV LT RO AU IE CN",
	"president":      "US RU UA FR PL FI TR BY CN BR ZA RO LT LV EE CZ SK EU",
	"chancellor":     "DE AT",
}

// byTitle returns the person of that title named last: in the sentence
// before at, else lately.
func byTitle(title string, ments []ActorMention, at int, recent []ActorMention) *ActorMention {
	ok := func(m ActorMention) bool {
		ps, limited := titleParties[title]
		return m.Kind == KindPerson && (!limited || strings.Contains(" "+ps+" ", " "+m.Code+" "))
	}
	for i := len(ments) - 1; i >= 0; i-- {
		if ments[i].End <= at && ok(ments[i]) {
			return &ments[i]
		}
	}
	for i := len(recent) - 1; i >= 0; i-- {
		if ok(recent[i]) {
			m := recent[i]
			m.Start, m.End = at, at // named elsewhere: no place in this sentence
			return &m
		}
	}
	return nil
}

// pronounNear is a cheap test before pronounSpeechRe: a subject pronoun
// among the clause's first 70 bytes.
func pronounNear(clc string) bool {
	h := clc[:min(len(clc), 70)]
	for _, p := range []string{"he ", "she ", "they ", "we "} {
		for off := 0; ; {
			i := strings.Index(h[off:], p)
			if i < 0 {
				break
			}
			if i += off; i == 0 || !isASCIILetter(h[i-1]) {
				return true // not the end of "the ", "sweet "
			}
			off = i + 1
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// firstHit is the start of the earliest issue of a clause.
func firstHit(hits []issueHit) int {
	f := hits[0].start
	for _, h := range hits {
		f = min(f, h.start)
	}
	return f
}

// lackRe follows an issue that comes without another ("a ceasefire
// without an American backstop", "any ceasefire that is not backed by
// real guarantees").
var lackRe = mustLex(`^\s*,?\s*(((that|which) (is|was|are|were|would be|will be) )?not (backed|accompanied|underpinned|supported|guaranteed|secured|matched|followed) by|(that|which) (does not|doesn't|doesn’t|did not|would not|will not) (include|come with|contain|offer|provide)|without|lacking|minus|with no)\b`)

// lacks reports whether the issue h comes with a lack of another issue
// right after it.
func lacks(clc string, h issueHit, hits []issueHit) bool {
	m := lackRe.FindStringIndex(clc[h.end:min(len(clc), h.end+60)])
	if m == nil {
		return false
	}
	for _, o := range hits {
		if o.issue != h.issue && o.start >= h.end+m[1] && o.start-(h.end+m[1]) <= 40 {
			return true
		}
	}
	return false
}

// lackedBy reports whether h is the issue lacked by another before it.
func lackedBy(clc string, h issueHit, hits []issueHit) bool {
	for _, o := range hits {
		if o.issue != h.issue && o.end <= h.start && lacks(clc, o, []issueHit{h}) {
			return !withoutRe.MatchString(clc[max(0, h.start-25):h.start]) // "without" already turns it
		}
	}
	return false
}

// colonThatRe opens the content of a colon: "that Kyiv withdraw ...".
var colonThatRe = mustLex(`^\W*that\b`)

// ownPlanRe follows a plan named as the one of a holder named before ("the
// memorandum its delegation handed over").
var ownPlanRe = mustLex(`^\s*(its|their) (delegation|negotiators|government|envoys?|side|team)\b`)

// termsBeforeRe and setOutAfterRe frame the author of terms ("the
// conditions Vladimir Putin set out").
var (
	termsBeforeRe = mustLex(`\b(conditions|demands|terms|preconditions) (that )?$`)
	setOutAfterRe = mustLex(`^(’s|'s)?\s*(has |had |have )?(set out|laid out|outlined|put forward|named|listed|spelled out|spelt out|set|announced|presented)\b`)
)

// demandNounRe names terms that a colon may spell out.
var demandNounRe = mustLex(`\b(demands?|conditions?|terms|requirements?|preconditions?|ultimatum|red lines?|first steps|steps towards|steps toward|priorities|proposals|options)\b`)

// bothStand reports whether two claims of opposite polarity on one issue
// by one actor are both kept: a refusal and a conditional acceptance.
func bothStand(a, b *PositionClaim) bool {
	return a.Stance == Conditional && b.Stance == Oppose || a.Stance == Oppose && b.Stance == Conditional
}

// quoteSpeakers returns, for each sentence of a quotation that runs over
// several sentences of one paragraph ("\"The ceasefire should not be just
// for a few days. It must be immediate ... ,\" Zelenskyy said."), the
// speaker named where it closes.
func quoteSpeakers(d *doc) [][]ActorMention {
	out := make([][]ActorMention, len(d.sents))
	open := -1
	for i, s := range d.sents {
		t := strings.TrimSpace(s.Text)
		if open >= 0 && d.sents[open].Para != s.Para {
			open = -1
		}
		if open < 0 {
			if (strings.HasPrefix(t, "\"") || strings.HasPrefix(t, "“")) && !closesQuote(t[1:]) {
				open = i
			}
			continue
		}
		if !closesQuote(t) {
			continue
		}
		sp := trailingSpeaker(s.Text, d.actors(i), nil, nil, nil)
		if sp == nil {
			q := quotedRanges("\"" + s.Text) // the quotation opened before
			for _, m := range d.actors(i) {
				if !inRanges(q, m.Start+1) {
					sp = []ActorMention{m}
					break
				}
			}
		}
		for j := open; j < i; j++ {
			out[j] = sp
		}
		open = -1
	}
	return out
}

// closesQuote reports whether t holds a closing quotation mark.
func closesQuote(t string) bool {
	return strings.Contains(t, "”") || strings.Contains(t, "\"")
}

// personOf returns whom "he" or "she" refers to after a sentence: a
// person holding its stance, else the last person it names outside
// quotes, else whom it referred to before.
func personOf(lc string, holder, ments []ActorMention, quotes [][2]int, prev []ActorMention) []ActorMention {
	for _, m := range holder {
		if personLike(lc, m) {
			return []ActorMention{m}
		}
	}
	for i := len(ments) - 1; i >= 0; i-- {
		if m := ments[i]; !inRanges(quotes, m.Start) && personLike(lc, m) {
			return []ActorMention{m}
		}
	}
	return prev
}

// personLike reports whether a mention names a person: by name, or by an
// adjective and a title ("the Ukrainian president").
func personLike(lc string, m ActorMention) bool {
	if m.Kind == KindPerson || m.Kind == KindOffice && personOffices[strings.ToLower(m.Name)] {
		return true // "The Taoiseach said ...": an office held by one person, whom "he" names next
	}
	return m.End <= len(lc) && personTitleRe.MatchString(lc[m.End:min(len(lc), m.End+30)])
}

// personTitleRe follows an adjective or office naming a person.
var personTitleRe = mustLex(`^(’s|'s)? (president|prime minister|foreign minister|defen[cs]e minister|minister|chancellor|leader|envoy|special envoy|spokes(man|woman|person)|ambassador|aide|adviser|advisor|negotiator|chief)\b`)

// pronounRef resolves the pronoun opening a clause: "he" and "she" to the
// person named last, "they", "it" and "we" to the holder of the sentence
// before.
func pronounRef(clc string, holder, person []ActorMention) []ActorMention {
	w := strings.Fields(strings.TrimLeft(clc, " \"“‘'("))
	if len(w) > 1 && w[0] == "that" {
		w = w[1:] // "..., but that he was still ready for talks"
	}
	if len(w) > 2 && timeOpener[w[0]] {
		// "On Friday he repeated the offer": the pronoun after the time.
		for _, x := range w[1:min(len(w), 4)] {
			if x = strings.TrimRight(x, ","); x == "he" || x == "she" || x == "they" || x == "we" {
				w = []string{x}
				break
			}
		}
	}
	if len(w) > 0 && (w[0] == "he" || w[0] == "she" || w[0] == "his" || w[0] == "her") && len(person) > 0 {
		return person
	}
	return holder
}

// timeOpener are the words that open a time phrase before a clause's
// subject ("On Friday he said", "Later that day, she").
var timeOpener = map[string]bool{"on": true, "last": true, "earlier": true, "later": true, "this": true, "in": true, "at": true}

// curPerson is the person "he" refers to in a clause starting at at: the
// person holding the sentence's stance so far, else the last person named
// before the clause outside quotes, else the person of sentences before.
func curPerson(lc string, own bool, holder, ments []ActorMention, quotes [][2]int, at int, prev []ActorMention) []ActorMention {
	if own {
		for _, m := range holder {
			if personLike(lc, m) {
				return []ActorMention{m}
			}
		}
	}
	for i := len(ments) - 1; i >= 0; i-- {
		if m := ments[i]; m.End <= at && !inRanges(quotes, m.Start) && personLike(lc, m) {
			return []ActorMention{m}
		}
	}
	return prev
}

// quotedPronounRef resolves a pronoun opening a quote: "we" and "I" are
// the speaker (named in the sentence, else the holder before); other
// pronouns leave the quote to its speaker.
func quotedPronounRef(clc string, speaker, holder []ActorMention) []ActorMention {
	w := strings.Fields(strings.TrimLeft(clc, " \"“‘'("))
	if len(speaker) > 0 {
		return speaker
	}
	if len(w) > 0 && (w[0] == "we" || w[0] == "i") {
		return holder
	}
	return nil
}

// firstWordAt is the offset of the first letter of a clause.
func firstWordAt(clc string) int {
	for i := 0; i < len(clc); i++ {
		if c := clc[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return i
		}
	}
	return 0
}

// trailingSpeakerRe ends a sentence with who said it: "..., he said.",
// "..., Peskov told reporters on Monday.", "..., said Lavrov."
var trailingSpeakerRe = mustLex(`,["”’']? +(?:(he|she|they|we|the [a-z]+(?: [a-z]+)?|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4})(?: also| later| then)? (?:said|says|added|adds|told [A-Za-z ]{1,25}|wrote|stated|noted|insisted|warned|argued|stressed|declared|posted|explained|concluded|maintained)|(?:said|says|added|according to) ([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}))\b[^,;"“”]{0,60}$`)

// midSpeakerRe names the speaker between two parts of a quotation
// ("\"The bloodshed must be stopped,\" he said on X, insisting, \"...\"").
var midSpeakerRe = mustLex(`[,”"] +(he|she|they|we|the [a-z]+(?: [a-z]+)?|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4})(?: also| later| then)? (?:said|says|added|wrote|stated|insisted|posted)\b[^"“”]{0,40}["“]`)

// timeWordBefore: "he said after Putin's press conference": the name after
// a word of time is no speaker.
func timeWordBefore(b string) bool {
	return strings.HasSuffix(b, "after ") || strings.HasSuffix(b, "before ") || strings.HasSuffix(b, "since ") || strings.HasSuffix(b, "during ")
}

// parenSpeakerRe names the speaker between two parts of a sentence
// ("\"We understand the need for guarantees,\" he said, adding that ...",
// "A deal that rewarded the aggressor would not hold, he warned, and ...").
var parenSpeakerRe = mustLex(`,["”’']? +(he|she|they|we|the [a-z]+(?: [a-z]+)?|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4})(?: also| later| then)? (?:said|says|added|adds|told [A-Za-z ]{1,25}|wrote|writes|warned|argued|insisted|stressed|noted|declared|explained)\b[^,;"“”]{0,45},`)

// trailingSpeaker returns the speaker a sentence names at its end, a
// pronoun resolved to the person (he, she) or holder (they) before.
func trailingSpeaker(s string, ments, person, holder, group []ActorMention) []ActorMention {
	if !strings.Contains(s, ", ") && !strings.Contains(s, ",\"") && !strings.Contains(s, ",”") {
		return nil
	}
	// The attribution ends the sentence: only its last bytes are read.
	off := 0
	if len(s) > 110 {
		off = len(s) - 110
		for off < len(s) && s[off]&0xC0 == 0x80 {
			off++ // not inside a character
		}
	}
	m := trailingSpeakerRe.FindStringSubmatchIndex(s[off:])
	end := -1
	if m == nil {
		off = 0
		// Cheap tests first: midSpeakerRe ends at an opening quote,
		// parenSpeakerRe holds two commas.
		if m = findIf(strings.ContainsAny(s, "\"“"), midSpeakerRe, s); m == nil {
			if m = findIf(strings.Count(s, ",") >= 2, parenSpeakerRe, s); m == nil {
				return nil
			}
			end = m[3] // "he said after Putin's press conference,": the speaker is before the verb
		}
	}
	for i := range m {
		if m[i] >= 0 {
			m[i] += off
		}
	}
	if end < 0 {
		end = m[1]
		if m[2] >= 0 {
			end = m[3] // "..., he said of the parts still held by Kyiv": not a name after the verb
		}
	}
	for _, a := range ments {
		if a.Start >= m[0] && a.End <= end {
			return []ActorMention{a}
		}
	}
	if m[2] < 0 {
		return nil
	}
	switch w := s[m[2]:m[3]]; {
	case groupRefRe.MatchString(strings.ToLower(w)):
		// "..., the leaders said": the group named before, not the person
		// named last.
		return group
	case w == "he" || w == "she" || strings.HasPrefix(w, "the "):
		return person
	case w == "they" || w == "we":
		return holder
	}
	return nil
}

// findIf is re.FindStringSubmatchIndex(s) when may holds, else nil.
func findIf(may bool, re *lexRe, s string) []int {
	if !may {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

// parenSpeechRe is a speaker's verb set between a subject and its
// predicate (", he said,", ", Lavrov added,").
var parenSpeechRe = mustLex(`^, (he|she|they|the [a-z]+|[a-z.'’-]+( [a-z.'’-]+){0,3}) (also |later )?(said|says|added|argued|insisted|stressed|warned|noted|told [a-z ]{1,25}),`)

// deonticAfter reports whether the holders found are asked something
// ("Ukraine must withdraw"): then the speaker, not they, holds it.
func deonticAfter(lc string, subj []ActorMention, cl clause) bool {
	if len(subj) == 0 {
		return false
	}
	e := subj[len(subj)-1].End
	if e > cl.end {
		return false
	}
	t := lc[e:min(cl.end, e+90)]
	if m := parenSpeechRe.FindStringIndex(t); m != nil {
		t = t[m[1]:] // "Ukraine, he said, should return to ...": asked of Ukraine by him
	}
	return deonticRe.MatchString(t)
}

// afterFirstCue is where an issue named elsewhere is read in a clause: right
// after its first stance word ("the U.S. had pitched - ... - leaving the
// push stalled" is read at "pitched"), else at its end.
func afterFirstCue(clc string) int {
	ws := words(clc)
	first := len(clc)
	for _, set := range []*phraseSet{supportRe, opposeRe} {
		for _, m := range set.FindAll(clc, ws) {
			if nominalCue[clc[m[0]:m[1]]] {
				continue // "a demand that Kyiv has refused": the noun names the issue
			}
			if m[1] < first {
				first = m[1]
			}
			break
		}
	}
	return first
}

// anaphorRe takes a stance on something the sentence before named: a
// verb of stance right before "these proposals", "the same demand", "both
// demands", "it", or "it is unacceptable"; or a refusal with no object
// ("Kyiv refuses.", "Zelensky has repeatedly refused").
var anaphorRe = mustLexSplit(`\b(reject|dismiss|refus|rebuff|turn[a-z]* down|turned down|accept|back|support|welcom|endors|oppos|rul[a-z]* out|advanc|echo|repeat|reiterat|shar|made|make|put forward|insist[a-z]* on|demand|call|describ|brand|label)[a-z]* (down )?(these|those|the same|such|this|that|the|both|both of these|both of those|all these|all those|all of these|all of those) (proposals?|demands?|plans?|ideas?|terms|conditions|offers?|requests?|calls?|initiatives?|positions?|provisions?|steps?|moves?)\b|^\W*(for [^,]{2,40}, )?(it|this|that) (is|was|remains|would be|will be|has been) (also |still |simply |absolutely |completely |totally )?(unacceptable|acceptable|impossible|out of the question|a non-starter|a red line|welcome|not acceptable)\b|\b(rejected|dismissed|refused|backed|supported|welcomed|accepted|endorsed|opposed|ruled out|rebuffed|turned down) (it|this|that|them)\b|\b(rul(ed|es|ing)|turn(ed|s|ing)) (it|this|that|them) (out|down)\b|\b(any such|such an?) (arrangement|deal|step|scenario|option|solution|compromise|swap|exchange)s?\b|\b(refuses|refused|rejects|rejected|declines|declined|objects|objected)( to do (so|it|that))?[.!]?$`)

// anaphorHeads names, per issue, the nouns that refer back to it once it
// has been named ("the force", "that mechanism", "a commitment"), and for
// the Zaporizhzhia plant what is done to a facility ("running it jointly",
// "that it be run").
var anaphorHeads = []struct {
	issue string
	re    *lexRe
}{
	{"foreign-troops", mustLex(`\b(the|that|this|such an?|any such|a|an) (force|mission|contingent|deployment)\b`)},
	{"ceasefire-monitoring", mustLex(`\b(the|that|this|such an?|any such|a|an) (mechanism|monitoring mission|verification)\b`)},
	{"security-guarantees", mustLex(`\b(the|those|these|such|that|this|a|an) (guarantees|commitment|commitments|protocols|pact|security pact)\b`)},
	{"znpp-control", mustLex(`\b(the|that|this) (plant|station|facility)\b|\b(run|running|runs|ran|operate|operating|operated|manage|managing|managed)\b (it|them)\b|\bit (be|would be|will be|should be|could be) (run|operated|managed)\b`)},
	{"energy-truce", mustLex(`\b(the|that|this|such an?) moratorium\b`)},
	{"frontline-freeze", mustLex(`\b(the|that|this|such an?) freeze\b`)},
}

// namedIssue is an issue named in a sentence.
type namedIssue struct {
	issue string
	pol   int
	sent  int
}

// anaphorHead returns where anaphorRe matches in a clause with issues of
// its own when need holds and the match comes before all of them, else nil.
func anaphorHead(need bool, clc string, hits []issueHit) []int {
	if !need || !anaphorRe.MatchString(clc) {
		return nil
	}
	m := anaphorRe.FindStringIndex(clc)
	if m == nil {
		return nil
	}
	for _, h := range hits {
		if h.start < m[1] {
			return nil
		}
		if gap := skipParenthetical(clc[m[1]:h.start]); len(gap) <= 12 && ofIssueRe.MatchString(gap) {
			// "rejected the idea of freezing the front", "rejected the
			// idea, voiced by Zelensky in Davos, of deploying ...": the
			// idea is the issue named after it.
			return nil
		}
	}
	return m
}

// skipParenthetical drops a comma-enclosed phrase opening gap (", voiced
// by Zelensky in Davos, of"): what is left joins the noun before it to
// what comes after.
func skipParenthetical(gap string) string {
	if !strings.HasPrefix(gap, ", ") {
		return gap
	}
	if i := strings.Index(gap[2:], ","); i >= 0 && i < 80 {
		return gap[2+i+1:]
	}
	return gap
}

// ofIssueRe joins a noun to the issue that it names ("the idea of").
var ofIssueRe = mustLex(`^ (of|for|to)( an?| the| any)? ?$`)

// headAnaphoraIf is headAnaphora when need holds (a clause with a holder
// and no issue of its own), else nil.
func headAnaphoraIf(need bool, clc string, same, last, far []issueHit) []issueHit {
	if !need || len(same) == 0 && len(last) == 0 && len(far) == 0 {
		return nil
	}
	return headAnaphora(clc, same, last, far)
}

// headAnaphora returns the issues a clause refers back to by one of their
// nouns: an issue of the clauses before in the sentence (same), or of the
// sentence before (last), whose head the clause names with a definite
// determiner ("a" only for the same sentence: "... offered guarantees of 15
// years, while Kyiv is seeking a commitment of 30"), else of the sentences
// a little before (far: "the force" of a paragraph on the force).
func headAnaphora(clc string, same, last, far []issueHit) []issueHit {
	var out []issueHit
	for si, src := range [][]issueHit{same, last, far} {
		for _, h := range src {
			for _, a := range anaphorHeads {
				if a.issue != h.issue || containsIssue(out, h.issue) {
					continue
				}
				m := a.re.FindStringIndex(clc)
				if m == nil {
					continue
				}
				if d := clc[m[0] : m[0]+2]; (d == "a " || d == "an") && si > 0 {
					continue // "a force" names a new one
				}
				out = append(out, issueHit{issue: h.issue, pol: h.pol, start: m[0], end: m[1], inherited: true})
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

// anaphorSameRe takes a stance on what a clause before in the same
// sentence named ("although the Ukrainian leader has said he wants to
// discuss them").
var anaphorSameRe = mustLex(`\b(discuss|discussed|discussing|accept|accepts|reject|rejects|support|supports|back|backs|want|wants|wanted|oppose|opposes|welcome|welcomes|endorse|endorses) (it|them)\b`)

// planRef is the author of a plan and the sentence naming it.
type planRef struct {
	who  []ActorMention
	sent int
}

// planOwner returns the plan's author, else def.
func planOwner(p planRef, def []ActorMention) []ActorMention {
	if len(p.who) > 0 {
		return p.who
	}
	return def
}

var (
	// planNounRe follows an actor that authored a plan ("the US plan").
	planNounRe = mustLex(`^(’s|'s)?\s*(peace |ceasefire |draft |new )?(plan|proposal|draft|framework|peace plan|memorandum|initiative)\b`)
	// planRefRe opens a clause about a plan named before ("The plan also envisages").
	planRefRe = mustLex(`^\W*(according to [^,;]{1,40},( [^,;]{1,60},)? )?the ([a-z0-9-]+ ){0,3}(plan|proposal|draft|framework|document|memorandum|initiative)\b`)
	// handedPlanRe follows an actor that handed a plan over ("the Russian
	// delegation handed over a memorandum").
	handedPlanRe = mustLex(`^(’s|'s)?\s*(delegation |negotiators |government |side |envoys? )?(has |had |have )?(handed over|handed|presented|submitted|put forward|tabled|delivered|sent|drew up|drafted) (a |an |the |its |their )?([a-z0-9-]+ ){0,3}(memorandum|plan|proposal|draft|document|framework|roadmap)\b`)
	// planByRe comes before the author of a plan named after it ("a
	// 28-point plan drafted by Washington").
	planByRe = mustLex(`\b(plan|proposal|draft|framework|memorandum|initiative|blueprint) (was |were |being |been )?(drafted|written|put forward|proposed|authored|prepared|presented|drawn up|devised|crafted) by (the )?$`)
)

// orderOf is the index of k in order.
func orderOf(order []posKey, k posKey) int {
	for i, o := range order {
		if o == k {
			return i
		}
	}
	return len(order)
}

func containsMention(ms []ActorMention, m ActorMention) bool {
	for _, x := range ms {
		if x.Start == m.Start {
			return true
		}
	}
	return false
}

// better prefers the stronger attribution, then a conditional stance, then
// the more confident (lead) sentence.
func better(a, b *PositionClaim) bool {
	if ra, rb := attributionRank[a.Attribution], attributionRank[b.Attribution]; ra != rb {
		return ra > rb
	}
	if (a.Stance == Conditional) != (b.Stance == Conditional) {
		return a.Stance == Conditional
	}
	return a.Confidence > b.Confidence
}

// plausible filters holder/issue pairs that cannot be positions: a mediator
// or outsider on direct Russia-Ukraine talks is not a party to them.
func plausible(actor, issue string, pol int, phrase string) bool {
	switch issue {
	case "direct-talks":
		// A mediator backs talks between the two ("arranging a meeting
		// between Putin and Zelensky") when the phrase names both sides;
		// "Trump expected to meet Putin" is not about them. Only the two
		// sides can refuse them.
		return actor == "RU" || actor == "UA" || pol > 0 && mediatorTalksRe.MatchString(phrase) ||
			pol > 0 && bothSidesRe.MatchString(phrase) && (ruSideRe.MatchString(phrase) && uaSideRe.MatchString(phrase) || bilateralRe.MatchString(phrase))
	case "foreign-troops":
		// The warring sides and their allies send troops of their own; only
		// a force from Ukraine's backers is the issue.
		switch actor {
		case "RU", "UA", "BY", "KP", "IR":
			if pol > 0 && !backersForceRe.MatchString(phrase) {
				return false
			}
		}
	case "arms-halt":
		// Ukraine's backers halting their own aid act on their own
		// ("suspends military aid to Kyiv"): a decision, not a term of the
		// settlement (dev NOTES 001); limits on Ukraine's army stay.
		if pol > 0 && supplyRe.MatchString(phrase) && actor != "RU" && actor != "BY" && actor != "CN" && actor != "KP" && actor != "IR" {
			return false
		}
	}
	// The UN's voice is the ceasefire and its monitoring, and the
	// territorial integrity of its members (news2025h h01).
	return actor != "UN" || issue == "ceasefire" || issue == "ceasefire-monitoring" || issue == "territory-cession" && pol < 0
}

// otherParty reports whether a warring party's speaker reports the stance
// of others: none of the complement's subjects is of the speaker's party.
func otherParty(speakers, comp []ActorMention) bool {
	for _, s := range speakers {
		if s.Code != "RU" && s.Code != "UA" {
			return false // a mediator announcing what the sides agreed backs it too
		}
	}
	for _, c := range comp {
		for _, s := range speakers {
			if c.Code == s.Code {
				return false
			}
		}
	}
	return true
}

// cueBefore reports whether a cue of ms starts before at.
func cueBefore(ms [][]int, at int) bool {
	for _, m := range ms {
		if m[0] < at {
			return true
		}
	}
	return false
}

// bothSidesRe, ruSideRe, uaSideRe and bilateralRe: a phrase of direct talks
// naming both sides.
var (
	bothSidesRe = mustLex(`\b(putin|russia|russian|moscow|kremlin|zelensk[a-z]*|ukrain[a-z]*|kyiv|direct|three-way|trilateral|two)\b`)
	ruSideRe    = mustLex(`\b(putin|russia|russian|russians|moscow|kremlin)\b`)
	uaSideRe    = mustLex(`\b(zelensk[a-z]*|ukraine|ukrainian|ukrainians|kyiv)\b`)
	bilateralRe = mustLex(`\b(direct|three-way|trilateral|the two (presidents|leaders|sides))\b`)
)

// neededAfterRe follows talks a mediator calls for ("talks between Putin
// and Zelensky were needed").
var neededAfterRe = mustLex(`^ (were|was|are|is|would be|will be|remain|remains|remained) (urgently |badly |still )?(needed|necessary|essential|vital|crucial|indispensable)\b`)

// mediatorTalksRe: a phrase of direct talks a mediator may hold without
// naming both sides: an offer to host them, negotiations asked to begin.
var mediatorTalksRe = mustLex(`^((offer[a-z]*|ready|willing|prepared|happy|available|proposed) to (host|mediate)|(negotiations|peace talks) (to|should|must|would|will|can|could) (begin|start|resume|get under ?way)|(begin|start|launch|open|resume)(s|ed|ing)? (peace )?(negotiations|peace talks))\b`)

// beginTalksRe: negotiations asked to begin; a mediator holds them only
// when it asks (mediatorAskRe before them), not when it predicts them.
var (
	beginTalksRe  = mustLex(`^((negotiations|peace talks) (to|should|must|would|will|can|could) (begin|start|resume|get under ?way)|(begin|start|launch|open|resume)(s|ed|ing)? (peace )?(negotiations|peace talks))\b`)
	mediatorAskRe = mustLex(`\b(called (on [a-z ]{1,20})?for|calls? for|calling for|urg[a-z]*|should|must|demand[a-z]*|pressed|pushed for|asked)\b`)
)

// backersForceRe names a force of Ukraine's backers in a troops phrase.
var backersForceRe = mustLex(`\b(peace[a-z]*|european|western|foreign|nato|international|british|french|allied|reassurance|multinational|stabili[sz]ation|security|hubs?)\b`)

// supplyRe names supplies to Ukraine in an arms-halt phrase.
var supplyRe = mustLex(`\b(weapons?|arms|aid|assistance|intelligence|deliveries|supplies|shipments)\b`)

// judgedRe is a refusing judgement predicated of the issue just named ("...
// is unacceptable", "would be out of the question").
var judgedRe = mustLex(`^([^,;]{0,120}?|[^;]{0,100}?,\s*which\s+)\b(is|was|are|were|would be|will be|remains|remained|be|become|becomes|became)\s+["“‘]?(\w+\s+)?(as\s+)?["“‘]?(unacceptable|impossible|out of the question|off the table|a non-starter|not acceptable|a red line|unrealistic|not an option|not realistic|(a )?legitimate (combat |military )?targets?|a target|targets|a (direct |serious |grave )?threat|a provocation|a mistake|(among |one of )?(the |a )?(root )?causes? of (the |this )?(war|conflict))\b|^[^,;]{0,100}?\b(would|will|could) (mean|amount to|trigger|provoke) (a |an |the )?(direct )?(war|world war|involvement|escalation|confrontation|clash)\b`)

// considerBeforeRe ends at the object of a verb of judging ("would
// consider the deployment of any ").
var considerBeforeRe = mustLex(`\b(consider|considers|considered|considering|regard|regards|regarded|deem|deems|deemed)\b[^,;]{0,45}$`)

// consideredAsRe is the judgement given to that object.
var consideredAsRe = mustLex(`\b(as )?(unacceptable|a (direct |serious |grave )?threat|a provocation|(a )?legitimate (military )?targets?|an act of aggression|illegitimate)\b`)

// judgedWords is a cheap test for judgedRe's judgements in w.
func judgedWords(w string) bool {
	for _, k := range []string{"accept", "possib", "question", "table", "starter", "red line", "realistic", "option", "target", "threat", "provocation", "mistake", "cause", "mean", "amount to", "trigger", "provoke"} {
		if strings.Contains(w, k) {
			return true
		}
	}
	return false
}

// cuePolarity returns -1 when the stance cue nearest before the issue (at
// start..end of the clause) is a refusal, else 1. A refusal after the issue
// counts when no cue precedes it ("NATO would be off the table"). An issue
// set as a precondition ("not ... until the ceasefire") is wanted.
func cuePolarity(clc string, cues *clauseCues, start, end int, hits []issueHit) int {
	if cues.neg == nil && cues.pos == nil {
		ws := words(clc)
		cues.neg = opposeRe.FindAll(clc, ws)
		cues.pos = supportRe.FindAll(clc, ws)
		cues.neg, cues.pos = deniedRefusals(clc, cues.neg, cues.pos)
		if cues.neg == nil {
			cues.neg = [][]int{}
		}
	}
	neg, pos := cues.neg, cues.pos
	ifEnd := ifPartEnd(clc)
	if is, ie := ifNotPart(clc); is >= 0 && start > is && end <= ie {
		for _, m := range neg {
			if m[0] > is && m[1] <= start {
				// "warned that if Ukrainian troops do not leave the Donbas,
				// Russia will take it by force": what the other must do or
				// face the consequence is demanded.
				return 1
			}
		}
	}
	if temporalRe.MatchString(clc[max(0, start-40):start]) || presupposedRe.MatchString(clc[max(0, start-40):start]) || onceInPlace(clc, start, end) {
		return 0
	}
	if untilRe.MatchString(clc[max(0, start-20):start]) {
		// "not ... until the ceasefire" sets it as a precondition; without a
		// negation it only dates something ("before the truce started").
		if len(neg) > 0 && neg[0][0] < start {
			return 1
		}
		return 0
	}
	lastNeg, lastPos := -1, -1
	paren := participleParens(clc[:start])
	for _, m := range neg {
		if inParen(paren, m) {
			continue
		}
		// A refusal word inside the issue phrase ("no going into NATO") is
		// the phrase's own; one inside another issue's phrase ("withdraw
		// from Donetsk", "cap its army") is that phrase's.
		if m[0] < start && m[1] <= start && !negScopedElsewhere(clc, m, start, end, hits) {
			lastNeg = m[0]
		}
	}
	for _, m := range pos {
		if m[0] < start && !inParen(paren, m) {
			lastPos = m[0]
		}
	}
	if lastNeg >= 0 && lastNeg >= lastPos-25 && (strings.Contains(clc[:start], " while ") || strings.Contains(clc[:start], " long as ")) {
		// "the bloc would not ease pressure on Moscow while it refused a
		// ceasefire": the refusal in the bound of a refusal is the other
		// side's, and the speaker wants what it refuses.
		if b := boundAt(clc[:start]); b >= 0 && lastNeg > b {
			for _, m := range neg {
				if m[1] <= b {
					return 1
				}
			}
		}
	}
	if lastNeg >= 0 && lastNeg >= lastPos-25 {
		if u := strings.LastIndex(clc[:start], " unless "); u > lastNeg {
			// "a longer ceasefire would only give Ukraine time to regroup
			// unless Western arms deliveries were halted": the condition
			// set against the refusal is wanted.
			return 1
		}
		return -1
	}
	if lastNeg >= 0 && lastPos > lastNeg && lastPos-lastNeg <= 60 && infinitiveChain(clc[lastNeg:lastPos]) {
		// "no sign of bowing to pressure to accept a ceasefire": the
		// refusal governs the verbs chained to it by "to".
		return -1
	}
	if lastNeg >= 0 && lastPos > lastNeg && onlyNominalCues(clc, pos, lastNeg, start) {
		// "rejected Trump's proposal to halt the war along the line",
		// "dismissed the call for a truce": the support cues after the
		// refusal name what is refused.
		return -1
	}
	if strings.Contains(clc[max(0, start-60):start], "consider") || strings.Contains(clc[max(0, start-60):start], "regard") || strings.Contains(clc[max(0, start-60):start], "deem") {
		// "would consider the deployment of any military contingents of
		// NATO countries in Ukraine unacceptable": the judgement the
		// object is given decides.
		if considerBeforeRe.MatchString(clc[max(0, start-60):start]) {
			w := clc[end:min(len(clc), end+100)]
			if m := consideredAsRe.FindStringIndex(w); m != nil && !clauseBetween(w[:m[0]]) {
				return -1
			}
		}
	}
	if w := clc[end:min(len(clc), end+120)]; judgedWords(w) {
		if m := judgedRe.FindStringIndex(w); m != nil && !clauseBetween(clc[end:end+m[0]]) {
			// "insisted that any ceasefire along the front line is
			// unacceptable": the judgement of the issue itself decides.
			return -1
		}
	}
	if m := noBeforeRe.FindStringSubmatchIndex(clc[max(0, start-40):start]); m != nil && !noIdiomRe.MatchString(clc[max(0, start-40)+m[0]:]) {
		return -1 // "no temporarily occupied Ukrainian territory will ever be recognised"
	}
	if strings.HasSuffix(clc[:start], " no ") || start == 3 && strings.HasPrefix(clc, "no ") {
		return -1 // "no recognition of occupied territories", "no limits on its army"
	}
	if lastNeg < 0 && lastPos >= 0 && othersDemandRe.MatchString(clc[:start]) && speechBeforeRe.MatchString(clc[:start]) {
		// "Zakharova said that Western countries' demands that Russia
		// accept an immediate ceasefire ... were aimed only at giving Kyiv a
		// respite": another's demand, judged by the speaker after it.
		for _, m := range neg {
			if m[0] >= end && m[0]-end < 140 && !clauseBetween(clc[end:m[0]]) {
				return -1
			}
		}
	}
	if lastNeg < 0 && lastPos >= 0 && proposalCueRe.MatchString(clc[lastPos:]) && speechBeforeRe.MatchString(clc[:lastPos]) {
		// "Ushakov said US proposals for a monitoring mission were
		// unacceptable": the cue before names another's proposal; the
		// speaker's stance is the judgement after it.
		for _, m := range neg {
			if m[0] >= end && m[0]-end < 80 && !clauseBetween(clc[end:m[0]]) && !negRestrictRe.MatchString(clc[m[0]:]) {
				return -1
			}
		}
	}
	if lastPos < 0 || lastPos < lastNeg {
		for _, m := range neg {
			if m[0] >= end && m[0]-end <= 1 && strings.HasPrefix(clc[m[0]:], "against ") {
				continue // "maintain its sanctions against Russia": whom the issue is aimed at, not a refusal of it
			}
			if m[0] >= end && m[0]-end < 80 && !clauseBetween(clc[end:m[0]]) && !negScopedElsewhere(clc, m, start, end, hits) && !(start < ifEnd && m[0] > ifEnd) && !negRestrictRe.MatchString(clc[m[0]:]) {
				return -1
			}
		}
	}
	return 1
}

// boundAt returns where the last bound of a refusal ("while", "as long
// as", "so long as") opens in t, or -1.
func boundAt(t string) int {
	b := strings.LastIndex(t, " while ")
	if l := strings.LastIndex(t, " as long as "); l > b {
		b = l
	}
	if l := strings.LastIndex(t, " so long as "); l > b {
		b = l
	}
	return b
}

// demandApposRe opens an appositive naming a demand or condition.
var demandApposRe = mustLex(`^\W*(a|an|the|that|this) (\w+ )?(demand|condition|precondition|requirement|ultimatum)s?\b`)

// condMarkRe marks where a condition starts in a clause.
var condMarkRe = mustLex(`\b(only if|if|unless|provided( that)?|on condition that|as long as)\b`)

// withoutPremiseRe ends right before an issue lacked in a fronted premise
// ("that, without NATO membership for Ukraine, ...").
var withoutPremiseRe = mustLex(`(^|, |that |and )["“]?without (any |a |an |the )?$`)

// otherPlantRe ends right before "nuclear power plant" with the name of a
// plant other than Zaporizhzhia ("the Paks nuclear power plant").
var otherPlantRe = mustLex(`\b(paks|kursk|chornobyl|chernobyl|rivne|khmelnytskyi|khmelnytsky|south ukraine|leningrad|novovoronezh|smolensk|kalinin|akkuyu|kudankulam|rooppur|bushehr|fukushima|dukovany|temelin|kozloduy|ostrovets|astravets|belarusian|hungarian|turkish|indian) $`)

// participleParens returns the spans of the participle phrases set off by
// commas in t ("rejected Moscow's demand, set out in the memorandum Russia
// handed over, that it withdraw"): their stance words are another's act on
// the noun before, not the clause's stance.
func participleParens(t string) [][2]int {
	var out [][2]int
	for i := 0; i+2 < len(t); i++ {
		if t[i] != ',' || t[i+1] != ' ' {
			continue
		}
		w, _, _ := strings.Cut(t[i+2:], " ")
		if !(strings.HasSuffix(w, "ed") && len(w) > 4 || participleWords[w]) {
			continue
		}
		j := strings.IndexByte(t[i+2:], ',')
		if j < 0 || j > 90 {
			continue
		}
		out = append(out, [2]int{i, i + 2 + j})
		i = i + 2 + j - 1
	}
	return out
}

// participleWords are irregular past participles that open such a phrase.
var participleWords = map[string]bool{"set": true, "made": true, "put": true, "given": true, "drawn": true, "written": true,
	"sent": true, "held": true, "brought": true, "shown": true, "laid": true, "spelt": true, "known": true, "taken": true, "seen": true, "told": true}

// inParen reports whether the cue m lies inside one of the spans.
func inParen(spans [][2]int, m []int) bool {
	for _, p := range spans {
		if m[0] > p[0] && m[1] <= p[1] {
			return true
		}
	}
	return false
}

var (
	// proposalCueRe: a support cue that is a noun naming a proposal.
	proposalCueRe = mustLex(`^(proposals?|plans?|offer|terms|ideas|conditions)\b`)
	// speechBeforeRe: the clause reports someone's words before the cue.
	speechBeforeRe = mustLex(`\b(said|says|told|called|described|stated|wrote|added)\b`)
)

// infinitiveChain reports whether t, from a refusal to a support cue, is a
// chain of verbs joined by "to" with no clause break ("no sign of bowing to
// pressure to").
func infinitiveChain(t string) bool {
	if strings.ContainsAny(t, ",;") || strings.Contains(t, " but ") || strings.Contains(t, " and ") ||
		strings.Contains(t, " while ") || strings.Contains(t, " which ") || strings.Contains(t, " that ") {
		return false
	}
	return strings.HasSuffix(strings.TrimRight(t, " "), " to")
}

// onlyNominalCues reports whether every support cue between from and to
// is a noun naming someone's proposal ("proposal", "plan", "call for").
func onlyNominalCues(clc string, pos [][]int, from, to int) bool {
	for _, m := range pos {
		if m[0] <= from || m[0] >= to {
			continue
		}
		if !nominalCue[clc[m[0]:m[1]]] {
			return false
		}
	}
	// A conjunction between them starts another predicate ("rejected the
	// plan but agreed to a ceasefire").
	return !strings.Contains(clc[from:to], " but ") && !strings.Contains(clc[from:to], " and ")
}

// nominalCue are the support cues that are nouns naming a proposal.
var nominalCue = map[string]bool{"proposal": true, "proposals": true, "plan": true, "plans": true, "offer": true,
	"offers": true, "terms": true, "ideas": true, "idea": true, "conditions": true, "demand": true, "demands": true,
	"effort": true, "efforts": true, "push": true, "call for": true, "calls for": true, "proposition": true,
	"initiative": true, "request": true, "requests": true, "bid": true, "appeal": true, "appeals": true,
	"suggestion": true, "suggestions": true}

// negScopedElsewhere reports whether a refusal cue m before the issue at
// start..end belongs to another issue of the clause: inside its phrase.
func negScopedElsewhere(clc string, m []int, start, end int, hits []issueHit) bool {
	issue := ""
	for _, h := range hits {
		if h.start == start && h.end == end {
			issue = h.issue
		}
	}
	for _, h := range hits {
		if h.start == start && h.end == end {
			continue
		}
		if h.issue == issue && m[1] <= h.start {
			continue // the same issue named twice ("troops from NATO countries ... as peacekeepers"): one refusal
		}
		if m[0] >= h.start && m[1] <= h.end {
			return true
		}
		// "cap its army ... that it will not join NATO, in return for
		// security guarantees": a refusal right before another issue is
		// that issue's, not of the issues before or after it.
		if m[1] <= h.start && h.start-m[1] <= 12 && (h.end <= start || h.start >= end) && !coordinated(clc, h, start, end) {
			return true
		}
	}
	return false
}

// coordinated reports whether the issue at start..end is joined to h by
// "and" or "or" with nothing else between ("did not agree to a ceasefire
// and a meeting of leaders"): one verb governs both.
func coordinated(clc string, h issueHit, start, end int) bool {
	var gap string
	gs := 0
	switch {
	case h.end <= start:
		gap, gs = clc[h.end:start], h.end
	case end <= h.start:
		gap, gs = clc[end:h.start], end
	default:
		return false
	}
	if gs > 0 && isASCIILetter(clc[gs-1]) {
		gap = strings.TrimLeft(gap, "abcdefghijklmnopqrstuvwxyz") // a phrase ending inside its last word
	}
	if len(gap) > 20 {
		return false
	}
	g := strings.Fields(strings.NewReplacer(",", " ").Replace(gap))
	switch strings.Join(g, " ") {
	case "including", "in particular", "notably", "especially", "such as", "among them", "let alone":
		return true // "annexation of Ukrainian territory, including Crimea": the part shares the whole's stance
	}
	if len(gap) > 14 {
		return false
	}
	if len(g) == 0 || g[0] != "and" && g[0] != "or" && g[0] != "nor" {
		return false
	}
	for _, w := range g[1:] {
		if w != "a" && w != "an" && w != "the" && w != "any" && w != "to" {
			return false
		}
	}
	return true
}

// appositionRe: a noun in apposition opens another's clause about what
// came before ("territorial changes would be necessary, a view Kyiv
// rejects").
var appositionRe = mustLex(`, (a|an|the) (view|position|stance|demand|proposal|idea|claim|plan|call|suggestion|notion|line)\b`)

// subordinateRe between an issue and a refusal after it puts the refusal in
// another clause ("impose sanctions on Moscow if it rejected a ceasefire").
var subordinateRe = mustLex(`\b(if|unless|because|when|whether|after|while|which|who|until|that)\b`)

// clauseBetween reports whether t, between an issue and a refusal after
// it, opens another clause: a subordinator, but not "after", "before" or
// "until" heading a noun phrase ("troops set up in Ukraine after a
// ceasefire would be treated as targets").
func clauseBetween(t string) bool {
	if appositionRe.MatchString(t) {
		return true // "..., a view Kyiv rejects": another's judgement of it
	}
	if strings.Contains(t, " and ") && andVerbRe.MatchString(t) && !modalStartRe.MatchString(t) {
		// "would keep its sanctions in place and would not ease them
		// before ...": a second verb phrase, with its own object. (After
		// a subject, "a cap on the army would leave ... and should not be
		// part of any deal", both verbs are the subject's.)
		return true
	}
	for _, m := range subordinateRe.FindAllStringIndex(t, -1) {
		switch w := t[m[0]:m[1]]; w {
		case "after", "until":
			if nounPhraseAfterRe.MatchString(t[m[1]:]) {
				continue
			}
		}
		return true
	}
	return false
}

// negRestrictRe: a negation that only limits where or how a force acts
// ("the force would not be deployed on the front line"), no refusal of it.
var negRestrictRe = mustLex(`^(would|will|could|should|must|does|did|is|was) not (be )?(deployed|stationed|based|deploy|fight|fighting|operate|serve|used|engage|take part)\b[^.;,]{0,25}\b(on|near|at|along|in) (the )?(front ?lines?|line of contact|contact line|combat|hostilities)\b`)

// nounPhraseAfterRe: a determiner opens what follows a preposition.
var nounPhraseAfterRe = mustLex(`^ (a|an|the|any|its|their|this|that|such a|a future|an eventual)\b`)

// ifNotPart returns the span of an "if" condition inside a clause (from
// "if" to the comma that ends it), else -1, -1.
func ifNotPart(clc string) (int, int) {
	i := strings.Index(clc, "if ")
	if i < 0 || i > 0 && clc[i-1] != ' ' && clc[i-1] != '"' {
		return -1, -1
	}
	e := strings.Index(clc[i:], ", ")
	if e < 0 {
		return -1, -1
	}
	return i, i + e
}

// ifPartEnd returns where the condition of a clause opening with "if"
// ends (its first comma), else -1: a refusal after it is the
// consequence's, not the condition's ("if Russia refrained from hitting
// the grid, Ukraine would not strike ... either").
func ifPartEnd(clc string) int {
	t := strings.TrimLeft(clc, " \"“‘'(")
	if !strings.HasPrefix(t, "if ") {
		return -1
	}
	return strings.Index(clc, ", ")
}

// clauseCues caches the stance cues of a clause.
type clauseCues struct{ neg, pos [][]int }

// truceRef is the specific truce an article spoke of last.
type truceRef struct {
	issue string
	sent  int
	at    int // where in its clause it was named
}

// refDeterminer reports whether text before "ceasefire" refers back to a
// truce named before ("the truce", "such a ceasefire", "this truce").
func refDeterminer(before string) bool {
	for _, d := range []string{"the ", "such a ", "such ", "this ", "that ", "the same ", "this partial ", "the partial ", "the limited "} {
		if strings.HasSuffix(before, d) {
			return true
		}
	}
	return false
}

var (
	factRe        = newPhrases("ended|expired|collapsed|lapsed|ran out|came to an end|went into effect|came into force|took effect|has ended|had ended")
	rejectTermsRe = mustLex(`\b(?:reject[a-z]*|dismiss[a-z]*|refus[a-z]*|turned down|rebuff[a-z]*)\s+(\S+(?:’s|'s))\s+(?:terms|demands|conditions|proposals?|plan|ultimatum)`)
)

// resolveTruce reads "the truce" as the specific truce (Black Sea, energy)
// named in the last three sentences, and remembers the specific truces of
// this clause.
func resolveTruce(hits []issueHit, clc string, sent int, last *truceRef) []issueHit {
	for i, h := range hits {
		switch h.issue {
		case "maritime-truce", "energy-truce":
			*last = truceRef{h.issue, sent, h.end}
		case "ceasefire":
			if sent-last.sent <= 3 && (sent != last.sent || h.start > last.at) && refDeterminer(clc[:h.start]) {
				hits[i].issue = last.issue
			}
		}
	}
	return hits
}

var (
	untilRe = mustLex(`\b(until|before|pending) (a |an |the |(ukraine|kyiv|russia|moscow|it|they) )?$`)
	// temporalRe: the issue only dates something ("hours into the ceasefire").
	temporalRe  = mustLex(`\b(into|during|since|after|following|despite|amid|throughout|start of|end of) (a |an |the )?(purported |declared |announced |unilateral |temporary |easter |holiday |three-day |30-day )?$`)
	strongCueRe = mustLex(`\b(refus[a-z]*|reject[a-z]*|agreed|accepted|rul[a-z]* out|dismiss[a-z]*|balk[a-z]*|backed|supports|supported|opposes|opposed|prefer|prefers|preferred)\b`)
)

// isHistory reports a clause about the past ("Crimea was taken in 2014")
// with no stance verb of the present.
func isHistory(clc string, year int) bool {
	if atTheTimeRe.MatchString(clc) && historyVerbRe.MatchString(clc) {
		return true // "At the time, Kyiv rejected that proposal"
	}
	for _, m := range historyRe.FindAllStringIndex(clc, -1) {
		y := clc[m[1]-4 : m[1]]
		if y < itoa4(year) && historyVerbRe.MatchString(clc) && !presentStance.MatchString(clc) {
			return true
		}
	}
	return false
}

// withoutUsRe: a refusal of a process that leaves its holder out.
// discussedWithoutRe: an issue not to be discussed or decided without
// someone ("could not be discussed without Russia").
var discussedWithoutRe = mustLex(`\b(discuss|negotiat|decid|settl|resolv)[a-z]* without\b`)

var withoutUsRe = mustLex(`\bwithout (the )?(russia|moscow|the kremlin|the russian federation|ukraine|kyiv|europe|(its|their|our|moscow's|moscow’s|russia's|russia’s|kyiv's|kyiv’s|ukraine's|ukraine’s|europe's|europe’s) (participation|involvement|input|consent|say|seat))\b`)

// accuseRe: an accusation before an issue.
var accuseRe = mustLex(`\b(accus[a-z]*|blam[a-z]*|charg[a-z]*|alleg[a-z]*)\b[^;]{0,60}\b(of|for|that)\b`)

// notSendOwnRe: a state declining to send soldiers of its own ("would not
// send any soldiers", "ruled out sending its own troops", "will not send
// troops of its own"): its own contribution, not a stance on the force
// (news2025f f04, news2025h).
var notSendOwnRe = mustLex(`\b(its|their|our) own (troops|soldiers|forces|boots)\b|\b(troops|soldiers|forces) of (its|their|our) own\b|\bnot (to )?(send|deploy|contribute) any (troops|soldiers)\b`)

// ownTroopsRe: troops of the United States, which the European force is not.
var ownTroopsRe = mustLex(`\b(us|u\.s\.|american|america's|america’s)( ground)? (troops|soldiers|forces|boots)\b`)

// deniedRefusals turns a refusal that is itself denied ("has not ruled out
// a meeting", "did not rule out", "is not off the table") into an opening:
// the refusal cue, and the negation cue just before it, become a support cue.
func deniedRefusals(clc string, neg, pos [][]int) ([][]int, [][]int) {
	if !strings.Contains(clc, " out") && !strings.Contains(clc, "off the table") && !strings.Contains(clc, "against") &&
		!strings.Contains(clc, "oppos") && !strings.Contains(clc, "object") && !strings.Contains(clc, "exclud") && !strings.Contains(clc, "in the way") {
		return neg, pos
	}
	var keep [][]int
	changed := false
	for i := 0; i < len(neg); i++ {
		m := neg[i]
		cue := clc[m[0]:m[1]]
		before := strings.TrimRight(clc[:m[0]], " ")
		if refusalCue(cue) && negatedEnd(before) {
			// "has not ruled out a meeting", "was not against a truce":
			// drop a negation cue ending right before it ("did not").
			for len(keep) > 0 && keep[len(keep)-1][1] >= len(before)-8 {
				keep = keep[:len(keep)-1]
			}
			pos = append(pos, []int{m[0], m[1]})
			changed = true
			continue
		}
		if strings.Contains(cue, "not") || strings.Contains(cue, "n't") || strings.Contains(cue, "n’t") || cue == "never" {
			if r := deniedRefusalAfterRe.FindStringIndex(clc[m[1]:]); r != nil {
				// "does not exclude a ceasefire", "would not object to",
				// "would not stand in the way of": the refusal denied; a
				// refusal cue inside it is skipped too.
				end := m[1] + r[1]
				pos = append(pos, []int{m[0], end})
				for i+1 < len(neg) && neg[i+1][0] < end {
					i++
				}
				changed = true
				continue
			}
		}
		keep = append(keep, m)
	}
	if !changed {
		return neg, pos
	}
	sort.Slice(pos, func(a, b int) bool { return pos[a][0] < pos[b][0] })
	if keep == nil {
		keep = [][]int{}
	}
	return keep, pos
}

// refusalCue is an opposeRe cue that a negation before it turns round.
func refusalCue(cue string) bool {
	return strings.HasPrefix(cue, "rul") && strings.Contains(cue, " out") || cue == "off the table" || cue == "exclude" || cue == "excluded" ||
		cue == "against" || strings.HasPrefix(cue, "oppos") || cue == "objects to" || cue == "object to" || cue == "objected"
}

// negatedEnd reports whether s ends with a negation ("not", "n't", "never").
func negatedEnd(s string) bool {
	return strings.HasSuffix(s, " not") || strings.HasSuffix(s, "n't") || strings.HasSuffix(s, "n’t") || strings.HasSuffix(s, " never") || strings.HasSuffix(s, " not yet")
}

// deniedRefusalAfterRe follows a negation that denies a refusal: "(does
// not) exclude", "(would not) object to", "(was not) against", "(would
// not) stand in the way of".
var deniedRefusalAfterRe = mustLex(`^ (be |have |be totally |be entirely |necessarily |in principle )?(exclude|object to|oppose|be opposed to|opposed to|against|stand in the way of|stand in the way|block|veto|rule out|rule it out|mind)\b`)

// unlessRe follows an issue refused except on a condition.
var unlessRe = mustLex(`^[^;]{0,60}\bunless\b`)

// firstAfter reports a demand that something else come first, after an
// issue ("a wider ceasefire ... with the Kremlin insisting that the West
// first stop all military aid"): the issue is wanted on that condition;
// what must come first is simply demanded.
func firstAfter(clc string, end int) bool {
	return firstRe.MatchString(clc[end:])
}

// firstRe: something demanded before anything else.
var firstRe = mustLex(`\b(first (stop|end|halt|withdraw|lift|cease|cut|recogni[sz]e|accept|agree)|must first|should first|would first|needs? first)\b`)

// shortTruceRe names a truce of a few days or a holiday.
var shortTruceRe = mustLex(`\b(temporary|short|brief|holiday|easter|christmas|victory day|parade|one-day|two-day|three-day|\d+-hour|\d+-hours?|72-hour|30-hour|few days|unilateral)\b`)

// groupLike reports whether a holder may be what "the leaders" refer
// to: more than one state, or a body of states ("German Chancellor
// Friedrich Merz" is one).
func groupLike(ms []ActorMention) bool {
	for _, m := range ms {
		if m.Code != ms[0].Code || m.Code == "EU" || m.Code == "NATO" || m.Code == "UN" {
			return true
		}
	}
	return false
}

// groupRefRe opens a clause whose subject is a group named before.
var groupRefRe = mustLex(`^\W*(the|both|all) (two |three |four |european |western |allied )?(leaders|allies|heads of state)\b`)

// bothSidesSubjRe opens a clause whose subject is the two warring parties,
// or names them as its complement's subject ("said both sides agreed").
var bothSidesSubjRe = mustLex(`^\W*([a-z ,]{0,40} (said|says|announced|stated|confirmed) (that )?)?(both|the two) (sides|nations|countries|parties|warring parties|delegations)\b`)

// bothSides are Russia and Ukraine as one subject.
func bothSides(at int) []ActorMention {
	return []ActorMention{{Code: "RU", Kind: KindState, Name: "Russia", Start: at, End: at}, {Code: "UA", Kind: KindState, Name: "Ukraine", Start: at, End: at}}
}

// comesAsRe: a clause dating its subject by another event ("The offer
// comes as military chiefs prepared ..."): the subject holds nothing.
var comesAsRe = mustLex(`^\W*the [a-z]+ (comes|came|follows|followed|coincides|coincided) (as|after|amid|a day|days|hours|weeks|with)\b`)

// atTheTimeRe dates a clause to a past told before.
var atTheTimeRe = mustLex(`^\W*(at the time|back then|in those talks|at that time|then)\b`)

var presentStance = newPhrases("insist|insists|demand|demands|want|wants|must|will|would|is prepared|are prepared|says|call for|calls for|refuses|rejects|proposes")

func isIncidentClause(clc string) bool {
	if !attackRe.MatchString(clc) || !casualtyRe.MatchString(clc) {
		return false
	}
	// Two words, an attack and its toll: "return to killing" alone is
	// neither an attack nor a toll told.
	ws := words(clc)
	as, cs := attackRe.FindAll(clc, ws), casualtyRe.FindAll(clc, ws)
	for _, a := range as {
		for _, c := range cs {
			if a[0] != c[0] {
				return true
			}
		}
	}
	return false
}

func itoa4(y int) string {
	b := []byte("0000")
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	return string(b)
}
