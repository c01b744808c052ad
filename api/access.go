package api

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// roles is the set of roles allowed to call an endpoint.
type roles []truce.Role

var (
	everyone    = roles{truce.RolePublic, truce.RoleLiaison, truce.RoleMonitor, truce.RoleAnalyst, truce.RoleAdmin}
	loggedIn    = roles{truce.RoleLiaison, truce.RoleMonitor, truce.RoleAnalyst, truce.RoleAdmin}
	staff       = roles{truce.RoleMonitor, truce.RoleAnalyst, truce.RoleAdmin}
	analystOnly = roles{truce.RoleAnalyst}
	adminOnly   = roles{truce.RoleAdmin}
)

// access is THE table of endpoint × role: for every route pattern (of the
// route table in routes.go, and of handlers added with Handle), the roles
// that may call it. A pattern missing here is denied to everyone: deny by
// default. Checks that depend on the record (a liaison's own party, the
// caller's own token) are made by the handler, after this one.
var access = map[string]roles{
	// The negotiation data is public: the demo works without logging in.
	"GET /api/health":             everyone,
	"GET /api/parties":            everyone,
	"GET /api/parties/{code}":     everyone,
	"GET /api/sources":            everyone,
	"GET /api/sources/{id}":       everyone,
	"GET /api/agreements":         everyone,
	"GET /api/agreements/{id}":    everyone,
	"GET /api/provisions":         everyone,
	"GET /api/provisions/{id...}": everyone,
	// A provision's status (agreed, in force, suspended, breached…) is a
	// finding of the mission, recorded from what the mediators and
	// guarantors declare: its analysts record it, and admins. Never a
	// party's liaison (a party would rule on its own agreement), nor a
	// monitor (field reports, not the agreement's state).
	"POST /api/provisions/{agreement}/{provision}/status": roles{truce.RoleAnalyst, truce.RoleAdmin},
	"GET /api/positions":      everyone,
	"GET /api/positions/{id}": everyone,
	"GET /api/talks":          everyone,
	"GET /api/zones":          everyone,
	"GET /api/sites":          everyone,
	"GET /api/lines":          everyone,
	"GET /api/lines/{date}":   everyone,
	// Classification is pure computation on public ground data.
	"POST /api/classify": everyone,
	"GET /api/matrix":    everyone,
	"GET /api/readiness": everyone,
	"GET /api/":          everyone,

	// The dashboard (its static assets; it reads the API as its user).
	"GET /": everyone,

	// Reports and incidents: GETs answer with the caller's view (redact.go).
	"POST /api/reports":                 roles{truce.RoleMonitor, truce.RoleAnalyst},
	"POST /api/reports/bulk":            roles{truce.RoleMonitor, truce.RoleAnalyst},
	"GET /api/reports/{id}":             everyone,
	"GET /api/reports/{id}/proof":       staff, // monitors: their own reports only
	"GET /api/incidents":                everyone,
	"GET /api/map/incidents":            everyone, // places coarsened for roles without the full view
	"GET /api/incidents/{id}":           everyone,
	"GET /api/compliance":               everyone, // clocks and tallies: public aggregates
	"POST /api/daily/publish":           analystOnly,
	"GET /api/publications/{id}":        everyone,
	"GET /api/publications/{id}/proof":  everyone,
	"GET /api/daily":                    everyone, // the public edition unless staff
	"POST /api/incidents/{id}/verify":   analystOnly,
	"POST /api/incidents/{id}/unverify": analystOnly,
	"POST /api/incidents/{id}/dispute":  roles{truce.RoleLiaison, truce.RoleAnalyst}, // a liaison for their own party only
	"POST /api/incidents/{id}/uphold":   analystOnly,
	"POST /api/incidents/{id}/overturn": analystOnly,

	// Interop and operations. The change feed carries only what is public
	// (sources, positions, provision statuses, talks, scenario loads).
	"POST /api/sources":     staff,
	"GET /api/events":       everyone,
	"GET /api/export":       staff, // full places and times; never a source's identity
	"GET /api/openapi.json": everyone,
	"GET /healthz":          everyone,
	"GET /readyz":           everyone,
	"GET /metrics":          everyone,

	// Alerts: webhooks carry the mission's findings out; admins set them up.
	"POST /api/webhooks":                adminOnly,
	"GET /api/webhooks":                 adminOnly,
	"DELETE /api/webhooks/{id}":         adminOnly,
	"GET /api/webhooks/{id}/deliveries": adminOnly,

	// OGC API – Features: incidents are served as the caller may see them.
	"GET /ogc":                                          everyone,
	"GET /ogc/conformance":                              everyone,
	"GET /ogc/collections":                              everyone,
	"GET /ogc/collections/{collection}":                 everyone,
	"GET /ogc/collections/{collection}/items":           everyone,
	"GET /ogc/collections/{collection}/items/{feature}": everyone,

	// The review queue of extracted claims: unreviewed, so staff only;
	// analysts decide.
	"GET /api/claims":              staff,
	"GET /api/claims/{id}":         staff,
	"POST /api/claims":             roles{truce.RoleMonitor, truce.RoleAnalyst},
	"POST /api/claims/{id}/accept": analystOnly,
	"POST /api/claims/{id}/reject": analystOnly,

	// Accounts.
	"POST /api/login":         everyone,
	"POST /api/logout":        loggedIn,
	"GET /api/me":             everyone,
	"GET /api/users":          adminOnly,
	"POST /api/users":         adminOnly,
	"GET /api/tokens":         loggedIn,
	"POST /api/tokens":        loggedIn,
	"DELETE /api/tokens/{id}": loggedIn,
	"GET /api/audit":          adminOnly,

	// The transparency log is public, so anyone can audit it.
	"GET /log/checkpoint":                          everyone,
	"GET /log/tile/{path...}":                      everyone,
	"GET /api/log/checkpoints/{size}":              everyone,
	"GET /api/log/proof/inclusion":                 everyone,
	"GET /api/log/proof/consistency":               everyone,
	"GET /api/log/proof/provision-status":          staff, // its record names the officer who recorded the change
	"GET /api/log/key":                             everyone,
	"GET /api/log/witnesses":                       everyone,
	"GET /api/log/checkpoints/{size}/cosignatures": everyone,
	"POST /api/log/witnesses":                      adminOnly,
	"POST /api/log/cosignatures":                   roles{truce.RoleLiaison, truce.RoleAdmin},
}

