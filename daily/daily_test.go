package daily_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/daily"
	"github.com/truce-monitor/truce/judge"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// input is a fixed day: three incidents on 2025-04-13 in Kyiv, one the day
// before (23:00 in Kyiv).
func input(public bool) daily.Input {
	v := func(p string, val truce.VerdictValue, why string) truce.Verdict {
		return truce.Verdict{Provision: p, Issue: truce.IssueEnergyTruce, Verdict: val, Explanation: why}
	}
	const e = "energy-truce-2025-03/energy"
	ins := []truce.Incident{
		{ID: 1, Start: at("2025-04-13T08:20:00Z"), Lat: 50.9077, Lon: 34.7981, Precision: 1, Place: "Sumy", Type: truce.EventAssault, Mode: truce.ModeMissile,
			Target: truce.TargetCivilian, Perpetrator: "RU", Killed: truce.Count{Best: truce.N(35)}, Injured: truce.Count{Best: truce.N(117)},
			Sources: 2, Grade: truce.GradeCorroborated, Verdicts: []truce.Verdict{v(e, truce.VerdictNotCovered, "missile strike on a civilian target in Sumy on 2025-04-13: not covered")}},
		{ID: 2, Start: at("2025-04-13T01:10:00Z"), Lat: 49.9935, Lon: 36.2304, Precision: 1, Place: "Kharkiv", Type: truce.EventAssault, Mode: truce.ModeDrone,
			Target: truce.TargetEnergy, Perpetrator: "RU", Sources: 1, Grade: truce.GradeVerified,
			Verdicts: []truce.Verdict{v(e, truce.VerdictViolation, "drone strike on an energy target in Kharkiv on 2025-04-13: violation")}},
		{ID: 3, Start: at("2025-04-13T13:00:00Z"), Lat: 46.4825, Lon: 30.7233, Precision: 2, Place: "Odesa", Type: truce.EventAssault, Mode: truce.ModeDrone,
			Target: truce.TargetInfrastructure, Perpetrator: "RU", Sources: 1, Grade: truce.GradeAlleged,
			Verdicts: []truce.Verdict{v(e, truce.VerdictNeedsReview, "the texts differ: needs review")}},
		{ID: 4, Start: at("2025-04-12T20:00:00Z"), Lat: 46.6354, Lon: 32.6169, Precision: 1, Place: "Kherson", Type: truce.EventAssault, Mode: truce.ModeShelling,
			Target: truce.TargetCivilian, Perpetrator: "RU", Injured: truce.Count{Best: truce.N(3)}, Sources: 1, Grade: truce.GradeAlleged,
			Verdicts: []truce.Verdict{v(e, truce.VerdictNotCovered, "not covered")}},
	}
	for i := range ins {
		ins[i].End = ins[i].Start
	}
	areas := map[string]string{"Sumy": "Sumy Oblast", "Kharkiv": "Kharkiv Oblast", "Odesa": "Odessa Oblast", "Kherson": "Kherson Oblast"}
	area := func(in *truce.Incident) string { return areas[in.Place] }
	in := daily.Input{Date: truce.MustParseDate("2025-04-13"), Public: public, Incidents: ins,
		Clocks: []judge.Clock{{Provision: e, Issue: truce.IssueEnergyTruce, Title: "No strikes on energy infrastructure for 30 days",
			InForceSince: truce.MustParseDate("2025-03-18"), Days: 26, Explanation: "26 days without a verified violation"}},
		Area: area}
	if public {
		// As the API words them: from the oblast, not the place.
		in.PublicVerdicts = func(x *truce.Incident) []truce.Verdict {
			var out []truce.Verdict
			for _, v := range x.Verdicts {
				v.Explanation = truce.Describe(x.Type, x.Mode, x.Target) + " in " + area(x) + ": " + string(v.Verdict)
				out = append(out, v)
			}
			return out
		}
	}
	return in
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./daily -update rewrites it):\n%s", path, got)
	}
}

func TestMarkdown(t *testing.T) {
	for _, public := range []bool{false, true} {
		name := "daily-2025-04-13.md"
		if public {
			name = "daily-2025-04-13-public.md"
		}
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := daily.Build(input(public)).Markdown(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
		})
	}
}

func TestBuild(t *testing.T) {
	r := daily.Build(input(false))
	if r.Day.Incidents != 3 || r.Previous.Incidents != 1 || r.Change.Incidents != 2 || r.Day.Violations != 1 || r.Day.NeedsReview != 1 || r.Day.Killed != 35 {
		t.Errorf("counts %+v %+v", r.Day, r.Previous)
	}
	if len(r.Notable) != 3 || r.Notable[0].Incident != 2 || r.Notable[1].Incident != 3 || r.Notable[2].Incident != 1 {
		t.Errorf("notable order %+v", r.Notable)
	}
	if len(r.SinceTruce) != 1 || r.SinceTruce[0].Incidents != 4 || r.SinceTruce[0].Violations != 1 || r.SinceTruce[0].Verified != 1 {
		t.Errorf("since truce %+v", r.SinceTruce)
	}
	if n := len(r.Trend); n != 14 || r.Trend[13].Incidents != 3 || r.Trend[12].Incidents != 1 {
		t.Errorf("trend %+v", r.Trend)
	}
	for _, svg := range []string{r.MapSVG, r.TypeSVG, r.TrendSVG} {
		if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("not an SVG: %.60s", svg)
		}
	}
	if c := strings.Count(r.MapSVG, "<circle"); c != 3+3 { // 3 incidents, 3 legend dots
		t.Errorf("%d circles on the map", c)
	}
}

func TestPublic(t *testing.T) {
	r := daily.Build(input(true))
	n := r.Notable[2] // Sumy
	if n.Lat != 50.9 || n.Lon != 34.8 || n.When != "2025-04-13" || n.Where != "Sumy Oblast" {
		t.Errorf("public notable %+v", n)
	}
	var b bytes.Buffer
	if err := r.HTML(&b); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"50.9077", "34.7981", "08:20", "in Sumy on", "in Kharkiv on", "Odesa"} {
		if strings.Contains(b.String(), leak) {
			t.Errorf("the public HTML holds %q", leak)
		}
	}
	if !strings.Contains(b.String(), "Public edition") {
		t.Error("no public edition notice")
	}
}

// TestPublicWithoutWording: a public edition built without PublicVerdicts
// shows the verdicts without their (place-naming) explanations.
func TestPublicWithoutWording(t *testing.T) {
	in := input(true)
	in.PublicVerdicts = nil
	r := daily.Build(in)
	for _, n := range r.Notable {
		for _, v := range n.Verdicts {
			if v.Explanation != "" || v.Verdict == "" {
				t.Errorf("incident %d: public verdict %+v", n.Incident, v)
			}
		}
	}
	var b bytes.Buffer
	if err := r.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, place := range []string{"Sumy on", "Kharkiv on"} {
		if strings.Contains(b.String(), place) {
			t.Errorf("the public Markdown names %q", place)
		}
	}
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	in := input(false)
	in.Incidents[0].Place = `Sumy <script>alert(1)</script>`
	if err := daily.Build(in).HTML(&b); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.Contains(s, "<script>") {
		t.Error("unescaped script in the HTML")
	}
	for _, want := range []string{"<svg", "Daily report of 2025-04-13", "v-violation", "26 days without a verified violation"} {
		if !strings.Contains(s, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
}
