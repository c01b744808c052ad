package tlog

import (
	"context"
	"encoding/binary"
	"strings"

	sumdb "golang.org/x/mod/sumdb/tlog"

	"github.com/truce-monitor/truce"
)

// TileHeight is the height of the tiles served, fixed at 8 by C2SP tlog-tiles.
const TileHeight = 8

// Tile returns the content of a C2SP tlog-tiles resource, given its path
// below the log's prefix: "tile/L/N[.p/W]" (hashes of the nodes at level
// 8·L) or "tile/entries/N[.p/W]" (the leaf entries, each prefixed with its
// length as a big-endian uint16). Path parsing is sumdb/tlog's, whose
// layout differs from tlog-tiles only in naming the height and "data".
// ENOTFOUND for a malformed path or a tile the tree does not yet fill.
func (l *Log) Tile(ctx context.Context, path string) ([]byte, error) {
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return nil, truce.Errorf(truce.ENOTFOUND, "no tile %q", path)
	}
	if r, ok := strings.CutPrefix(rest, "entries/"); ok {
		rest = "data/" + r
	} else if strings.HasPrefix(rest, "data/") {
		return nil, truce.Errorf(truce.ENOTFOUND, "no tile %q", path)
	}
	t, err := sumdb.ParseTilePath("tile/8/" + rest)
	if err != nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no tile %q: not a tlog-tiles path", path)
	}
	first := t.N << TileHeight
	last := first + int64(t.W) - 1
	var out []byte
	var n int
	if t.L <= 0 {
		// Entries, or their hashes (the store keeps no level-0 nodes).
		rows, err := l.db.QueryContext(ctx, `SELECT entry FROM tlog_leaves WHERE idx BETWEEN ? AND ? ORDER BY idx`, first, last)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var e []byte
			if err := rows.Scan(&e); err != nil {
				return nil, err
			}
			if t.L == 0 {
				out = append(out, hasher.HashLeaf(e)...)
			} else {
				out = binary.BigEndian.AppendUint16(out, uint16(len(e)))
				out = append(out, e...)
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	} else {
		rows, err := l.db.QueryContext(ctx, `SELECT hash FROM tlog_nodes WHERE level = ? AND idx BETWEEN ? AND ? ORDER BY idx`, t.L*TileHeight, first, last)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var h []byte
			if err := rows.Scan(&h); err != nil {
				return nil, err
			}
			out = append(out, h...)
			n++
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if n != t.W {
		return nil, truce.Errorf(truce.ENOTFOUND, "tile %q is not yet filled (%d of %d)", path, n, t.W)
	}
	return out, nil
}
