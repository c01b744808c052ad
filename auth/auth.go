// Package auth authenticates Truce's users and keeps its audit log:
// accounts with argon2id passwords, server-side sessions with idle and
// absolute expiry, revocable API tokens stored hashed, rate limits on failed
// logins per account and per address, and the audit table of every write and
// every denial. What each role may call is decided in package api (one table
// of endpoint × role); this package answers who the caller is.
//
// Like package tlog it keeps its own tables in the store's database
// (migration 0201_auth.sql).
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// Defaults for Service's settings.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
	DefaultMaxHashing      = 2  // concurrent argon2id computations
	DefaultAccountFailures = 5  // failed logins per account per window
	DefaultAddressFailures = 20 // failed logins per address per window
	DefaultFailureWindow   = 15 * time.Minute
	DefaultTokenCacheTTL   = time.Second
)

// TokenPrefix starts every API token, so that leaked tokens are easy to
// recognise (and to scan for).
const TokenPrefix = "truce_"

// Service authenticates users. Its methods are safe for concurrent use.
type Service struct {
	db *sql.DB

	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// TokenCacheTTL is how long TokenUser trusts a token it found valid
	// without reading the database again (0: always read it). A token
	// revoked through this Service is refused at once; one revoked by
	// another process (`truce token revoke` on the same database) is
	// refused within TokenCacheTTL.
	TokenCacheTTL time.Duration

	// Now returns the current time; tests replace it.
	Now func() time.Time

	hasher  *hasher
	limiter *limiter
	dummy   string // a hash verified when the account does not exist, to keep timing even
	once    sync.Once
	tokens  tokenCache
}

// New returns the service over db (the store's *sql.DB, migrated).
func New(db *sql.DB) *Service {
	return &Service{
		db:              db,
		IdleTimeout:     DefaultIdleTimeout,
		AbsoluteTimeout: DefaultAbsoluteTimeout,
		TokenCacheTTL:   DefaultTokenCacheTTL,
		Now:             time.Now,
		hasher:          newHasher(DefaultMaxHashing),
		limiter:         newLimiter(DefaultAccountFailures, DefaultAddressFailures, DefaultFailureWindow),
	}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// CreateUser adds an account; password may be "" for an account that logs
// in with API tokens only. ECONFLICT if the name is taken, EINVALID for a
// bad name, role, party or a short password.
func (s *Service) CreateUser(ctx context.Context, u *truce.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	var ph string
	if password != "" {
		var err error
		if ph, err = s.hasher.hash(ctx, password); err != nil {
			return err
		}
	}
	var party any
	if u.Party != "" {
		party = u.Party
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM parties WHERE code = ?`, u.Party).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return truce.FieldErrorf("party", "no party %q", u.Party)
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (name, role, party, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO NOTHING RETURNING id`, u.Name, string(u.Role), party, ph, ts(s.now())).Scan(&u.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return truce.Errorf(truce.ECONFLICT, "user %q exists", u.Name)
		} else if err != nil {
			return err
		}
		return truce.AuditWrite(ctx, tx, "user "+u.Name)
	})
}

// inTx runs write in one transaction and commits it: every write of the
// service audits itself (truce.AuditWrite) inside it.
func (s *Service) inTx(ctx context.Context, write func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := write(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// SetPassword replaces a user's password.
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	ph, err := s.hasher.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, ph, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no user %q", name)
		}
		// A new password ends every session of the account, in the same
		// transaction: never a new password with the old sessions open.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)`, name); err != nil {
			return err
		}
		return truce.AuditWrite(ctx, tx, "password of "+name)
	})
}

// User returns the account with the given name, or ENOTFOUND.
func (s *Service) User(ctx context.Context, name string) (*truce.User, error) {
	u, _, err := s.user(ctx, `name = ?`, name)
	return u, err
}

