package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stances and attributions of a position (SCHEMA.md).
const (
	Support     = "support"
	Oppose      = "oppose"
	Conditional = "conditional"

	OnRecord = "on-record"
	Official = "official"
	Sources  = "sources"
	Reported = "reported"
)

var attributionRank = map[string]int{OnRecord: 4, Official: 3, Sources: 2, Reported: 1}

// ifThenRe: a condition on the other side, whose consequence is threatened.
var ifThenRe = mustLex(`\b(if|unless|should (russia|moscow|putin|the kremlin)|otherwise|or else)\b`)

// demandWordRe asks something of someone.
var demandWordRe = newPhrases("should|must|need to|needs to|urged|urges|urging|called for|calls for|calling for|demanded|demands|demanding|ought to|pressed|pushed for")

// withoutRe ends right before an issue that is lacked ("a deal that leaves
// it without guarantees"): a refusal of the lack wants the issue.
var withoutRe = mustLex(`\bwithout (?:[a-z'’-]+ ){0,3}$`)

// presupposedRe ends right before a ceasefire taken for granted by what is
// done for it ("a force to help secure any ceasefire", "to police a future
// truce"): no stance on the ceasefire itself.
var presupposedRe = mustLex(`\b((enforce|enforcing|police|policing|uphold|upholding|underpin|underpinning|guarantee|guaranteeing|protect|protecting|backstop|backstopping|sustain|sustaining|maintain|maintaining) (any|a|an|the) (future |eventual |possible |lasting |potential )?|(secure|securing) (any|an eventual|a future|a possible|the eventual|a lasting|an eventual) )$`)

// threatRe marks a threat: the issues named after it are what is
// threatened ("agree to a truce or face new sanctions"), not a stance.
var threatRe = mustLex(`\b(or face|or else face|could face|would face|will face|faces|warning of|warned of|warns of|threat of|threats of|threaten[a-z]*|menac[a-z]*|ultimatum)\b`)

var (
	opposeRe      = newPhrases("not up for debate|not up for discussion|not up for negotiation|not negotiable|non-negotiable|and not a|and not an|and not the|forget about|forget it|no one should count on|nobody should count on|should not count on|shouldn't count on|shouldn’t count on|rearm|not going to|isn't going to|isn’t going to|aren't going to|wasn't going to|no point|danger|dangerous|provocation|provocative|reckless|stopped short of|stops short of|stop short of|non-starter|nonstarter|poured cold water|pour cold water|pours cold water|brushed aside|brushed off|spurned|will not|won't|won’t|wouldn't|wouldn’t|would not|does not|doesn't|doesn’t|did not|didn't|didn’t|do not|don't|don’t|cannot|can't|can’t|could not be|not accept*|not to accept*|not recogni*|not to recogni*|not agree*|not cede*|not consider*|not support*|not allow*|refus*|reject*|never|oppos*|balk*|rul* out|off the table|not be possible|dismiss*|unacceptable|resist*|stalling tactic|frustrat*|unlikely to accept|tantamount to surrender|impossible|no longer|against|condemn*|halted by|violat*|hollow|withdrew from the talks|withdraw from the talks|withdrawing from the talks|withdrew from talks|withdraw from talks|walked out|walk out|walks out|walked away|walk away|walks away|pulled out of the talks|pull out of the talks|rebuff*|deny|denies|denied|not willing|not open|not ready|not prepared|nor|not necessary|unnecessary|no need|no interest|not interested|no intention|legitimate target|legitimate targets|red line|no plans|no plan to|turned down|turn down|turns down|turning down|scoff*|derid*|decried|decries|denounc*|objected|objects to|object to|veto*|shot down|no way|unthinkable|absurd|nonsense|not on the table|prolong the war|prolong the conflict|prolong the fighting|inappropriate|premature|unrealistic|not realistic|not a realistic|not viable|not a viable|not an option|not acceptable|road to nowhere|red line|be no|there will be no|there can be no|out of the question|regroup|buy time|buying time|buys time|breather|respite|ploy|sham|farce|smokescreen|smoke screen|stunt|meaningless|pointless|futile|waste of time|counterproductive|not serious|unserious|dead end|doomed|nothing more than|nothing other than|gives us nothing|give us nothing|merely|a mere|lead nowhere|leads nowhere|led nowhere|go nowhere|goes nowhere|imitat*|hasty|ultimatum|ultimatums|no sign of|no intention of|reluctan*|skeptic*|sceptic*|cool to|cold to|wary of|warned against|warns against|warning against|pushed back|push back|pushes back|pushing back|pushback|resistance|resisted|resists|balked|no progress|stalled|no interest in|not interested in|refusal|denial|rebuffed|rebuffs|slapped down|shot down|thrown out|threw out|spurn*|nixed|torpedo*|blocked|blocks|blocking|cannot accept|can't accept|can’t accept|unwilling|not willing|not tolerate|won't tolerate|won’t tolerate|not entertain|not countenance|refuse to discuss|refused to discuss|refusing to discuss|detached from reality|divorced from reality|ridiculous|outrageous|dead on arrival|drag* its feet|drag* their feet|sabotag*|undermin*|scuttl*|derail*|fended off|waved off|waved away|shrugged off|dug in|digs in|digging in|stood firm against|rather than|instead of|as opposed to|abandon*|ditched|ditch|dropped the idea|gave up on|give up on|shelved|expressed alarm|voiced alarm|alarmed by|alarmed at|alarm over|alarm about|raised alarm|concern about|concerns about|concerned about|concern over|concerns over|concerned over|worried about|worries about|worried over|fears about|fears over|dismay*|outrage*|unease|misgivings|reservations about|controversial|armed conflict|act of war|declaration of war|direct confrontation|escalation|criticis*|criticiz*|slammed|slams|lambast*|castigat*|assail*|decline*|declining|declined to|no instruction*|no order*|no desire|no appetite|no mandate|no willingness|no readiness|no decision|no agreement|rul* it out|rul* that out|rul* this out|rul* them out|turn* it down|turn* that down|turn* them down|prohibit*|forbid|forbids|forbade|forbidden|outlaw*|mistake|mistaken|blunder|a trap|not the time for|not the time to|no time for|not the moment for|not the moment to|under no circumstances|in no circumstances|under no conditions|under no condition|categorically against|not under any|reservations|not on the agenda|off the agenda|say no to|says no to|said no to|saying no to|drops demand|dropped demand|dropping demand|drops its demand|dropped its demand|drops the demand|dropped the demand|dropped its insistence|drops its insistence|backed away from|backs away from|backing away from|backtrack*|walked back|walks back|walking back|in no hurry|in no rush|cool on|cool towards|cool toward|little interest|scant interest|little appetite|little enthusiasm|no enthusiasm|lukewarm|no right|no legal right|no moral right|no constitutional right|not the right to|not be part of|no place in|not be included in")
	supportRe     = newPhrases("prepared to|prepared for|ready|could give up|would give up|could drop|would drop|could abandon|would abandon|could accept|would accept|open to|readiness|willing*|agree|agrees|agreed|agreeing|accept*|want|wants|wanted|demand*|insist*|call* for|urg*|propos*|offer*|support*|back*|seek*|sought|push* for|press* for|declar*|announc*|order*|envisag*|hop*|favor*|favour*|endors*|welcom*|commit*|pledg*|promis*|float*|plan|plans|lead efforts|restat*|reaffirm*|reiterat*|prais*|stress*|conditions|terms|desired|ideas|eager|task|effort|efforts|focus*|need*|possible|aim*|discuss*|signal*|wrapped|reached|brokered|handed|presented|outline|arrang*|sign up to|signed up to|signs up to|sign on to|signed on to|embrac*|on board|amenable|keen|would consider|could consider|will consider|ready to consider|available|availability|pitch*|greenlit|green-lit|green light|green-light*|approv*|in favour of|in favor of|champion*|advocat*|lobbied for|lobby for|lobbying for|sought|seeks|seeking|commit to|committed to|requir*|strive*|strove|work toward|work towards|working toward|working towards|worked toward|worked towards|secure|securing|achiev*|mediat*|facilitat*|implement*|honour*|honor*|abide by|abiding by|abided by|comply|complied|complying|observe|observed|observing|extend*|uphold|upholding|upheld|responded positively|responded constructively|gave a nod|nod to|consent*|lean toward|leaning toward|leans toward|looked favourably|looks favourably|looked favorably|looks favorably|viewed favourably|viewed favorably|backing|backer|backers")
	conditionalRe = newPhrases("only if|only after|only as part of|only within|only in the framework|only in the context of|must come with|must be accompanied by|must be backed by|should come with|has to come with|have to come with|would have to come with|needs to come with|need to come with|must include|only if|only after|only once|only when|only then|only on condition|only be possible if|only be possible after|only be possible once|only be possible when|possible only if|possible only after|possible only once|possible only when|in the event of|provided|providing that|on condition|on the condition|if the enemy|if the other side|in exchange for|before committing|only take effect|only come into force|only come into effect|enter into force only|must be addressed first|addressed first|must come first|as long as|so long as|if russia|if moscow|if kyiv|if ukraine|did the same|does the same|reciproc*|once a ceasefire|once a truce|once the ceasefire|once the truce|once the war|once the fighting|once hostilities|once a peace|once a deal|once an agreement|once the conflict|dependent on|dependent upon|depend on|depends on|depending on|depend upon|depends upon|contingent on|contingent upon|conditional on|conditional upon|conditioned on|conditioned upon|hinge on|hinges on|subject to|tied to|predicated on|linked to|as a precondition|precondition for|preconditions for|in a referendum|to a referendum|by referendum|by a referendum|in a nationwide referendum|to a nationwide referendum|require a referendum|requires a referendum|required a referendum|require a public referendum|requires a public referendum|require a national referendum|requires a national referendum")
	// wouldOnlyRe: "would only" with a condition after it ("would only
	// agree if"), not "would only prolong the war".
	wouldOnlyRe   = mustLex(`\b(would|will|could|can) only (be|take|come|make sense|agree|accept|consider|happen|hold|work|last|succeed|stick|endure)[^.;]{0,40}\b(if|after|once|when|provided)\b`)
	sourcesRe     = newPhrases("people familiar|person familiar|source|sources|familiar with the matter|familiar with the discussions|familiar with the talks|familiar with the plan|familiar with the negotiations|said the people|said the person|the people said|the person said|leak*|according to people|according to a person|people briefed|person briefed|officials briefed|briefed on the|condition of anonymity|according to two people|according to three people")
	officialRe    = newPhrases("official|officials|diplomat|diplomats|aide|aides|a spokesperson|government spokes*")
	speechRe      = newPhrases("said|says|say|told|stated|declared|announced|wrote|posted|added|noted|confirmed|statement|readout|readouts|joint statement|communique|communiqué|decree|responded")
	likelyRe      = newPhrases("is unlikely to|is likely to|are unlikely to|are likely to|is expected to|are expected to")
	reportRe      = mustLex(`\b(reported|reports|according to (the )?(financial times|ft|bloomberg|reuters|media|the newspaper)|the newspaper|the ft said)\b`)
	historyRe     = mustLex(`\b(in|since|of) (19|20)\d\d\b`)
	historyVerbRe = newPhrases("was|were|had been|began|started|invaded|annexed|took|seized|taken")
	pronounRe     = mustLex(`^\W*(but |and |yet )?(that (he|she|they|we) |(on|last|earlier|later|this|in|at) [a-z]+( [a-z]+)?,? (he|she|they|we)\b|(his|her) (foreign ministry|foreign minister|government|office|administration|spokes(man|woman|person)|aides?|ministry|envoys?|negotiators?|team|delegation|officials)|he|she|they|it|we|i|(these|they|which|those) (include|included|including|are|were|would)|the (us |u\.s\. |american |russian |ukrainian )?(proposal|plan|document|deal|statement|draft|framework|initiative|offer|ideas?))\b`)
	hedgeRe       = newPhrases("split on|divided on|disagree on|disagreed on|at odds|disagree over|disagreed over|divided over|split over|differ over|differences over|wrangl*|remains unclear|remained unclear|is unclear|was unclear|unclear whether|unclear how|not clear|remains to be seen|remained to be seen|it is not known|could respond|could impose|could face|would face|will face|could be hit|expectation|expectations|speculat*|analyst said|analysts said|analyst say|analysts say|analysts believe|asked who|asked how|asked whether|asked what|asked why|asks who|asks how|asks whether|asking who|asking how|asking whether|questioned whether|questions whether|wondered whether|wonder whether|did not mention|didn't mention|didn’t mention|does not mention|made no mention|no mention|did not specify|vague on|silent on|did not address|did not announce|didn't announce|didn’t announce|did not impose|stopped short of announcing|declined to say|declines to say|declined to specify|declined to comment|would not say|wouldn't say|wouldn’t say|did not say whether|refused to say|stopped short of saying|stopped short of specifying|failed to agree|failing to agree|fail to agree|could not agree|unable to agree|asked if|asks if|asking if|too early to|too soon to")
	accordingRe   = mustLex(`\baccording to\b`)
	// An adjective names the holder only with an agent after it ("Russian
	// officials", "Ukrainian President"), not "Ukrainian territory".
	agentAfter = mustLex(`^\s*(president|prime minister|foreign minister|defen[cs]e minister|minister|leader|leaders|officials?|government|authorities|side|delegation|negotiators?|envoy|diplomats?|forces|military|army|troops|spokes[a-z]*|ministry|foreign ministry|defen[cs]e ministry|embassy|parliament|lawmakers?|legislators?|senators?|deputy|mps?|politicians?|generals?|chancellor|counterpart|team|presidency|administration|leadership|head|commander|ambassador|national security|special envoy|partners|allies)\b`)
	// frontedPPRe is a clause's opening adverbial with no comma before its
	// subject ("At that gathering the European leaders said").
	frontedPPRe = mustLex(`^\W*(at|in|during|after|following) (that|the|this|last|its|their) [a-z]+( [a-z]+)? (the )?$`)
	// "Ukrainian troops must leave": the troops are whom a demand is on.
	troopsDemandRe = mustLex(`^\s*(troops|forces|armed forces|army|soldiers|units|formations)\s+["“]?(must|should|have to|has to|had to|would have to|will have to|need to|needs to|needed to|withdr[a-z]*|leave|leaves|left|pull[a-z]* (out|back)|retreat[a-z]*)\b`)
)

