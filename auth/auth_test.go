package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

const password = "correct horse battery"

// MustOpenService returns an auth service over a store holding the
// built-in scenario's parties, with a clock tests can move.
func MustOpenService(t *testing.T, db *sqldb.DB) (*auth.Service, *time.Time) {
	t.Helper()
	sc, err := scenario.LoadBuiltin(scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadScenario(context.Background(), sc); err != nil {
		t.Fatal(err)
	}
	s := auth.New(db.SQL())
	now := time.Date(2025, 4, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s, &now
}

func TestService(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, now := MustOpenService(t, db)
		u := &truce.User{Name: "olena", Role: truce.RoleAnalyst}
		if err := s.CreateUser(ctx, u, password); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Fatal("CreateUser: no id")
		}

		t.Run("ErrDuplicate", func(t *testing.T) {
			if err := s.CreateUser(ctx, &truce.User{Name: "olena", Role: truce.RoleMonitor}, password); truce.ErrorCode(err) != truce.ECONFLICT {
				t.Errorf("got %v, want ECONFLICT", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for _, tc := range []struct {
				u  truce.User
				pw string
			}{
				{truce.User{Name: "x", Role: "spy"}, password},
				{truce.User{Name: "x", Role: truce.RoleLiaison}, password},
				{truce.User{Name: "x", Role: truce.RoleLiaison, Party: "ZZ"}, password},
				{truce.User{Name: "x", Role: truce.RoleMonitor, Party: "UA"}, password},
				{truce.User{Name: "has space", Role: truce.RoleMonitor}, password},
				{truce.User{Name: "x", Role: truce.RoleMonitor}, "short"},
				{truce.User{Name: "x", Role: truce.RolePublic}, password},
			} {
				if err := s.CreateUser(ctx, &tc.u, tc.pw); truce.ErrorCode(err) != truce.EINVALID {
					t.Errorf("%+v: got %v, want EINVALID", tc.u, err)
				}
			}
		})

		t.Run("Login", func(t *testing.T) {
			sid, got, err := s.Login(ctx, "olena", password, "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "olena" || got.Role != truce.RoleAnalyst {
				t.Errorf("Login: got %+v", got)
			}
			sid2, _, err := s.Login(ctx, "olena", password, "10.0.0.1")
			if err != nil || sid2 == sid {
				t.Fatalf("second login: same id %v, err %v", sid2 == sid, err)
			}
			if u, err := s.Session(ctx, sid); err != nil || u.Name != "olena" {
				t.Fatalf("Session: %v %v", u, err)
			}
			// Idle expiry: 29 minutes of use keep it alive, 30 idle end it.
			*now = now.Add(29 * time.Minute)
			if _, err := s.Session(ctx, sid); err != nil {
				t.Fatalf("Session after 29 min: %v", err)
			}
			*now = now.Add(30 * time.Minute)
			if _, err := s.Session(ctx, sid); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("idle session: got %v, want EUNAUTHORIZED", err)
			}
			// Absolute expiry: used every 20 minutes, it still ends after 12 h.
			sid3, _, _ := s.Login(ctx, "olena", password, "10.0.0.1")
			for i := 0; i < 35; i++ {
				*now = now.Add(20 * time.Minute)
				if _, err := s.Session(ctx, sid3); err != nil {
					t.Fatalf("active session after %d min: %v", (i+1)*20, err)
				}
			}
			*now = now.Add(20 * time.Minute)
			if _, err := s.Session(ctx, sid3); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("12 h session: got %v, want EUNAUTHORIZED", err)
			}
			// Logout invalidates server-side.
			sid4, _, _ := s.Login(ctx, "olena", password, "10.0.0.1")
			if err := s.Logout(ctx, sid4); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Session(ctx, sid4); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("after logout: got %v, want EUNAUTHORIZED", err)
			}
		})

		t.Run("ErrRateLimited", func(t *testing.T) {
			if err := s.CreateUser(ctx, &truce.User{Name: "target", Role: truce.RoleMonitor}, password); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < auth.DefaultAccountFailures; i++ {
				if _, _, err := s.Login(ctx, "target", "wrong password!", "10.0.0.2"); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
					t.Fatalf("attempt %d: got %v, want EUNAUTHORIZED", i, err)
				}
			}
			// Locked out, even with the right password, from any address.
			if _, _, err := s.Login(ctx, "target", password, "10.0.0.3"); truce.ErrorCode(err) != truce.ETOOMANY {
				t.Fatalf("after %d failures: got %v, want ETOOMANY", auth.DefaultAccountFailures, err)
			}
			*now = now.Add(auth.DefaultFailureWindow)
			if _, _, err := s.Login(ctx, "target", password, "10.0.0.3"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
			// Per address: many accounts tried from one address.
			for i := 0; i < auth.DefaultAddressFailures; i++ {
				s.Login(ctx, "nobody"+string(rune('a'+i)), "wrong password!", "10.0.0.9")
			}
			if _, _, err := s.Login(ctx, "olena", password, "10.0.0.9"); truce.ErrorCode(err) != truce.ETOOMANY {
				t.Errorf("address over limit: got %v, want ETOOMANY", err)
			}
			if _, _, err := s.Login(ctx, "olena", password, "10.0.0.10"); err != nil {
				t.Errorf("other address: %v", err)
			}
		})

		t.Run("Tokens", func(t *testing.T) {
			liaison := &truce.User{Name: "ua-liaison", Role: truce.RoleLiaison, Party: "UA"}
			created, err := s.EnsureUser(ctx, liaison)
			if err != nil || !created {
				t.Fatalf("EnsureUser: created=%v err=%v", created, err)
			}
			if created, err := s.EnsureUser(ctx, &truce.User{Name: "ua-liaison", Role: truce.RoleLiaison, Party: "UA"}); err != nil || created {
				t.Fatalf("EnsureUser again: created=%v err=%v", created, err)
			}
			if _, err := s.EnsureUser(ctx, &truce.User{Name: "ua-liaison", Role: truce.RoleAdmin}); truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("EnsureUser with another role: got %v, want EINVALID", err)
			}
			tok, meta, err := s.CreateToken(ctx, liaison, "laptop")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok, auth.TokenPrefix) || len(tok) < 40 {
				t.Errorf("token %q", tok)
			}
			u, err := s.TokenUser(ctx, tok)
			if err != nil || u.Name != "ua-liaison" || u.Party != "UA" || u.Role != truce.RoleLiaison {
				t.Fatalf("TokenUser: %+v %v", u, err)
			}
			// Stored hashed: the token is nowhere in the database.
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE hash = ? OR label = ?`, []byte(tok), tok).Scan(&n); err != nil || n != 0 {
				t.Errorf("token stored in clear (%d, %v)", n, err)
			}
			other := &truce.User{Name: "m1", Role: truce.RoleMonitor}
			s.EnsureUser(ctx, other)
			if err := s.RevokeToken(ctx, meta.ID, other); truce.ErrorCode(err) != truce.ENOTFOUND {
				t.Errorf("revoke another's token: got %v, want ENOTFOUND", err)
			}
			if err := s.RevokeToken(ctx, meta.ID, liaison); err != nil {
				t.Fatal(err)
			}
			if _, err := s.TokenUser(ctx, tok); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("revoked token: got %v, want EUNAUTHORIZED", err)
			}
			if _, err := s.TokenUser(ctx, tok[:len(tok)-1]+"A"); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("altered token: got %v, want EUNAUTHORIZED", err)
			}
		})
	})
}

func TestAudit(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t, sqldbtest.MustOpenSQLite(t))
	for i, o := range []string{auth.OutcomeOK, auth.OutcomeDenied, auth.OutcomeFailed} {
		if err := s.Record(ctx, auth.Entry{Actor: "a", Role: "admin", Action: "POST /api/x", Target: "/api/x", Outcome: o, Status: 200 + i}); err != nil {
			t.Fatal(err)
		}
	}
	es, err := s.AuditLog(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Outcome != auth.OutcomeFailed || es[1].Outcome != auth.OutcomeDenied {
		t.Fatalf("AuditLog: %+v", es)
	}
	older, _ := s.AuditLog(ctx, 10, es[1].ID)
	if len(older) != 1 || older[0].Outcome != auth.OutcomeOK {
		t.Fatalf("AuditLog before %d: %+v", es[1].ID, older)
	}
	if err := s.Record(ctx, auth.Entry{Actor: "a", Role: "admin", Action: "x", Outcome: "maybe"}); err == nil {
		t.Error("an unknown outcome was recorded")
	}
}

// TestTokenCache: a token found valid is trusted for TokenCacheTTL; a
// revocation through the same Service is refused at once, one by another
// process (another Service on the database) once the TTL has passed on the
// service's clock, or at once with the cache off.
func TestTokenCache(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, now := MustOpenService(t, db)
		other := auth.New(db.SQL()) // `truce token revoke` in another process
		admin := &truce.User{Name: "root", Role: truce.RoleAdmin}
		if err := s.CreateUser(ctx, admin, ""); err != nil {
			t.Fatal(err)
		}
		newToken := func() (string, int64) {
			tok, meta, err := s.CreateToken(ctx, admin, "t")
			if err != nil {
				t.Fatal(err)
			}
			if u, err := s.TokenUser(ctx, tok); err != nil || u.Name != "root" || u.Role != truce.RoleAdmin {
				t.Fatalf("TokenUser: %+v %v", u, err)
			}
			return tok, meta.ID
		}

		t.Run("RevokedElsewhere", func(t *testing.T) {
			tok, id := newToken()
			if err := other.RevokeToken(ctx, id, admin); err != nil {
				t.Fatal(err)
			}
			if u, err := s.TokenUser(ctx, tok); err != nil || u.Name != "root" {
				t.Fatalf("within the TTL: got %+v %v, want the cached user", u, err)
			}
			*now = now.Add(s.TokenCacheTTL)
			if _, err := s.TokenUser(ctx, tok); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("after the TTL: got %v, want EUNAUTHORIZED", err)
			}
		})
		t.Run("RevokedHere", func(t *testing.T) {
			tok, id := newToken()
			if err := s.RevokeToken(ctx, id, admin); err != nil {
				t.Fatal(err)
			}
			if _, err := s.TokenUser(ctx, tok); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("got %v, want EUNAUTHORIZED at once", err)
			}
		})
		t.Run("CacheOff", func(t *testing.T) {
			s.TokenCacheTTL = 0
			defer func() { s.TokenCacheTTL = auth.DefaultTokenCacheTTL }()
			tok, id := newToken()
			if err := other.RevokeToken(ctx, id, admin); err != nil {
				t.Fatal(err)
			}
			if _, err := s.TokenUser(ctx, tok); truce.ErrorCode(err) != truce.EUNAUTHORIZED {
				t.Errorf("got %v, want EUNAUTHORIZED at once", err)
			}
		})
	})
}