func (s *Service) user(ctx context.Context, where string, arg any) (*truce.User, string, error) {
	var u truce.User
	var role, ph string
	var party sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, name, role, party, password_hash FROM users WHERE `+where, arg).Scan(&u.ID, &u.Name, &role, &party, &ph)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", truce.Errorf(truce.ENOTFOUND, "no such user")
	} else if err != nil {
		return nil, "", err
	}
	u.Role, u.Party = truce.Role(role), party.String
	return &u, ph, nil
}

// Users returns every account, by name.
func (s *Service) Users(ctx context.Context) ([]truce.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, role, party FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.User{}
	for rows.Next() {
		var u truce.User
		var role string
		var party sql.NullString
		if err := rows.Scan(&u.ID, &u.Name, &role, &party); err != nil {
			return nil, err
		}
		u.Role, u.Party = truce.Role(role), party.String
		out = append(out, u)
	}
	return out, rows.Err()
}

// EnsureUser returns the account called u.Name, creating it (without a
// password) when absent. EINVALID if it exists with another role or party.
func (s *Service) EnsureUser(ctx context.Context, u *truce.User) (created bool, err error) {
	if err := u.Validate(); err != nil {
		return false, err
	}
	have, err := s.User(ctx, u.Name)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		if err := s.CreateUser(ctx, u, ""); err != nil {
			return false, err
		}
		return true, nil
	} else if err != nil {
		return false, err
	}
	if have.Role != u.Role || have.Party != u.Party {
		return false, truce.FieldErrorf("role", "user %q exists as %s, not %s", u.Name, have, u)
	}
	*u = *have
	return false, nil
}

// newSecret returns a random 256-bit secret, base64url-encoded, and its
// SHA-256 hash (what is stored).
func newSecret() (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	s := base64.RawURLEncoding.EncodeToString(b)
	return s, hashSecret(s)
}

func hashSecret(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// Login checks a name and password and opens a session, returning its id
// (for the cookie; only its hash is stored). Failures are rate limited per
// account and per address (remote): beyond the limit Login answers
// ETOOMANY without checking the password. A wrong name or password is
// EUNAUTHORIZED with the same message, whichever was wrong.
func (s *Service) Login(ctx context.Context, name, password, remote string) (string, *truce.User, error) {
	now := s.now()
	if !s.limiter.allow(name, remote, now) {
		return "", nil, truce.Errorf(truce.ETOOMANY, "too many failed logins; try again later")
	}
	u, ph, err := s.user(ctx, `name = ?`, name)
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return "", nil, err
	}
	if u == nil || ph == "" {
		// Spend the same time as for a real account.
		s.once.Do(func() { s.dummy, _ = s.hasher.hash(context.Background(), "not-a-password-0000") })
		s.hasher.verify(ctx, s.dummy, password)
		s.limiter.fail(name, remote, now)
		return "", nil, truce.Errorf(truce.EUNAUTHORIZED, "wrong user name or password")
	}
	ok, err := s.hasher.verify(ctx, ph, password)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		s.limiter.fail(name, remote, now)
		return "", nil, truce.Errorf(truce.EUNAUTHORIZED, "wrong user name or password")
	}
	s.limiter.succeed(name)
	// A new session id at every login (no fixation).
	sid, h := newSecret()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			h, u.ID, ts(now), ts(now), ts(now.Add(s.AbsoluteTimeout))); err != nil {
			return err
		}
		// The one who logs in is the actor of the new session.
		return truce.AuditWrite(truce.WithUser(ctx, u), tx, "session of "+u.Name)
	})
	if err != nil {
		return "", nil, err
	}
	return sid, u, nil
}

// Session returns the user of an open session, refreshing its idle timer.
// EUNAUTHORIZED if the session does not exist, was closed or expired (idle
// or absolute); an expired session is deleted.
func (s *Service) Session(ctx context.Context, sid string) (*truce.User, error) {
	h := hashSecret(sid)
	var uid int64
	var lastSeen, expires string
	err := s.db.QueryRowContext(ctx, `SELECT user_id, last_seen_at, expires_at FROM sessions WHERE id_hash = ?`, h).Scan(&uid, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "no session; log in again")
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	ls, _ := time.Parse(time.RFC3339Nano, lastSeen)
	ex, _ := time.Parse(time.RFC3339Nano, expires)
	if !now.Before(ex) || now.Sub(ls) >= s.IdleTimeout {
		s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, h)
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "session expired; log in again")
	}
	u, _, err := s.user(ctx, `id = ?`, uid)
	if err != nil {
		return nil, err
	}
	// Refresh the idle timer at most once a minute: a read should not
	// write on every request.
	if now.Sub(ls) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, ts(now), h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Logout closes a session server-side: its id is useless afterwards.
func (s *Service) Logout(ctx context.Context, sid string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hashSecret(sid)); err != nil {
			return err
		}
		return truce.AuditWrite(ctx, tx, "session of "+truce.UserFrom(ctx).Name)
	})
}

// Token is an API token's metadata (never the token).
type Token struct {
	ID        int64      `json:"id"`
	User      string     `json:"user"`
	Label     string     `json:"label,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken issues an API token for the user; the token is returned once
// and only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, user *truce.User, label string) (string, *Token, error) {
	if len(label) > 200 {
		return "", nil, truce.FieldErrorf("label", "at most 200 characters")
	}
	secret, _ := newSecret()
	tok := TokenPrefix + secret
	now := s.now()
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, hash, label, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			user.ID, hashSecret(tok), label, ts(now)).Scan(&id); err != nil {
			return err
		}
		return truce.AuditWrite(ctx, tx, fmt.Sprintf("token %d of %s", id, user.Name))
	})
	if err != nil {
		return "", nil, err
	}
	return tok, &Token{ID: id, User: user.Name, Label: label, CreatedAt: now}, nil
}

