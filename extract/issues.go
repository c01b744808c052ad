package extract

import (
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Issues are the provisions of a settlement a position is about (SCHEMA.md).
var Issues = []string{
	"ceasefire", "energy-truce", "maritime-truce", "crimea-recognition", "territory-cession", "frontline-freeze",
	"nato-exclusion", "sanctions-relief", "asset-unfreeze", "security-guarantees", "foreign-troops",
	"ceasefire-monitoring", "arms-halt", "znpp-control", "direct-talks",
}

// cue is one lexicon entry: a pattern (on lower-cased text) that names an
// issue. pol is -1 when the pattern names the opposite of the proposition
// ("joining NATO" is the opposite of nato-exclusion), so that "rejects
// Ukraine joining NATO" supports the exclusion.
type cue struct {
	issue string
	pol   int
	re    *lexRe
	// reach bounds the length of a match: windows of this size on either
	// side of a trigger hold every match.
	reach int
	// triggers are substrings one of which every match contains; the pattern
	// is tried only when one is present (a cheap filter that keeps
	// extraction fast).
	triggers []string
	// need are further literal sets every match holds one of each (the
	// triggers left out).
	need [][]string
	// before and after bound a match on each side of a trigger.
	before, after int
	// group numbers the entry of the lexicon as written (split shares it).
	group int
}

func c(issue string, pol int, triggers, re string) cue {
	l := mustLex(re)
	t := strings.Split(triggers, "|")
	if l.gate != nil {
		// The gate derived from the pattern is sound (every match holds one
		// of its literals); hand-written triggers are kept only for
		// patterns without one.
		t = l.gate
	}
	e := cue{issue: issue, pol: pol, triggers: t, re: l, reach: matchReach(re)}
	if l.gate != nil {
		e.need = l.need // the literal sets besides the gate, found already
	} else {
		for _, n := range requiredAll(re) {
			// The triggers themselves are there when the entry is tried:
			// asking again would read the clause once more for nothing.
			if !slices.Equal(n, t) {
				e.need = append(e.need, n)
			}
		}
	}
	e.before, e.after = e.reach, e.reach
	if l.gate != nil {
		// The triggers are the gate: the match's reach on each side of them.
		b, a := sideReach(re)
		e.before, e.after = min(b, e.reach), min(a, e.reach)
	}
	return e
}

// split makes one cue of each top-level alternative of a cue's pattern, so
// that each runs only where its own literals are (a branch "lift ...
// sanctions" needs both "lift" and "sanctions"). findIssues hides the
// overlapping hits this can add, as it does within one pattern.
func split(cs []cue) []cue {
	var out []cue
	for gi, e := range cs {
		e.group = gi
		p, err := syntax.Parse(e.re.re.String(), syntax.Perl)
		if err != nil {
			panic(err) // unreachable: the pattern compiled
		}
		for p.Op == syntax.OpCapture && len(p.Sub) == 1 && p.Sub[0].Op == syntax.OpAlternate && e.re.re.NumSubexp() == 1 {
			p = p.Sub[0]
		}
		if p.Op != syntax.OpAlternate {
			out = append(out, e)
			continue
		}
		for _, b := range p.Sub {
			bc := c(e.issue, e.pol, strings.Join(e.triggers, "|"), b.String())
			if bc.re.gate == nil {
				bc.triggers = e.triggers // no gate of its own: the entry's triggers
			}
			bc.group = gi
			out = append(out, bc)
		}
	}
	return out
}

// issueLexicon is the vocabulary of each provision. Specific truces come
// before the general ceasefire, which they hide where they overlap.
var issueLexicon = split(issueEntries)

// issueEntries is the lexicon as written, before split.
var issueEntries = []cue{
	c("maritime-truce", 1, "black sea", `black sea (cease-?fire|truce|deal|agreement|accord|pact|security|navigation|shipping|initiative)|(cease-?fire|truce|deal|agreement|halt[a-z]* (to )?military (activity|operations)|military (activity|operations)|use of force|pause|pact|accord)[^.;]{0,50}\bblack sea|black sea[^.;]{0,30}(cease-?fire|truce)`),
	c("maritime-truce", 1, "navigation", `(safe|free|freedom of|commercial|safety of|security of) navigation`),
	c("maritime-truce", 1, "black sea", `\b(navigation|shipping|passage|transit|merchant vessels|commercial vessels|grain exports|sea lanes)\b[^.;]{0,30}\bblack sea\b|\b(sea|naval|maritime) (truce|ceasefire|cease-fire|corridor)\b`),
	c("maritime-truce", 1, "maritime", `maritime (cease-?fire|truce|deal|security)`),
	// "a truce in the air, at sea and on energy infrastructure".
	c("maritime-truce", 1, "at sea", `\b(cease-?fire|truce|pause|halt)\b[^.;]{0,30}\bat sea\b`),
	// "a ceasefire on air, sea, and energy infrastructure", "a sea truce".
	c("maritime-truce", 1, "sea", `\b(cease-?fires?|truces?|pause|halt|moratorium)\b (in|on|at) (the )?(air,? (and )?sea|sea,? (and )?air|air, sea)\b|\b(sea|naval) (cease-?fire|truce)\b`),
	c("maritime-truce", 1, "shipping", `safe[^.;]{0,20}shipping|shipping (deal|corridor)`),
	// The grain corridor and attacks on ports or ships halted: "restore the
	// grain deal", "an end to attacks on shipping".
	c("maritime-truce", 1, "grain", `\bgrain (corridor|deal|initiative|agreement|export deal)s?\b`),
	c("maritime-truce", 1, "naval|air and sea|sea and air", `\b(halt|halts|halting|stop|stops|stopping|pause|moratorium|end|ending|suspension|suspend|cessation)\b (to |on |of |in )?(all )?(air and naval|naval and air|air and sea|sea and air|naval|sea) (strikes|attacks|operations|hostilities)\b`),
	c("maritime-truce", 1, "ports|shipping|vessels|ships", `\b(halt|stop|end|pause|moratorium|ban|cessation|suspension)[a-z]* (to |on |of |in )?(the )?(attacks|strikes) (on|against) (ports|shipping|vessels|ships|warships|merchant (ships|vessels)|commercial (ships|vessels)|civilian (ships|vessels))\b`),
	c("energy-truce", 1, "energy|power", `\b(refusal|refus(e|es|ed|ing)|refrain(s|ed|ing)?)\b( of [^.;]{0,40})? (to|from) (strik|attack|hit|target|shell|bomb)[a-z]*\b[^.;]{0,40}\b(energy|power) (infrastructure|facilities|facility|targets|plants|grid|grids|assets|sites|systems?|installations|networks?|stations)|energy (and infrastructure )?(cease-?fire|truce|pause|deal|moratorium|agreement|accord)|(strikes|attacks|targeting|hitting|striking|shelling|bombing|bombardment|attacking|strike)[^.;]{0,40}\b(energy|power) (infrastructure|facilities|facility|targets|plants|grid|grids|assets|sites|systems?|installations|networks?|stations)|(cease-?fire|truce|pause|moratorium|halt)[^.;]{0,50}(energy|power) (infrastructure|facilities|targets|grid|assets|sites|plants)|(pause|halt|moratorium|ban) on (attacks|strikes) on energy`),
	// A pause in strikes on cities (the partial truce of the air war): "hold
	// off striking Kyiv", "asked Putin not to fire into Kyiv".
	c("energy-truce", 1, "off|not |moratorium|pause|halt|refrain", `\b(hold|holds|holding|held) off (on )?(striking|strikes|attacks|attacking|bombing|shelling|firing)\b|\bnot (to )?(fire|strike|attack|shell|bomb)( into| on| at)? (kyiv|kiev|the capital|cities|towns)\b|\b(moratorium|pause|halt|refrain[a-z]*) (on |in |from )?(striking|strikes|attacks|attacking|firing|shelling|bombing) (on |at |into |against )?(kyiv|kiev|the capital|cities|towns|the city)\b`),
	// Refineries and oil sites are the energy infrastructure of the partial
	// truce too; "energy strikes" halted, "an infrastructure truce".
	c("energy-truce", 1, "refiner|oil ", `\b(stop|stops|stopped|stopping|halt|halts|halted|halting|end|ending|cease|ceased|ceasing|refrain|refrains|refrained|refraining|pause|moratorium|ban|suspend|suspends|suspended)\b[^.;]{0,20}\b(strikes|attacks|targeting|hitting|striking|attacking|strike|target|hit|attack)\b[^.;]{0,30}\b(oil )?(refiner(y|ies)|oil (facilities|infrastructure|depots|terminals|installations))\b`),
	c("energy-truce", 1, "energy|infrastructure", `\b(cease-?fire|truce|pause|moratorium|halt)s? (on|in|to) (attacks on |strikes on )?(energy|infrastructure)( targets| facilities| and infrastructure)?\b|\binfrastructure (cease-?fire|truce)\b|\b(halt|stop|pause|moratorium|end|ban)[a-z]* (to |on |of )?(the )?(energy strikes|(attacks|strikes) on (critical |civilian )?infrastructure)\b|\bnot (to )?(target|strike|attack|hit) (each other'?s |each other’s )?(energy|power)\b`),
	c("energy-truce", 1, "cities|towns|areas", `\b(moratorium|pause|halt|refrain[a-z]*|stop[a-z]*)\b (on |in |from )?(striking|strikes|attacks|attacking|shelling|bombing) (on |at |against )?(ukrainian|russian|residential|each other'?s|each other’s) (cities|towns|areas)\b`),
	// "a ban on missiles, drones and bombs against energy and other civilian
	// infrastructure".
	c("energy-truce", 1, "energy|power", `\b(ban|bans|banning|halt|moratorium|truce|pause|cessation)\b[^.;]{0,60}\b(against|on|targeting) (the )?(energy|power) and (other )?(civilian |critical |transport |port )?(infrastructure|facilities|targets)\b`),
	c("ceasefire", 1, "cease|cessation", `\bcease-?fires?\b|cessation of (hostilities|fire)|cease (fire|hostilities)`),
	c("ceasefire", 1, "truce", `\btruces?\b`),
	c("ceasefire", 1, "fighting", `\b(stop|halt|end|freeze|cease)[a-z]* (the )?fighting|fighting (to|should|would|must) (stop|end|cease)|\b(halt|stop|end|pause|cessation|lull)s? (to|in|of) (the )?(fighting|hostilities)`),
	c("ceasefire", 1, "stop firing|stop shooting|silence|stop the|stop this|halt fir|hold fir", `stop firing|stop shooting|\b(halt|hold) (fire|firing)\b|silence at sea, in the air|\bstop (the|this) (war|killing|conflict)\b`),
	c("ceasefire", 1, "armistice", `armistice`),
	c("ceasefire", 1, "pause|halt|lull", `\b(temporary|short|brief|short-term|limited|\d+-day|\d+-hour|thirty-day|three-day|holiday|easter|christmas|humanitarian) (pause|halt|lull)s?\b`),
	c("ceasefire", 1, "hostilities", `\b(stop|halt|end|pause|suspend|cease|freez)[a-z]* (all |the )?hostilities\b|\b(halt|stop|suspension|pause|end|cessation) (of|to|in) (all )?hostilities\b`),
	c("ceasefire", 1, "bloodshed", `\b(stop|halt|end)[a-z]* (the )?bloodshed\b|\bbloodshed (must|should|has to|needs to) (stop|end|be stopped)`),
	c("ceasefire", 1, "combat operations|military operations|military action", `\b(stop|halt|end|pause|suspend|cease|suspension|cessation)[a-z]* (of |to |in )?(all )?(combat operations|military operations|military action)\b`),
	c("ceasefire", 1, "the killing", `\b(stop|halt|end)[a-z]* the killing\b|\bthe killing (to|must|should|has to|needs to) (stop|end)\b`),
	// A halt where the armies stand is a ceasefire as well as the freeze
	// (news2025f f01): "ready to stop "where we are now"", "both armies
	// should "stop at the battle line"".
	c("ceasefire", 1, "stop|halt", `\b(stop|stops|stopping|halt|halts|halting)\b ["“]?(the (war|fighting) )?(where (we|they|the (armies|troops|forces|sides)) (are|stand)|(at|along) the (current |existing |present )?(front ?lines?|battle ?lines?|line of contact|contact line))\b`),
	c("ceasefire", 1, "halt the|halt this|halting the", `\bhalt(ing)? (the|this) (war|conflict|fighting)\b`),
	c("ceasefire", 1, "lay down", `\blay down (their |its )?arms\b`),
	c("ceasefire", 1, "silence the guns|fall silent|fell silent|go silent|went silent", `\bsilence the guns\b|\bguns (to )?(fall|fell|go|went) silent\b`),
	// "an end to the killing", "a cessation of all military activity".
	c("ceasefire", 1, "killing|military activ", `\b(end|halt|stop) to the killing\b|\b(cessation|halt|suspension|end) (of|to) (all )?military activit(y|ies)\b`),
	c("ceasefire", 1, "operations|hostilities|fighting|military action", `\b(combat operations|military operations|hostilities|the fighting|military action)\b (to |would |will |should |must |could )?(be |being )?(suspended|halted|stopped|paused|ceased|frozen)\b|\b(hostilities|military action|military operations|combat operations|the fighting) (will |would |should |must |to |can |could )?(then )?(cease|stop|end|halt)\b`),
	// A truce in the air: "a halt to long-range strikes", "silence in the skies".
	c("ceasefire", 1, "strikes|attacks|silence in the sk", `\b(halt|halts|halting|stop|stops|stopping|pause|moratorium|end|ending|suspension|suspend|cessation)\b (to |on |of |in )?(all )?(long-range|air|aerial|missile|drone|missile and drone|drone and missile)( and (missile|drone))? (strikes|attacks)\b|\bsilence in the (sky|skies|air)\b`),
	// Crimea not coming back to Ukraine is its loss accepted (before the
	// plain name, so that at one start this reading wins).
	c("crimea-recognition", 1, "crimea", `crimea[^.;]{0,25}\b(not|never) (be )?(returned|given back|coming back|come back)`),
	c("crimea-recognition", 1, "crimea", `crimea`),
	// Occupied territories (or Ukrainian lands) recognized as Russian include Crimea.
	c("crimea-recognition", 1, "recogni|consider", `(recogni(?:[sz][a-z]*|tion)|consider[a-z]*)[^.;]{0,20} (any |all |the )?(russian-)?(occupied|ukrainian) (ukrainian )?(territor[a-z]*|lands?\b)( as russian)?`),
	// "legal recognition of Russian occupation": the occupied territories
	// recognised as Russian (dev 000's convention: cession and Crimea).
	c("crimea-recognition", 1, "recogni", `\brecogni(?:[sz][a-z]*|tion) of (the )?russian occupation\b`),
	c("territory-cession", 1, "recogni", `\brecogni(?:[sz][a-z]*|tion) of (the )?russian occupation\b`),
	// "Crimea would stay Russian", "Crimea remains part of Russia".
	c("crimea-recognition", 1, "crimea", `\bcrimea\b[^.;]{0,25}\b(stay|stays|remain|remains|staying|remaining) (russian|part of russia|under russian)`),
	// Ukraine pulling its forces out of the regions Russia claims is the cession itself.
	c("territory-cession", 1, "withdr|pull", `\b(withdr[a-z]*|pull[a-z]*)\b[^.;]{0,30}\b(troops|forces|army|military)\b[^.;]{0,20}\b(from|out of)\b[^.;]{0,30}(regions|donbas|donetsk|luhansk|zaporizh|kherson|territor|lands?\b|areas)|\b(withdrawal|pullout|pull-out) of (ukrainian |ukraine's |kyiv's )?(troops|forces)\b[^.;]{0,20}\b(from|out of)\b[^.;]{0,30}(regions|provinces|oblasts|areas|lands?\b|donbas|donetsk|luhansk|zaporizh|kherson|territor)`),
	c("territory-cession", 1, "cede", `\bced(e|es|ed|ing)\b[^.;]{0,40}(territor|land|regions?|donbas|donetsk|luhansk|zaporizh|kherson)`),
	c("territory-cession", 1, "territor|lands|regions", `\b(recogni(?:[sz][a-z]*|tion)|consider|legitimi[sz][a-z]*)[^.;]{0,60}(territor|lands?\b|regions|donetsk|luhansk|donbas|zaporizh|kherson)|territor(y|ies|ial)[^.;]{0,40}(as russian|recogni[sz]|concession|swap|exchange)|territorial concessions|(give|giving|gave|given|gives) up [^.;]{0,35}\b(land|territor|donbas|donetsk|luhansk|zaporizh|kherson|regions?|areas)|surrender[^.;]{0,20}territor`),
	c("territory-cession", 1, "control", `\b(russia'?s?|moscow'?s?|russian) (continued |de facto |effective )?control[^.;]{0,30}(over|of)[^.;]{0,30}(occupied|regions|territor|donetsk|luhansk|kherson|zaporizh)|(remain|remaining|stay)[^.;]{0,20}under (moscow|russia|russian)[a-z’']* control|control of occupied`),
	c("territory-cession", 1, "regions", `(four|occupied|annexed|contested|disputed|five) ([a-z]+ )?(ukrainian )?(regions|oblasts|provinces)`),
	c("territory-cession", 1, "land concession|concessions of|wants territory|want territory|wanted territory|demands territory|demanding territory|seeks territory|more territory|more land", `\b(land|territory) concessions?\b|\bconcessions? of (land|territory)\b|\b(wants?|wanted|demand[a-z]*|seek[a-z]*|claim[a-z]*|grab[a-z]*) (more )?(territory|land)\b`),
	// A demilitarised or buffer zone carved out of the Donbas is land given up.
	c("territory-cession", 1, "demilitari|buffer zone|economic zone", `\bdemilitari[sz]ed (economic |buffer )?zones?\b|\bbuffer zones?\b|\bfree economic zones?\b`),
	c("territory-cession", 1, "territorial", `\bterritorial (demands|claims|ambitions|aims|exchange|swaps?|trade-offs?|compromises?|arrangements?)\b|\b(insist[a-z]*|demand[a-z]*|seek[a-z]*|sought|want[a-z]*) (on )?(more |further )?territorial gains\b`),
	// "Crimea and Donetsk are regions of Russia", "part of the Russian Federation".
	c("territory-cession", 1, "of russia|of the russian federation", `\b(integral |inalienable |constituent )?(parts?|regions|territory|territories|subjects) of russia\b|\b(integral |inalienable |constituent )?(parts?|regions|territory|territories|subjects) of the russian federation\b`),
	// Borders changed by force are the cession refused.
	c("territory-cession", -1, "border", `\bborders? (cannot|can not|can't|can’t|must not|mustn't|should not|shall not|may not|will not|won't|could not) be (changed|redrawn|altered|moved|shifted)\b|\b(changing|change|redraw[a-z]*|alter[a-z]*) (of )?(the )?borders? by force\b`),
	c("territory-cession", -1, "territorial integrity", `\b(respect[a-z]*|restor[a-z]*|uphold[a-z]*|upheld|defend[a-z]*|preserv[a-z]*|guarantee[a-z]*|commit[a-z]*|support[a-z]*|back[a-z]*|protect[a-z]*|within)\b[^.;]{0,40}\bterritorial integrity\b`),
	// "territorial integrity is not up for deals", "our land is non-negotiable".
	c("territory-cession", -1, "negotiable|not up for|not for sale", `\b(territorial integrity|territory|territories|land|lands|borders)\b[^.;]{0,40}\b(not up for (negotiation|negotiations|deals?|discussion|debate|grabs|sale|trade|bargaining)|non-negotiable|not negotiable|not for sale)\b`),
	// "recognized Crimea, Luhansk and Donetsk as de facto Russian".
	c("territory-cession", 1, "as russian|as de facto russian|as de jure russian|as legally russian", `\b(donetsk|luhansk|donbas|zaporizh[a-z]*|kherson)( regions?| oblasts?)? as (de facto |de jure |legally )?russian\b`),
	c("territory-cession", 1, "hand", `\bhand[a-z]* (it |them |over |it over |them over )[^.;]{0,25}(territor|land|regions?|donbas|donetsk|luhansk|zaporizh|kherson)|(territor[a-z]*|land|donbas|donetsk|luhansk)[^.;]{0,40}\bhand (it|them) over|\bhand(ing|ed|s)? over (the )?(land|territor[a-z]*|donbas|donetsk|luhansk|regions)`),
	c("territory-cession", 1, "swap|relinquish|keep|retain|hold on to", `\bland swaps?\b|\bswap(s|ping|ped)? (of )?(land|territor[a-z]*)|\brelinquish[a-z]*\b[^.;]{0,30}(territor|land|regions?|donbas|donetsk|luhansk|zaporizh|kherson)|\b(keep|keeps|keeping|retain[a-z]*|hold on to)\b (the |all the |all )?(territor[a-z]*|land|lands|regions)\b (it|that it|russia|moscow)( has| had)? (seized|captured|taken|occupied|holds|controls)`),
	c("territory-cession", 1, "whole of|all of|rest of", `\b(demand[a-z]*|claim[a-z]*|want[a-z]*|insist[a-z]* on) (the )?(whole|all|rest|entirety) of (the )?(donbas|donetsk|luhansk|zaporizh|kherson)`),
	c("territory-cession", -1, "border", `\b(return|restor|go back)[a-z]* (to )?(ukraine'?s |ukraine’s |its )?(pre-2014|1991|pre-war|pre-2022|internationally recogni[sz]ed) (borders|frontiers|boundaries)`),
	c("territory-cession", 1, "withdraw", `withdraw[a-z]*[^.;]{0,30}(troops|forces)[^.;]{0,30}(donetsk|luhansk|kherson|zaporizh|donbas)`),
	c("territory-cession", 1, "withdr|pull", `\b(withdrawal|pullout|pull-out) of (our |its |ukrainian |ukraine's )?(troops|forces)\b[^.;]{0,20}\b(from|out of) (our|its|their|ukrainian) (land|lands|territory)\b|\b(withdraw[a-z]*|withdrew|pull[a-z]* out|retreat[a-z]*) (of |from )(the )?((rest|remainder|whole|entirety) of (the )?|(remaining )?(parts? of )?(the )?)?(donbas|donetsk|luhansk|zaporizh|kherson|(four|occupied|annexed|contested) regions)`),
	// Leaving the land Russia claims, however much of it: "Ukrainian forces
	// leave the Donbas", "withdraw from the roughly one-fifth of the Donetsk
	// region it still controls", "vacate the parts of Zaporizhzhia".
	c("territory-cession", 1, "leav|vacat|quit|withdr|retreat|pull", `\b(leave|leaves|leaving|vacate|vacates|vacated|vacating|quit|quits|quitting|withdraw|withdraws|withdrawing|withdrew|withdrawn|retreat|retreats|retreating|pull[a-z]* (back|out) (of|from))\b (from |of )?(the )?((roughly |about |some |nearly |almost |around |only )?(rest|remainder|whole|entirety|parts?|portion|areas?|territory|territories|(a |one-|two-|three-)?(half|thirds?|quarters?|fifths?)|\d+ ?(%|percent|per cent)) of (the )?|remaining )*(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b`),
	// Troops pulled back from the line: "pull its troops back", "refuses to
	// pull back" (not from talks: see findIssues).
	c("territory-cession", 1, "back", `\bpull(s|ing|ed)? (its |their |our |ukraine'?s |ukrainian )?(troops |forces |army |soldiers )?back\b`),
	// A compromise on land is land given up: "no compromise on its
	// territorial integrity".
	c("territory-cession", 1, "compromise", `\bcompromises? (on|over) (its |our |their |the |ukraine'?s |ukraine’s |kyiv'?s )?(territorial integrity|territory|territories|land|lands|donbas|donetsk)\b`),
	// Land traded for peace, the loss of land accepted, the "realities on the
	// ground" recognised (Moscow's phrase for the lands it holds), the
	// regions surrendered or pulled back from.
	c("territory-cession", 1, "for peace|realities|loss of", `\bland[- ]for[- ]peace\b|\b(trade|trades|trading|traded|swap|swaps|swapping|exchange|exchanging|give|giving|cede|ceding) (up )?(land|territory|territories) for peace\b|\b(new |territorial )?realities on the ground\b|\bnew territorial realities\b|\baccept[a-z]* (the )?loss of (its |their |the |any )?(territor[a-z]*|land|lands|regions|donbas|crimea)\b`),
	c("territory-cession", 1, "surrender|pullback|pull-back|exchang", `\bsurrender[a-z]*\b[^.;]{0,40}\b(land|lands|regions?|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b|\b(pullback|pull-back|withdrawal|retreat) (of [^.;]{0,30})?from (the )?(rest of (the )?|remaining parts of (the )?)?(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b|\bexchang[a-z]* (of )?(land|territor[a-z]*)\b`),
	// "transfer part of the Donetsk region", "withdraw from the cities it
	// controls in the Donbas".
	c("territory-cession", 1, "transfer|withdr|pull|retreat", `\btransfer[a-z]*\b[^.;]{0,30}\b(territor[a-z]*|lands?|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b|\b(withdraw[a-z]*|withdrew|pull[a-z]* out|retreat[a-z]*)\b (from|of) (the )?(cities|towns|areas|territory|territories|land|lands|parts?|positions|remaining)\b[^.;]{0,40}\b(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)`),
	c("territory-cession", 1, "cession|territorial change", `\bcession of\b[^.;]{0,30}\b(territor[a-z]*|lands?|regions?|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)|\bterritorial changes?\b`),
	c("territory-cession", 1, "concession", `\bconcessions? (on|over|regarding|involving) (the |its |some |any )?(territor[a-z]*|land|lands|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b`),
	// Ukraine's forces leaving land however named: "Ukrainian troops will
	// leave the territories they occupy".
	c("territory-cession", 1, "leave|withdr|pull|vacat|retreat", `\b(ukrainian|ukraine'?s|ukraine’s|kyiv'?s|kyiv’s) (troops|forces|army|military|soldiers|units)\b[^.;]{0,25}\b(leave|leaves|leaving|withdraw|withdraws|withdrawing|pull out of|pulls out of|pulling out of|vacate|vacates|vacating|retreat from)\b (from )?(the |these |those |all |all the |remaining )?(territor[a-z]*|lands?|regions|areas)\b`),
	// Land given to Russia, its gains accepted, its sovereignty over the
	// regions.
	c("territory-cession", 1, "to russia|to moscow", `\b(hand|hands|handing|handed|give|gives|giving|gave|given|cede|cedes|ceding|ceded|transfer[a-z]*|turn[a-z]* over) (over )?(the |all of the |all of |the rest of (the )?|the remaining |the remainder of (the )?|its |their |our )?(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson|land|lands|territor[a-z]*)( region| oblast| regions| oblasts)? to (russia|moscow)\b`),
	c("territory-cession", 1, "give russia|give moscow|give putin|gains|sovereignty over", `\b(give|gives|giving|gave|hand|hands|handing|handed) (russia|moscow|putin) (its |our |their |the |any |all of |all of the |the rest of (the )?|ukrainian )?(land|lands|territor[a-z]*|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson|regions?)\b|\b(accept[a-z]*|recogni[sz][a-z]*|legitimi[sz][a-z]*|lock[a-z]* in|cement[a-z]*)\b (the |russia'?s |russia’s |moscow'?s |moscow’s |russian )?(territorial |battlefield )?(gains|conquests|land grab)\b|\b(russian|russia'?s|russia’s|moscow'?s) sovereignty over (the )?(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson|occupied|regions)\b`),
	// Land traded away in talks: "ruled out bargaining over land"; given to
	// the invader: "will not gift their land to the occupier".
	c("territory-cession", 1, "bargain|haggl|trading away|trade away", `\b(bargain[a-z]*|haggl[a-z]*) (over|on|about|away) (its |their |our |the |any |ukraine'?s |ukraine’s )?(land|lands|territor[a-z]*)\b|\btrad(e|ing) away (its |their |our |the |any )?(land|lands|territor[a-z]*)\b`),
	c("territory-cession", 1, "occupier|aggressor|invader|enemy", `\b(gift|gifts|gifting|gifted|give|gives|giving|gave|hand|hands|handing|handed|cede|cedes|ceding|surrender[a-z]*) (away |over )?(their|its|our|the|any|ukrainian) (land|lands|territor[a-z]*) to (the )?(occupiers?|aggressors?|invaders?|enemy)\b`),
	c("territory-cession", -1, "inviolab", `\binviolab(le|ility)\b[^.;]{0,20}\b(borders?|frontiers?)\b`),
	c("territory-cession", 1, "reward", `\breward[a-z]*\b (russia|moscow|putin|the aggressor|aggression) with (land|lands|territor[a-z]*)\b`),
	// Land given back to Ukraine is the cession undone: "return all the
	// occupied territories", "would not give back the land it annexed"; land
	// "not for sale" is refused.
	c("territory-cession", -1, "back|return", `\b(give|gives|giving|gave|hand|hands|handing|handed)\b (them |it )?back\b[^.;]{0,20}\b(the |all |any |its |their )?(occupied |annexed |seized |captured )?(territor[a-z]*|lands?|regions|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b|\b(return|returns|returning|returned)\b (of )?(all |the |any )?(the )?(occupied|annexed|seized|captured) (territor[a-z]*|lands?|regions)\b`),
	c("territory-cession", -1, "for sale", `\b(land|lands|territory|territories|donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b[^.;]{0,15}\b(not|never|never be) for sale\b`),
	c("territory-cession", 1, "demand for|claim to|claims to|demands for", `\b(demands?|claims?) (for|to|on) (the )?(whole|all|rest|entirety|remainder) of (the )?(donbas|donetsk|luhansk|zaporizh[a-z]*|kherson)\b`),
	c("frontline-freeze", 1, "front|line of contact", `freez[a-z]* (of )?(the |all )?(front ?lines?|conflict|line of contact|war|hostilities|fighting)\b|\b(freez[a-z]*|halt[a-z]*|stop[a-z]*) [^.;]{0,30}where (the )?(russian and ukrainian |ukrainian and russian |two )?(forces|armies|troops|sides) (face each other|are|stand)|\bfrozen conflict\b|\b(stop|halt|stay|remain)[a-z]* where they (are|stand)|(along|at|on) ["“]?the (current|existing|present) (battle ?|front ?)?lines?\b|(halt|stop|suspend|end|freez)[a-z]*[^.;]{0,50}\b(along|at|on|across) (the |its |their )?(current |existing |present )?(front ?lines?|line of contact|contact line|battle ?lines?)|along the (current |existing )?(front ?lines?|line of contact)`),
	// The line as it stands taken as the basis of a settlement: "the current
	// line of contact as the starting point", "stop the war where it is".
	c("frontline-freeze", 1, "starting point|basis|where it is|where they are|the way it is", `\b(front ?lines?|line of contact|contact line|battle ?lines?)\b[^.;]{0,25}\b(as|be|is|would be|should be|serve as|remain) (the )?(starting point|basis|point of departure)\b|\b(stop|stops|stopped|halt|halts|freeze|freezes|end|cut)\b[^.;]{0,25}\b(right )?(where it is|where they are|where it stands|where they stand|the way it is)\b`),
	// The line named by where it runs: "stop the fighting where the front
	// line now runs", "freezing the front".
	c("frontline-freeze", 1, "where the|front", `\b(stop|stops|stopping|halt|halts|halting|freez[a-z]*|end|ending)\b[^.;]{0,30}\bwhere the (front ?lines?|line of contact|contact line|battle ?lines?) (now |currently |today )?(runs|run|is|are|stands|lies)\b|\bfreez(e|es|ing)( of)? the front\b`),
	c("frontline-freeze", 1, "positions|fix", `\b(freez[a-z]*|stop[a-z]*|halt[a-z]*|fix[a-z]*)\b[^.;]{0,25}\b(at|along|on) (the )?(current|existing|present) positions\b|\bfix[a-z]* the (front ?lines?|line of contact|contact line)\b`),
	c("frontline-freeze", 1, "start|begin", `\b(start|starts|starting|begin|begins|beginning)\b (from|at) (where )?the (current |existing |present )?(front ?lines?|line of contact|contact line|battle ?lines?)\b`),
	// The line where the troops stand recognised as the line: "the front line
	// at the time of signing recognised as the line of contact", "we stand
	// where we stand".
	c("frontline-freeze", 1, "recogni|stand where|stay where|remain where", `\brecogni[sz][a-z]*\b[^.;]{0,25}\b(front ?lines?|line of contact|contact line|battle ?lines?)\b|\bstand where (we|they|you) stand\b|\b(stay|stays|remain|remains|stop|stops)\b ["“]?where (we|it) (are|is|stand)\b`),
	c("nato-exclusion", 1, "nato|bloc|aligned|neutral", `\b(ban|bans|banning|bar|bars|barr[a-z]*|block[a-z]*|exclu[a-z]*|renounc[a-z]*|abandon[a-z]*|give up|giving up|gave up|gives up|drop[a-z]*|forgo[a-z]*|forego[a-z]*|forsak[a-z]*|shelv[a-z]*|waiv[a-z]*|relinquish[a-z]*|no)\b[^.;]{0,30}\bnato\b|\b(give|giving|gave|given) up (its |their |the |ukraine'?s |kyiv'?s )?(bid|aspirations?|ambitions?|hopes?|quest|drive)[^.;]{0,20}\balliance\b|nato[^.;]{0,40}(off the table|not be possible|ruled out)|non-?bloc|non-?aligned|neutral status|neutrality|\bkeep[a-z]* (ukraine|kyiv|it) (permanently |forever |indefinitely )?out of (nato|the (nato |western |military )?alliance)\b|\b(no|halt[a-z]*|stop[a-z]*|end[a-z]*|freez[a-z]*|ban[a-z]*|renounc[a-z]*)\b (on |to )?(any )?(further )?(nato|alliance)(’s|'s)? (expansion|enlargement|eastward expansion)`),
	c("nato-exclusion", -1, "nato|alliance", `\bmembership (in|of) the (western |military |transatlantic )?alliance\b|\b(bid|aspirations?|ambitions?|hopes?|quest|drive) (to|of) join[a-z]* (the )?(western |military |transatlantic )?alliance\b|\b(join[a-z]*|membership|member|accession|aspirations?|ambitions?|bid|path|integration)\b[^.;]{0,40}\bnato\b|\bnato (membership|accession|bid|path|aspirations?|ambitions?|integration|entry)`),
	// Moscow's "root causes of the conflict" name NATO's enlargement.
	c("nato-exclusion", 1, "root cause", `\broot causes?\b[^.;]{0,80}\bnato\b`),
	c("nato-exclusion", 1, "abandonment|renunciation", `\bnato (membership|ambitions?|aspirations?|bid) (abandonment|renunciation)\b`),
	// Ukraine out of the alliance or neutral, the alliance not enlarging; and
	// the opposite: "NATO's door remains open", "Ukraine's future is in NATO".
	c("nato-exclusion", 1, "out of nato|out of the alliance|neutral|nato", `\b(stay|stays|staying|remain|remains|remaining|be kept|kept|keeping) out of (nato|the alliance)\b|\b(ukraine|kyiv) (must|should|would|will|to|could)? ?(be|become|remain|stay) (a )?(militarily )?neutral\b|\b(remain|remains|stay|stays|be|kept|keep) (neutral and )?outside (nato|the alliance)\b|\bnato\b[^.;]{0,15}\b(will|would|should|must|could|to)? ?(not|never|no longer) (to )?(expand|enlarge|admit|accept|offer|grant|extend|invite)\b|\bnon-?(expansion|enlargement) of nato\b`),
	c("nato-exclusion", -1, "door|open-door|in nato", `\b(nato|alliance)(’s|'s)? (open[- ]door|door)\b[^.;]{0,25}\b(open|policy)\b|\bopen[- ]door policy\b|\b(future|place) (is |lies |was )?(in|inside) (nato|the alliance)\b`),
	c("nato-exclusion", -1, "in nato|into nato|in the alliance|into the alliance", `\b(ukraine|kyiv)('s place)? (in|into|inside) (nato|the alliance)\b`),
	c("nato-exclusion", -1, "in nato|part of nato|in the alliance|part of the alliance", `\b(be|being|become|becoming) (in|inside|part of|a part of) (nato|the alliance)\b`),
	c("nato-exclusion", 1, "renunciation|abandonment|forswear", `\b(renunciation|abandonment|forswearing|forswear[a-z]*)\b (of )?(its |their |the |ukraine'?s |ukraine’s |kyiv'?s |any )?[^.;]{0,20}\bnato\b`),
	c("sanctions-relief", 1, "sanction", `\b(lift[a-z]*|eas[a-z]*|relie[a-z]*|remov[a-z]*|roll[a-z]* back|drop[a-z]*|loosen[a-z]*|unwind[a-z]*|waiv[a-z]*|scrap[a-z]*|suspend[a-z]*|rescind[a-z]*|revok[a-z]*|relax[a-z]*)\b[^.;]{0,30}sanctions|\breconnect[a-z]*\b[^.;]{0,40}\bswift\b|sanctions[^.;]{0,40}(relief|lifted|removed|eased|were lifted|be lifted)`),
	c("sanctions-relief", -1, "sanction", `\b(more|new|tough|tougher|stronger|harsher|heavier|fresh|additional|further|secondary|impose|imposed|imposes|imposing|imposition of|tighten|tightened|tightening|tightens|keep|keeps|keeping|kept|maintain|maintained|maintaining|maintains|extend|extended|extending|extends|extension of|prolong|prolonged|prolonging|renew|renewed|renewing|renewal of|step up|stepped up|stepping up|steps up|ramp up|ramped up|ramping up|increase|increased|increasing|increases|expand|expanded|expanding|broaden|broadened|escalate|escalated|escalating|widen|widened|widening)\b[^.;]{0,15}sanctions|\b(package|round|wave) of sanctions|sanctions (package|pressure)|pressure of sanctions`),
	// Restrictions on Russian trade lifted, Russian banks back on SWIFT;
	// sanctions kept "in place" until the war ends.
	c("sanctions-relief", 1, "restrictions|swift", `\b(lift[a-z]*|eas[a-z]*|remov[a-z]*|relax[a-z]*|loosen[a-z]*)\b (the |some |all )?(trade |export |financial )?restrictions on (russia|russian|moscow)\b|\b(restor[a-z]*|return[a-z]*|readmit[a-z]*|reinstat[a-z]*)\b[^.;]{0,30}\bswift\b`),
	c("sanctions-relief", -1, "sanction", `\bsanctions\b[^.;]{0,30}\b(stay|stays|remain|remains|staying|remaining|be kept|kept) (in place|in force|until)\b`),
	// Sanctions made tougher or prolonged, told in the passive ("sanctions
	// should be tightened, not eased") or rolled over.
	c("sanctions-relief", -1, "sanction", `\bsanctions (should|must|would|will|to|had to|have to|need to|needs to|could)( also| further)? be (tightened|increased|strengthened|expanded|extended|prolonged|renewed|maintained|stepped up|ramped up|rolled over)\b|\b(roll|rolls|rolled|rolling) over\b[^.;]{0,30}\bsanctions\b|\b(rollover|roll-over) of\b[^.;]{0,30}\bsanctions\b`),
	// "the sanctions the EU has imposed on Russia have failed and should be
	// lifted": the passive after the sanctions' relative clause.
	c("sanctions-relief", 1, "sanction", `\bsanctions\b[^.;]{0,80}\b(should|must|to|would|will|could|need to|needs to|ought to) (now |finally |also |simply )?be (lifted|removed|eased|dropped|scrapped|relaxed|loosened)\b`),
	// Russia brought back into the world economy and the G8.
	c("sanctions-relief", 1, "g8|g-8|global economy|world economy", `\b(reintegrat[a-z]*|readmi[a-z]*|bring[a-z]*|brought|return[a-z]*|welcom[a-z]*)\b[^.;]{0,25}\b(into|to|in) the (global economy|world economy|g8|g-8)\b|\breturn to the (g8|g-8)\b`),
	c("asset-unfreeze", 1, "asset|funds", `(unfreez[a-z]*|releas[a-z]*|return[a-z]*)[^.;]{0,30}\b(assets|reserves|funds)\b|(frozen|immobili[sz]ed) (russian )?(assets|reserves)(,? (would|will|should|could|must|can|might|may|are|were|is|be|being|to|eventually|gradually|partly|partially|only|also|then|later|soon|now|fully|in part|in full|have to|has to|had to|need to|needs to|been))+ (released|returned|unfrozen)`),
	c("asset-unfreeze", -1, "asset", `(seiz[a-z]*|confiscat[a-z]*|expropriat[a-z]*)[^.;]{0,40}(frozen|immobili[sz]ed) (russian )?(central bank |sovereign )?(assets|reserves|funds)`),
	// A loan backed by the frozen assets keeps them from Russia; so does
	// freezing them for good.
	c("asset-unfreeze", -1, "reparations loan|reparation loan|reparations-style loan", `\breparations?(-style)? loan\b`),
	c("asset-unfreeze", -1, "freez|frozen", `\b(indefinitely |permanently )?(freez(e|es|ing)|keep(s|ing)? frozen|kept frozen|immobili[sz](e|es|ing))\b[^.;]{0,40}\b(russian )?(central bank |sovereign )?(assets|reserves)\b`),
	// Assets kept frozen: "should stay immobilised until Moscow pays".
	c("asset-unfreeze", -1, "stay|remain|kept", `\b(assets|reserves|funds)\b[^.;]{0,20}\b(stay|stays|remain|remains|be kept|kept|staying|remaining) (frozen|immobili[sz]ed|blocked)\b`),
	// Assets taken from Russia: "confiscate Russian assets", "the assets should
	// go to Ukraine"; and released: "unblock Russian assets".
	c("asset-unfreeze", -1, "seiz|confiscat|expropriat|go to ukraine|given to ukraine|transferred to ukraine", `\b(seiz[a-z]*|confiscat[a-z]*|expropriat[a-z]*)\b (the |all )?(russian|russia'?s|russia’s|moscow'?s|moscow’s) (frozen |immobili[sz]ed )?(central bank |sovereign |state )?(assets|reserves|funds)\b|\b(assets|reserves|funds)\b[^.;]{0,20}\b(go|be given|be transferred|be handed) to ukraine\b`),
	c("asset-unfreeze", 1, "unblock|assets", `\bunblock[a-z]*\b[^.;]{0,30}\b(assets|reserves|funds)\b`),
	// Assets spent for Ukraine, kept frozen, or given up by Russia: "should be
	// used to pay reparations", "keep the assets frozen", "relinquish a
	// portion of the frozen assets"; released assets refused: "cannot be
	// released".
	c("asset-unfreeze", -1, "used|spent|tapped|directed|channel|keep|kept|relinquish|forgo|waive|cannot|can't|must not|should not|will not|won't", `\b(assets|reserves|funds)\b[^.;]{0,25}\b(be )?(used|spent|tapped|directed|channell?ed) (to|for) (pay|fund|financ|rebuild|help|support|ukraine|repar|reconstruct|compensat|arm|the reconstruction|the defen)[a-z]*|\b(keep|keeps|keeping|kept)\b (the |all |its |their )?(russian |russia'?s |russia’s )?(frozen |immobili[sz]ed )?(central bank |sovereign )?(assets|reserves|funds) (frozen|immobili[sz]ed|blocked)\b|\b(relinquish[a-z]*|forgo[a-z]*|forego[a-z]*|waiv[a-z]*|give up|giving up|gave up)\b[^.;]{0,30}\b(frozen )?(assets|reserves)\b|\b(assets|reserves|funds)\b[^.;]{0,20}\b(cannot|can't|can’t|can not|must not|should not|will not|won't|won’t|would not|may not) be (released|returned|unfrozen|given back)\b`),
	c("security-guarantees", 1, "guarant", `security guarantees?|guarantees? of (ukraine'?s? )?security|article 5-(like|style)|\b(offer|give|provide|extend|grant)[a-z]* (ukraine |kyiv )?(legally binding |binding |firm |strong |solid |reliable |robust |nato-style )?guarantees\b|\bguarantees (for|to) (ukraine|kyiv)\b|\bguarantees (against (a |any |the )?(future |renewed |new |further |fresh |repeat(ed)? |russian )*(aggression|attacks?|invasions?|war|assault)|modell?ed on)\b`),
	c("security-guarantees", 1, "assurance|commitment|pledge", `security (assurances?|commitments?|pledges?)`),
	// "any deal had to come with guarantees "that work"", "any agreement
	// must have guarantees that this will not happen again": a settlement
	// bound to guarantees.
	c("security-guarantees", 1, "guarantees", `\b(deal|agreement|settlement|peace|accord|ceasefire|truce)\b[^.;]{0,20}\b(must|had to|has to|have to|should|needs? to|would need to|will need to|would have to) (have|come with|include|contain|be backed by|be underpinned by|be accompanied by) (real |firm |reliable |strong |solid |robust |credible |effective |concrete )?guarantees\b`),
	// A security pact in the making: "a security agreement with the US",
	// "the security protocols were largely finished".
	c("security-guarantees", 1, "security", `\bsecurity (agreements?|pacts?|accords?|protocols?|treaty|treaties|arrangements?|deals?)\b`),
	c("security-guarantees", 1, "guarant", `\bguarantee[a-z]* (the |its |ukraine'?s |ukraine’s |the country'?s |the country’s |kyiv'?s |kyiv’s |their |long-term |lasting )?(long-term |future |lasting )?security\b`),
	c("security-guarantees", 1, "article 5|protection", `\barticle 5\b|legally binding protection`),
	c("security-guarantees", 1, "backstop", `backstop`),
	// In talk of the war, guarantees qualified as real are security ones
	// ("effective guarantees", "real guarantees"); guarantees for Russia are
	// hidden below.
	c("security-guarantees", 1, "guarantees", `\b(effective|real|reliable|firm|solid|strong|robust|concrete|credible|binding|legally binding|western|international|ironclad|serious|lasting|long-term) guarantees\b|\bguarantees (strong|robust|reliable|solid|firm|credible|good) enough\b|\bguarantees (to|that would|that will|which would|which will|capable of|able to) (prevent|deter)[a-z]*\b`),
	c("security-guarantees", 1, "nato-style|nato-like|collective defen|come to|defend ukraine|protection", `\b(nato-style|nato-like|article-5|collective[- ]defen[cs]e) (guarantees?|commitments?|protection|clause|pledge)\b|\bcome to (ukraine'?s|ukraine’s|kyiv'?s|kyiv’s|its) (aid|defen[cs]e)\b|\bdefend ukraine (if|against|in the event|should)\b|\bprotection (for|of) ukraine\b`),
	// Guarantees named by their givers or what they deter: "guarantees from
	// the US", "a security umbrella", "protection against renewed aggression".
	c("security-guarantees", 1, "guarantees|umbrella|air cover|aggression|attack again|invade again", `\bguarantees (from|by) (the )?(us|u\.s\.|united states|washington|america|nato|europe|european|allies|the west|western)\b|\bsecurity umbrella\b|\b(american|us|u\.s\.) (air cover|air support|air power)\b|\b(protect[a-z]*|deter[a-z]*|safeguard[a-z]*|insur[a-z]*|guard[a-z]*) (ukraine )?against (a |any )?(future |renewed |new |further |fresh |repeat )?(russian )?(aggression|attacks?|invasion)\b|\b(never|not|won't|wouldn't|cannot|can't) (again )?(attack|invade) (ukraine )?again\b`),
	c("security-guarantees", 1, "air support|air cover", `\b(provid[a-z]*|offer[a-z]*|giv[a-z]*|pledg[a-z]*|promis[a-z]*)\b (ukraine |kyiv )?(with )?(american |us |u\.s\. )?air (support|cover)\b`),
	c("foreign-troops", 1, "force|contingent|mission|troops", `\b(reassurance|peacekeeping|peace-keeping|stabili[sz]ation|multinational|european|foreign|western|international|security) (force|forces|contingent|mission|troops)`),
	c("foreign-troops", 1, "peace", `peacekeep(ers|ing)`),
	// Troops sent into Ukraine by its backers: "put troops on the ground", "British troops".
	c("foreign-troops", 1, "troops|boots|soldiers", `\b(put|putting|send|sending|sent|deploy[a-z]*|station[a-z]*|commit[a-z]*)\b[^.;]{0,25}\b(troops|boots|soldiers)\b[^.;]{0,20}\b(on the ground|to ukraine|in ukraine|into ukraine)|\b(british|french|european|nato|western|allied) (troops|soldiers|boots)\b|boots on the ground`),
	c("foreign-troops", 1, "troops|boots on the ground", `\b(send|deploy)[a-z]* (of )?(european |british |french |foreign |ground |american |us |its |their )?troops|troops (to|in) ukraine|boots on the ground`),
	c("foreign-troops", 1, "coalition", `coalition of the willing`),
	// Troops of the backers, however named: "troops from NATO countries",
	// "contribute soldiers", "sending Italian soldiers", "include troops".
	c("foreign-troops", 1, "troops|soldiers|forces|contingent|personnel", `\b(troops|soldiers|forces|contingents?|personnel) (from|of) (other |the )?(nato|european|western|foreign|allied|partner|eu) (countries|states|members|member states|nations|allies)\b`),
	c("foreign-troops", 1, "troops|soldiers|boots", `\b(contribut[a-z]*|provid[a-z]*|offer[a-z]*|commit[a-z]*|includ[a-z]*|pledg[a-z]*|send|sends|sending|sent|deploy[a-z]*|dispatch[a-z]*) (to )?(its |their |our |any |some |the |ground |more )?(own )?([a-z]+ )?(troops|soldiers|boots)\b`),
	c("foreign-troops", 1, "troops|soldiers", `\b(italian|german|polish|canadian|turkish|dutch|danish|swedish|finnish|norwegian|spanish|belgian|czech|baltic|nordic|australian|estonian|latvian|lithuanian|romanian) (troops|soldiers|peacekeepers|contingents?)\b`),
	c("foreign-troops", 1, "contingent|led force|led mission|-led", `\b(military|troop|foreign|european|western|allied) contingents?\b|\b(european|western|nato|french|british|uk|u\.k\.)-led (force|mission|contingent|deployment)`),
	c("foreign-troops", 1, "on the ground", `\b(put|putting|send|sending|deploy[a-z]*|station[a-z]*)\b[^.;]{0,25}\b(people|personnel|forces|units)\b (on the ground|in ukraine|to ukraine|into ukraine)`),
	// Bases of the backers' forces in Ukraine: "military hubs across
	// Ukraine", "no NATO bases in Ukraine".
	c("foreign-troops", 1, "hub|base|presence", `\b(military|army|nato|western|foreign|european|british|french|allied) (troop |troops' |military )?(hubs?|bases?|presence)\b[^.;]{0,20}\b(in|across|on|inside|throughout) (ukraine|ukrainian (soil|territory))\b`),
	// Personnel sent by number: "could send several thousand personnel".
	c("foreign-troops", 1, "personnel|troops|soldiers|servicemen|service members", `\b(send|sends|sending|sent|deploy[a-z]*|dispatch[a-z]*|contribut[a-z]*|commit[a-z]*|provid[a-z]*|station[a-z]*) (up to |as many as |several |a few |some |about |around |roughly |between )?(\d[\d,]*|[a-z]+ thousand|[a-z]+ hundred|thousands of|hundreds of|a brigade of|a battalion of)( to \d[\d,]*)? (personnel|troops|soldiers|servicemen|service members|military personnel)\b`),
	// "a British-French force", "deploy a contingent".
	c("foreign-troops", 1, "-french|-british|contingent", `\b(anglo|franco|british|french|uk)-(french|british) (force|forces|mission|contingent|troops|proposal|plan)\b|\b(send|sends|sending|sent|deploy[a-z]*|dispatch[a-z]*|contribut[a-z]*) (a |an |its |their |our )?([a-z]+ )?contingents?\b`),
	c("foreign-troops", 1, "deterren|deterrent|coalition", `\b(deterrence|deterrent) (force|forces|mission|contingent)\b|\bcoalition (troops|forces|soldiers)\b`),
	c("foreign-troops", 1, "forces|troops|contingent", `\b(allied|foreign|western|european|nato|partner|partners'?)( military)? (forces|troops|contingents?)\b[^.;]{0,20}\b(on|in|to|into) (ukrainian (soil|territory)|ukraine)\b`),
	c("foreign-troops", 1, "presence of", `\bpresence of (nato|western|european|foreign|allied|british|french)( countries| states| member states| member countries)?( troops| forces| soldiers| military| contingents?)?\b[^.;]{0,30}\b(in|on) (ukraine|ukrainian (soil|territory))\b`),
	c("foreign-troops", 1, "deployment|deploying forces|deploy forces", `\b(deployments?|deploying forces|deploy forces) (inside|in|to|into|on the territory of) ukraine\b`),
	c("ceasefire-monitoring", 1, "monitor", `monitor[a-z]*[^.;]{0,30}(cease-?fire|truce)|(cease-?fire|truce)[^.;]{0,30}monitor[a-z]*|monitoring mission`),
	// A mechanism named by what it does, or the line it watches: "a
	// monitoring mechanism", "monitors along the line of contact".
	c("ceasefire-monitoring", 1, "monitor|mechanism|patrol|observ|supervis|watch", `\bmonitoring (mechanism|system|regime|arrangements?)\b|\bmechanisms? (to|for) (monitor|verify|monitoring|verifying|verification)\b|\b(monitor[a-z]*|patrol[a-z]*|observ[a-z]*|supervis[a-z]*|watch|watches|watching)\b (of |along |over )?(the )?(line of contact|contact line|front ?line|demarcation line|buffer zone|dividing line)\b`),
	c("ceasefire-monitoring", 1, "verif", `verif(y|ication)[^.;]{0,20}(cease-?fire|truce|mechanism)`),
	// "halt the fighting along the line of contact, with monitoring".
	c("ceasefire-monitoring", 1, "with ", `\b(fighting|hostilities|line of contact|front ?line|contact line)\b[^.;]{0,12}, with (international |independent |third-party |western )?(monitoring|monitors|observers|verification)\b`),
	c("ceasefire-monitoring", 1, "observ|supervis|polic|control over|oversight|inspect|monitors", `\b(observers?|observer mission|observation|supervis[a-z]*|polic(e|ed|ing)|control over|oversight of|inspect[a-z]*|enforcement of)\b[^.;]{0,25}\b(cease-?fire|truce)\b|\b(cease-?fire|truce)\b[^.;]{0,20}\b(would|will|could|should|be|is|was) (monitored|policed|observed|supervised|verified|overseen)\b|\b(international|osce|un|u\.n\.|neutral) (monitors|observers|observer mission)\b`),
	// Technical watch of the line: "drone surveillance of the front line".
	c("ceasefire-monitoring", 1, "surveillance|monitoring", `\b(satellite|drone|aerial|technical|electronic|space-based)s? (monitoring|surveillance)\b[^.;]{0,30}\b(line|front|truce|cease-?fire|zone)\b`),
	c("ceasefire-monitoring", 1, "monitor|verif", `\b(monitor|monitors|monitoring|monitored|verify|verifying|verification of)\b (a |the |any |an eventual |a future |compliance with (a |the |any )?)?(peace |eventual |future )?(agreement|deal|settlement|accord)\b`),
	c("arms-halt", 1, "weapon|arms|military aid|military assistance|intelligence|deliveries|supplies", `\b(halt|stop|end|suspend|cease|pause|cessation|cut[a-z]* off)[a-z]*\b[^.;]{0,40}\b(weapons?|arms|military aid|military assistance|military support|military help|military supplies|intelligence|deliveries|supplies|shipments)\b`),
	c("arms-halt", 1, "deliveries|supplies|shipments", `\b(weapons?|arms) (deliveries|supplies|shipments)[^.;]{0,30}\b(halt|stop|end)`),
	c("arms-halt", 1, "mobili|rearm", `\b(stop|halt|end)[a-z]*[^.;]{0,20}(mobili[sz]ation|rearm)`),
	c("arms-halt", 1, "size of|strength of", `\b(reduc[a-z]*|limit[a-z]*|cap[a-z]*)[^.;]{0,25}(size|strength) of (ukraine'?s? |ukraine’s |its |their |kyiv'?s )?(military|army|armed forces)`),
	c("arms-halt", 1, "demilitari", `\bdemilitari[sz](ation|e|es|ing)\b`),
	// A ceiling on Ukraine's army: "cap its armed forces at 600,000", "a cap on its army".
	c("arms-halt", 1, "army|armed forces|military|troops", `\b(cap|caps|capping|capped|limit|limits|limiting|limited|reduc[a-z]*|restrict[a-z]*|ceiling|downsiz[a-z]*|cut|cuts|cutting|shrink[a-z]*|slash[a-z]*|curb[a-z]*)\b (on |of )?(the size of |the strength of )?(its |ukraine'?s |ukraine’s |kyiv'?s |the )?(peacetime )?(army|armed forces|military|troops|forces)\b( (at|to) [0-9])?|\b(military|army|troop) (reduction|cuts|limits|caps?|ceiling)\b`),
	c("arms-halt", 1, "size of|strength of|restrictions on", `\b(reduc[a-z]*|limit[a-z]*|cap[a-z]*|restrict[a-z]*)[^.;]{0,25}(size|strength) of the (ukrainian )?(military|army|armed forces)\b|\brestrictions on (ukraine'?s |ukraine’s |the ukrainian |kyiv'?s |its )(army|military|armed forces)\b`),
	c("arms-halt", 1, "restrictions on|limitations on|limits on", `\b(restrictions|limitations|limits) on (ukraine'?s |ukraine’s |the ukrainian |kyiv'?s |its |ukrainian )(army|military|armed forces|forces|troops)\b`),
	c("arms-halt", 1, "arming|capped|limited", `\b(stop|stops|stopped|halt|halts|halted|end|ends|ended|cease|ceases)\b (arming|rearming|supplying) (ukraine|kyiv)\b|\b(army|armed forces|military)\b (would|will|should|must|could|to)? ?(be )?(capped|limited|reduced|cut) (at|to)\b`),
	// A ceiling on Ukraine's army by number: "reducing the Ukrainian army to a
	// maximum of 600,000", "a 600,000-soldier cap" (not "an army of
	// 800,000": news2025f f12 reads it as no limit).
	c("arms-halt", 1, "ukrainian army|ukrainian armed|ukrainian military|ukrainian forces|ukrainian troops", `\b(cap[a-z]*|limit[a-z]*|reduc[a-z]*|restrict[a-z]*|cut[a-z]*|shrink[a-z]*|downsiz[a-z]*|curb[a-z]*)\b (on |of )?(the size of |the strength of )?(the )?ukrainian (army|armed forces|military|troops|forces)\b`),
	c("arms-halt", 1, "army|armed forces|military|force|troops|soldier|personnel", `\b(army|armed forces|military|force|forces)\b (of|at|to) (up to|a maximum of|a maximum|no more than|a ceiling of|at most) \d{3},\d{3}\b|\b\d{3},\d{3}-(soldier|troop|strong|man|personnel|member) (cap|ceiling|limit|maximum)\b|\b(cap|limit|ceiling) of (about |up to )?[0-9]{3},[0-9]{3}`),
	c("arms-halt", 1, "weapons|missiles|arsenal", `\b(relinquish[a-z]*|give up|giving up|gave up|surrender[a-z]*|hand over|handing over|abandon[a-z]*)\b (its |their |all |the )?(long-range )?(weapons|missiles|arsenal)\b`),
	c("arms-halt", 1, "long-range", `\b(ban|bans|banning|halt|stop|no|limit[a-z]*|restrict[a-z]*)\b (on |to )?(the )?(supply of |delivery of |deliveries of |supplying )?long-range (weapons|missiles|strike capabilities|arms)\b`),
	c("znpp-control", 1, "nuclear", `(zaporizhzhia|zaporizhia|zaporozhye)[^.;]{0,10}(nuclear|npp|power plant)|nuclear power plant`),
	c("znpp-control", 1, "znpp", `znpp`),
	// The plant named without "power": "the Zaporizhzhia plant", "Europe's
	// largest nuclear plant".
	c("znpp-control", 1, "nuclear|plant|station", `\b(zaporizhzhia|zaporizhia|zaporozhye|enerhodar)\b[^.;]{0,10}\b(plant|station)\b|\blargest nuclear (power )?(plant|station)\b|\bnuclear (plant|station)\b`),
	c("direct-talks", 1, "direct", `direct (talks|negotiations|dialogue|meeting)`),
	// Talks with the other side named: "talks with Kyiv were possible";
	// plausible() keeps them to the two sides.
	c("direct-talks", 1, "talks with|negotiations with|dialogue with|contacts with|meeting with|meetings with", `\b(talks|negotiations|dialogue|contacts|a meeting|meetings) with (president |volodymyr |vladimir )?(ukraine|kyiv|zelensk[a-z]*|russia|moscow|putin|the kremlin)\b`),
	// A call for negotiations to begin, an offer to host them.
	c("direct-talks", 1, "negotiations|peace talks", `\b(negotiations|peace talks) (to|should|must|would|will|can|could) (begin|start|resume|get under ?way)\b|\b(begin|start|launch|open|resume)(s|ed|ing)? (peace )?(negotiations|peace talks)\b`),
	c("direct-talks", 1, "host|mediate", `\b(offer[a-z]*|ready|willing|prepared|happy|available|proposed) to (host|mediate) (the |peace |direct |such |any |future |new |these |those )*(talks|negotiations)\b`),
	// An invitation to the other side's leader to meet or talk.
	c("direct-talks", 1, "invit", `\binvit(e|es|ed|ing|ation|ations)\b[^.;]{0,25}\b(zelensk[a-z]*|putin|ukrain[a-z]*|russian)\b[^.;]{0,40}\b(talks|negotiations|meet|meeting|summit)\b`),
	// Terms handed to the other side: "hand Kyiv a draft memorandum".
	c("direct-talks", 1, "memorand|proposal", `\b(hand|give|send|pass|submit|present)(s|ed|ing)? (kyiv|ukraine|moscow|russia|the ukrainian side|the russian side) (a |an |its |the |their )?(draft )?(memorandum|peace proposals?|proposals?)\b`),
	// A meeting of the two sides' leaders or governments is direct talks.
	c("direct-talks", 1, "between", `\b(meeting|talks|summit|negotiations) between (president |presidents |vladimir )*(putin|russia|moscow|the kremlin) and (president |volodymyr )*(zelensk[a-z]*|ukraine|kyiv)\b|\b(meeting|talks|summit|negotiations) between (president |presidents |volodymyr )*(zelensk[a-z]*|ukraine|kyiv) and (president |vladimir )*(putin|russia|moscow|the kremlin)\b`),
	// Either side ready for talks is ready to talk to the other ("the
	// Kremlin remains open to peace talks"); plausible() keeps mediators out.
	c("direct-talks", 1, "talks|negotiations|dialogue|discussions", `\b(ready|willing|open|prepared|readiness|willingness|openness) (for|to) (resume |restart |hold |holding |engage in |engaging in |start |starting )?(direct |peace |further |new )?(talks|negotiations|dialogue|discussions)\b`),
	c("direct-talks", 1, "talks with", `(ready|willing|open|prepared) (for|to) ([^.;]{0,30}\b)?(talks|negotiations|meet|dialogue|discussions|contacts|round of talks)[^.;]{0,20}with (ukraine|kyiv|russia|moscow|zelensk[a-z]*|putin)`),
	// The two leaders meeting in person: "ready to meet Putin", "a Putin-Zelensky summit".
	c("direct-talks", 1, "meet", `\b(meet|meeting|sit down with)( with)? (mr\.? |president )?(putin|zelensk[a-z]*)\b( (in person|face[- ]to[- ]face))?`),
	// "proposed that Zelenskiy and Putin meet face to face".
	c("direct-talks", 1, "putin|zelensk", `\b(putin|zelensk[a-z]*) and (president |vladimir |volodymyr )?(putin|zelensk[a-z]*) (should |would |could |will |to |might )?(meet|hold talks|sit down)\b`),
	c("direct-talks", 1, "face to face|face-to-face|in person|directly", `\b(meet|meeting|talk|talks|negotiate|negotiating)( with)? (the )?(russia|ukraine|russians|ukrainians|russian|ukrainian|moscow|kyiv)( officials| negotiators| delegation| side| counterparts)? (in person|face[- ]to[- ]face|directly)\b`),
	c("direct-talks", 1, "work with|engage with|contacts with", `\b(work|engage|continue contacts|resume contacts) with (ukraine|kyiv|russia|moscow)\b`),
	c("direct-talks", 1, "putin-|zelensk", `\b(putin-zelensk[a-z]*|zelensk[a-z]*-putin) (meeting|summit|talks)`),
	c("direct-talks", 1, "presidents|leaders|counterpart", `\b(meeting|summit|talks|negotiations) (of|between) the (russian and ukrainian|ukrainian and russian|two) (presidents|leaders|heads of state)\b|\b(meeting|summit) of (the )?(two )?leaders\b|\bmeet (his|her) (ukrainian|russian) counterpart\b`),
	c("direct-talks", 1, "russia-ukraine|ukraine-russia|russian-ukrainian|ukrainian-russian", `\b(russia-ukraine|ukraine-russia|russian-ukrainian|ukrainian-russian) (peace )?(talks|negotiations|meeting|summit|dialogue)\b`),
	c("direct-talks", 1, "contacts|dialogue|three-way|trilateral", `\bdirect contacts\b|\bcontinue (the )?(contacts|dialogue)\b|\b(three-way|trilateral) ([a-z-]+ ){0,3}(talks|meeting|summit|negotiations|format|round|working group)\b`),
	// Another round of the talks: "a new round would take place", "the
	// next round of negotiations".
	c("direct-talks", 1, "round", `\b(new|next|another|further|fresh) round (of (direct |peace |trilateral |three-way )?(talks|negotiations|consultations)\b|(would|will|could|should|might|is|was|unless|until|if|only) )`),
	// "Türkiye is ready to host the next round": a mediator's offer of the talks.
	c("direct-talks", 1, "host", `\b((ready|willing|prepared|happy|offer[a-z]*|available|proposed) to )?host(s|ed|ing)? (the |a )?(next|new|another|further|fresh|second|third|fourth|fifth) round\b`),
	// "waiting for Kyiv to propose a date for a third round".
	c("direct-talks", 1, "round", `\b(date|dates|venue|time) (for|of) (a |the )?(new|next|second|third|fourth|fifth|further|another) round\b`),
	// "ready to welcome representatives of Russia and Ukraine for negotiations".
	c("direct-talks", 1, "representatives|delegations|negotiators", `\b(host|hosting|welcome|welcoming|receive|receiving|bring together|bringing together) (the )?(representatives|delegations|negotiators|envoys) (of|from) (russia and ukraine|ukraine and russia|moscow and kyiv|kyiv and moscow|both sides|the two sides)\b`),
	// "host the Russian and Ukrainian delegations", "dialogue and diplomacy
	// between Russia and Ukraine", "bring Putin and Zelenskyy together".
	c("direct-talks", 1, "russian and ukrainian|ukrainian and russian", `\b(host|hosting|hosted|welcome|welcoming|receive|receiving|bring together|bringing together) (the )?(russian and ukrainian|ukrainian and russian) (delegations|negotiators|representatives|teams|presidents|leaders)\b`),
	c("direct-talks", 1, "dialogue|diplomacy", `\b(dialogue|diplomacy|contacts)( and (dialogue|diplomacy|negotiations))? between (russia|moscow|putin) and (ukraine|kyiv|zelensk[a-z]*)\b|\b(dialogue|diplomacy|contacts)( and (dialogue|diplomacy|negotiations))? between (ukraine|kyiv|zelensk[a-z]*) and (russia|moscow|putin)\b`),
	c("direct-talks", 1, "together", `\bbring[a-z]* (president |vladimir )?(putin|zelensk[a-z]*) and (president |volodymyr |vladimir )?(putin|zelensk[a-z]*) together\b|\bbring[a-z]* (the two (leaders|presidents|sides)|russia and ukraine|ukraine and russia|moscow and kyiv|kyiv and moscow) together\b`),
	// A delegation sent to the talks: "would send a delegation, led by
	// ..., to the first meeting".
	c("direct-talks", 1, "delegation|negotiators|negotiating", `\bsend(s|ing)? (a |its |their |an official )?(delegation|negotiators|negotiating team)\b[^.;]{0,70}\b(talks|meeting|negotiations|round|working group)\b`),
	// Readiness to meet in any form: "open to meeting in any format".
	c("direct-talks", 1, "meet", `\b(ready|willing|open|prepared) (for|to) (a )?(meet|meeting|meetings)( [a-z]+){0,3} (in any format|at any level|at any time|without (pre)?conditions|anywhere)\b`),
	// The other leader invited to one's capital: "inviting the Russian
	// leader to Kyiv", "he can come to Moscow".
	c("direct-talks", 1, "invit|come to|travel to|fly to", `\binvit(e|es|ed|ing|ation)\b[^.;]{0,30}\b(zelensk[a-z]*|putin|(ukrainian|russian) (leader|president|counterpart))\b[^.;]{0,20}\bto (come to |visit )?(kyiv|kiev|moscow)\b|\b(he|putin|zelensk[a-z]*) (can|could|should|may|is welcome to) (come|travel|fly) to (kyiv|kiev|moscow)\b`),
	// The Istanbul format of the two sides' delegations, talks between the
	// warring sides, a summit with the other leader.
	c("direct-talks", 1, "istanbul|warring|summit with", `\bistanbul (negotiation |negotiating |peace )?(talks|negotiations|round|format|process|meeting)( between (russia|moscow) and (ukraine|kyiv)| between (ukraine|kyiv) and (russia|moscow))?\b|\b(talks|negotiations|round|meeting) in istanbul\b|\b(talks|negotiations|meeting|dialogue) between the (two )?(warring|belligerent) (sides|parties|countries)\b|\bsummit with (president |vladimir |volodymyr )?(putin|zelensk[a-z]*)\b`),
	c("direct-talks", 1, "directly", `\b(talk|talks|talking|negotiate|negotiates|negotiating|negotiations|meet|meets|meeting|speak|speaks|speaking|deal|engage)\b directly (with|to) (russia|ukraine|moscow|kyiv|putin|zelensk[a-z]*|the russians|the ukrainians|the kremlin)\b`),
	c("direct-talks", 1, "resum|restart|reopen|reviv", `\b(resume|resumes|resuming|resumed|resumption of|restart|restarts|restarting|restarted|reopen|reopening|revive|reviving|revived)\b (the |direct |peace |bilateral |stalled |interrupted )*(talks|negotiations|dialogue)\b`),
	// "sit down with Russia", "come to the negotiating table";
	// plausible() keeps them to the two sides.
	c("direct-talks", 1, "table|sit down with|sat down with", `\b(come|comes|came|coming|return|returns|returned|returning|get|gets|sit down|sits down|sat down|sitting down|back) (back )?(to|at) the (negotiating |negotiation |peace )?table\b|\b(sit|sits|sat|sitting) down with (russia|ukraine|moscow|kyiv|putin|zelensk[a-z]*|the russians|the ukrainians|the kremlin)\b`),
	// The other leader named in full or by title: "ready to meet with
	// Vladimir Putin", "a meeting between Ukrainian President Volodymyr
	// Zelenskyy and Russian President Vladimir Putin".
	c("direct-talks", 1, "vladimir putin|volodymyr zelensk|between", `\b(meet|meets|meeting|meetings|talks|sit down|negotiate|negotiations|summit)( with)? (the )?(president |russian president |ukrainian president |russian leader |ukrainian leader )?(vladimir putin|volodymyr zelensk[a-z]*)\b|\b(meeting|talks|summit|negotiations) between [^.;]{0,40}\b(zelensk[a-z]*|putin)\b[^.;]{0,5} and [^.;]{0,40}\b(putin|zelensk[a-z]*)\b`),
}

// issueHit is an issue named in a clause.
type issueHit struct {
	issue      string
	pol        int
	start, end int // in the clause (lower-cased text has the same offsets)
	group      int // the lexicon entry the hit's pattern was split from
	// inherited: the issue was named in the sentence before and this clause
	// refers to it ("rejected these proposals"): a weaker reading.
	inherited bool
}

// leftmostFirst keeps, among the hits of the branches of one split entry,
// those the whole pattern would have found: scanning left to right, a hit
// starting inside the one kept before it is dropped (at one start, the
// earlier branch wins: hits arrive in branch order). Where it drops a hit,
// the branch that found it went on from that hit's end, not from the end
// of the one kept, as the whole pattern would: it may have read past a
// match the whole pattern finds ("stop where they are" and end the
// fighting along the current front line: the branch "stop ... along the
// front line" reads over "end ... along"). So the hits of such a group are
// found again by the entry as written, on lc (the clause the hits are in).
func leftmostFirst(lc string, hits []issueHit) []issueHit {
	if len(hits) < 2 {
		return hits
	}
	idx := make([]int, len(hits))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ha, hb := hits[idx[a]], hits[idx[b]]
		if ha.group != hb.group {
			return ha.group < hb.group
		}
		return ha.start < hb.start
	})
	keep := make([]bool, len(hits))
	var redo []int // groups a hit was dropped from
	group, end := -1, 0
	for _, i := range idx {
		h := hits[i]
		if h.group != group {
			group, end = h.group, -1
		}
		if h.start >= end {
			keep[i], end = true, h.end
		} else if len(redo) == 0 || redo[len(redo)-1] != group {
			redo = append(redo, group)
		}
	}
	if len(redo) == 0 {
		out := hits[:0]
		for i, h := range hits {
			if keep[i] {
				out = append(out, h)
			}
		}
		return out
	}
	var out []issueHit
	for i, h := range hits {
		switch {
		case !keep[i]:
		case !slices.Contains(redo, h.group):
			out = append(out, h)
		case !slices.ContainsFunc(out, func(o issueHit) bool { return o.group == h.group }):
			// The first hit kept of a group found again stands for the
			// group: the entry's own matches take its place.
			e := &issueEntries[h.group]
			for _, m := range e.re.findAllExact(lc, -1, false) {
				out = append(out, issueHit{issue: e.issue, pol: e.pol, start: m[0], end: m[1], group: h.group})
			}
		}
	}
	return out
}

