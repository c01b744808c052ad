package truce

import "context"

// AuditFunc writes the audit line of a write inside the write's own
// transaction tx (a *sql.Tx, or a type wrapping one with the same
// ExecContext method), naming the record written: the write and its audit
// line commit together or not at all. The caller it names is the one the
// context carries (UserFrom).
type AuditFunc func(ctx context.Context, tx any, target string) error

type auditKey struct{}

// WithAudit returns ctx carrying f: every write made with ctx calls
// AuditWrite inside its transaction, which calls f. The API sets it for
// each state-changing request.
func WithAudit(ctx context.Context, f AuditFunc) context.Context {
	return context.WithValue(ctx, auditKey{}, f)
}

// AuditWrite records, through the AuditFunc ctx carries, that the write
// made in tx touched target ("provision paris-2025/ceasefire", "user
// alice"). Every store write calls it just before its commit. Without an
// AuditFunc (the CLI on a local database, tests of the store) it does nothing.
func AuditWrite(ctx context.Context, tx any, target string) error {
	if f, ok := ctx.Value(auditKey{}).(AuditFunc); ok && f != nil {
		return f(ctx, tx, target)
	}
	return nil
}