// TokenUser returns the user an API token authenticates. EUNAUTHORIZED for
// an unknown or revoked token. A token found valid is trusted for
// TokenCacheTTL without reading the database again (every API request
// carries one).
func (s *Service) TokenUser(ctx context.Context, token string) (*truce.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "not a Truce API token")
	}
	h := sha256.Sum256([]byte(token))
	now := s.now()
	if u, ok := s.tokens.get(h, now, s.TokenCacheTTL); ok {
		return &u, nil
	}
	gen := s.tokens.generation()
	var u truce.User
	var role string
	var party sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.party FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL`, h[:]).Scan(&u.ID, &u.Name, &role, &party)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "unknown or revoked API token")
	} else if err != nil {
		return nil, err
	}
	u.Role, u.Party = truce.Role(role), party.String
	if s.TokenCacheTTL > 0 {
		s.tokens.put(h, u, now, gen)
	}
	return &u, nil
}

// tokenCache remembers the users of tokens found valid, by the tokens'
// hashes. A revocation through the Service empties it and bumps its
// generation, so that a lookup that read the token before the revocation
// committed cannot put it back.
type tokenCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[[sha256.Size]byte]cachedToken
}

type cachedToken struct {
	user truce.User
	at   time.Time
}

// maxCachedTokens bounds the cache; when full it starts over.
const maxCachedTokens = 10000

func (c *tokenCache) get(h [sha256.Size]byte, now time.Time, ttl time.Duration) (truce.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[h]
	if !ok || now.Sub(e.at) >= ttl || now.Before(e.at) {
		return truce.User{}, false
	}
	return e.user, true
}

func (c *tokenCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *tokenCache) put(h [sha256.Size]byte, u truce.User, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // a revocation happened meanwhile
	}
	if c.m == nil || len(c.m) >= maxCachedTokens {
		c.m = map[[sha256.Size]byte]cachedToken{}
	}
	c.m[h] = cachedToken{user: u, at: now}
}

// forget empties the cache after a revocation.
func (c *tokenCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}

// Tokens lists API tokens: all of them for an admin, the user's own otherwise.
func (s *Service) Tokens(ctx context.Context, by *truce.User) ([]Token, error) {
	q := `SELECT t.id, u.name, t.label, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if by.Role != truce.RoleAdmin {
		q += ` WHERE t.user_id = ?`
		args = append(args, by.ID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var created string
		var revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.User, &t.Label, &created, &revoked); err != nil {
			return nil, err
		}
		t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		if revoked.Valid {
			r, _ := time.Parse(time.RFC3339Nano, revoked.String)
			t.RevokedAt = &r
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes an API token: an admin any, others their own.
// ENOTFOUND for a token that does not exist or is not the caller's.
func (s *Service) RevokeToken(ctx context.Context, id int64, by *truce.User) error {
	q := `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`
	args := []any{ts(s.now()), id}
	if by.Role != truce.RoleAdmin {
		q += ` AND user_id = ?`
		args = append(args, by.ID)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no active token %d of yours", id)
		}
		return truce.AuditWrite(ctx, tx, fmt.Sprintf("token %d", id))
	})
	s.tokens.forget() // even on an error: the update may have committed
	return err
}

// limiter counts failed logins per account and per address in a sliding
// window. It lives in memory: a restart forgets it, which only gives an
// attacker one more window.
type limiter struct {
	mu                  sync.Mutex
	perAccount, perAddr int
	window              time.Duration
	fails               map[string][]time.Time
}

func newLimiter(perAccount, perAddr int, window time.Duration) *limiter {
	return &limiter{perAccount: perAccount, perAddr: perAddr, window: window, fails: map[string][]time.Time{}}
}

func (l *limiter) recent(key string, now time.Time) int {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = ts
	}
	return len(ts)
}

func (l *limiter) allow(account, addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent("u:"+account, now) < l.perAccount && l.recent("a:"+addr, now) < l.perAddr
}

func (l *limiter) fail(account, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails["u:"+account] = append(l.fails["u:"+account], now)
	l.fails["a:"+addr] = append(l.fails["a:"+addr], now)
}

func (l *limiter) succeed(account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, "u:"+account)
}
