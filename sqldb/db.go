// Package sqldb is Truce's store on database/sql: embedded SQLite by default
// (modernc.org/sqlite, cgo-free), shaped so that a PostgreSQL dialect can
// join without copying any rule: the rules live in package truce, this
// package only reads and writes, and dialect differences are confined to
// the dialect type and the per-dialect migration folders.
package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrationsFS embed.FS

// DB is the store. Its methods are safe for concurrent use.
type DB struct {
	db      *sql.DB
	dsn     string
	dialect dialect

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// NewJudger builds the judge of incidents over the current rules; the
	// store calls it again whenever the rules version changes. Nil: incidents
	// are stored without verdicts. Set it before the store is used.
	NewJudger func(ctx context.Context, db *DB) (Judger, error)
	// Hooks are called inside the store's transactions (the transparency log).
	Hooks Hooks

	judgeMu       sync.Mutex
	judge         judgerState
	commitOnce    sync.Once
	closeOnce     sync.Once
	queue         chan *pendingReport
	closed        chan struct{}
	committerDone chan struct{}
}

// dialect holds what differs between SQL engines.
type dialect struct {
	name string
}

// Open opens (creating if needed) the SQLite database at path and migrates
// it. ":memory:" opens a private in-memory database.
//
// Every pooled connection gets busy_timeout, WAL, foreign keys and
// synchronous=FULL through the DSN, so none can run without them.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, truce.Errorf(truce.EINVALID, "database path required")
	}
	dsn := sqliteDSN(path)
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if path == ":memory:" {
		// Each connection to :memory: is a separate database: keep one.
		sdb.SetMaxOpenConns(1)
	}
	db := &DB{db: sdb, dsn: dsn, dialect: dialect{name: "sqlite"}, Now: time.Now, closed: make(chan struct{})}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return db, nil
}

func sqliteDSN(path string) string {
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
	if path == ":memory:" {
		return "file::memory:?" + pragmas
	}
	return "file:" + path + "?" + pragmas + "&_pragma=journal_mode(WAL)"
}

// Close closes the database.
func (db *DB) Close() error {
	db.stopCommitter()
	return db.db.Close()
}

// SQL returns the underlying *sql.DB for packages that keep their own tables
// in the same database (and the same transactions, see BeginTx).
func (db *DB) SQL() *sql.DB { return db.db }

// Dialect names the SQL engine: "sqlite" (or "postgres").
func (db *DB) Dialect() string { return db.dialect.name }

// Tx is a transaction that carries the time it started, from the DB's clock.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// Now returns the transaction's time.
func (tx *Tx) Now() time.Time { return tx.now }

// BeginTx starts a transaction.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}, nil
}

// migrate applies the embedded migrations not yet recorded, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	dir := "migrations/" + db.dialect.name
	names, err := fs.Glob(migrationsFS, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	b, err := migrationsFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(b)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, tx.now.Format(time.RFC3339Nano)); err != nil {
		return err
	}
	return tx.Commit()
}

// Pragmas returns the value of the durability pragmas on one pooled
// connection: journal_mode, synchronous (2 = FULL) and foreign_keys.
func (db *DB) Pragmas(ctx context.Context) (journal string, synchronous, foreignKeys int, err error) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return "", 0, 0, err
	}
	defer conn.Close()
	if err = conn.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal); err != nil {
		return
	}
	if err = conn.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&synchronous); err != nil {
		return
	}
	err = conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&foreignKeys)
	return
}

// isConstraint reports whether err is a constraint violation of the given
// kind ("unique", "foreignkey", "" for any), recognised by the driver's
// error code, never by message text.
func isConstraint(err error, kind string) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch kind {
	case "unique":
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	case "foreignkey":
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}

// placeholders returns "?, ?, ..." for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
