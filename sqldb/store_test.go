package sqldb_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// The store suite: every test here runs on SQLite and, when
// TRUCE_TEST_POSTGRES is set, on PostgreSQL (sqldbtest.Each).

// dates compares dates by value.
var dates = cmp.Comparer(func(a, b truce.Date) bool { return a.String() == b.String() })

// ignoreIDs ignores position ids, which the store assigns.
var ignoreIDs = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && (sf.Name() == "Positions" || sf.Name() == "ID")
}, cmp.Ignore())

func mustLoadBuiltin(t *testing.T, db *sqldb.DB) *truce.Scenario {
	t.Helper()
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadScenario(context.Background(), sc); err != nil {
		t.Fatalf("LoadScenario: %v", err)
	}
	return sc
}

func TestStore_LoadScenario(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if empty, err := db.Empty(ctx); err != nil || !empty {
			t.Fatalf("Empty() = %v, %v; want true", empty, err)
		}
		sc := mustLoadBuiltin(t, db)
		if empty, err := db.Empty(ctx); err != nil || empty {
			t.Fatalf("after load, Empty() = %v, %v; want false", empty, err)
		}

		t.Run("RoundTrip", func(t *testing.T) {
			parties, err := db.Parties(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := append([]truce.Party(nil), sc.Parties...)
			sort.Slice(want, func(i, j int) bool { return want[i].Code < want[j].Code })
			if diff := cmp.Diff(want, parties, cmpopts.EquateEmpty(), dates); diff != "" {
				t.Errorf("parties (-file +store):\n%s", diff)
			}
			talks, err := db.Talks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantTalks := append([]truce.Talks(nil), sc.Talks...)
			sort.Slice(wantTalks, func(i, j int) bool { return wantTalks[i].Start.Before(wantTalks[j].Start) })
			if diff := cmp.Diff(wantTalks, talks, cmpopts.EquateEmpty(), dates); diff != "" {
				t.Errorf("talks (-file +store):\n%s", diff)
			}
			provs, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(provs) != len(sc.Provisions) {
				t.Errorf("got %d provisions, want %d", len(provs), len(sc.Provisions))
			}
			byID := map[string]truce.Provision{}
			for _, p := range provs {
				byID[p.ID] = p
			}
			for _, p := range sc.Provisions {
				got, ok := byID[p.ID]
				if !ok {
					t.Errorf("provision %s missing", p.ID)
					continue
				}
				if diff := cmp.Diff(p.History, got.History, cmpopts.EquateEmpty(), dates); diff != "" {
					t.Errorf("provision %s history (-file +store):\n%s", p.ID, diff)
				}
			}
			pos, err := db.Positions(ctx, sqldb.PositionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(pos) != len(sc.Positions) {
				t.Errorf("got %d positions, want %d", len(pos), len(sc.Positions))
			}
			nev := 0
			for _, p := range pos {
				nev += len(p.Evidence)
			}
			want2 := 0
			for _, p := range sc.Positions {
				want2 += len(p.Evidence)
			}
			if nev != want2 {
				t.Errorf("got %d evidence sentences, want %d", nev, want2)
			}
		})

		t.Run("Matrix", func(t *testing.T) {
			pos, err := db.Positions(ctx, sqldb.PositionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			d := truce.MustParseDate("2025-04-19")
			if diff := cmp.Diff(truce.Matrix(sc.Positions, d), truce.Matrix(pos, d), cmpopts.EquateEmpty(), dates, ignoreIDs); diff != "" {
				t.Errorf("matrix on %s (-scenario +store):\n%s", d, diff)
			}
		})

		t.Run("Idempotent", func(t *testing.T) {
			sc2, err := scenario.LoadBuiltin(scenario.Builtin)
			if err != nil {
				t.Fatal(err)
			}
			st, err := db.LoadScenario(ctx, sc2)
			if err != nil {
				t.Fatal(err)
			}
			if st.Positions != 0 || st.StatusChanges != 0 {
				t.Errorf("second load added %d positions and %d status changes, want 0", st.Positions, st.StatusChanges)
			}
		})
	})
}

func TestStore_LoadScenarioAtomic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sc, err := scenario.LoadBuiltin(scenario.Builtin)
		if err != nil {
			t.Fatal(err)
		}
		// A position on a provision that is not stored: a foreign-key
		// violation on the last insert must undo the whole load.
		bad := sc.Positions[0]
		bad.Provision = "no-such-provision"
		bad.Evidence = nil
		sc.Positions = append(sc.Positions, bad)
		_, err = db.LoadScenario(ctx, sc)
		if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
			t.Fatalf("LoadScenario error code = %q (%v), want %q", got, err, want)
		}
		if empty, err := db.Empty(ctx); err != nil || !empty {
			t.Errorf("after a failed load Empty() = %v, %v; want true", empty, err)
		}
		if ps, _ := db.Parties(ctx); len(ps) != 0 {
			t.Errorf("after a failed load %d parties are stored, want 0", len(ps))
		}
	})
}

