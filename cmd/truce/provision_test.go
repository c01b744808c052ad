package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/sqldb"
)

// TestProvisionStatusCommand records status changes from the command line
// against the same database the server uses: the history names who and
// why, the change is a log leaf and has its audit line; an illegal step or
// a backdated one is refused, naming the flag or status, and stores nothing.
func TestProvisionStatusCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "truce.db")
	if code, _, stderr := runCmd(t, "", "load", "--db", db, "../../scenario/builtin/april2025.yaml"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, errs := runCmd(t, "", "provision", "status", "--db", db, "paris-2025/ceasefire", "agreed",
		"--on", "2025-04-25", "--reason", "initialled in Paris", "--by", "mediator-desk",
		"--source", "bloomberg-2025-04-19", "--quote", "ready to recognize", "--attribution", "sources")
	if code != 0 || out != "paris-2025/ceasefire: proposed → agreed on 2025-04-25, recorded by mediator-desk: initialled in Paris\n" {
		t.Fatalf("provision status: %d %q %s", code, out, errs)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"ErrIllegal", []string{"paris-2025/ceasefire", "proposed", "--on", "2025-04-26", "--reason", "x"}, "illegal transition agreed → proposed"},
		{"ErrBackdated", []string{"paris-2025/ceasefire", "in-force", "--on", "2025-04-20", "--reason", "x"}, "on: 2025-04-20 is before the previous change (2025-04-25)"},
		{"ErrUnknownStatus", []string{"paris-2025/ceasefire", "signed", "--on", "2025-04-26", "--reason", "x"}, `"signed" is not a status`},
		{"ErrNoReason", []string{"paris-2025/ceasefire", "in-force", "--on", "2025-04-26"}, "reason: required"},
		{"ErrUnknownProvision", []string{"paris-2025/nope", "agreed", "--on", "2025-04-26", "--reason", "x"}, `no provision "paris-2025/nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCmd(t, "", append([]string{"provision", "status", "--db", db}, tc.args...)...)
			if code == 0 || !strings.Contains(errs, tc.want) {
				t.Errorf("got %d %q, want an error with %q", code, errs, tc.want)
			}
		})
	}
	sdb, err := sqldb.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	p, err := sdb.Provision(ctx, "paris-2025/ceasefire")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.History) != 2 || p.History[1].By != "mediator-desk" || p.History[1].Evidence == nil {
		t.Errorf("history %+v: want the one change, by mediator-desk, with its evidence", p.History)
	}
	var leaves, audits int
	sdb.SQL().QueryRow(`SELECT COUNT(*) FROM tlog_leaves WHERE kind = 'provision-status' AND ref = 'paris-2025/ceasefire#1'`).Scan(&leaves)
	sdb.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE actor = 'mediator-desk' AND action = 'truce provision status' AND target = 'provision paris-2025/ceasefire' AND remote = 'cli'`).Scan(&audits)
	if leaves != 1 || audits != 1 {
		t.Errorf("log leaves %d, audit lines %d; want 1 and 1", leaves, audits)
	}
	// Other command-line writes audit in their own transaction too.
	var loads int
	sdb.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE action = 'truce load' AND target LIKE 'scenario %' AND remote = 'cli'`).Scan(&loads)
	if loads != 1 {
		t.Errorf("audit lines of truce load: %d, want 1", loads)
	}
}
