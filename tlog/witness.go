package tlog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/transparency-dev/formats/log"
	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
)

// AddWitness registers a witness (a party's liaison office, say) by its
// verifier key ("name+hash+base64", ed25519 or cosignature/v1). ECONFLICT
// if a witness of that name exists.
func (l *Log) AddWitness(ctx context.Context, vkey string) (string, error) {
	v, err := fnote.NewVerifierForCosignatureV1(vkey)
	if err != nil {
		return "", truce.FieldErrorf("vkey", "not a witness verifier key: %v", err)
	}
	if v.Name() == l.origin {
		return "", truce.FieldErrorf("vkey", "a witness cannot be named like the log (%q)", l.origin)
	}
	_, err = l.db.ExecContext(ctx, `INSERT INTO tlog_witnesses (name, vkey, added_at) VALUES (?, ?, ?)`, v.Name(), vkey, l.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		var n int
		if l.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_witnesses WHERE name = ?`, v.Name()).Scan(&n) == nil && n > 0 {
			return "", truce.Errorf(truce.ECONFLICT, "witness %q is already registered", v.Name())
		}
		return "", err
	}
	return v.Name(), nil
}

// Witnesses returns the registered witnesses' verifiers.
func (l *Log) Witnesses(ctx context.Context) ([]note.Verifier, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT vkey FROM tlog_witnesses ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []note.Verifier
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		v, err := fnote.NewVerifierForCosignatureV1(k)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddCosignatures takes a checkpoint note the log signed, carrying one or
// more witness cosignatures (C2SP tlog-cosignature), verifies each against
// the registered witness keys and stores them, to be served with the
// checkpoint. It returns the names of the witnesses whose cosignatures were
// added. EINVALID for a note not signed by the log, a checkpoint the log
// never signed, a bad signature or no cosignature of a known witness.
func (l *Log) AddCosignatures(ctx context.Context, msg []byte) ([]string, error) {
	ws, err := l.Witnesses(ctx)
	if err != nil {
		return nil, err
	}
	vs := append([]note.Verifier{l.verifier}, ws...)
	n, err := note.Open(msg, note.VerifierList(vs...))
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "cosigned checkpoint: %v", err)
	}
	cp, _, _, err := log.ParseCheckpoint(msg, l.origin, l.verifier, ws...)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "cosigned checkpoint: %v", err)
	}
	var ours []byte
	err = l.db.QueryRowContext(ctx, `SELECT note FROM tlog_checkpoints WHERE size = ?`, int64(cp.Size)).Scan(&ours)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.EINVALID, "the log signed no checkpoint of size %d", cp.Size)
	} else if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(ours, []byte(n.Text)) {
		return nil, truce.Errorf(truce.EINVALID, "checkpoint %d differs from the one the log signed", cp.Size)
	}
	var added []string
	now := l.Now().UTC().Format(time.RFC3339Nano)
	for _, s := range n.Sigs {
		if s.Name == l.origin && s.Hash == l.verifier.KeyHash() {
			continue
		}
		line := fmt.Sprintf("— %s %s\n", s.Name, s.Base64)
		_, err := l.db.ExecContext(ctx, `INSERT INTO tlog_cosignatures (size, witness, line, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, added_at = excluded.added_at`, int64(cp.Size), s.Name, line, now)
		if err != nil {
			return nil, err
		}
		added = append(added, s.Name)
	}
	if len(added) == 0 {
		return nil, truce.Errorf(truce.EINVALID, "no cosignature from a registered witness on checkpoint %d", cp.Size)
	}
	return added, nil
}

// Cosign is the witness's side: it verifies that msg is a checkpoint signed
// by the log (logKey) and, when prev (the last checkpoint this witness
// cosigned) is given, that the new one extends it by the consistency proof
// p; then it returns msg with the witness's cosignature/v1 added.
func Cosign(msg []byte, logKey note.Verifier, witnessKey string, prev []byte, p [][]byte) ([]byte, error) {
	cp, err := VerifyCheckpoint(msg, logKey)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		old, err := VerifyCheckpoint(prev, logKey)
		if err != nil {
			return nil, fmt.Errorf("previous checkpoint: %w", err)
		}
		if err := VerifyConsistency(old, cp, p); err != nil {
			return nil, err
		}
	}
	s, err := fnote.NewSignerForCosignatureV1(witnessKey)
	if err != nil {
		return nil, fmt.Errorf("witness key: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(logKey))
	if err != nil {
		return nil, err
	}
	signed, err := note.Sign(&note.Note{Text: n.Text}, s)
	if err != nil {
		return nil, err
	}
	// Keep the log's (and other witnesses') signatures, add ours.
	i := bytes.LastIndex(signed, []byte("\n\n"))
	if i < 0 {
		return nil, errors.New("cosign: malformed note")
	}
	return append(bytes.Clone(msg), signed[i+2:]...), nil
}

// WitnessVerifier returns the verifier of a witness's cosignatures from its
// verifier key.
func WitnessVerifier(vkey string) (note.Verifier, error) {
	return fnote.NewVerifierForCosignatureV1(vkey)
}
