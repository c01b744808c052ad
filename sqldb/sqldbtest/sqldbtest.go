// Package sqldbtest opens stores for tests, so that one test suite runs on
// every backend: SQLite always, PostgreSQL when the environment variable
// TRUCE_TEST_POSTGRES holds a DSN (scripts/ci-setup.d/20-postgres.sh
// starts one and .ci/run exports it). Each PostgreSQL store lives in a
// fresh schema that is dropped when the test ends, so tests never see each
// other's rows.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce/sqldb"
)

// EnvPostgres names the environment variable holding the PostgreSQL test DSN.
const EnvPostgres = "TRUCE_TEST_POSTGRES"

// Each runs f as a subtest on every backend: "sqlite" on a fresh in-memory
// database, and "postgres" on a fresh schema of TRUCE_TEST_POSTGRES's
// database, or a logged skip when it is unset.
func Each(t *testing.T, f func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, MustOpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, MustOpenPostgres(t)) })
}

// EachDSN runs f as a subtest per backend with a DSN for a fresh, empty
// store, for tests that open the store themselves (several servers on one
// database): a SQLite file in a temporary directory, or a fresh PostgreSQL
// schema.
func EachDSN(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, t.TempDir()+"/truce.db") })
	t.Run("postgres", func(t *testing.T) { f(t, PostgresDSN(t)) })
}

// MustOpenSQLite opens a migrated in-memory SQLite store, closed at cleanup.
func MustOpenSQLite(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return mustOpen(tb, ":memory:")
}

// MustOpenPostgres opens a migrated PostgreSQL store in a fresh schema,
// closed and dropped at cleanup; it skips the test when TRUCE_TEST_POSTGRES
// is unset.
func MustOpenPostgres(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return mustOpen(tb, PostgresDSN(tb))
}

func mustOpen(tb testing.TB, dsn string) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// PostgresDSN returns a DSN for a fresh, empty schema of the test database
// (its search_path), dropped at cleanup after everything opened on it has
// been closed. It skips the test when TRUCE_TEST_POSTGRES is unset.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skipf("skipping PostgreSQL: %s is not set (scripts/ci-setup.d/20-postgres.sh starts one)", EnvPostgres)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Backend opens fresh, migrated stores of one engine; each is closed (and
// on PostgreSQL its schema dropped) when the test that opened it ends.
type Backend struct {
	Name string // "sqlite" or "postgres"
	Open func(tb testing.TB) *sqldb.DB
}

// EachBackend runs f as a subtest per backend, for tests that open several
// stores: "sqlite", and "postgres" when TRUCE_TEST_POSTGRES is set (a
// logged skip otherwise).
func EachBackend(t *testing.T, f func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, Backend{Name: "sqlite", Open: MustOpenSQLite}) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(EnvPostgres) == "" {
			t.Skipf("skipping PostgreSQL: %s is not set (scripts/ci-setup.d/20-postgres.sh starts one)", EnvPostgres)
		}
		f(t, Backend{Name: "postgres", Open: MustOpenPostgres})
	})
}
