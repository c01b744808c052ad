package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
)

// LoadStats counts what a scenario load added or changed.
type LoadStats struct {
	Parties, Sources, Zones, Agreements, Provisions, StatusChanges, Positions, Talks int
}

// LoadScenario stores a validated scenario in one transaction: on any error
// nothing is stored. Loading is idempotent: parties, sources, zones,
// agreements, provisions and talks are inserted or updated by id; a
// provision's status history may only be extended (an existing history that
// the file contradicts is ECONFLICT); positions are append-only and a
// position already stored (same content) is not added again.
func (db *DB) LoadScenario(ctx context.Context, s *truce.Scenario) (LoadStats, error) {
	var st LoadStats
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	// Servers sharing one PostgreSQL database may all load the built-in
	// scenario into it on first start: they take turns.
	if err := tx.Lock(ctx, lockChanges); err != nil {
		return st, err
	}
	if err := loadScenario(ctx, tx, s, &st); err != nil {
		return st, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_loads (name, loaded_at) VALUES (?, ?)`, s.Name, ts(tx.now)); err != nil {
		return st, err
	}
	if s.TimeZone != "" {
		if _, err := truce.LoadZone(s.TimeZone); err != nil {
			return st, err
		}
		if _, err := setZoneTx(ctx, tx, s.TimeZone); err != nil {
			return st, err
		}
	}
	// Provisions and zones may have changed: incidents are judged again.
	if err := BumpRulesVersion(ctx, tx); err != nil {
		return st, err
	}
	if err := tx.RecordChange(ctx, "scenario", s.Name, st); err != nil {
		return st, err
	}
	if err := truce.AuditWrite(ctx, tx, "scenario "+s.Name); err != nil {
		return st, err
	}
	return st, tx.Commit()
}

func loadScenario(ctx context.Context, tx *Tx, s *truce.Scenario, st *LoadStats) error {
	for _, p := range s.Parties {
		if err := upsertParty(ctx, tx, &p); err != nil {
			return fmt.Errorf("party %s: %w", p.Code, err)
		}
		st.Parties++
	}
	for _, src := range s.Sources {
		if err := upsertSource(ctx, tx, &src); err != nil {
			return fmt.Errorf("source %s: %w", src.ID, err)
		}
		st.Sources++
	}
	for _, z := range s.Zones {
		if err := upsertZone(ctx, tx, &z); err != nil {
			return fmt.Errorf("zone %s: %w", z.ID, err)
		}
		st.Zones++
	}
	provs := map[string]*truce.Provision{}
	for i := range s.Provisions {
		provs[s.Provisions[i].ID] = &s.Provisions[i]
	}
	for _, a := range s.Agreements {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreements (id, name, summary, proposed, proposed_by, texts, sources)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, summary = excluded.summary, proposed = excluded.proposed,
				proposed_by = excluded.proposed_by, texts = excluded.texts, sources = excluded.sources`,
			a.ID, a.Name, a.Summary, a.Proposed.String(), js(a.ProposedBy), js(a.Texts), js(a.SourceIDs)); err != nil {
			return fmt.Errorf("agreement %s: %w", a.ID, err)
		}
		st.Agreements++
		for ord, id := range a.Provisions {
			p, ok := provs[id]
			if !ok {
				return truce.Errorf(truce.EINVALID, "agreement %s lists unknown provision %s", a.ID, id)
			}
			n, err := upsertProvision(ctx, tx, p, ord)
			if err != nil {
				return fmt.Errorf("provision %s: %w", id, err)
			}
			st.Provisions++
			st.StatusChanges += n
		}
	}
	for _, p := range s.Positions {
		added, err := insertPosition(ctx, tx, &p)
		if err != nil {
			return fmt.Errorf("position %s on %s as of %s: %w", p.Party, p.Provision, p.AsOf, err)
		}
		if added {
			st.Positions++
		}
	}
	for _, t := range s.Talks {
		if err := upsertTalks(ctx, tx, &t); err != nil {
			return fmt.Errorf("talks %s: %w", t.ID, err)
		}
		st.Talks++
	}
	return nil
}

func upsertParty(ctx context.Context, tx *Tx, p *truce.Party) error {
	if err := p.Validate(); err != nil {
		return err
	}
	members := p.Members
	if members == nil {
		members = []string{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO parties (code, name, kind, members) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, members = excluded.members`,
		p.Code, p.Name, string(p.Kind), js(members))
	return err
}

func upsertSource(ctx context.Context, tx *Tx, s *truce.Source) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sources (id, title, outlet, url, file, published, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, outlet = excluded.outlet, url = excluded.url,
			file = excluded.file, published = excluded.published, content_hash = excluded.content_hash`,
		s.ID, s.Title, s.Outlet, s.URL, s.File, s.Published.String(), s.ContentHash)
	return err
}

func upsertZone(ctx context.Context, tx *Tx, z *truce.Zone) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO zones (id, name, kind, builtin, geometry) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, builtin = excluded.builtin, geometry = excluded.geometry`,
		z.ID, z.Name, z.Kind, z.Builtin, string(z.Geometry))
	return err
}

// upsertProvision writes a provision and extends its stored status history
// with the steps it lacks; it returns how many steps it added.
func upsertProvision(ctx context.Context, tx *Tx, p *truce.Provision, ord int) (int, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO provisions (id, agreement, ord, issue, title, text, parties, window_from, window_to, scope, protects, texts, conditions)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET agreement = excluded.agreement, ord = excluded.ord, issue = excluded.issue, title = excluded.title,
			text = excluded.text, parties = excluded.parties, window_from = excluded.window_from, window_to = excluded.window_to,
			scope = excluded.scope, protects = excluded.protects, texts = excluded.texts, conditions = excluded.conditions`,
		p.ID, p.Agreement, ord, string(p.Issue), p.Title, p.Text, js(p.Parties), p.Window.From.String(), p.Window.To.String(),
		js(nonNil(p.Scope)), js(nonNil(p.Protects)), js(nonNil(p.Texts)), js(nonNil(p.Conditions))); err != nil {
		return 0, err
	}
	stored, err := statusHistory(ctx, tx, p.ID)
	if err != nil {
		return 0, err
	}
	for i, c := range stored {
		if i >= len(p.History) {
			return 0, truce.Errorf(truce.ECONFLICT, "the store has %d status changes, the file only %d: a history is never shortened", len(stored), len(p.History))
		}
		if f := p.History[i]; f.Status != c.Status || f.Date != c.Date {
			return 0, truce.Errorf(truce.ECONFLICT, "status change %d is %s on %s in the store but %s on %s in the file",
				i, c.Status, c.Date, f.Status, f.Date)
		}
	}
	for i := len(stored); i < len(p.History); i++ {
		if err := insertStatus(ctx, tx, p.ID, i, p.History[i]); err != nil {
			return 0, err
		}
	}
	return len(p.History) - len(stored), nil
}

