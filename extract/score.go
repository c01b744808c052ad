package extract

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// This file re-implements ../shared/corpus/score (SCHEMA.md's scoring) so
// that `truce eval` prints the same numbers; score_test.go checks the two
// agree. Values are compared as decoded JSON, as the script compares them.

// Kinds of claim, in the order the scorer prints them.
var Kinds = []string{"positions", "incidents", "talks"}

var scoreFields = map[string][]string{"positions": {"stance", "attribution"}, "incidents": {"killed"}, "talks": nil}

// KindScore is the score of one kind of claim over a set of articles.
type KindScore struct {
	Gold, Predicted, Matched int
	Precision, Recall, F1    float64
	// Accuracy of each scored field over the matches; absent when nothing matched.
	Accuracy map[string]float64
	Fields   []string
	right    map[string]int
	n        map[string]int
}

// Score is the result of comparing predictions with gold labels.
type Score struct {
	Articles              int
	UnreadablePredictions int
	Kinds                 map[string]*KindScore
}

// Scorer accumulates the comparison of articles one by one.
type Scorer struct{ s Score }

// NewScorer returns an empty Scorer.
func NewScorer() *Scorer {
	sc := &Scorer{s: Score{Kinds: map[string]*KindScore{}}}
	for _, k := range Kinds {
		sc.s.Kinds[k] = &KindScore{Fields: scoreFields[k], Accuracy: map[string]float64{}, right: map[string]int{}, n: map[string]int{}}
	}
	return sc
}

// Add compares one article's prediction (nil when there is none) with its
// gold labels. Both are decoded JSON objects.
func (sc *Scorer) Add(gold, pred map[string]any) {
	sc.s.Articles++
	if pred == nil {
		pred = map[string]any{}
	}
	same := map[string]func(g, p map[string]any) bool{
		"positions": samePosition, "incidents": sameIncident, "talks": sameTalks,
	}
	for _, k := range Kinds {
		g, p := objects(gold[k]), objects(pred[k])
		pairs := match(g, p, same[k])
		ks := sc.s.Kinds[k]
		ks.Gold += len(g)
		ks.Predicted += len(p)
		ks.Matched += len(pairs)
		for _, f := range ks.Fields {
			for _, pr := range pairs {
				ks.n[f]++
				if jsonEqual(pr[0][f], pr[1][f]) {
					ks.right[f]++
				}
			}
		}
	}
}

// AddUnreadable counts an article whose prediction could not be decoded.
func (sc *Scorer) AddUnreadable(gold map[string]any) {
	sc.s.UnreadablePredictions++
	sc.Add(gold, nil)
}

// Result computes precision, recall, F1 and field accuracies.
func (sc *Scorer) Result() Score {
	for _, ks := range sc.s.Kinds {
		if ks.Predicted > 0 {
			ks.Precision = float64(ks.Matched) / float64(ks.Predicted)
		}
		if ks.Gold > 0 {
			ks.Recall = float64(ks.Matched) / float64(ks.Gold)
		}
		ks.F1 = 0
		if ks.Precision+ks.Recall > 0 {
			ks.F1 = 2 * ks.Precision * ks.Recall / (ks.Precision + ks.Recall)
		}
		for _, f := range ks.Fields {
			if ks.n[f] > 0 {
				ks.Accuracy[f] = float64(ks.right[f]) / float64(ks.n[f])
			}
		}
	}
	return sc.s
}

// WriteText prints a score exactly as the score script does.
func (s Score) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "articles: %d  unreadable predictions: %d\n", s.Articles, s.UnreadablePredictions); err != nil {
		return err
	}
	for _, k := range Kinds {
		ks := s.Kinds[k]
		var extra []string
		for _, f := range ks.Fields {
			v := "None"
			if a, ok := ks.Accuracy[f]; ok {
				v = pyFloat(round3(a))
			}
			extra = append(extra, f+": "+v)
		}
		if _, err := fmt.Fprintf(w, "%-10s gold %4d  predicted %4d  matched %4d  P %.3f  R %.3f  F1 %.3f  %s\n",
			k, ks.Gold, ks.Predicted, ks.Matched, ks.Precision, ks.Recall, ks.F1, strings.Join(extra, "  ")); err != nil {
			return err
		}
	}
	return nil
}

func round3(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 3, 64), 64)
	return v
}