// modalHedgeRe guesses: what a clause says after it is no one's stance
// ("... which could perhaps include troops"), what it says before is.
var modalHedgeRe = newPhrases("might|maybe|perhaps")

// underPlanRe opens a clause that states the terms of a plan named before.
var underPlanRe = mustLex(`^\W*(under|in) the (us |u\.s\. |american |russian |ukrainian |european |new |draft |peace )?(proposal|plan|draft|deal|framework|document|text|agreement)\b`)

// voiceAfterRe follows a person's possessive naming a voice of the person
// ("Putin's spokesman", "Zelensky's office", "Trump's reply").
var voiceAfterRe = mustLex(`^(’s|'s) (own |top |chief |senior |foreign policy |national security |deputy |special |press )?(spokes(man|woman|person)|office|aides?|advis[eo]rs?|envoys?|team|camp|administration|government|chief of staff|negotiators?|side|reply|response|remarks|comments|statement|words|message|letter|address|speech|view|team|delegation|ministers?|secretary|cabinet|party)\b`)

// possessedRe follows a possessive naming what the actor has or is, not
// a voice of it: its aspirations, territory, forces, economy.
var possessedRe = mustLex(`^(’s|'s) (own |future |eventual |long-standing |stated |western |eastern |southern |northern )?(aspirations?|ambitions?|hopes?|dreams?|bid|membership|accession|path|security|sovereignty|territory|territories|lands?|regions?|soil|borders?|forces|troops|army|armed forces|economy|war|invasion|attacks?|strikes?|offensive|energy|infrastructure|ports?|oil|gas|assets|reserves|exports|future|people|citizens|children|cities|capital|east|south|defen[cs]es?|air ?space|skies|seas?|navy|fleet|neutrality|independence|existence|survival|integrity|reconstruction|recovery|frontline|front line|positions|losses|gains|advances?|military capabilities|allies|partners)\b`)

// followerRe follows a possessive naming others by their relation to the
// actor ("Ukraine's allies", "Russia's critics"): they, not it, are the subject.
var followerRe = mustLex(`^(’s|'s)? (western |european |closest |main |key )?(allies|partners|backers|supporters|critics|opponents|neighbou?rs|friends|enemies|sponsors|creditors)\b`)

// preconditionRe before an issue makes it the thing granted once a demand
// is met ("demanded ... before any ceasefire", "as a condition for a
// truce"): the holder's stance on that issue, not on the demand, is conditional.
var preconditionRe = mustLex(`\b(before any|(pre-?)?condition (for|of)( a| an| any| the)?)\s*$`)

// docAfter follows an adjective or possessive naming a state's own document
// ("Russia's memorandum", "the Ukrainian proposal"): the state holds what the
// document says, on record (SCHEMA.md: "an official statement or document").
// Not "positions" (military ones) nor "territory".
var docAfter = mustLex(`^\s*(memorandum|memo|proposals?|counter-?proposals?|peace plan|plan|draft|demands|terms|statement|position paper|response)\b`)

// clause is a part of a sentence with its offsets in the sentence.
type clause struct {
	start, end int
	// rel: the clause is a relative one naming who proposed what the
	// clause before names ("... the truce that Kyiv and its allies demanded").
	rel bool
	// hypo: the clause is a condition ("If Russia refuses a ceasefire, ...")
	// and states no one's stance.
	hypo bool
	// then: the clause follows such a condition: what it promises is
	// threatened ("..., Europe will impose even more sanctions").
	then bool
	// colon: the clause follows a colon, and may spell out what the clause
	// before names ("the conditions Putin set out: that Kyiv withdraw ...").
	colon bool
	// timed: the clause dates the one before by another event ("..., a day
	// after 26 countries pledged ..."): its holder is its own subject only.
	timed bool
}