func insertStatus(ctx context.Context, tx *Tx, provision string, seq int, c truce.StatusChange) error {
	ev := ""
	if c.Evidence != nil {
		ev = js(c.Evidence)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO provision_status (provision, seq, status, date, source, note, recorded_at, actor, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		provision, seq, string(c.Status), c.Date.String(), nullString(c.Source), c.Note, ts(tx.now), c.By, ev)
	if isConstraint(err, "foreignkey") {
		return truce.Errorf(truce.EINVALID, "status change %d: unknown source %q", seq, c.Source)
	}
	return err
}

// statusColumns are the columns scanStatus reads.
const statusColumns = `status, date, COALESCE(source, ''), note, recorded_at, actor, evidence`

// scanStatus reads one status change (statusColumns) from a row, after
// the leading destinations lead.
func scanStatus(sc interface{ Scan(...any) error }, lead ...any) (truce.StatusChange, error) {
	var c truce.StatusChange
	var status, date, at, ev string
	if err := sc.Scan(append(lead, &status, &date, &c.Source, &c.Note, &at, &c.By, &ev)...); err != nil {
		return c, err
	}
	c.Status, c.Date = truce.Status(status), parseDateCol(date)
	if c.By != "" {
		// Only changes recorded through the API or CLI show when and by
		// whom; a scenario's history is the file's.
		c.RecordedAt, _ = time.Parse(time.RFC3339Nano, at)
	}
	if ev != "" {
		c.Evidence = new(truce.Evidence)
		if err := unjs(ev, c.Evidence); err != nil {
			return c, err
		}
	}
	return c, nil
}

func statusHistory(ctx context.Context, tx *Tx, provision string) ([]truce.StatusChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+statusColumns+` FROM provision_status WHERE provision = ? ORDER BY seq`, provision)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []truce.StatusChange
	for rows.Next() {
		c, err := scanStatus(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// positionKey is a hash of a position's content: what makes two positions the same.
func positionKey(p *truce.Position) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", p.Party, p.Provision, p.Stance, p.Condition, p.AsOf)
	for _, e := range p.Evidence {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", e.Source, e.Quote, e.Attribution)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// insertPosition appends a position; it reports false if the same position
// was already stored. It sets p.ID.
func insertPosition(ctx context.Context, tx *Tx, p *truce.Position) (bool, error) {
	if err := p.Validate(); err != nil {
		return false, err
	}
	p.Attribution = truce.StrongestAttribution(p.Evidence)
	key := positionKey(p)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM positions WHERE key = ?`, key).Scan(&id)
	if err == nil {
		p.ID = id
		return false, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	p.ID, err = tx.InsertID(ctx, `INSERT INTO positions (key, party, provision, stance, condition, as_of, attribution, note, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, p.Party, p.Provision, string(p.Stance), p.Condition, p.AsOf.String(), string(p.Attribution), p.Note, ts(tx.now))
	if isConstraint(err, "foreignkey") {
		return false, truce.Errorf(truce.EINVALID, "unknown party %q or provision %q", p.Party, p.Provision)
	} else if err != nil {
		return false, err
	}
	for i, e := range p.Evidence {
		_, err := tx.ExecContext(ctx, `INSERT INTO evidence (position, seq, source, quote, attribution, speaker) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, e.Source, e.Quote, string(e.Attribution), e.Speaker)
		if isConstraint(err, "foreignkey") {
			return false, truce.Errorf(truce.EINVALID, "evidence %d: unknown source %q", i, e.Source)
		} else if err != nil {
			return false, err
		}
	}
	return true, nil
}

func upsertTalks(ctx context.Context, tx *Tx, t *truce.Talks) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO talks (id, title, place, start, end_date, planned, participants, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, place = excluded.place, start = excluded.start, end_date = excluded.end_date,
			planned = excluded.planned, participants = excluded.participants, evidence = excluded.evidence`,
		t.ID, t.Title, t.Place, t.Start.String(), t.End.String(), t.Planned, js(t.Participants), js(nonNil(t.Evidence)))
	return err
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only domain values reach here; they always marshal
	}
	return string(b)
}

func unjs(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func parseDateCol(s string) truce.Date {
	if s == "" {
		return truce.Date{}
	}
	d, err := truce.ParseDate(s)
	if err != nil {
		return truce.Date{}
	}
	return d
}
