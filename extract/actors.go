package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ActorKind says how an actor is named: a person and an office speak on
// record; a state, capital or adjective does not by itself.
type ActorKind int

// Kinds of actor mention.
const (
	KindState     ActorKind = iota // Russia, the US, the EU
	KindCapital                    // Moscow, Kyiv (as a government)
	KindPerson                     // Putin, Zelenskyy
	KindOffice                     // the Kremlin, the White House
	KindAdjective                  // Russian, Ukrainian
	KindGroup                      // European leaders, allies
)

// alias is one spelling of an actor.
type alias struct {
	code string
	kind ActorKind
}

// actorAliases maps every spelling (matched case-sensitively on word
// boundaries; capitals need the capital letter) to a party code.
var actorAliases = map[string]alias{}

func addAliases(code string, kind ActorKind, names ...string) {
	for _, n := range names {
		actorAliases[n] = alias{code, kind}
	}
}

func init() {
	// United States.
	addAliases("US", KindPerson, "Trump", "Donald Trump", "Rubio", "Marco Rubio", "Witkoff", "Steve Witkoff", "Kellogg",
		"Keith Kellogg", "Vance", "JD Vance", "J.D. Vance", "Waltz", "Mike Waltz", "Hegseth", "Bessent", "Leavitt", "Biden",
		"Blinken", "Driscoll", "Whitaker", "Kushner", "Jared Kushner")
	addAliases("US", KindOffice, "White House", "State Department", "Pentagon", "Oval Office", "Trump administration",
		"US administration", "U.S. administration", "US government", "U.S. government", "Washington's")
	addAliases("US", KindState, "United States", "US", "U.S.", "USA", "America", "the States")
	addAliases("US", KindCapital, "Washington")
	addAliases("US", KindAdjective, "American", "US-brokered", "U.S.-brokered", "US-led", "U.S.-led")
	// Russia.
	addAliases("RU", KindPerson, "Putin", "Vladimir Putin", "Peskov", "Dmitry Peskov", "Lavrov", "Sergei Lavrov",
		"Sergey Lavrov", "Ushakov", "Yuri Ushakov", "Dmitriev", "Kirill Dmitriev", "Medvedev", "Zakharova",
		"Maria Zakharova", "Shoigu", "Belousov", "Gerasimov", "Nebenzia", "Nebenzya", "Medinsky", "Vladimir Medinsky", "Karasin", "Galuzin",
		"Ryabkov", "Sergei Ryabkov", "Slutsky", "Volodin", "Matviyenko", "Kostyukov", "Polyanskiy", "Polyansky")
	addAliases("RU", KindOffice, "Kremlin", "Russian Foreign Ministry", "Russian Defense Ministry", "Russian Ministry of Defense",
		"Russian Defence Ministry")
	addAliases("RU", KindState, "Russia", "Russian Federation")
	addAliases("RU", KindCapital, "Moscow")
	addAliases("RU", KindAdjective, "Russian", "Russia's", "Russians")
	// Ukraine.
	addAliases("UA", KindPerson, "Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenski", "Volodymyr Zelensky",
		"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Sybiha", "Andrii Sybiha", "Andriy Sybiha", "Yermak", "Andriy Yermak",
		"Andrii Yermak", "Umerov", "Rustem Umerov", "Budanov", "Kyrylo Budanov", "Shmyhal", "Svyrydenko", "Kuleba", "Syrskyi",
		"Stefanchuk", "Klitschko", "Vilkul", "Lysak", "Kobzar", "Umierov", "Umyerov", "Kyslytsya", "Kyslytsia", "Zaluzhnyi",
		"Lubinets", "Klymenko", "Tkachenko", "Kiper", "Terekhov", "Syniehubov", "Hryhorov", "Prokudin", "Filashkin", "Sadovyi",
		"Melnyk", "Podolyak", "Podoliak", "Mykhailo Podolyak", "Kuleba", "Havrylyuk")
	addAliases("UA", KindOffice, "Ukrainian Foreign Ministry", "Ukraine's Foreign Ministry", "Ukrainian delegation",
		"Ukrainian government", "Ukrainian side", "Bankova", "General Staff")
	addAliases("UA", KindState, "Ukraine")
	addAliases("UA", KindCapital, "Kyiv", "Kiev")
	addAliases("UA", KindAdjective, "Ukrainian", "Ukraine's", "Ukrainians")
	// Europe and others.
	addAliases("FR", KindPerson, "Macron", "Emmanuel Macron", "Barrot", "Jean-Noel Barrot", "Jean-Noël Barrot", "Bayrou")
	addAliases("FR", KindOffice, "Elysee", "Élysée", "Elysée")
	addAliases("FR", KindState, "France")
	addAliases("FR", KindCapital, "Paris")
	addAliases("FR", KindAdjective, "French")
	addAliases("GB", KindPerson, "Starmer", "Keir Starmer", "Lammy", "David Lammy", "Healey", "John Healey", "Powell")
	addAliases("GB", KindOffice, "Downing Street", "Foreign Office")
	addAliases("GB", KindState, "Britain", "UK", "U.K.", "United Kingdom", "Great Britain")
	addAliases("GB", KindCapital, "London")
	addAliases("GB", KindAdjective, "British")
	addAliases("DE", KindPerson, "Merz", "Friedrich Merz", "Scholz", "Olaf Scholz", "Wadephul", "Pistorius", "Baerbock")
	addAliases("DE", KindState, "Germany")
	addAliases("DE", KindCapital, "Berlin")
	addAliases("DE", KindAdjective, "German")
	addAliases("PL", KindPerson, "Tusk", "Donald Tusk", "Duda", "Sikorski", "Nawrocki")
	addAliases("PL", KindState, "Poland")
	addAliases("PL", KindCapital, "Warsaw")
	addAliases("PL", KindAdjective, "Polish")
	addAliases("TR", KindPerson, "Erdogan", "Erdoğan", "Fidan", "Hakan Fidan")
	addAliases("TR", KindState, "Turkey", "Türkiye", "Turkiye")
	addAliases("TR", KindCapital, "Ankara")
	addAliases("TR", KindAdjective, "Turkish")
	addAliases("SA", KindPerson, "Mohammed bin Salman", "bin Salman", "Faisal bin Farhan")
	addAliases("SA", KindState, "Saudi Arabia")
	addAliases("SA", KindCapital, "Riyadh")
	addAliases("SA", KindAdjective, "Saudi")
	addAliases("CN", KindPerson, "Xi Jinping", "Xi", "Wang Yi")
	addAliases("CN", KindState, "China")
	addAliases("CN", KindCapital, "Beijing")
	addAliases("CN", KindAdjective, "Chinese")
	addAliases("BY", KindPerson, "Lukashenko", "Alexander Lukashenko")
	addAliases("BY", KindState, "Belarus")
	addAliases("BY", KindCapital, "Minsk")
	addAliases("BY", KindAdjective, "Belarusian")
	addAliases("IT", KindPerson, "Meloni", "Giorgia Meloni")
	addAliases("IT", KindState, "Italy")
	addAliases("IT", KindAdjective, "Italian")
	addAliases("FI", KindPerson, "Stubb", "Alexander Stubb")
	addAliases("FI", KindState, "Finland")
	addAliases("FI", KindAdjective, "Finnish")
	addAliases("HU", KindPerson, "Orban", "Orbán", "Viktor Orban", "Viktor Orbán")
	addAliases("HU", KindState, "Hungary")
	addAliases("HU", KindAdjective, "Hungarian")
	addAliases("EU", KindPerson, "von der Leyen", "Ursula von der Leyen", "Kallas", "Kaja Kallas", "Costa", "Antonio Costa", "António Costa")
	addAliases("EU", KindOffice, "European Commission", "European Council")
	addAliases("EU", KindState, "European Union", "EU", "E.U.")
	addAliases("EU", KindCapital, "Brussels")
	addAliases("EU", KindGroup, "European leaders", "European allies", "European countries", "European partners",
		"European nations", "European governments", "European officials", "Europeans", "Europe", "European")
	addAliases("NATO", KindPerson, "Rutte", "Mark Rutte")
	addAliases("NATO", KindState, "NATO")
	addAliases("UN", KindPerson, "Guterres", "Antonio Guterres", "António Guterres", "Grossi")
	addAliases("UN", KindState, "United Nations", "UN", "U.N.", "IAEA")
	buildAliasIndex()
}

