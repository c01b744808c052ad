package sqldb

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT * FROM t WHERE a = ? AND b = ?`, `SELECT * FROM t WHERE a = $1 AND b = $2`},
		{`INSERT INTO t VALUES ('what?', ?, "col?", ?)`, `INSERT INTO t VALUES ('what?', $1, "col?", $2)`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"},
		{`SELECT /* ? */ ?`, `SELECT /* ? */ $1`},
		{`SELECT $$ a ? $$, ?, $f$ ? $f$`, `SELECT $$ a ? $$, $1, $f$ ? $f$`},
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
	} {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMigrationsTwinned fails when a migration exists for one engine and
// not the other: every migrations/sqlite/NNNN_name.sql needs a
// migrations/postgres/NNNN_name.sql, and the reverse.
func TestMigrationsTwinned(t *testing.T) {
	names := func(dialect string) map[string]bool {
		m := map[string]bool{}
		files, err := fs.Glob(migrationsFS, "migrations/"+dialect+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			m[path.Base(f)] = true
		}
		return m
	}
	sqlite, postgres := names("sqlite"), names("postgres")
	if len(sqlite) == 0 {
		t.Fatal("no sqlite migrations found")
	}
	for n := range sqlite {
		if !postgres[n] {
			t.Errorf("migrations/sqlite/%s has no PostgreSQL twin migrations/postgres/%s", n, n)
		}
	}
	for n := range postgres {
		if !sqlite[n] {
			t.Errorf("migrations/postgres/%s has no SQLite twin migrations/sqlite/%s", n, n)
		}
	}
	if !strings.HasPrefix(rebind("?"), "$") {
		t.Fatal("rebind broken")
	}
}

// BenchmarkRebind measures rewriting a typical insert's placeholders.
func BenchmarkRebind(b *testing.B) {
	q := `INSERT INTO provisions (id, agreement, ord, issue, title, text, parties, window_from, window_to, scope, protects, texts, conditions)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title -- why? because`
	for i := 0; i < b.N; i++ {
		rebind(q)
	}
}