// findIssues returns the issues a lower-cased clause names. A specific truce
// hides a general ceasefire at the same place; a positive pattern hides a
// negative one for the same issue ("a ban on Ukraine joining NATO").
func findIssues(lc string) []issueHit {
	var hits []issueHit
	buf := scanPool.Get().(*triggerHits)
	buf.scan(lc)
	defer buf.reset()
	at, touched := buf.at, buf.entries
	// Only the entries a trigger was found for, in the lexicon's order (the
	// order of the hits): a walk over the whole lexicon for every clause
	// reads most of it from memory, not from the cache.
	slices.Sort(touched)
entries:
	for _, ei := range touched {
		e := &issueLexicon[ei]
		for _, n := range needSets[ei] {
			if !buf.has(lc, n) {
				continue entries
			}
		}
		wins := windowsAt(lc, at[ei], e.before, e.after)
		// Every match holds a trigger and is at most e.reach bytes long, so
		// the windows around triggers hold every match.
		// The pattern runs as such: each window holds a trigger, so its
		// gate (the triggers) is there already.
		for _, w := range wins {
			for _, m := range e.re.findAllExact(lc[w[0]:w[1]], -1, false) {
				hits = append(hits, issueHit{issue: e.issue, pol: e.pol, start: m[0] + w[0], end: m[1] + w[0], group: e.group})
			}
		}
	}
	hits = leftmostFirst(lc, hits)
	// Crimea is only an issue with recognition words about.
	if containsIssue(hits, "crimea-recognition") && !crimeaRecog.MatchString(lc) {
		hits = dropIssue(hits, "crimea-recognition")
	}
	var out []issueHit
	for i, h := range hits {
		// "the ceasefire line" is a place on the map, not the proposition;
		// "freeze the fighting along the current front line" is the freeze only
		// (a ceasefire or a halt along the line is both: news2025f f01, h).
		hidden := h.issue == "ceasefire" && localTruceRe.MatchString(lc[max(0, h.start-12):min(len(lc), h.end+12)])
		// "local ceasefire zones were set up around the damaged sections":
		// a pause for repairs at one site, not a general ceasefire.
		hidden = hidden || h.issue == "ceasefire" && (strings.HasPrefix(lc[h.end:], " line") || alongLineRe.MatchString(lc[h.end:min(len(lc), h.end+50)]) && frozenWord(lc[h.start:h.end]))
		// "sanctions should be tightened, not eased": the relief refused by
		// contrast, the tightening is the stance.
		if h.issue == "sanctions-relief" && h.pol > 0 && contrastNotRe.MatchString(lc[h.start:h.end]) {
			if refusedUntilRe.MatchString(lc[h.end:min(len(lc), h.end+16)]) {
				// "should be tightened, not eased, until Russia was ready
				// for peace": the relief refused until then (the labels'
				// convention: "not ... until X" opposes).
				h.pol = -1
			} else {
				hidden = true
			}
		}
		// "marking 30 years of Turkmenistan's permanent neutrality": another
		// state's neutrality, not Ukraine's out of NATO.
		if h.issue == "nato-exclusion" && strings.HasPrefix(lc[h.start:h.end], "neutral") {
			if m := otherNeutralRe.FindStringSubmatchIndex(lc[max(0, h.start-40):h.start]); m != nil {
				if w := lc[max(0, h.start-40)+m[2] : max(0, h.start-40)+m[3]]; w != "ukraine" && w != "kyiv" {
					hidden = true
				}
			}
		}
		// "The U.S. Treasury temporarily eased sanctions on him so that he
		// could get a visa": sanctions on a person, not on Russia.
		hidden = hidden || h.issue == "sanctions-relief" && (strings.HasPrefix(lc[h.end:], " on him") || strings.HasPrefix(lc[h.end:], " on her ") || strings.HasPrefix(lc[h.end:], " against him") || strings.HasPrefix(lc[h.end:], " against her "))
		if h.pol > 0 && (h.issue == "sanctions-relief" || h.issue == "asset-unfreeze") && negPassiveEndRe.MatchString(lc[h.start:h.end]) {
			// "sanctions must not be eased", "sanctions on Russia should
			// not be lifted": the phrase's own verb negated, the issue
			// refused.
			h.pol = -1
		}
		// "the guarantees being prepared by the coalition of the willing":
		// the coalition named as the agent of another issue, not its force.
		hidden = hidden || h.issue == "foreign-troops" && strings.HasPrefix(lc[h.start:h.end], "coalition") && agentByRe.MatchString(lc[max(0, h.start-20):h.start])
		// Guarantees for Russia are not Ukraine's security guarantees.
		hidden = hidden || h.issue == "security-guarantees" && forRussiaRe.MatchString(lc[h.end:min(len(lc), h.end+20)])
		// Crimea is not one of the regions of the cession ("recognise Crimea
		// as Russian territory" is crimea-recognition only).
		hidden = hidden || h.issue == "territory-cession" && strings.Contains(lc[h.start:h.end], "crimea") && !namesCededRegion(lc[h.start:h.end])
		for j, o := range hits {
			if j == i {
				continue // itself (its polarity may be turned above)
			}
			if h.issue == "ceasefire" && o.issue == "ceasefire-monitoring" && o.start < h.start && overlaps(h, o) {
				hidden = true // "a mechanism to monitor the ceasefire": the monitoring; "a ceasefire monitored by" keeps both
			}
			if h.issue == "ceasefire" && (o.issue == "maritime-truce" || o.issue == "energy-truce" || o.issue == "frontline-freeze" && frozenWord(lc[h.start:h.end])) && overlaps(h, o) {
				hidden = true // "freeze the fighting along the front line" is the freeze, not a general ceasefire
			}
			if h.issue == o.issue && h.pol < 0 && o.pol > 0 && overlaps(h, o) {
				hidden = true
			}
			if h.issue == o.issue && h.pol == o.pol && (o.start < h.start || o.start == h.start && j < i) && overlaps(h, o) {
				hidden = true // one phrase names the issue once; its stance is read before its start
			}
		}
		if h.pol < 0 {
			// "sanctions must stay until Russia ...": the condition after the
			// phrase is read from its end (unlessAfterRe).
			for _, w := range []string{" until", " unless"} {
				if strings.HasSuffix(lc[h.start:h.end], w) {
					h.end -= len(w)
				}
			}
		}
		if h.issue == "territory-cession" && h.pol > 0 && giveUpOccupiedRe.MatchString(lc[h.start:h.end]) {
			h.pol = -1 // "give up the occupied lands": Russia handing land back, the cession undone
		}
		// "pulled back from the talks": leaving a process, not land.
		hidden = hidden || h.issue == "territory-cession" && strings.HasSuffix(lc[h.start:h.end], "back") && pullBackFromRe.MatchString(lc[h.end:min(len(lc), h.end+40)])
		if h.issue == "znpp-control" && russianPlantRe.MatchString(lc[max(0, h.start-50):min(len(lc), h.end+50)]) {
			// "the plant must remain under Russian control", "give up any
			// claim to the plant": Russia keeping it, the opposite of
			// handing it to a third party.
			h.pol = -1
		}
		if !hidden {
			out = append(out, h)
		}
	}
	return out
}

