package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// startServe starts a `truce serve` on 127.0.0.1:0 over the database dsn.
// Servers sharing a database share the transparency log's key: keyPath.
func startServe(tb testing.TB, dsn, keyPath string, poll time.Duration, logger *slog.Logger) *Server {
	tb.Helper()
	if keyPath == "" {
		keyPath = filepath.Join(tb.TempDir(), "log.key")
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{Addr: "127.0.0.1:0", DBPath: dsn, Logger: logger, PollInterval: poll, KeyPath: keyPath}
	if err := s.Open(context.Background()); err != nil {
		s.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// sseEvent is one Server-Sent Event.
type sseEvent struct{ id, name, data string }

// subscribe opens GET /api/events and returns its events as they come.
func subscribe(t *testing.T, base string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET /api/events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan sseEvent, 16)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.id != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			}
		}
	}()
	return ch
}

// mustToken creates an analyst account on s's database and returns an API token for it.
func mustToken(t *testing.T, s *Server) string {
	t.Helper()
	u := &truce.User{Name: fmt.Sprintf("analyst-%d", time.Now().UnixNano()), Role: truce.RoleAnalyst}
	if err := s.Auth.CreateUser(context.Background(), u, ""); err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.Auth.CreateToken(context.Background(), u, "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// post sends an authenticated JSON POST.
func post(base, path, token string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest("POST", base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return http.DefaultClient.Do(req)
}

func postSource(t *testing.T, base, token, id string) {
	t.Helper()
	body := fmt.Sprintf(`{"id": %q, "title": "Report %s", "outlet": "Wire", "published": "2025-05-01"}`, id, id)
	resp, err := post(base, "/api/sources", token, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST /api/sources: %d %s", resp.StatusCode, b)
	}
}

func waitEvent(t *testing.T, ch <-chan sseEvent, name, ref string) sseEvent {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("event stream ended before %s %s", name, ref)
			}
			var c sqldb.Change
			if err := json.Unmarshal([]byte(ev.data), &c); err != nil {
				t.Fatalf("event data %q: %v", ev.data, err)
			}
			if ev.name == name && c.Ref == ref {
				if ev.id != fmt.Sprint(c.ID) {
					t.Errorf("event id %s, change id %d", ev.id, c.ID)
				}
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s %s event", name, ref)
		}
	}
}

// TestServeChangeFeedTwoInstances runs two servers on one database: a
// write acknowledged by A reaches a client streaming B's /api/events. On
// PostgreSQL, B never polls (PollInterval of an hour), so only
// LISTEN/NOTIFY can carry it; on SQLite, two servers sharing a file see
// each other's writes by polling.
func TestServeChangeFeedTwoInstances(t *testing.T) {
	sqldbtest.EachDSN(t, func(t *testing.T, dsn string) {
		poll := time.Hour
		if !sqldb.IsPostgresDSN(dsn) {
			poll = 50 * time.Millisecond
		}
		key := filepath.Join(t.TempDir(), "log.key")
		a := startServe(t, dsn, key, poll, nil)
		b := startServe(t, dsn, key, poll, nil)
		evB := subscribe(t, "http://"+b.Addr)
		evA := subscribe(t, "http://"+a.Addr)

		tok := mustToken(t, a)
		postSource(t, "http://"+a.Addr, tok, "from-a")
		waitEvent(t, evB, "source", "from-a")
		waitEvent(t, evA, "source", "from-a")

		postSource(t, "http://"+b.Addr, tok, "from-b")
		waitEvent(t, evA, "source", "from-b")
		// What B relayed, B also serves.
		if code, body := getStatus(t, "http://"+b.Addr+"/api/sources/from-a"); code != http.StatusOK {
			t.Errorf("B GET /api/sources/from-a: %d %s", code, body)
		}

		// Reports through both servers: each is relayed to the other, the
		// transparency log grows once per report, and both sign it.
		for i, srv := range []*Server{a, b, a, b} {
			body := fmt.Sprintf(`{"client_id": "two-%d", "observed_at": "2025-04-1%dT08:00:00Z", "lat": 50.%d, "lon": 34.8, "precision": 1,
				"type": "assault", "mode": "drone", "target": "energy", "perpetrator": "RU", "source": {"kind": "monitor"}}`, i, i+1, i)
			resp, err := post("http://"+srv.Addr, "/api/reports", tok, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			rb, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("POST /api/reports to server %d: %d %s", i%2, resp.StatusCode, rb)
			}
			var res struct{ Report int64 }
			json.Unmarshal(rb, &res)
			other := evB
			if srv == b {
				other = evA
			}
			waitEvent(t, other, "report", fmt.Sprint(res.Report))
		}
		// A burst of concurrent reports through both: every one is stored
		// once (write transactions take turns across the servers).
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				srv := []*Server{a, b}[i%2]
				body := fmt.Sprintf(`{"client_id": "burst-%d", "observed_at": "2025-04-%02dT08:00:00Z", "lat": 48.%02d, "lon": 37.%02d, "precision": 1,
					"type": "assault", "mode": "shelling", "target": "civilian", "perpetrator": "RU", "source": {"kind": "monitor"}}`, i, 1+i%28, i, i)
				resp, err := post("http://"+srv.Addr, "/api/reports", tok, strings.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				rb, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					errs <- fmt.Errorf("burst %d: %d %s", i, resp.StatusCode, rb)
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		var n int
		if err := a.DB.SQL().QueryRow(`SELECT COUNT(*) FROM reports WHERE client_id LIKE 'burst-%'`).Scan(&n); err != nil || n != 20 {
			t.Errorf("%d burst reports stored (%v), want 20", n, err)
		}
		for _, srv := range []*Server{a, b} {
			if err := srv.Log.Verify(context.Background()); err != nil {
				t.Errorf("transparency log on %s: %v", srv.Addr, err)
			}
			if _, err := srv.Log.Sign(context.Background()); err != nil {
				t.Errorf("signing on %s: %v", srv.Addr, err)
			}
		}
	})
}

// TestServeEventsResume checks that Last-Event-ID (?since=) replays the
// changes after it.
func TestServeEventsResume(t *testing.T) {
	s := startServe(t, t.TempDir()+"/t.db", "", 0, nil)
	base := "http://" + s.Addr
	tok := mustToken(t, s)
	postSource(t, base, tok, "one")
	postSource(t, base, tok, "two")
	resp, err := http.Get(base + "/api/events?since=0&kind=source")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	var refs []string
	for sc.Scan() && len(refs) < 2 {
		if line := sc.Text(); strings.HasPrefix(line, "data: ") {
			var c sqldb.Change
			json.Unmarshal([]byte(line[6:]), &c)
			refs = append(refs, c.Ref)
		}
	}
	if strings.Join(refs, ",") != "one,two" {
		t.Errorf("replayed %v, want [one two]", refs)
	}
	if code, _ := getStatus(t, base+"/api/events?since=x"); code != http.StatusBadRequest {
		t.Errorf("?since=x: %d, want 400", code)
	}
}

func getStatus(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeGracefulClose starts a write, closes the server while the
// write's body is still arriving, then finishes the body: the write is
// acknowledged (201) and is in the database after Close, and Close waited
// for it.
func TestServeGracefulClose(t *testing.T) {
	sqldbtest.EachDSN(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, "", 0, nil)
		base := "http://" + s.Addr
		tok := mustToken(t, s)
		evs := subscribe(t, base) // an open stream must not hold up shutdown

		// Two requests in flight (the POST, and the /metrics request asking), plus the stream.
		pw, posted := startSlowPost(t, base, tok, "in-flight", 3)
		closed := make(chan error, 1)
		go func() { closed <- s.Close() }()
		// The stream ends on shutdown.
		for range evs {
		}
		select {
		case err := <-closed:
			t.Fatalf("Close returned (%v) with a request in flight", err)
		default:
		}
		io.WriteString(pw, `"outlet": "Wire", "published": "2025-05-01"}`)
		pw.Close()
		if r := <-posted; r.err != nil || r.code != http.StatusCreated {
			t.Fatalf("POST during shutdown: %d %v, want 201", r.code, r.err)
		}
		if err := <-closed; err != nil {
			t.Fatalf("Close: %v", err)
		}
		db, err := sqldb.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Source(context.Background(), "in-flight"); err != nil {
			t.Errorf("the acknowledged write is not in the database: %v", err)
		}
	})
}

// TestServeJSONLogs checks --log-format json: one JSON object per line,
// with each request's route and status.
func TestServeJSONLogs(t *testing.T) {
	var stderr bytes.Buffer
	env := &Env{Stdout: io.Discard, Stderr: &stderr}
	dir := t.TempDir()
	s, err := ParseServeFlags(env, []string{"--log-format", "json", "--db", dir + "/t.db", "--addr", "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	var logs safeBuffer
	s.Logger = newLogger(&logs, s.LogFormat, s.LogLevel)
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	getStatus(t, "http://"+s.Addr+"/api/parties/UA")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "request" && rec["route"] == "GET /api/parties/{code}" && rec["status"] == float64(200) {
			found = true
		}
	}
	if !found {
		t.Errorf("no request record in the logs:\n%s", logs.String())
	}
	t.Run("ErrBadFormat", func(t *testing.T) {
		if _, err := ParseServeFlags(env, []string{"--log-format", "xml"}); err == nil {
			t.Error("--log-format xml accepted")
		}
	})
}

// safeBuffer is a bytes.Buffer safe for the server's concurrent log writes.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServeSIGTERM runs `truce serve` as a process and sends it SIGTERM
// while a write is in flight: the write is acknowledged (201) and stored,
// and the process exits cleanly.
func TestServeSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the subprocess test in -short mode (it builds the command)")
	}
	r := newCrashRig(t, false)
	base := "http://" + r.addr
	tok := r.analyst
	// Two requests in flight: the POST, and the /metrics request asking.
	pw, posted := startSlowPost(t, base, tok, "sigterm", 2)
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The server stops taking connections before the write finishes.
	for deadline := time.Now().Add(20 * time.Second); ; {
		if _, err := http.Get(base + "/healthz"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond)
	}
	io.WriteString(pw, `"outlet": "Wire", "published": "2025-05-01"}`)
	pw.Close()
	if res := <-posted; res.err != nil || res.code != http.StatusCreated {
		t.Fatalf("POST during SIGTERM: %d %v, want 201", res.code, res.err)
	}
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	if code := r.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0:\n%s", code, r.stderr)
	}
	db, err := sqldb.Open(context.Background(), r.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Source(context.Background(), "sigterm"); err != nil {
		t.Errorf("the acknowledged write is not in the database: %v", err)
	}
}