func TestStore_AddSource(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		src := &truce.Source{ID: "s1", Title: "Report", Outlet: "Wire", URL: "https://example.org/1", Published: truce.MustParseDate("2025-04-20")}
		t.Run("OK", func(t *testing.T) {
			if err := db.AddSource(ctx, src); err != nil {
				t.Fatal(err)
			}
			got, err := db.Source(ctx, "s1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(src, got, dates); diff != "" {
				t.Errorf("source (-want +got):\n%s", diff)
			}
		})
		t.Run("ErrConflict", func(t *testing.T) {
			err := db.AddSource(ctx, src)
			if got, want := truce.ErrorCode(err), truce.ECONFLICT; got != want {
				t.Errorf("got %v (%v), want %v", got, err, want)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := db.Source(ctx, "nope")
			if got, want := truce.ErrorCode(err), truce.ENOTFOUND; got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	})
}

func TestStore_Positions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sc := mustLoadBuiltin(t, db)
		base := sc.Positions[0]
		t.Run("OK", func(t *testing.T) {
			p := base
			p.ID = 0
			p.AsOf = truce.MustParseDate("2025-05-01")
			p.Note = "restated"
			got, err := db.AddPosition(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID == 0 || got.Note != "restated" || len(got.Evidence) != len(base.Evidence) {
				t.Errorf("AddPosition = %+v", got)
			}
			again, err := db.Position(ctx, got.ID)
			if err != nil || again.ID != got.ID {
				t.Errorf("Position(%d) = %v, %v", got.ID, again, err)
			}
		})
		t.Run("ErrInvalidParty", func(t *testing.T) {
			p := base
			p.ID, p.Party = 0, "ZZ"
			_, err := db.AddPosition(ctx, p)
			if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
				t.Errorf("got %v (%v), want %v", got, err, want)
			}
		})
		t.Run("ErrInvalidSource", func(t *testing.T) {
			p := base
			p.ID = 0
			p.AsOf = truce.MustParseDate("2025-05-02")
			p.Evidence = []truce.Evidence{{Source: "no-such-source", Quote: "x", Attribution: truce.AttributionReported}}
			_, err := db.AddPosition(ctx, p)
			if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
				t.Errorf("got %v (%v), want %v", got, err, want)
			}
		})
	})
}

