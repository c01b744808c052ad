package tlog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
)

// Verify recomputes the whole tree from the stored leaf entries and checks
// it against every checkpoint the log signed (their roots in the database,
// the signature of the last one, and the state file beside the key), against
// the stored head and against every stored node (the hash tiles served,
// and what proofs and appends build on). Any
// mismatch is a *RefusalError: the server must not start on such a store.
func (l *Log) Verify(ctx context.Context) error {
	last, err := l.lastSigned(ctx, l.db)
	if err != nil {
		return &RefusalError{Message: err.Error()}
	}
	size, root, err := l.Head(ctx)
	if err != nil {
		return err
	}
	// Checkpoints by size, to compare as the recomputation passes them.
	want := map[uint64][]byte{}
	rows, err := l.db.QueryContext(ctx, `SELECT size, root FROM tlog_checkpoints`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s int64
		var r []byte
		if err := rows.Scan(&s, &r); err != nil {
			rows.Close()
			return err
		}
		want[uint64(s)] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if last != nil {
		if r, ok := want[last.Size]; ok && !bytes.Equal(r, last.Hash) {
			return refusef("transparency log: checkpoint %d: the database's root %x differs from the signed %x", last.Size, r, last.Hash)
		}
		want[last.Size] = last.Hash
		if size < last.Size {
			return refusef("transparency log: the store holds %d leaves but checkpoint %d was signed: the database was altered or restored from an old copy; refusing to start", size, last.Size)
		}
	}
	check := func(n uint64, rng *compact.Range) error {
		w, ok := want[n]
		if !ok {
			return nil
		}
		got, err := rng.GetRootHash(nil)
		if err != nil {
			return err
		}
		if n == 0 {
			got = hasher.EmptyRoot()
		}
		if !bytes.Equal(got, w) {
			return refusef("transparency log: the stored leaves give root %x at size %d, but checkpoint %d was signed with root %x: a leaf was altered; refusing to start", got, n, n, w)
		}
		return nil
	}
	// The stored tile-level nodes (served as hash tiles, and what proofs
	// and appends build on), to compare as the recomputation makes them.
	nodes := map[compact.NodeID][]byte{}
	rows, err = l.db.QueryContext(ctx, `SELECT level, idx, hash FROM tlog_nodes`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var level uint
		var idx int64
		var h []byte
		if err := rows.Scan(&level, &idx, &h); err != nil {
			rows.Close()
			return err
		}
		nodes[compact.NewNodeID(level, uint64(idx))] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var badNode error
	visit := func(id compact.NodeID, h []byte) {
		if !tileLevel(id.Level) || badNode != nil {
			return
		}
		if stored, ok := nodes[id]; !ok {
			badNode = refusef("transparency log: node %d/%d is missing from the store; refusing to start", id.Level, id.Index)
		} else if !bytes.Equal(stored, h) {
			badNode = refusef("transparency log: stored node %d/%d differs from the one the leaves give; refusing to start", id.Level, id.Index)
		}
		delete(nodes, id)
	}
	rng := factory.NewEmptyRange(0)
	if err := check(0, rng); err != nil {
		return err
	}
	rows, err = l.db.QueryContext(ctx, `SELECT idx, entry FROM tlog_leaves ORDER BY idx`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n uint64
	for rows.Next() {
		var idx int64
		var entry []byte
		if err := rows.Scan(&idx, &entry); err != nil {
			return err
		}
		if uint64(idx) != n {
			return refusef("transparency log: leaf %d is missing from the store; refusing to start", n)
		}
		if len(entry) != EntrySize || entry[0] != LeafVersion {
			return refusef("transparency log: leaf %d is not a version-%d entry; refusing to start", n, LeafVersion)
		}
		if err := rng.Append(hasher.HashLeaf(entry), visit); err != nil {
			return err
		}
		if badNode != nil {
			return badNode
		}
		n++
		if err := check(n, rng); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != size {
		return refusef("transparency log: the store holds %d leaves but its head says %d; refusing to start", n, size)
	}
	got, err := rng.GetRootHash(nil)
	if err != nil {
		return err
	}
	if size == 0 {
		got = hasher.EmptyRoot()
	}
	if !bytes.Equal(got, root) {
		return refusef("transparency log: the stored leaves give root %x at size %d, the head says %x; refusing to start", got, size, root)
	}
	for id := range nodes {
		if tileLevel(id.Level) {
			return refusef("transparency log: the store holds node %d/%d, which the leaves do not give; refusing to start", id.Level, id.Index)
		}
	}
	stored, err := readNodes(ctx, l.db, compact.RangeNodes(0, size, nil))
	if err != nil {
		return &RefusalError{Message: err.Error()}
	}
	for i, h := range rng.Hashes() {
		if !bytes.Equal(h, stored[i]) {
			return refusef("transparency log: stored node %d of the tree's edge differs from the one the leaves give; refusing to start", i)
		}
	}
	return nil
}

// Bundle is everything needed to prove offline that a record is in the log:
// the record, its salt, its leaf index, the inclusion proof and the signed
// checkpoint it leads to. Only the record's owner gets its salt.
type Bundle struct {
	Kind       string   `json:"kind"`
	Ref        string   `json:"ref"`
	Record     []byte   `json:"record"` // the record's canonical bytes (base64 in JSON)
	Salt       []byte   `json:"salt"`
	Index      uint64   `json:"index"`
	Proof      [][]byte `json:"proof"`
	Checkpoint string   `json:"checkpoint"` // the signed note, cosignatures included
}

// Prove returns the bundle proving the logged record (kind, ref) against
// the latest signed checkpoint, which must already cover it (ENOTFOUND
// otherwise: retry after the next checkpoint). record is the record's
// canonical bytes as the caller holds them; if they differ from what was
// logged the bundle does not verify.
func (l *Log) Prove(ctx context.Context, kind, ref string, record []byte) (*Bundle, error) {
	idx, err := l.leafOf(ctx, kind, ref)
	if err != nil {
		return nil, err
	}
	var gotKind, gotRef string
	var salt []byte
	if err := l.db.QueryRowContext(ctx, `SELECT kind, ref, salt FROM tlog_leaves WHERE idx = ?`, idx).Scan(&gotKind, &gotRef, &salt); err != nil {
		return nil, fmt.Errorf("read leaf %d: %w", idx, err)
	}
	if gotKind != kind || gotRef != ref {
		return nil, truce.Errorf(truce.EINTERNAL, "transparency log: the leaf index gives leaf %d for %s %q, which holds %s %q", idx, kind, ref, gotKind, gotRef)
	}
	if salt == nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "%s %q (leaf %d) was forgotten: its salt is gone, so the record can no longer be proven", kind, ref, idx)
	}
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	c, err := l.parse(cp)
	if err != nil {
		return nil, err
	}
	if uint64(idx) >= c.Size {
		return nil, truce.Errorf(truce.ENOTFOUND, "%s %q (leaf %d) is not yet covered by a signed checkpoint (size %d); retry shortly", kind, ref, idx, c.Size)
	}
	p, err := l.InclusionProof(ctx, uint64(idx), c.Size)
	if err != nil {
		return nil, err
	}
	return &Bundle{Kind: kind, Ref: ref, Record: record, Salt: salt, Index: uint64(idx), Proof: p, Checkpoint: string(cp)}, nil
}

// leafOf returns the index of the last leaf logging the record (kind, ref):
// the leaves appended one by one are indexed by (kind, ref), the runs a
// bulk append wrote are rows of tlog_ranges (AppendEach).
func (l *Log) leafOf(ctx context.Context, kind, ref string) (int64, error) {
	idx := int64(-1)
	err := l.db.QueryRowContext(ctx, `SELECT idx FROM tlog_leaves
		WHERE kind = ? AND ref = ? AND ranged IS NULL ORDER BY idx DESC LIMIT 1`, kind, ref).Scan(&idx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find %s %q in the transparency log: %w", kind, ref, err)
	}
	if r, ok := intRef(ref); ok {
		rows, err := l.db.QueryContext(ctx, `SELECT first_ref, first_idx, n FROM tlog_ranges
			WHERE kind = ? AND first_ref > ? AND first_ref <= ?`, kind, r-rangeMax, r)
		if err != nil {
			return 0, fmt.Errorf("find %s %q in the transparency log: %w", kind, ref, err)
		}
		defer rows.Close()
		for rows.Next() {
			var first, firstIdx, n int64
			if err := rows.Scan(&first, &firstIdx, &n); err != nil {
				return 0, err
			}
			if r < first+n {
				idx = max(idx, firstIdx+r-first)
			}
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	if idx < 0 {
		return 0, truce.Errorf(truce.ENOTFOUND, "no %s %q in the transparency log", kind, ref)
	}
	return idx, nil
}

// VerifyBundle checks a bundle offline: the checkpoint is signed by the log
// (logKey) and, when witnesses are given, cosigned by each of them; the
// record and salt give the logged entry; the proof leads from that entry to
// the checkpoint's root. It returns the verified checkpoint.
func VerifyBundle(b *Bundle, logKey note.Verifier, witnesses ...note.Verifier) (*log.Checkpoint, error) {
	cp, err := VerifyCheckpoint([]byte(b.Checkpoint), logKey, witnesses...)
	if err != nil {
		return nil, err
	}
	entry, err := Commit(b.Salt, b.Kind, b.Record)
	if err != nil {
		return nil, err
	}
	if err := proof.VerifyInclusion(hasher, b.Index, cp.Size, hasher.HashLeaf(entry), b.Proof, cp.Hash); err != nil {
		return nil, fmt.Errorf("%s %q is not proven by leaf %d of checkpoint %d: %w", b.Kind, b.Ref, b.Index, cp.Size, err)
	}
	return cp, nil
}

// VerifyCheckpoint parses a checkpoint note, checking the log's signature
// (the origin is the key's name) and a cosignature of each witness given.
func VerifyCheckpoint(msg []byte, logKey note.Verifier, witnesses ...note.Verifier) (*log.Checkpoint, error) {
	cp, _, n, err := log.ParseCheckpoint(msg, logKey.Name(), logKey, witnesses...)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	for _, w := range witnesses {
		ok := false
		for _, s := range n.Sigs {
			if s.Name == w.Name() && s.Hash == w.KeyHash() {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("checkpoint: no valid cosignature from witness %q", w.Name())
		}
	}
	return cp, nil
}

// VerifyConsistency checks that the tree of checkpoint old is a prefix of
// the tree of checkpoint new, given the consistency proof between them.
func VerifyConsistency(old, new *log.Checkpoint, p [][]byte) error {
	if old.Origin != new.Origin {
		return errors.New("checkpoints of different logs")
	}
	if old.Size > new.Size {
		return fmt.Errorf("checkpoint %d is older than checkpoint %d", new.Size, old.Size)
	}
	if err := proof.VerifyConsistency(hasher, old.Size, new.Size, p, old.Hash, new.Hash); err != nil {
		return fmt.Errorf("checkpoint %d is not consistent with checkpoint %d: %w", new.Size, old.Size, err)
	}
	return nil
}

// VerifyInclusion checks that the leaf entry is at index in the checkpoint's tree.
func VerifyInclusion(cp *log.Checkpoint, index uint64, entry []byte, p [][]byte) error {
	return proof.VerifyInclusion(hasher, index, cp.Size, hasher.HashLeaf(entry), p, cp.Hash)
}