// BenchmarkChangeFeedRelay measures a write acknowledged by server A until
// a client streaming server B's /api/events has it, on PostgreSQL
// (LISTEN/NOTIFY) when TRUCE_TEST_POSTGRES is set, else on one SQLite file
// (polling every 50 ms):
//
//	go test -run '^$' -bench ChangeFeedRelay ./cmd/truce/
func BenchmarkChangeFeedRelay(b *testing.B) {
	dsn, poll := b.TempDir()+"/b.db", 50*time.Millisecond
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		dsn, poll = sqldbtest.PostgresDSN(b), time.Hour
	}
	key := filepath.Join(b.TempDir(), "log.key")
	a := startServe(b, dsn, key, poll, nil)
	srvB := startServe(b, dsn, key, poll, nil)
	u := &truce.User{Name: "bench", Role: truce.RoleAnalyst}
	if err := a.Auth.CreateUser(context.Background(), u, ""); err != nil {
		b.Fatal(err)
	}
	tok, _, err := a.Auth.CreateToken(context.Background(), u, "bench")
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.Get("http://" + srvB.Addr + "/api/events?kind=source")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprint("bench-", i)
		body := fmt.Sprintf(`{"id": %q, "title": "t", "outlet": "o", "published": "2025-05-01"}`, id)
		r, err := post("http://"+a.Addr, "/api/sources", tok, strings.NewReader(body))
		if err != nil || r.StatusCode != http.StatusCreated {
			b.Fatalf("POST: %v %v", r, err)
		}
		r.Body.Close()
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "data: ") && strings.Contains(sc.Text(), `"ref":"`+id+`"`) {
				break
			}
		}
	}
}

// postResult is how a POST started by startSlowPost ended.
type postResult struct {
	code int
	err  error
}

// startSlowPost starts a POST /api/sources whose body is only half written,
// and returns once the server handles it (the /metrics gauge of requests in
// flight reads inFlight). The caller finishes the body through pw and reads
// the outcome from the channel.
func startSlowPost(t *testing.T, base, tok, id string, inFlight int) (*io.PipeWriter, <-chan postResult) {
	t.Helper()
	pr, pw := io.Pipe()
	posted := make(chan postResult, 1)
	go func() {
		resp, err := post(base, "/api/sources", tok, pr)
		if err != nil {
			posted <- postResult{err: err}
			return
		}
		resp.Body.Close()
		posted <- postResult{code: resp.StatusCode}
	}()
	io.WriteString(pw, `{"id": "`+id+`", "title": "Written during shutdown", `)
	want := fmt.Sprintf("truce_http_requests_in_flight %d", inFlight)
	for deadline := time.Now().Add(20 * time.Second); ; {
		_, body := getStatus(t, base+"/metrics")
		if strings.Contains(body, want) {
			return pw, posted
		}
		if time.Now().After(deadline) {
			t.Fatal("the POST never reached the handler")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
