// Package sqldb is Truce's store on database/sql: embedded SQLite by default
// (modernc.org/sqlite, cgo-free), or PostgreSQL (pgx) when opened with a
// postgres:// URL. The rules live in package truce; this package only reads
// and writes, with one set of queries written in the common subset of the
// two engines with ? placeholders. What differs is confined to the dialect
// type (locks, ids of new rows, constraint errors), the connection wrapper
// that rebinds placeholders for PostgreSQL (postgres.go), and the paired
// migration folders migrations/sqlite and migrations/postgres.
package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	watch   *watchers // change notification, see changes.go

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // kept prepared across transactions (see Tx.Prepared)

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// NewJudger builds the judge of incidents over the current rules; the
	// store calls it again whenever the rules version changes. Nil: incidents
	// are stored without verdicts. Set it before the store is used.
	NewJudger func(ctx context.Context, db *DB) (Judger, error)
	// Hooks are called inside the store's transactions (the transparency log).
	Hooks Hooks
	// AckBeforeCommit is a deliberately broken mode for tests only
	// (TRUCE_TEST_ACK_BEFORE_COMMIT=1 in `truce serve`): reports are
	// acknowledged before their group is committed, so a crash loses
	// acknowledged reports. The kill -9 test must fail with it.
	AckBeforeCommit bool

	judgeMu       sync.Mutex
	judge         judgerState
	rj            *rejudgeState // background re-judging, see rejudge.go
	commitOnce    sync.Once
	closeOnce     sync.Once
	queue         chan *pendingReport
	closed        chan struct{}
	committerDone chan struct{}
	openIdx       *openIndex   // the committer's copy of the incident lookup's index
	redos         atomic.Int64 // groups written again with savepoints (see commitGroup)

	// plainImport makes ImportReports write as plainly as it can on
	// SQLite too: once every report is clustered, each row with all its
	// values bound through database/sql.
	// Tests set it to check that the fast path (import.go) stores the
	// same.
	plainImport bool
}

// dialect holds what differs between SQL engines. Queries everywhere are
// written once, in the common subset of SQLite and PostgreSQL with ?
// placeholders (rebound to $n for PostgreSQL by the connection, see
// postgres.go); what cannot be written once goes through these methods.
type dialect struct {
	name string // "sqlite" or "postgres": also the migrations folder
}

func (d dialect) postgres() bool { return d.name == "postgres" }

// lock takes a transaction-scoped lock named by key: PostgreSQL's advisory
// lock, so that concurrent servers on one database serialise; a no-op on
// SQLite, whose write transactions already exclude each other
// (_txlock=immediate).
func (d dialect) lock(ctx context.Context, tx *sql.Tx, key int64) error {
	if !d.postgres() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, key)
	return err
}

// Advisory lock keys.
const (
	lockMigrate = 0x7472756365_01 // "truce" 1: migrations
	lockChanges = 0x7472756365_02 // "truce" 2: the change feed's order
	lockWriter  = 0x7472756365_03 // "truce" 3: one read-write transaction at a time (postgres.go)
)

// insertID runs an INSERT and returns the id the database gave the new row
// (column id): LastInsertId on SQLite, RETURNING id on PostgreSQL, whose
// driver has no LastInsertId.
func (d dialect) insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	if d.postgres() {
		var id int64
		err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// isConstraint reports whether err is a constraint violation of the given
// kind ("unique", "foreignkey", "" for any), recognised by the driver's
// error code (SQLite extended result code, PostgreSQL SQLSTATE), never by
// message text.
func isConstraint(err error, kind string) bool {
	if err == nil {
		return false
	}
	return sqliteConstraint(err, kind) || pgConstraint(err, kind)
}

// IsConstraint is isConstraint for the packages that keep their own tables
// in the store (kind: "unique", "foreignkey", or "" for any).
func IsConstraint(err error, kind string) bool { return isConstraint(err, kind) }

// Open opens (creating if needed) the store named by dsn and migrates it:
// a postgres:// or postgresql:// URL opens PostgreSQL; anything else is a
// SQLite file path, and ":memory:" a private in-memory SQLite database.
//
// Every pooled SQLite connection gets busy_timeout, WAL, foreign keys and
// synchronous=FULL through the DSN, so none can run without them.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, truce.Errorf(truce.EINVALID, "database path required")
	}
	if IsPostgresDSN(dsn) {
		sdb, err := openPostgres(dsn)
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "database URL: %v", err)
		}
		return open(ctx, sdb, dsn, dialect{name: "postgres"}, redactDSN(dsn))
	}
	path := dsn
	sdsn := sqliteDSN(path)
	sdb, err := sql.Open("sqlite", sdsn)
	if err != nil {
		return nil, err
	}
	if path == ":memory:" {
		// Each connection to :memory: is a separate database: keep one.
		sdb.SetMaxOpenConns(1)
	} else {
		// Keep enough idle connections for concurrent readers (every API
		// request reads): with database/sql's default of 2, a burst of
		// requests opens and closes connections, and each new SQLite
		// connection parses the schema again.
		sdb.SetMaxIdleConns(16)
	}
	return open(ctx, sdb, sdsn, dialect{name: "sqlite"}, path)
}

