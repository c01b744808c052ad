package scenario_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
	"github.com/truce-monitor/truce/scenario"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBuiltinGolden checks the parsed built-in scenario against its golden JSON.
func TestBuiltinGolden(t *testing.T) {
	s, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "april2025.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
		t.Errorf("built-in scenario differs from %s (run go test ./scenario -update if intended):\n%s", golden, diff)
	}
}

// TestBuiltinQuotesVerbatim checks that every evidence quote of the built-in
// scenario appears verbatim in the article it cites, where the corpus is at hand.
func TestBuiltinQuotesVerbatim(t *testing.T) {
	s, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, src := range s.Sources {
		if src.File == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("..", "..", "shared", src.File))
		if os.IsNotExist(err) {
			t.Skipf("the news corpus is not at ../shared/%s: cannot check quotes", src.File)
		} else if err != nil {
			t.Fatal(err)
		}
		texts[src.ID] = string(b)
	}
	check := func(where string, ev []truce.Evidence) {
		for _, e := range ev {
			text, ok := texts[e.Source]
			if !ok {
				continue
			}
			if !strings.Contains(text, strings.Trim(e.Quote, "“”")) {
				t.Errorf("%s: quote not found verbatim in %s: %q", where, e.Source, e.Quote)
			}
		}
	}
	for _, p := range s.Positions {
		check(p.Party+" "+p.Provision, p.Evidence)
	}
	for _, tk := range s.Talks {
		check(tk.ID, tk.Evidence)
	}
}

// TestBuiltinFacts checks the facts of the April 2025 report that the issue names.
func TestBuiltinFacts(t *testing.T) {
	s, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	w := truce.NewWorld(s)
	energy := w.Provisions["energy-truce-2025-03/energy"]
	if energy.Window.String() != "2025-03-18..2025-04-17" || energy.Status() != truce.StatusExpired {
		t.Errorf("energy truce: window %s, status %s", energy.Window, energy.Status())
	}
	if !energy.InForceAt(truce.MustParseDate("2025-04-01")) || energy.InForceAt(truce.MustParseDate("2025-04-19")) {
		t.Errorf("energy truce in force at the wrong dates")
	}
	if len(energy.Texts) != 3 {
		t.Errorf("energy truce has %d per-party texts, want US, RU, UA", len(energy.Texts))
	}
	eu := w.Parties["EU"]
	if eu.Kind != truce.PartyBloc || len(eu.Members) != 27 {
		t.Errorf("EU: %s with %d members", eu.Kind, len(eu.Members))
	}
	var london *truce.Talks
	for i := range s.Talks {
		if s.Talks[i].Place == "London" {
			london = &s.Talks[i]
		}
	}
	if london == nil || !london.Planned || london.Start.String() != "2025-04-23" {
		t.Errorf("London talks: %+v", london)
	}
}

// TestParseErrors checks that each kind of malformed scenario gets a FILE:LINE error.
func TestParseErrors(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenario.Parse("small.yaml", base); err != nil {
		t.Fatalf("the base file must parse: %v", err)
	}
	tests := []struct {
		name     string
		old, new string
		want     string // the first problem, exactly
	}{
		{"ErrUnknownIssue", "issue: ceasefire", "issue: armistice",
			`small.yaml:16: agreements[0].provisions[0].issue: unknown issue "armistice"`},
		{"ErrBadDate", "as_of: 2025-04-19", "as_of: 2025-04-31",
			`small.yaml:37: positions[0].as_of: bad date "2025-04-31": want YYYY-MM-DD`},
		{"ErrUnknownParty", "party: UA\n", "party: XX\n",
			`small.yaml:34: positions[0].party: unknown party "XX" (declare it under parties)`},
		{"ErrIllegalTransition", "- {status: agreed, date: 2025-04-18}", "- {status: in-force, date: 2025-04-18}",
			`small.yaml:23: agreements[0].provisions[0].history[1].status: illegal transition proposed → in-force`},
		{"ErrDuplicateID", "id: paris/sanctions", "id: paris/ceasefire",
			`small.yaml:24: agreements[0].provisions[1].id: duplicate provision id "paris/ceasefire"`},
		{"ErrConditionOnMissing", "provision: paris/ceasefire, days: 30", "provision: paris/armistice, days: 30",
			`small.yaml:29: agreements[0].provisions[1].conditions[0].provision: condition on a missing provision "paris/armistice"`},
		{"ErrUnknownField", "title: Ceasefire", "titel: Ceasefire",
			`small.yaml:17: field titel not found in type scenario.fileProvision`},
		{"ErrSyntax", "parties:", "parties: [",
			`small.yaml:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(string(base), tt.old, tt.new, 1)
			if src == string(base) {
				t.Fatalf("the edit %q did not apply", tt.old)
			}
			s, err := scenario.Parse("small.yaml", []byte(src))
			if err == nil {
				t.Fatalf("parsed a malformed scenario: %+v", s)
			}
			if s != nil {
				t.Errorf("returned a scenario with the error")
			}
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("code %s, want %s", truce.ErrorCode(err), truce.EINVALID)
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if !strings.HasPrefix(first, tt.want) {
				t.Errorf("got  %s\nwant %s...", first, tt.want)
			}
		})
	}
}

// TestBuiltinReports checks the built-in scenario's example reports: each
// one is a valid report, and its description is a sentence found verbatim
// in the corpus article its source names, where the corpus is at hand.
func TestBuiltinReports(t *testing.T) {
	b := scenario.BuiltinReports(scenario.Builtin)
	if b == nil {
		t.Fatal("the built-in scenario has no example reports")
	}
	rows, err := intake.ReadNDJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	fileRE := regexp.MustCompile(`\((corpus/dev/[0-9]+\.txt)\)$`)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, row := range rows {
		if row.Err != nil {
			t.Errorf("line %d: %v", row.Line, row.Err)
			continue
		}
		r := row.Report
		r.Normalize()
		if err := r.Validate(now); err != nil {
			t.Errorf("line %d: %v", row.Line, err)
		}
		if r.Source.Kind != truce.SourceOpenSource {
			t.Errorf("line %d: source kind %q: the examples are open sources, whose text may be shown to anyone", row.Line, r.Source.Kind)
		}
		m := fileRE.FindStringSubmatch(r.Source.Name)
		if m == nil {
			t.Errorf("line %d: source name %q names no corpus article", row.Line, r.Source.Name)
			continue
		}
		text, err := os.ReadFile(filepath.Join("..", "..", "shared", m[1]))
		if os.IsNotExist(err) {
			t.Skipf("the news corpus is not at ../shared/%s: cannot check quotes", m[1])
		} else if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), r.Description) {
			t.Errorf("line %d: description not found verbatim in %s: %q", row.Line, m[1], r.Description)
		}
	}
}
