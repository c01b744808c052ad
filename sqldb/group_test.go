package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// TestCommitGroupFailures: in one group, reports refused for what they hold
// (a client id reused with other content, an unknown provision, a revision
// of another source's report) fail alone without the group being written
// again; a report a hook refuses after it wrote, or whose hook runs a
// failing statement (which aborts a PostgreSQL transaction), fails alone
// once the group is written again with savepoints. Every other report is
// stored once, with one change and one log leaf each.
func TestCommitGroupFailures(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func(testing.TB) string) {
		ctx := context.Background()
		db := openAt(t, fresh(t))
		leaves := 0
		db.Hooks.ReportAccepted = func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
			switch r.ClientID {
			case "hook-refused":
				return errors.New("refused")
			case "hook-bad-sql":
				_, err := tx.ExecContext(ctx, `INSERT INTO no_such_table VALUES (1)`)
				return err
			}
			return tx.Defer(ctx, "leaves", r.ClientID, func(_ context.Context, _ *sqldb.Tx, vs []any) error {
				leaves += len(vs)
				return nil
			})
		}
		at := func(id, team string, minutes int) truce.Report {
			r := sumy(id)
			r.ObservedAt = time.Date(2025, 2, 10, 8, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
			r.Source.Identity = team
			return r
		}
		if _, errs := sqldb.CommitGroup(ctx, db, []truce.Report{at("first", "team-a", 0)}); errs[0] != nil {
			t.Fatal(errs[0])
		}
		reused := at("first", "team-a", 0)
		reused.Description = "other content"
		unknown := at("unknown-provision", "team-c", 2)
		unknown.Provisions = []string{"no-such/provision"}
		otherSource := at("other-source", "team-d", 3)
		otherSource.Revises = "first"
		refusals := []truce.Report{at("ok-1", "team-b", 1), reused, unknown, otherSource, at("ok-2", "team-e", 4)}
		failures := []truce.Report{at("ok-3", "team-f", 5), at("hook-refused", "team-g", 6), at("ok-4", "team-h", 7),
			at("hook-bad-sql", "team-i", 8), at("ok-5", "team-j", 9)}
		for _, tc := range []struct {
			name      string
			rows      []truce.Report
			wantCodes []string
			redo      bool
		}{
			{"Refused", refusals, []string{"", truce.ECONFLICT, truce.EINVALID, truce.EINVALID, ""}, false},
			{"Failed", failures, []string{"", truce.EINTERNAL, "", truce.EINTERNAL, ""}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				redos, leaves0 := sqldb.GroupRedos(db), leaves
				res, errs := sqldb.CommitGroup(ctx, db, tc.rows)
				stored := 0
				for i, err := range errs {
					if code := truce.ErrorCode(err); code != tc.wantCodes[i] {
						t.Errorf("%s: %v, want code %q", tc.rows[i].ClientID, err, tc.wantCodes[i])
					}
					if err == nil {
						stored++
						r, err := db.Report(ctx, res[i].Report, false)
						if err != nil || r.ClientID != tc.rows[i].ClientID || r.Incident != res[i].Incident {
							t.Errorf("%s: stored %+v, %v; want report %+v", tc.rows[i].ClientID, r, err, res[i])
						}
					}
				}
				if got := sqldb.GroupRedos(db) - redos; got != map[bool]int64{false: 0, true: 1}[tc.redo] {
					t.Errorf("the group was written again %d times, want redo %v", got, tc.redo)
				}
				if got := leaves - leaves0; got != stored {
					t.Errorf("%d leaves flushed, want %d (one per stored report)", got, stored)
				}
			})
		}
		var reports, changes int
		if err := db.SQL().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM changes WHERE kind = 'report')`).Scan(&reports, &changes); err != nil {
			t.Fatal(err)
		}
		if reports != 6 || changes != 6 {
			t.Errorf("%d reports and %d report changes stored, want 6 and 6", reports, changes)
		}
	})
}

// BenchmarkAddReportSerialLogged submits reports one at a time, so that
// each is a group of its own: what a group costs beside its reports (the
// transaction, the log's append, the durable commit), with the log's
// hooks as `truce serve` installs them:
//
//	go test -run '^$' -bench AddReportSerialLogged -benchtime 2000x ./sqldb/
func BenchmarkAddReportSerialLogged(b *testing.B) {
	ctx := context.Background()
	db := mustOpenScenario(b)
	db.Hooks = tlog.StoreHooks()
	db.NewJudger = func(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
		ps, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
		return judge.New(ps, nil), err
	}
	rows := syntheticReports(b.N)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := range rows {
		if _, err := db.AddReport(ctx, rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	el, cpu := time.Since(start), cpuTime()-cpu0
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(rows)), "cpu-µs/report")
	b.ReportMetric(float64(el.Microseconds())/float64(len(rows)), "µs/report")
}
