package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgresDSN reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openPostgres opens a PostgreSQL pool through pgx's database/sql driver,
// wrapped so that every query written with SQLite's ? placeholders, from
// this package or from any package using SQL(), runs unchanged: the wrapper
// rebinds them to $1, $2, ... on the way to the server.
func openPostgres(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	sdb := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(10)
	return sdb, nil
}

// rebindConnector wraps pgx's connector; its connections rebind placeholders.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn is a pgx connection that rewrites ? placeholders to $n. It
// implements the optional database/sql driver interfaces pgx's does, so the
// pool keeps pinging, resetting and checking arguments the same way.
type rebindConn struct{ c *stdlib.Conn }

var (
	_ driver.ConnPrepareContext = (*rebindConn)(nil)
	_ driver.ConnBeginTx        = (*rebindConn)(nil)
	_ driver.ExecerContext      = (*rebindConn)(nil)
	_ driver.QueryerContext     = (*rebindConn)(nil)
	_ driver.Pinger             = (*rebindConn)(nil)
	_ driver.SessionResetter    = (*rebindConn)(nil)
	_ driver.NamedValueChecker  = (*rebindConn)(nil)
)

func (r *rebindConn) Prepare(q string) (driver.Stmt, error) { return r.c.Prepare(rebind(q)) }
func (r *rebindConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return r.c.PrepareContext(ctx, rebind(q))
}
func (r *rebindConn) Close() error              { return r.c.Close() }
func (r *rebindConn) Begin() (driver.Tx, error) { return r.c.Begin() } //nolint:staticcheck // required by driver.Conn
// BeginTx begins a transaction; a read-write one first takes the writer
// lock (a transaction-scoped advisory lock), so that on PostgreSQL, as on
// SQLite with _txlock=immediate, write transactions run one at a time, even
// across servers sharing the database. Every check-then-write in the store
// and in the packages that keep tables in it (tlog's tree head, report
// clustering, id allocation by count) was written for that model; this
// keeps it true rather than relying on each query to lock what it reads.
func (r *rebindConn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	tx, err := r.c.BeginTx(ctx, o)
	if err != nil || o.ReadOnly {
		return tx, err
	}
	if _, err := r.c.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, []driver.NamedValue{{Ordinal: 1, Value: int64(lockWriter)}}); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}
func (r *rebindConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return r.c.ExecContext(ctx, rebind(q), args)
}
func (r *rebindConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return r.c.QueryContext(ctx, rebind(q), args)
}
func (r *rebindConn) Ping(ctx context.Context) error             { return r.c.Ping(ctx) }
func (r *rebindConn) ResetSession(ctx context.Context) error     { return r.c.ResetSession(ctx) }
func (r *rebindConn) CheckNamedValue(v *driver.NamedValue) error { return r.c.CheckNamedValue(v) }

// rebind rewrites the ? placeholders of q to PostgreSQL's $1, $2, ...,
// leaving string literals, quoted identifiers, dollar-quoted bodies and
// comments alone. Hand-written because no maintained library does this
// for database/sql without also taking over query building (sqlx's Rebind
// does not skip comments or dollar quotes).
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
			continue
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
			continue
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end - 1
			continue
		case c == '$':
			// $tag$ ... $tag$ (tag may be empty); $1 is left as is.
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || j > i+1 && q[j] >= '0' && q[j] <= '9') {
				j++
			}
			if j < len(q) && q[j] == '$' {
				tag := q[i : j+1]
				k := strings.Index(q[j+1:], tag)
				end := len(q)
				if k >= 0 {
					end = j + 1 + k + len(tag)
				}
				b.WriteString(q[i:end])
				i = end - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pgConstraint reports whether err is a PostgreSQL constraint violation of
// the given kind, by SQLSTATE: 23505 unique, 23503 foreign key, class 23 any.
func pgConstraint(err error, kind string) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch kind {
	case "unique":
		return pe.Code == "23505"
	case "foreignkey":
		return pe.Code == "23503"
	}
	return strings.HasPrefix(pe.Code, "23")
}