// otherNeutralRe ends at a state's possessive before its neutrality.
var otherNeutralRe = mustLex(`\b([a-z]+)(’s|'s) (permanent |long-standing |traditional |military |constitutional )?$`)

// refusedUntilRe opens the bound of a refusal right after it.
var refusedUntilRe = mustLex(`^\W{0,3}(until|before|as long as|so long as|while)\b`)

// negPassiveEndRe ends an issue phrase whose last verb is negated
// ("sanctions must not be eased").
var negPassiveEndRe = mustLex(`\b(not|never|no longer)( ever| yet)?( be| been| being)? (lifted|eased|removed|relaxed|loosened|dropped|scrapped|returned|unfrozen|released|unblocked|handed back|given back)$`)

// agentByRe ends right before the agent of a passive ("prepared by the").
var agentByRe = mustLex(`\bby (the )?(so-called )?$`)

// localTruceRe: a truce for one site or task (repairs at a plant).
var localTruceRe = mustLex(`\b(local|localised|localized|site-specific)( cease-?fires?| truces?)\b|\b(cease-?fire|truce) (zones?|windows?)\b`)

// namesCededRegion reports whether a phrase naming Crimea names one of the
// regions of the cession too ("recognition of Crimea and Donbass as
// Russian"): then it is both issues.
func namesCededRegion(m string) bool { return containsAny(m, cededRegionWords) }