// pyFloat formats like Python's repr of a float ("1.0", "0.857").
func pyFloat(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// ScoreDirs scores PRED_DIR/NAME.json against GOLD_DIR/NAME.gold.json, as
// `score GOLD_DIR PRED_DIR` does.
func ScoreDirs(goldDir, predDir string) (Score, error) {
	names, err := GoldNames(goldDir)
	if err != nil {
		return Score{}, err
	}
	sc := NewScorer()
	for _, n := range names {
		gold, err := ReadGold(goldDir, n)
		if err != nil {
			return Score{}, err
		}
		b, err := os.ReadFile(filepath.Join(predDir, n+".json"))
		if err != nil {
			if os.IsNotExist(err) {
				sc.Add(gold, nil)
				continue
			}
			return Score{}, err
		}
		var pred map[string]any
		if json.Unmarshal(b, &pred) != nil {
			sc.AddUnreadable(gold)
			continue
		}
		sc.Add(gold, pred)
	}
	return sc.Result(), nil
}

// GoldNames lists the NAME of every NAME.gold.json in dir, sorted.
func GoldNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if n := e.Name(); strings.HasSuffix(n, ".gold.json") {
			names = append(names, strings.TrimSuffix(n, ".gold.json"))
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("no *.gold.json in %s", dir)
	}
	return names, nil
}

// ReadGold reads DIR/NAME.gold.json.
func ReadGold(dir, name string) (map[string]any, error) {
	p := filepath.Join(dir, name+".gold.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var g map[string]any
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return g, nil
}

// AsJSONObject turns an extraction into the decoded JSON the scorer sees.
func AsJSONObject(e *Extraction) map[string]any {
	b, _ := json.Marshal(e) // plain structs: cannot fail
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func objects(v any) []map[string]any {
	l, _ := v.([]any)
	var out []map[string]any
	for _, x := range l {
		m, _ := x.(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		out = append(out, m)
	}
	return out
}

func match(golds, preds []map[string]any, same func(g, p map[string]any) bool) [][2]map[string]any {
	used := map[int]bool{}
	var pairs [][2]map[string]any
	for _, g := range golds {
		for i, p := range preds {
			if !used[i] && same(g, p) {
				used[i] = true
				pairs = append(pairs, [2]map[string]any{g, p})
				break
			}
		}
	}
	return pairs
}

func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func polarity(stance any) string {
	if s, _ := stance.(string); s == "oppose" {
		return "-"
	}
	return "+"
}

func samePosition(g, p map[string]any) bool {
	return jsonEqual(g["actor"], p["actor"]) && jsonEqual(g["issue"], p["issue"]) && polarity(g["stance"]) == polarity(p["stance"])
}

var saintRe = regexp.MustCompile(`(?i)^(st\.?|saint)\s+`)

// normPlace is the script's norm(): NFKD, "St." as "saint", no combining
// marks, lower case, letters and digits only.
func normPlace(v any) string {
	if v == nil {
		return ""
	}
	s := pyStr(v)
	s = strings.TrimSpace(norm.NFKD.String(s))
	s = saintRe.ReplaceAllString(s, "saint ")
	var b strings.Builder
	for _, r := range s {
		if norm.NFD.PropertiesString(string(r)).CCC() != 0 {
			continue
		}
		for _, l := range strings.ToLower(string(r)) {
			if unicode.IsLetter(l) || unicode.IsNumber(l) {
				b.WriteRune(l)
			}
		}
	}
	return b.String()
}

func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return pyFloat(x)
	case bool:
		if x {
			return "True"
		}
		return "False"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func pyFloatOf(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func km(g, p map[string]any) (float64, bool) {
	var v [4]float64
	for i, x := range []any{g["lat"], g["lon"], p["lat"], p["lon"]} {
		f, ok := pyFloatOf(x)
		if !ok {
			return 0, false
		}
		v[i] = f
	}
	return Haversine(v[0], v[1], v[2], v[3]), true
}

func samePlace(g, p map[string]any) bool {
	if n := normPlace(g["place"]); n != "" && n == normPlace(p["place"]) {
		return true
	}
	d, ok := km(g, p)
	return ok && d <= 25.0
}

// dayOf is the script's day(): the first ten characters as YYYY-MM-DD.
func dayOf(v any) (int, bool) {
	if v == nil {
		return 0, false
	}
	s := pyStr(v)
	if s == "" || s == "False" || s == "0" {
		return 0, false
	}
	r := []rune(s)
	if len(r) > 10 {
		r = r[:10]
	}
	parts := strings.Split(string(r), "-")
	if len(parts) != 3 {
		return 0, false
	}
	var n [3]int
	for i, x := range parts {
		y, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, false
		}
		n[i] = y
	}
	if n[0] < 1 || n[0] > 9999 {
		return 0, false
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

func nearDate(g, p map[string]any, days int) bool {
	a, okA := dayOf(g["date"])
	b, okB := dayOf(p["date"])
	if !okA || !okB {
		return !okA && !okB
	}
	return int(math.Abs(float64(a-b))) <= days
}

func sameIncident(g, p map[string]any) bool { return samePlace(g, p) && nearDate(g, p, 1) }

func sameTalks(g, p map[string]any) bool {
	return normPlace(g["place"]) == normPlace(p["place"]) && nearDate(g, p, 2)
}
