// Package alert delivers webhooks for new violations: a subscription names
// a provision, an area (a bounding box), or both, and every violation
// verdict that matches and was not there when the subscription was made is
// POSTed to its URL as JSON, signed with HMAC-SHA256 under the
// subscription's secret, and retried with exponential back-off until the
// receiver answers 2xx or the attempts run out.
//
// Deliveries are an outbox in the store (webhook_deliveries): finding a
// violation and delivering it are separate steps, so a delivery survives a
// restart, and servers sharing a PostgreSQL database claim each delivery
// before sending it, so each is sent by one of them at a time.
package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// Headers of a delivery. The signature is "sha256=" and the hex HMAC-SHA256,
// under the webhook's secret, of the timestamp header's value, a full
// stop, and the body: receivers recompute it (Verify) and reject old
// timestamps to stop replays.
const (
	HeaderSignature = "X-Truce-Signature"
	HeaderTimestamp = "X-Truce-Timestamp"
	HeaderDelivery  = "X-Truce-Delivery"
	HeaderEvent     = "X-Truce-Event"
)

// Webhook is a subscription to new violations.
type Webhook struct {
	ID        int64       `json:"id"`
	URL       string      `json:"url"`
	Secret    string      `json:"secret,omitempty"`    // shown only when created
	Provision string      `json:"provision,omitempty"` // "" = any provision
	BBox      *[4]float64 `json:"bbox,omitempty"`      // [minLon, minLat, maxLon, maxLat]; nil = anywhere
	Label     string      `json:"label,omitempty"`
	CreatedBy string      `json:"created_by,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	Active    bool        `json:"active"`
}

// Validate checks a new webhook's fields.
func (w *Webhook) Validate() error {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return truce.FieldErrorf("url", "%q is not an absolute http(s) URL", w.URL)
	}
	if w.BBox != nil {
		b := w.BBox
		for _, v := range b {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return truce.FieldErrorf("bbox", "%v holds a non-number", *b)
			}
		}
		if b[0] < -180 || b[2] > 180 || b[0] > b[2] || b[1] < -90 || b[3] > 90 || b[1] > b[3] {
			return truce.FieldErrorf("bbox", "%v: want [minLon, minLat, maxLon, maxLat] in range, min ≤ max", *b)
		}
	}
	if len(w.Secret) > 0 && len(w.Secret) < 16 {
		return truce.FieldErrorf("secret", "at least 16 characters (or none, and one is made)")
	}
	return nil
}

// Delivery is one violation sent (or to send) to one webhook.
type Delivery struct {
	ID          int64  `json:"id"`
	Webhook     int64  `json:"webhook"`
	Incident    int64  `json:"incident"`
	Provision   string `json:"provision"`
	State       string `json:"state"` // pending, delivered, failed
	Attempts    int    `json:"attempts"`
	NextAt      string `json:"next_at,omitempty"`
	LastStatus  int    `json:"last_status,omitempty"`
	LastError   string `json:"last_error,omitempty"`
	CreatedAt   string `json:"created_at"`
	DeliveredAt string `json:"delivered_at,omitempty"`
}

// Payload is the body of a delivery.
type Payload struct {
	Event       string    `json:"event"` // "violation"
	Delivery    int64     `json:"delivery"`
	Webhook     int64     `json:"webhook"`
	Provision   string    `json:"provision"`
	Issue       string    `json:"issue"`
	Verdict     string    `json:"verdict"`
	Explanation string    `json:"explanation"`
	Incident    any       `json:"incident"` // as Service.Incident renders it
	SentAt      time.Time `json:"sent_at"`
}

// DefaultMinGap is the least time between two passes of Service.Run.
const DefaultMinGap = 250 * time.Millisecond

// Service finds and delivers alerts.
type Service struct {
	DB     *sqldb.DB
	Client *http.Client
	Logger *slog.Logger
	Now    func() time.Time

	// Incident renders an incident for a payload (the public view, say);
	// nil sends only its id.
	Incident func(ctx context.Context, id int64) (any, error)

	Backoff     time.Duration // first retry delay, doubled each attempt (default 10s, at most 1h)
	MaxAttempts int           // default 10
	Interval    time.Duration // how often Run looks for work without a wake-up (default 5s)
	MinGap      time.Duration // the least time between two passes of Run (default DefaultMinGap)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// tsLayout is fixed-width, so timestamps compare as strings in SQL.
const tsLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

// Create stores a webhook (making a secret when it has none) and marks the
// violations already stored as seen: only new ones are delivered. It
// returns the webhook with its secret, the only time the secret is shown.
func (s *Service) Create(ctx context.Context, w *Webhook) (*Webhook, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if w.Secret == "" {
		b := make([]byte, 32)
		rand.Read(b)
		w.Secret = "whsec_" + hex.EncodeToString(b)
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.now()
	var b [4]any
	if w.BBox != nil {
		for i, v := range w.BBox {
			b[i] = v
		}
	}
	if w.Provision != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM provisions WHERE id = ?`, w.Provision).Scan(&n); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, truce.FieldErrorf("provision", "no provision %q", w.Provision)
		}
	}
	w.ID, err = tx.InsertID(ctx, `INSERT INTO webhooks (url, secret, provision, min_lon, min_lat, max_lon, max_lat, label, created_by, created_at, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, w.URL, w.Secret, w.Provision, b[0], b[1], b[2], b[3], w.Label, w.CreatedBy, ts(now))
	if err != nil {
		return nil, err
	}
	if _, err := enqueue(ctx, tx.Tx, w.ID, "baseline", now); err != nil {
		return nil, err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("webhook %d", w.ID)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	w.CreatedAt, w.Active = now, true
	return w, nil
}

// enqueue adds a delivery in the given state for every violation matching
// an active webhook (webhook 0: all of them) that has none yet.
func enqueue(ctx context.Context, tx *sql.Tx, webhook int64, state string, now time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook, incident, provision, state, next_at, created_at)
		SELECT w.id, v.incident, v.provision, ?, ?, ?
		FROM webhooks w
		JOIN verdicts v ON v.verdict = 'violation' AND (w.provision = '' OR w.provision = v.provision)
		JOIN incidents i ON i.id = v.incident
		WHERE w.active = 1 AND (? = 0 OR w.id = ?)
		  AND (w.min_lon IS NULL OR (i.lon >= w.min_lon AND i.lon <= w.max_lon AND i.lat >= w.min_lat AND i.lat <= w.max_lat))
		ON CONFLICT (webhook, incident, provision) DO NOTHING`, state, ts(now), ts(now), webhook, webhook)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Enqueue finds new violations for the active webhooks; it returns how many
