package tlog_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
	"github.com/truce-monitor/truce/tlog"
)

// MustOpenLog opens a fresh database in a temporary directory and a log
// over it with a new key; the state file sits beside the database.
func MustOpenLog(tb testing.TB) (*sqldb.DB, *tlog.Log, string) {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(tb.TempDir(), "truce.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return mustOpenLogOn(tb, db)
}

// mustOpenLogOn opens a log with a new key over db.
func mustOpenLogOn(tb testing.TB, db *sqldb.DB) (*sqldb.DB, *tlog.Log, string) {
	tb.Helper()
	dir := tb.TempDir()
	skey, created, err := tlog.LoadOrCreateKey(filepath.Join(dir, "log.key"), "truce.test/log")
	if err != nil || !created {
		tb.Fatalf("LoadOrCreateKey: created=%v err=%v", created, err)
	}
	l, err := tlog.New(db.SQL(), skey, filepath.Join(dir, "checkpoint"))
	if err != nil {
		tb.Fatal(err)
	}
	return db, l, skey
}

// appendN appends n records "record-i", each in its own transaction.
func appendN(tb testing.TB, db *sqldb.DB, l *tlog.Log, from, n int) {
	tb.Helper()
	ctx := context.Background()
	for i := from; i < from+n; i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			tb.Fatal(err)
		}
		idx, err := l.Append(ctx, tx, tlog.Leaf{Kind: "report", Ref: fmt.Sprint(i), Record: []byte(fmt.Sprintf("record-%d", i))})
		if err != nil {
			tb.Fatal(err)
		}
		if idx != uint64(i) {
			tb.Fatalf("Append: index %d, want %d", idx, i)
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
	}
}

