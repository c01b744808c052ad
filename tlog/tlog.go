// Package tlog is Truce's transparency log: an RFC 6962 Merkle tree whose
// leaves are salted commitments to the records the mission keeps (reports,
// verification decisions, verdicts, published reports), kept in the store's
// own tables and appended in the same transaction as the record itself.
//
// The tree is built with transparency-dev/merkle (compact ranges, proofs);
// checkpoints are C2SP signed notes (transparency-dev/formats/log,
// golang.org/x/mod/sumdb/note, ed25519) signed with a key kept in a file
// outside the database; the tree is served as C2SP tlog-tiles (tile paths from
// golang.org/x/mod/sumdb/tlog), so standard tools can audit it.
//
// The log never signs a checkpoint inconsistent with one it signed: before
// signing it verifies a consistency proof from its last checkpoint (kept both
// in the database and in a state file beside the key), and Verify, run at
// start, recomputes the whole tree from the stored leaf entries and refuses a
// store that no longer matches what was signed.
package tlog

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
)

// hasher is the RFC 6962 SHA-256 hasher every tree of Truce uses.
var hasher = rfc6962.DefaultHasher

var factory = &compact.RangeFactory{Hash: hasher.HashChildren}

// Tx is what Append needs of the caller's transaction: *sql.Tx and
// *sqldb.Tx both satisfy it.
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Log is the transparency log over one database. Its methods are safe for
// concurrent use; Append is safe inside any number of concurrent transactions
// because the store serialises writers (SQLite's immediate transactions).
type Log struct {
	db        *sql.DB
	origin    string
	signer    note.Signer
	verifier  note.Verifier
	statePath string

	// Now returns the current time; tests replace it.
	Now func() time.Time

	mu sync.Mutex // serialises signing
}

// New returns the log kept in db, signing with the note private key skey
// (see GenerateKey). statePath is a file outside the database where the last
// signed checkpoint is also kept ("" to keep it in the database only), so that
// a database restored from an old backup cannot make the log fork.
// The checkpoint origin is the key's name.
func New(db *sql.DB, skey, statePath string) (*Log, error) {
	signer, verifier, err := parseKey(skey)
	if err != nil {
		return nil, err
	}
	return &Log{db: db, origin: signer.Name(), signer: signer, verifier: verifier, statePath: statePath, Now: time.Now}, nil
}

// Origin returns the log's origin line (the checkpoint's first line).
func (l *Log) Origin() string { return l.origin }

// Verifier returns the verifier of the log's checkpoint signatures.
func (l *Log) Verifier() note.Verifier { return l.verifier }

// Append adds leaf to the log inside the caller's transaction tx and returns
// its index. The entry and the tree's new nodes are written with tx, so they
// commit or roll back with the record.
func (l *Log) Append(ctx context.Context, tx Tx, leaf Leaf) (uint64, error) {
	return Append(ctx, tx, leaf, l.Now())
}

// Append is Log.Append for callers that hold no Log (the store's hook): it
// needs no key, only the transaction.
func Append(ctx context.Context, tx Tx, leaf Leaf, now time.Time) (uint64, error) {
	if leaf.Ref == "" {
		return 0, truce.FieldErrorf("ref", "leaf reference required")
	}
	salt := newSalt()
	entry, err := Commit(salt, leaf.Kind, leaf.Record)
	if err != nil {
		return 0, err
	}
	// Lock the head row first (a no-op write): on PostgreSQL concurrent
	// appends queue here; on SQLite the immediate transaction already holds
	// the write lock.
	if _, err := execP(ctx, tx, `UPDATE tlog_tree SET size = size WHERE id = 1`); err != nil {
		return 0, err
	}
	size, head, err := readTree(ctx, tx)
	if err != nil {
		return 0, err
	}
	rng, ok := edge.get(size, head)
	if !ok {
		if rng, err = loadRange(ctx, tx, size); err != nil {
			return 0, err
		}
	}
	var nodes []nodeHash
	if err := rng.Append(hasher.HashLeaf(entry), tileNodes(&nodes)); err != nil {
		return 0, err
	}
	root, err := rng.GetRootHash(nil)
	if err != nil {
		return 0, err
	}
	if _, err := execP(ctx, tx, `INSERT INTO tlog_leaves (idx, kind, ref, entry, salt, logged_at) VALUES (?, ?, ?, ?, ?, ?)`,
		int64(size), leaf.Kind, leaf.Ref, entry, salt, now.UTC().Format(time.RFC3339Nano)); err != nil {
		return 0, fmt.Errorf("append leaf %d: %w", size, err)
	}
	for _, n := range nodes {
		if _, err := execP(ctx, tx, `INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)`, n.id.Level, int64(n.id.Index), n.hash); err != nil {
			return 0, fmt.Errorf("store node %d/%d: %w", n.id.Level, n.id.Index, err)
		}
	}
	res, err := execP(ctx, tx, `UPDATE tlog_tree SET size = ?, root = ? WHERE id = 1 AND size = ?`, int64(size+1), root, int64(size))
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, truce.Errorf(truce.ECONFLICT, "transparency log grew concurrently")
	}
	edge.put(size+1, root, rng)
	return size, nil
}