// apposRe starts an appositive that judges the terms just named: ", a
// condition Kyiv called unacceptable", ", a demand Ukraine has rejected".
var apposRe = mustLex(`^, an? (?:[a-z]+ )?(?:condition|demand|proposal|plan|idea|step|move|request|term|offer|precondition|ultimatum)s? (?:that |which )?(?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?(?:,? and (?:its |their )?(?:[a-z]+ )?(?:allies|partners|backers))? (?:has |had |have |swiftly |quickly |repeatedly |flatly |immediately |firmly |strongly |categorically |already |long |publicly |previously |also |consistently |so far )*(?:called|described|rejected|dismissed|refused|ruled out|welcomed|backed|accepted|denounced|condemned|opposed|resisted|spurned|embraced|endorsed|calls|describes|rejects|dismisses|refuses|rules out|welcomes|backs|accepts|opposes|resists|reject|dismiss|refuse|rule out|welcome|back|accept|oppose|resist)\b`)

// capitalAfterRel reports whether the relative pronoun opening t ("that
// Kyiv ...", "which the Kremlin ...") is followed by a capitalised word, a
// cheap test before relPropRe.
func capitalAfterRel(t string) bool {
	_, rest, _ := strings.Cut(t, " ")
	rest = strings.TrimPrefix(rest, "the ")
	return rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
}

// relPropRe starts a relative clause whose subject proposed or demanded
// what the clause before names: "... the ceasefire that Washington and Kyiv
// had proposed". Its actors hold that, and are not the subject of the
// clause before.
var relPropRe = mustLex(`^ (?:that|which) (?:the )?[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|spokes(?:man|woman|person)|president|prime|foreign|defen[cs]e|of|minister|chancellor|secretary|aide|envoy|leaders?|officials?|allies|partners)){0,6}(?:,? and (?:the )?(?:[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?|(?i:(?:its |their )?(?:european |western )?(?:leaders|allies|partners))))? (?:had |have |has |also |repeatedly |long |still |now |so far |already |flatly |firmly |consistently |categorically |since )*(?:would like|would prefer|would rather|prefer|prefers|preferred|envisage|envisages|envisaged|proposed|demanded|sought|backed|called for|put forward|wanted|pushed for|offered|insisted on|championed|floated|agreed to|accepted|endorsed|supported|approved|welcomed|greenlit|rejected|refused|dismissed|opposed|ruled out|turned down|demand|want|propose|seek|back|support|favou?r|insist on|call for|push for|reject|oppose|refuse|rejects|opposes|refuses|dismisses)\b`)

// clauseBreaks end a clause; the break itself belongs to neither side.
var clauseBreaks = []string{"; ", ": ", ", and that, ", " and that, ", " -- but ", " — but ", " – but ", ", but ", " but ", ", while ", ", whereas ", ". ", ", and that ", " and that ", ", although ", ", even though "}

// breaksAt lists the clause breaks by their first byte, in clauseBreaks'
// order: a position is tried against those it can start only.
var breaksAt = func() (m [256][]string) {
	for _, b := range clauseBreaks {
		m[b[0]] = append(m[b[0]], b)
	}
	return m
}()

// clauses splits a sentence where a new subject may start ("X agreed, but Y
// refused"). Hand-written: this runs on every sentence.
func clauses(s string) []clause {
	var out []clause
	prev, relStart, colonStart, timedStart := 0, -1, -1, -1
	afterIf := false
	if w, rest, ok := strings.Cut(s, " "); ok && subordinators[strings.ToLower(strings.TrimLeft(w, "\"“‘'("))] {
		lw := strings.ToLower(strings.TrimLeft(w, "\"“‘'("))
		// "As Trump urges a quick end to the war, negotiations ... have
		// gained momentum": the subordinate clause has a subject of its
		// own, and ends at the comma before the main clause's subject
		// ("While U.S. envoy Steve Witkoff, who co-leads ..., described
		// ..., Ukrainian President Volodymyr Zelensky revealed"), else at
		// the first comma.
		if j := mainClauseComma(rest); j > 0 {
			e := len(w) + 1 + j
			hypo := lw == "if" || lw == "unless" || lw == "should"
			out = append(out, clause{start: 0, end: e, hypo: hypo})
			prev = e + 2
			if hypo {
				afterIf = true
			}
		}
	}
	for i := prev; i < len(s); i++ {
		c := s[i]
		if c != ';' && c != ' ' && c != ',' && c != '.' && c != ':' {
			continue
		}
		if c == ',' && (strings.HasPrefix(s[i:], ", a ") || strings.HasPrefix(s[i:], ", an ")) && apposRe.MatchString(s[i:min(len(s), i+90)]) {
			// "... withdraw from four regions, a condition Kyiv called
			// unacceptable": the appositive judges the terms before it.
			if i > prev {
				out = append(out, clause{start: prev, end: i})
			}
			prev = i + 2
			relStart = prev
			continue
		}
		if c == ' ' && i+1 < len(s) && i > prev && s[i-1] >= 'a' && s[i-1] <= 'z' && (s[i+1] >= 'A' && s[i+1] <= 'Z' || strings.HasPrefix(s[i:], " the ") && i+5 < len(s) && s[i+5] >= 'A' && s[i+5] <= 'Z') && nounBefore(s[prev:i]) && !nameParticleBefore(s[prev:i]) && contactRelRe.MatchString(s[i:min(len(s), i+70)]) {
			// "a 30-day ceasefire the U.S. had pitched", "a proposal
			// Ukraine has already accepted": a relative clause without
			// "that", whose subject holds what the noun before names.
			out = append(out, clause{start: prev, end: i, rel: prev == relStart})
			prev = i + 1
			relStart = prev
			continue
		}
		if c == ' ' && (strings.HasPrefix(s[i:], " that ") || strings.HasPrefix(s[i:], " which ")) && capitalAfterRel(s[i+1:]) && relPropRe.MatchString(s[i:min(len(s), i+90)]) {
			if i > prev {
				out = append(out, clause{start: prev, end: i})
			}
			prev = i + 1
			relStart = prev
			continue
		}
		if c == ',' && i+2 < len(s) && s[i+1] == ' ' && i > prev && parenAndStart(s[i+2:]) {
			if m := parenAndRe.FindStringIndex(s[i:min(len(s), i+80)]); m != nil {
				// "A deal ... would not hold, he warned, and a ceasefire
				// ...": two statements of the speaker named between them.
				out = append(out, clause{start: prev, end: i, rel: prev == relStart})
				prev = i + m[1]
				i = prev - 1
				continue
			}
		}
		if c == ',' && i+2 < len(s) && s[i+1] == ' ' && i > prev && timedOpens(s[i+2:]) && timedAfterRe.MatchString(s[i:min(len(s), i+30)]) {
			// "..., a day after 26 countries pledged ...": another event,
			// with a subject of its own.
			out = append(out, clause{start: prev, end: i, rel: prev == relStart})
			prev = i + 2
			timedStart = prev
			i = prev - 1
			continue
		}
		if c == ',' && i+2 < len(s) && s[i+1] == ' ' && participleBreak(s[i+2:]) {
			// "the Kremlin rejected the terms, offering instead to limit
			// attacks on energy": the participle is a second predicate of
			// the same subject, with a stance of its own.
			out = append(out, clause{start: prev, end: i, rel: prev == relStart})
			prev = i + 2
			i = prev - 1
			continue
		}
		if c == ',' && strings.HasPrefix(s[i:], ", and ") && !listItemBefore(s[prev:i]) && newSubjectAfter(s[i+6:min(len(s), i+60)]) {
			// "..., and the German government suggested ...": a new subject.
			out = append(out, clause{start: prev, end: i, rel: prev == relStart})
			prev = i + 6
			i = prev - 1
			continue
		}
		if strings.HasPrefix(s[i:], " and ") && verbStartRe.MatchString(asciiLower(s[i+5:min(len(s), i+20)])) {
			// "X is unlikely to accept Y and called for Z": a second verb
			// phrase of the same subject.
			out = append(out, clause{start: prev, end: i, rel: prev == relStart})
			prev = i + 5
			i = prev - 1
			continue
		}
		for _, b := range breaksAt[c] {
			if strings.HasPrefix(s[i:], b) {
				if b == ". " && isAbbrev(s[prev:i]) {
					break // "the U.S. draft": an abbreviation, not a sentence's end
				}
				if b == ": " && listIntroRe.MatchString(asciiLower(s[max(prev, i-30):i])) {
					break // "Russia is demanding: a ban on ...": what follows is the demand
				}
				if i > prev {
					out = append(out, clause{start: prev, end: i, rel: prev == relStart})
				}
				prev = i + len(b)
				if b == ": " {
					colonStart = prev
				}
				i = prev - 1
				break
			}
		}
	}
	if prev < len(s) {
		out = append(out, clause{start: prev, end: len(s), rel: prev == relStart})
	}
	if afterIf {
		for i := 1; i < len(out); i++ {
			out[i].then = true
		}
	}
	for i := range out {
		out[i].colon = out[i].start == colonStart
		out[i].timed = out[i].start == timedStart
	}
	return out
}