func open(ctx context.Context, sdb *sql.DB, dsn string, d dialect, name string) (*DB, error) {
	db := &DB{db: sdb, dsn: dsn, dialect: d, Now: time.Now, closed: make(chan struct{}), rj: newRejudgeState(), openIdx: &openIndex{}}
	db.watch = newWatchers(db)
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("migrate %s: %w", name, err)
	}
	return db, nil
}

// redactDSN hides the password of a database URL, for messages and logs.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(database URL)"
	}
	return u.Redacted()
}

// Name is the database's name fit for logs: the SQLite path, or the
// PostgreSQL URL without its password.
func (db *DB) Name() string {
	if db.dialect.postgres() {
		return redactDSN(db.dsn)
	}
	return strings.TrimPrefix(strings.SplitN(db.dsn, "?", 2)[0], "file:")
}

// sqlitePageSize is the page size of a new SQLite database. A bulk
// import's commit writes every page it changed to the WAL, a frame (two
// writes) per page, and the checkpoint copies each back: with 16 KiB pages
// instead of the default 4 KiB a quarter as many, for about the same bytes
// (100,000 reports: commit 0.24-0.32 -> 0.15-0.19 cpu-s). A database keeps
// the page size it was created with: this applies to new ones only (in WAL
// mode not even VACUUM changes it), and an older one opens as before.
const sqlitePageSize = 16384

func sqliteDSN(path string) string {
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate" +
		"&_pragma=page_size(" + strconv.Itoa(sqlitePageSize) + ")"
	if path == ":memory:" {
		return "file::memory:?" + pragmas
	}
	// The page size must be set before anything writes page 1, which
	// switching a new database to WAL does: the driver runs the _pragma
	// list sorted by name (journal_mode before page_size) and its
	// _journal_mode key after the list.
	return "file:" + path + "?" + pragmas + "&_journal_mode=WAL"
}

// Close stops the re-judger, the group committer and change notification
// and closes the database.
func (db *DB) Close() error {
	db.stopRejudger()
	db.stopCommitter()
	db.watch.close()
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.stmtMu.Unlock()
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
	db      *DB
	now     time.Time
	changed bool                 // RecordChange was called: wake watchers on commit
	bumped  bool                 // BumpRulesVersion was called: wake the re-judger on commit
	stmtMu  sync.Mutex           // guards stmts: a bulk import runs its batch hooks beside its own writes
	stmts   map[string]*sql.Stmt // statements prepared in this transaction (see Prepared)

	grouped    bool                // a group commit: Defer collects until flushDeferred
	stored     map[storedKind]bool // in a group commit: the kinds of incident stored (see storedKinds)
	openIdx    *openIndex          // in a group commit: the committer's copy of the lookup's index, nil when not used
	changeRows int                 // rows inserted into changes (see openIndex.committed)
	deferred   []deferredValue     // what Defer collected, in order

	conn    *sql.Conn              // a bulk import's own connection (beginBulk), else nil
	connCtx context.Context        // the context conn's transaction began with
	raw     map[string]driver.Stmt // statements prepared on conn's driver connection (execRaw)
	bulk    map[string]*bulkWriter // BulkInsert's, by table (guarded by stmtMu)
}

type deferredValue struct {
	key   any
	v     any
	flush func(ctx context.Context, tx *Tx, vs []any) error
}

// Defer hands v to flush, together with the other values deferred under
// the same key, before the transaction commits. In an ordinary
// transaction it calls flush(ctx, tx, []any{v}) at once. In a group commit
// (AddReport) it keeps v until the group's reports are written and then
// calls flush once per key with every value still deferred, in the order
// deferred: a report that fails takes back what it deferred with its
// savepoint. A hook that writes the same rows for every report (the
// transparency log's leaves) so writes them once per group. flush must be
// the same function for a key; its error fails the whole group.
func (tx *Tx) Defer(ctx context.Context, key, v any, flush func(ctx context.Context, tx *Tx, vs []any) error) error {
	if !tx.grouped {
		return flush(ctx, tx, []any{v})
	}
	tx.deferred = append(tx.deferred, deferredValue{key, v, flush})
	return nil
}