// AppendAll is Append for many leaves at once, in order, inside tx: the
// tree head is read and written once and the leaves, salts and new nodes
// go in multi-row inserts. The log ends as len(leaves) Appends would leave
// it; it returns the leaves' indexes.
func AppendAll(ctx context.Context, tx Tx, leaves []Leaf, now time.Time) ([]uint64, error) {
	return AppendEach(ctx, tx, len(leaves), func(i int) Leaf { return leaves[i] }, now)
}

// appendChunk is how many leaves AppendEach prepares at a time: a multiple
// of the rows of a full insert of leaves (7 columns: 285 rows). It is at
// most rangeMax: a range never spans chunks.
const appendChunk = 285 * 14

// rangeMin and rangeMax bound the runs of leaves AppendEach records in
// tlog_ranges: at least rangeMin leaves of one kind with consecutive
// integer refs (fewer are indexed one by one), at most rangeMax, so that
// Prove finds a ref's range within the rangeMax refs before it.
const (
	rangeMin = 16
	rangeMax = 4096
)

var _ [rangeMax - appendChunk]struct{} // appendChunk <= rangeMax

// intRef returns ref as an integer when it is one written canonically
// (the ids of reports and incidents), the form ranges hold.
func intRef(ref string) (int64, bool) {
	v, err := strconv.ParseInt(ref, 10, 64)
	return v, err == nil && strconv.FormatInt(v, 10) == ref
}

// runEnd returns the length of the run of leaves that starts leaves[0]:
// 1, or the number of leaves of the same kind whose refs are consecutive
// integers. at(k) gives leaf k's kind and ref.
func runEnd[T any](leaves []T, at func(k int) (kind, ref string)) int {
	kind, ref := at(0)
	r, ok := intRef(ref)
	if !ok {
		return 1
	}
	j := 1
	for ; j < len(leaves); j++ {
		k, ref := at(j)
		if v, ok := intRef(ref); !ok || k != kind || v != r+int64(j) {
			break
		}
	}
	return j
}