// allowed reports whether role may call the endpoint pattern.
func allowed(pattern string, role truce.Role) bool {
	return slices.Contains(access[pattern], role)
}

type ctxKey struct{}

// principal is the caller of a request; a login replaces its user.
type principal struct{ user *truce.User }

// withUser returns ctx carrying the authenticated caller.
func withUser(ctx context.Context, u *truce.User) context.Context {
	return truce.WithUser(context.WithValue(ctx, ctxKey{}, &principal{u}), u)
}

// setUser replaces the caller of the request (after a login).
func setUser(ctx context.Context, u *truce.User) {
	if p, ok := ctx.Value(ctxKey{}).(*principal); ok {
		p.user = u
	}
}

// UserFrom returns the caller of a request: truce.Public when not logged in.
func UserFrom(ctx context.Context) *truce.User {
	if p, ok := ctx.Value(ctxKey{}).(*principal); ok && p.user != nil {
		return p.user
	}
	return truce.Public
}

// SessionCookie is the name of the session cookie: the __Host- prefix makes
// browsers accept it only when Secure, with Path=/ and no Domain, so no
// sibling host can set or read it.
const SessionCookie = "__Host-truce-session"

// authenticate reads the caller from the Authorization: Bearer header or
// the session cookie. A bad bearer token is an error (the client meant to
// authenticate); a stale cookie just means the public.
func (s *Server) authenticate(r *http.Request) (*truce.User, error) {
	if s.Auth == nil {
		return truce.Public, nil
	}
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, truce.Errorf(truce.EUNAUTHORIZED, "Authorization must be \"Bearer TOKEN\"")
		}
		return s.Auth.TokenUser(r.Context(), strings.TrimSpace(tok))
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		u, err := s.Auth.Session(r.Context(), c.Value)
		if truce.ErrorCode(err) == truce.EUNAUTHORIZED {
			return truce.Public, nil
		}
		return u, err
	}
	return truce.Public, nil
}