var cededRegionWords = []string{"donbas", "donetsk", "luhansk", "zaporizh", "zaporozh", "kherson", "four regions", "new regions"}

// pullBackFromRe follows "pull back" when what is left is a process.
var pullBackFromRe = mustLex(`^ (from|out of) (the |its |their )?(talks|negotiations|deal|agreement|process|mediation|efforts?|commitments?|pledges?|plans?)\b`)

// russianPlantRe names Russia keeping the Zaporizhzhia plant.
var russianPlantRe = mustLex(`\b((operated|run|managed|controlled) (only |solely |exclusively )?by (russia|rosatom|moscow)|(a |an )?russian (facility|asset|property|plant)|under (russian|russia'?s|russia’s|moscow'?s|moscow’s) (control|ownership|management)|(russian|russia'?s|russia’s|moscow'?s|moscow’s) (control|ownership|sovereignty|management) (of|over)|give up (any |its |all )?claims? (to|on|over)|(handed|hand|handing|hands) (it |the plant |the station )?(over )?to russia|remain[a-z]* (russian|in russian hands))\b`)

// alongLineRe follows a ceasefire along the line of contact.
var alongLineRe = mustLex(`^ (along|at|on|across) (the |its |their )?(current |existing |present )?(front ?lines?|line of contact|contact line|battle ?lines?)\b`)

