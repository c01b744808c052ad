package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/sqldb"
)

// TestReportImportAndDaily imports the example reports (and refuses a file
// with a bad row, storing nothing), then writes the daily report.
func TestReportImportAndDaily(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	if code, out, errs := runCLI(t, "load", "--db", dbPath, filepath.Join("..", "..", "scenario", "builtin", "april2025.yaml")); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errs)
	}
	examples := filepath.Join("..", "..", "daily", "testdata", "reports-2025-04.ndjson")
	src, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	// A bad second row: the whole file is refused, naming the line.
	lines := strings.SplitAfter(string(src), "\n")
	lines[1] = strings.Replace(lines[1], `"lat": 50.9071`, `"lat": 95`, 1)
	bad := filepath.Join(dir, "bad.ndjson")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "report", "import", "--quiet", "--db", dbPath, bad)
	if code != 1 || !strings.Contains(errs, "bad.ndjson:2: lat:") || !strings.Contains(errs, "nothing stored") {
		t.Fatalf("bad file: exit %d, stderr:\n%s", code, errs)
	}
	// --partial stores the six good rows.
	code, out, errs := runCLI(t, "report", "import", "--quiet", "--partial", "--db", dbPath, bad)
	if code != 0 || !strings.Contains(out, "6 reports added") {
		t.Fatalf("partial: exit %d\n%s%s", code, out, errs)
	}
	// The whole file: the six are replays, the seventh is new.
	code, out, errs = runCLI(t, "report", "import", "--quiet", "--db", dbPath, examples)
	if code != 0 || !strings.Contains(out, "1 reports added, 6 already stored") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	// Every stored report is a leaf of the transparency log, the replays only once.
	db, err := sqldb.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var reports, leaves int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&reports); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM tlog_leaves WHERE kind = 'report'`).Scan(&leaves); err != nil {
		t.Fatal(err)
	}
	// Each import that stored reports is audited (the partial one and the whole file).
	var audited int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE action = 'truce report import'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if reports != 7 || leaves != reports {
		t.Errorf("%d reports stored, %d report leaves in the log; want 7 and 7", reports, leaves)
	}
	if audited != 2 {
		t.Errorf("%d audit lines of report imports, want 2 (one per import that stored reports)", audited)
	}
	code, out, errs = runCLI(t, "daily", "--db", dbPath, "--date", "2025-04-13", "--format", "md")
	if code != 0 || !strings.Contains(out, "# Daily report of 2025-04-13") || !strings.Contains(out, "covers energy infrastructure only: not covered") {
		t.Fatalf("daily: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "daily", "--db", dbPath, "--date", "2025-04-13", "--format", "html", "--public")
	if code != 0 || !strings.Contains(out, "<svg") || strings.Contains(out, "50.9077") {
		t.Errorf("daily html public: exit %d", code)
	}
}