func TestStore_TransitionProvision(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sc := mustLoadBuiltin(t, db)
		var prop *truce.Provision
		for i := range sc.Provisions {
			if h := sc.Provisions[i].History; len(h) > 0 && h[len(h)-1].Status == truce.StatusProposed {
				prop = &sc.Provisions[i]
				break
			}
		}
		if prop == nil {
			t.Fatal("the built-in scenario has no proposed provision")
		}
		t.Run("ErrInvalid", func(t *testing.T) {
			_, err := db.TransitionProvision(ctx, prop.ID, truce.StatusChange{Status: truce.StatusBreached, Date: truce.MustParseDate("2025-05-01")})
			if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
				t.Errorf("got %v (%v), want %v", got, err, want)
			}
		})
		t.Run("OK", func(t *testing.T) {
			got, err := db.TransitionProvision(ctx, prop.ID, truce.StatusChange{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-05-01")})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(got.History); n != len(prop.History)+1 || got.History[n-1].Status != truce.StatusAgreed {
				t.Errorf("history after transition: %+v", got.History)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := db.TransitionProvision(ctx, "nope", truce.StatusChange{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-05-01")})
			if got, want := truce.ErrorCode(err), truce.ENOTFOUND; got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
		t.Run("ErrBackdated", func(t *testing.T) {
			_, err := db.TransitionProvision(ctx, prop.ID, truce.StatusChange{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-04-30")})
			if e := truce.FieldErrors(err); len(e) != 1 || e[0].Field != "date" {
				t.Errorf("got %v, want a field error on date", err)
			}
		})
		t.Run("ErrUnknownEvidenceSource", func(t *testing.T) {
			_, err := db.TransitionProvision(ctx, prop.ID, truce.StatusChange{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-05-02"),
				Evidence: &truce.Evidence{Source: "nope", Quote: "q", Attribution: truce.AttributionOfficial}})
			if e := truce.FieldErrors(err); len(e) != 1 || e[0].Field != "evidence.source" {
				t.Errorf("got %v, want a field error on evidence.source", err)
			}
		})
		// Who, why and on what come back; the hook and the audit run in
		// the change's own transaction: when the audit fails, nothing is kept.
		t.Run("WhoWhyHookAudit", func(t *testing.T) {
			var hooked []string
			db.Hooks.ProvisionTransitioned = func(ctx context.Context, tx *sqldb.Tx, id string, seq int, c truce.StatusChange) error {
				hooked = append(hooked, fmt.Sprintf("%s#%d %s by %s", id, seq, c.Status, c.By))
				return nil
			}
			defer func() { db.Hooks.ProvisionTransitioned = nil }()
			src := sc.Sources[0].ID
			change := truce.StatusChange{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-05-02"), Note: "in force at midnight",
				Evidence: &truce.Evidence{Source: src, Quote: "a quote", Attribution: truce.AttributionOfficial}}
			refuse := truce.WithAudit(truce.WithUser(ctx, &truce.User{Name: "ana", Role: truce.RoleAnalyst}), func(context.Context, any, string) error {
				return truce.Errorf(truce.EINTERNAL, "audit refused")
			})
			if _, err := db.TransitionProvision(refuse, prop.ID, change); err == nil {
				t.Fatal("the change was kept although its audit failed")
			}
			if p, _ := db.Provision(ctx, prop.ID); len(p.History) != len(prop.History)+1 {
				t.Fatalf("history after a refused audit: %+v", p.History)
			}
			var audited []string
			audit := truce.WithAudit(truce.WithUser(ctx, &truce.User{Name: "ana", Role: truce.RoleAnalyst}), func(ctx context.Context, tx any, target string) error {
				if _, ok := tx.(*sqldb.Tx); !ok {
					t.Errorf("audited with %T, want the change's *sqldb.Tx", tx)
				}
				audited = append(audited, target)
				return nil
			})
			got, err := db.TransitionProvision(audit, prop.ID, change)
			if err != nil {
				t.Fatal(err)
			}
			c := got.History[len(got.History)-1]
			if c.By != "ana" || c.Note != "in force at midnight" || c.Source != src || c.Evidence == nil || *c.Evidence != *change.Evidence || c.RecordedAt.IsZero() {
				t.Errorf("change read back: %+v", c)
			}
			seq := len(prop.History) + 1
			want := []string{fmt.Sprintf("%s#%d in-force by ana", prop.ID, seq)}
			if diff := cmp.Diff(want[0:1], hooked[len(hooked)-1:]); diff != "" {
				t.Errorf("hook calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"provision " + prop.ID}, audited); diff != "" {
				t.Errorf("audit calls (-want +got):\n%s", diff)
			}
		})
	})
}

func TestStore_Talks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		tk := &truce.Talks{ID: "geneva", Place: "Geneva", Start: truce.MustParseDate("2025-06-01"), End: truce.MustParseDate("2025-06-02"), Planned: true, Participants: []string{"US", "UA"}}
		if err := db.AddTalks(ctx, tk); err != nil {
			t.Fatal(err)
		}
		got, err := db.Talks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]truce.Talks{*tk}, got, cmpopts.EquateEmpty(), dates); diff != "" {
			t.Errorf("talks (-want +got):\n%s", diff)
		}
		err = db.AddTalks(ctx, tk)
		if got, want := truce.ErrorCode(err), truce.ECONFLICT; got != want {
			t.Errorf("second AddTalks: got %v, want %v", got, want)
		}
	})
}

func TestStore_Changes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		wake := db.Watch(ctx)
		last, err := db.LastChange(ctx)
		if err != nil || last != 0 {
			t.Fatalf("LastChange() = %d, %v; want 0", last, err)
		}
		for _, id := range []string{"a", "b", "c"} {
			if err := db.AddSource(ctx, &truce.Source{ID: id, Title: id, Outlet: "o", Published: truce.MustParseDate("2025-01-01")}); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-wake:
		case <-time.After(10 * time.Second):
			t.Fatal("Watch did not wake after a commit")
		}
		cs, err := db.Changes(ctx, 0, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Kind+":"+c.Ref)
		}
		if diff := cmp.Diff([]string{"source:a", "source:b"}, got); diff != "" {
			t.Errorf("Changes(0, 2) (-want +got):\n%s", diff)
		}
		rest, err := db.Changes(ctx, cs[1].ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(rest) != 1 || rest[0].Ref != "c" {
			t.Errorf("Changes after %d = %+v, want only c", cs[1].ID, rest)
		}
		// A failed write records no change.
		_ = db.AddSource(ctx, &truce.Source{ID: "a", Title: "dup", Outlet: "o", Published: truce.MustParseDate("2025-01-01")})
		if n, _ := db.LastChange(ctx); n != rest[0].ID {
			t.Errorf("after a failed write LastChange() = %d, want %d", n, rest[0].ID)
		}
	})
}
