package sqldb

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// Change is one write recorded in the change feed, in commit order: what
// `GET /api/events` streams, and how servers sharing one PostgreSQL
// database learn of each other's writes.
type Change struct {
	ID   int64           `json:"id"`
	At   time.Time       `json:"at"`
	Kind string          `json:"kind"` // what changed: "source", "position", "provision-status", "scenario", ...
	Ref  string          `json:"ref"`  // the id of what changed
	Data json.RawMessage `json:"data"` // the new state or a summary, JSON
}

// notifyChannel is the PostgreSQL NOTIFY channel the changes table's
// trigger (migrations/postgres/0010_changes.sql) signals on.
const notifyChannel = "truce_changes"

// RecordChange appends a change to the feed in the transaction's own
// writes, so the feed holds a change exactly when its write committed. On
// PostgreSQL it first takes the feed's advisory lock, so that change ids
// are committed in increasing order and a reader that has seen id N never
// misses a later commit with a smaller id.
func (tx *Tx) RecordChange(ctx context.Context, kind, ref string, data any) error {
	if err := tx.Lock(ctx, lockChanges); err != nil {
		return err
	}
	b, err := json.Marshal(data)
	if err != nil {
		return truce.Errorf(truce.EINTERNAL, "change %s %s: %v", kind, ref, err)
	}
	// In a group commit the group's changes go in one insert (Defer).
	if err := tx.Defer(ctx, deferredChanges{}, []any{ts(tx.now), kind, ref, string(b)}, insertChanges); err != nil {
		return err
	}
	tx.changed = true
	return nil
}

// deferredChanges keys the change rows RecordChange defers.
type deferredChanges struct{}

func insertChanges(ctx context.Context, tx *Tx, vs []any) error {
	tx.changeRows += len(vs)
	if len(vs) == 1 {
		_, err := tx.execP(ctx, `INSERT INTO changes (at, kind, ref, data) VALUES (?, ?, ?, ?)`, vs[0].([]any)...)
		return err
	}
	return tx.InsertRows(ctx, "changes", "at, kind, ref, data", vs)
}

// Changes returns up to limit changes with ids greater than after, oldest first.
func (db *DB) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, at, kind, ref, data FROM changes WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		var at, data string
		if err := rows.Scan(&c.ID, &at, &c.Kind, &c.Ref, &data); err != nil {
			return nil, err
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		c.Data = json.RawMessage(data)
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastChange returns the id of the newest change, 0 when there is none.
func (db *DB) LastChange(ctx context.Context) (int64, error) {
	var id int64
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&id)
	return id, err
}

// Watch returns a channel that receives a value whenever changes may have
// been committed: by this process (on commit), or on PostgreSQL by any
// process using the same database (LISTEN/NOTIFY). Wake-ups coalesce and
// may be spurious; the watcher reads Changes after the last id it has seen.
// The channel is unregistered when ctx ends.
func (db *DB) Watch(ctx context.Context) <-chan struct{} {
	return db.watch.add(ctx)
}

// watchers fans change wake-ups out to the Watch channels.
type watchers struct {
	db     *DB
	mu     sync.Mutex
	subs   map[chan struct{}]struct{}
	ctx    context.Context // ends on close; stops the listener
	cancel context.CancelFunc
	listen sync.Once
	done   chan struct{} // closed when the listener has stopped
}

func newWatchers(db *DB) *watchers {
	ctx, cancel := context.WithCancel(context.Background())
	return &watchers{db: db, subs: map[chan struct{}]struct{}{}, ctx: ctx, cancel: cancel}
}

func (w *watchers) add(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	w.subs[ch] = struct{}{}
	w.mu.Unlock()
	if w.db.dialect.postgres() {
		w.listen.Do(func() {
			w.done = make(chan struct{})
			go w.listenPostgres()
		})
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-w.ctx.Done():
		}
		w.mu.Lock()
		delete(w.subs, ch)
		w.mu.Unlock()
	}()
	return ch
}

// wake signals every watcher without blocking.
func (w *watchers) wake() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for ch := range w.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (w *watchers) close() {
	w.cancel()
	if w.done != nil {
		<-w.done
	}
}

// listenPostgres holds one connection outside the pool that LISTENs for the
// changes table's notifications, reconnecting with back-off when it drops.
// Each (re)connection wakes the watchers, so nothing committed while it was
// away goes unread.
func (w *watchers) listenPostgres() {
	defer close(w.done)
	backoff := 100 * time.Millisecond
	for w.ctx.Err() == nil {
		err := w.listenOnce()
		if w.ctx.Err() != nil {
			return
		}
		slog.Warn("change feed: LISTEN connection lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-w.ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

func (w *watchers) listenOnce() error {
	conn, err := pgx.Connect(w.ctx, w.db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(w.ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	w.wake()
	for {
		if _, err := conn.WaitForNotification(w.ctx); err != nil {
			return err
		}
		w.wake()
	}
}