// AppendEach is AppendAll for the n leaves leaf(0), ..., leaf(n-1). It
// calls leaf from several goroutines at once (leaf must be safe for that):
// the records are built, salted and hashed on every core, a chunk at a
// time, while the chunks already hashed are added to the tree and written.
func AppendEach(ctx context.Context, tx Tx, n int, leaf func(i int) Leaf, now time.Time) ([]uint64, error) {
	if n == 0 {
		return nil, nil
	}
	// Prepared once per transaction when tx can (execP): a group commit
	// appends its leaves with these few statements on every commit.
	if _, err := execP(ctx, tx, `UPDATE tlog_tree SET size = size WHERE id = 1`); err != nil {
		return nil, err
	}
	size, head, err := readTree(ctx, tx)
	if err != nil {
		return nil, err
	}
	rng, ok := edge.get(size, head)
	if !ok {
		if rng, err = loadRange(ctx, tx, size); err != nil {
			return nil, err
		}
	}

	// Prepare chunks on every core; chunk c is ready when ready[c] yields.
	type prepared struct {
		kind, ref   string
		entry, salt []byte
		hash        []byte
	}
	prep := make([]prepared, n)
	nchunks := (n + appendChunk - 1) / appendChunk
	ready := make([]chan error, nchunks)
	for c := range ready {
		ready[c] = make(chan error, 1)
	}
	var next atomic.Int64
	var stop atomic.Bool
	for range min(runtime.GOMAXPROCS(0), nchunks) {
		go func() {
			cm := newCommitter()
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				// The chunk's salts (random, drawn at once), entries and
				// leaf hashes are cut from one buffer.
				first, end := c*appendChunk, min(n, (c+1)*appendChunk)
				buf := make([]byte, (end-first)*(SaltSize+EntrySize+sha256.Size))
				salts, rest := buf[:(end-first)*SaltSize], buf[(end-first)*SaltSize:]
				rand.Read(salts) // never fails (crypto/rand panics on an unusable source)
				var err error
				for i := first; i < end && err == nil && !stop.Load(); i++ {
					l := leaf(i)
					if l.Ref == "" {
						err = truce.FieldErrorf(fmt.Sprintf("leaves[%d].ref", i), "leaf reference required")
						break
					}
					if l.Kind == "" {
						_, err = Commit(salts[:SaltSize], l.Kind, l.Record) // its error
						break
					}
					k := i - first
					p := &prep[i]
					p.kind, p.ref = l.Kind, l.Ref
					p.salt = salts[k*SaltSize : (k+1)*SaltSize : (k+1)*SaltSize]
					p.entry, rest = rest[:EntrySize:EntrySize], rest[EntrySize:]
					p.hash, rest = rest[:sha256.Size:sha256.Size], rest[sha256.Size:]
					cm.commit(p.entry, p.hash, p.salt, l.Kind, l.Record)
				}
				ready[c] <- err
			}
		}()
	}
	defer stop.Store(true) // on an error, the preparers give up

	var nodes []nodeHash
	visit := tileNodes(&nodes)
	loggedAt := any(now.UTC().Format(time.RFC3339Nano)) // boxed once for every row
	var kind string                                     // the last kind boxed,
	var kindV any                                       // and its box
	idx := make([]uint64, n)
	leafRows := make([][]any, 0, appendChunk)
	var rangeRows [][]any
	for c := range nchunks {
		if err := <-ready[c]; err != nil {
			return nil, err
		}
		first, end := c*appendChunk, min(n, (c+1)*appendChunk)
		leafRows, rangeRows = leafRows[:0], rangeRows[:0]
		const leafCols = 7
		vals := make([]any, 0, (end-first)*leafCols) // the chunk's rows, side by side
		for i := first; i < end; {
			// A run of consecutive integer refs of one kind (at most a
			// chunk, so at most rangeMax) is one row of tlog_ranges
			// instead of an entry per leaf in the (kind, ref) index.
			j := runEnd(prep[i:end], func(k int) (string, string) { return prep[i+k].kind, prep[i+k].ref })
			var ranged any // NULL: in the index
			if j >= rangeMin {
				ranged = int64(1)
				ref, _ := intRef(prep[i].ref)
				rangeRows = append(rangeRows, []any{prep[i].kind, ref, int64(size) + int64(i), int64(j)})
			}
			for k := i; k < i+j; k++ {
				p := &prep[k]
				if err := rng.Append(p.hash, visit); err != nil {
					return nil, err
				}
				x := int64(size) + int64(k)
				idx[k] = uint64(x)
				if kind != p.kind {
					kind, kindV = p.kind, any(p.kind)
				}
				vals = append(vals, x, kindV, p.ref, p.entry, p.salt, ranged, loggedAt)
				leafRows = append(leafRows, vals[len(vals)-leafCols:])
			}
			i += j
		}
		if done, err := bulkInsert(ctx, tx, "tlog_leaves", "idx, kind, ref, entry, salt, ranged, logged_at", vals); err != nil {
			return nil, fmt.Errorf("append leaves %d..%d: %w", size+uint64(first), size+uint64(end)-1, err)
		} else if !done {
			if err := insertRows(ctx, tx, "tlog_leaves (idx, kind, ref, entry, salt, ranged, logged_at)", leafRows); err != nil {
				return nil, fmt.Errorf("append leaves %d..%d: %w", leafRows[0][0], leafRows[len(leafRows)-1][0], err)
			}
		}
		if err := insertRows(ctx, tx, "tlog_ranges (kind, first_ref, first_idx, n)", rangeRows); err != nil {
			return nil, fmt.Errorf("append leaf ranges: %w", err)
		}
		clear(prep[first:end])
	}
	root, err := rng.GetRootHash(nil)
	if err != nil {
		return nil, err
	}
	nodeRows := make([][]any, len(nodes))
	for i, n := range nodes {
		nodeRows[i] = []any{n.id.Level, int64(n.id.Index), n.hash}
	}
	if err := insertRows(ctx, tx, "tlog_nodes (level, idx, hash)", nodeRows); err != nil {
		return nil, fmt.Errorf("store nodes: %w", err)
	}
	end := size + uint64(n)
	res, err := execP(ctx, tx, `UPDATE tlog_tree SET size = ?, root = ? WHERE id = 1 AND size = ?`, int64(end), root, int64(size))
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, truce.Errorf(truce.ECONFLICT, "transparency log grew concurrently")
	}
	edge.put(end, root, rng)
	return idx, nil
}

