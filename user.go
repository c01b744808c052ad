package truce

import (
	"context"
	"fmt"
	"slices"
)

// Role is what a user may do. Every API endpoint lists the roles allowed to
// call it (package api); anything not listed is denied.
type Role string

// The roles.
const (
	RoleAdmin   Role = "admin"   // manages users, tokens, witnesses; reads the audit log; may record a provision's status
	RoleMonitor Role = "monitor" // submits reports
	RoleAnalyst Role = "analyst" // reviews, verifies, judges, records a provision's status; the only role that may read a source's identity
	RoleLiaison Role = "liaison" // an officer of one party: verified findings, complaints and responses of that party only
	RolePublic  Role = "public"  // anyone, without logging in: published reports and aggregates
)

// Roles lists every role, most privileged first.
var Roles = []Role{RoleAdmin, RoleAnalyst, RoleMonitor, RoleLiaison, RolePublic}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is an account of the mission, or the anonymous public.
type User struct {
	ID    int64  `json:"id,omitempty"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	Party string `json:"party,omitempty"` // the party a liaison officer acts for; "" for other roles
}

// Public is the anonymous caller.
var Public = &User{Name: "public", Role: RolePublic}

// Validate checks a user's name, role and party binding: a liaison is bound
// to exactly one party, no other role is.
func (u *User) Validate() error {
	if u.Name == "" || len(u.Name) > 64 {
		return FieldErrorf("name", "a user name of 1 to 64 characters is required")
	}
	for _, c := range u.Name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '@') {
			return FieldErrorf("name", "%q may hold only letters, digits and . - _ @", u.Name)
		}
	}
	if !u.Role.Valid() || u.Role == RolePublic {
		return FieldErrorf("role", "%q is not a role (one of admin, monitor, analyst, liaison)", u.Role)
	}
	if u.Role == RoleLiaison && !ValidPartyCode(u.Party) {
		return FieldErrorf("party", "a liaison officer must be bound to a party code, got %q", u.Party)
	}
	if u.Role != RoleLiaison && u.Party != "" {
		return FieldErrorf("party", "only a liaison officer is bound to a party (role %s)", u.Role)
	}
	return nil
}

// String names the user and role for logs and the audit log.
func (u *User) String() string {
	if u.Party != "" {
		return fmt.Sprintf("%s (%s, %s)", u.Name, u.Role, u.Party)
	}
	return fmt.Sprintf("%s (%s)", u.Name, u.Role)
}

type userKey struct{}

// WithUser returns ctx carrying the authenticated caller, for code below
// the API (the store's hooks) that records who acted.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the caller ctx carries: Public when none.
func UserFrom(ctx context.Context) *User {
	if u, ok := ctx.Value(userKey{}).(*User); ok && u != nil {
		return u
	}
	return Public
}