// aliasByFirst indexes aliases by their first byte, longest first.
var aliasByFirst = map[byte][]string{}

func buildAliasIndex() {
	for n := range actorAliases {
		aliasByFirst[n[0]] = append(aliasByFirst[n[0]], n)
	}
	for _, l := range aliasByFirst {
		sort.Slice(l, func(i, j int) bool {
			if len(l[i]) != len(l[j]) {
				return len(l[i]) > len(l[j])
			}
			return l[i] < l[j]
		})
	}
}

// ActorMention is an actor named in a text: Text[Start:End].
type ActorMention struct {
	Start, End int
	Code       string
	Kind       ActorKind
	Name       string
}

// Actors returns the actors named in s, in order, longest spellings first.
// A spelling must start and end on word boundaries ("Russian" is not
// "Russia", "US" is not the start of "USSR").
func Actors(s string) []ActorMention {
	var out []ActorMention
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) || (i > 0 && isWordByte(s, i-1)) {
			i += n
			continue
		}
		matched := false
		for _, cand := range aliasByFirst[s[i]] {
			if !strings.HasPrefix(s[i:], cand) {
				continue
			}
			e := i + len(cand)
			if e < len(s) && isWordByte(s, e) && cand[len(cand)-1] != '.' {
				continue
			}
			a := actorAliases[cand]
			out = append(out, ActorMention{Start: i, End: e, Code: a.code, Kind: a.kind, Name: cand})
			i = e
			matched = true
			break
		}
		if !matched {
			for i < len(s) {
				r, m := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				i += m
			}
		}
	}
	return out
}

func isWordByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && i > 0 {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