// guard wraps an endpoint: it lets through only the roles the access table
// lists for pattern, audits every denial and every write, and renders errors.
func (s *Server) guard(pattern string, h http.Handler) http.Handler {
	if _, ok := access[pattern]; !ok {
		s.Logger.Error("endpoint missing from the access table: denied to every role", "pattern", pattern)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		if !allowed(pattern, u.Role) {
			err := truce.Errorf(truce.EFORBIDDEN, "%s may not call %s", u.Role, pattern)
			if u.Role == truce.RolePublic {
				err = truce.Errorf(truce.EUNAUTHORIZED, "log in to call %s", pattern)
			}
			s.Error(w, r, err)
			s.audit(r, u, pattern, auth.OutcomeDenied, StatusCode(err.Code))
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		info := &txAudit{action: pattern, target: r.URL.Path, remote: remoteAddr(r), status: successStatus(pattern)}
		ctx := context.WithValue(r.Context(), txAuditKey{}, info)
		// Every store write made for this request writes the request's
		// audit line in its own transaction (truce.AuditWrite).
		r = r.WithContext(truce.WithAudit(ctx, auditWrite))
		h.ServeHTTP(sw, r)
		if info.done.Load() && sw.status < 400 {
			return // audited inside the write's own transaction
		}
		// A failed attempt is audited here: its transaction, audit line
		// included, was rolled back. So is a POST that wrote nothing
		// (POST /api/classify).
		if sw.status < 400 && s.auditedLate != nil {
			s.auditedLate(pattern)
		}
		outcome := auth.OutcomeOK
		switch {
		case sw.status == http.StatusUnauthorized || sw.status == http.StatusForbidden:
			outcome = auth.OutcomeDenied
		case sw.status >= 400:
			outcome = auth.OutcomeFailed
		}
		// The caller may have changed (a login).
		s.audit(r, UserFrom(r.Context()), pattern, outcome, sw.status)
	})
}

type txAuditKey struct{}

// txAudit lets a write audit itself inside its own transaction (see
// AuditInTx): the guard then writes no separate line.
type txAudit struct {
	action, target, remote string
	status                 int // the status a success answers with
	done                   atomic.Bool
}

// writeStatus is the status of a success for the write routes that do not
// answer the default (201 for a POST, 204 for a DELETE): an audit line
// written inside the write's transaction is written before the response,
// so it records the status the route answers with. TestAuditInTx checks
// every write route's line against its real response.
var writeStatus = map[string]int{
	"POST /api/login":                   http.StatusOK,
	"POST /api/logout":                  http.StatusNoContent,
	"POST /api/reports/bulk":            http.StatusOK,
	"POST /api/incidents/{id}/verify":   http.StatusOK,
	"POST /api/incidents/{id}/unverify": http.StatusOK,
	"POST /api/incidents/{id}/dispute":  http.StatusOK,
	"POST /api/incidents/{id}/uphold":   http.StatusOK,
	"POST /api/incidents/{id}/overturn": http.StatusOK,
	"POST /api/claims/{id}/accept":      http.StatusOK,
	"POST /api/claims/{id}/reject":      http.StatusOK,
}

// successStatus is the status a write route answers with when it succeeds.
func successStatus(pattern string) int {
	if st, ok := writeStatus[pattern]; ok {
		return st
	}
	switch method, _, _ := strings.Cut(pattern, " "); method {
	case http.MethodPost:
		return http.StatusCreated
	case http.MethodDelete:
		return http.StatusNoContent
	}
	return http.StatusOK
}

// auditWrite is the truce.AuditFunc of guarded requests: the request's
// audit line, naming target, inside the write's transaction tx. A request
// that writes in several transactions is audited once, in the first.
func auditWrite(ctx context.Context, tx any, target string) error {
	t, ok := tx.(tlog.Tx)
	if !ok {
		return truce.Errorf(truce.EINTERNAL, "audit: %T is not a transaction", tx)
	}
	return AuditInTx(ctx, t, target)
}