// bulkInserter is what a bulk import's transaction offers (sqldb.Tx):
// rows inserted as the import inserts its own (see sqldb.Tx.BulkInsert).
type bulkInserter interface {
	BulkInsert(ctx context.Context, table, cols string, vals []any) (bool, error)
}

// bulkInsert inserts into table the rows whose values vals holds side by
// side through tx's BulkInsert, and reports whether it did (false: tx
// offers none, or not for this transaction).
func bulkInsert(ctx context.Context, tx Tx, table, cols string, vals []any) (bool, error) {
	if b, ok := tx.(bulkInserter); ok {
		return b.BulkInsert(ctx, table, cols, vals)
	}
	return false, nil
}

// preparer is what a transaction that caches prepared statements offers
// (*sqldb.Tx): the full-size batches of insertRows then parse once.
type preparer interface {
	Prepared(ctx context.Context, q string) (*sql.Stmt, error)
}

// execP runs q in tx, prepared once per transaction when tx can: a group
// commit appends a leaf per report with the same few statements.
func execP(ctx context.Context, tx Tx, q string, args ...any) (sql.Result, error) {
	if p, ok := tx.(preparer); ok {
		st, err := p.Prepared(ctx, q)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// insertRows inserts rows (each with the same number of values) into
// table ("name (columns)") with multi-row INSERTs of at most 2,000
// parameters (well under SQLite's and PostgreSQL's limits). The statement
// of a full batch is prepared once per transaction when tx can (parsing a
// 2,000-parameter INSERT costs about as much as running it).
func insertRows(ctx context.Context, tx Tx, table string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	ncol := len(rows[0])
	one := "(?" + strings.Repeat(", ?", ncol-1) + ")"
	per := max(1, 2000/ncol)
	args := make([]any, 0, per*ncol)
	p, canPrepare := tx.(preparer)
	for len(rows) > 0 {
		// per rows, or the largest power of two below: a few statement
		// texts, each prepared once, whatever the number of rows.
		n := per
		if len(rows) < per {
			for n = 1; n*2 <= len(rows); n *= 2 {
			}
		}
		chunk := rows[:n]
		rows = rows[len(chunk):]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", ")
		if canPrepare {
			st, err := p.Prepared(ctx, q)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// edge caches the right edge of the last tree appended to (its compact
// range), so that the next append need not read it back. It is keyed by the
// tree's size and root hash, read in the appending transaction: a tree with
// the same root has the same edge (the hash is collision-resistant), so the
// cache is right whatever database or rolled-back transaction filled it.
var edge edgeCache

type edgeCache struct {
	mu     sync.Mutex
	size   uint64
	root   []byte
	hashes [][]byte
}

func (c *edgeCache) get(size uint64, root []byte) (*compact.Range, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.root == nil || c.size != size || !bytes.Equal(c.root, root) {
		return nil, false
	}
	rng, err := factory.NewRange(0, size, slices.Clone(c.hashes))
	return rng, err == nil
}

func (c *edgeCache) put(size uint64, root []byte, rng *compact.Range) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size, c.root, c.hashes = size, bytes.Clone(root), make([][]byte, len(rng.Hashes()))
	for i, h := range rng.Hashes() {
		c.hashes[i] = bytes.Clone(h) // not the buffers of the leaves they came from
	}
}

type nodeHash struct {
	id   compact.NodeID
	hash []byte
}

// readTree reads the tree head, with the statement prepared once per
// transaction when q can (appends read it once per group commit).
func readTree(ctx context.Context, q Tx) (uint64, []byte, error) {
	const query = `SELECT size, root FROM tlog_tree WHERE id = 1`
	var row *sql.Row
	if p, ok := q.(preparer); ok {
		st, err := p.Prepared(ctx, query)
		if err != nil {
			return 0, nil, err
		}
		row = st.QueryRowContext(ctx)
	} else {
		row = q.QueryRowContext(ctx, query)
	}
	var size int64
	var root []byte
	if err := row.Scan(&size, &root); err != nil {
		return 0, nil, fmt.Errorf("read transparency log head: %w", err)
	}
	return uint64(size), root, nil
}

// loadRange returns the compact range [0, size) from the stored nodes.
func loadRange(ctx context.Context, q Tx, size uint64) (*compact.Range, error) {
	hashes, err := readNodes(ctx, q, compact.RangeNodes(0, size, nil))
	if err != nil {
		return nil, err
	}
	return factory.NewRange(0, size, hashes)
}

// The store keeps only the nodes of the hash tiles above level 0: the
// perfect subtree hashes at levels 8, 16, 24... (a 256th of the leaves,
// plus a 65,536th...). A leaf hash is the hash of its stored entry, and any
// other node is folded from at most 128 hashes of the tile level below it
// (readNodes): an append writes a leaf, its salt and rarely a node, instead
// of a leaf, its salt and two nodes on average, and proofs and tiles cost a
// few small range reads more.

// tileLevel reports whether the store keeps the nodes of a level.
func tileLevel(level uint) bool { return level > 0 && level%TileHeight == 0 }

// tileNodes returns a compact.VisitFn collecting into nodes the new nodes
// the store keeps.
func tileNodes(nodes *[]nodeHash) compact.VisitFn {
	return func(id compact.NodeID, h []byte) {
		if tileLevel(id.Level) {
			*nodes = append(*nodes, nodeHash{id, h})
		}
	}
}

// readNodes returns the hashes of the given perfect nodes, in order: the
// stored hash of a tile-level node, or the hash folded from the leaf
// entries or tile-level nodes below it.
func readNodes(ctx context.Context, q Tx, ids []compact.NodeID) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		h, err := readNode(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// readNode returns the hash of one perfect node (see readNodes).
func readNode(ctx context.Context, q Tx, id compact.NodeID) ([]byte, error) {
	base := id.Level - id.Level%TileHeight // the nearest level at or below that the store holds
	n := uint64(1) << (id.Level - base)    // hashes to fold, ≤ 128 unless id is itself at a tile level
	first := id.Index << (id.Level - base)
	var hashes [][]byte
	if base == 0 {
		entries, err := readEntries(ctx, q, first, n)
		if err != nil {
			return nil, err
		}
		hashes = make([][]byte, len(entries))
		for i, e := range entries {
			hashes[i] = hasher.HashLeaf(e)
		}
	} else {
		var err error
		hashes, err = readRun(ctx, q, `SELECT idx, hash FROM tlog_nodes WHERE level = ? AND idx BETWEEN ? AND ? ORDER BY idx`,
			[]any{base}, first, n, fmt.Sprintf("node %d/", base))
		if err != nil {
			return nil, err
		}
	}
	// Fold pairs level by level up to id.
	for len(hashes) > 1 {
		for i := range len(hashes) / 2 {
			hashes[i] = hasher.HashChildren(hashes[2*i], hashes[2*i+1])
		}
		hashes = hashes[:len(hashes)/2]
	}
	return hashes[0], nil
}

// readEntries returns the n stored leaf entries from index first on.
func readEntries(ctx context.Context, q Tx, first, n uint64) ([][]byte, error) {
	return readRun(ctx, q, `SELECT idx, entry FROM tlog_leaves WHERE idx BETWEEN ? AND ? ORDER BY idx`, nil, first, n, "leaf ")
}

// readRun returns the n blobs at consecutive indexes from first on that
// query selects as (idx, blob) in index order, given args followed by the
// first and last index; a gap is an error naming what (e.g. "leaf ").
func readRun(ctx context.Context, q Tx, query string, args []any, first, n uint64, what string) ([][]byte, error) {
	rows, err := q.QueryContext(ctx, query, append(args, int64(first), int64(first+n-1))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([][]byte, 0, n)
	for rows.Next() {
		var idx int64
		var b []byte
		if err := rows.Scan(&idx, &b); err != nil {
			return nil, err
		}
		if uint64(idx) != first+uint64(len(out)) {
			break
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if uint64(len(out)) != n {
		return nil, fmt.Errorf("transparency log: %s%d missing from the store", what, first+uint64(len(out)))
	}
	return out, nil
}

// Head returns the current size and root hash of the tree (committed
// appends, signed or not).
func (l *Log) Head(ctx context.Context) (uint64, []byte, error) {
	return readTree(ctx, l.db)
}

// InclusionProof returns the proof that leaf index is in the tree of the
// given size. EINVALID if index ≥ size or size exceeds the tree.
func (l *Log) InclusionProof(ctx context.Context, index, size uint64) ([][]byte, error) {
	return inclusionProof(ctx, l.db, index, size)
}

func inclusionProof(ctx context.Context, q Tx, index, size uint64) ([][]byte, error) {
	cur, _, err := readTree(ctx, q)
	if err != nil {
		return nil, err
	}
	if size > cur {
		return nil, truce.FieldErrorf("size", "tree size %d exceeds the log's size %d", size, cur)
	}
	if index >= size {
		return nil, truce.FieldErrorf("index", "leaf %d is not in a tree of size %d", index, size)
	}
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "%v", err)
	}
	hashes, err := readNodes(ctx, q, nodes.IDs)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, hasher.HashChildren)
}

// ConsistencyProof returns the proof that the tree of size1 is a prefix of
// the tree of size2. EINVALID unless size1 ≤ size2 ≤ the tree's size.
func (l *Log) ConsistencyProof(ctx context.Context, size1, size2 uint64) ([][]byte, error) {
	return consistencyProof(ctx, l.db, size1, size2)
}

func consistencyProof(ctx context.Context, q Tx, size1, size2 uint64) ([][]byte, error) {
	cur, _, err := readTree(ctx, q)
	if err != nil {
		return nil, err
	}
	if size2 > cur {
		return nil, truce.FieldErrorf("to", "tree size %d exceeds the log's size %d", size2, cur)
	}
	if size1 > size2 {
		return nil, truce.FieldErrorf("from", "tree size %d is larger than %d", size1, size2)
	}
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "%v", err)
	}
	hashes, err := readNodes(ctx, q, nodes.IDs)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, hasher.HashChildren)
}

// rootAt returns the root hash of the tree of the given size, from the
// stored nodes.
func rootAt(ctx context.Context, q Tx, size uint64) ([]byte, error) {
	if size == 0 {
		return hasher.EmptyRoot(), nil
	}
	rng, err := loadRange(ctx, q, size)
	if err != nil {
		return nil, err
	}
	return rng.GetRootHash(nil)
}

// signed is a checkpoint the log signed, parsed from its note.
type signed struct {
	log.Checkpoint
	note []byte
}

// Sign signs a checkpoint of the current tree if it grew since the last
// one, and returns the latest signed checkpoint note (without cosignatures).
// It refuses, with an error and without signing, when the current tree is
// not consistent with the last checkpoint it signed.
func (l *Log) Sign(ctx context.Context) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	size, root, err := readTree(ctx, tx)
	if err != nil {
		return nil, err
	}
	last, err := l.lastSigned(ctx, tx)
	if err != nil {
		return nil, err
	}
	if last != nil {
		if size < last.Size {
			return nil, refusef("transparency log: the tree has %d leaves but checkpoint %d was signed: refusing to sign", size, last.Size)
		}
		if size == last.Size {
			if !bytes.Equal(root, last.Hash) {
				return nil, refusef("transparency log: the tree's root at size %d is %x, not the signed %x: refusing to sign", size, root, last.Hash)
			}
			return last.note, nil
		}
		p, err := consistencyProof(ctx, tx, last.Size, size)
		if err != nil {
			return nil, err
		}
		if err := proof.VerifyConsistency(hasher, last.Size, size, p, last.Hash, root); err != nil {
			return nil, refusef("transparency log: tree of size %d is not consistent with signed checkpoint %d: %v: refusing to sign", size, last.Size, err)
		}
	} else if size == 0 {
		if !bytes.Equal(root, hasher.EmptyRoot()) {
			return nil, refusef("transparency log: the empty tree has root %x: refusing to sign", root)
		}
	}
	if got, err := rootAt(ctx, tx, size); err != nil {
		return nil, err
	} else if !bytes.Equal(got, root) {
		return nil, refusef("transparency log: stored nodes give root %x at size %d, head says %x: refusing to sign", got, size, root)
	}
	cp := log.Checkpoint{Origin: l.origin, Size: size, Hash: root}
	msg, err := note.Sign(&note.Note{Text: string(cp.Marshal())}, l.signer)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tlog_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?)`,
		int64(size), root, msg, l.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if err := l.writeState(msg); err != nil {
		return nil, err
	}
	return msg, nil
}

// lastSigned returns the latest checkpoint the log signed, from the
// database or the state file, whichever is larger; nil if none.
func (l *Log) lastSigned(ctx context.Context, q Tx) (*signed, error) {
	var last *signed
	var msg []byte
	err := q.QueryRowContext(ctx, `SELECT note FROM tlog_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&msg)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if err == nil {
		if last, err = l.parse(msg); err != nil {
			return nil, fmt.Errorf("transparency log: last checkpoint in the database: %w", err)
		}
	}
	if l.statePath == "" {
		return last, nil
	}
	msg, err = os.ReadFile(l.statePath)
	if errors.Is(err, os.ErrNotExist) {
		return last, nil
	} else if err != nil {
		return nil, err
	}
	st, err := l.parse(msg)
	if err != nil {
		return nil, fmt.Errorf("transparency log: %s: %w", l.statePath, err)
	}
	if last == nil || st.Size > last.Size {
		return st, nil
	}
	if st.Size == last.Size && !bytes.Equal(st.Hash, last.Hash) {
		return nil, fmt.Errorf("transparency log: %s and the database hold different checkpoints of size %d", l.statePath, st.Size)
	}
	return last, nil
}

