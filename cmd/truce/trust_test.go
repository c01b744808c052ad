package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// runCmd runs `truce ARGS...` in-process and returns its exit code, stdout and stderr.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// TestTokenCreate checks the contract: `truce token create --db PATH --user
// NAME --role ROLE [--party CODE]` prints the new token alone on its last
// line, creating the user if needed, and the token authenticates.
func TestTokenCreate(t *testing.T) {
	s := MustServe(t)
	code, out, errs := runCmd(t, "", "token", "create", "--db", s.DBPath, "--user", "kyiv-liaison", "--role", "liaison", "--party", "UA")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	tok := lines[len(lines)-1]
	if !strings.HasPrefix(tok, "truce_") || strings.ContainsAny(tok, " \t") {
		t.Fatalf("last line %q is not a token alone", tok)
	}
	if !strings.Contains(out, "created user kyiv-liaison") {
		t.Errorf("output does not say the user was created: %s", out)
	}
	req, _ := http.NewRequest("GET", "http://"+s.Addr+"/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(body, []byte(`"role": "liaison"`)) || !bytes.Contains(body, []byte(`"party": "UA"`)) {
		t.Errorf("/api/me with the token: %s", body)
	}
	// A second token for the same user: no new user, a different token.
	_, out2, _ := runCmd(t, "", "token", "create", "--db", s.DBPath, "--user", "kyiv-liaison", "--role", "liaison", "--party", "UA")
	lines2 := strings.Split(strings.TrimSpace(out2), "\n")
	if tok2 := lines2[len(lines2)-1]; tok2 == tok || strings.Contains(out2, "created user") {
		t.Errorf("second token: %s", out2)
	}
	for _, args := range [][]string{
		{"--user", "x", "--role", "liaison"},
		{"--user", "x", "--role", "emperor"},
		{"--user", "kyiv-liaison", "--role", "admin"},
	} {
		if code, _, errs := runCmd(t, "", append([]string{"token", "create", "--db", s.DBPath}, args...)...); code != 1 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// TestServeRefusesTamperedLog: after a leaf row is altered, serve refuses
// to start with a clear error; restored, it starts again.
func TestServeRefusesTamperedLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() (*Server, error) {
		s := &Server{Addr: "127.0.0.1:0", DBPath: filepath.Join(dir, "truce.db"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		err := s.Open(ctx)
		if err != nil {
			s.Close()
		}
		return s, err
	}
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(s.KeyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("log key %s: %v (mode %v), want 0600 beside the database", s.KeyPath, err, st.Mode().Perm())
	}
	for i := 0; i < 5; i++ {
		tx, err := s.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Log.Append(ctx, tx, tlog.Leaf{Kind: "report", Ref: string(rune('a' + i)), Record: []byte("r")}); err != nil {
			t.Fatal(err)
		}
		tx.Commit()
	}
	if _, err := s.Log.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db, err := sqldb.Open(ctx, filepath.Join(dir, "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	var saved []byte
	db.SQL().QueryRow(`SELECT entry FROM tlog_leaves WHERE idx = 2`).Scan(&saved)
	if _, err := db.SQL().Exec(`UPDATE tlog_leaves SET entry = ? WHERE idx = 2`, append([]byte{1}, make([]byte, 32)...)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := open(); err == nil || !strings.Contains(err.Error(), "a leaf was altered; refusing to start") {
		t.Fatalf("serve on a tampered log: %v", err)
	}
	db, _ = sqldb.Open(ctx, filepath.Join(dir, "truce.db"))
	db.SQL().Exec(`UPDATE tlog_leaves SET entry = ? WHERE idx = 2`, saved)
	db.Close()
	s, err = open()
	if err != nil {
		t.Fatalf("serve on the restored log: %v", err)
	}
	s.Close()
}

// TestServeSlowClient: a client that sends its request too slowly is cut off.
func TestServeSlowClient(t *testing.T) {
	s := &Server{Addr: "127.0.0.1:0", DBPath: filepath.Join(t.TempDir(), "truce.db"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ReadTimeout: 300 * time.Millisecond}
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	// Trickle the body; the server must give up long before we finish.
	c.SetDeadline(time.Now().Add(20 * time.Second))
	for i := 0; i < 99; i++ {
		time.Sleep(50 * time.Millisecond)
		if _, err := c.Write([]byte(" ")); err != nil {
			return // cut off
		}
	}
	b, _ := io.ReadAll(c)
	if !bytes.Contains(b, []byte("400")) && !bytes.Contains(b, []byte("408")) && len(b) != 0 {
		t.Fatalf("slow client was served after trickling the whole body: %q", b)
	}
	if len(b) != 0 && bytes.Contains(b, []byte("HTTP/1.1 200")) {
		t.Fatal("slow client was served")
	}
}

// TestVerifyCommand proves a record offline with `truce verify`.
func TestVerifyCommand(t *testing.T) {
	ctx := context.Background()
	s := MustServe(t)
	tx, _ := s.DB.BeginTx(ctx, nil)
	if _, err := s.Log.Append(ctx, tx, tlog.Leaf{Kind: "report", Ref: "42", Record: []byte(`{"id":42}`)}); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	if _, err := s.Log.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := s.Log.Prove(ctx, "report", "42", []byte(`{"id":42}`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, v []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, v, 0o644)
		return p
	}
	good, _ := json.Marshal(b)
	b.Record = []byte(`{"id":43}`)
	bad, _ := json.Marshal(b)
	if code, out, errs := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", write("good.json", good)); code != 0 || !strings.HasPrefix(out, "OK: report \"42\"") {
		t.Errorf("good bundle: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", write("bad.json", bad)); code != 1 || !strings.Contains(errs, "not proven") {
		t.Errorf("altered record: exit %d %s", code, errs)
	}
	cp, _ := s.Log.Checkpoint(ctx)
	if code, out, errs := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", write("cp", cp)); code != 0 || !strings.Contains(out, "tree size 1") {
		t.Errorf("checkpoint: exit %d %s %s", code, out, errs)
	}
	// Consistency of an older checkpoint with a newer one, offline.
	tx, _ = s.DB.BeginTx(ctx, nil)
	s.Log.Append(ctx, tx, tlog.Leaf{Kind: "report", Ref: "43", Record: []byte(`{"id":43}`)})
	tx.Commit()
	newer, err := s.Log.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Log.ConsistencyProof(ctx, 1, 2)
	pj, _ := json.Marshal(map[string]any{"proof": p})
	if code, out, errs := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", "--consistent-with", write("old", cp), "--proof", write("p.json", pj), write("new", newer)); code != 0 || !strings.Contains(out, "checkpoint 2 is consistent with checkpoint 1") {
		t.Errorf("consistency: exit %d %s %s", code, out, errs)
	}
	pj, _ = json.Marshal(map[string]any{"proof": [][]byte{make([]byte, 32)}})
	if code, _, _ := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", "--consistent-with", write("old", cp), "--proof", write("bad.json", pj), write("new", newer)); code != 1 {
		t.Errorf("a bad consistency proof: exit %d", code)
	}
	// A checkpoint signed by another key does not verify.
	_, vkey, _ := tlog.GenerateKey(defaultLogOrigin)
	if code, _, _ := runCmd(t, "", "verify", "--key", write("other.pub", []byte(vkey)), write("cp2", cp)); code != 1 {
		t.Errorf("checkpoint with another key: exit %d", code)
	}
}

// TestServePooledConnections holds many pooled connections of the serving
// store at once and asserts each runs with WAL, synchronous=FULL and
// foreign keys.
func TestServePooledConnections(t *testing.T) {
	ctx := context.Background()
	s := MustServe(t)
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < 8; i++ {
		c, err := s.DB.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var journal string
		var sync, fk int
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal); err != nil {
			t.Fatal(err)
		}
		c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
		c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
		if journal != "wal" || sync != 2 || fk != 1 {
			t.Errorf("pooled connection %d: journal_mode=%s synchronous=%d foreign_keys=%d; want wal, 2 (FULL), 1", i, journal, sync, fk)
		}
	}
}

// TestWitnessCommands registers a witness, cosigns twice as the log grows
// (the second time checking consistency with the first), and verifies the
// served checkpoint with the witness's key.
func TestWitnessCommands(t *testing.T) {
	ctx := context.Background()
	s := MustServe(t)
	dir := t.TempDir()
	wkey := filepath.Join(dir, "ua.key")
	if code, _, errs := runCmd(t, "", "keygen", "--name", "ua.liaison.truce", "--out", wkey); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := runCmd(t, "", "witness", "add", "--db", s.DBPath, "--vkey", wkey+".pub", "--party", "UA"); code != 0 || !strings.Contains(out, "registered") {
		t.Fatalf("witness add: %d %s %s", code, out, errs)
	}
	_, out, _ := runCmd(t, "", "token", "create", "--db", s.DBPath, "--user", "ua-office", "--role", "liaison", "--party", "UA")
	tok := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	cosign := func() {
		t.Helper()
		code, out, errs := runCmd(t, "", "witness", "cosign", "--url", "http://"+s.Addr, "--token", tok, "--key", wkey,
			"--log-key", s.KeyPath+".pub", "--state", filepath.Join(dir, "state"))
		if code != 0 || !strings.HasPrefix(out, "cosigned checkpoint") {
			t.Fatalf("cosign: %d %s %s", code, out, errs)
		}
	}
	cosign()
	tx, _ := s.DB.BeginTx(ctx, nil)
	s.Log.Append(ctx, tx, tlog.Leaf{Kind: "report", Ref: "9", Record: []byte("x")})
	tx.Commit()
	if _, err := s.Log.Sign(ctx); err != nil {
		t.Fatal(err)
	}
	cosign()
	cp, _ := s.Log.Checkpoint(ctx)
	pub, _ := os.ReadFile(wkey + ".pub")
	wv, err := tlog.WitnessVerifier(strings.TrimSpace(string(pub)))
	if err != nil {
		t.Fatal(err)
	}
	lv, _ := tlog.ReadVerifierKey(s.KeyPath + ".pub")
	if got, err := tlog.VerifyCheckpoint(cp, lv, wv); err != nil || got.Size != 1 {
		t.Fatalf("served checkpoint with the witness: %v %v", got, err)
	}
	if code, _, errs := runCmd(t, "", "verify", "--key", s.KeyPath+".pub", "--witness", wkey+".pub", writeTemp(t, cp)); code != 0 {
		t.Errorf("truce verify --witness: %s", errs)
	}
}

func writeTemp(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, b, 0o644)
	return p
}
