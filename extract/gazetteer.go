package extract

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The gazetteer: GeoNames' Ukrainian towns (CC BY 4.0, see gazetteer/SOURCE.txt)
// plus a short hand-written list of cities abroad where talks are held.
//
//go:embed gazetteer/*.tsv
var gazetteerFS embed.FS

// PlaceKind says whether a Place is a populated place or an oblast.
type PlaceKind int

// Kinds of place.
const (
	City PlaceKind = iota
	Region
)

// Place is one entry of the gazetteer.
type Place struct {
	ID      int // GeoNames id, 0 for hand-written entries
	Name    string
	Admin1  string // "Sumy Oblast", "Kyiv City"; "" abroad
	Country string // ISO code
	Lat     float64
	Lon     float64
	Pop     int
	Kind    PlaceKind
	Capital bool // a national capital (stands for its government in talks)
	// Unlisted: a place an article names that the gazetteer does not hold
	// (a village, a town abroad): a name and perhaps an oblast, no coordinates.
	Unlisted bool
}

// Gazetteer finds places by any of their names.
type Gazetteer struct {
	byKey   map[string]*Place // folded name -> best place
	maxWord int               // longest name in words
	regions map[string]*Place // admin1 code -> region place
}

// PlaceMention is a place named in a text: Text[Start:End].
type PlaceMention struct {
	Start, End int
	Place      *Place
}

// altBlock lists alternate GeoNames spellings that are also ordinary words or
// given names in English news ("Vladimir" is an old name of
// Volodymyr-Volynskyi, and the first name of Putin).
var altBlock = map[string]bool{
	"vladimir": true, "alexander": true, "human": true, "peace": true, "victory": true, "union": true,
	"ukraina": true, "ukraine": true, "russia": true, "zarya": true, "slava": true, "pobeda": true,
	"mira": true, "lenina": true, "nova": true, "ambar": true, "ambre": true, "okna": true, "central": true,
	"sovetskiy": true, "oktyabrskiy": true, "pervomayskiy": true, "komsomolsk": true, "pioneer": true,
	"march": true, "may": true, "june": true, "july": true, "april": true, "august": true,
	"friday": true, "monday": true, "sunday": true, "saturday": true, "kremlin": true, "white": true,
	"black": true, "north": true, "south": true, "east": true, "west": true, "donbas": true, "donbass": true,
	"trump": true, "putin": true, "paris": true, "london": true, "berlin": true, "moscow": true, "washington": true,
}

// DefaultGazetteer returns the embedded gazetteer, loaded once.
var DefaultGazetteer = sync.OnceValue(func() *Gazetteer {
	g, err := loadGazetteer()
	if err != nil {
		panic("extract: embedded gazetteer: " + err.Error()) // the files are part of the binary
	}
	return g
})

// admin1Name turns a GeoNames admin1 name into the form used in claims.
func admin1Name(n string) string {
	n = strings.TrimSuffix(strings.TrimSuffix(n, " Oblast'"), " Oblast")
	switch n {
	case "Kyiv City", "Sevastopol City", "Crimea":
		return n
	case "Vinnyts'ka":
		n = "Vinnytsia"
	}
	return n + " Oblast"
}

// regionAliases are other English names of oblasts (old or transliterated).
var regionAliases = map[string][]string{
	"UA.26": {"Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Zaporizhzhya"},
	"UA.23": {"Vinnytsia", "Vinnitsa", "Vinnytsya"},
	"UA.25": {"Zakarpattia", "Transcarpathian"},
	"UA.10": {"Kirovohrad", "Kropyvnytskyi"},
	"UA.17": {"Odesa", "Odessa"},
	"UA.07": {"Kharkiv", "Kharkov"},
	"UA.04": {"Dnipropetrovsk", "Dnipro"},
	"UA.16": {"Mykolaiv", "Nikolaev", "Mykolayiv"},
	"UA.14": {"Luhansk", "Lugansk"},
	"UA.05": {"Donetsk"},
	"UA.08": {"Kherson"},
	"UA.02": {"Chernihiv", "Chernigov"},
	"UA.13": {"Kyiv", "Kiev"},
	"UA.03": {"Chernivtsi"},
	"UA.18": {"Poltava"},
	"UA.21": {"Sumy"},
	"UA.01": {"Cherkasy"},
	"UA.27": {"Zhytomyr"},
	"UA.24": {"Volyn"},
	"UA.22": {"Ternopil"},
	"UA.19": {"Rivne"},
	"UA.15": {"Lviv"},
	"UA.09": {"Khmelnytskyi", "Khmelnytsky"},
	"UA.06": {"Ivano-Frankivsk"},
}