// frozenWord reports a ceasefire phrase told as a freeze ("freeze the
// fighting", "the fighting frozen"): along the line it is the freeze only,
// while "a ceasefire" or "halt the fighting" along the line is both.
func frozenWord(m string) bool {
	return strings.Contains(m, "freez") || strings.Contains(m, "froz")
}

// contrastNotRe ends a phrase with what is refused by contrast ("X, not Y").
var contrastNotRe = mustLex(`, not (be )?[a-z]+$`)

// forRussiaRe follows guarantees given to Russia.
var forRussiaRe = mustLex(`^ (for|to) (russia|moscow|the kremlin)\b`)

// giveUpOccupiedRe: land given up that the giver occupies (Russia's).
var giveUpOccupiedRe = mustLex(`^(give|giving|gave|given|gives) up\b[^.;]*\b(occupied|captured|seized|annexed)\b`)

var crimeaRecog = mustLex(`recogni([sz]|tion)|renounc|claims? (to|on) crimea|(get|gets|getting|keep|keeps|keeping|retain|retains|retaining) crimea|(stay|stays|remain|remains) (russian|part of russia)|returned|given back|com(e|ing) back|give up|giving up|gave up|ced(e|es|ed|ing)\b|hand(ing|ed)? over|relinquish|legitimi[sz]|surrender|part of russia|as russian|russian (control|sovereignty)|owns|annexation|sovereignty|consider`)

