package extract

import (
	"iter"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

var (
	attackRe   = newPhrases("landed|exploded|struck|strike|strikes|striking|attack|attacks|attacked|attacking|shells|shelled|shelling|bombs|bombed|bombing|hit|hits|fired|launched|pound|pounds|pounded|targeted|targeting|shot|killed|killing|kills|explosion|explosions|blast|blasts|assault|raid|barrage|salvo|wounded|injured|fighting|clash|clashes|clashed|firefight|battle|battles|ambush|ambushed|landmine|mine blast|sniper|mortar|artillery|rocket fire|downed|destroy|destroyed|destroys|debris|fragments|wreckage|damaged|damaging")
	casualtyRe = newPhrases("killed|killing|kills|dead|died|death|deaths|death toll|toll|lives|wounded|wounding|injured|injuring|hurt|casualties|victim|victims|bodies")
	// habitualRe marks attacks told as a pattern or as history, not as one event.
	habitualRe = mustLex(`\b(in recent (days|weeks|months)|previously|repeatedly|regularly|frequently|often|every (day|night|week)|(has|have|had) continued to|continues to|since (19|20)\d\d|in (19|20)\d\d|last year|over the past (weeks|months|year)|throughout the war|since the (war|invasion) began|(attacks|strikes|shelling) [^.;]{0,30}\b(intensified|intensifying|intensify))\b`)
	// placeHabitRe describes a place by a habit ("near Barvinkove, a town
	// that is often used by families"), not the attack as one.
	placeHabitRe = mustLex(`\b(that|which|who) (is|are) (often|regularly|frequently|usually)\b`)
	// strongAttackRe names an attack by itself; "fighting" or "clashes" need a casualty figure.
	strongAttackRe = mustLexSplit(`\b(struck|strikes? (on|at|in|against|hit)|attack(s|ed)? (on|in|at|against)|attacked|shell(ed|ing)|bomb(ed|ing)|hit|hits|fired [^.;]{0,60}\b(at|on|into)|pound(s|ed)|launched [^.;]{0,60}\b(at|on)|missile strike|drone strike|air ?strike|explosions? (in|at|rocked)|ambush(ed)?|(debris|fragments|wreckage) ([a-z]+ly )?(fell|falling|hit|damaged|set fire|struck|crashed|came down)|(debris|fragments|wreckage) (of|from) (an?|the) ([a-z-]+ )?(drone|missile|uav|rocket)s? (had |has |have )?(caused|started|sparked|set|damaged|hit|fell|struck|crashed|landed)|(came|comes|has come|had come) under ([a-z-]+ ){0,2}(attack|shelling|bombardment)|(drone|missile|shell)s? (slammed|crashed|tore|smashed) into|(drone|missile|shell|rocket|bomb)s? ([a-z]+ly )?(damaged|destroyed|set fire to)|(strike|attack|shelling|bombing) (caused|triggered|sparked|knocked out)|(drone|missile|shell|rocket|bomb)s? (landed|exploded|fell) (next to|near|on|in|beside|close to|outside)|(was|were|has been|have been) (damaged|destroyed|set ablaze|set on fire))\b`)
	// A request to stop strikes ("asked Putin to stop hitting Kyiv") or
	// strikes prepared tell none.
	hypoRe     = newPhrases("prepar*|sirens|siren|air raid|threat|threaten*|warn*|could|would|might|may|if|plan to|plans to|intend*|alert|prevent*|stop hitting|stop striking|stop attacking|stop shelling|stop bombing|refrain from")
	anaphoraRe = newPhrases("the attack|the strike|the strikes|the city|the town|the blast|the explosion|the missile|the shelling|the bombing|the toll|the death toll|dead|died|killed|wounded|injured|victim|victims|bodies|deaths|casualties|rescuer|rescuers|emergency service|emergency services|mourning")
	prevTollRe = mustLex(`\b(previous|earlier|initial|preliminary|first) (toll|tolls|figure|figures|count|counts|reports?)\b`)

	numWord = `(\d[\d,]*\d|\d|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|dozens|two dozen|a hundred|hundreds)`
	qual    = `(?:(at least|more than|over|nearly|almost|about|around|up to|some|roughly|approximately|as many as|fewer than|less than|close to)\s+)?`
	noun    = `(?:\s+(?:people|persons|person|inmates|civilians|children|adults|residents|soldiers|servicemen|troops|militants|rebels|fighters|others|more|men|women|police(?:men)?|officers|workers|passengers|ukrainians|russians|separatists|militiamen|militias|militia members|militia fighters|policemen|servicemembers|protesters|demonstrators|activists|guards|prisoners|miners|rescuers|firefighters|medics|journalists|volunteers|pensioners|students|teenagers|farmers|drivers|[a-z]+ (?:soldiers|servicemen|troops|civilians|militants|fighters|people)))?`
	// nounOf is noun with staff named by their employer ("two employees
	// of the Emergencies Ministry died").
	nounOf    = `(?:` + noun + `|\s+(?:employees|staff members|crew members|members|workers|officers) of (?:the )?[a-z'’-]+(?: [a-z'’-]+){0,2})`
	personSg  = `(?:civilian|man|woman|soldier|serviceman|servicewoman|militiaman|fighter|rebel|child|boy|girl|resident|policeman|police officer|officer|volunteer|journalist|medic|pensioner|teenager|driver|person|worker|farmer|baby|infant|toddler|student|rescuer|firefighter|paramedic|doctor|nurse)`
	personAny = `(?:` + personSg + `|people|persons|civilians|children|adults|residents|soldiers|servicemen|troops|militants|rebels|fighters|men|women|policemen|officers|workers|passengers|militiamen|rescuers|firefighters|medics|journalists|protesters|demonstrators|activists|volunteers|pensioners)`
	listItem  = qual + `(?:` + numWord + `|an?)(?:\s+[a-z]+)?\s+` + personAny
	// objItem is a listItem that may follow a possessive ("her two children").
	objItem = `(?:(?:her|his|their)\s+)?` + qual + `(?:` + numWord + `|an?)(?:\s+(?:\d+|[a-z]+)-year-old|\s+[a-z]+)?\s+` + personAny + `\b`
	// "34 people died", "eight people are reported to have been killed", "21 confirmed dead"
	killAfterRe = mustLex(`` + qual + numWord + nounOf + `(?:,?\s+(?:(?:including|among them|among whom) [^,.;]{1,40},\s*)?)?(?:\s+(?:were|was|have been|had been|have|has|had|are|is|been|reported|confirmed|reportedly|also|later|now|are reported to have been|were reported|were confirmed|shot|fatally))*\s+(killed|dead|died|die|deaths|fatalities|perished|lost their lives)\b`)
	// "killing 35 people", "killed at least 34", "kills 16", "claimed the lives of 8"
	killBeforeRe = mustLex(`\b(bodies of|(?:killing|killed|kills|kill)(?: an?| the)?(?: entire)? family of|killing|killed|kills|kill|claimed the lives of|lives of)\s+` + qual + numWord + `\b`)
	// "death toll rose to 20", "the number of people killed ... rose to 26": far from its word, so apart
	// "bringing the total to six", "the dead numbered 15", "the number of victims had grown to 12"
	killTollRe = mustLex(`\b((?:(?:death )?toll|number of (?:the )?(?:dead|deaths|victims|fatalities|people killed|those killed))[^.;]{0,120}?\b(?:rises|rose|risen|climbed|reached|stands at|stood at|increased|jumped|grew|grown|went up)(?:\s+to)?|death toll (?:\w+ ){0,3}(?:to|of|at|reached|stands at|hit)|toll (?:\w+ ){0,2}(?:to|of|at|reached|hit)|bringing (?:the )?(?:overall |total )?(?:total|number of (?:the )?(?:dead|deaths|fatalities)) (?:\w+ ){0,2}to|(?:the )?dead (?:numbered|totalled|totaled|stood at|now stand at))\s+` + qual + numWord + `\b`)
	// "the attack claimed 14 lives": the figure before its word, grouped as killAfterRe's.
	killLivesRe = mustLex(`\bclaim(?:ed|s|ing)\s+` + qual + numWord + `\s+(?:more\s+|civilian\s+|human\s+)?lives\b`)
	// "killing a woman and her two children", "the bodies of a woman and a
	// child": a list of victims after the verb.
	killObjListRe = mustLex(`\b(?:killing|killed|kills|bodies of)\s+(` + objItem + `(?:(?:,\s*|\s+and\s+|,\s+and\s+)` + objItem + `)+)`)
	singleKillRe  = mustLex(`\b(civilian|man|woman|soldier|serviceman|servicewoman|militiaman|militia member|militia fighter|fighter|rebel|child|boy|girl|resident|policeman|police officer|officer|volunteer|journalist|medic|member|pensioner|teenager|driver|sapper|commander|scout|sniper|separatist|militant|paramedic|person|guard|employee|worker|passer-by|passerby|firefighter|rescuer)(?:\s+in\s+(?:his|her)\s+[a-z]+|,\s+aged\s+\d+,|\s+aged\s+\d+|\s+of\s+\d+)?\s+(?:(?:was|has been|had been|has|had|is|said|reported|reportedly|later|also)\s+)*(killed|dies|died|dead|slain)\b`)
	// "killing a 12-year-old boy", "killed an elderly woman": one victim named by the article "a".
	singleObjRe = mustLex(`\b(killing|killed|kills|kill)\s+(?:a|an|one|the)\s+(?:\d+-year-old\s+|[a-z]+\s+)?` + personSg + `\b`)
	// "two soldiers and one civilian were killed": a coordinated list whose figures add up.
	killListRe  = mustLex(`` + listItem + `(?:(?:,\s*|\s+and\s+|,\s+and\s+)` + listItem + `)+(?:\s+(?:were|was|have been|had been|have|has|had|are|been|reportedly|also|shot))*\s+(killed|dead|died|perished)\b`)
	hurtListRe  = mustLex(`` + listItem + `(?:(?:,\s*|\s+and\s+|,\s+and\s+)` + listItem + `)+(?:\s+(?:were|was|have been|had been|have|has|had|are|been|reportedly|also))*\s+(wounded|injured|hurt)\b`)
	listNumRe   = mustLex(`\b(?:` + numWord + `|an?)\b`) // "a police officer" is one
	hurtAfterRe = mustLex(`` + qual + numWord + noun + `(?:,?\s+including [^,.;]{1,40}?,?)?(?:\s+(?:were|was|have been|had been|are|is|been|reported|reportedly|also|others|more))*\s+(wounded|injured|hurt|hospitali[sz]ed)\b`)
	// "16 injured; by the evening, the number had risen to 30": the number
	// revised after the word is the figure.
	hurtBeforeRe = mustLex(`\b(wounding|wounded|injuring|injured|injures|wounds|hurt|number of (?:the )?(?:injured|wounded|people injured|people wounded)[^.;]{0,40}?\b(?:rose|rises|risen|climbed|increased|reached|jumped|stands at|stood at)(?:\s+to)?|(?:injured|wounded|hurt)[;,]?[^.;]{0,40}?\bthe (?:number|figure) (?:had |has )?(?:risen|rose|climbed|grown|grew|increased|jumped|reached)(?:\s+to)?)\s+` + qual + numWord + `\b`)

	numbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12,
		"dozens": 24, "two dozen": 24, "hundreds": 200}
)