// InsertRows inserts rows (each a []any of one value per column of cols)
// into table with multi-row INSERTs, each full-size one prepared once per
// transaction.
func (tx *Tx) InsertRows(ctx context.Context, table, cols string, rows []any) error {
	if len(rows) == 0 {
		return nil
	}
	ncol := len(rows[0].([]any))
	per := max(1, 2000/ncol)
	one := "(" + placeholders(ncol) + ")"
	args := make([]any, 0, min(per, len(rows))*ncol)
	for len(rows) > 0 {
		chunk := rows[:batchRows(len(rows), per)]
		rows = rows[len(chunk):]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.([]any)...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", ")
		if _, err := tx.execP(ctx, q, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// batchRows is how many of n rows the next multi-row INSERT takes: per,
// or the largest power of two below: a group's inserts then repeat a few
// statement texts, kept prepared (Tx.Prepared), whatever the group's size.
func batchRows(n, per int) int {
	if n >= per {
		return per
	}
	b := 1
	for b*2 <= n {
		b *= 2
	}
	return b
}

// flushDeferred calls the flush of each key deferred, in the order the
// keys were first deferred, with its values.
func (tx *Tx) flushDeferred(ctx context.Context) error {
	ds := tx.deferred
	tx.deferred = nil
	for len(ds) > 0 {
		key, flush := ds[0].key, ds[0].flush
		var vs []any
		rest := ds[:0]
		for _, d := range ds {
			if d.key == key {
				vs = append(vs, d.v)
			} else {
				rest = append(rest, d)
			}
		}
		if err := flush(ctx, tx, vs); err != nil {
			return err
		}
		ds = rest
	}
	return nil
}

// Commit commits the transaction and, if it recorded changes, wakes this
// process's change watchers (other processes learn of it by NOTIFY on
// PostgreSQL, see changes.go).
func (tx *Tx) Commit() error {
	tx.closeRaw()
	if err := tx.Tx.Commit(); err != nil {
		return err
	}
	if tx.changed {
		tx.db.watch.wake()
	}
	if tx.bumped {
		tx.db.kickRejudger()
	}
	return nil
}

// beginBulk begins a bulk import's transaction: on SQLite, on a pooled
// connection held for it, whose driver connection its inserts use
// directly (execRaw); on PostgreSQL (and for a plain import), as
// BeginTx. The caller defers end, which rolls back what was not
// committed and gives the connection back.
func (db *DB) beginBulk(ctx context.Context) (tx *Tx, end func(), err error) {
	if db.dialect.postgres() || db.plainImport {
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return nil, nil, err
		}
		return tx, func() { tx.Rollback() }, nil
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	tx = db.newTx(stx)
	tx.conn, tx.connCtx = conn, ctx
	return tx, func() {
		tx.closeRaw()
		tx.Rollback()
		conn.Close()
	}, nil
}

// execRaw runs q with args on the driver connection of a bulk import's
// transaction (beginBulk), each statement prepared once per transaction.
// database/sql checks, converts and copies every argument of every
// statement before the driver binds it, a good part of what a value
// costs a bulk insert; the import hands the driver values it made ready
// (driverArgs) on another goroutine. database/sql offers no other way
// to skip that (Conn.Raw is its way to reach the driver), and runs
// nothing else on the connection meanwhile (Raw holds it, as each of its
// own statements does).
func (tx *Tx) execRaw(ctx context.Context, q string, args []driver.NamedValue) error {
	return tx.conn.Raw(func(dc any) error {
		// database/sql rolls the transaction back when its context ends,
		// and the connection would then run this on its own: not once
		// that context or this one has ended (the rollback waits for
		// the connection, held here).
		if err := cmp.Or(tx.connCtx.Err(), ctx.Err()); err != nil {
			return err
		}
		st := tx.raw[q]
		if st == nil {
			p, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("driver connection %T cannot prepare with a context", dc)
			}
			var err error
			if st, err = p.PrepareContext(ctx, q); err != nil {
				return err
			}
			if tx.raw == nil {
				tx.raw = map[string]driver.Stmt{}
			}
			tx.raw[q] = st
		}
		x, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("driver statement %T cannot run with a context", st)
		}
		_, err := x.ExecContext(ctx, args)
		return err
	})
}