func logVerifier(tb testing.TB, skey string) note.Verifier {
	tb.Helper()
	vkey, err := tlog.VerifierKey(skey)
	if err != nil {
		tb.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestLog_ProofsAndCheckpoints(t *testing.T) {
	sqldbtest.Each(t, testProofsAndCheckpoints)
}

func testProofsAndCheckpoints(t *testing.T, sdb *sqldb.DB) {
	ctx := context.Background()
	db, l, skey := mustOpenLogOn(t, sdb)
	v := logVerifier(t, skey)

	// A checkpoint of the empty tree.
	msg, err := l.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp0, err := tlog.VerifyCheckpoint(msg, v)
	if err != nil {
		t.Fatal(err)
	}
	if cp0.Size != 0 || !bytes.Equal(cp0.Hash, rfc6962.DefaultHasher.EmptyRoot()) {
		t.Fatalf("empty checkpoint: got size %d root %x", cp0.Size, cp0.Hash)
	}

	var cps []*struct {
		msg  []byte
		size uint64
	}
	total := 0
	for _, n := range []int{1, 2, 5, 13, 100, 300} {
		appendN(t, db, l, total, n)
		total += n
		msg, err := l.Sign(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cps = append(cps, &struct {
			msg  []byte
			size uint64
		}{msg, uint64(total)})
	}
	// Every checkpoint verifies, and each is consistent with each later one.
	for i, a := range cps {
		ca, err := tlog.VerifyCheckpoint(a.msg, v)
		if err != nil {
			t.Fatal(err)
		}
		if ca.Size != a.size {
			t.Fatalf("checkpoint %d: size %d, want %d", i, ca.Size, a.size)
		}
		for _, b := range cps[i:] {
			cb, _ := tlog.VerifyCheckpoint(b.msg, v)
			p, err := l.ConsistencyProof(ctx, ca.Size, cb.Size)
			if err != nil {
				t.Fatal(err)
			}
			if err := tlog.VerifyConsistency(ca, cb, p); err != nil {
				t.Errorf("consistency %d → %d: %v", ca.Size, cb.Size, err)
			}
		}
	}
	// Every record is proven by its bundle against the last checkpoint.
	for i := 0; i < total; i += 7 {
		b, err := l.Prove(ctx, "report", fmt.Sprint(i), []byte(fmt.Sprintf("record-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tlog.VerifyBundle(b, v); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
		// A changed record, a wrong salt or a wrong index do not verify.
		bad := *b
		bad.Record = []byte(fmt.Sprintf("record-%d ", i))
		if _, err := tlog.VerifyBundle(&bad, v); err == nil {
			t.Errorf("record %d: altered record verified", i)
		}
		bad = *b
		bad.Salt = bytes.Repeat([]byte{1}, tlog.SaltSize)
		if _, err := tlog.VerifyBundle(&bad, v); err == nil {
			t.Errorf("record %d: wrong salt verified", i)
		}
		bad = *b
		bad.Index = b.Index + 1
		if _, err := tlog.VerifyBundle(&bad, v); err == nil {
			t.Errorf("record %d: wrong index verified", i)
		}
	}
	if err := l.Verify(ctx); err != nil {
		t.Fatalf("Verify on an intact store: %v", err)
	}

	t.Run("ErrBadRange", func(t *testing.T) {
		if _, err := l.InclusionProof(ctx, uint64(total), uint64(total)); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
		if _, err := l.ConsistencyProof(ctx, 1, uint64(total+1)); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})
}

// TestLog_Tiles rebuilds the tree from the served tiles, as an auditor would.
func TestLog_Tiles(t *testing.T) {
	sqldbtest.Each(t, testTiles)
}

func testTiles(t *testing.T, sdb *sqldb.DB) {
	ctx := context.Background()
	db, l, skey := mustOpenLogOn(t, sdb)
	const n = 600 // two full entry tiles and a partial one
	appendN(t, db, l, 0, n)
	msg, err := l.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := tlog.VerifyCheckpoint(msg, logVerifier(t, skey))
	if err != nil {
		t.Fatal(err)
	}
	var leafHashes [][]byte
	for _, p := range []string{"tile/entries/000", "tile/entries/001", "tile/entries/002.p/88"} {
		data, err := l.Tile(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for len(data) > 0 {
			sz := int(binary.BigEndian.Uint16(data))
			leafHashes = append(leafHashes, rfc6962.DefaultHasher.HashLeaf(data[2:2+sz]))
			data = data[2+sz:]
		}
	}
	if len(leafHashes) != n {
		t.Fatalf("entries: got %d, want %d", len(leafHashes), n)
	}
	// Level-0 hash tile 1 holds leaf hashes 256..511; level-1 tile 0 holds
	// the two full level-8 nodes.
	h1, err := l.Tile(ctx, "tile/0/001")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h1, bytes.Join(leafHashes[256:512], nil)) {
		t.Error("tile/0/001 differs from the hashes of its entries")
	}
	l1, err := l.Tile(ctx, "tile/1/000.p/2")
	if err != nil {
		t.Fatal(err)
	}
	// The root of a 512-leaf tree from the two level-8 nodes, then the rest.
	root := rootOf(leafHashes)
	if !bytes.Equal(root, cp.Hash) {
		t.Fatalf("root from entries %x, checkpoint %x", root, cp.Hash)
	}
	if !bytes.Equal(rfc6962.DefaultHasher.HashChildren(l1[:32], l1[32:]), rootOf(leafHashes[:512])) {
		t.Error("tile/1/000.p/2 does not give the root of the first 512 leaves")
	}
	for _, p := range []string{"tile/entries/003", "tile/0/002", "tile/1/000", "tile/x", "tile/8/0/000", "tile/data/000", "checkpoint"} {
		if _, err := l.Tile(ctx, p); truce.ErrorCode(err) != truce.ENOTFOUND {
			t.Errorf("%s: got %v, want ENOTFOUND", p, err)
		}
	}
}

// rootOf is the RFC 6962 root of leaf hashes, computed by definition.
func rootOf(h [][]byte) []byte {
	if len(h) == 1 {
		return h[0]
	}
	k := 1
	for k*2 < len(h) {
		k *= 2
	}
	return rfc6962.DefaultHasher.HashChildren(rootOf(h[:k]), rootOf(h[k:]))
}

// TestLog_Tamper alters stored rows after a checkpoint: Verify (run at
// start) and Sign refuse.
func TestLog_Tamper(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, sql string
	}{
		{"LeafEntry", `UPDATE tlog_leaves SET entry = x'01' || randomblob(32) WHERE idx = 3`},
		{"LeafDeleted", `DELETE FROM tlog_leaves WHERE idx = 9`},
		{"Head", `UPDATE tlog_tree SET root = randomblob(32)`},
		{"Checkpoints", `DELETE FROM tlog_checkpoints`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, l, _ := MustOpenLog(t)
			appendN(t, db, l, 0, 10)
			if _, err := l.Sign(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL().ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				t.Fatal(err)
			}
			conn, _ := db.SQL().Conn(ctx)
			defer conn.Close()
			conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`)
			if _, err := conn.ExecContext(ctx, tc.sql); err != nil {
				t.Fatal(err)
			}
			if tc.name == "Checkpoints" {
				// The state file beside the key still holds checkpoint 10;
				// roll the tree back to 5 leaves as an old backup would.
				conn.ExecContext(ctx, `DELETE FROM tlog_leaves WHERE idx >= 5`)
				conn.ExecContext(ctx, `UPDATE tlog_tree SET size = 5`)
			}
			err := l.Verify(ctx)
			var r *tlog.RefusalError
			if !errors.As(err, &r) {
				t.Fatalf("Verify: got %v, want a refusal", err)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "refusing to start") && !strings.Contains(err.Error(), "differs") {
				t.Errorf("Verify: unclear error %q", err)
			}
		})
	}

	t.Run("SignRefusesFork", func(t *testing.T) {
		db, l, _ := MustOpenLog(t)
		appendN(t, db, l, 0, 10)
		if _, err := l.Sign(ctx); err != nil {
			t.Fatal(err)
		}
		// Rewrite history: drop the last 4 leaves and append others.
		conn, _ := db.SQL().Conn(ctx)
		defer conn.Close()
		conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`)
		for _, q := range []string{`DELETE FROM tlog_leaves WHERE idx >= 6`,
			`DELETE FROM tlog_nodes`, `UPDATE tlog_tree SET size = 0, root = x'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'`,
			`DELETE FROM tlog_leaves`} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		conn.Close()
		appendN(t, db, l, 0, 12) // same refs, new salts: a different tree
		_, err := l.Sign(ctx)
		var r *tlog.RefusalError
		if !errors.As(err, &r) {
			t.Fatalf("Sign: got %v, want a refusal", err)
		}
	})
}

func TestLog_Witness(t *testing.T) {
	ctx := context.Background()
	db, l, skey := MustOpenLog(t)
	v := logVerifier(t, skey)
	wsk, wvk, err := tlog.GenerateKey("ua.liaison.truce.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddWitness(ctx, wvk, ""); truce.ErrorCode(err) != truce.EINVALID || !strings.HasPrefix(truce.ErrorMessage(err), "party:") {
		t.Fatalf("AddWitness without a party: got %v, want EINVALID on party", err)
	}
	if _, err := l.AddWitness(ctx, wvk, "UA"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddWitness(ctx, wvk, "UA"); truce.ErrorCode(err) != truce.ECONFLICT {
		t.Fatalf("second AddWitness: got %v, want ECONFLICT", err)
	}
	appendN(t, db, l, 0, 5)
	first, err := l.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c1, err := tlog.Cosign(first, v, wsk, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, db, l, 5, 5)
	second, err := l.Sign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := l.ConsistencyProof(ctx, 5, 10)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := tlog.Cosign(second, v, wsk, first, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tlog.Cosign(second, v, wsk, first, p[1:]); err == nil {
		t.Error("Cosign accepted a bad consistency proof")
	}
	for _, c := range [][]byte{c1, c2} {
		if _, err := l.AddCosignatures(ctx, c, "RU"); truce.ErrorCode(err) != truce.EFORBIDDEN {
			t.Errorf("a liaison of RU handing in UA's witness: got %v, want EFORBIDDEN", err)
		}
		names, err := l.AddCosignatures(ctx, c, "UA")
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "ua.liaison.truce.test" {
			t.Errorf("AddCosignatures: got %v", names)
		}
	}
	served, err := l.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wv, _ := tlogWitnessVerifier(wvk)
	if cp, err := tlog.VerifyCheckpoint(served, v, wv); err != nil || cp.Size != 10 {
		t.Fatalf("served checkpoint with cosignature: size %v err %v", cp, err)
	}
	cs, err := l.Cosignatures(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Witness != "ua.liaison.truce.test" || cs[0].Party != "UA" || cs[0].KeyHash != fmt.Sprintf("%08x", wv.KeyHash()) {
		t.Errorf("Cosignatures(10): got %+v, want ua.liaison.truce.test for UA, key %08x", cs, wv.KeyHash())
	}
	ws, err := l.WitnessList(ctx)
	if err != nil || len(ws) != 1 || ws[0].Party != "UA" {
		t.Errorf("WitnessList: got %+v, %v", ws, err)
	}

	t.Run("ErrUnknownWitness", func(t *testing.T) {
		osk, _, _ := tlog.GenerateKey("stranger.test")
		c, err := tlog.Cosign(second, v, osk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.AddCosignatures(ctx, c, ""); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})
	t.Run("ErrRightNameOtherKey", func(t *testing.T) {
		// Someone holding another key under the registered witness's name:
		// its cosignature must not count, even beside a genuine one of
		// another witness on the same note.
		fsk, _, _ := tlog.GenerateKey("ua.liaison.truce.test")
		forged, err := tlog.Cosign(second, v, fsk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		osk, ovk, _ := tlog.GenerateKey("osce.truce.test")
		if _, err := l.AddWitness(ctx, ovk, "OSCE"); err != nil {
			t.Fatal(err)
		}
		both, err := tlog.Cosign(forged, v, osk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, msg := range map[string][]byte{"alone": forged, "beside a genuine one": both} {
			_, err := l.AddCosignatures(ctx, msg, "")
			if truce.ErrorCode(err) != truce.EINVALID || !strings.Contains(err.Error(), "does not verify against its registered key") {
				t.Errorf("%s: got %v, want EINVALID naming the registered key", name, err)
			}
		}
		cs, err := l.Cosignatures(ctx, 10)
		if err != nil || len(cs) != 1 || cs[0].Witness != "ua.liaison.truce.test" {
			t.Errorf("after the forgeries: cosignatures %+v, %v; want only the genuine one", cs, err)
		}
	})
	t.Run("ErrForgedCosignature", func(t *testing.T) {
		forged := bytes.Replace(c2, []byte("— ua.liaison.truce.test "), []byte("— ua.liaison.truce.test "), 1)
		i := bytes.LastIndex(forged, []byte(" "))
		sig, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(string(forged[i+1:])))
		sig[len(sig)-1] ^= 1
		forged = append(forged[:i+1], []byte(base64.StdEncoding.EncodeToString(sig)+"\n")...)
		if _, err := l.AddCosignatures(ctx, forged, ""); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})
}

func tlogWitnessVerifier(vkey string) (note.Verifier, error) {
	return tlog.WitnessVerifier(vkey)
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.key")
	skey, created, err := tlog.LoadOrCreateKey(path, "truce.test/log")
	if err != nil || !created {
		t.Fatalf("created=%v err=%v", created, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	again, created, err := tlog.LoadOrCreateKey(path, "ignored")
	if err != nil || created || again != skey {
		t.Fatalf("reload: created=%v err=%v same=%v", created, err, again == skey)
	}
	os.Chmod(path, 0o644)
	if _, _, err := tlog.LoadOrCreateKey(path, "x"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("world-readable key: got %v", err)
	}
}
