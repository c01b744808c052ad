package extract

import (
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRecallPhrasings pins general rules on an article written for this test
// (testdata/behaviour/recall-3.txt): a venue named with "at" wins over a
// destination after "to"; "prepared to offer guarantees", "not a realistic
// outcome" and "stop where they are" are stances; those urged are not
// holders, nor is NATO in "NATO membership"; "Nobody was killed" is a figure
// of 0; "the barrage on the capital on Sunday" is the named capital on
// Sunday, not the day the rubble was cleared.
func TestRecallPhrasings(t *testing.T) {
	b, err := os.ReadFile("testdata/behaviour/recall-3.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("recall-3", b)
	if err != nil {
		t.Fatal(err)
	}
	e := New().Extract(a)

	var talks []string
	for _, tk := range e.Talks {
		d := "null"
		if tk.Date != nil {
			d = *tk.Date
		}
		talks = append(talks, tk.Place+" "+d)
	}
	if diff := cmp.Diff([]string{"London 2025-06-10"}, talks); diff != "" {
		t.Errorf("talks (-want +got):\n%s", diff)
	}

	got := map[string]string{}
	for _, p := range e.Positions {
		got[p.Actor+" "+p.Issue] = p.Stance
	}
	want := map[string]string{
		"GB security-guarantees": Support,
		"FI territory-cession":   Support, // restoring 1991 borders "not a realistic outcome"
		"FI nato-exclusion":      Support,
		"US frontline-freeze":    Support,
	}
	for k, st := range want {
		if got[k] != st {
			t.Errorf("position %s: got %q, want %q (all: %v)", k, got[k], st, got)
		}
	}
	for _, k := range []string{"RU frontline-freeze", "UA frontline-freeze", "NATO nato-exclusion"} {
		if _, ok := got[k]; ok {
			t.Errorf("position %s: got %q, want none (an object or the issue's own name, not a holder)", k, got[k])
		}
	}

	inc := map[string]string{}
	for _, in := range e.Incidents {
		k, d := "null", "null"
		if in.Killed != nil {
			k = strconv.Itoa(*in.Killed)
		}
		if in.Date != nil {
			d = *in.Date
		}
		inc[in.Place] = d + " killed " + k
	}
	if diff := cmp.Diff(map[string]string{"Odesa": "2025-06-09 killed 0", "Kyiv": "2025-06-08 killed 9"}, inc); diff != "" {
		t.Errorf("incidents (-want +got):\n%s", diff)
	}
}