// weaponLexicon maps phrases to SCHEMA weapons, most specific first.
var weaponLexicon = []struct {
	re     *lexRe
	weapon string
}{
	{mustLex(`ballistic missiles?|iskander|kn-23|kinzhal|tochka`), "ballistic-missile"},
	{mustLex(`cruise missiles?|kh-101|kh-555|kalibr|kh-22|kh-59|kh-69|storm shadow|tomahawk`), "cruise-missile"},
	{mustLex(`cluster (munitions?|bombs?|warheads?)`), "cluster-munition"},
	{mustLex(`\b(drones?|shaheds?|uavs?|loitering munitions?|geran)\b`), "drone"},
	{mustLex(`glide bombs?|guided (aerial )?bombs?|\bkabs?\b`), "glide-bomb"},
	{mustLex(`\b(mlrs|grads?|rocket launchers?|multiple rocket|smerch|uragan|himars|rocket fire|rockets)\b`), "mlrs"},
	{mustLex(`\b(artillery|shell(s|ed|ing)|howitzers?|mortars?|tank fire)\b`), "artillery"},
	{mustLex(`\b(air ?strikes?|aircraft|warplanes?|jets?|bombers?|aerial bomb)\b`), "aircraft"},
	{mustLex(`\b(small arms|gunfire|sniper|machine gun|shot dead|shooting|gunmen|rifles?)\b`), "small-arms"},
	{mustLex(`\bmissiles?\b`), "missile"},
}

var targetLexicon = []struct {
	re     *lexRe
	target string
}{
	{mustLex(`\b(energy|power (plant|station|grid|line)s?|substations?|thermal|electricity|gas (facility|infrastructure)|oil refinery|refinery|heating)\b`), "energy"},
	{mustLex(`\b(ports?|harbou?r|grain terminal|docks?)\b`), "port"},
	{mustLex(`\b(people|residential|playground|civilians?|children|apartment|houses?|homes?|city cent(er|re)|street|trolleybus|bus|hospital|school|church|market|shopping|restaurant|cafe|high-rise|educational)\b`), "civilian"},
	{mustLex(`\b(railway|rail|bridge|infrastructure|airport|warehouse|industrial|factory|enterprise)\b`), "infrastructure"},
	{mustLex(`\b(military|base|troops|soldiers|servicemen|positions|airfield|army|checkpoint|militants|rebels|separatists|fighters|militiam[ae]n|commanders)\b`), "military"},
}

// incident is an incident being assembled from the sentences of an article.
type incident struct {
	place     *Place
	first     Sentence
	date      string
	dated     bool
	killed    int
	hasKilled bool
	killedRev bool // the figure comes from a revised or latest toll
	injured   int
	hasInj    bool
	// dateAttack: the date came from a sentence telling the attack itself
	// ("drones struck shortly before midnight on December 31"), not only a
	// toll ("three people died in hospital today").
	dateAttack bool
	para       int // the paragraph it was told in last
	weapons    map[string]bool
	perp       map[string]int
	target     map[string]int
	lastSent   int
}

