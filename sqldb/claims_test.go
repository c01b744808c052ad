package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

const claimsArticle = `date 2025-04-19 The US is prepared to recognize Russian control of Crimea as part of a peace deal, according to people familiar with the matter.
The Kremlin said it would accept a Black Sea truce only if sanctions on its agricultural bank were lifted.
A Russian ballistic missile struck Sumy on Sunday, killing 35 people.
Envoys of the US, France and Ukraine met in Paris on Thursday. They will meet again in Riyadh.`

// queueArticle extracts claimsArticle and queues its claims.
func queueArticle(t *testing.T, db *sqldb.DB) (*extract.Article, sqldb.AddClaimsResult) {
	t.Helper()
	a, err := extract.ParseArticle("claims.txt", []byte(claimsArticle))
	if err != nil {
		t.Fatal(err)
	}
	src := extract.Source(a, "claims.txt")
	res, err := db.AddClaims(context.Background(), src, extract.Claims(a, src, extract.New().Extract(a)))
	if err != nil {
		t.Fatalf("AddClaims: %v", err)
	}
	return a, res
}

func claimOf(t *testing.T, db *sqldb.DB, kind truce.ClaimKind, summary string) *truce.Claim {
	t.Helper()
	cs, err := db.Claims(context.Background(), sqldb.ClaimFilter{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	for i := range cs {
		if strings.Contains(cs[i].Summary, summary) {
			return &cs[i]
		}
	}
	t.Fatalf("no %s claim %q among %d", kind, summary, len(cs))
	return nil
}

func TestStore_Claims(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mustLoadBuiltin(t, db)
		_, first := queueArticle(t, db)
		if len(first.Added) < 5 {
			t.Fatalf("queued %d claims, want at least 5 (2 positions, 1 incident, 2 talks)", len(first.Added))
		}
		t.Run("NoDuplicates", func(t *testing.T) {
			_, again := queueArticle(t, db)
			if len(again.Added) != 0 || again.Known != len(first.Added) || again.Source != first.Source {
				t.Errorf("re-extraction: got %+v, want nothing added and %d known", again, len(first.Added))
			}
		})
		t.Run("AcceptPosition", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimPosition, "US support crimea-recognition")
			got, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != truce.ClaimAccepted || !strings.HasPrefix(got.Result, "position:") || got.DecidedBy != "ana" {
				t.Fatalf("got %+v", got)
			}
			ps, err := db.Positions(ctx, sqldb.PositionFilter{Party: "US", Issue: truce.IssueCrimeaRecognition})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range ps {
				for _, e := range p.Evidence {
					if e.Source == first.Source && strings.HasPrefix(e.Quote, "The US is prepared") && e.Attribution == truce.AttributionSources {
						found = p.Stance == truce.StanceSupport && p.AsOf.String() == "2025-04-19"
					}
				}
			}
			if !found {
				t.Errorf("no US crimea-recognition position with the article's evidence among %d", len(ps))
			}
		})
		t.Run("AcceptConditional", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimPosition, "RU conditional maritime-truce")
			got, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.Result, "position:") {
				t.Errorf("result %q", got.Result)
			}
		})
		t.Run("ErrConflict", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimPosition, "US support crimea-recognition")
			if _, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{}); truce.ErrorCode(err) != truce.ECONFLICT {
				t.Errorf("accept twice: got %v, want ECONFLICT", err)
			}
			if _, err := db.RejectClaim(ctx, c.ID, "ana", "changed my mind"); truce.ErrorCode(err) != truce.ECONFLICT {
				t.Errorf("reject accepted: got %v, want ECONFLICT", err)
			}
		})
		t.Run("AcceptTalks", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimTalks, "talks Paris 2025-04-17")
			got, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ts, err := db.Talks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			id := strings.TrimPrefix(got.Result, "talks:")
			ok := false
			for _, x := range ts {
				ok = ok || x.ID == id && x.Place == "Paris" && x.Start.String() == "2025-04-17"
			}
			if !ok {
				t.Errorf("talks %q not stored", id)
			}
		})
		t.Run("ErrInvalidTalksDate", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimTalks, "talks Riyadh undated")
			if _, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{}); truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("undated talks: got %v, want EINVALID", err)
			}
			if c2, _ := db.Claim(ctx, c.ID); c2.Status != truce.ClaimPending {
				t.Errorf("a failed accept left the claim %s", c2.Status)
			}
			got, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{Date: truce.MustParseDate("2025-04-25")})
			if err != nil || got.Result != "talks:riyadh-2025-04-25" {
				t.Errorf("with a date: got %+v, %v", got, err)
			}
		})
		t.Run("AcceptIncident", func(t *testing.T) {
			c := claimOf(t, db, truce.ClaimIncident, "incident Sumy")
			got, err := db.AcceptClaim(ctx, c.ID, "ana", sqldb.AcceptClaimOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.Result, "report:") {
				t.Fatalf("result %q", got.Result)
			}
			var id int64
			if _, err := fmtSscan(strings.TrimPrefix(got.Result, "report:"), &id); err != nil {
				t.Fatal(err)
			}
			r, err := db.Report(ctx, id, false)
			if err != nil {
				t.Fatal(err)
			}
			if r.Place != "Sumy" || r.Killed.BestOr(-1) != 35 || r.Source.Kind != truce.SourceOpenSource {
				t.Errorf("report %+v", r)
			}
		})
		t.Run("Reject", func(t *testing.T) {
			cs, err := db.Claims(ctx, sqldb.ClaimFilter{Status: truce.ClaimPending})
			if err != nil || len(cs) == 0 {
				t.Fatalf("pending: %d, %v", len(cs), err)
			}
			if _, err := db.RejectClaim(ctx, cs[0].ID, "ana", "  "); truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("empty reason: got %v, want EINVALID", err)
			}
			got, err := db.RejectClaim(ctx, cs[0].ID, "ana", "history, not a position")
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != truce.ClaimRejected || got.Reason != "history, not a position" {
				t.Errorf("got %+v", got)
			}
			if _, err := db.RejectClaim(ctx, 999999, "ana", "x"); truce.ErrorCode(err) != truce.ENOTFOUND {
				t.Errorf("unknown claim: got %v, want ENOTFOUND", err)
			}
		})
	})
}

func fmtSscan(s string, id *int64) (int, error) { return fmt.Sscan(s, id) }
