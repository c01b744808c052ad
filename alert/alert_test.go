package alert_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// receiver is a webhook endpoint on loopback that fails its first
// failFirst requests with status fail, and checks every signature.
type receiver struct {
	t         *testing.T
	secret    string
	failFirst int
	fail      int
	clock     func() time.Time

	mu       sync.Mutex
	requests int
	bad      []string
	payloads []alert.Payload
	srv      *httptest.Server
}

func newReceiver(t *testing.T, failFirst, fail int, clock func() time.Time) *receiver {
	rc := &receiver{t: t, failFirst: failFirst, fail: fail, clock: clock}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.requests++
		if err := alert.Verify(rc.secret, r.Header, body, rc.clock(), 5*time.Minute); err != nil {
			rc.bad = append(rc.bad, err.Error())
		}
		if rc.requests <= rc.failFirst {
			w.WriteHeader(rc.fail)
			return
		}
		var p alert.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			rc.bad = append(rc.bad, err.Error())
		}
		rc.payloads = append(rc.payloads, p)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func mustReport(t *testing.T, db *sqldb.DB, r truce.Report) int64 {
	t.Helper()
	res, err := db.AddReport(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return res.Incident
}

// energyStrike is a drone strike on an energy target during the energy
// truce: a violation of energy-truce-2025-03/energy.
func energyStrike(id string, at string, lat, lon float64) truce.Report {
	t, _ := time.Parse(time.RFC3339, at)
	return truce.Report{ClientID: id, ObservedAt: t, Lat: lat, Lon: lon, Precision: 1, Type: truce.EventAssault, Mode: truce.ModeDrone,
		Target: truce.TargetEnergy, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}}
}

