package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// These tests run on every backend (sqldbtest.EachBackend): SQLite always,
// PostgreSQL when TRUCE_TEST_POSTGRES is set.

// MustOpenDB opens a fresh database of backend b and closes it with the test.
func MustOpenDB(tb testing.TB, b sqldbtest.Backend) *sqldb.DB {
	tb.Helper()
	db := b.Open(tb)
	db.Now = func() time.Time { return time.Date(2025, 4, 19, 12, 0, 0, 0, time.UTC) }
	return db
}

func mustBuiltin(tb testing.TB) *truce.Scenario {
	tb.Helper()
	s, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// MustLoadBuiltin opens a database with the April 2025 scenario loaded.
func MustLoadBuiltin(tb testing.TB, b sqldbtest.Backend) *sqldb.DB {
	tb.Helper()
	db := MustOpenDB(tb, b)
	if _, err := db.LoadScenario(context.Background(), mustBuiltin(tb)); err != nil {
		tb.Fatal(err)
	}
	return db
}

var dateCmp = cmp.Options{cmp.Comparer(func(a, b truce.Date) bool { return a == b }), cmpopts.EquateEmpty()}

func TestLoadScenario(t *testing.T) {
	sqldbtest.EachBackend(t, func(t *testing.T, b sqldbtest.Backend) {
		ctx := context.Background()
		t.Run("OKRoundTrip", func(t *testing.T) {
			db := MustLoadBuiltin(t, b)
			s := mustBuiltin(t)
			parties, err := db.Parties(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(parties) != len(s.Parties) {
				t.Fatalf("%d parties, want %d", len(parties), len(s.Parties))
			}
			for _, want := range s.Provisions {
				got, err := db.Provision(ctx, want.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, *got, dateCmp); diff != "" {
					t.Errorf("provision %s (-file +store):\n%s", want.ID, diff)
				}
			}
			ps, err := db.Positions(ctx, sqldb.PositionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != len(s.Positions) {
				t.Fatalf("%d positions, want %d", len(ps), len(s.Positions))
			}
			for i := range ps {
				want := s.Positions[i]
				want.ID = ps[i].ID
				if diff := cmp.Diff(want, ps[i], dateCmp); diff != "" {
					t.Errorf("position %d (-file +store):\n%s", i, diff)
				}
			}
			agreements, err := db.Agreements(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(s.Agreements[0].Provisions, agreements[0].Provisions); diff != "" {
				t.Errorf("agreement provisions order:\n%s", diff)
			}
		})
		t.Run("OKHistoryExtended", func(t *testing.T) {
			db := MustLoadBuiltin(t, b)
			s := mustBuiltin(t)
			p := &s.Provisions[0] // jeddah ceasefire, proposed
			p.History = append(p.History, truce.StatusChange{Status: truce.StatusLapsed, Date: truce.MustParseDate("2025-05-01")})
			st, err := db.LoadScenario(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if st.StatusChanges != 1 {
				t.Errorf("%d status changes added, want 1", st.StatusChanges)
			}
		})
		t.Run("ErrHistoryRewritten", func(t *testing.T) {
			db := MustLoadBuiltin(t, b)
			s := mustBuiltin(t)
			s.Provisions[0].History[0].Date = truce.MustParseDate("2025-03-12")
			_, err := db.LoadScenario(ctx, s)
			if code := truce.ErrorCode(err); code != truce.ECONFLICT {
				t.Fatalf("code %q (%v), want %q", code, err, truce.ECONFLICT)
			}
		})
	})
}

func TestPositionsAppendOnly(t *testing.T) {
	sqldbtest.EachBackend(t, func(t *testing.T, b sqldbtest.Backend) {
		ctx := context.Background()
		db := MustLoadBuiltin(t, b)
		before, err := db.Positions(ctx, sqldb.PositionFilter{Party: "RU", Provision: "black-sea-2025-03/maritime"})
		if err != nil {
			t.Fatal(err)
		}
		if len(before) != 2 || before[0].Stance != truce.StanceConditional || before[1].Stance != truce.StanceOppose {
			t.Fatalf("RU on the Black Sea truce: %+v", before)
		}
		p, err := db.AddPosition(ctx, truce.Position{Party: "RU", Provision: "black-sea-2025-03/maritime", Stance: truce.StanceSupport,
			AsOf: truce.MustParseDate("2025-05-01"), Evidence: []truce.Evidence{{Source: "bloomberg-2025-04-19", Quote: "A later quote.", Attribution: truce.AttributionReported}}})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := db.Positions(ctx, sqldb.PositionFilter{Party: "RU", Provision: "black-sea-2025-03/maritime"})
		if len(after) != 3 || after[2].ID != p.ID {
			t.Fatalf("after adding: %d positions", len(after))
		}
		asOf, _ := db.Positions(ctx, sqldb.PositionFilter{Party: "RU", Provision: "black-sea-2025-03/maritime", AsOf: truce.MustParseDate("2025-04-19")})
		if len(asOf) != 2 {
			t.Errorf("as of 2025-04-19: %d positions, want 2", len(asOf))
		}
		t.Run("ErrUnknownProvision", func(t *testing.T) {
			_, err := db.AddPosition(ctx, truce.Position{Party: "RU", Provision: "nope", Stance: truce.StanceSupport, AsOf: truce.MustParseDate("2025-05-01"),
				Evidence: []truce.Evidence{{Source: "bloomberg-2025-04-19", Quote: "q", Attribution: truce.AttributionReported}}})
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
		})
	})
}

func TestNotFound(t *testing.T) {
	sqldbtest.EachBackend(t, func(t *testing.T, b sqldbtest.Backend) {
		ctx := context.Background()
		db := MustLoadBuiltin(t, b)
		for name, err := range map[string]error{
			"party":     func() error { _, err := db.Party(ctx, "XX"); return err }(),
			"source":    func() error { _, err := db.Source(ctx, "nope"); return err }(),
			"agreement": func() error { _, err := db.Agreement(ctx, "nope"); return err }(),
			"provision": func() error { _, err := db.Provision(ctx, "nope"); return err }(),
			"position":  func() error { _, err := db.Position(ctx, 9999); return err }(),
		} {
			if truce.ErrorCode(err) != truce.ENOTFOUND {
				t.Errorf("%s: got %v, want ENOTFOUND", name, err)
			}
		}
	})
}

// TestPragmas asserts that pooled connections of a file database run with
// WAL, synchronous=FULL and foreign keys.
func TestPragmas(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL().SetMaxIdleConns(0) // each check gets a fresh connection
	for i := 0; i < 3; i++ {
		journal, sync, fk, err := db.Pragmas(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if journal != "wal" || sync != 2 || fk != 1 {
			t.Errorf("connection %d: journal_mode=%s synchronous=%d foreign_keys=%d; want wal, 2 (FULL), 1", i, journal, sync, fk)
		}
	}
}

// TestPageSize asserts that a new file database gets 16 KiB pages and that
// one created with SQLite's default 4 KiB pages (as every database was
// before) opens, migrates and stores as before, keeping its page size.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	pageSize := func(db *sql.DB) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	fresh, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if n := pageSize(fresh.SQL()); n != 16384 {
		t.Errorf("new database: page_size %d, want 16384", n)
	}

	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, `CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	if n := pageSize(old); n != 4096 {
		t.Fatalf("old database: page_size %d, want 4096", n)
	}
	old.Close()
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.AddSource(ctx, &truce.Source{ID: "s1", Title: "t", Outlet: "o", Published: truce.MustParseDate("2025-01-01")}); err != nil {
		t.Fatal(err)
	}
	if n := pageSize(db.SQL()); n != 4096 {
		t.Errorf("old database: page_size %d after opening, want 4096", n)
	}
}

func TestWorldMatrixApril2025(t *testing.T) {
	sqldbtest.EachBackend(t, func(t *testing.T, b sqldbtest.Backend) {
		ctx := context.Background()
		db := MustLoadBuiltin(t, b)
		d := truce.MustParseDate("2025-04-19")
		ps, err := db.Positions(ctx, sqldb.PositionFilter{AsOf: d})
		if err != nil {
			t.Fatal(err)
		}
		cells := truce.Matrix(ps, d)
		type key struct {
			party string
			issue truce.Issue
		}
		got := map[key]truce.Cell{}
		for _, c := range cells {
			got[key{c.Party, c.Issue}] = c
		}
		for _, want := range []struct {
			party  string
			issue  truce.Issue
			stance truce.Stance
			attr   truce.Attribution
		}{
			{"US", "crimea-recognition", "support", "sources"},
			{"US", "frontline-freeze", "support", "sources"},
			{"US", "nato-exclusion", "support", "on-record"},
			{"US", "sanctions-relief", "conditional", "reported"},
			{"UA", "territory-cession", "oppose", "on-record"},
			{"UA", "ceasefire", "support", ""},
			{"RU", "crimea-recognition", "support", ""},
			{"RU", "territory-cession", "support", ""},
			{"RU", "maritime-truce", "oppose", ""},
			{"EU", "territory-cession", "oppose", ""},
			{"EU", "crimea-recognition", "oppose", ""},
		} {
			c, ok := got[key{want.party, want.issue}]
			if !ok {
				t.Errorf("no cell %s %s", want.party, want.issue)
				continue
			}
			if c.Stance != want.stance || (want.attr != "" && c.Attribution != want.attr) || len(c.Evidence) == 0 {
				t.Errorf("%s %s: %s (%s, %d evidence), want %s (%s)", want.party, want.issue, c.Stance, c.Attribution, len(c.Evidence), want.stance, want.attr)
			}
		}
	})
}
