package sqldb_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// columns lists "table.column" for every table of the store.
func columns(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if db.Dialect() == "postgres" {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := db.SQL().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.ToLower(s))
	}
	sort.Strings(out)
	return out
}

// TestSchemasInStep applies both engines' migrations and compares the
// tables and columns they make: a column added to one twin and not the
// other fails here.
func TestSchemasInStep(t *testing.T) {
	lite := columns(t, sqldbtest.MustOpenSQLite(t))
	if len(lite) < 50 || !contains(lite, "positions.attribution") {
		t.Fatalf("SQLite schema read as %d columns: %v", len(lite), lite)
	}
	pg := columns(t, sqldbtest.MustOpenPostgres(t))
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("tables.columns (-sqlite +postgres):\n%s", diff)
	}
}

func contains(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}