// deliveries it added.
func (s *Service) Enqueue(ctx context.Context) (int, error) {
	var active int
	if err := s.DB.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM webhooks WHERE active = 1`).Scan(&active); err != nil {
		return 0, err
	} else if active == 0 {
		return 0, nil // the common case: no read-write transaction, no scan
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n, err := enqueue(ctx, tx.Tx, 0, "pending", s.now())
	if err != nil {
		return 0, err
	}
	return int(n), tx.Commit()
}

// List returns the webhooks, without their secrets.
func (s *Service) List(ctx context.Context) ([]Webhook, error) {
	rows, err := s.DB.SQL().QueryContext(ctx, `SELECT id, url, provision, min_lon, min_lat, max_lon, max_lat, label, created_by, created_at, active
		FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		var w Webhook
		var b [4]sql.NullFloat64
		var created string
		var active int
		if err := rows.Scan(&w.ID, &w.URL, &w.Provision, &b[0], &b[1], &b[2], &b[3], &w.Label, &w.CreatedBy, &created, &active); err != nil {
			return nil, err
		}
		if b[0].Valid {
			w.BBox = &[4]float64{b[0].Float64, b[1].Float64, b[2].Float64, b[3].Float64}
		}
		w.CreatedAt, _ = time.Parse(tsLayout, created)
		w.Active = active == 1
		out = append(out, w)
	}
	return out, rows.Err()
}