// parseNum reads a number phrase ("34", "1,200", "nearly a dozen").
func parseNum(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, ok := numbers[s]; ok {
		return n, true
	}
	if tens, units, ok := strings.Cut(s, "-"); ok { // "twenty-five"
		t, ok1 := numbers[tens]
		u, ok2 := numbers[units]
		if ok1 && ok2 && t >= 20 && t%10 == 0 && u < 10 {
			return t + u, true
		}
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return n, err == nil
}

// figures counts the words of lc that are numbers ("12", "two", "twenty-five").
func figures(lc string, ws []span) int { return figuresIn(lc, ws, 0, len(lc)) }

// figuresIn counts the number words of lc between byte offsets from and to.
func figuresIn(lc string, ws []span, from, to int) int {
	n := 0
	for _, w := range ws {
		if w.start < from || w.end > to {
			continue
		}
		t := lc[w.start:w.end]
		tens, _, _ := strings.Cut(t, "-")
		if _, ok := numbers[tens]; ok || t[0] >= '0' && t[0] <= '9' || t == "dozen" {
			n++
		}
	}
	return n
}

// sumList adds the figures of a coordinated casualty list ("two soldiers
// and one civilian were killed" is 3). It looks only at the 90 bytes that
// end at each casualty word, and only where a list separator is there: the
// list pattern has no literal to gate on and would be slow on whole windows.
// Sub-counts ("including six children and two women") are skipped.
func sumList(re *lexRe, s, lc string, ws []span, hits [][]int) (int, bool) {
	best, found := 0, false
	for _, h := range hits {
		st := max(0, h[0]-90)
		seg := lc[st:h[1]]
		if !strings.Contains(seg, " and ") && !strings.Contains(seg, ", ") {
			continue
		}
		if n := figuresIn(lc, ws, st, h[0]); n == 0 || n == 1 && !strings.Contains(seg, "and a") && !strings.Contains(seg, ", a") {
			continue
		}
		for _, m := range re.findAllExact(seg, -1, false) {
			if m[1] != len(seg) {
				continue
			}
			if pre := lc[max(0, st+m[0]-14) : st+m[0]]; strings.Contains(pre, "including") || strings.Contains(pre, "among them") {
				continue
			}
			if sum, ok := listTotal(seg[m[0]:m[1]], false); ok && sum > best {
				best, found = sum, true
			}
		}
	}
	return best, found
}

// casualties finds killed and injured figures in a sentence, skipping
// sub-counts ("including six children") and superseded tolls.
func casualties(s string) (killed, injured int, hasK, hasI bool) {
	return casualtiesLC(s, asciiLower(s))
}

// casualtiesLC is casualties with s already lower-cased.
func casualtiesLC(s, lc string) (killed, injured int, hasK, hasI bool) {
	// "No one was killed": "one" is no figure.
	if strings.Contains(lc, "no one") || strings.Contains(lc, "not one") {
		lc = strings.NewReplacer("no one", "nobody", "not one", "not any").Replace(lc)
	}
	// "killed two people, and another three died in hospital": the further
	// victims add to the figure before them.
	if strings.Contains(lc, "another ") || strings.Contains(lc, "further ") || strings.Contains(lc, "additional ") {
		if k, inj, hk, hi, ok := furtherVictims(s, lc); ok {
			return k, inj, hk, hi
		}
	}
	ws := words(lc)
	killHits, hurtHits := killWordSet.FindAll(lc, ws), hurtWordSet.FindAll(lc, ws)
	if len(killHits) == 0 && len(hurtHits) == 0 {
		return
	}
	// The patterns run on windows around the casualty words only: Go's
	// regexp is slow on them and most of a sentence is elsewhere. A figure
	// sits less than 80 bytes before its word ("at least 34 people are
	// reported to have been killed") or 100 after ("death toll ... rises to 2").
	toWins := func(hits [][]int, before, after int) [][2]int {
		spans := make([][2]int, len(hits))
		for i, h := range hits {
			spans[i] = [2]int{h[0], h[1]}
		}
		return windowsAt(lc, spans, before, after)
	}
	// A figure before its word ("34 people were killed") ends at the word
	// (or a few bytes after: "lost their lives"); a figure after it starts
	// at most a few words before ("the number of dead rose to"). Narrower
	// windows matter: these patterns are too big for Go's backtracker and
	// run on its slower NFA, whose cost is linear in the window.
	killWins := toWins(killHits, 80, 100)
	figBeforeKill, figBeforeHurt := toWins(killHits, 80, 12), toWins(hurtHits, 80, 12)
	figAfterKill, figAfterHurt := toWins(killHits, 30, 150), toWins(hurtHits, 30, 100)
	figAfterKillNear := toWins(killHits, 30, 70)
	take := func(res []*lexRe, wins [][2]int, group func([]int) (int, int)) (int, bool) {
		best, found := 0, false
		// Every pattern here holds a figure (numWord): a window with no
		// number word is not searched.
		wins = withFigures(lc, wins)
		for _, re := range res {
			for _, m := range findInWindows(re, lc, wins) {
				a, b := group(m)
				if a < 0 {
					continue
				}
				if a > 0 && (s[a-1] == ':' || s[a-1] == '.' || s[a-1] >= '0' && s[a-1] <= '9' || s[a-1] == '-' && a > 1 && s[a-2] >= '0' && s[a-2] <= '9') {
					continue // a time ("11:00"), a decimal or a range
				}
				if prevTollRe.MatchString(lc[max(0, m[0]-30) : m[0]+min(12, m[1]-m[0])]) {
					continue // "a previous toll of 32 dead": superseded
				}
				pre := lc[max(0, m[0]-14):m[0]]
				if strings.Contains(pre, "including") || strings.Contains(pre, "among them") || strings.Contains(pre, "of whom") {
					continue
				}
				if strings.HasSuffix(pre, " of ") && ageOfRe.MatchString(lc[max(0, a-24):a]) {
					continue // "a woman of 77 has died": an age, not a figure
				}
				if re == killTollRe && hurtWordSet.MatchString(lc[m[0]:a]) {
					// "the toll had grown: a woman had died and the number
					// of injured had risen to 23": the wounded's figure.
					continue
				}
				if n, ok := parseNum(s[a:b]); ok && n < 100000 {
					if !found || n > best {
						best = n
					}
					found = true
				}
			}
		}
		return best, found
	}
	after := func(m []int) (int, int) { return m[4], m[5] }
	before := func(m []int) (int, int) { return m[6], m[7] }
	// killAfterRe has its figure before the word, killBeforeRe after it.
	k1, f1 := take([]*lexRe{killAfterRe}, fromFigure(lc, figBeforeKill), after)
	k2, f2 := take([]*lexRe{killBeforeRe}, figAfterKillNear, before)
	if k3, f3 := take([]*lexRe{killTollRe}, figAfterKill, before); f3 && (!f2 || k3 > k2) {
		k2, f2 = k3, true
	}
	if strings.Contains(lc, " lives") {
		if k4, f4 := take([]*lexRe{killLivesRe}, figBeforeKill, after); f4 && (!f1 || k4 > k1) {
			k1, f1 = k4, true
		}
	}
	h1, g1 := take([]*lexRe{hurtAfterRe}, fromFigure(lc, figBeforeHurt), after)
	h2, g2 := take([]*lexRe{hurtBeforeRe}, figAfterHurt, before)
	killed, hasK = max(k1, k2), f1 || f2
	if figures(lc, ws) >= 1 { // a list needs a figure
		if n, ok := sumList(killListRe, s, lc, ws, killHits); ok && n > killed {
			killed, hasK = n, true
		}
		if n, ok := sumList(hurtListRe, s, lc, ws, hurtHits); ok && n > max(h1, h2) {
			h1, g1 = n, true
		}
	}
	if n, ok := sumObjList(lc, objListSpans(lc)); ok && n > killed {
		killed, hasK = n, true
	}
	if !hasK && len(killWins) > 0 && singleObjRe.MatchString(lc) {
		killed, hasK = 1, true
	}
	if !hasK && len(killWins) > 0 && singleKillRe.MatchString(lc) {
		killed, hasK = 1, true
	}
	if !hasK && len(killHits) > 0 && (strings.Contains(lc, ", ") || strings.Contains(lc, " and ")) {
		// "a young woman, her six-month-old daughter and her 12-year-old
		// niece were killed": the victims listed before the verb, one each.
		if n, ok := victimListBefore(lc); ok {
			killed, hasK = n, true
		}
	}
	if strings.Contains(lc, "body") {
		if m := ordinalBodyRe.FindStringSubmatchIndex(lc); m != nil {
			// "found the body of a fifth person", "the toll had risen to
			// two, and later a third body had been found": the dead now
			// number five, three (a later find beats the toll before it).
			g := m[2:4]
			if g[0] < 0 {
				g = m[6:8]
			}
			if n := ordinals[lc[g[0]:g[1]]]; !hasK || n > killed {
				killed, hasK = n, true
			}
		}
	}
	if !hasK && len(killWins) > 0 && ordinalDiedRe.MatchString(lc) {
		killed, hasK = 1, true // "a second employee of the plant later died in hospital"
	}
	injured, hasI = max(h1, h2), g1 || g2
	if !hasI && strings.Contains(lc, "medical") {
		// "seven others were receiving medical help": the wounded, as
		// Ukrainian officials count them.
		if m := medHelpRe.FindStringSubmatchIndex(lc); m != nil {
			if n, ok := parseNum(lc[m[4]:m[5]]); ok {
				injured, hasI = n, true
			}
		}
	}
	if !hasI && len(hurtHits) > 0 && singleHurtRe.MatchString(lc) {
		injured, hasI = 1, true // "one person was injured", "a woman was wounded"
	}
	if !hasK && !hasI && noCasualtyRe.MatchString(lc) {
		// "there were no casualties": nobody killed or hurt.
		hasK, hasI = true, true
	} else if !hasK && noKillRe.MatchString(lc) {
		hasK = true // "Nobody was killed": a figure of 0
	}
	if !hasK && !hasI && strings.Count(lc, "—") >= 2 {
		// "two women — a 68-year-old resident and a 22-year-old metro
		// police officer — were killed": the figure read with the
		// apposition between dashes left out.
		if cs, clc, ok := cutDashApposition(s, lc); ok {
			return casualtiesLC(cs, clc)
		}
	}
	return
}

// medHelpRe counts the wounded by the care they get ("seven others were
// receiving medical help", "12 people sought medical assistance").
var medHelpRe = mustLex(`\b` + qual + numWord + noun + `\s+(?:(?:were|are|have|had|been|was|is|also)\s+)*(?:receiving|received|seeking|sought|needed|needing|requiring|required|given|provided with|treated with)\s+(?:medical|medical and psychological)\s+(?:help|assistance|care|treatment|aid|attention)\b`)

// cutDashApposition returns s and lc without their first apposition set
// between em dashes (at most 120 bytes, no sentence stop inside).
func cutDashApposition(s, lc string) (string, string, bool) {
	i := strings.Index(lc, "—")
	if i < 0 {
		return s, lc, false
	}
	j := strings.Index(lc[i+len("—"):], "—")
	if j < 0 || j > 120 || strings.ContainsAny(lc[i:i+len("—")+j], ".;") {
		return s, lc, false
	}
	j += i + 2*len("—")
	return s[:i] + s[j:], lc[:i] + lc[j:], true
}

// victimListBefore adds the victims a sentence lists before "were killed"
// or "died" with no figure ("a young woman, her six-month-old daughter and
// her 12-year-old niece were killed" is 3): an item opened by "a", "an" or
// a possessive counts one, one opened by a figure counts the figure.
func victimListBefore(lc string) (int, bool) {
	best, found := 0, false
	for _, v := range []string{" were killed", " were all killed", " have been killed", " had been killed", " died", " were found dead"} {
		for i := range indexes(lc, v) {
			seg := lc[max(0, i-160):i]
			m := victimListRe.re.FindStringSubmatchIndex(seg)
			if m == nil || m[1] != len(seg) {
				continue
			}
			n, ok := 0, true
			for _, it := range victimItemRe.re.FindAllString(seg[m[0]:m[1]], -1) {
				f := strings.Fields(it)
				w := f[0]
				if (w == "her" || w == "his" || w == "their") && len(f) > 1 {
					if k, isNum := parseNum(f[1]); isNum && !strings.Contains(f[1], "-") {
						n += k
						continue
					}
					n++
					continue
				}
				if w == "a" || w == "an" || w == "one" {
					n++
					continue
				}
				k, isNum := parseNum(w)
				if !isNum {
					ok = false
					break
				}
				n += k
			}
			if ok && n > 1 && n > best {
				best, found = n, true
			}
		}
	}
	return best, found
}

// victimItem is one victim (or a counted group) of a list: "a young
// woman", "her 12-year-old niece", "two soldiers".
var victimItem = `(?:a|an|one|her|his|their|` + numWord + `)(?:\s+[a-z0-9]+(?:-[a-z0-9]+)*){0,2}\s+(?:` + personAny + `|daughters?|sons?|nieces?|nephews?|mother|father|wife|husband|grandmother|grandfather|grand(?:son|daughter|child)(?:ren|s)?|sisters?|brothers?|parents|relatives?|friends?|neighbou?rs?|police officer|officer)\b`

var (
	victimListRe = mustLex(`\b` + victimItem + `(?:(?:,\s*|\s+and\s+|,\s+and\s+)` + victimItem + `)+$`)
	victimItemRe = mustLex(victimItem)
)

// ordinalBodyRe counts the dead by the body found last.
// "a third body had been found": the dead now number three.
var ordinalBodyRe = mustLex(`\bbody of an? (second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (person|victim|man|woman|child|resident|civilian|passenger)\b|\ban? (second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (body|victim's body)( (was|had been|has been|were) ([a-z]+ )?(found|recovered|pulled|retrieved))\b`)

// ageOfRe ends at a person named with an age ("a woman of 77").
var ageOfRe = mustLex(`\b(man|woman|boy|girl|resident|pensioner|person|child|driver|civilian) of $`)

var ordinals = map[string]int{"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}

// withFigures keeps the windows of lc that may hold a figure: a digit or
// the letters of a number word (numWord's literals, as substrings, so that
// the test is exact: "someone" holds "one" as the patterns read it).
func withFigures(lc string, wins [][2]int) [][2]int {
	out := wins[:0:0]
	for _, w := range wins {
		if t := lc[w[0]:w[1]]; strings.ContainsAny(t, "0123456789") || numberLits.in(t) {
			out = append(out, w)
		}
	}
	return out
}

// fromFigure returns the windows with each start moved to where a match
// of a pattern that opens with qual and numWord (killAfterRe, hurtAfterRe)
// may start first: the window's first figure (a digit or a number word's
// letters), less the whitespace before it and the longest qualifier
// ("approximately", 13 bytes). Those patterns assert nothing at their
// start, so a window cut there finds what the whole window finds.
func fromFigure(lc string, wins [][2]int) [][2]int {
	out := make([][2]int, len(wins))
	copy(out, wins)
	for i, w := range out {
		f := firstFigure(lc[w[0]:w[1]])
		if f < 0 {
			continue
		}
		f += w[0]
		for f > w[0] && (lc[f-1] == ' ' || lc[f-1] >= '\t' && lc[f-1] <= '\r') {
			f--
		}
		out[i][0] = max(w[0], f-13)
	}
	return out
}

// firstFigure returns the offset in t of its first digit or number word's
// letters, or -1.
func firstFigure(t string) int {
	f := strings.IndexAny(t, "0123456789")
	for _, l := range numberWords {
		lim := len(t)
		if f >= 0 {
			lim = min(len(t), f+len(l)-1)
		}
		if k := strings.Index(t[:lim], l); k >= 0 && (f < 0 || k < f) {
			f = k
		}
	}
	return f
}

// numberWords are numWord's number words (numberLits as a list).
var numberWords = strings.Fields(`one two three four five six seven eight nine ten eleven twelve thirteen
	fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen`)

// numberLits are the literals of numWord's number words.
var numberLits = newLitSet(numberWords)

// noKillRe says that nobody died; noCasualtyRe that nobody died or was hurt.
var (
	noKillRe = mustLex(`\b(nobody|no one|no-one|no people|no civilians|none of them)( was| were| had been| has been| have been| is| are)?( reported)? (killed|dead|died)\b|\bno (deaths|fatalities|dead)\b`)
	// "there were no casualties", "nobody was hurt": nobody killed or hurt.
	noCasualtyRe = mustLex(`\bno (casualties|victims|injuries or deaths|deaths or injuries)\b|\b(nobody|no-one|no people|no civilians|none of them)( (in|at|on) (the|this) [a-z]+)?( was| were| had been| has been| have been)?( reported)? (hurt|injured|harmed|wounded)\b`)
)

// sectionOf reports whether a place named as a district ("in the
// Holosiivskyi district") lies within a city that already has an
// incident: the same attack on that city.
func sectionOf(p, city *Place, lc string) bool {
	if p.Kind != City || city.Kind != City || !strings.Contains(lc, " district") {
		return false
	}
	if strings.Contains(lc, "village of ") || strings.Contains(lc, "settlement of ") {
		// "the village of Pohreby in Brovary district": a village of the
		// district around a city, not a section of it.
		return false
	}
	dlat := (p.Lat - city.Lat) * 111
	dlon := (p.Lon - city.Lon) * 111 * math.Cos(city.Lat*math.Pi/180)
	return dlat*dlat+dlon*dlon < 15*15
}

// incidentUnits returns the parts of the article read for incidents: its
// sentences, and the clauses of a sentence that names two places or more
// ("Four people were killed in the Kyiv region, while in the capital
// itself debris set fire to a dormitory"; "missiles struck a plant in
// Kryvyi Rih, and in Kremenchuk a bridge was damaged"): each tells its
// own strike and toll.
func (x *Extractor) incidentUnits(d *doc) []Sentence {
	out := make([]Sentence, 0, len(d.sents))
	for _, s := range d.sents {
		if !strings.Contains(s.Text, "; ") && !strings.Contains(s.Text, ", while ") && !strings.Contains(s.Text, " and in ") && !strings.Contains(s.Text, ", where ") {
			out = append(out, s)
			continue
		}
		n := 0
		for _, m := range x.gaz.Find(s.Text) {
			if m.Place.Country == "UA" || m.Place.Country == "RU" {
				n++
			}
		}
		if n < 2 {
			out = append(out, s)
			continue
		}
		prev := 0
		for _, m := range unitBreakRe.FindAllStringIndex(s.Text, -1) {
			out = append(out, Sentence{Start: s.Start + prev, End: s.Start + m[0], Text: s.Text[prev:m[0]], Para: s.Para, Index: s.Index})
			prev = m[1]
			if b := s.Text[m[0]:m[1]]; strings.HasSuffix(b, "in ") || strings.HasSuffix(b, "at ") || strings.HasSuffix(b, "on ") {
				prev = m[1] - 3 // "in Kremenchuk" opens the clause after
			} else if strings.HasSuffix(b, ", where ") {
				prev = m[0] + strings.Index(b, "and ") + 4 // "Kharkiv, where drones hit ..." opens it
			}
		}
		out = append(out, Sentence{Start: s.Start + prev, End: s.End, Text: s.Text[prev:], Para: s.Para, Index: s.Index})
	}
	return out
}

// afterEventRe places an attack in time by another one told after it.
var afterEventRe = mustLex(`\b(hours|a day|days|a week|weeks|minutes|shortly|just|a night|the day) after\b`)

// unitBreakRe parts the clauses of a sentence that tell strikes on
// several places.
// "Russia attacked Lviv, where ..., and Kharkiv, where drones hit ...":
// each place with its own clause.
var unitBreakRe = mustLex(`; |, while |,? and (?:in|at|on) |,? and [A-Z][a-z]+(?:[- ][A-Z][a-z]+)?, where `)

// incidents finds the attacks an article reports as having happened, one per
// place, with their latest casualty figures.
func (x *Extractor) incidents(d *doc) []IncidentClaim {
	pubDay := d.a.Date.Format("2006-01-02")
	var list []*incident
	var cur *incident
	// pending is an attack told with no place ("Russia fired 375 drones and
	// 21 missiles at Ukraine"): the places a sentence or two after it name
	// ("In Kyiv, one person was killed") take its date, weapons and attacker.
	var pending *incident
	pendingAt := -10
	// scene is a place a sentence names with an attack it does not tell as
	// a strike ("In Lviv itself, explosions were heard"): the strike the
	// next sentence tells without a place fell there.
	var scene *Place
	sceneAt, scenePara := -10, -1
	hurtOnlyAt := -10 // the sentence that last gave the wounded and no dead
	for _, s := range x.incidentUnits(d) {
		whole := len(s.Text) == len(d.sents[s.Index].Text) // the sentence itself, not one of its clauses
		lc := d.lower[s.Index]
		if !whole {
			lc = asciiLower(s.Text)
		}
		attack := attackRe.MatchString(lc)
		k, inj, hasK, hasI := casualtiesLC(s.Text, lc)
		if hasK && !hasI && s.Index == hurtOnlyAt+1 && bareTollRe.MatchString(lc) && !deathWordRe.MatchString(lc) {
			// "Klitschko first said nine people had been wounded. By
			// mid-morning he put the toll at 12": a bare toll revises the
			// figure told just before, here the wounded.
			inj, hasI, k, hasK = k, true, 0, false
		}
		if hasI && !hasK {
			hurtOnlyAt = s.Index
		} else if hasK {
			hurtOnlyAt = -10
		}
		if !attack && !hasK && !hasI {
			continue
		}
		hypo := hypoRe.MatchString(lc) && !hasK && !hasI || habitualRe.MatchString(lc) && !(placeHabitRe.MatchString(lc) && !habitualRe.MatchString(placeHabitRe.re.ReplaceAllString(lc, "")))
		place := x.incidentPlace(s.Text, lc, hasK || hasI)
		if (hasK || hasI) && place != nil && strings.Contains(lc, " after ") {
			// "A drone struck a kindergarten in Kharkiv ..., hours after an
			// attack on Kyiv that killed six people": the toll after
			// "hours after" is the other place's.
			if m := afterEventRe.FindStringIndex(lc); m != nil {
				if p2 := x.incidentPlace(s.Text[m[1]:], lc[m[1]:], true); p2 != nil && !placesEqual(p2, place) {
					if p1 := x.incidentPlace(s.Text[:m[0]], lc[:m[0]], false); p1 != nil && placesEqual(p1, place) {
						k, inj, hasK, hasI = casualtiesLC(s.Text[:m[0]], lc[:m[0]])
					}
				}
			}
		}
		sday, sdated := "", false // the date the sentence gives, for a sentence naming a place
		resolved := false
		// The date is resolved only for a sentence that tells an incident:
		// resolving is the costliest step here.
		resolve := func() {
			if resolved {
				return
			}
			resolved = true
			if !(place != nil || cur != nil && attackNounRe.MatchString(lc)) {
				return
			}
			// A date after a revised toll or a speech verb dates the report
			// ("the toll rose to 26 on Thursday", "officials said on
			// Saturday"), not the attack.
			text := blankIncidentDates(stripDateline(s.Text))
			if cur != nil && sameTimeRe.MatchString(lc) {
				// "Russia had attacked its plants in Dobrotvir, Burshtyn
				// and Kalush the same night": the night of the attack just
				// told (undated, the article's day).
				sday, sdated = cur.date, true
				if !cur.dated {
					sday = pubDay
				}
				return
			}
			if dc, ok := ResolveDate(text, d.a.Date, Past); ok && !dc.Day.After(d.a.Date) {
				sday, sdated = dc.Day.Format("2006-01-02"), true
				// "rubble cleared on Thursday as the toll of the assault on
				// the capital on Tuesday rose": the attack's own date wins.
				if !weekdayAfter(text[dc.End:]) {
					// no second weekday: nothing to prefer
				} else if m := attackDayRe.FindStringIndex(text); m != nil && m[1]-10 > dc.Start {
					if ac, ok := ResolveDate(text[m[0]:m[1]], d.a.Date, Past); ok && !ac.Day.After(d.a.Date) {
						sday = ac.Day.Format("2006-01-02")
					}
				}
			}
		}
		var in *incident
		strong := strongAttackRe.MatchString(lc)
		if place != nil && !strong && !hasK && !hasI && !hypo {
			// "In Lviv itself, explosions were heard from about 2am.": the
			// place of the strike the next sentence tells.
			scene, sceneAt, scenePara = place, s.Index, s.Para
		} else if place == nil && strong && !hypo && scene != nil && s.Para == scenePara && s.Index-sceneAt <= 2 && s.Index > sceneAt && (cur == nil || cur.lastSent < sceneAt) {
			// "Mayor Andrii Sadovyi said energy facilities had been hit".
			place = scene
			scene = nil
		}
		switch {
		case place != nil && (strong || hasK || hasI) && !hypo:
			resolve()
			if sdated && daysApart(sday, pubDay) > 3 && earlierAttackRe.MatchString(lc) {
				// "the last major Russian strike on Kryvyi Rih, on
				// February 22, killed one person": history, not the news.
				continue
			}
			// The same place on dates days apart is another attack ("drones
			// hit Kyiv overnight ... the toll from Sunday's strike on Kyiv").
			before := sdated && daysApart(sday, pubDay) > 1 && alreadyHitRe.MatchString(lc)
			for _, o := range list {
				if sdated && o.dated && daysApart(o.date, sday) > 1 {
					continue
				}
				if before && !o.dated {
					// "The Unecha facility had already been hit on Aug. 13":
					// an attack before the one told undated, which is the
					// news of the article's day.
					continue
				}
				if placesEqual(o.place, place) || (o.place.Kind == Region && o.place.Admin1 == place.Admin1) || sectionOf(place, o.place, lc) {
					in = o
					if o.place.Kind == Region && place.Kind == City {
						o.place = place
					}
					break
				}
				if place.Kind == Region && o.place.Admin1 == place.Admin1 {
					in = o
					break
				}
			}
			if in == nil {
				in = &incident{place: place, first: s, para: s.Para, weapons: map[string]bool{}, perp: map[string]int{}, target: map[string]int{}}
				list = append(list, in)
				if pending != nil && s.Para == pending.para && s.Index-pendingAt <= 3 {
					for w := range pending.weapons {
						in.weapons[w] = true
					}
					for k, n := range pending.perp {
						in.perp[k] += n
					}
					if !sdated && pending.dated {
						in.date, in.dated, in.dateAttack = pending.date, true, true
					}
				}
			}
		case cur != nil && s.Index-cur.lastSent <= 6 && (anaphoraRe.MatchString(lc) || hasK || hasI):
			in = cur
		case cur != nil && place == nil && !hypo && s.Para == cur.para && s.Index-cur.lastSent <= 2 && strong:
			// "More than 100 people had gathered in the cafe when three
			// drones struck shortly before midnight on December 31": the
			// attack just told, its hour and arms.
			in = cur
			sday, sdated = pastDay(s.Text, d.a.Date)
			resolved = true
		case place == nil && !hypo && strong:
			pending = &incident{para: s.Para, weapons: map[string]bool{}, perp: map[string]int{}, target: map[string]int{}}
			pendingAt = s.Index
			pending.date, pending.dated = pastDay(s.Text, d.a.Date)
			x.arms(pending, s, lc, whole, d)
			continue
		default:
			continue
		}
		resolve()
		cur = in
		in.lastSent, in.para = s.Index, s.Para
		if sdated && (!in.dated || strong && !in.dateAttack) {
			// "The attack early on Wednesday ...": an undated attack dated
			// later; a date told with the attack beats one told with a toll.
			in.date, in.dated, in.dateAttack = sday, true, strong
		}
		if place == nil && (hasK || hasI) && in == cur && aggregateRe.MatchString(lc) {
			// "Across the country, Russian attacks killed 20 people": the
			// nationwide toll, not the place's just told.
			hasK, hasI = false, false
		}
		if hasK && place != nil {
			// "strikes across Ukraine killed 19 people, including eight in
			// Kyiv": the place's own figure, not the country's.
			if n, ok := x.placeShare(s.Text, lc, place); ok {
				k = n
			}
		}
		revised := revisedRe.MatchString(lc)
		if revised && hasK && in.hasKilled && k < in.killed && !in.killedRev && risingTollRe.MatchString(lc) {
			// "killing three people ... By dawn the toll had risen to two":
			// a toll that rose tells how the figure told first (the
			// latest, as a lead gives it) was reached.
			revised, hasK = false, false
		}
		if hasK && in.hasKilled && !revised && place == nil && alsoKilledRe.MatchString(lc) {
			// "killing nine children ... the attacks also killed nearly a
			// dozen adults": more victims of the same attack, not a new toll.
			in.killed += k
		} else if hasK {
			switch {
			case !in.hasKilled, revised && !in.killedRev, k > in.killed && !(in.killedRev && !revised):
				in.killed, in.hasKilled, in.killedRev = k, true, in.killedRev || revised
			}
		}
		if hasI && (!in.hasInj || inj > in.injured) {
			in.injured, in.hasInj = inj, true
		}
		for _, t := range targetLexicon {
			if t.re.MatchString(lc) {
				in.target[t.target]++
			}
		}
		x.arms(in, s, lc, whole, d)
	}
	return x.incidentClaims(d, list)
}

// arms adds the weapons and the attacker a sentence names to an incident.
func (x *Extractor) arms(in *incident, s Sentence, lc string, whole bool, d *doc) {
	if !strings.Contains(lc, "warn") && !strings.Contains(lc, "threat") && !strings.Contains(lc, "alert") && !strings.Contains(lc, "shot down") && !strings.Contains(lc, "intercepted") {
		for _, w := range weaponLexicon {
			if w.re.MatchString(lc) {
				in.weapons[w.weapon] = true
			}
		}
	}
	ments := d.actors(s.Index)
	if !whole {
		ments = Actors(s.Text)
	}
	for _, m := range ments {
		if m.Kind == KindAdjective || m.Kind == KindState || m.Kind == KindCapital {
			if m.Kind == KindCapital && placeBefore.MatchString(lc[max(0, m.Start-20):m.Start]) {
				continue // "In Kyiv, one person was killed": the place, not the attacker
			}
			rest := lc[m.End:min(len(s.Text), m.End+40)]
			if attackRe.MatchString(rest) || strings.Contains(rest, "forces") || strings.Contains(rest, "missile") || strings.Contains(rest, "drone") || strings.Contains(rest, "army") {
				in.perp[m.Code]++
			}
		}
	}
}

// incidentClaims turns the incidents assembled into claims.
func (x *Extractor) incidentClaims(d *doc, list []*incident) []IncidentClaim {
	out := []IncidentClaim{}
	for _, in := range list {
		if in.place.Kind == Region {
			// "In the Kharkiv region, a woman was killed": no populated
			// place is named, so no incident (SCHEMA, dev NOTES).
			continue
		}
		ic := IncidentClaim{Place: in.place.Name, Admin1: in.place.Admin1, Evidence: d.evidence(in.first)}
		if !in.place.Unlisted {
			lat, lon := in.place.Lat, in.place.Lon
			ic.Lat, ic.Lon = &lat, &lon
		}
		date := d.a.Date.Format("2006-01-02")
		if in.dated {
			date = in.date
		}
		ic.Date = &date
		if in.hasKilled {
			k := in.killed
			ic.Killed = &k
		}
		if in.hasInj {
			i := in.injured
			ic.Injured = &i
		}
		ic.Weapons = weaponList(in.weapons)
		ic.Perpetrator = topKey(in.perp, "")
		ic.Target = topKey(in.target, "unknown")
		if ic.Target == "military" && in.target["civilian"] > 0 {
			ic.Target = "civilian" // the article reports civilian harm; a claimed military target is the attacker's word
		}
		out = append(out, ic)
	}
	return out
}

func weaponList(ws map[string]bool) []string {
	if ws["ballistic-missile"] || ws["cruise-missile"] {
		delete(ws, "missile")
	}
	out := []string{}
	for _, w := range weaponLexicon {
		if ws[w.weapon] {
			out = append(out, w.weapon)
		}
	}
	return out
}

func topKey(m map[string]int, def string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return def
	}
	return keys[0]
}

var actorAfter = mustLex(`^(’s|'s|’|')?\s*(forces|army|military|troops|government|authorities|regime|officials|said|says|claimed|accused)\b`)

// attackedAfterRe follows a capital that is the place of an attack: "Kyiv
// came under attack", "Kyiv was hit by", "Kyiv, where 23 people were killed".
var attackedAfterRe = mustLex(`^(’s|'s)?\s*(,\s*where\b|(came|comes|has come|had come) under\b|(was|were|is|has been|had been) (hit|struck|attacked|targeted|shelled|pounded|bombed|rocked|battered|hammered)\b)`)

// cityOfficeAfterRe follows a capital naming its city's own officials
// ("Kyiv Mayor Vitali Klitschko said seven people were injured"): with a
// toll, the city is where it fell.
var cityOfficeAfterRe = mustLex(`^(’s|'s)?\s*(mayor|city military administration|military administration|city administration|city council|city authorities|city hall|regional administration|emergency services)\b`)

// memberOfRe and bodyAfterRe frame a place that names a person's
// employer: "an official of the Sniatyn city council".
var (
	memberOfRe  = mustLex(`\b(official|officials|member|members|deputy|deputies|head|employee|employees|worker|workers|staff|secretary|chief|spokesman|spokeswoman|spokesperson) of the $`)
	bodyAfterRe = mustLex(`^ ((city|town|village|regional|district|oblast) )?(council|administration|hall|court|prosecutor's office|police)\b`)
)

// pipelineAfterRe follows a place name that names a pipeline.
var pipelineAfterRe = mustLex(`^ (oil |gas |crude )?(pipeline|pipelines)\b`)

// regionOfBeforeRe comes before a city's name that stands for its oblast.
var regionOfBeforeRe = mustLex(`\b(region|oblast|province) of $`)

// raionAfterRe follows a town's name that names its raion ("the Myrhorod
// district"), not a Russian "urban district" (a town's own municipality).
var raionAfterRe = mustLex(`^ (district|raion|rayon)\b`)

// suburbOfRe follows a capital naming a place near it ("the Kyiv suburb of
// Brovary").
var suburbOfRe = mustLex(`^(’s|'s)?\s*(suburbs?|outskirts|satellite town|commuter town|district) of\b`)

// attackBefore: a capital is the place of an attack only when the attack is
// named right before it ("strikes on Kyiv"), not "anger at Moscow".
var attackBefore = mustLex(`\b(struck|strikes?|attack(s|ed)?|hit|hits|shell(ed|ing)|bomb(ed|ing)|fired|launched|impact|explosions?|blasts?|drones?|missiles?|targeted|targeting|pound(s|ed|ing)?|batter(s|ed|ing)?|hammer(s|ed|ing)?|rocked|striking|hitting|attacking|raid|assault|killed|wounded|injured|dead|died)\b`)

// regionListRe follows a city's name used for its oblast in a list.
// sectorAfterRe follows a town naming a sector of the front.
var sectorAfterRe = mustLex(`^(,? and [a-z][a-z-]+)? (directions?|sectors?|axis|axes)\b`)

var regionListRe = mustLex(`^(,? and [a-z][a-z-]+)? (regions?|oblasts?|provinces?)\b`)

var placeBefore = mustLex(`\b(on|in|at|of|near|struck|hit|hits|hitting|striking|targeted|targeting|attacked|attacking|shelled|shelling|bombed|bombing|pounded|pounds|pounding|battered|batters|battering|hammered|hammering|rocked|blasted|outside|around|into|against|across|over)\s+(the\s+)?((city|town|village|region|district|settlement|capital|center|centre|outskirts|suburbs?)\s+of\s+)?((central|downtown|western|eastern|northern|southern|north-eastern|northeastern|south-eastern|southeastern|north-western|northwestern|south-western|southwestern)\s+)?$`)

// incidentPlace picks the most specific place of an incident sentence. A
// capital only counts as a place after a preposition or attack verb, since
// "Kyiv said" is the government speaking.
func (x *Extractor) incidentPlace(s, lc string, toll bool) *Place {
	p := x.incidentPlace1(s, lc, toll)
	if p != nil && p.Admin1 == "Kyiv City" && !p.Capital && !p.Unlisted {
		// "in the Holosiivskyi district": a section of the capital (the
		// Kyiv City oblast holds nothing else) is the capital (dev NOTES 031).
		if c := x.capitalOf("Ukrainian"); c != nil {
			return c
		}
	}
	return p
}

// incidentPlace1 is incidentPlace before a district of the capital is
// read as the capital.
func (x *Extractor) incidentPlace1(s, lc string, toll bool) *Place {
	// "struck the Ukrainian capital": Kyiv (a place at home only).
	if m := capitalOfRe.FindStringSubmatchIndex(s); m != nil {
		if p := x.capitalOf(s[m[2]:m[3]]); p != nil && (p.Country == "UA" || p.Country == "RU") {
			if named := x.incidentPlaceNamed(s, lc, toll); named != nil && named.Kind == City {
				return named // a city named beats the phrase
			}
			return p
		}
	}
	return x.incidentPlaceNamed(s, lc, toll)
}

// incidentPlaceNamed picks the most specific place named in an incident
// sentence. toll: the sentence gives a casualty figure.
func (x *Extractor) incidentPlaceNamed(s, lc string, toll bool) *Place {
	var region, capital *Place
	capitalAt := false // the capital was named after "in", "at" ...: a place
	dateline := 0      // "KYIV (Reuters) - ": where the report was filed, no place of the attack
	if m := datelineRe.FindStringIndex(s); m != nil {
		dateline = m[1]
	}
	// "A family in Lapaivka, a village on the western edge of Lviv": the
	// village the gazetteer lacks, not the city that locates it.
	if m := villageApposRe.FindStringSubmatchIndex(s); m != nil && x.unlistedName(s[m[2]:m[3]]) {
		return x.villageLocated(s, m, func(*Place) bool { return true })
	}
	// "in the village of Lapaivka near Lviv", "the settlement of Sredny,
	// next to Belaya": the village, not the place named to locate it (a
	// region or a town: "Belaya" is also a Ukrainian hamlet).
	if m := villageBesideRe.FindStringSubmatchIndex(s); m != nil && x.unlistedName(s[m[2]:m[3]]) {
		return x.villageLocated(s, m, func(p *Place) bool { return p.Kind == Region || p.Pop >= 5000 })
	}
	var datelinePlace, route *Place
	for _, m := range x.gaz.Find(s) {
		p := m.Place
		if m.Start < dateline {
			if datelinePlace == nil && (p.Country == "UA" || p.Country == "RU") {
				datelinePlace = p
			}
			continue
		}
		if p.Country != "UA" && p.Country != "RU" {
			continue
		}
		if _, isActor := actorAliases[s[m.Start:m.End]]; isActor || p.Capital {
			before := lc[max(0, m.Start-64):m.Start]
			after := lc[m.End:min(len(lc), m.End+40)]
			if p.Capital && suburbOfRe.MatchString(after) {
				// "the Kyiv suburb of Brovary": the suburb, if the
				// gazetteer holds it, else the capital.
				if capital == nil {
					capital, capitalAt = p, true
				}
				continue
			}
			if !attackedAfterRe.MatchString(after) && !(p.Capital && toll && cityOfficeAfterRe.MatchString(after)) && (!placeBefore.MatchString(before) || !attackBefore.MatchString(before) || actorAfter.MatchString(lc[m.End:min(len(lc), m.End+20)])) {
				if p.Capital && capital == nil && !actorAfter.MatchString(lc[m.End:min(len(lc), m.End+20)]) {
					capital = p
					capitalAt = placeBefore.MatchString(before)
				}
				continue // "Kyiv said", "Kiev forces' shelling": the government, not the place
			}
		}
		if memberOfRe.MatchString(lc[max(0, m.Start-40):m.Start]) && bodyAfterRe.MatchString(lc[m.End:min(len(lc), m.End+30)]) {
			// "an official of the Sniatyn city council": a victim's
			// employer, not where the strike fell.
			continue
		}
		if pipelineAfterRe.MatchString(lc[m.End:min(len(lc), m.End+20)]) || m.Start > 0 && lc[m.Start-1] == '-' || m.End < len(lc) && lc[m.End] == '-' {
			// "the Druzhba oil pipeline": a pipeline named after a place;
			// "a Shostka-Kyiv train", "the Kyiv-bound train": a route.
			continue
		}
		if p.Kind == City && regionOfBeforeRe.MatchString(lc[max(0, m.Start-30):m.Start]) {
			// "in the southern region of Odesa": the oblast, not the city.
			if r := x.gaz.regionOf(p); r != nil && region == nil {
				region = r
			}
			continue
		}
		if p.Country == "UA" && !p.Capital && p.Kind == City && raionAfterRe.MatchString(lc[m.End:min(len(lc), m.End+12)]) {
			// "energy facilities in the Myrhorod district": a raion named
			// after its town, no populated place (news2025e e03).
			continue
		}
		if p.Kind == City && sectorAfterRe.MatchString(lc[m.End:min(len(lc), m.End+40)]) {
			// "mostly in the Pokrovsk and Huliaipole directions": a sector
			// of the front named after a town, no populated place.
			continue
		}
		if p.Kind == Region || regionListRe.MatchString(lc[m.End:min(len(lc), m.End+40)]) {
			// "in the Lviv and Ivano-Frankivsk regions": the city's name
			// stands for its oblast.
			if p.Kind != Region {
				r := x.gaz.regionOf(p)
				if r == nil {
					continue // "the Moscow Region": a region the gazetteer does not hold, no place
				}
				p = r
			}
			if region == nil {
				region = p
			}
			continue
		}
		if strings.Contains(lc[max(0, m.Start-16):m.Start], " to ") || strings.Contains(lc[max(0, m.Start-16):m.Start], " for ") {
			if destBeforeRe.MatchString(lc[max(0, m.Start-16):m.Start]) {
				// "a tanker bound for Novorossiysk": where a ship or train
				// was going, not where it was hit.
				continue
			}
		}
		if p.Kind == City && !p.Capital && governorAfterRe.MatchString(lc[m.End:min(len(lc), m.End+24)]) && !placeBefore.MatchString(lc[max(0, m.Start-64):m.Start]) {
			// "Zaporizhzhia governor Ivan Fedorov said": the governor of
			// the oblast named after the city, not a strike on the city.
			if r := x.gaz.regionOf(p); r != nil && region == nil {
				region = r
			}
			continue
		}
		if routeBeforeRe.MatchString(lc[max(0, m.Start-12):m.Start]) {
			// "The train, travelling from Chop through Lviv, was hit near
			// Barvinkove": the stops of a route are not where it was hit.
			if route == nil {
				route = p
			}
			continue
		}
		return p
	}
	if route != nil {
		return route
	}
	if p := x.unlistedPlace(s, region); p != nil && capital == nil {
		return p
	}
	if region == nil && capital != nil && (attackedCapitalRe.MatchString(lc) || capitalAt && toll) {
		// "a block in Kyiv ... the assault on the capital": the capital
		// attacked is the one the sentence names; "In Kyiv, one person was
		// killed": the capital is where the toll is.
		return capital
	}
	if region == nil && datelinePlace != nil && (!datelinePlace.Capital || datelineRefRe.MatchString(lc) || attackedCapitalRe.MatchString(lc)) {
		// "KHARKIV (Reuters) - Russian drones struck the city overnight":
		// with no other place named, the city of the dateline; a capital's
		// dateline (reports from Kyiv are filed about everywhere) only
		// when the sentence refers to it.
		return datelinePlace
	}
	return region
}

// villageApposRe names a place by an appositive of its kind: "in
// Lapaivka, a village near Lviv".
var villageApposRe = mustLex(`\b(?:in|near|outside) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?), an? (?:small |tiny )?(?:village|town|settlement|hamlet|suburb)\b`)

// alreadyHitRe tells a place hit before, as well as now.
var alreadyHitRe = mustLex(`\b((had|has|have) already been|(had|has|have) (also )?been ([a-z]+ )?(hit|struck|attacked|targeted) (before|earlier|previously)|was (also )?(hit|struck|attacked|targeted) (before|earlier|previously))\b`)

// earlierAttackRe names an attack before the one the article reports.
var earlierAttackRe = mustLex(`\b(the|a|an) (last|previous|earlier|prior) ([a-z]+ ){0,2}(strike|attack|shelling|bombing|assault|barrage)\b`)

// villageBesideRe names a village by its kind and then the place that
// locates it ("the village of Lapaivka near Lviv").
var villageBesideRe = mustLex(`\b(?:village|settlement|hamlet|town) of ([A-Z][a-z]+(?:-[A-Z][a-z]+)?),? (?:just |right |close )?(?:near|next to|close to|outside|beside|by|on the outskirts of|on the edge of|in the [A-Z][a-z]+ (?:district|region|oblast|area))\b`)

// routeBeforeRe ends right before a place a journey passes ("from Chop
// through Lviv and Kharkiv").
var routeBeforeRe = mustLex(`\b(from|through|via|and) $`)

// destBeforeRe ends right before where a journey was going ("a tanker
// bound for Novorossiysk").
var destBeforeRe = mustLex(`\b(bound for|head(ing|ed) (for|to)|en route to|destined for|sailing (to|for)) $`)

// governorAfterRe: a regional office named after the city that gives the
// oblast its name ("Zaporizhzhia governor Ivan Fedorov").
var governorAfterRe = mustLex(`^(’s|'s)?\s*(regional |region's |oblast |military )?(governor|regional governor|governor's)\b`)

// datelineRefRe refers back to the city of the dateline.
var datelineRefRe = mustLex(`\b(the|this) (city|capital|town|port|port city|city's|capital's|town's)\b`)

// unlistedPlaceRe names a populated place by its kind ("the village of
// Khorly") or fronts it ("In Ramenskoye, fragments hit ...", "In the
// Domodedovo urban district, ...").
var unlistedPlaceRe = mustLex(`\b(?:village|town|settlement|hamlet|city) of ([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\b|^(?:In|Near|Outside) (?:the )?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?: (?:urban|rural|municipal) district| district)?,`)

// unlistedPlace returns a place an incident sentence names in a frame of
// place (unlistedPlaceRe) that the gazetteer does not hold: a village too
// small for it, a town in Russia. It has no coordinates; its oblast is the
// region the sentence names, if any.
func (x *Extractor) unlistedPlace(s string, region *Place) *Place {
	if !strings.Contains(s, " of ") && !strings.HasPrefix(s, "In ") && !strings.HasPrefix(s, "Near ") && !strings.HasPrefix(s, "Outside ") {
		return nil
	}
	m := unlistedPlaceRe.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	name := ""
	if m[2] >= 0 {
		name = s[m[2]:m[3]]
	} else {
		name = s[m[4]:m[5]]
	}
	if !x.unlistedName(name) {
		return nil
	}
	p := &Place{Name: name, Kind: City, Unlisted: true}
	if region != nil {
		p.Admin1, p.Country = region.Admin1, region.Country
	}
	return p
}

// unlistedName reports whether name, framed as a place ("the village of
// X", "at X, the ... residence"), is one the gazetteer lacks: no actor, no
// place the gazetteer holds, no word such frames also catch ("In March").
func (x *Extractor) unlistedName(name string) bool {
	_, actor := actorAliases[name]
	return !actor && len(x.gaz.Find(name)) == 0 && !notPlaceWord[name]
}

// villageLocated is the unlisted village m's first group names in s, in
// the oblast and country of the first Ukrainian or Russian place after
// the match that locates (the place named to locate it).
func (x *Extractor) villageLocated(s string, m []int, locates func(*Place) bool) *Place {
	p := &Place{Name: s[m[2]:m[3]], Kind: City, Unlisted: true}
	for _, g := range x.gaz.Find(s[m[1]:]) {
		if (g.Place.Country == "UA" || g.Place.Country == "RU") && locates(g.Place) {
			p.Admin1, p.Country = g.Place.Admin1, g.Place.Country
			break
		}
	}
	return p
}

// notPlaceWord are capitalised words a place frame may hold that are no
// places ("In March,", "In Brief,").
var notPlaceWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`January February March April May June July August September October November December
		Monday Tuesday Wednesday Thursday Friday Saturday Sunday Brief Addition Total Response Return Turn Fact Practice
		Europe Asia Africa America Congress Parliament Washington Brussels Geneva Davos Munich Istanbul Riyadh Jeddah Minsk
		Soviet Western Eastern Northern Southern Central Particular General Short Spring Summer Autumn Winter Other`) {
		m[w] = true
	}
	return m
}()

