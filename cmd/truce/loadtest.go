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
	"syscall"
	"time"

	"github.com/truce-monitor/truce"
)

func init() {
	register(&command{Name: "loadtest", Summary: "measure POST /api/reports latency with concurrent clients (starts its own server unless --url)", Run: runLoadtest})
}

// runLoadtest submits reports from many concurrent clients and prints the
// latency distribution of the 201 answers. Without --url it starts a real
// server (serve's wiring: judge, auth, transparency log) on 127.0.0.1:0
// over a new database in a temporary directory, with an analyst token.
func runLoadtest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "loadtest")
	clients := fs.Int("clients", 100, "concurrent clients")
	total := fs.Int("n", 10000, "reports to submit in all")
	url := fs.String("url", "", "base URL of a running server (default: start one)")
	token := fs.String("token", "", "API token for --url (a monitor's or an analyst's)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of this process (server included) to the file")
	if err := parseFlags(fs, args); err != nil {
		return err
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
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}, Timeout: 60 * time.Second}
	run := time.Now().UnixNano()
	post := func(i int) (time.Duration, int, error) {
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
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return 0, 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode, nil
	}
	// Warm up: the first report builds the judge over the ground.
	if _, code, err := post(*total); err != nil || code != http.StatusCreated {
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
	var next, errs int
	var mu sync.Mutex
	var wg sync.WaitGroup
	start, cpu0 := time.Now(), processCPU()
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= *total {
					return
				}
				d, code, err := post(i)
				if err != nil {
					mu.Lock()
					errs++
					mu.Unlock()
					continue
				}
				lat[i], codes[i] = d, code
			}
		}()
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
	fmt.Fprintf(env.Stdout, "POST /api/reports, %d clients, %d reports, %s\n", *clients, *total, base)
	fmt.Fprintf(env.Stdout, "%-12s %d\n%-12s %d %v\n%-12s %d\n", "201", len(ok), "other", (*total)-len(ok)-errs, bad, "errors", errs)
	fmt.Fprintf(env.Stdout, "%-12s %.0f reports/s\n", "throughput", float64(len(ok))/el.Seconds())
	// On a shared machine the wall clock counts other processes' time too;
	// the CPU this process spent per report is the steadier measure (with
	// --url it is the load tool's alone, without it the server's as well).
	fmt.Fprintf(env.Stdout, "%-12s %.0f µs/report (this process)\n", "cpu", float64(cpu.Microseconds())/float64(*total))
	for _, p := range []struct {
		name string
		q    float64
	}{{"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}, {"p99.9", 0.999}} {
		fmt.Fprintf(env.Stdout, "%-12s %.2f ms\n", p.name, float64(q(p.q).Microseconds())/1000)
	}
	if len(ok) > 0 {
		fmt.Fprintf(env.Stdout, "%-12s %.2f ms\n", "max", float64(ok[len(ok)-1].Microseconds())/1000)
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
	}
	if len(ok) != *total {
		return fmt.Errorf("%d of %d submissions failed", *total-len(ok), *total)
	}
	return nil
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