// parse verifies a checkpoint note signed by this log.
func (l *Log) parse(msg []byte) (*signed, error) {
	cp, _, _, err := log.ParseCheckpoint(msg, l.origin, l.verifier)
	if err != nil {
		return nil, err
	}
	return &signed{Checkpoint: *cp, note: msg}, nil
}

// writeState saves the last signed checkpoint in the state file, atomically.
func (l *Log) writeState(msg []byte) error {
	if l.statePath == "" {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(l.statePath), ".checkpoint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(msg); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), l.statePath)
}

// Checkpoint returns the latest signed checkpoint note with the witnesses'
// cosignatures on it appended. ENOTFOUND if none was signed yet.
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) {
	var size int64
	err := l.db.QueryRowContext(ctx, `SELECT size FROM tlog_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no checkpoint signed yet")
	} else if err != nil {
		return nil, err
	}
	return l.CheckpointAt(ctx, uint64(size))
}

// CheckpointAt returns the signed checkpoint of the given size with its
// cosignatures. ENOTFOUND if the log signed none of that size.
func (l *Log) CheckpointAt(ctx context.Context, size uint64) ([]byte, error) {
	var msg []byte
	err := l.db.QueryRowContext(ctx, `SELECT note FROM tlog_checkpoints WHERE size = ?`, int64(size)).Scan(&msg)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no checkpoint of size %d", size)
	} else if err != nil {
		return nil, err
	}
	rows, err := l.db.QueryContext(ctx, `SELECT line FROM tlog_cosignatures WHERE size = ? ORDER BY witness`, int64(size))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := bytes.Clone(msg)
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		out = append(out, line...)
	}
	return out, rows.Err()
}

// Run signs a checkpoint every interval while the tree grows, until ctx is
// done. Errors are reported through report; a refusal to sign
// (*RefusalError) also ends Run: the log must not go on as if nothing
// happened.
func (l *Log) Run(ctx context.Context, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Sign(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				report(err)
				var r *RefusalError
				if errors.As(err, &r) {
					return
				}
			}
		}
	}
}

// RefusalError is the log's refusal to sign (or to start): the stored tree
// no longer matches a checkpoint it signed.
type RefusalError struct{ Message string }

// Error implements error.
func (e *RefusalError) Error() string { return e.Message }

func refusef(format string, args ...any) error {
	return &RefusalError{Message: fmt.Sprintf(format, args...)}
}