// placesEqual reports whether two places are one: the same gazetteer entry,
// or unlisted places of one name.
func placesEqual(a, b *Place) bool {
	return a == b || a.Unlisted && b.Unlisted && a.Name == b.Name
}

// weekdayAfter reports whether s names a weekday (a cheap test before
// attackDayRe).
func weekdayAfter(s string) bool {
	for _, w := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// attackDayRe: an attack noun with its own weekday ("the assault on the
// capital on Tuesday").
var attackDayRe = mustLex(`\b(assault|attack|strike|barrage|bombardment|shelling|bombing|raid)\b[^.;,]{0,40}?\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)

// attackedCapitalRe: "the capital" as what was attacked.
var attackedCapitalRe = mustLex(`\b(assault|attack|attacks|strike|strikes|barrage|bombardment|raid) on the capital\b|\b(hit|struck|attacked|pounded|targeted|shelled) the capital\b|\b(debris|fragments|wreckage|shrapnel)\b[^.;]{0,80}\b(in|of|on|across|over) the (city|capital)\b`)

// attackNounRe names the attack told before ("The attack early on Wednesday").
var attackNounRe = mustLex(`\b(the|that|this|friday's|thursday's|wednesday's|tuesday's|monday's|sunday's|saturday's) (attack|strike|strikes|barrage|shelling|bombing|assault)\b`)

// bareTollRe: a toll not named as of the dead ("put the toll at 12").
var bareTollRe = mustLex(`\btoll\b`)

// deathWordRe: a word of the dead, which makes a toll one of the dead.
var deathWordRe = mustLex(`\b(kill[a-z]*|dead|died|dies|die|deaths?|fatalit[a-z]*|perish[a-z]*|lives|slain|bod(y|ies)|death toll)\b`)

// tollDateRe is a date cue right after a revised toll.
var tollDateRe = mustLex(`\b(rose|risen|rises|climbed|increased|reached|jumped|stood|stands) (to|at) [0-9a-z,]+( people| dead)?( by| as of| on)? (Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|today|yesterday)\b`)

// otherEventRe ends where an attack is placed in time by another event
// ("the strikes came as negotiators held a third day of talks ..., which
// began on Thursday"): the dates after it are that event's.
var otherEventRe = mustLex(`\b(came|comes|happened|took place|followed|follows)\b[^.;]{0,30}?\b(as|after|before|amid|while|during|ahead of|on the eve of)\b`)

// blankIncidentDates blanks (keeping offsets) the dates of reports: after a
// revised toll or a speech verb.
func blankIncidentDates(s string) string {
	s = blankStatementDates(s)
	if m := otherEventRe.FindStringIndex(s); m != nil {
		// "The strike came a week after Trump met Putin in Anchorage on
		// Friday, August 15": what follows dates another event.
		s = s[:m[1]] + strings.Repeat(" ", len(s)-m[1])
	}
	ms := tollDateRe.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	b := []byte(s)
	for _, m := range ms {
		for i := m[len(m)-2]; i < m[len(m)-1]; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// furtherVictims adds the victims of "another three died" to the figure the
// rest of the sentence gives; ok is false when there is no such phrase.
func furtherVictims(s, lc string) (killed, injured int, hasK, hasI, ok bool) {
	m := anotherKillRe.FindStringSubmatchIndex(lc)
	if m == nil || runningTotalRe.MatchString(lc) {
		// "A further two people died in hospital, bringing the toll to
		// eight": the total is told, nothing is added to it.
		return
	}
	n, isNum := parseNum(lc[m[2]:m[3]])
	if !isNum {
		return
	}
	b := []byte(lc)
	for i := m[0]; i < m[1]; i++ {
		b[i] = ' '
	}
	if k, inj, hk, hi := casualtiesLC(s, string(b)); hk {
		return k + n, inj, true, hi, true
	}
	return
}

// sameTimeRe dates an attack by the one told before it.
var sameTimeRe = mustLex(`\b(the same (night|day|morning|evening|afternoon)|that same (night|day|morning|evening)|at the same time|simultaneously)\b`)

// runningTotalRe: a toll told as the total the new victims bring.
var runningTotalRe = mustLex(`\b(bringing|raising|taking|pushing|brought|raised|took|pushed)\b[^.;]{0,30}\b(toll|total|number of)\b[^.;]{0,30}\bto\b`)

// aggregateRe marks a toll summed over the country or several regions.
var aggregateRe = mustLex(`\b(across|throughout|around) (the country|ukraine|the whole country|several regions|the regions|multiple regions|[a-z]+ regions)\b|\bnationwide\b|\bin (several|multiple|[a-z]+) regions\b`)

// placeShareRe gives the part of a toll that fell on one place: "killed
// 19 people, including eight in Kyiv", "six of them in the capital".
var placeShareRe = mustLex(`\b(?:(?:including|among them|of them|of whom)\s+(?:at least\s+)?` + numWord + `|` + numWord + `\s+of them)\s+(?:people\s+|civilians\s+|residents\s+|dead\s+|killed\s+)?in\s+(?:the\s+)?(?:city of\s+|town of\s+)?([a-z][a-z'’-]+(?:[\s-][a-z][a-z'’-]+)?)`)

// placeShare reads the figure placeShareRe gives for place.
func (x *Extractor) placeShare(s, lc string, place *Place) (int, bool) {
	if !strings.Contains(lc, "including ") && !strings.Contains(lc, " of them") && !strings.Contains(lc, " of whom ") && !strings.Contains(lc, "among them ") {
		return 0, false
	}
	for _, m := range placeShareRe.re.FindAllStringSubmatchIndex(lc, -1) {
		a, b := m[2], m[3]
		if a < 0 {
			a, b = m[4], m[5]
		}
		n, ok := parseNum(s[a:b])
		if !ok {
			continue
		}
		if strings.HasPrefix(lc[m[6]:], "capital") {
			if place.Name == "Kyiv" {
				return n, true
			}
			continue
		}
		for _, pm := range x.gaz.Find(s[m[6]:m[7]]) {
			if placesEqual(pm.Place, place) {
				return n, true
			}
		}
	}
	return 0, false
}

// singleHurtRe: one victim injured, named in the singular.
var singleHurtRe = mustLex(`\b(one|a|an)\s+(?:\d+-year-old\s+|[a-z]+\s+)?` + personSg + `\s+(?:(?:was|has been|had been|is|also|reportedly|later|seriously|slightly|critically|severely)\s+)*(injured|wounded|hurt)\b`)

// anotherKillRe: further victims told beside the first figure.
var anotherKillRe = mustLex(`\b(?:another|a further|further|an additional) (\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:people |civilians |residents |of the wounded |victims )?(?:later |subsequently )?(?:died|were killed|have died|succumbed|lost their lives)\b`)

// ordinalDiedRe tells one more victim by rank: "a second employee of the
// plant, aged 50, later died in hospital", "a third victim had died".
var ordinalDiedRe = mustLex(`\b(a second|a third|a fourth|a fifth|another) ([a-z-]+ ){0,2}(victim|person|man|woman|child|boy|girl|employee|worker|resident|civilian|passenger|soldier|guard|rescuer|firefighter|medic|driver)( of the [a-z-]+( [a-z-]+)?)?(, aged \d+,)? (later |also |subsequently |has |had |has since |had since )*(died|was killed|succumbed|lost (his|her) life)\b`)

// alsoKilledRe marks further victims of an attack already counted.
var alsoKilledRe = mustLex(`\b(a second|a third|a fourth|a fifth|another) [^.;]{0,60}\b(died|was killed|succumbed)\b|\b(also (killed|claimed the lives of|left)|(were|was) also killed|also died|(one|two|three|four|five|six|seven|eight|nine|ten|\d+) more (people |civilians |residents |victims )?(have |had )?(died|were killed|have been killed|succumbed)|(another|a further|an additional) (one|two|three|four|five|six|seven|eight|nine|ten|\d+) (people |civilians |residents |victims |of the wounded )?(later |subsequently )?(have |had )?(died|were killed|have been killed|succumbed|lost their lives))\b`)

// risingTollRe: a toll told as having risen, so never below one told before.
var risingTollRe = mustLex(`\b(rose|risen|rises|climbed|climbs|increased|jumped|grew|grown)\b`)

// revisedRe marks a sentence giving a revised or latest toll: its figure
// supersedes the ones before it, even a higher one.
var revisedRe = mustLex(`\b(revised|latest|updated|bringing the (death )?(toll|total)|(rose|risen|rises|climbed|climbs|increased|jumped|grew|grown|reached|now stands|stands|has reached) (to|at)|toll (has )?(reached|rose|climbed|increased|now stands))\b`)

// killWordSet and hurtWordSet hold the words every casualty figure is
// written with; a sentence without any is not searched with the (slower)
// patterns, which run only on windows around them.
var (
	killWordSet = newPhrases("kill*|dead|died|dies|die|death|deaths|toll|fatalit*|perish*|lives|lost|slain|body|bodies|victims")
	hurtWordSet = newPhrases("wound*|injur*|hurt|hospitali*|casualt*")
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// findInWindows runs re on each window of s and returns the submatch
// indexes in s's offsets.
func findInWindows(re *lexRe, s string, wins [][2]int) [][]int {
	var out [][]int
	for _, w := range wins {
		for _, m := range re.FindAllStringSubmatchIndex(s[w[0]:w[1]], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += w[0]
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// indexInWindows is findInWindows without submatches (cheaper in Go's regexp).
func indexInWindows(re *lexRe, s string, wins [][2]int) [][]int {
	var out [][]int
	for _, w := range wins {
		for _, m := range re.FindAllStringIndex(s[w[0]:w[1]], -1) {
			out = append(out, []int{m[0] + w[0], m[1] + w[0]})
		}
	}
	return out
}

// objListSpans finds the victim lists right after a killing verb. The
// pattern runs only on the 80 bytes after a verb followed by " and " there
// (most sentences have neither).
func objListSpans(lc string) [][]int {
	var out [][]int
	for _, v := range []string{"killing ", "killed ", "kills ", "bodies of "} {
		for i := range indexes(lc, v) {
			if i > 0 && lc[i-1] != ' ' {
				continue
			}
			seg := lc[i:min(len(lc), i+80)]
			j := strings.Index(seg, " and ")
			if j < 0 || !listStart(seg[len(v):]) || !listStart(seg[j+5:]) {
				continue // "killing 35 people and wounding 60": not a list of victims
			}
			if m := killObjListRe.re.FindStringSubmatchIndex(seg); m != nil && m[0] == 0 {
				for k := range m {
					if m[k] >= 0 {
						m[k] += i
					}
				}
				out = append(out, m)
			}
		}
	}
	return out
}

// indexes yields the offset of every occurrence of sub in s, left to
// right, each search starting after the last occurrence.
func indexes(s, sub string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for off := 0; ; {
			i := strings.Index(s[off:], sub)
			if i < 0 {
				return
			}
			i += off
			off = i + len(sub)
			if !yield(i) {
				return
			}
		}
	}
}

// listStart reports whether t starts with a word that may open an item of
// a victim list ("a", "her", "two", "12").
func listStart(t string) bool {
	if t != "" && t[0] >= '0' && t[0] <= '9' {
		return true
	}
	w, _, _ := strings.Cut(t, " ")
	switch w {
	case "a", "an", "her", "his", "their", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"at", "more", "nearly", "about", "some", "eleven", "twelve":
		return true
	}
	return false
}

// listTotal adds the figures of a list of victims ("two men and a woman"
// is 3; "a" and "an" count one). skipAges passes over a figure joined to
// what follows by a hyphen ("a 12-year-old girl" is 1). ok is false when a
// figure of the list is not a number.
func listTotal(seg string, skipAges bool) (sum int, ok bool) {
	for _, nm := range listNumRe.re.FindAllStringIndex(seg, -1) {
		if skipAges && nm[1] < len(seg) && seg[nm[1]] == '-' {
			continue // "12-year-old"
		}
		w := seg[nm[0]:nm[1]]
		n, good := parseNum(w)
		if w == "a" || w == "an" {
			n, good = 1, true
		}
		if !good {
			return 0, false
		}
		sum += n
	}
	return sum, true
}

// sumObjList adds the figures of the victim lists found after a killing
// verb ("killing a man and a 12-year-old girl" is 2), skipping ages and
// the possessives that join them ("a woman and her two children" is 3).
func sumObjList(lc string, ms [][]int) (int, bool) {
	best, found := 0, false
	for _, m := range ms {
		if sum, ok := listTotal(lc[m[2]:m[3]], true); ok && sum > best {
			best, found = sum, true
		}
	}
	return best, found
}

// pastDay returns the day a sentence tells, if it tells one on or before
// the article's day pub (dates of tolls and speech blanked, as
// blankIncidentDates does).
func pastDay(text string, pub time.Time) (string, bool) {
	if dc, ok := ResolveDate(blankIncidentDates(stripDateline(text)), pub, Past); ok && !dc.Day.After(pub) {
		return dc.Day.Format("2006-01-02"), true
	}
	return "", false
}