// parenAndRe: a speaker named between two statements, the second joined
// by "and".
var parenAndRe = mustLex(`^, (he|she|they|we|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) (also |later )?(said|says|added|warned|argued|insisted|stressed|noted|wrote)( [^,;"“”]{0,30})?, and `)

// parenAndStart is a cheap test before parenAndRe: a pronoun or a capital
// after the comma, and ", and " not far after.
func parenAndStart(t string) bool {
	if t == "" || !(t[0] >= 'A' && t[0] <= 'Z' || strings.HasPrefix(t, "he ") || strings.HasPrefix(t, "she ") || strings.HasPrefix(t, "they ") || strings.HasPrefix(t, "we ")) {
		return false
	}
	return strings.Contains(t[:min(len(t), 78)], ", and ")
}

// timedOpens is a cheap test before timedAfterRe: a number word first.
func timedOpens(t string) bool {
	w, _, _ := strings.Cut(t, " ")
	switch w {
	case "a", "one", "two", "three", "four", "five", "six", "several":
		return true
	}
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

// timedAfterRe opens a clause that dates the one before by another event.
var timedAfterRe = mustLex(`^, (a|one|two|three|four|five|six|several|a few|\d+) (days?|hours|weeks?|months?) (after|before) `)

// mainClauseComma returns the offset in t (a sentence after its
// subordinator) of the comma that ends the subordinate clause: the first
// comma followed by a named subject and its verb, else the first comma.
func mainClauseComma(t string) int {
	first := strings.Index(t, ", ")
	if first < 0 {
		return -1
	}
	for j := first; j >= 0 && j < len(t); {
		rest := t[j+2 : min(len(t), j+90)]
		if ms := Actors(rest); len(ms) > 0 && ms[0].Start < 40 && verbAfterName(rest, ms) {
			return j
		}
		k := strings.Index(t[j+2:], ", ")
		if k < 0 {
			break
		}
		j += 2 + k
	}
	return first
}

// verbAfterName reports whether the first name of rest (and the names and
// titles joined to it) is followed by a verb.
func verbAfterName(rest string, ms []ActorMention) bool {
	lc := asciiLower(rest)
	for _, w := range strings.Fields(lc[:ms[0].Start]) {
		if !titleWord[w] && !subjectOpener[w] && !agentNoun[w] && !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "’s") {
			return false // "such as capping Ukraine's army": not a subject
		}
	}
	return verbFollows(lc, ms[0], clause{start: 0, end: len(lc)}, ms)
}

// contactRelRe starts a relative clause without a pronoun: a name, then a
// verb of proposing or judging in a perfect or past tense.
var contactRelRe = mustLex(`^ (?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?(?:,? and (?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?)? (?:had |have |has |also |already |repeatedly |long |previously |initially )*(?:proposed|pitched|floated|put forward|offered|demanded|sought|backed|endorsed|accepted|agreed to|greenlit|green-lit|approved|rejected|refused|dismissed|pushed for|called for|insisted on|championed|drafted|tabled|brokered|signed)\b`)

// nounBefore reports whether text ends with a noun that a relative clause
// may follow: a lower-case word that is not a verb of saying, a
// preposition or a determiner.
func nounBefore(t string) bool {
	t = strings.TrimRight(t, " ")
	w := t[strings.LastIndexByte(t, ' ')+1:]
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false // punctuation, a digit or a capital: not a plain noun
		}
	}
	return !prepositions[w] && !subjectOpener[w] && !speechVerb[w] && !auxVerb[w] && !titleWord[w] && !agentNoun[w] &&
		!objectVerbs[w] && w != "told" && w != "met" && w != "meet" && w != "with"
}

// listIntroRe ends a clause whose colon introduces its own content: demands,
// terms, words said.
var listIntroRe = mustLex(`\b(demand[a-z]*|terms|conditions|preconditions?|said|says|stated|wrote|added|insist[a-z]*|reiterat[a-z]*|position|stance|list|points?|include[sd]?|including|following|as follows|proposals?|plan|ultimatum|requirements?|wants|want|calls? for|called for|proposed|offer)$`)

// subordinators open a sentence with a subordinate clause.
var subordinators = map[string]bool{"despite": true, "as": true, "while": true, "whilst": true, "when": true, "whereas": true,
	"although": true, "though": true, "since": true, "because": true, "if": true, "unless": true, "once": true,
	"until": true, "even": true, "should": false}

// newSubjectAfter reports whether t (the text after ", and ") starts with
// a subject and its verb: up to three words, then an auxiliary or a verb
// in -ed ("the German government suggested", "Moscow has").
func newSubjectAfter(t string) bool {
	ws := strings.Fields(t)
	for i := 1; i < len(ws) && i <= 4; i++ {
		w := strings.ToLower(strings.Trim(ws[i], ",;:.\"“”"))
		if auxVerb[w] || len(w) > 4 && strings.HasSuffix(w, "ed") || speechVerb[w] {
			first := strings.ToLower(ws[0])
			return first == "the" || first == "he" || first == "she" || first == "they" || first == "we" || first == "it" || ws[0][0] >= 'A' && ws[0][0] <= 'Z'
		}
		if prepositions[w] || strings.ContainsAny(ws[i], ",;") {
			return false
		}
	}
	return false
}

// participles open a second predicate of a clause's subject after a comma.
var participles = map[string]bool{"offering": true, "saying": true, "adding": true, "calling": true, "insisting": true,
	"arguing": true, "warning": true, "stressing": true, "urging": true, "proposing": true, "suggesting": true,
	"noting": true, "demanding": true, "rejecting": true, "dismissing": true, "vowing": true, "pledging": true,
	"promising": true, "reiterating": true, "highlighting": true, "signalling": true, "signaling": true,
	"outlining": true, "announcing": true, "declaring": true, "describing": true, "emphasising": true, "emphasizing": true,
	"reaffirming": true, "accusing": true, "welcoming": true, "expressing": true, "claiming": true, "stating": true}

// participleBreak reports whether t starts with such a participle.
func participleBreak(t string) bool {
	w, rest, _ := strings.Cut(t, " ")
	if w == "instead" {
		w, _, _ = strings.Cut(rest, " ") // "..., instead outlining a counter-proposal"
	}
	return participles[w]
}

// listItemBefore reports whether the text before ", and" ends with an item
// of a list of names ("the US, China, the UK, and France could"): the
// words since the last comma are all capitalised or determiners.
func listItemBefore(t string) bool {
	k := strings.LastIndex(t, ", ")
	if k < 0 {
		return false
	}
	ws := strings.Fields(t[k+2:])
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		if w != "the" && !(w[0] >= 'A' && w[0] <= 'Z') {
			return false
		}
	}
	return true
}

// speechVerb are verbs of saying in the present.
var speechVerb = map[string]bool{"says": true, "said": true, "suggests": true, "warns": true, "insists": true,
	"argues": true, "believes": true, "thinks": true, "claims": true, "adds": true, "notes": true}

// asciiLower lower-cases ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// quoted reports, for each byte of s, whether it lies inside quotation marks.
func quotedRanges(s string) [][2]int {
	var out [][2]int
	open := -1
	for i, r := range s {
		switch r {
		case '“', '‘':
			if r == '‘' && i > 0 && s[i-1] != ' ' {
				continue
			}
			open = i
		case '”':
			if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			}
		case '"':
			if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			} else {
				open = i
			}
		}
	}
	if open >= 0 {
		out = append(out, [2]int{open, len(s)})
	}
	return out
}