// Deactivate stops a webhook: no new deliveries, pending ones are dropped.
// ENOTFOUND for an unknown id.
func (s *Service) Deactivate(ctx context.Context, id int64) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE webhooks SET active = 0 WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no webhook %d", id)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = 'failed', last_error = 'webhook deactivated' WHERE webhook = ? AND state = 'pending'`, id); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("webhook %d", id)); err != nil {
		return err
	}
	return tx.Commit()
}

// Deliveries returns a webhook's deliveries, newest first (not the baseline).
func (s *Service) Deliveries(ctx context.Context, webhook int64) ([]Delivery, error) {
	rows, err := s.DB.SQL().QueryContext(ctx, `SELECT id, webhook, incident, provision, state, attempts, next_at, last_status, last_error, created_at, delivered_at
		FROM webhook_deliveries WHERE webhook = ? AND state <> 'baseline' ORDER BY id DESC LIMIT 500`, webhook)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ID, &d.Webhook, &d.Incident, &d.Provision, &d.State, &d.Attempts, &d.NextAt, &d.LastStatus, &d.LastError, &d.CreatedAt, &d.DeliveredAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Sign returns the signature header value for a body sent at timestamp.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery's signature, for receivers: the signature must
// match and the timestamp be within maxAge of now.
func Verify(secret string, h http.Header, body []byte, now time.Time, maxAge time.Duration) error {
	tsv := h.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(tsv, 10, 64)
	if err != nil {
		return fmt.Errorf("%s: %q is not a Unix time", HeaderTimestamp, tsv)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxAge || d < -maxAge {
		return fmt.Errorf("%s: %s old, more than %s", HeaderTimestamp, d, maxAge)
	}
	if !hmac.Equal([]byte(h.Get(HeaderSignature)), []byte(Sign(secret, tsv, body))) {
		return errors.New("signature mismatch")
	}
	return nil
}

// due is a pending delivery ready to send.
type due struct {
	id, webhook, incident int64
	provision, payload    string
	attempts              int
	url, secret           string
}

// DeliverDue sends the pending deliveries whose time has come; it returns
// how many were delivered. Each is claimed first (for two minutes), so
// that two servers never send one at the same time.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	now := s.now()
	rows, err := s.DB.SQL().QueryContext(ctx, `SELECT d.id, d.webhook, d.incident, d.provision, d.payload, d.attempts, w.url, w.secret
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook
		WHERE d.state = 'pending' AND d.next_at <= ? AND d.claimed_until < ? ORDER BY d.id LIMIT 50`, ts(now), ts(now))
	if err != nil {
		return 0, err
	}
	var work []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.webhook, &d.incident, &d.provision, &d.payload, &d.attempts, &d.url, &d.secret); err != nil {
			rows.Close()
			return 0, err
		}
		work = append(work, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	delivered := 0
	for _, d := range work {
		ok, err := s.claim(ctx, d.id, now)
		if err != nil {
			return delivered, err
		}
		if !ok {
			continue // another server has it
		}
		if s.deliver(ctx, &d) {
			delivered++
		}
	}
	return delivered, nil
}

func (s *Service) claim(ctx context.Context, id int64, now time.Time) (bool, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ? AND state = 'pending' AND claimed_until < ?`,
		ts(now.Add(2*time.Minute)), id, ts(now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, tx.Commit()
}

// deliver sends one delivery and records the outcome; it reports success.
func (s *Service) deliver(ctx context.Context, d *due) bool {
	body := []byte(d.payload)
	if len(body) == 0 {
		p, err := s.payload(ctx, d)
		if err != nil {
			s.record(ctx, d, 0, fmt.Errorf("building the payload: %w", err), false)
			return false
		}
		body = p
	}
	stamp := strconv.FormatInt(s.now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(body))
	if err != nil {
		s.record(ctx, d, 0, err, true)
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Truce-Webhook/1")
	req.Header.Set(HeaderEvent, "violation")
	req.Header.Set(HeaderDelivery, strconv.FormatInt(d.id, 10))
	req.Header.Set(HeaderTimestamp, stamp)
	req.Header.Set(HeaderSignature, Sign(d.secret, stamp, body))
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	d.payload = string(body)
	resp, err := client.Do(req)
	if err != nil {
		s.record(ctx, d, 0, err, false)
		return false
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		s.record(ctx, d, resp.StatusCode, nil, false)
		return true
	}
	// 4xx other than timeout and rate limiting will not get better by retrying.
	permanent := resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests
	s.record(ctx, d, resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode), permanent)
	return false
}

func (s *Service) payload(ctx context.Context, d *due) ([]byte, error) {
	var issue, verdict, explanation string
	err := s.DB.SQL().QueryRowContext(ctx, `SELECT issue, verdict, explanation FROM verdicts WHERE incident = ? AND provision = ?`, d.incident, d.provision).
		Scan(&issue, &verdict, &explanation)
	if err != nil {
		return nil, err
	}
	var in any = map[string]int64{"id": d.incident}
	if s.Incident != nil {
		if in, err = s.Incident(ctx, d.incident); err != nil {
			return nil, err
		}
	}
	return json.Marshal(Payload{Event: "violation", Delivery: d.id, Webhook: d.webhook, Provision: d.provision, Issue: issue,
		Verdict: verdict, Explanation: explanation, Incident: in, SentAt: s.now()})
}

// record stores an attempt's outcome: delivered, retry later, or failed.
func (s *Service) record(ctx context.Context, d *due, status int, failure error, permanent bool) {
	now := s.now()
	attempts := d.attempts + 1
	q, args := `UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = '', payload = ?, delivered_at = ?, claimed_until = '' WHERE id = ?`,
		[]any{attempts, status, d.payload, ts(now), d.id}
	if failure != nil {
		max := s.MaxAttempts
		if max <= 0 {
			max = 10
		}
		state := "pending"
		if permanent || attempts >= max {
			state = "failed"
		}
		backoff := s.Backoff
		if backoff <= 0 {
			backoff = 10 * time.Second
		}
		wait := min(backoff<<min(attempts-1, 20), time.Hour)
		msg := failure.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		q, args = `UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, payload = ?, next_at = ?, claimed_until = '' WHERE id = ?`,
			[]any{state, attempts, status, msg, d.payload, ts(now.Add(wait)), d.id}
		lvl := slog.LevelWarn
		s.logger().Log(ctx, lvl, "webhook delivery failed", "delivery", d.id, "webhook", d.webhook, "attempt", attempts, "state", state, "err", msg)
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		s.logger().Error("webhook: recording a delivery", "delivery", d.id, "err", err)
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		s.logger().Error("webhook: recording a delivery", "delivery", d.id, "err", err)
		return
	}
	if err := tx.Commit(); err != nil {
		s.logger().Error("webhook: recording a delivery", "delivery", d.id, "err", err)
	}
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Run finds and delivers alerts until ctx ends: after committed changes
// the store signals (and on PostgreSQL every server's) and every Interval.
// A burst of commits makes one pass, not one each: a pass starts at most
// every MinGap (a busy intake commits hundreds of groups a second, and each
// pass reads the store), so an alert goes out within MinGap of its commit.
func (s *Service) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	gap := s.MinGap
	if gap <= 0 {
		gap = DefaultMinGap
	}
	wake := s.DB.Watch(ctx)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		last := time.Now()
		if _, err := s.Enqueue(ctx); err != nil && ctx.Err() == nil {
			s.logger().Error("webhooks: finding violations", "err", err)
		}
		if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			s.logger().Error("webhooks: delivering", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
			// Let the burst this wake-up starts come in (wakes meanwhile
			// are coalesced by the store's watch).
			if d := gap - time.Since(last); d > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(d):
				}
			}
		case <-t.C:
		}
	}
}
