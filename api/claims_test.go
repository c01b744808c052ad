package api_test

import (
	"strings"
	"testing"
)

const claimsArticleJSON = `{"name": "sumy.txt", "text": "date 2025-04-19 The US is prepared to recognize Russian control of Crimea as part of a peace deal, according to people familiar with the matter. A week ago, Russian forces fired ballistic missiles at Sumy, killing 35 people. The allies met in Paris on Thursday."}`

func TestClaimsAPI(t *testing.T) {
	srv, _ := MustServe(t)
	code, m := do(t, "POST", srv.URL+"/api/claims", claimsArticleJSON)
	if code != 201 {
		t.Fatalf("POST /api/claims: %d %v", code, m)
	}
	added, _ := m["added"].([]any)
	if len(added) < 3 {
		t.Fatalf("added %v, want a position, an incident and talks", m)
	}
	t.Run("NoDuplicates", func(t *testing.T) {
		code, m := do(t, "POST", srv.URL+"/api/claims", claimsArticleJSON)
		if a, _ := m["added"].([]any); code != 201 || len(a) != 0 || int(m["known"].(float64)) != len(added) {
			t.Errorf("again: %d %v", code, m)
		}
	})
	claims := func(query string) []map[string]any {
		code, m := do(t, "GET", srv.URL+"/api/claims"+query, "")
		if code != 200 {
			t.Fatalf("GET /api/claims%s: %d %v", query, code, m)
		}
		var out []map[string]any
		for _, c := range m["claims"].([]any) {
			out = append(out, c.(map[string]any))
		}
		return out
	}
	find := func(kind, summary string) string {
		for _, c := range claims("?kind=" + kind) {
			if strings.Contains(c["summary"].(string), summary) {
				return jsonNum(c["id"])
			}
		}
		t.Fatalf("no pending %s claim %q", kind, summary)
		return ""
	}
	t.Run("Accept", func(t *testing.T) {
		id := find("position", "US support crimea-recognition")
		code, c := do(t, "POST", srv.URL+"/api/claims/"+id+"/accept", "")
		if code != 200 || c["status"] != "accepted" || !strings.HasPrefix(c["result"].(string), "position:") || c["decided_by"] != "test-analyst" {
			t.Fatalf("accept: %d %v", code, c)
		}
		code, p := do(t, "GET", srv.URL+"/api/positions/"+strings.TrimPrefix(c["result"].(string), "position:"), "")
		if code != 200 || p["party"] != "US" || p["issue"] != "crimea-recognition" {
			t.Errorf("position: %d %v", code, p)
		}
		if code, e := do(t, "POST", srv.URL+"/api/claims/"+id+"/accept", ""); code != 409 || e["code"] != "conflict" {
			t.Errorf("accept twice: %d %v", code, e)
		}
	})
	t.Run("AcceptIncident", func(t *testing.T) {
		id := find("incident", "Sumy")
		code, c := do(t, "POST", srv.URL+"/api/claims/"+id+"/accept", "{}")
		if code != 200 || !strings.HasPrefix(c["result"].(string), "report:") {
			t.Fatalf("accept: %d %v", code, c)
		}
	})
	t.Run("Reject", func(t *testing.T) {
		id := find("talks", "Paris")
		if code, e := do(t, "POST", srv.URL+"/api/claims/"+id+"/reject", `{"reason": ""}`); code != 400 || e["field"] != "reason" {
			t.Errorf("no reason: %d %v", code, e)
		}
		code, c := do(t, "POST", srv.URL+"/api/claims/"+id+"/reject", `{"reason": "a planning call, not talks"}`)
		if code != 200 || c["status"] != "rejected" || c["reason"] != "a planning call, not talks" {
			t.Fatalf("reject: %d %v", code, c)
		}
		if got := claims("?status=rejected"); len(got) != 1 {
			t.Errorf("rejected: %v", got)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if code, e := do(t, "POST", srv.URL+"/api/claims", `{"text": "no date line"}`); code != 400 || e["field"] != "text" {
			t.Errorf("bad article: %d %v", code, e)
		}
		if code, _ := do(t, "GET", srv.URL+"/api/claims?status=maybe", ""); code != 400 {
			t.Errorf("bad status: %d", code)
		}
		if code, _ := do(t, "POST", srv.URL+"/api/claims/424242/reject", `{"reason": "x"}`); code != 404 {
			t.Errorf("unknown claim: %d", code)
		}
	})
}