func inRanges(rs [][2]int, i int) bool {
	for _, r := range rs {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

// holders returns the actors that hold the stance of a clause: the subject
// (the first actor named outside quotes and not after a preposition, with
// those coordinated with it: "France and the UK"), or the speaker of a quote.
func holders(s, lc string, cl clause, ments []ActorMention, quotes [][2]int, hits []issueHit) ([]ActorMention, bool) {
	var subj []ActorMention
	var last, skipped *ActorMention
	if gerundStart(lc[cl.start:cl.end]) {
		return nil, false // "Lifting sanctions while Russia ...": the subject is an act, not an actor
	}
	for i := range ments {
		m := ments[i]
		if m.Start < cl.start || m.End > cl.end {
			continue
		}
		if inRanges(quotes, m.Start) && !(last == nil && quoteSubject(lc, m, quotes, cl, ments)) {
			continue
		}
		before := lc[max(cl.start, m.Start-40):m.Start]
		after := lc[m.End:min(cl.end, m.End+50)]
		doc := m.Kind == KindAdjective && docAfter.MatchString(after)
		if m.Kind == KindAdjective && !agentAfter.MatchString(after) && !agentAfter.MatchString(coordAdjTail(after)) && !doc && !(possessiveName(m) && actNounRe.MatchString(after)) && !(peopleNoun(m) && verbFollows(lc, m, cl, ments)) {
			continue
		}
		if m.Kind == KindAdjective && troopsDemandRe.MatchString(after) {
			continue // "Ukrainian troops must leave the Donbas": whom the demand is on, not who holds it
		}
		if m.Kind == KindAdjective && (titleAfter.MatchString(after) || doc) {
			m.Kind = KindOffice // "the Ukrainian president": an office speaks on record
		}
		if m.Start > 0 && lc[m.Start-1] == '-' || m.End < len(lc) && lc[m.End] == '-' {
			continue // "the Russia-Ukraine war", "non-European troops": part of a compound
		}
		if insideHit(m, cl, hits) {
			continue // "European troops in Ukraine ... would mean": the issue, not a holder
		}
		if m.Code == "NATO" && natoIssueAfter.MatchString(after) {
			continue // "NATO membership was not a realistic outcome": the issue, not a holder
		}
		if m.Kind == KindPerson && (strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "’s ")) && !actNounRe.MatchString(after) && !voiceAfterRe.MatchString(after) {
			continue // "he said after Putin's press conference": what the person had, not a voice of him
		}
		if (strings.HasPrefix(after, "’s") || strings.HasPrefix(after, "'s")) && possessedRe.MatchString(after) {
			continue // "Kyiv's aspirations of joining NATO", "Ukraine's territory": what it has, not what it holds
		}
		if followerRe.MatchString(after) {
			continue // "Ukraine's allies pledged": the allies hold it, not Ukraine
		}
		if last == nil && ownsIssue(after, m.End-cl.start, hits) {
			continue // "Kyiv's aspirations of joining NATO": the issue's owner, not a holder
		}
		if last == nil {
			if gap := lc[skipped0(skipped):m.Start]; skipped != nil && isCoordination(gap) && (strings.Contains(gap, "and") || strings.Contains(gap, "or") || titleGap(gap) && !accordingBefore(lc, *skipped)) {
				// "from Moscow and Washington": both after the preposition;
				// "with U.S. envoy Steve Witkoff": the person of the office
				// named after it.
				skipped = &ments[i]
				continue
			}
			if afterPreposition(before) && !officialsIn(before) && !absoluteSubject(lc, m, cl, ments) && !forFront(lc, m, cl) && !frontedPPRe.MatchString(lc[cl.start:m.Start]) {
				skipped = &ments[i]
				continue
			}
			if afterVerb(lc[cl.start:m.Start]) && (!verbFollows(lc, m, cl, ments) || causative[lastWord(strings.TrimRight(lc[cl.start:m.Start], " "))]) {
				// "could give Russia a chance", "deter Russia from": a word
				// that cannot open a subject stands right before the name,
				// so the name is that verb's object.
				skipped = &ments[i]
				continue
			}
			subj = append(subj, m)
			last = &ments[i]
			continue
		}
		gap := lc[last.End:m.Start]
		if isCoordination(gap) {
			subj = append(subj, m)
			last = &ments[i]
			continue
		}
		break
	}
	return subj, len(subj) > 0
}

// causative verbs take a name and a verb as their object ("would only let
// Kyiv regroup"): the name is not the clause's subject.
var causative = map[string]bool{"let": true, "lets": true, "letting": true, "allow": true, "allows": true, "allowed": true,
	"allowing": true, "help": true, "helps": true, "helped": true, "helping": true, "make": true, "makes": true, "making": true}

// coordAdjTail drops a second adjective joined to the first ("Ukrainian
// and European side"): the agent noun after it is the first one's too.
func coordAdjTail(after string) string {
	t := strings.TrimLeft(after, " ")
	for _, j := range []string{"and ", "or ", ", "} {
		if r, ok := strings.CutPrefix(t, j); ok {
			if _, rest, ok := strings.Cut(r, " "); ok {
				return rest
			}
		}
	}
	return ""
}

// titleGap reports whether the gap between two mentions holds only the
// titles of the second, no comma ("U.S. envoy Steve Witkoff").
func titleGap(gap string) bool {
	if strings.Contains(gap, ",") {
		return false
	}
	n := 0
	for _, w := range strings.Fields(possessiveWords.Replace(gap)) {
		switch {
		case titleWord[w] || agentNoun[w]:
			n++
		case w != "the":
			return false
		}
	}
	return n > 0
}

// possessiveWords spaces out possessives.
var possessiveWords = strings.NewReplacer("’s", " ", "'s", " ")

// accordingBefore reports a mention right after "according to" ("according
// to Russian President Vladimir Putin"): the person after it is the source,
// not skipped with it.
func accordingBefore(lc string, m ActorMention) bool {
	return strings.HasSuffix(strings.TrimSuffix(lc[max(0, m.Start-20):m.Start], "the "), "according to ")
}

// peopleNoun reports a nationality named as people ("the Americans
// would like"): a subject like a state.
func peopleNoun(m ActorMention) bool {
	return strings.HasSuffix(m.Name, "ans") || strings.HasSuffix(m.Name, "ians")
}

// insideHit reports whether a mention is part of an issue phrase of the
// clause (not of direct talks, whose phrase names the two who meet).
func insideHit(m ActorMention, cl clause, hits []issueHit) bool {
	for _, h := range hits {
		if h.issue != "direct-talks" && m.Start-cl.start >= h.start && m.End-cl.start <= h.end {
			return true
		}
	}
	return false
}

func officialsIn(before string) bool {
	b := strings.TrimSpace(before)
	return strings.HasSuffix(b, "officials in") || strings.HasSuffix(b, "leaders from") || strings.HasSuffix(b, "leaders of") ||
		strings.HasSuffix(b, "officials from") || agentBy.MatchString(b) || delegatesOf.MatchString(b)
}

// agentBy is a passive whose agent holds the stance ("floated by the US").
var agentBy = mustLex(`\b(floated|proposed|put forward|backed|drafted|brokered|offered|presented|demanded|suggested|sought|pushed|supported|endorsed|tabled|rejected|dismissed|opposed|blocked|vetoed|ruled out|turned down|refused|spurned|rebuffed|welcomed|accepted|approved|favou?red|resisted|critici[sz]ed|condemned|denounced|questioned|championed|agreed|signed|initiated|pitched|announced|declared|ordered) by( the)?$`)

// delegatesOf introduces the parties a delegation speaks for.
var delegatesOf = mustLex(`\b(delegations?|negotiators|representatives|envoys|officials|leaders|ministers|diplomats|teams?) (from|of)( the)?$`)

var coordRe = mustLex(`^(\s*(,|and|the|,\s*and|president|prime minister|leader|foreign minister|minister|secretary of state|envoy|special envoy|chancellor|'s|’s|-|–)\s*)*$`)

func isCoordination(gap string) bool {
	if len(gap) > 40 {
		return false
	}
	g := strings.TrimSpace(gap)
	// A person's title between an adjective and a name ("Russian President
	// Vladimir Putin") is the same actor; "X and Y" coordinates two.
	if g == "" {
		return true
	}
	for _, w := range strings.Fields(gapWords.Replace(g)) {
		if !titleWord[w] && w != "and" && w != "the" && w != "its" && w != "their" && w != "-" && w != "–" {
			return false
		}
	}
	return true
}

// gapWords spaces out the commas and possessives of a gap between names.
var gapWords = strings.NewReplacer(",", " ", "’s", " ", "'s", " ")

var titleWord = map[string]bool{"president": true, "prime": true, "minister": true, "leader": true, "foreign": true,
	"secretary": true, "of": true, "state": true, "envoy": true, "special": true, "chancellor": true, "defense": true,
	"defence": true, "spokesman": true, "spokeswoman": true, "spokesperson": true, "aide": true, "adviser": true,
	"advisor": true, "national": true, "security": true, "head": true, "chief": true, "staff": true, "mr": true,
	"mr.": true, "ms": true, "sen.": true, "senator": true, "kremlin": true, "us": false, "premier": true,
	"ambassador": true, "vice": true, "deputy": true, "commander": true, "u.s.": false, "former": true,
	"general": true, "secretary-general": true, "cardinal": true, "pope": true, "king": true, "queen": true, "prince": true,
	"sheikh": true, "emir": true, "crown": true, "governor": true, "mayor": true, "commissioner": true, "representative": true,
	"high": true, "lord": true, "sir": true, "mrs": true, "mrs.": true, "dr": true, "dr.": true, "acting": true, "top": true,
	"negotiator": true, "chairman": true, "chairwoman": true, "speaker": true, "dame": true, "adviser,": true}

// proposers are actors named as the author of a proposal in the clause
// ("a U.S. proposal", "the US-brokered deal", "Moscow's terms").
var proposalNoun = mustLex(`^\s*(peace |ceasefire |cease-fire |\w+ )?(proposals?|plans?|initiative|offer|terms|demands?|-brokered|brokered|deal|push|efforts?|recognition|list of demands|calls? (to|for)|appeals? (to|for)|suggestion|idea of)\b`)

// effortNoun and judgedEffortRe: another's efforts judged by the subject.
var (
	effortNoun     = mustLex(`^\s*(peace |diplomatic |mediation )?(efforts?|push|endeavou?rs?|role)\b`)
	judgedEffortRe = mustLex(`\b(welcom[a-z]*|prais[a-z]*|thank[a-z]*|hail[a-z]*|applaud[a-z]*|commend[a-z]*|appreciat[a-z]*|acknowledg[a-z]*|lauded|salut[a-z]*)\b[^;]{0,30}$`)
)

func proposers(s, lc string, cl clause, ments []ActorMention) []ActorMention {
	var out []ActorMention
	for _, m := range ments {
		if m.Start < cl.start || m.End > cl.end {
			continue
		}
		rest := lc[m.End:min(cl.end, m.End+40)]
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "’s"), "'s")
		if effortNoun.MatchString(rest) && judgedEffortRe.MatchString(lc[max(cl.start, m.Start-40):m.Start]) {
			continue // "Japan welcomed Trump's efforts toward a ceasefire": Japan's account of Trump, not Trump's stated position
		}
		if strings.HasSuffix(m.Name, "-brokered") || proposalNoun.MatchString(rest) {
			out = append(out, m)
		}
	}
	return out
}

