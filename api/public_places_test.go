package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/extract"
)

// TestPublicNamesNoSettlement: the public edition of the daily report
// (HTML, JSON, Markdown), the compliance view and the incidents as the
// public gets them from the API name places by oblast only. No settlement of the GeoNames gazetteer,
// and no report's place, appears in them, not even inside a verdict's
// explanation (which the judge words for the public from the oblast); the
// internal edition does name them, so the check can fail.
func TestPublicNamesNoSettlement(t *testing.T) {
	srv, _ := MustServe(t)
	const examples = "../daily/testdata/reports-2025-04.ndjson"
	b, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/reports/bulk", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("bulk: %d", resp.StatusCode)
	}
	// The reports' own place names.
	var places []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		var r struct {
			Place string `json:"place"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err == nil && r.Place != "" {
			places = append(places, r.Place)
		}
	}
	if len(places) < 5 {
		t.Fatalf("only %d places in %s", len(places), examples)
	}
	gaz := extract.DefaultGazetteer()
	// settlements returns the settlements named in text, and the reports'
	// places, except as the first word of an oblast's name ("Sumy Oblast").
	settlements := func(text string) []string {
		// The mission's time zone is named, as "Europe/Kyiv", not a place.
		text = strings.ReplaceAll(text, "Europe/Kyiv", "")
		var out []string
		for _, m := range gaz.Find(text) {
			if m.Place.Kind == extract.City && !strings.HasPrefix(text[m.End:], " Oblast") {
				out = append(out, text[m.Start:m.End])
			}
		}
		for _, p := range places {
			for rest := text; ; {
				i := strings.Index(rest, p)
				if i < 0 {
					break
				}
				if !strings.HasPrefix(rest[i+len(p):], " Oblast") {
					out = append(out, p)
					break
				}
				rest = rest[i+len(p):]
			}
		}
		return out
	}
	get := func(url string, staff bool) string {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if staff {
			req.Header.Set("Authorization", "Bearer "+testToken)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
		}
		return string(body)
	}
	// The internal edition names the places: the check finds them there.
	if got := settlements(get(srv.URL+"/api/daily?date=2025-04-13&format=md", true)); len(got) == 0 {
		t.Fatal("no settlement found in the internal edition: the check cannot fail")
	}
	for _, format := range []string{"html", "json", "md"} {
		for _, staff := range []bool{true, false} { // asked for, or the public's only edition
			url := srv.URL + "/api/daily?date=2025-04-13&public=true&format=" + format
			body := get(url, staff)
			if !strings.Contains(body, "Oblast") {
				t.Errorf("%s: no oblast named", url)
			}
			if got := settlements(body); len(got) != 0 {
				t.Errorf("%s (staff %v) names %q", url, staff, got)
			}
		}
	}
	compliance := get(srv.URL+"/api/compliance?from=2025-04-01&date=2025-04-30", false)
	if got := settlements(compliance); len(got) != 0 || !strings.Contains(compliance, "Oblast") {
		t.Errorf("the public compliance view names %q: %s", got, compliance)
	}
	list := get(srv.URL+"/api/incidents?from=2025-04-01&to=2025-04-30", false)
	if got := settlements(list); len(got) != 0 {
		t.Errorf("the public incident list names %q", got)
	}
	var l struct {
		Incidents []struct {
			ID       int64 `json:"id"`
			Verdicts []struct {
				Explanation string `json:"explanation"`
			} `json:"verdicts"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal([]byte(list), &l); err != nil || len(l.Incidents) < 5 {
		t.Fatalf("list: %v, %d incidents", err, len(l.Incidents))
	}
	explained := 0
	for _, in := range l.Incidents {
		body := get(srv.URL+"/api/incidents/"+jsonNum(float64(in.ID)), false)
		if got := settlements(body); len(got) != 0 {
			t.Errorf("public incident %d names %q", in.ID, got)
		}
		for _, v := range in.Verdicts {
			if v.Explanation != "" {
				explained++
			}
		}
	}
	if explained == 0 {
		t.Error("no public verdict has an explanation")
	}
}