func overlaps(a, b issueHit) bool { return a.start < b.end && b.start < a.end }

func containsIssue(hs []issueHit, issue string) bool {
	for _, h := range hs {
		if h.issue == issue {
			return true
		}
	}
	return false
}

func dropIssue(hs []issueHit, issue string) []issueHit {
	out := hs[:0]
	for _, h := range hs {
		if h.issue != issue {
			out = append(out, h)
		}
	}
	return out
}

// triggerIndex maps the first three bytes of every trigger, and of every
// literal of an indexed need set, to the lexicon entries (or need sets)
// and literals that start with them, so that one pass over a clause finds
// every trigger of every entry and which need sets it holds: a need set
// asked of each triggered entry with strings.Contains per literal read the
// clause once a literal, a tenth of extraction's time.
var triggerIndex = func() map[uint32][]trigRef {
	m := map[uint32][]trigRef{}
	for ei, e := range issueLexicon {
		for _, t := range e.triggers {
			if len(t) < 3 {
				panic("extract: trigger shorter than 3 bytes: " + t)
			}
			m[key3u(t)] = append(m[key3u(t)], trigRef{int32(ei), -1, t})
		}
	}
	for ni, n := range needLits {
		if n.indexed {
			for _, t := range n.lits {
				m[key3u(t)] = append(m[key3u(t)], trigRef{-1, int32(ni), t})
			}
		}
	}
	return m
}()

