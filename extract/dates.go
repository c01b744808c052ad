package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Tense of a clause, used to resolve "on Friday" to the last or the next one.
type Tense int

// Tenses.
const (
	Past Tense = iota
	Future
)

// futureRe marks a clause about the future; a present-tense meeting verb
// with a weekday is a schedule ("EU leaders meet on Thursday").
var futureRe = mustLex(`\b(will|would|shall|is set to|are set to|is due to|are due to|is expected to|are expected to|plans? to|is scheduled|are scheduled|is set for|are set for|scheduled for|planned for|slated for|is expected in|are expected in|is expected at|are expected at|is due in|are due in|is due at|are due at|to be held|next (week|month|year)|upcoming|tomorrow|is to|are to|set to return|to meet|going to)\b|\b(meet|meets|gather|gathers|convene|convenes|reconvene|reconvenes|hold talks|holds talks|travel|travels|fly|flies|head|heads|arrive|arrives) (again )?on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)

// pastPlanRe is a plan called off: "a news conference planned for the end
// of their meeting on Thursday was called off" (not "were due to meet on
// Tuesday", a future in the past).
var pastPlanRe = mustLex(`\b(planned|scheduled|slated) for [^.;]{0,60}\b(was|were|had been) (called off|cancel+ed|scrapped|dropped|shelved)\b`)

// TenseOf guesses whether a clause speaks of the future.
func TenseOf(s string) Tense {
	lc := asciiLower(s)
	if (strings.Contains(lc, " was ") || strings.Contains(lc, " were ") || strings.Contains(lc, " had been ")) && strings.Contains(lc, " for ") && pastPlanRe.MatchString(lc) {
		// "a news conference planned for Thursday was called off": a plan
		// told in the past is no future.
		lc = pastPlanRe.re.ReplaceAllString(lc, "")
	}
	if futureRe.MatchString(lc) && !strings.Contains(lc, " ago") {
		return Future
	}
	return Past
}

// wdBeforeRe ends with a weekday naming the date after it ("Thursday, ").
var wdBeforeRe = mustLex(`(?i:sunday|monday|tuesday|wednesday|thursday|friday|saturday),? $`)

// mdAfterRe starts with the explicit date of a weekday (", May 15").
var mdAfterRe = mustLex(`^,? (the )?(` + monthRe + ` \d{1,2}\b|\d{1,2} ` + monthRe + `)`)

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

var (
	// "April 11", "April 11, 2025", "May 8-10"
	mdRe = mustLex(`\b` + monthRe + `\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*(\d{1,2}))?(?:,?\s+(\d{4}))?\b`)
	// "11 April", "23-24 April 2025"
	dmRe = mustLex(`\b(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s+` + monthRe + `(?:\s+(\d{4}))?\b`)
	// "on Friday", "Friday evening", "last Friday", "next Monday"
	wdRe = mustLex(`\b(last |next |this |on |since |until |by )?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b`)
	// "a week ago", "two days ago", "three weeks ago"
	agoRe = mustLex(`\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (day|week|month)s? ago\b`)
	relRe = mustLex(`\b(today|tonight|yesterday|tomorrow|overnight|last night|this morning|this evening|earlier today|the day before yesterday|(?:last|next|this|earlier this|later this) (?:week|month|weekend)|(?:earlier|later) in the (?:week|month))\b`)
)

var smallNumbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// DateCue is a date found in a clause: the day and where it was said.
type DateCue struct {
	Day        time.Time
	Start, End int
}

// ResolveDate finds the first date expression in s and resolves it against
// the article's date, in the clause's tense. ok is false when s has no date.
// Week-level expressions ("next week", "last week") resolve to that week's
// Wednesday, the day nearest to any weekday of it.
func ResolveDate(s string, pub time.Time, tense Tense) (DateCue, bool) {
	best, weak := DateCue{Start: -1}, DateCue{Start: -1}
	try := func(d time.Time, st, en int) {
		if best.Start < 0 || st < best.Start {
			best = DateCue{Day: d, Start: st, End: en}
		}
	}
	// "overnight", "today": the article's own day, the weakest cue; a day
	// named in the same sentence ("the overnight attack on Thursday")
	// dates it better.
	tryWeak := func(d time.Time, st, en int) {
		if weak.Start < 0 || st < weak.Start {
			weak = DateCue{Day: d, Start: st, End: en}
		}
	}
	for _, m := range mdRe.FindAllStringSubmatchIndex(s, -1) {
		mon := months[strings.ToLower(s[m[2]:m[3]])]
		day, _ := strconv.Atoi(s[m[4]:m[5]])
		if m[6] >= 0 && nightBefore(s, m[0]) {
			// "the night of June 9-10": the attack is dated by the morning.
			day, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		year := pub.Year()
		if m[8] >= 0 {
			year, _ = strconv.Atoi(s[m[8]:m[9]])
		}
		if mon == time.May && m[8] < 0 && s[m[2]:m[3]] == "May" && !startsDigit(s[m[3]:]) {
			continue
		}
		if d, ok := mkDate(year, mon, day, pub, m[8] >= 0); ok {
			st := m[0]
			if w := wdBeforeRe.FindStringIndex(s[max(0, m[0]-12):m[0]]); w != nil {
				st = max(0, m[0]-12) + w[0] // "Thursday, May 15": the date names the weekday's day
			}
			try(d, st, m[1])
		}
	}
	for _, m := range dmRe.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		if m[4] >= 0 && nightBefore(s, m[0]) {
			// "the night of 23-24 April": the attack is dated by the morning.
			day, _ = strconv.Atoi(s[m[4]:m[5]])
		}
		mon := months[strings.ToLower(s[m[6]:m[7]])]
		year := pub.Year()
		if m[8] >= 0 {
			year, _ = strconv.Atoi(s[m[8]:m[9]])
		}
		if d, ok := mkDate(year, mon, day, pub, m[8] >= 0); ok {
			try(d, m[0], m[1])
		}
	}
	for _, m := range wdRe.FindAllStringSubmatchIndex(s, -1) {
		if mdAfterRe.MatchString(s[m[1]:min(len(s), m[1]+16)]) {
			continue // "on Thursday, May 15": the explicit date decides
		}
		if best.Start >= 0 && feastBefore(s[:m[0]]) {
			continue // "the Palm Sunday strike on April 13": a feast's name, the explicit date decides
		}
		wd := weekdays[strings.ToLower(s[m[4]:m[5]])]
		if d, ok := weekdayDayNum(s[m[1]:min(len(s), m[1]+6)], wd, pub); ok {
			try(d, m[0], m[1]) // "on Thursday (15)": the day of the month says which
			continue
		}
		mod := ""
		if m[2] >= 0 {
			mod = strings.TrimSpace(s[m[2]:m[3]])
		}
		t := tense
		switch mod {
		case "last", "since":
			t = Past
		case "next", "until", "by":
			t = Future
		}
		try(weekday(pub, wd, t, mod == "last" || mod == "next"), m[0], m[1])
	}
	lc := asciiLower(s)
	for _, m := range agoRe.FindAllStringSubmatchIndex(lc, -1) {
		nw := strings.ToLower(s[m[2]:m[3]])
		n, ok := smallNumbers[nw]
		if !ok {
			n, _ = strconv.Atoi(nw)
		}
		switch strings.ToLower(s[m[4]:m[5]]) {
		case "day":
			try(pub.AddDate(0, 0, -n), m[0], m[1])
		case "week":
			try(pub.AddDate(0, 0, -7*n), m[0], m[1])
		case "month":
			try(pub.AddDate(0, -n, 0), m[0], m[1])
		}
	}
	for _, m := range relRe.FindAllStringIndex(lc, -1) {
		w := strings.ToLower(s[m[0]:m[1]])
		var d time.Time
		switch w {
		case "today", "tonight", "this morning", "this evening", "earlier today", "overnight", "last night":
			d = pub
		case "yesterday":
			d = pub.AddDate(0, 0, -1)
		case "the day before yesterday":
			d = pub.AddDate(0, 0, -2)
		case "tomorrow":
			d = pub.AddDate(0, 0, 1)
		case "last week":
			d = midweek(pub).AddDate(0, 0, -7)
		case "next week":
			d = midweek(pub).AddDate(0, 0, 7)
		case "this week", "later this week", "earlier this week", "earlier in the week", "later in the week":
			d = midweek(pub)
			if (w == "earlier this week" || w == "earlier in the week") && !d.Before(pub) {
				d = pub.AddDate(0, 0, -1)
			}
			if (w == "later this week" || w == "later in the week") && d.Before(pub) {
				d = pub.AddDate(0, 0, 1) // what is still to come this week starts tomorrow
			}
		case "this weekend":
			d = weekday(pub, time.Saturday, tense, false)
		case "last weekend":
			d = weekday(pub, time.Saturday, Past, true)
		case "next weekend":
			d = weekday(pub, time.Saturday, Future, true)
		case "last month":
			d = time.Date(pub.Year(), pub.Month()-1, 15, 0, 0, 0, 0, time.UTC)
		case "next month":
			d = time.Date(pub.Year(), pub.Month()+1, 15, 0, 0, 0, 0, time.UTC)
		case "this month", "earlier this month", "later this month", "earlier in the month", "later in the month":
			d = time.Date(pub.Year(), pub.Month(), 15, 0, 0, 0, 0, time.UTC)
			if w == "earlier this month" || w == "earlier in the month" {
				d = time.Date(pub.Year(), pub.Month(), max(1, pub.Day()/2), 0, 0, 0, 0, time.UTC)
			}
			if (w == "later this month" || w == "later in the month") && !d.After(pub) {
				// What is still to come this month: halfway from the
				// article's day to the month's end.
				end := time.Date(pub.Year(), pub.Month()+1, 0, 0, 0, 0, 0, time.UTC)
				d = pub.AddDate(0, 0, max(1, (end.Day()-pub.Day()+1)/2))
			}
		default:
			continue
		}
		switch w {
		case "today", "tonight", "this morning", "this evening", "earlier today", "overnight", "last night":
			tryWeak(d, m[0], m[1])
		default:
			try(d, m[0], m[1])
		}
	}
	if best.Start < 0 {
		best = weak
	}
	return best, best.Start >= 0
}

func startsDigit(s string) bool {
	s = strings.TrimLeft(s, " ")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// mkDate builds a date; without an explicit year, a date more than six
// months after publication is taken to be last year's.
func mkDate(year int, mon time.Month, day int, pub time.Time, explicitYear bool) (time.Time, bool) {
	if mon == 0 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	d := time.Date(year, mon, day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day {
		return time.Time{}, false
	}
	if !explicitYear && d.Sub(pub) > 183*24*time.Hour {
		d = d.AddDate(-1, 0, 0)
	}
	return d, true
}

// weekday resolves a weekday name against pub: in the past tense the latest
// such day on or before pub, in the future the next one on or after pub.
// strict skips pub itself ("last Friday" said on a Friday is a week ago).
func weekday(pub time.Time, wd time.Weekday, t Tense, strict bool) time.Time {
	diff := int(pub.Weekday() - wd)
	if t == Past {
		if diff < 0 {
			diff += 7
		}
		if diff == 0 && strict {
			diff = 7
		}
		return pub.AddDate(0, 0, -diff)
	}
	diff = -diff
	if diff < 0 {
		diff += 7
	}
	if diff == 0 && strict {
		diff = 7
	}
	return pub.AddDate(0, 0, diff)
}

// midweek returns the Wednesday of pub's week (weeks start on Monday).
func midweek(pub time.Time) time.Time {
	wd := int(pub.Weekday())
	if wd == 0 {
		wd = 7
	}
	return pub.AddDate(0, 0, 3-wd)
}

// datelineRe matches a wire-style dateline opening a sentence: the filing
// city in capitals, an optional date and agency, and a dash ("KYIV, June 3
// (Reuters) - ", "WASHINGTON (AP) — ").
var datelineRe = regexp.MustCompile(`^\s*[A-Z][A-Z.'’/ -]{2,30}[A-Z](?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^)]{1,40}\))?\s+[-—–]+\s+`)

// stripDateline returns s without its dateline: the dateline says where and
// when the story was filed, not when or where the events it reports happened.
func stripDateline(s string) string {
	if m := datelineRe.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// feastBefore reports whether s ends with the first word of a feast day
// named after a weekday ("Palm Sunday", "Good Friday", "Easter Sunday").
func feastBefore(s string) bool {
	for _, w := range []string{"Palm ", "Easter ", "Good ", "Holy ", "Bloody ", "Trinity ", "Clean ", "Black "} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// weekdayDayNum reads the day of the month some outlets give after a
// weekday ("on Tuesday (13)"): the date of that day nearest to pub that
// falls on the weekday wd.
func weekdayDayNum(after string, wd time.Weekday, pub time.Time) (time.Time, bool) {
	if !strings.HasPrefix(after, " (") {
		return time.Time{}, false
	}
	k := strings.IndexByte(after, ')')
	if k < 3 || k > 4 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(after[2:k])
	if err != nil || n < 1 || n > 31 {
		return time.Time{}, false
	}
	var best time.Time
	for dm := -1; dm <= 1; dm++ {
		d := time.Date(pub.Year(), pub.Month()+time.Month(dm), n, 0, 0, 0, 0, time.UTC)
		if d.Day() != n || d.Weekday() != wd {
			continue
		}
		if best.IsZero() || d.Sub(pub).Abs() < best.Sub(pub).Abs() {
			best = d
		}
	}
	return best, !best.IsZero()
}

// nightBefore reports whether "night" is named just before byte at of s
// ("the night of June 9-10", "the night of 23-24 April"): a range of two
// days is then dated by the morning's.
func nightBefore(s string, at int) bool {
	return strings.Contains(strings.ToLower(s[max(0, at-14):at]), "night")
}