// asProposers returns the actors a clause names as the authors of what
// it said before them: "ready to stop the fighting where the front line
// runs, as U.S. President Donald Trump has proposed".
func asProposers(lc string, cl clause, ments []ActorMention) []ActorMention {
	var out []ActorMention
	for _, m := range ments {
		if m.Start < cl.start || m.End > cl.end || !strings.Contains(lc[max(cl.start, m.Start-40):m.Start], "as ") {
			continue
		}
		if asBeforeRe.MatchString(lc[max(cl.start, m.Start-40):m.Start]) && asProposedRe.MatchString(lc[m.End:min(cl.end, m.End+40)]) {
			out = append(out, m)
		}
	}
	return out
}

// asBeforeRe ends with "as" and the titles of a name after it.
var asBeforeRe = mustLex(`(^|, )as (the )?([a-z.’'-]+ ){0,3}$`)

// asProposedRe follows the author of a proposal after "as".
var asProposedRe = mustLex(`^ (has |had |have )?(also |long |repeatedly |previously )?(proposed|suggested|urged|demanded|called for|pushed for|advocated|wanted|insisted)\b`)

// attribution classifies how the article sources the stance of a sentence.
func attribution(lc, clc string, holder []ActorMention, speaker bool) string {
	switch {
	case sourcesRe.MatchString(lc) && !strings.Contains(lc, "no sources"):
		return Sources
	case officialRe.MatchString(lc) && !namedPerson(holder) && (strings.Contains(lc, "official said") || strings.Contains(lc, "officials said") || strings.Contains(lc, "officials in") || strings.Contains(lc, "one of the officials") || strings.Contains(lc, "officials are") || strings.Contains(lc, "an official") || strings.Contains(lc, "a senior") || strings.Contains(lc, "officials stressed")):
		return Official
	case likelyRe.MatchString(clc):
		return Reported // the outlet's own prediction
	case namedPerson(holder) && !reportRe.MatchString(lc):
		return OnRecord
	case speaker && !reportRe.MatchString(lc):
		return OnRecord
	}
	return Reported
}

func namedPerson(ms []ActorMention) bool {
	for _, m := range ms {
		if m.Kind == KindPerson || m.Kind == KindOffice {
			return true
		}
	}
	return false
}

// ownsIssue reports whether the text after an actor makes it the owner of
// an issue phrase ("Kyiv's aspirations of joining NATO", "NATO membership")
// rather than a holder: a possessive, or the issue right after the name.
// at is the end of the actor in the clause, hits the clause's issues.
func ownsIssue(after string, at int, hits []issueHit) bool {
	poss := strings.HasPrefix(after, "’s") || strings.HasPrefix(after, "'s")
	if poss && actNounRe.MatchString(after) {
		return false // "Trump's move to suspend aid", "Ukraine's refusal to cede": the actor's act
	}
	for _, h := range hits {
		if d := h.start - at; d >= 0 && (poss && d < 19 || d <= 1 && !verbAt(after)) {
			return true
		}
	}
	return false
}

// possessiveName reports a mention spelled as a possessive ("Ukraine's").
func possessiveName(m ActorMention) bool {
	return strings.HasSuffix(m.Name, "'s") || strings.HasSuffix(m.Name, "’s")
}

// actNounRe follows a possessive naming the actor's act or stance.
var actNounRe = mustLex(`^(’s|'s)? (recent |latest |new |sudden |surprise |repeated |continued |stated |long-standing |firm |categorical |core |key |main |basic |maximalist |original |initial |own )?(move|decision|plan|proposal|bid|call|calls|push|effort|efforts|offer|refusal|rejection|demand|demands|insistence|opposition|support|backing|readiness|willingness|openness|position|stance|request|ultimatum|initiative|approval|acceptance|agreement|pledge|promise|commitment|order|threat|warning|announcement|declaration|suggestion|idea)\b`)

