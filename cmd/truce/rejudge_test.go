package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// TestServeRejudgesInBackground: `truce serve` judges stored incidents
// again after a rules change, without any read of them: a change made
// through the server's store wakes the re-judger at once, one committed by
// another process into the same file is noticed by polling.
func TestServeRejudgesInBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	s := &Server{Addr: "127.0.0.1:0", DBPath: path, RejudgeEvery: 50 * time.Millisecond}
	if err := s.Open(ctx); err != nil {
		s.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	adv := truce.Report{ClientID: "m9-0100", ObservedAt: time.Date(2025, 4, 19, 6, 0, 0, 0, time.UTC), Lat: 48.29, Lon: 37.18,
		Precision: 2, Place: "Pokrovsk", Type: truce.EventAdvance, Perpetrator: "RU", Source: truce.ReportSource{Kind: truce.SourceMonitor}}
	res, err := s.DB.AddReport(ctx, adv)
	if err != nil {
		t.Fatal(err)
	}
	verdict := func() string {
		var v string
		s.DB.SQL().QueryRowContext(ctx, `SELECT verdict FROM verdicts WHERE incident = ? AND provision = 'paris-2025/ceasefire'`, res.Incident).Scan(&v)
		return v
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	if v := verdict(); v != "" {
		t.Fatalf("verdict %q on a proposed ceasefire", v)
	}
	// Another process: its own store on the same file, no wake-up here.
	other, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, c := range []truce.StatusChange{{Status: truce.StatusAgreed, Date: truce.MustParseDate("2025-04-18")},
		{Status: truce.StatusInForce, Date: truce.MustParseDate("2025-04-18")}} {
		if _, err := other.TransitionProvision(ctx, "paris-2025/ceasefire", c); err != nil {
			t.Fatal(err)
		}
	}
	waitFor("the violation of the ceasefire", func() bool { return verdict() == "violation" })
	// Through the server's own store: suspended again, the verdict goes.
	if _, err := s.DB.TransitionProvision(ctx, "paris-2025/ceasefire",
		truce.StatusChange{Status: truce.StatusSuspended, Date: truce.MustParseDate("2025-04-18")}); err != nil {
		t.Fatal(err)
	}
	waitFor("the suspended ceasefire's verdict", func() bool { return verdict() != "violation" })
	if _, stale, err := s.DB.StaleIncidents(ctx); err != nil || stale != 0 {
		t.Errorf("%d stale incidents, %v", stale, err)
	}
}

// TestServeTimeZone: --tz stores the mission's zone; a bad one stops the start.
func TestServeTimeZone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	s := &Server{Addr: "127.0.0.1:0", DBPath: path, TimeZone: "UTC"}
	if err := s.Open(ctx); err != nil {
		s.Close()
		t.Fatal(err)
	}
	loc, err := s.DB.MissionZone(ctx)
	s.Close()
	if err != nil || loc.String() != "UTC" {
		t.Errorf("zone %v, %v; want UTC", loc, err)
	}
	bad := &Server{Addr: "127.0.0.1:0", DBPath: path, TimeZone: "Mars/Olympus"}
	if err := bad.Open(ctx); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("--tz Mars/Olympus: %v, want EINVALID", err)
	}
	bad.Close()
}
