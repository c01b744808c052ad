package auth

import (
	"context"
	"time"
)

// Audit outcomes.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeFailed = "failed"
)

// Entry is one line of the audit log: who did (or was refused) what, when.
// It never holds a source's identity, a password or a token.
type Entry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Role    string    `json:"role"`
	Action  string    `json:"action"`
	Target  string    `json:"target,omitempty"`
	Outcome string    `json:"outcome"`
	Status  int       `json:"status,omitempty"`
	Remote  string    `json:"remote,omitempty"`
}

// Record appends e to the audit log (At is set to now when zero).
func (s *Service) Record(ctx context.Context, e Entry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit (at, actor, role, action, target, outcome, status, remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		ts(e.At), e.Actor, e.Role, e.Action, e.Target, e.Outcome, e.Status, e.Remote)
	return err
}

// AuditLog returns up to limit entries, newest first, with ids below before
// (0: from the newest).
func (s *Service) AuditLog(ctx context.Context, limit int, before int64) ([]Entry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q := `SELECT id, at, actor, role, action, target, outcome, status, remote FROM audit`
	args := []any{}
	if before > 0 {
		q += ` WHERE id < ?`
		args = append(args, before)
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Action, &e.Target, &e.Outcome, &e.Status, &e.Remote); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