// triggerTable is triggerIndex in an open-addressed table: the scan asks
// it at every position that passes triggerStart, where a Go map's look-up
// cost more than the rest of the scan.
var triggerTable = newRefTable(triggerIndex)

// refTable maps key3u keys to their refs: slots[i] (key 0: empty, no
// trigger starts with three NUL bytes) holds a key and where its refs
// are in refs, so that a probe reads one 8-byte slot.
type refTable struct {
	slots []refSlot
	refs  []trigRef
	mask  uint32
}

type refSlot struct {
	key    uint32
	lo, hi uint16 // refs[lo:hi]
}

func newRefTable(m map[uint32][]trigRef) *refTable {
	n := 16
	for n < 2*len(m) {
		n *= 2
	}
	t := &refTable{slots: make([]refSlot, n), mask: uint32(n - 1)}
	for k, r := range m {
		if k == 0 {
			panic("extract: a trigger starts with three NUL bytes")
		}
		if len(t.refs)+len(r) > 1<<16-1 {
			panic("extract: too many triggers for refTable")
		}
		t.slots[t.slot(k)] = refSlot{k, uint16(len(t.refs)), uint16(len(t.refs) + len(r))}
		t.refs = append(t.refs, r...)
	}
	return t
}

// slot returns where key k is, or the empty slot where it would go.
func (t *refTable) slot(k uint32) uint32 {
	i := k * 0x9E3779B1 >> 16 & t.mask
	for t.slots[i].key != k && t.slots[i].key != 0 {
		i = (i + 1) & t.mask
	}
	return i
}

