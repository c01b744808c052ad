package tlog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/transparency-dev/formats/log"
	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
)

// Witness is a registered witness of the log: its note name, the party or
// organisation it speaks for (a party's liaison office, an observer
// mission), its verifier key, and the admin who registered it.
type Witness struct {
	Name    string    `json:"name"`
	Party   string    `json:"party"`
	KeyHash string    `json:"key_hash"` // the note key hash, 8 hex digits
	VKey    string    `json:"vkey"`
	AddedBy string    `json:"added_by,omitempty"`
	AddedAt time.Time `json:"added_at"`
}

// MaxWitnessParty is the longest party or organisation name a witness may
// be registered for.
const MaxWitnessParty = 100

// AddWitness registers a witness by its verifier key ("name+hash+base64",
// ed25519 or cosignature/v1), bound to the party or organisation it speaks
// for; the caller ctx carries is recorded as who registered it, and the
// registration is audited in its own transaction (truce.AuditWrite).
// EINVALID (field vkey or party) for a bad key or a missing party;
// ECONFLICT if a witness of that name exists.
func (l *Log) AddWitness(ctx context.Context, vkey, party string) (string, error) {
	v, err := fnote.NewVerifierForCosignatureV1(vkey)
	if err != nil {
		return "", truce.FieldErrorf("vkey", "not a witness verifier key: %v", err)
	}
	if v.Name() == l.origin {
		return "", truce.FieldErrorf("vkey", "a witness cannot be named like the log (%q)", l.origin)
	}
	party = strings.TrimSpace(party)
	if party == "" || len(party) > MaxWitnessParty {
		return "", truce.FieldErrorf("party", "the party or organisation the witness speaks for is required (1 to %d bytes)", MaxWitnessParty)
	}
	by := truce.UserFrom(ctx).Name
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_witnesses WHERE name = ?`, v.Name()).Scan(&n); err != nil {
		return "", err
	} else if n > 0 {
		return "", truce.Errorf(truce.ECONFLICT, "witness %q is already registered", v.Name())
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO tlog_witnesses (name, vkey, added_at, party, added_by) VALUES (?, ?, ?, ?, ?)`,
		v.Name(), vkey, l.Now().UTC().Format(time.RFC3339Nano), party, by)
	if err != nil {
		return "", err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("witness %s for %s", v.Name(), party)); err != nil {
		return "", err
	}
	return v.Name(), tx.Commit()
}

// WitnessList returns the registered witnesses, by name.
func (l *Log) WitnessList(ctx context.Context) ([]Witness, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT name, party, vkey, added_by, added_at FROM tlog_witnesses ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Witness{}
	for rows.Next() {
		var w Witness
		var at string
		if err := rows.Scan(&w.Name, &w.Party, &w.VKey, &w.AddedBy, &at); err != nil {
			return nil, err
		}
		v, err := fnote.NewVerifierForCosignatureV1(w.VKey)
		if err != nil {
			return nil, err
		}
		w.KeyHash = fmt.Sprintf("%08x", v.KeyHash())
		w.AddedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Witnesses returns the registered witnesses' verifiers.
func (l *Log) Witnesses(ctx context.Context) ([]note.Verifier, error) {
	ws, err := l.WitnessList(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]note.Verifier, 0, len(ws))
	for _, w := range ws {
		v, err := fnote.NewVerifierForCosignatureV1(w.VKey)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Cosignature is one witness's cosignature on a checkpoint, with who signed.
type Cosignature struct {
	Witness string    `json:"witness"`
	Party   string    `json:"party"`
	KeyHash string    `json:"key_hash"`
	Line    string    `json:"line"` // the note signature line
	AddedAt time.Time `json:"added_at"`
}

// Cosignatures returns the cosignatures stored on the checkpoint of a tree
// size, each with the witness and the party it speaks for. ENOTFOUND if the
// log signed no checkpoint of that size.
func (l *Log) Cosignatures(ctx context.Context, size uint64) ([]Cosignature, error) {
	var n int
	if err := l.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tlog_checkpoints WHERE size = ?`, int64(size)).Scan(&n); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no checkpoint of size %d", size)
	}
	rows, err := l.db.QueryContext(ctx, `SELECT c.witness, w.party, w.vkey, c.line, c.added_at FROM tlog_cosignatures c
		JOIN tlog_witnesses w ON w.name = c.witness WHERE c.size = ? ORDER BY c.witness`, int64(size))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Cosignature{}
	for rows.Next() {
		var c Cosignature
		var vkey, at string
		if err := rows.Scan(&c.Witness, &c.Party, &vkey, &c.Line, &at); err != nil {
			return nil, err
		}
		if v, err := fnote.NewVerifierForCosignatureV1(vkey); err == nil {
			c.KeyHash = fmt.Sprintf("%08x", v.KeyHash())
		}
		c.AddedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddCosignatures takes a checkpoint note the log signed, carrying one or
// more witness cosignatures (C2SP tlog-cosignature), verifies each against
// the key registered for that witness's name, and stores them, to be served
// with the checkpoint. When party is not "" (a party's liaison submits) only
// cosignatures of witnesses registered for that party are accepted. It
// returns the names of the witnesses whose cosignatures were added. EINVALID
// for a note not signed by the log, a checkpoint the log never signed, a
// signature under a registered witness's name that does not verify against
// its registered key (a forged or re-keyed witness), or no cosignature of a
// known witness; EFORBIDDEN for another party's witness.
func (l *Log) AddCosignatures(ctx context.Context, msg []byte, party string) ([]string, error) {
	ws, err := l.WitnessList(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]Witness{}
	vs := []note.Verifier{l.verifier}
	for _, w := range ws {
		v, err := fnote.NewVerifierForCosignatureV1(w.VKey)
		if err != nil {
			return nil, err
		}
		byName[w.Name] = w
		vs = append(vs, v)
	}
	n, err := note.Open(msg, note.VerifierList(vs...))
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "cosigned checkpoint: %v", err)
	}
	// note.Open keeps signatures it has no key for aside; one that names a
	// registered witness was made with another key than the one registered.
	for _, s := range n.UnverifiedSigs {
		if w, ok := byName[s.Name]; ok {
			return nil, truce.Errorf(truce.EINVALID, "cosignature of witness %q (%s) does not verify against its registered key %s (signed with key %08x)",
				s.Name, w.Party, w.KeyHash, s.Hash)
		}
	}
	cp, _, _, err := log.ParseCheckpoint(msg, l.origin, l.verifier, vs[1:]...)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "cosigned checkpoint: %v", err)
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var ours []byte
	err = tx.QueryRowContext(ctx, `SELECT note FROM tlog_checkpoints WHERE size = ?`, int64(cp.Size)).Scan(&ours)
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
		if w := byName[s.Name]; party != "" && w.Party != party {
			return nil, truce.Errorf(truce.EFORBIDDEN, "witness %q speaks for %s, not for %s", s.Name, w.Party, party)
		}
		line := fmt.Sprintf("— %s %s\n", s.Name, s.Base64)
		_, err := tx.ExecContext(ctx, `INSERT INTO tlog_cosignatures (size, witness, line, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, added_at = excluded.added_at`, int64(cp.Size), s.Name, line, now)
		if err != nil {
			return nil, err
		}
		added = append(added, s.Name)
	}
	if len(added) == 0 {
		return nil, truce.Errorf(truce.EINVALID, "no cosignature from a registered witness on checkpoint %d", cp.Size)
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("checkpoint %d cosigned by %s", cp.Size, strings.Join(added, ", "))); err != nil {
		return nil, err
	}
	return added, tx.Commit()
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
