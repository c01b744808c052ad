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
	// United States: the president, his cabinet, envoys and spokespeople of 2025.
	addAliases("US", KindPerson, "Trump", "Donald Trump", "Rubio", "Marco Rubio", "Witkoff", "Steve Witkoff", "Kellogg",
		"Keith Kellogg", "Vance", "JD Vance", "J.D. Vance", "Waltz", "Mike Waltz", "Hegseth", "Pete Hegseth", "Bessent",
		"Scott Bessent", "Leavitt", "Karoline Leavitt", "Biden", "Blinken", "Driscoll", "Dan Driscoll", "Daniel Driscoll",
		"Whitaker", "Matthew Whitaker", "Kushner", "Jared Kushner", "Lutnick", "Howard Lutnick", "Tammy Bruce",
		"Tulsi Gabbard", "Gabbard", "Dorothy Shea", "Mike Pompeo", "Marco Rubio's")
	addAliases("US", KindOffice, "White House", "State Department", "Pentagon", "Oval Office", "Trump administration",
		"US administration", "U.S. administration", "US government", "U.S. government", "Washington's",
		"US delegation", "U.S. delegation", "American delegation", "US side", "U.S. side", "American side",
		"Department of State", "Department of Defense", "National Security Council", "US Treasury", "U.S. Treasury")
	addAliases("US", KindState, "United States", "US", "U.S.", "USA", "U.S.A.", "America", "the States")
	addAliases("US", KindCapital, "Washington")
	addAliases("US", KindAdjective, "American", "Americans", "US-brokered", "U.S.-brokered", "US-led", "U.S.-led",
		"US-proposed", "U.S.-proposed", "US-drafted", "U.S.-drafted", "US-backed", "U.S.-backed")
	// Russia.
	addAliases("RU", KindPerson, "Putin", "Vladimir Putin", "Peskov", "Dmitry Peskov", "Lavrov", "Sergei Lavrov",
		"Sergey Lavrov", "Ushakov", "Yuri Ushakov", "Yury Ushakov", "Dmitriev", "Kirill Dmitriev", "Medvedev",
		"Dmitry Medvedev", "Zakharova", "Maria Zakharova", "Shoigu", "Sergei Shoigu", "Belousov", "Andrei Belousov",
		"Gerasimov", "Valery Gerasimov", "Nebenzia", "Nebenzya", "Vassily Nebenzia", "Medinsky", "Vladimir Medinsky",
		"Karasin", "Grigory Karasin", "Galuzin", "Mikhail Galuzin", "Ryabkov", "Sergei Ryabkov", "Slutsky", "Leonid Slutsky",
		"Volodin", "Vyacheslav Volodin", "Matviyenko", "Valentina Matviyenko", "Kostyukov", "Igor Kostyukov", "Polyanskiy",
		"Polyansky", "Dmitry Polyanskiy", "Beseda", "Sergei Beseda", "Grushko", "Alexander Grushko", "Naryshkin",
		"Sergei Naryshkin", "Kosachev", "Konstantin Kosachev", "Alexander Fomin", "Polishchuk", "Alexei Polishchuk",
		"Lavrov's", "Darchiev", "Alexander Darchiev", "Nechayev", "Sergei Nechayev", "Rudenko", "Andrei Rudenko",
		"Likhachev", "Alexey Likhachev", "Alexei Likhachev")
	addAliases("RU", KindOffice, "Kremlin", "Russian Foreign Ministry", "Russian Defense Ministry", "Russian Ministry of Defense",
		"Russian Defence Ministry", "Russian delegation", "Russian side", "Russian government", "Russian presidency",
		"Russian Security Council", "Federation Council", "State Duma", "Duma", "Rosatom")
	addAliases("RU", KindState, "Russia", "Russian Federation")
	addAliases("RU", KindCapital, "Moscow")
	addAliases("RU", KindAdjective, "Russian", "Russia's", "Russians", "Russian-drafted", "Russian-backed")
	// Ukraine.
	addAliases("UA", KindPerson, "Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenski", "Volodymyr Zelensky",
		"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Sybiha", "Andrii Sybiha", "Andriy Sybiha", "Yermak", "Andriy Yermak",
		"Andrii Yermak", "Umerov", "Rustem Umerov", "Budanov", "Kyrylo Budanov", "Shmyhal", "Denys Shmyhal", "Svyrydenko",
		"Yulia Svyrydenko", "Kuleba", "Syrskyi", "Oleksandr Syrskyi", "Stefanchuk", "Ruslan Stefanchuk", "Klitschko",
		"Vitali Klitschko", "Vilkul", "Lysak", "Kobzar", "Umierov", "Umyerov", "Umarov", "Kyslytsya", "Kyslytsia",
		"Sergiy Kyslytsya", "Serhiy Kyslytsya", "Zaluzhnyi", "Lubinets", "Dmytro Lubinets", "Klymenko", "Ihor Klymenko",
		"Tkachenko", "Kiper", "Terekhov", "Syniehubov", "Hryhorov", "Prokudin", "Filashkin", "Sadovyi", "Melnyk",
		"Podolyak", "Podoliak", "Mykhailo Podolyak", "Mykhailo Podoliak", "Havrylyuk", "Lytvyn", "Dmytro Lytvyn", "Tykhyi",
		"Heorhii Tykhyi", "Ivan Fedorov", "Kyslytsya's", "Hnatov", "Andrii Hnatov", "Shmyhal's", "Tsyhanok",
		"Bodnar", "Nykyforov", "Serhiy Nykyforov", "Arakhamia", "David Arakhamia", "Davyd Arakhamia",
		"Betsa", "Mariana Betsa")
	addAliases("UA", KindOffice, "Ukrainian Foreign Ministry", "Ukraine's Foreign Ministry", "Ukrainian delegation",
		"Ukrainian government", "Ukrainian side", "Bankova", "General Staff", "Verkhovna Rada", "Ukrainian parliament",
		"Ukraine's parliament", "Ukrainian presidency", "Presidential Office", "President's Office", "Office of the President")
	addAliases("UA", KindState, "Ukraine")
	addAliases("UA", KindCapital, "Kyiv", "Kiev")
	addAliases("UA", KindAdjective, "Ukrainian", "Ukraine's", "Ukrainians")
	// Europe and others.
	addAliases("FR", KindPerson, "Macron", "Emmanuel Macron", "Barrot", "Jean-Noel Barrot", "Jean-Noël Barrot", "Bayrou",
		"Francois Bayrou", "François Bayrou", "Lecornu", "Sebastien Lecornu", "Sébastien Lecornu", "Emmanuel Bonne")
	addAliases("FR", KindOffice, "Elysee", "Élysée", "Elysée", "Quai d'Orsay", "French government", "French presidency")
	addAliases("FR", KindState, "France")
	addAliases("FR", KindCapital, "Paris")
	addAliases("FR", KindAdjective, "French")
	addAliases("GB", KindPerson, "Starmer", "Keir Starmer", "Lammy", "David Lammy", "Healey", "John Healey", "Powell",
		"Jonathan Powell", "Yvette Cooper", "Rachel Reeves", "Karen Pierce")
	addAliases("GB", KindOffice, "Downing Street", "Foreign Office", "British government", "UK government", "U.K. government")
	addAliases("GB", KindState, "Britain", "UK", "U.K.", "United Kingdom", "Great Britain")
	addAliases("GB", KindCapital, "London")
	addAliases("GB", KindAdjective, "British", "Britain's")
	addAliases("DE", KindPerson, "Merz", "Friedrich Merz", "Scholz", "Olaf Scholz", "Wadephul", "Johann Wadephul", "Pistorius",
		"Boris Pistorius", "Baerbock", "Annalena Baerbock", "Kornelius", "Stefan Kornelius", "Steinmeier",
		"Frank-Walter Steinmeier", "Klingbeil", "Lars Klingbeil", "Guenter Sautter", "Günter Sautter")
	addAliases("DE", KindOffice, "German government", "Chancellery", "German Chancellery")
	addAliases("DE", KindState, "Germany")
	addAliases("DE", KindCapital, "Berlin")
	addAliases("DE", KindAdjective, "German", "Germany's")
	addAliases("PL", KindPerson, "Tusk", "Donald Tusk", "Duda", "Andrzej Duda", "Sikorski", "Radoslaw Sikorski",
		"Radosław Sikorski", "Nawrocki", "Karol Nawrocki", "Kosiniak-Kamysz")
	addAliases("PL", KindState, "Poland")
	addAliases("PL", KindCapital, "Warsaw")
	addAliases("PL", KindAdjective, "Polish")
	addAliases("TR", KindPerson, "Erdogan", "Erdoğan", "Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "Fidan", "Hakan Fidan",
		"Kalin", "Ibrahim Kalin", "İbrahim Kalın")
	addAliases("TR", KindState, "Turkey", "Türkiye", "Turkiye")
	addAliases("TR", KindCapital, "Ankara")
	addAliases("TR", KindAdjective, "Turkish")
	addAliases("SA", KindPerson, "Mohammed bin Salman", "bin Salman", "Faisal bin Farhan", "Musaed al-Aiban")
	addAliases("SA", KindState, "Saudi Arabia")
	addAliases("SA", KindCapital, "Riyadh")
	addAliases("SA", KindAdjective, "Saudi")
	addAliases("AE", KindPerson, "Mohamed bin Zayed", "Mohammed bin Zayed", "bin Zayed", "Abdullah bin Zayed")
	addAliases("AE", KindState, "United Arab Emirates", "UAE", "U.A.E.")
	addAliases("AE", KindAdjective, "Emirati")
	addAliases("QA", KindPerson, "Sheikh Tamim", "Tamim bin Hamad", "Mohammed bin Abdulrahman")
	addAliases("QA", KindState, "Qatar")
	addAliases("QA", KindAdjective, "Qatari")
	addAliases("CN", KindPerson, "Xi Jinping", "Xi", "Wang Yi", "Mao Ning", "Lin Jian", "Guo Jiakun", "Li Hui")
	addAliases("CN", KindState, "China")
	addAliases("CN", KindCapital, "Beijing")
	addAliases("CN", KindAdjective, "Chinese")
	addAliases("IN", KindPerson, "Modi", "Narendra Modi", "Jaishankar", "Subrahmanyam Jaishankar")
	addAliases("IN", KindState, "India")
	addAliases("IN", KindAdjective, "Indian")
	addAliases("BR", KindPerson, "Luiz Inacio Lula da Silva", "Luiz Inácio Lula da Silva")
	addAliases("BR", KindState, "Brazil")
	addAliases("BR", KindAdjective, "Brazilian")
	addAliases("ZA", KindPerson, "Ramaphosa", "Cyril Ramaphosa")
	addAliases("ZA", KindState, "South Africa")
	addAliases("BY", KindPerson, "Lukashenko", "Alexander Lukashenko")
	addAliases("BY", KindState, "Belarus")
	addAliases("BY", KindCapital, "Minsk")
	addAliases("BY", KindAdjective, "Belarusian")
	addAliases("KP", KindPerson, "Kim Jong Un", "Kim Jong-un")
	addAliases("KP", KindState, "North Korea")
	addAliases("KP", KindAdjective, "North Korean")
	addAliases("IR", KindState, "Iran")
	addAliases("IR", KindAdjective, "Iranian")
	addAliases("IT", KindPerson, "Meloni", "Giorgia Meloni", "Tajani", "Antonio Tajani", "Crosetto", "Guido Crosetto", "Mattarella")
	addAliases("IT", KindState, "Italy")
	addAliases("IT", KindCapital, "Rome")
	addAliases("IT", KindAdjective, "Italian")
	addAliases("FI", KindPerson, "Stubb", "Alexander Stubb", "Orpo", "Petteri Orpo", "Valtonen", "Elina Valtonen")
	addAliases("FI", KindState, "Finland")
	addAliases("FI", KindCapital, "Helsinki")
	addAliases("FI", KindAdjective, "Finnish")
	addAliases("HU", KindPerson, "Orban", "Orbán", "Viktor Orban", "Viktor Orbán", "Szijjarto", "Szijjártó", "Peter Szijjarto", "Péter Szijjártó")
	addAliases("HU", KindState, "Hungary")
	addAliases("HU", KindAdjective, "Hungarian")
	addAliases("SK", KindPerson, "Fico", "Robert Fico")
	addAliases("SK", KindState, "Slovakia")
	addAliases("SK", KindAdjective, "Slovak")
	addAliases("CZ", KindPerson, "Fiala", "Petr Fiala", "Petr Pavel", "Babis", "Andrej Babis", "Babiš", "Andrej Babiš")
	addAliases("CZ", KindState, "Czech Republic", "Czechia")
	addAliases("CZ", KindAdjective, "Czech")
	addAliases("DK", KindPerson, "Frederiksen", "Mette Frederiksen", "Lokke Rasmussen", "Løkke Rasmussen", "Lars Lokke Rasmussen", "Lars Løkke Rasmussen")
	addAliases("DK", KindState, "Denmark")
	addAliases("DK", KindCapital, "Copenhagen")
	addAliases("DK", KindAdjective, "Danish")
	addAliases("NL", KindPerson, "Schoof", "Dick Schoof", "Veldkamp", "Caspar Veldkamp")
	addAliases("NL", KindState, "Netherlands")
	addAliases("NL", KindAdjective, "Dutch")
	addAliases("NO", KindPerson, "Jonas Gahr Store", "Jonas Gahr Støre", "Støre")
	addAliases("NO", KindState, "Norway")
	addAliases("NO", KindAdjective, "Norwegian")
	addAliases("SE", KindPerson, "Kristersson", "Ulf Kristersson")
	addAliases("SE", KindState, "Sweden")
	addAliases("SE", KindAdjective, "Swedish")
	addAliases("EE", KindPerson, "Kristen Michal", "Alar Karis", "Tsahkna", "Margus Tsahkna", "Kallas's")
	addAliases("EE", KindState, "Estonia")
	addAliases("EE", KindAdjective, "Estonian")
	addAliases("LV", KindPerson, "Rinkevics", "Rinkēvičs", "Edgars Rinkevics", "Evika Silina")
	addAliases("LV", KindState, "Latvia")
	addAliases("LV", KindAdjective, "Latvian")
	addAliases("LT", KindPerson, "Nauseda", "Nausėda", "Gitanas Nauseda", "Gitanas Nausėda")
	addAliases("LT", KindState, "Lithuania")
	addAliases("LT", KindAdjective, "Lithuanian")
	addAliases("ES", KindPerson, "Pedro Sanchez", "Pedro Sánchez", "Albares")
	addAliases("ES", KindState, "Spain")
	addAliases("ES", KindAdjective, "Spanish")
	addAliases("BE", KindPerson, "De Wever", "Bart De Wever")
	addAliases("BE", KindState, "Belgium")
	addAliases("BE", KindAdjective, "Belgian")
	addAliases("RO", KindPerson, "Nicusor Dan", "Nicușor Dan")
	addAliases("RO", KindState, "Romania")
	addAliases("RO", KindAdjective, "Romanian")
	addAliases("GR", KindPerson, "Mitsotakis", "Kyriakos Mitsotakis")
	addAliases("GR", KindState, "Greece")
	addAliases("GR", KindAdjective, "Greek")
	addAliases("AT", KindState, "Austria")
	addAliases("AT", KindAdjective, "Austrian")
	addAliases("IE", KindPerson, "Micheál Martin", "Micheal Martin", "Simon Harris")
	addAliases("IE", KindOffice, "Taoiseach", "Tánaiste", "Tanaiste")
	addAliases("IE", KindState, "Ireland")
	addAliases("IE", KindAdjective, "Irish")
	addAliases("MD", KindPerson, "Maia Sandu")
	addAliases("MD", KindState, "Moldova")
	addAliases("CH", KindPerson, "Cassis", "Ignazio Cassis", "Keller-Sutter", "Karin Keller-Sutter")
	addAliases("CH", KindState, "Switzerland")
	addAliases("CH", KindAdjective, "Swiss")
	addAliases("CA", KindPerson, "Carney", "Mark Carney", "Trudeau", "Justin Trudeau", "Melanie Joly", "Mélanie Joly", "Anita Anand")
	addAliases("CA", KindState, "Canada")
	addAliases("CA", KindAdjective, "Canadian")
	addAliases("JP", KindPerson, "Ishiba", "Shigeru Ishiba", "Takaichi", "Sanae Takaichi")
	addAliases("JP", KindState, "Japan")
	addAliases("JP", KindAdjective, "Japanese")
	addAliases("AU", KindPerson, "Albanese", "Anthony Albanese")
	addAliases("AU", KindState, "Australia")
	addAliases("AU", KindAdjective, "Australian")
	addAliases("VA", KindPerson, "Pope Francis", "Pope Leo", "Pope Leo XIV", "Parolin", "Pietro Parolin", "Zuppi", "Matteo Zuppi")
	addAliases("VA", KindState, "Holy See")
	addAliases("VA", KindCapital, "Vatican")
	addAliases("VA", KindOffice, "Pope", "pope", "pontiff")
	addAliases("EU", KindPerson, "von der Leyen", "Von der Leyen", "Ursula von der Leyen", "Kallas", "Kaja Kallas", "Costa", "Antonio Costa",
		"António Costa", "Marta Kos", "Metsola", "Roberta Metsola")
	addAliases("EU", KindOffice, "European Commission", "European Council", "European Parliament", "EU Commission")
	addAliases("EU", KindState, "European Union", "EU", "E.U.")
	addAliases("EU", KindCapital, "Brussels")
	addAliases("EU", KindGroup, "European leaders", "European allies", "European countries", "European partners",
		"European nations", "European governments", "European officials", "Europeans", "Europe", "European capitals",
		"European powers", "European ministers", "European foreign ministers", "European defence ministers",
		"European defense ministers", "European heads of state", "European states", "European members", "E3")
	addAliases("EU", KindAdjective, "European")
	addAliases("NATO", KindPerson, "Rutte", "Mark Rutte")
	addAliases("NATO", KindState, "NATO")
	addAliases("UN", KindPerson, "Guterres", "Antonio Guterres", "António Guterres", "Grossi", "Rafael Grossi")
	addAliases("UN", KindState, "United Nations", "UN", "U.N.", "IAEA")
	addAliases("UN", KindOffice, "Security Council", "UN Security Council", "U.N. Security Council")
	buildAliasIndex()
}

// aliasByFirst indexes aliases by their first two bytes, longest first:
// the table names hundreds of people, and a word is compared only with the
// few that start as it does.
var aliasByFirst = map[[2]byte][]string{}

func buildAliasIndex() {
	for n := range actorAliases {
		k := [2]byte{n[0], n[1]}
		aliasByFirst[k] = append(aliasByFirst[k], n)
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
		var cands []string
		if i+1 < len(s) {
			cands = aliasByFirst[[2]byte{s[i], s[i+1]}]
		}
		for _, cand := range cands {
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
