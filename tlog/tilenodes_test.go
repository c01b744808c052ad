package tlog_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/truce-monitor/truce/tlog"
)

// TestTileNodes builds a tree past level 16 (past level 8 under -short)
// with one AppendAll and single appends after the edge cache is emptied:
// the store keeps only the tile-level nodes, yet every inclusion and
// consistency proof checked (folded from stored nodes and entries)
// verifies against roots computed here from the entries alone, the hash
// tiles match the entries, and Verify refuses a store whose stored node was
// altered, deleted or added.
func TestTileNodes(t *testing.T) {
	ctx := context.Background()
	n := 65536 + 700
	if testing.Short() {
		n = 3*256 + 11
	}
	db, l, _ := MustOpenLog(t)
	leaves := make([]tlog.Leaf, n)
	for i := range leaves {
		leaves[i] = tlog.Leaf{Kind: "report", Ref: fmt.Sprint(i), Record: []byte(fmt.Sprintf("record-%d", i))}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tlog.AppendAll(ctx, tx, leaves, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Appends after a restart read the tree's edge back from the store.
	tlog.ForgetEdge()
	appendN(t, db, l, n, 3)
	n += 3

	var wantNodes, other int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_nodes WHERE level = 8 OR level = 16`).Scan(&wantNodes); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_nodes WHERE level = 0 OR level % 8 <> 0`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if want := n/256 + n/65536; wantNodes != want || other != 0 {
		t.Fatalf("stored nodes: %d at levels 8 and 16 (want %d), %d at other levels (want 0)", wantNodes, want, other)
	}

	// The leaf hashes, from the entries the log serves.
	var hashes [][]byte
	for i := 0; i < n; i += 256 {
		w := min(256, n-i)
		p := fmt.Sprintf("tile/entries/%03d", i/256)
		if w < 256 {
			p += fmt.Sprintf(".p/%d", w)
		}
		data, err := l.Tile(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var tileHashes [][]byte
		for len(data) > 0 {
			sz := int(data[0])<<8 | int(data[1])
			tileHashes = append(tileHashes, rfc6962.DefaultHasher.HashLeaf(data[2:2+sz]))
			data = data[2+sz:]
		}
		h0, err := l.Tile(ctx, "tile/0/"+p[len("tile/entries/"):])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(h0, bytes.Join(tileHashes, nil)) {
			t.Fatalf("hash tile %s differs from the hashes of its entries", p)
		}
		hashes = append(hashes, tileHashes...)
	}
	if len(hashes) != n {
		t.Fatalf("entries: got %d, want %d", len(hashes), n)
	}
	// Roots of every size, from the entries alone.
	rf := &compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	rng := rf.NewEmptyRange(0)
	roots := make([][]byte, n+1)
	roots[0] = rfc6962.DefaultHasher.EmptyRoot()
	for i, h := range hashes {
		if err := rng.Append(h, nil); err != nil {
			t.Fatal(err)
		}
		if roots[i+1], err = rng.GetRootHash(nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, head, err := l.Head(ctx); err != nil || !bytes.Equal(head, roots[n]) {
		t.Fatalf("head %x (%v), want %x", head, err, roots[n])
	}
	sizes := []int{1, 2, 255, 256, 257, 511, 512, 513, 3 * 256, n - 1, n}
	if n > 65536 {
		sizes = append(sizes, 65535, 65536, 65537, 65536+256, 40000)
	}
	for _, size := range sizes {
		for _, idx := range []int{0, 1, 7, 255, 256, 300, size / 2, size - 2, size - 1} {
			if idx < 0 || idx >= size {
				continue
			}
			p, err := l.InclusionProof(ctx, uint64(idx), uint64(size))
			if err != nil {
				t.Fatalf("InclusionProof(%d, %d): %v", idx, size, err)
			}
			if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(idx), uint64(size), hashes[idx], p, roots[size]); err != nil {
				t.Fatalf("inclusion of %d in %d: %v", idx, size, err)
			}
		}
		for _, from := range []int{1, 3, 256, 300, size / 3, size - 1} {
			if from < 1 || from > size {
				continue
			}
			p, err := l.ConsistencyProof(ctx, uint64(from), uint64(size))
			if err != nil {
				t.Fatalf("ConsistencyProof(%d, %d): %v", from, size, err)
			}
			if err := proof.VerifyConsistency(rfc6962.DefaultHasher, uint64(from), uint64(size), p, roots[from], roots[size]); err != nil {
				t.Fatalf("consistency %d → %d: %v", from, size, err)
			}
		}
	}
	if err := l.Verify(ctx); err != nil {
		t.Fatalf("Verify: %v", err)
	}

	for _, tc := range []struct{ name, sql string }{
		{"NodeAltered", `UPDATE tlog_nodes SET hash = randomblob(32) WHERE level = 8 AND idx = 1`},
		{"NodeDeleted", `DELETE FROM tlog_nodes WHERE level = 8 AND idx = 2`},
		{"NodeAdded", `INSERT INTO tlog_nodes (level, idx, hash) VALUES (8, 1000000, randomblob(32))`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := db.SQL().ExecContext(ctx, tc.sql); err != nil {
				t.Fatal(err)
			}
			err := l.Verify(ctx)
			var r *tlog.RefusalError
			if !errors.As(err, &r) {
				t.Fatalf("Verify: got %v, want a refusal", err)
			}
			t.Log(err)
			// Put the store back for the next case.
			db.SQL().ExecContext(ctx, `DELETE FROM tlog_nodes WHERE level = 8 AND idx IN (1, 2)`)
			db.SQL().ExecContext(ctx, `DELETE FROM tlog_nodes WHERE idx = 1000000`)
			for _, i := range []int64{1, 2} {
				db.SQL().ExecContext(ctx, `INSERT INTO tlog_nodes (level, idx, hash) VALUES (8, ?, ?)`, i, rootOf(hashes[i*256:(i+1)*256]))
			}
			if err := l.Verify(ctx); err != nil {
				t.Fatalf("Verify after putting the store back: %v", err)
			}
		})
	}
}
