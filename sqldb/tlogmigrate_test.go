package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestTlogLeafMigrations upgrades a transparency log written before
// migrations 0701 and 0702 (salts in tlog_salts, every leaf in the
// (kind, ref) index): the salts move to their leaves' rows, tlog_salts
// goes, and the old leaves stay found by (kind, ref) through the index.
func TestTlogLeafMigrations(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run := func(name string) {
		t.Helper()
		b, err := migrationsFS.ReadFile("migrations/sqlite/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(b)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	run("0200_tlog.sql")
	salt := bytes.Repeat([]byte{7}, 32)
	for i, ref := range []string{"1", "2"} {
		if _, err := db.ExecContext(ctx, `INSERT INTO tlog_leaves (idx, kind, ref, entry, logged_at) VALUES (?, 'report', ?, x'01', '2025-05-01T00:00:00Z')`, i, ref); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO tlog_salts (idx, salt) VALUES (?, ?)`, i, append([]byte{byte(i)}, salt[1:]...)); err != nil {
			t.Fatal(err)
		}
	}
	run("0701_tlog_leaf_salts.sql")
	run("0702_tlog_leaf_ranges.sql")
	for i := range 2 {
		var got []byte
		if err := db.QueryRowContext(ctx, `SELECT salt FROM tlog_leaves WHERE idx = ?`, i).Scan(&got); err != nil || !bytes.Equal(got, append([]byte{byte(i)}, salt[1:]...)) {
			t.Errorf("leaf %d: salt %x (%v), want its old salt", i, got, err)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'tlog_salts'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("tlog_salts still there (%d, %v)", n, err)
	}
	var detail string
	var id, parent, unused int
	if err := db.QueryRowContext(ctx, `EXPLAIN QUERY PLAN SELECT idx FROM tlog_leaves WHERE kind = 'report' AND ref = '2' AND ranged IS NULL ORDER BY idx DESC LIMIT 1`).Scan(&id, &parent, &unused, &detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "tlog_leaves_ref") {
		t.Errorf("the lookup of an old leaf does not use the index: %s", detail)
	}
	var idx int
	if err := db.QueryRowContext(ctx, `SELECT idx FROM tlog_leaves WHERE kind = 'report' AND ref = '2' AND ranged IS NULL`).Scan(&idx); err != nil || idx != 1 {
		t.Errorf("old leaf of report 2: %d (%v), want 1", idx, err)
	}
}