// closeRaw closes the statements execRaw prepared.
func (tx *Tx) closeRaw() {
	if tx.conn == nil {
		return
	}
	tx.conn.Raw(func(any) error {
		for q, st := range tx.raw {
			st.Close()
			delete(tx.raw, q)
		}
		return nil
	})
}

// driverArgs returns args as execRaw hands them to the driver: the values
// as database/sql would convert them (the import's are of the driver's
// types already; others by the driver package's default conversion, which
// database/sql also uses), numbered from 1. It appends to out.
func driverArgs(out []driver.NamedValue, args []any) ([]driver.NamedValue, error) {
	for i, v := range args {
		if !driver.IsValue(v) {
			var err error
			if v, err = driver.DefaultParameterConverter.ConvertValue(v); err != nil {
				return nil, fmt.Errorf("argument %d: %w", i+1, err)
			}
		}
		out = append(out, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	return out, nil
}

// BulkInsert inserts rows into table as a bulk import writes its own:
// cols names the columns, vals holds the rows' values side by side. It
// reports false, doing nothing, unless tx is a bulk import's on SQLite
// (the caller then inserts by its own means). The transparency log
// writes its leaves with it. Calls for one table must not overlap.
func (tx *Tx) BulkInsert(ctx context.Context, table, cols string, vals []any) (bool, error) {
	if tx.conn == nil || len(vals) == 0 {
		return tx.conn != nil, nil
	}
	ncol := len(splitCols(cols))
	if len(vals)%ncol != 0 {
		return true, fmt.Errorf("insert into %s: %d values for rows of %d", table, len(vals), ncol)
	}
	// A writer per table, kept with its buffers for the next call.
	tx.stmtMu.Lock()
	w := tx.bulk[table]
	if w == nil {
		w = &bulkWriter{ctx: ctx, tx: tx, free: make(chan insert, 1)}
		if tx.bulk == nil {
			tx.bulk = map[string]*bulkWriter{}
		}
		tx.bulk[table] = w
	}
	tx.stmtMu.Unlock()
	w.ctx = ctx
	for i := 0; i < len(vals); i += ncol {
		if err := w.row(table, cols, ncol, vals[i:i+ncol]...); err != nil {
			return true, err
		}
	}
	return true, w.flush()
}

// InsertID runs an INSERT into a table whose key is an integer column named
// id and returns the new row's id, on either engine.
func (tx *Tx) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	return tx.db.dialect.insertID(ctx, tx.Tx, query, args...)
}

// Lock takes a transaction-scoped lock named by key (see dialect.lock), so
// that checks followed by writes stay correct with several servers on one
// PostgreSQL database.
func (tx *Tx) Lock(ctx context.Context, key int64) error {
	return tx.db.dialect.lock(ctx, tx.Tx, key)
}

// Now returns the transaction's time.
func (tx *Tx) Now() time.Time { return tx.now }

// BeginTx starts a transaction.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return db.newTx(tx), nil
}

// newTx wraps a transaction begun on db, its clock read once.
func (db *DB) newTx(tx *sql.Tx) *Tx {
	return &Tx{Tx: tx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}
}

// migrate applies the embedded migrations not yet recorded, each in its own transaction.
// On PostgreSQL an advisory lock makes servers starting together on one
// database take turns.
func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Lock(ctx, lockMigrate); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
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
	if err := tx.Lock(ctx, lockMigrate); err != nil {
		return err
	}
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
// SQLite only: ENOTIMPLEMENTED on PostgreSQL.
func (db *DB) Pragmas(ctx context.Context) (journal string, synchronous, foreignKeys int, err error) {
	if db.dialect.postgres() {
		return "", 0, 0, truce.Errorf(truce.ENOTIMPLEMENTED, "pragmas are SQLite's")
	}
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

// sqliteConstraint reports whether err is a SQLite constraint violation of
// the given kind, by extended result code.
func sqliteConstraint(err error, kind string) bool {
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

// Ready reports whether the store can serve: the database answers and
// every embedded migration of its dialect is recorded as applied.
// EINTERNAL says which check failed.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return truce.Errorf(truce.EINTERNAL, "database unreachable: %v", err)
	}
	names, err := fs.Glob(migrationsFS, "migrations/"+db.dialect.name+"/*.sql")
	if err != nil {
		return err
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name LIKE ?`, "migrations/"+db.dialect.name+"/%").Scan(&n); err != nil {
		return truce.Errorf(truce.EINTERNAL, "migrations table: %v", err)
	}
	if n < len(names) {
		return truce.Errorf(truce.EINTERNAL, "%d of %d migrations applied", n, len(names))
	}
	return nil
}