func TestWebhooks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sc, err := scenario.LoadBuiltin(scenario.Builtin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.LoadScenario(ctx, sc); err != nil {
			t.Fatal(err)
		}
		api.WireJudge(db)
		var mu sync.Mutex
		now := time.Now().UTC()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		svc := &alert.Service{DB: db, Now: clock, Backoff: time.Minute, MaxAttempts: 5,
			Incident: api.PublicIncident(api.New(db, nil))}

		// A violation stored before any webhook exists is not "new".
		old := mustReport(t, db, energyStrike("old-1", "2025-04-10T02:00:00Z", 49.9935, 36.2304)) // Kharkiv

		flaky := newReceiver(t, 2, http.StatusServiceUnavailable, clock) // fails twice, then takes it
		area := newReceiver(t, 0, 0, clock)                              // around Dnipro, any provision
		elsewhere := newReceiver(t, 0, 0, clock)                         // around Odesa: nothing happens there
		gone := newReceiver(t, 1000, http.StatusGone, clock)             // refuses for good
		create := func(rc *receiver, w alert.Webhook) {
			t.Helper()
			w.URL = rc.srv.URL
			got, err := svc.Create(ctx, &w)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Secret) < 16 {
				t.Fatalf("secret %q", got.Secret)
			}
			rc.secret = got.Secret
		}
		create(flaky, alert.Webhook{Provision: "energy-truce-2025-03/energy"})
		create(area, alert.Webhook{BBox: &[4]float64{34.5, 48, 35.5, 49}})
		create(elsewhere, alert.Webhook{BBox: &[4]float64{30, 46, 31.2, 47}})
		create(gone, alert.Webhook{Provision: "energy-truce-2025-03/energy"})

		inc := mustReport(t, db, energyStrike("new-1", "2025-04-12T03:00:00Z", 48.4647, 35.0462)) // Dnipro
		if inc == old {
			t.Fatal("the new strike joined the old incident")
		}
		for i := 0; i < 8; i++ {
			if _, err := svc.Enqueue(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			advance(10 * time.Minute) // past every back-off
		}

		check := func(name string, rc *receiver, requests, payloads int) {
			t.Helper()
			rc.mu.Lock()
			defer rc.mu.Unlock()
			if rc.requests != requests || len(rc.payloads) != payloads || len(rc.bad) > 0 {
				t.Errorf("%s: %d requests, %d payloads, bad %v; want %d, %d, none", name, rc.requests, len(rc.payloads), rc.bad, requests, payloads)
			}
			for _, p := range rc.payloads {
				in, _ := p.Incident.(map[string]any)
				if p.Event != "violation" || p.Verdict != "violation" || p.Provision != "energy-truce-2025-03/energy" || p.Explanation == "" ||
					in == nil || in["id"] != float64(inc) || in["lat"] != float64(48.5) || in["lon"] != float64(35) {
					t.Errorf("%s: payload %+v", name, p)
				}
			}
		}
		check("provision, flaky receiver", flaky, 3, 1)
		check("area", area, 1, 1)
		check("area elsewhere", elsewhere, 0, 0)
		check("gone", gone, 1, 0)

		ws, err := svc.List(ctx)
		if err != nil || len(ws) != 4 || ws[0].Secret != "" {
			t.Fatalf("List: %+v %v", ws, err)
		}
		for i, want := range []struct {
			state    string
			attempts int
		}{{"delivered", 3}, {"delivered", 1}, {"", 0}, {"failed", 1}} {
			ds, err := svc.Deliveries(ctx, ws[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if want.state == "" {
				if len(ds) != 0 {
					t.Errorf("webhook %d: %+v, want no deliveries", i, ds)
				}
				continue
			}
			if len(ds) != 1 || ds[0].State != want.state || ds[0].Attempts != want.attempts || ds[0].Incident != inc {
				t.Errorf("webhook %d: deliveries %+v, want one %s after %d attempts", i, ds, want.state, want.attempts)
			}
		}

		t.Run("ErrInvalid", func(t *testing.T) {
			for _, w := range []alert.Webhook{
				{URL: "ftp://example.org/x"},
				{URL: "/relative"},
				{URL: "http://example.org/", BBox: &[4]float64{40, 50, 30, 60}},
				{URL: "http://example.org/", Provision: "no-such-provision"},
				{URL: "http://example.org/", Secret: "short"},
			} {
				if _, err := svc.Create(ctx, &w); truce.ErrorCode(err) != truce.EINVALID {
					t.Errorf("Create(%+v): %v, want EINVALID", w, err)
				}
			}
		})
		t.Run("Deactivate", func(t *testing.T) {
			if err := svc.Deactivate(ctx, ws[1].ID); err != nil {
				t.Fatal(err)
			}
			mustReport(t, db, energyStrike("new-2", "2025-04-14T03:00:00Z", 48.9, 35.3))
			svc.Enqueue(ctx)
			svc.DeliverDue(ctx)
			area.mu.Lock()
			if area.requests != 1 {
				t.Errorf("a deactivated webhook got %d requests, want the 1 from before", area.requests)
			}
			area.mu.Unlock()
			if err := svc.Deactivate(ctx, 9999); truce.ErrorCode(err) != truce.ENOTFOUND {
				t.Errorf("Deactivate(9999): %v", err)
			}
		})
	})
}

func TestVerify(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	body := []byte(`{"event":"violation"}`)
	h := http.Header{}
	h.Set(alert.HeaderTimestamp, "1750000000")
	h.Set(alert.HeaderSignature, alert.Sign("s3cret-s3cret-s3cret", "1750000000", body))
	if err := alert.Verify("s3cret-s3cret-s3cret", h, body, now, time.Minute); err != nil {
		t.Errorf("OK: %v", err)
	}
	if err := alert.Verify("another-secret-000", h, body, now, time.Minute); err == nil {
		t.Error("a wrong secret verified")
	}
	if err := alert.Verify("s3cret-s3cret-s3cret", h, []byte(`{"event":"x"}`), now, time.Minute); err == nil {
		t.Error("a changed body verified")
	}
	if err := alert.Verify("s3cret-s3cret-s3cret", h, body, now.Add(time.Hour), time.Minute); err == nil {
		t.Error("an old delivery verified (replay)")
	}
}
