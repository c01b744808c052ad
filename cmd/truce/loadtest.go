package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/truce-monitor/truce"
)

func init() {
	register(&command{Name: "loadtest", Summary: "measure POST /api/reports latency with concurrent clients, closed or open loop (starts its own server unless --url)", Run: runLoadtest})
}

// runLoadtest submits reports from many concurrent clients and prints the
// latency distribution of the 201 answers, then checks that every
// acknowledged report is stored. Without --url it starts a real server
// (serve's wiring: judge, auth, transparency log) on 127.0.0.1:0 over a
// new database in a temporary directory, with an analyst token.
//
// By default the loop is closed: each client sends its next report when
// its last is answered, so latency is measured at whatever rate the
// server sustains. With --rate it is open: the clients together send R
// reports a second, each at its scheduled time whether or not earlier ones
// were answered, and each latency is counted from the scheduled time, so
// that a server (or a client) falling behind shows as latency instead of
// as fewer requests (coordinated omission).
func runLoadtest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "loadtest")
	clients := fs.Int("clients", 100, "concurrent clients")
	total := fs.Int("n", 10000, "reports to submit in all")
	rate := fs.Float64("rate", 0, "open loop: reports a second in all, each sent on schedule (0: closed loop)")
	duration := fs.Duration("duration", 0, "with --rate: submit for this long (instead of -n)")
	url := fs.String("url", "", "base URL of a running server (default: start one)")
	token := fs.String("token", "", "API token for --url (a monitor's or an analyst's)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of this process (server included) to the file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *rate < 0 || (*duration != 0 && *rate == 0) {
		return fmt.Errorf("want --rate > 0 with --duration")
	}
	if *duration > 0 {
		*total = int(duration.Seconds() * *rate)
	}
	if *clients < 1 || *total < *clients {
		return fmt.Errorf("want --clients ≥ 1 and --n ≥ --clients")
	}
	base, tok := *url, *token
	var srv *Server
	if base == "" {
		dir, err := os.MkdirTemp("", "truce-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		srv = &Server{Addr: "127.0.0.1:0", DBPath: filepath.Join(dir, "truce.db"), Logger: slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
		if err := srv.Open(ctx); err != nil {
			srv.Close()
			return err
		}
		defer srv.Close()
		u := &truce.User{Name: "loadtest", Role: truce.RoleAnalyst}
		if err := srv.Auth.CreateUser(ctx, u, ""); err != nil {
			return err
		}
		if tok, _, err = srv.Auth.CreateToken(ctx, u, "loadtest"); err != nil {
			return err
		}
		base = "http://" + srv.Addr
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	if *rate > 0 {
		// An open loop never waits for a connection: one per request in flight.
		tr = &http.Transport{MaxIdleConnsPerHost: max(*clients, 1000)}
	}
	hc := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	run := time.Now().UnixNano()
	// post submits report i and returns the status and, with --url, the
	// report's id (for reading it back).
	post := func(i int) (int, int64, error) {
		// Live intake: observations arrive roughly in time order (one every
		// 30 s of April 2025 here), spread over the east and south.
		h := uint64(i) * 0x9E3779B97F4A7C15
		r := truce.Report{ClientID: fmt.Sprintf("load-%d-%d", run, i),
			ObservedAt: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 30 * time.Second),
			Lat:        46 + float64(h>>40%600)/100, Lon: 30 + float64(h>>20%800)/100, Precision: 1 + i%2,
			Type: truce.EventAssault, Mode: truce.ModeDrone, Target: truce.TargetClasses[i%5], Perpetrator: []string{"RU", "UA"}[i%2],
			Source: truce.ReportSource{Kind: truce.SourceMonitor, Identity: fmt.Sprintf("team-%d", i%50)}, Description: "load test"}
		b, _ := json.Marshal(r)
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/reports", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return 0, 0, err
		}
		defer resp.Body.Close()
		var created struct{ Report int64 }
		if srv == nil && resp.StatusCode == http.StatusCreated {
			err = json.NewDecoder(resp.Body).Decode(&created)
		}
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, created.Report, err
	}
	// Warm up: the first report builds the judge over the ground.
	if code, _, err := post(*total); err != nil || code != http.StatusCreated {
		return fmt.Errorf("warm-up report: status %d, %v", code, err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	lat := make([]time.Duration, *total)
	codes := make([]int, *total)
	ids := make([]int64, *total)
	var errs atomic.Int64
	var wg sync.WaitGroup
	// send submits report i and records its latency from at.
	send := func(i int, at time.Time) {
		code, id, err := post(i)
		if err != nil {
			errs.Add(1)
			return
		}
		lat[i], codes[i], ids[i] = time.Since(at), code, id
	}
	start, cpu0 := time.Now(), processCPU()
	var late time.Duration // open loop: how far the sender fell behind its schedule at worst
	var inFlight, maxInFlight atomic.Int64
	if *rate > 0 {
		interval := float64(time.Second) / *rate
		for i := range *total {
			at := start.Add(time.Duration(float64(i) * interval))
			if d := time.Until(at); d > 0 {
				time.Sleep(d)
			} else {
				late = max(late, -d)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := inFlight.Add(1)
				for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
				}
				send(i, at)
				inFlight.Add(-1)
			}()
		}
	} else {
		var next atomic.Int64
		for range *clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1) - 1)
					if i >= *total {
						return
					}
					send(i, time.Now())
				}
			}()
		}
	}
	wg.Wait()
	el, cpu := time.Since(start), processCPU()-cpu0
	var ok []time.Duration
	bad := map[int]int{}
	for i, c := range codes {
		if c == http.StatusCreated {
			ok = append(ok, lat[i])
		} else if c != 0 {
			bad[c]++
		}
	}
	slices.Sort(ok)
	q := func(p float64) time.Duration {
		if len(ok) == 0 {
			return 0
		}
		return ok[min(len(ok)-1, int(p*float64(len(ok))))]
	}
	if *rate > 0 {
		fmt.Fprintf(env.Stdout, "POST /api/reports, open loop at %.0f reports/s (%d clients' schedules), %d reports, %s\n", *rate, *clients, *total, base)
	} else {
		fmt.Fprintf(env.Stdout, "POST /api/reports, %d clients, %d reports, %s\n", *clients, *total, base)
	}
	fmt.Fprintf(env.Stdout, "%-12s %d\n%-12s %d %v\n%-12s %d\n", "201", len(ok), "other", int64(*total-len(ok))-errs.Load(), bad, "errors", errs.Load())
	fmt.Fprintf(env.Stdout, "%-12s %.0f reports/s\n", "throughput", float64(len(ok))/el.Seconds())
	if *rate > 0 {
		fmt.Fprintf(env.Stdout, "%-12s %d requests, sender late by %.2f ms at worst (latencies count it)\n", "in flight", maxInFlight.Load(), float64(late.Microseconds())/1000)
	}
	// On a shared machine the wall clock counts other processes' time too;
	// the CPU this process spent per report is the steadier measure (with
	// --url it is the load tool's alone, without it the server's as well).
	fmt.Fprintf(env.Stdout, "%-12s %.0f µs/report (this process)\n", "cpu", float64(cpu.Microseconds())/float64(*total))
	what := "ms"
	if *rate > 0 {
		what = "ms from the scheduled send"
	}
	for _, p := range []struct {
		name string
		q    float64
	}{{"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}, {"p99.9", 0.999}} {
		fmt.Fprintf(env.Stdout, "%-12s %.2f %s\n", p.name, float64(q(p.q).Microseconds())/1000, what)
	}
	if len(ok) > 0 {
		fmt.Fprintf(env.Stdout, "%-12s %.2f %s\n", "max", float64(ok[len(ok)-1].Microseconds())/1000, what)
	}
	if srv != nil {
		var n int
		if err := srv.DB.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM reports`).Scan(&n); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%-12s %d (201s + the warm-up: %d)\n", "stored", n, len(ok)+1)
		if n != len(ok)+1 {
			return fmt.Errorf("%d reports stored, %d acknowledged", n, len(ok)+1)
		}
	} else if lost := readBack(ctx, hc, base, tok, codes, ids); lost > 0 {
		fmt.Fprintf(env.Stdout, "%-12s %d acknowledged reports not found\n", "lost", lost)
		return fmt.Errorf("%d acknowledged reports lost", lost)
	} else {
		fmt.Fprintf(env.Stdout, "%-12s every acknowledged report reads back\n", "stored")
	}
	if len(ok) != *total {
		return fmt.Errorf("%d of %d submissions failed", *total-len(ok), *total)
	}
	return nil
}

// readBack reads every acknowledged report back from the server (GET
// /api/reports/ID, 16 at a time) and returns how many it could not.
func readBack(ctx context.Context, hc *http.Client, base, tok string, codes []int, ids []int64) int {
	var lost atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i, c := range codes {
		if c != http.StatusCreated {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(id int64) {
			defer wg.Done()
			defer func() { <-sem }()
			req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/reports/%d", base, id), nil)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := hc.Do(req)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if err != nil || resp.StatusCode != http.StatusOK {
				lost.Add(1)
			}
		}(ids[i])
	}
	wg.Wait()
	return int(lost.Load())
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
