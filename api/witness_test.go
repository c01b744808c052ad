package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// TestWitnessesBoundToParties registers a witness for a party (admin
// only), lists it publicly, takes its cosignature from that party's
// liaison only, refuses a cosignature made under its name with another
// key, and shows who cosigned a checkpoint.
func TestWitnessesBoundToParties(t *testing.T) {
	ctx := context.Background()
	ts := MustOpenServer(t)
	wsk, wvk, err := tlog.GenerateKey("ua.office.test")
	if err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`{"vkey": %q, "party": "UA"}`, wvk)
	for role, want := range map[truce.Role]int{truce.RoleLiaison: 403, truce.RoleAnalyst: 403, truce.RolePublic: 401} {
		if code, _ := ts.do(t, role, "POST", "/api/log/witnesses", body); code != want {
			t.Errorf("%s registering a witness: %d, want %d", role, code, want)
		}
	}
	if code, b := ts.do(t, truce.RoleAdmin, "POST", "/api/log/witnesses", fmt.Sprintf(`{"vkey": %q}`, wvk)); code != 400 || !strings.Contains(string(b), `"field":"party"`) {
		t.Errorf("witness without a party: %d %s", code, b)
	}
	if code, b := ts.do(t, truce.RoleAdmin, "POST", "/api/log/witnesses", body); code != http.StatusCreated {
		t.Fatalf("register: %d %s", code, b)
	}
	var list struct{ Witnesses []tlog.Witness }
	_, b := ts.do(t, truce.RolePublic, "GET", "/api/log/witnesses", "")
	json.Unmarshal(b, &list)
	if len(list.Witnesses) != 1 || list.Witnesses[0].Name != "ua.office.test" || list.Witnesses[0].Party != "UA" || list.Witnesses[0].AddedBy != "admin" {
		t.Fatalf("public list of witnesses: %s", b)
	}

	lv, err := note.NewVerifier(ts.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ts.Log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forgerKey, _, _ := tlog.GenerateKey("ua.office.test") // right name, other key
	forged, err := tlog.Cosign(cp, lv, forgerKey, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if code, b := ts.do(t, truce.RoleLiaison, "POST", "/api/log/cosignatures", string(forged)); code != 400 || !strings.Contains(string(b), "does not verify against its registered key") {
		t.Errorf("forged cosignature: %d %s, want 400 naming the registered key", code, b)
	}
	genuine, err := tlog.Cosign(cp, lv, wsk, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ru := &truce.User{Name: "liaison-ru", Role: truce.RoleLiaison, Party: "RU"}
	if err := ts.Auth.CreateUser(ctx, ru, ""); err != nil {
		t.Fatal(err)
	}
	ruTok, _, _ := ts.Auth.CreateToken(ctx, ru, "")
	ts.tokens["ru"] = ruTok
	if code, b := ts.do(t, "ru", "POST", "/api/log/cosignatures", string(genuine)); code != 403 {
		t.Errorf("RU's liaison handing in UA's witness: %d %s, want 403", code, b)
	}
	if code, b := ts.do(t, truce.RoleLiaison, "POST", "/api/log/cosignatures", string(genuine)); code != http.StatusCreated {
		t.Fatalf("UA's liaison: %d %s", code, b)
	}
	var cs struct{ Cosignatures []tlog.Cosignature }
	code, b := ts.do(t, truce.RolePublic, "GET", "/api/log/checkpoints/0/cosignatures", "")
	json.Unmarshal(b, &cs)
	if code != 200 || len(cs.Cosignatures) != 1 || cs.Cosignatures[0].Witness != "ua.office.test" || cs.Cosignatures[0].Party != "UA" {
		t.Errorf("who cosigned: %d %s", code, b)
	}
}