// get returns the refs of key k (empty: none).
func (t *refTable) get(k uint32) []trigRef {
	s := t.slots[t.slot(k)]
	return t.refs[s.lo:s.hi]
}

// key3u packs the first three bytes of s (len(s) >= 3) as a map key.
func key3u(s string) uint32 { return uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2]) }

// trigRef is a literal of triggerIndex: a trigger of lexicon entry entry,
// or (entry -1) a literal of need set need.
type trigRef struct {
	entry, need int32
	lit         string
}

// needSet is a distinct literal set of the lexicon's need lists; indexed
// when every literal has the three bytes triggerIndex keys on.
type needSet struct {
	lits    []string
	indexed bool
}

// needLits are the distinct need sets of issueLexicon, needSets[ei] the
// indexes in it of entry ei's need list (entries share sets: "sanctions").
var needLits, needSets = func() ([]needSet, [][]int) {
	var sets []needSet
	ids := map[string]int{}
	per := make([][]int, len(issueLexicon))
	for ei, e := range issueLexicon {
		for _, n := range e.need {
			k := strings.Join(n, "\x00")
			id, ok := ids[k]
			if !ok {
				id = len(sets)
				ids[k] = id
				indexed := true
				for _, l := range n {
					indexed = indexed && len(l) >= 3
				}
				sets = append(sets, needSet{lits: n, indexed: indexed})
			}
			per[ei] = append(per[ei], id)
		}
	}
	return sets, per
}()

// triggerStart is a bitmap of the first two bytes of every literal of
// triggerIndex: most positions of a clause start none, and are skipped
// without a map lookup.
var triggerStart = func() *[1 << 16 / 8]byte {
	var b [1 << 16 / 8]byte
	for k := range triggerIndex {
		x := uint16(k >> 8)
		b[x>>3] |= 1 << (x & 7)
	}
	return &b
}()

// triggerScan returns, per lexicon entry, the [start, end) of its triggers in lc.
func triggerScan(lc string) [][][2]int {
	t := newTriggerHits()
	t.scan(lc)
	return t.at
}

// scanPool holds the per-entry trigger lists findIssues reuses: one list
// per lexicon entry for every clause would be most of its allocations.
var scanPool = sync.Pool{New: func() any { return newTriggerHits() }}

// triggerHits is what a scan of a clause finds (findIssues keeps them in
// scanPool): per lexicon entry the spans of its triggers, the entries
// that have any, and which indexed need sets the clause holds.
type triggerHits struct {
	at      [][][2]int
	entries []int
	needs   []bool // by index in needLits
	found   []int  // the needs set true
}

func newTriggerHits() *triggerHits {
	return &triggerHits{at: make([][][2]int, len(issueLexicon)), needs: make([]bool, len(needLits))}
}

// scan reads lc once, appending to t (empty) every trigger and need
// literal it holds. A clause of a scanned buffer (gatescan.go) is not
// read: its literals were found with the article's.
func (t *triggerHits) scan(lc string) {
	if sp, ok := locateText(lc); ok {
		t.scanAt(sp)
		return
	}
	for i := 0; i+3 <= len(lc); i++ {
		if x := uint16(lc[i])<<8 | uint16(lc[i+1]); triggerStart[x>>3]&(1<<(x&7)) == 0 {
			continue
		}
		for _, r := range triggerTable.get(key3u(lc[i : i+3])) {
			if strings.HasPrefix(lc[i:], r.lit) {
				t.add(r, i)
			}
		}
	}
}

// scanAt is scan for the text at sp, from the literals found there; each
// entry's triggers are put in order of start, as scan finds them.
func (t *triggerHits) scanAt(sp textSpan) {
	for h := range sp.inside {
		for _, r := range sp.di.sc.trigs[h.PatternID] {
			t.add(r, h.Start-sp.lo)
		}
	}
	for _, ei := range t.entries {
		if len(t.at[ei]) > 1 {
			sortSpans(t.at[ei])
		}
	}
}

// add records literal r found at i.
func (t *triggerHits) add(r trigRef, i int) {
	if r.entry < 0 {
		if !t.needs[r.need] {
			t.needs[r.need] = true
			t.found = append(t.found, int(r.need))
		}
		return
	}
	if len(t.at[r.entry]) == 0 {
		t.entries = append(t.entries, int(r.entry))
	}
	t.at[r.entry] = append(t.at[r.entry], [2]int{i, i + len(r.lit)})
}

// has reports whether lc, the clause t scanned, holds a literal of need
// set n.
func (t *triggerHits) has(lc string, n int) bool {
	if needLits[n].indexed {
		return t.needs[n]
	}
	return containsAny(lc, needLits[n].lits)
}

// reset empties t and puts it back in scanPool.
func (t *triggerHits) reset() {
	for _, ei := range t.entries {
		t.at[ei] = t.at[ei][:0]
	}
	for _, n := range t.found {
		t.needs[n] = false
	}
	t.entries, t.found = t.entries[:0], t.found[:0]
	scanPool.Put(t)
}

// windowsAt merges windows reaching before and after bytes around each hit
// (in order of start), each starting on a word boundary.
func windowsAt(s string, hits [][2]int, before, after int) [][2]int {
	var out [][2]int
	for _, h := range hits {
		st := max(0, h[0]-before)
		for st > 0 && st < h[0] && s[st-1] != ' ' {
			st++
		}
		w := [2]int{st, min(len(s), h[1]+after)}
		if n := len(out); n > 0 && w[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], w[1])
		} else {
			out = append(out, w)
		}
	}
	return out
}