// verbAt reports whether text after an actor starts with a verb of stance
// ("Moscow insisting on territorial gains"): then the issue phrase that
// starts there is the actor's act, not something it owns.
func verbAt(after string) bool {
	w, _, _ := strings.Cut(strings.TrimLeft(after, " "), " ")
	for _, p := range []string{"insist", "demand", "seek", "sought", "want", "call", "urge", "reject", "refus", "back", "support", "oppos", "propos", "offer", "agree", "accept", "will", "would", "has", "have", "had", "is", "was"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// speechComplement returns the actors that open the complement of a speech
// verb right after the subject ("the White House said Russia and Ukraine had
// agreed"): they hold the stance the subject reports.
func speechComplement(s, lc string, cl clause, subj []ActorMention, ments []ActorMention) []ActorMention {
	if len(subj) == 0 {
		return nil
	}
	// A subject named in a clause before ("Zelenskyy said Russia was
	// answering ..., adding that Ukraine was still ready"): this clause's
	// complement starts in this clause.
	end := max(subj[len(subj)-1].End, cl.start)
	var out []ActorMention
	var last *ActorMention
	for i := range ments {
		m := ments[i]
		if m.Start < end || m.End > cl.end {
			continue
		}
		if last == nil {
			gap := lc[end:m.Start]
			if len(gap) > 45 || !complementRe.MatchString(gap) || copulaRe.MatchString(gap) {
				return nil // "said the strike was Russia's answer": the complement's subject is "the strike"
			}
			if rest := lc[m.End:min(cl.end, m.End+60)]; deonticRe.MatchString(rest) || m.Kind == KindAdjective && deonticRe.MatchString(dropWord(rest)) {
				return nil // "said Europe should impose sanctions": Europe is asked, the speaker holds it
			}
			if !strings.HasSuffix(gap, "that ") && !verbFollows(lc, m, cl, ments) && m.Kind != KindAdjective {
				return nil // "said US proposals were unacceptable": the subject is "proposals"
			}
		} else if !isCoordination(lc[last.End:m.Start]) {
			break
		}
		out = append(out, m)
		last = &ments[i]
	}
	if last != nil && deonticRe.MatchString(lc[last.End:min(cl.end, last.End+60)]) {
		return nil // "said German Chancellor Friedrich Merz should accept": asked of him
	}
	if last != nil && mediators(subj) && predictRe.MatchString(lc[last.End:min(cl.end, last.End+40)]) {
		// "Trump said Putin would accept European peacekeepers": one
		// actor's claim about another's stance is the speaker's, not theirs
		// (news2025d d05, news2025e e05).
		return nil
	}
	return out
}

// dropWord returns t without its first word ("units must" -> " must"):
// the noun an adjective names ("Ukrainian units must leave").
func dropWord(t string) string {
	t = strings.TrimLeft(t, " ")
	if i := strings.IndexByte(t, ' '); i >= 0 {
		return t[i:]
	}
	return ""
}

// predictRe follows the subject of a complement that predicts its stance.
var predictRe = mustLex(`^\s*(would|will|could|might|may)( (also|still|eventually|ultimately|probably|likely|certainly))? (accept|agree|support|back|welcome|endorse|go along|be (ready|open|willing|prepared|happy|fine|ok)|want|have no problem)\b`)

// mediators reports whether none of ms is a warring party.
func mediators(ms []ActorMention) bool {
	for _, m := range ms {
		if m.Code == "RU" || m.Code == "UA" {
			return false
		}
	}
	return len(ms) > 0
}

// deonticRe follows the subject of a complement that the speaker asks of it.
var deonticRe = mustLex(`^((,? and| and the| and)( [a-z]+){1,3})?\s*(should|must|need to|needs to|needed to|ought to|has to|have to|had to|was obliged to|is obliged to|was required to|is required to)\b`)

// copulaRe: a verb in the gap after a speech verb, whose subject came first.
var copulaRe = mustLex(`\b(was|is|were|are|had been|has been|would be)\b`)

var complementRe = mustLex(`^\s*(officials? |spokes[a-z]* |leaders? |government |sources? )?(has |had |have )?(also )?(said|says|told reporters|told journalists|announced|stated|confirmed|added|insisted|claimed|adding|saying|stressing|noting|arguing)( earlier| later| previously| separately| again| last week| this week)?( (late |early )?(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)( night| evening| morning)?)?( in an? (statement|interview|post|video|briefing))?( on [a-z]+)?,? (that )?(both )?(the )?$`)

// accordingTo returns the actors named as the source after "according to".
func accordingTo(lc string, cl clause, ments []ActorMention) []ActorMention {
	m := accordingRe.FindStringIndex(lc[cl.start:cl.end])
	if m == nil {
		return nil
	}
	var out []ActorMention
	for _, a := range ments {
		if a.Start < cl.start+m[1] || a.End > cl.end || a.Start-(cl.start+m[1]) >= 60 {
			continue
		}
		// "According to Lavrov, any summit between Putin and Zelenskyy":
		// the source is the first name and those coordinated with it.
		if len(out) > 0 && !isCoordination(lc[out[len(out)-1].End:a.Start]) {
			break
		}
		out = append(out, a)
	}
	return out
}

// verbStartRe: a clause that starts with its verb shares the subject of the
// clause before ("... and called for a ceasefire").
var verbStartRe = mustLex(`^\W*(called|said|urged|insisted|added|demanded|rejected|agreed|accepted|warned|stressed|proposed|offered|stopped short|refused|dismissed|ruled out|offering|saying|adding|calling|insisting|arguing|warning|stressing|urging|proposing|suggesting|noting|demanding|rejecting|dismissing|vowing|pledging|promising|reiterating|highlighting|signalling|signaling|saw|sees|welcomed|backed|supported|opposed|expressed|voiced|announced)\b`)

// ifReceivedRe is a condition of receiving something ("would agree ... if it
// received guarantees"); apart from conditionalRe so that its gate is the
// verb, not the pronoun every clause has.
var ifReceivedRe = mustLex(`\bif (it|they|we) (receives?|received|gets?|got|is given|are given|were given|was given)\b`)

// pronounSpeechRe: a clause whose subject is a pronoun speaking.
var pronounSpeechRe = mustLex(`^\W*((on|in|at|during|after|before|later|earlier|speaking|writing|as|when|while)\b[^,;"“”]{0,50}?,? ){0,2}(he|she|they|we) (has |had |have )?(also |later |then |again |repeatedly |previously |once again )?(said|says|told|added|warned|insisted|stressed|noted|argued|wrote|writes|posted|repeated|reiterated|stated|declared|claimed|explained|emphasi[sz]ed|underlined|underscored|maintained|reaffirmed|acknowledged|replied|responded|asserted|cautioned|predicted|suggested)\b`)

// thatDeonticRe opens a second complement that asks something of its
// subject ("... but that Ukraine must first withdraw").
var thatDeonticRe = mustLex(`^\W*that ([a-z'’]+ ){1,3}(must|should|needs? to|has to|have to|ought to)\b`)

// auxStartRe: a clause after "but" that starts with its verb ("X remains
// committed to talks but will not accept a ceasefire") shares the subject.
var auxStartRe = mustLex(`^\W*(will|would|won't|won’t|cannot|can't|can’t|could not|does not|did not|has|have|had|is|was|remains|refused|wants|wanted|insists|insisted|rejects|rejected)\b`)

// titleAfter follows an adjective naming an office holder or an office.
var titleAfter = mustLex(`^\s*(president|prime minister|foreign minister|defen[cs]e minister|minister|chancellor|leader|envoy|special envoy|spokes[a-z]*|ambassador|ministry|foreign ministry|defen[cs]e ministry|government|presidency|delegation)\b`)

// gerundStart reports a clause whose subject is a gerund ("Lifting ...").
func gerundStart(clc string) bool {
	// The first word, and whether another follows (strings.Fields' words,
	// without splitting the clause).
	t := strings.TrimLeftFunc(strings.TrimLeft(clc, " \"“‘'"), unicode.IsSpace)
	w0, rest := t, ""
	if k := strings.IndexFunc(t, unicode.IsSpace); k >= 0 {
		w0, rest = t[:k], strings.TrimLeftFunc(t[k:], unicode.IsSpace)
	}
	if rest == "" || len(w0) <= 5 || !strings.HasSuffix(w0, "ing") || w0 == "during" || w0 == "according" || speakingParticiple[w0] {
		return false
	}
	if strings.Contains(clc, " by ") && agentByIn(clc) {
		return false // "Deploying troops was rejected by Kyiv": the agent holds it
	}
	// "Sitting beside the French president, Trump said": a fronted
	// participle ends at a comma before any verb of its own.
	if k := strings.Index(clc, ", "); k > 0 && k < 120 && !finiteRe.MatchString(clc[:k]) {
		return false
	}
	return true
}

// finiteRe: a finite verb, which a gerund subject has before its comma.
var finiteRe = mustLex(`\b(is|are|was|were|would|will|has|have|had|could|should|must|can|may|might)\b`)

// agentByIn reports a passive's agent in a clause ("was rejected by").
func agentByIn(clc string) bool {
	for i := strings.Index(clc, " by "); i >= 0; {
		if agentBy.MatchString(clc[max(0, i-30) : i+3]) {
			return true
		}
		j := strings.Index(clc[i+1:], " by ")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// speakingParticiple opens a participial phrase before the subject
// ("Speaking to reporters, Lavrov said"), not a gerund subject.
var speakingParticiple = map[string]bool{"speaking": true, "talking": true, "writing": true, "addressing": true,
	"responding": true, "commenting": true, "following": true, "referring": true, "asked": true}

func skipped0(m *ActorMention) int {
	if m == nil {
		return 0
	}
	return m.End
}

// prepositions (and subordinators) after which an actor is not the subject.
var prepositions = map[string]bool{"in": true, "at": true, "to": true, "with": true, "from": true, "on": true,
	"against": true, "of": true, "for": true, "between": true, "into": true, "over": true, "about": true,
	"across": true, "toward": true, "towards": true, "around": true, "near": true, "under": true, "within": true,
	"than": true, "like": true, "among": true, "via": true, "without": true, "despite": true, "amid": true,
	"through": true, "beyond": true, "upon": true, "inside": true, "outside": true, "alongside": true, "behind": true, "including": true, "if": true, "unless": true,
	"whether": true, "until": true, "once": true, "why": true, "how": true, "join": true, "joined": true, "by": true}

// afterPreposition reports whether lower-cased text before an actor ends
// with a preposition or a gerund ("the"/"a" between them allowed): "in
// Paris", "from the US", "joining NATO".
func afterPreposition(before string) bool {
	b := strings.TrimRight(before, " ")
	w := lastWord(b)
	if w == "the" {
		b = strings.TrimRight(b[:len(b)-3], " ")
		w = lastWord(b)
	}
	// "ready to meet Putin": the one met is an object, not a holder.
	// "urged Ukraine and Russia to stop": those asked are objects too.
	return prepositions[w] || len(w) > 3 && strings.HasSuffix(w, "ing") || w == "meet" || w == "meets" || w == "met" || objectVerbs[w]
}

// afterVerb reports whether the lower-cased text before an actor ends with
// a word after which a subject cannot start: not a determiner, conjunction,
// subordinator, adverb, title or date, so most likely a verb whose object
// the actor is ("give Russia", "alarmed Kyiv and Europe"). Determiners
// between them are skipped ("deter the Kremlin"). Punctuation between the
// word and the actor ends the test: "Earlier, Russia said".
func afterVerb(before string) bool {
	b := strings.TrimRight(before, " ")
	if b == "" || len(b) < len(before) && len(before)-len(b) > 1 {
		return false
	}
	w := lastWord(b)
	if w == "the" || w == "a" || w == "an" {
		b = strings.TrimRight(b[:len(b)-len(w)], " ")
		w = lastWord(b)
	}
	if w == "" || len(w) < len(b) && b[len(b)-len(w)-1] != ' ' {
		return false // punctuation, a digit or the clause's start before it
	}
	if p := lastWord(strings.TrimRight(b[:len(b)-len(w)], " ")); (p == "a" || p == "an") && len(b) <= len(w)+len(p)+4 {
		return false // "a demand Kyiv and its allies reject": an appositive's noun, then its subject
	}
	if subjectOpener[w] || titleWord[w] || strings.HasSuffix(w, "ly") || agentNoun[w] || dateWord[w] || prepositions[w] {
		return false
	}
	// "Before the summit Trump had written": the noun ends a phrase fronted
	// by a preposition, and the subject follows it.
	return !frontedPhraseRe.MatchString(b)
}

// frontedPhraseRe is a clause's opening prepositional phrase with no comma
// after it: up to five words after the preposition.
var frontedPhraseRe = mustLex(`^\W*(before|after|in|during|following|at|on|since|amid|despite|ahead of|under|without|by|over|throughout|within|upon|from)\s+([^\s,;:]+\s+){0,4}[^\s,;:]+$`)

// quoteSubject reports whether an actor inside quotes is the subject of
// the quoted clause and of an act it reports as done ("\"Russia did not
// agree to a ceasefire,\" said Umerov"): it holds that stance. A quote's
// predictions and demands of others stay its speaker's.
func quoteSubject(lc string, m ActorMention, quotes [][2]int, cl clause, ments []ActorMention) bool {
	for _, q := range quotes {
		if m.Start < q[0] || m.Start >= q[1] {
			continue
		}
		head := lc[q[0]:m.Start]
		if k := strings.LastIndex(head, ", "); k >= 0 && k < 50 {
			head = head[k+2:] // "\"During the conversation, Donald Trump proposed ..."
		}
		before := strings.Fields(head)
		for i, w := range before {
			w = strings.Trim(w, "\"“‘'(")
			if i == 0 && w == "" || subjectOpener[w] || titleWord[w] {
				continue
			}
			return false
		}
		v := verbAfter(lc, m, cl, ments)
		return v == "did" || v == "had" || v == "was" || v == "were" || v == "has" || v == "have" || len(v) > 4 && strings.HasSuffix(v, "ed")
	}
	return false
}

// verbFollows reports whether a finite verb follows an actor (and those
// coordinated with it): then the actor is a subject after all, of a
// relative clause without "that" ("a condition Kyiv called unacceptable",
// "the ceasefire Washington and Kyiv have pushed for").
func verbFollows(lc string, m ActorMention, cl clause, ments []ActorMention) bool {
	v := verbAfter(lc, m, cl, ments)
	return auxVerb[v] || len(v) > 4 && strings.HasSuffix(v, "ed")
}

// verbAfter returns the word after an actor and the actors coordinated
// with it ("Washington and Kyiv have"), within 20 bytes and the clause,
// without its punctuation: where a subject's verb would be ("" if none).
func verbAfter(lc string, m ActorMention, cl clause, ments []ActorMention) string {
	return wordAt(lc, coordinatedEnd(lc, m, ments), cl)
}

// wordAt returns the first word of lc from end, within 20 bytes and the
// clause, without its punctuation ("" if none).
func wordAt(lc string, end int, cl clause) string {
	w := strings.Fields(lc[end:min(cl.end, end+20)])
	if len(w) == 0 {
		return ""
	}
	return strings.Trim(w[0], ",;:.")
}

// coordinatedEnd returns where an actor mention ends with the mentions
// coordinated after it ("Kremlin aide Yuri Ushakov", "Washington and Kyiv").
func coordinatedEnd(lc string, m ActorMention, ments []ActorMention) int {
	end := m.End
	for _, o := range ments {
		if o.Start >= end && o.Start-end < 30 && isCoordination(lc[end:o.Start]) {
			end = o.End
		}
	}
	return end
}

// auxVerb are auxiliaries and common finite verbs that follow a subject.
var auxVerb = map[string]bool{"has": true, "have": true, "had": true, "is": true, "was": true, "were": true, "are": true,
	"will": true, "would": true, "could": true, "can": true, "should": true, "must": true, "may": true, "might": true,
	"did": true, "does": true, "do": true, "says": true, "said": true, "wants": true, "seeks": true, "insists": true,
	"demands": true, "rejects": true, "opposes": true, "backs": true, "supports": true, "calls": true, "won't": true,
	"won’t": true, "cannot": true, "can't": true, "can’t": true, "also": true, "had,": true}

// subjectOpener are words after which a clause's subject may start.
var subjectOpener = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the a an and or but nor both either neither all some many most several other others
		each every any no its their his her our this that these those which who whom whose while whereas as when since
		because although though after before if unless so then also now meanwhile however still already yet even only
		just again too later earlier instead thus therefore indeed not once where why how what whether top senior leading
		chief acting former then-president new incoming outgoing fellow key major powerful influential respective western
		said says say saying told tells added adds noted notes stressed insisted warned argued claimed believes thinks
		hopes confirmed announced stated wrote explained suggested reported according meaning plus including except
		namely like unlike despite amid via per whereby whilst nonetheless nevertheless furthermore moreover besides
		perhaps maybe possibly probably reportedly apparently allegedly clearly separately jointly together alone
		first second third finally ultimately initially originally previously recently currently`) {
		m[w] = true
	}
	return m
}()

// agentNoun are nouns that stand before a name as its description
// ("Kremlin aide Yuri Ushakov", "TV host", "negotiator Rustem Umerov").
var agentNoun = map[string]bool{"aide": true, "aides": true, "adviser": true, "advisor": true, "envoy": true,
	"negotiator": true, "negotiators": true, "diplomat": true, "official": true, "officials": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "host": true, "chief": true, "head": true, "leader": true, "leaders": true,
	"counterpart": true, "ally": true, "allies": true, "partner": true, "partners": true, "rival": true, "delegation": true,
	"team": true, "secretary": true, "general": true, "governor": true, "mayor": true, "administration": true,
	"government": true, "ministry": true, "office": true, "commander": true, "staff": true, "representative": true,
	"representatives": true, "member": true, "members": true, "lawmaker": true, "lawmakers": true, "senator": true}

// dateWord are words of time that may stand right before a subject
// ("On Friday Russia said", "last week Kyiv agreed").
var dateWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`monday tuesday wednesday thursday friday saturday sunday week weeks month months year
		years day days night morning afternoon evening weekend today yesterday tonight tomorrow ago hours minutes time
		january february march april may june july august september october november december`) {
		m[w] = true
	}
	return m
}()

// absoluteSubject reports whether an actor after "with" is the subject of
// a participle ("with Moscow insisting on territorial gains and rejecting
// foreign peacekeepers"), which holds what the participle says.
func absoluteSubject(lc string, m ActorMention, cl clause, ments []ActorMention) bool {
	b := strings.TrimSuffix(strings.TrimRight(lc[max(cl.start, m.Start-16):m.Start], " "), " the")
	if lastWord(b) != "with" {
		return false
	}
	end := coordinatedEnd(lc, m, ments) // "with Kremlin aide Yuri Ushakov describing it"
	w := strings.Fields(lc[end:min(cl.end, end+40)])
	for len(w) > 1 && (titleWord[w[0]] || agentNoun[w[0]]) {
		w = w[1:] // "with the Kremlin leader insisting"
	}
	return len(w) > 0 && len(w[0]) > 5 && strings.HasSuffix(w[0], "ing") && !nonParticiple[w[0]]
}

// forFront reports an actor fronted by "For" with a comma after it ("For
// Kyiv, it remains unacceptable"): the view is the actor's.
func forFront(lc string, m ActorMention, cl clause) bool {
	return strings.TrimLeft(lc[cl.start:m.Start], " \"“") == "for " && strings.HasPrefix(lc[m.End:], ",")
}

// nonParticiple are words in -ing that are not a participle of a verb the
// subject does.
var nonParticiple = map[string]bool{"including": true, "regarding": true, "during": true, "according": true,
	"concerning": true, "following": true, "pending": true, "notwithstanding": true}

// natoIssueAfter follows "NATO" when the name is part of the membership issue.
var natoIssueAfter = mustLex(`^\s*(membership|accession|bid|path|aspirations?|ambitions?|integration|entry)\b`)

// objectVerbs are verbs of asking: who is asked is not a holder.
var objectVerbs = map[string]bool{"urged": true, "urges": true, "urge": true, "asked": true, "asks": true, "pressed": true, "presses": true, "received": true, "receives": true, "hosted": true, "hosts": true, "welcomed": true, "welcomes": true}

func lastWord(s string) string {
	i := len(s) - 1
	for i >= 0 && s[i] >= 'a' && s[i] <= 'z' {
		i--
	}
	if i >= 0 && s[i] >= 0x80 {
		// Not a letter, and not one byte: like strings.LastIndexFunc, the
		// index of the character's first byte.
		_, n := utf8.DecodeLastRuneInString(s[:i+1])
		i -= n - 1
	}
	return s[i+1:]
}

// nameParticleBefore reports whether s ends with a lower-case particle of
// a name ("Ursula von der Leyen", "bin Salman"): the capital after it goes
// on the name, and opens no clause.
func nameParticleBefore(s string) bool {
	for _, w := range []string{" von", " van", " der", " den", " de", " du", " da", " di", " la", " le", " bin", " ibn", " al"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}
