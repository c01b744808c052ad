// Command loadtest submits reports to a running Truce server at a fixed
// rate (an open loop: requests start on schedule whether or not earlier ones
// have finished, so a slow server shows up as latency, not as a lower rate),
// then checks that every acknowledged report can be read back, and prints a
// table of the results.
//
//	loadtest --url http://127.0.0.1:8080 --token TOKEN --rate 200 --duration 60s
//
// scripts/loadtest.sh starts a server on a fresh database and runs it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server URL")
	token := flag.String("token", "", "API token of a monitor (truce token create --role monitor)")
	readToken := flag.String("read-token", "", "API token to read reports back (default: --token)")
	rate := flag.Int("rate", 200, "submissions per second")
	duration := flag.Duration("duration", 60*time.Second, "how long to submit")
	prefix := flag.String("prefix", fmt.Sprintf("load-%d", time.Now().Unix()), "client id prefix")
	flag.Parse()
	if *token == "" {
		fmt.Fprintln(os.Stderr, "loadtest: --token required")
		os.Exit(2)
	}
	if *readToken == "" {
		*readToken = *token
	}
	if err := run(*url, *token, *readToken, *rate, *duration, *prefix); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type result struct {
	latency time.Duration
	status  int
	err     error
	id      int64
}

func run(url, token, readToken string, rate int, duration time.Duration, prefix string) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}
	n := int(duration.Seconds() * float64(rate))
	results := make([]result, n)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	for i := 0; i < n; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(i), 42))
			rep := truce.Report{
				ClientID:   fmt.Sprintf("%s-%07d", prefix, i),
				ObservedAt: time.Date(2025, 4, 1+rnd.IntN(18), rnd.IntN(24), rnd.IntN(60), 0, 0, time.UTC),
				Lat:        44 + rnd.Float64()*8, Lon: 30 + rnd.Float64()*10, Precision: 1 + rnd.IntN(3),
				Type: truce.EventAssault, Mode: truce.ModeDrone, Target: truce.TargetClasses[rnd.IntN(len(truce.TargetClasses))],
				Killed: truce.Count{Best: truce.N(rnd.IntN(3))}, Perpetrator: "RU",
				Source:      truce.ReportSource{Kind: truce.SourceMonitor, Identity: "load-observer"},
				Description: "Load test report.",
			}
			body, _ := json.Marshal(rep)
			req, _ := http.NewRequestWithContext(context.Background(), "POST", url+"/api/reports", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			t0 := time.Now()
			resp, err := client.Do(req)
			res := result{err: err}
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				res.status = resp.StatusCode
				var ids struct{ Report int64 }
				json.Unmarshal(b, &ids)
				res.id = ids.Report
			}
			res.latency = time.Since(t0)
			results[i] = res
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)

	var lat []time.Duration
	errs, non201 := 0, 0
	for _, r := range results {
		switch {
		case r.err != nil:
			errs++
		case r.status != http.StatusCreated:
			non201++
		default:
			lat = append(lat, r.latency)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	// Nothing lost: every acknowledged report reads back.
	lost := 0
	var lmu sync.Mutex
	sem := make(chan struct{}, 16)
	for _, r := range results {
		if r.status != http.StatusCreated {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(id int64) {
			defer wg.Done()
			defer func() { <-sem }()
			req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/reports/%d", url, id), nil)
			req.Header.Set("Authorization", "Bearer "+readToken)
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			if err != nil || resp.StatusCode != 200 {
				lmu.Lock()
				lost++
				lmu.Unlock()
			}
		}(r.id)
	}
	wg.Wait()

	fmt.Printf("| target rate | duration | sent | 201 | errors | non-201 | achieved rate | p50 | p90 | p99 | max | lost |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Printf("| %d/s | %s | %d | %d | %d | %d | %.1f/s | %s | %s | %s | %s | %d |\n",
		rate, duration, n, len(lat), errs, non201, float64(len(lat))/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond), lost)
	if errs > 0 || non201 > 0 || lost > 0 {
		return fmt.Errorf("%d errors, %d non-201 answers, %d acknowledged reports lost", errs, non201, lost)
	}
	return nil
}