func loadGazetteer() (*Gazetteer, error) {
	g := &Gazetteer{byKey: map[string]*Place{}, regions: map[string]*Place{}}
	admin := map[string]string{} // "21" -> "Sumy Oblast"
	err := eachTSV("gazetteer/UA_admin1CodesASCII.tsv", func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want 4 fields, got %d", len(f))
		}
		admin[strings.TrimPrefix(f[0], "UA.")] = admin1Name(f[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	type row struct {
		p    *Place
		alts []string
	}
	rows := map[int]*row{}
	var order []int
	read := func(file string, current bool) error {
		return eachTSV(file, func(f []string) error {
			if len(f) < 15 {
				return fmt.Errorf("want 19 fields, got %d", len(f))
			}
			id, err := strconv.Atoi(f[0])
			if err != nil {
				return fmt.Errorf("geonameid %q: %w", f[0], err)
			}
			lat, err1 := strconv.ParseFloat(f[4], 64)
			lon, err2 := strconv.ParseFloat(f[5], 64)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("bad coordinates %q %q", f[4], f[5])
			}
			pop, _ := strconv.Atoi(f[14])
			alts := append([]string{f[1], f[2]}, strings.Split(f[3], ",")...)
			if r, ok := rows[id]; ok {
				// The older file: its names are historical names of the same place.
				r.alts = append(r.alts, alts...)
				return nil
			}
			p := &Place{ID: id, Name: f[1], Admin1: admin[f[10]], Country: "UA", Lat: lat, Lon: lon, Pop: pop, Capital: f[7] == "PPLC"}
			if strings.HasPrefix(f[7], "PPLA") || f[7] == "PPLC" {
				p.Pop += 1 // a seat wins ties
			}
			if f[7] == "PPLX" || f[7] == "PPLH" {
				p.Pop /= 10 // city sections and historical places lose to towns
			}
			if !current && !isLatinName(p.Name) {
				p.Name = f[2]
			}
			rows[id] = &row{p: p, alts: alts}
			order = append(order, id)
			return nil
		})
	}
	if err := read("gazetteer/UA_cities15000_geonames_2025-11.tsv", true); err != nil {
		return nil, err
	}
	if err := read("gazetteer/UA_cities5000_geonames_2018-01.tsv", false); err != nil {
		return nil, err
	}
	// Villages and small towns (population >= 500): many strikes and
	// shellings are reported from places below the 5,000 of the file before.
	if err := read("gazetteer/UA_cities500_geonames_2023-03.tsv", true); err != nil {
		return nil, err
	}
	// Primary names first, so an alternate spelling never hides a town's own name.
	for _, id := range order {
		r := rows[id]
		for _, n := range []string{r.p.Name, r.alts[1]} {
			g.add(n, r.p, true)
		}
	}
	for _, id := range order {
		r := rows[id]
		for _, n := range r.alts[2:] {
			if isLatinName(n) && utf8.RuneCountInString(n) >= 4 && !altBlock[foldName(n)] {
				g.add(n, r.p, false)
			}
		}
	}
	// Oblasts: "Sumy Oblast", "Sumy region", "Sumy province".
	seats := map[string]*Place{}
	for _, id := range order {
		p := rows[id].p
		if p.Admin1 != "" && (seats[p.Admin1] == nil || p.Pop > seats[p.Admin1].Pop) {
			seats[p.Admin1] = p
		}
	}
	for code, name := range admin {
		seat := seats[name]
		rp := &Place{Name: name, Admin1: name, Country: "UA", Kind: Region}
		if seat != nil {
			rp.Lat, rp.Lon = seat.Lat, seat.Lon
		}
		g.regions[code] = rp
		for _, alias := range regionAliases["UA."+code] {
			for _, suffix := range []string{" Oblast", " oblast", " region", " Region", " province", " Province", " regional"} {
				g.add(alias+suffix, rp, true)
			}
		}
		g.add(name, rp, true)
	}
	// Abroad.
	err = eachTSV("gazetteer/world.tsv", func(f []string) error {
		if len(f) < 4 {
			return fmt.Errorf("want 5 fields, got %d", len(f))
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lon, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad coordinates %q %q", f[2], f[3])
		}
		p := &Place{Name: f[0], Country: f[1], Lat: lat, Lon: lon, Pop: 1 << 30}
		if len(f) > 5 {
			p.Admin1 = f[5] // "Kursk Oblast": a place in Russia or Ukraine the GeoNames files lack
		}
		g.byKey[foldName(f[0])] = p
		if len(f) > 4 && f[4] != "" {
			for _, a := range strings.Split(f[4], ",") {
				g.byKey[foldName(a)] = p
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k := range g.byKey {
		if n := len(strings.Fields(k)); n > g.maxWord {
			g.maxWord = n
		}
	}
	return g, nil
}

func (g *Gazetteer) add(name string, p *Place, primary bool) {
	k := foldName(name)
	if k == "" {
		return
	}
	old, ok := g.byKey[k]
	// The most populous place wins a shared name: an old name of a city
	// ("Artemivsk", now Bakhmut) beats a village of that name.
	if !ok || (old.Pop < p.Pop && (primary || old.Kind == p.Kind)) {
		g.byKey[k] = p
	}
}

func eachTSV(file string, fn func([]string) error) error {
	b, err := gazetteerFS.ReadFile(file)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if err := fn(strings.Split(t, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
	}
	return sc.Err()
}

func isLatinName(s string) bool {
	if s == "" {
		return false
	}
	r0, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r0) {
		return false
	}
	for _, r := range s {
		if !(unicode.Is(unicode.Latin, r) || r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.') {
			return false
		}
	}
	return true
}

// foldName is the key a name is looked up by: no diacritics, no apostrophes,
// lower case, hyphens as spaces, "St." as "saint".
func foldName(s string) string {
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	space := true
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == 'ʼ', r == '`', r == '.':
		case r == '-' || unicode.IsSpace(r) || r == ',':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(unicode.ToLower(r))
			space = false
		}
	}
	k := strings.TrimSpace(b.String())
	if strings.HasPrefix(k, "st ") {
		k = "saint " + k[3:]
	}
	return k
}

// lookupFolded is byKey[foldName(s)], folding an ASCII name into buf
// without allocating (Find tries every run of capitalised words).
func (g *Gazetteer) lookupFolded(s string, buf []byte) (*Place, bool) {
	if !isASCII(s) {
		p, ok := g.byKey[foldName(s)]
		return p, ok
	}
	space := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '`' || c == '.':
		case c == '-' || c == ' ' || c == ',' || c >= '\t' && c <= '\r':
			if !space {
				buf = append(buf, ' ')
				space = true
			}
		default:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			space = false
		}
	}
	if n := len(buf); n > 0 && buf[n-1] == ' ' {
		buf = buf[:n-1]
	}
	if len(buf) >= 3 && string(buf[:3]) == "st " {
		p, ok := g.byKey["saint "+string(buf[3:])]
		return p, ok
	}
	p, ok := g.byKey[string(buf)]
	return p, ok
}

// Lookup returns the place a name stands for.
func (g *Gazetteer) Lookup(name string) (*Place, bool) {
	p, ok := g.byKey[foldName(name)]
	return p, ok
}

// Nearest returns the gazetteer's populated place nearest to (lat, lon) and
// its distance in kilometres.
func (g *Gazetteer) Nearest(lat, lon float64) (*Place, float64) {
	var best *Place
	bd := math.Inf(1)
	for _, p := range g.byKey {
		if p.Kind != City {
			continue
		}
		if d := Haversine(lat, lon, p.Lat, p.Lon); d < bd {
			best, bd = p, d
		}
	}
	return best, bd
}

// Find returns the places named in text, longest names first and without
// overlaps, in text order. A name must start with a capital letter.
func (g *Gazetteer) Find(text string) []PlaceMention {
	words := capitalWords(text)
	var out []PlaceMention
	var buf [64]byte
	for i := 0; i < len(words); {
		if !words[i].upper {
			i++
			continue
		}
		matched := false
		for n := min(g.maxWord, len(words)-i); n >= 1; n-- {
			// Words of one name must be adjacent (a space or hyphen apart).
			ok := true
			for j := i + 1; j < i+n; j++ {
				gap := text[words[j-1].end:words[j].start]
				if gap != " " && gap != "-" && gap != ". " {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			s, e := words[i].start, words[i+n-1].end
			if p, found := g.lookupFolded(text[s:e], buf[:0]); found {
				if !words[i].upper || personFollows(text[e:]) || n == 1 && p.Pop < 5000 && p.Kind == City && surnameFollows(text[e:]) {
					// "Volodymyr Zelensky" is a person, not Volodymyr-Volynskyi;
					// "Serhii Beskrestnov" a person, not the village Serhiyi.
					continue
				}
				out = append(out, PlaceMention{Start: s, End: e, Place: p})
				i += n
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return out
}

type word struct {
	start, end int
	upper      bool
}

// capitalWords splits text into words (letters, apostrophes inside words),
// marking those that start with a capital; lower-case words are kept so that
// "Sumy region" and "St. Petersburg" can match across them.
func capitalWords(text string) []word {
	out := make([]word, 0, len(text)/5+1) // one allocation, as in words
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		s := i
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || ((r == '\'' || r == '’') && i+n < len(text) && isLetterAt(text, i+n) && !strings.HasPrefix(text[i+n:], "s ")) {
				i += n
				continue
			}
			break
		}
		if i < len(text) && text[i] == '.' && i-s <= 3 {
			i++ // "St." keeps its period
		}
		out = append(out, word{start: s, end: i, upper: unicode.IsUpper(r)})
	}
	return out
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// Haversine returns the great-circle distance in kilometres.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	la1, la2 := lat1*rad, lat2*rad
	h := math.Pow(math.Sin((la2-la1)/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin((lon2-lon1)*rad/2), 2)
	return 2 * 6371.0 * math.Asin(math.Min(1, math.Sqrt(h)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// personFollows reports whether rest starts with a person's name from the
// actor table: a place name right before it is a first name.
func personFollows(rest string) bool {
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	ms := Actors(rest[1:min(len(rest), 40)])
	return len(ms) > 0 && ms[0].Start == 0 && ms[0].Kind == KindPerson
}

// surnameFollows reports whether rest starts with a capitalised word that
// does not qualify a place ("Oblast", "Mayor", "Street"): after a village's
// name, a surname, the village's name being a given name.
func surnameFollows(rest string) bool {
	if len(rest) < 5 || rest[0] != ' ' || rest[1] < 'A' || rest[1] > 'Z' {
		return false
	}
	w := rest[1:]
	k := 1
	for k < len(w) && w[k] >= 'a' && w[k] <= 'z' {
		k++
	}
	if k < 4 || k < len(w) && isLetterAt(w, k) {
		return false
	}
	return !placeQualifier[strings.ToLower(w[:k])]
}

// placeQualifier are capitalised words that may follow a place's name.
var placeQualifier = map[string]bool{"oblast": true, "region": true, "raion": true, "rayon": true, "district": true,
	"hromada": true, "community": true, "council": true, "village": true, "city": true, "town": true,
	"settlement": true, "mayor": true, "governor": true, "administration": true, "station": true, "airport": true,
	"bridge": true, "dam": true, "plant": true, "river": true, "reservoir": true, "street": true, "square": true,
	"military": true, "regional": true, "state": true, "national": true, "thermal": true, "nuclear": true,
	"power": true, "port": true, "railway": true, "high": true, "central": true, "avenue": true}

// regionOf returns the oblast of a populated place, or nil.
func (g *Gazetteer) regionOf(p *Place) *Place {
	for _, r := range g.regions {
		if r.Admin1 == p.Admin1 && p.Admin1 != "" {
			return r
		}
	}
	return nil
}