// AuditInTx writes the audit line of the request that ctx belongs to inside
// the write's transaction tx, so that the write and its audit line commit
// together (and the write costs no second commit). ref names the record.
// Without a guarded request in ctx it does nothing.
func AuditInTx(ctx context.Context, tx tlog.Tx, ref string) error {
	info, ok := ctx.Value(txAuditKey{}).(*txAudit)
	if !ok || info.done.Load() {
		return nil
	}
	u := truce.UserFrom(ctx)
	row := []any{time.Now().UTC().Format(time.RFC3339Nano), u.Name, string(u.Role), info.action, ref, auth.OutcomeOK, info.status, info.remote}
	var err error
	if stx, ok := tx.(*sqldb.Tx); ok {
		// In a group commit the group's audit lines go in one insert.
		err = stx.Defer(ctx, deferredAudit{}, row, insertAudit)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, actor, role, action, target, outcome, status, remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, row...)
	}
	if err == nil {
		info.done.Store(true)
	}
	return err
}

// WithCommandAudit returns ctx with which every store write audits itself
// inside its own transaction, as the action (a command line, "truce
// provision status") of the user ctx carries: the CLI's twin of the
// guard's in-transaction audit. Its lines have remote "cli" and status 0
// (no HTTP request).
func WithCommandAudit(ctx context.Context, action string) context.Context {
	info := &txAudit{action: action, remote: "cli"}
	return truce.WithAudit(context.WithValue(ctx, txAuditKey{}, info), auditWrite)
}

// deferredAudit keys the audit lines AuditInTx defers.
type deferredAudit struct{}

func insertAudit(ctx context.Context, tx *sqldb.Tx, vs []any) error {
	return tx.InsertRows(ctx, "audit", "at, actor, role, action, target, outcome, status, remote", vs)
}

// execInTx runs q in tx, prepared once per transaction when tx can (a
// *sqldb.Tx): a group commit writes every report's audit line and owner
// with the same statements.
func execInTx(ctx context.Context, tx tlog.Tx, q string, args ...any) (sql.Result, error) {
	if p, ok := tx.(interface {
		Prepared(context.Context, string) (*sql.Stmt, error)
	}); ok {
		st, err := p.Prepared(ctx, q)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// auditStrict records an audit line that must exist before the response
// goes out (a reveal of a source's identity): failing to audit fails the request.
func (s *Server) auditStrict(r *http.Request, u *truce.User, action, target string) error {
	if s.Auth == nil {
		return truce.Errorf(truce.EINTERNAL, "no audit log: refusing %s", action)
	}
	return s.Auth.Record(r.Context(), auth.Entry{Actor: u.Name, Role: string(u.Role), Action: action, Target: target,
		Outcome: auth.OutcomeOK, Status: http.StatusOK, Remote: remoteAddr(r)})
}

// audit records one line of the audit log; a failure to audit is logged
// (the request has been answered).
func (s *Server) audit(r *http.Request, u *truce.User, action, outcome string, status int) {
	if s.Auth == nil {
		return
	}
	e := auth.Entry{Actor: u.Name, Role: string(u.Role), Action: action, Target: r.URL.Path, Outcome: outcome, Status: status, Remote: remoteAddr(r)}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
	defer cancel()
	if err := s.Auth.Record(ctx, e); err != nil {
		s.Logger.Error("audit failed", "action", action, "err", err)
	}
}

// remoteAddr is the client's address without its port.
func remoteAddr(r *http.Request) string {
	a := r.RemoteAddr
	if i := strings.LastIndexByte(a, ':'); i > 0 {
		a = a[:i]
	}
	return strings.Trim(a, "[]")
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requireParty checks that a liaison acts only for their own party; other
// roles pass.
func requireParty(u *truce.User, party string) error {
	if u.Role == truce.RoleLiaison && u.Party != party {
		return truce.Errorf(truce.EFORBIDDEN, "a liaison of %s may not act for %s", u.Party, party)
	}
	return nil
}
