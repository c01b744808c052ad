package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// TestPostReports_GroupCommit posts reports at once, as `truce serve`
// wires the store (the log's hooks, each report's owner and audit line in
// its transaction): every report gets its owner, one audit line naming it,
// one change record and its two leaves, however the group commit grouped
// them (the owners, audit lines, changes and leaves are written once per
// group); a retry gets the same ids and writes none of them again.
func TestPostReports_GroupCommit(t *testing.T) {
	ts := MustOpenServer(t)
	ctx := context.Background()
	hooks := tlog.StoreHooks()
	logReport := hooks.ReportAccepted
	hooks.ReportAccepted = func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
		if err := logReport(ctx, tx, r); err != nil {
			return err
		}
		return ReportOwnerInTx(ctx, tx, r.ID)
	}
	ts.DB.Hooks = hooks
	const n = 40
	body := func(i int) string {
		return fmt.Sprintf(`{"client_id": "grp-%d", "observed_at": "2025-04-13T%02d:20:00Z", "lat": %.2f, "lon": 34.8, "precision": 1,
			"type": "assault", "mode": "missile", "target": "civilian", "perpetrator": "RU", "source": {"kind": "monitor"}}`, i, i%24, 44+float64(i)/5)
	}
	roles := []truce.Role{truce.RoleMonitor, truce.RoleAnalyst}
	ids := make([]ReportCreated, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, b := ts.do(t, roles[i%2], "POST", "/api/reports", body(i))
			if st != http.StatusCreated {
				t.Errorf("report %d: %d %s", i, st, b)
				return
			}
			json.Unmarshal(b, &ids[i])
		}()
	}
	wg.Wait()
	count := func(q string, args ...any) int {
		t.Helper()
		var c int
		if err := ts.DB.SQL().QueryRowContext(ctx, q, args...).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	check := func() {
		t.Helper()
		for i, id := range ids {
			owner := ts.users[roles[i%2]].Name
			if c := count(`SELECT COUNT(*) FROM report_owners WHERE report = ? AND owner = ?`, id.Report, owner); c != 1 {
				t.Errorf("report %d: %d owner rows for %s, want 1", id.Report, c, owner)
			}
			if c := count(`SELECT COUNT(*) FROM audit WHERE action = 'POST /api/reports' AND target = ? AND outcome = 'ok' AND actor = ?`,
				fmt.Sprintf("report %d", id.Report), owner); c != 1 {
				t.Errorf("report %d: %d audit lines, want 1", id.Report, c)
			}
			if c := count(`SELECT COUNT(*) FROM changes WHERE kind = 'report' AND ref = ?`, fmt.Sprint(id.Report)); c != 1 {
				t.Errorf("report %d: %d change records, want 1", id.Report, c)
			}
			if c := count(`SELECT COUNT(*) FROM tlog_leaves WHERE kind = 'report' AND ref = ?`, fmt.Sprint(id.Report)); c != 1 {
				t.Errorf("report %d: %d leaves, want 1", id.Report, c)
			}
		}
	}
	check()
	// A retry: the same ids, nothing written twice.
	st, b := ts.do(t, roles[0], "POST", "/api/reports", body(0))
	var again ReportCreated
	json.Unmarshal(b, &again)
	if st != http.StatusCreated || again != ids[0] {
		t.Fatalf("retry: %d %s, want 201 with %+v", st, b, ids[0])
	}
	check()
	if c := count(`SELECT COUNT(*) FROM report_owners`); c != n {
		t.Errorf("%d owner rows, want %d", c, n)
	}
}
