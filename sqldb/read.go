package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Parties returns every party, ordered by code.
func (db *DB) Parties(ctx context.Context) ([]truce.Party, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT code, name, kind, members FROM parties ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Party{}
	for rows.Next() {
		var p truce.Party
		var kind, members string
		if err := rows.Scan(&p.Code, &p.Name, &kind, &members); err != nil {
			return nil, err
		}
		p.Kind = truce.PartyKind(kind)
		if err := unjs(members, &p.Members); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Party returns the party with the given code, or ENOTFOUND.
func (db *DB) Party(ctx context.Context, code string) (*truce.Party, error) {
	ps, err := db.Parties(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].Code == code {
			return &ps[i], nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no party %q", code)
}

// Sources returns every source, newest first.
func (db *DB) Sources(ctx context.Context) ([]truce.Source, error) {
	return db.sources(ctx, "")
}

// Source returns the source with the given id, or ENOTFOUND.
func (db *DB) Source(ctx context.Context, id string) (*truce.Source, error) {
	ss, err := db.sources(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no source %q", id)
	}
	return &ss[0], nil
}

func (db *DB) sources(ctx context.Context, id string) ([]truce.Source, error) {
	q := `SELECT id, title, outlet, url, file, published, content_hash FROM sources`
	var args []any
	if id != "" {
		q += ` WHERE id = ?`
		args = append(args, id)
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY published DESC, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Source{}
	for rows.Next() {
		var s truce.Source
		var published string
		if err := rows.Scan(&s.ID, &s.Title, &s.Outlet, &s.URL, &s.File, &published, &s.ContentHash); err != nil {
			return nil, err
		}
		s.Published = parseDateCol(published)
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddSource stores a new source; ECONFLICT if its id is taken.
func (db *DB) AddSource(ctx context.Context, s *truce.Source) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO sources (id, title, outlet, url, file, published, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Title, s.Outlet, s.URL, s.File, s.Published.String(), s.ContentHash)
	if isConstraint(err, "unique") {
		return truce.Errorf(truce.ECONFLICT, "source %q exists", s.ID)
	} else if err != nil {
		return err
	}
	if err := tx.RecordChange(ctx, "source", s.ID, s); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, "source "+s.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// Zones returns every zone, ordered by id.
func (db *DB) Zones(ctx context.Context) ([]truce.Zone, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, name, kind, builtin, geometry FROM zones ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Zone{}
	for rows.Next() {
		var z truce.Zone
		var geom string
		if err := rows.Scan(&z.ID, &z.Name, &z.Kind, &z.Builtin, &geom); err != nil {
			return nil, err
		}
		if geom != "" {
			z.Geometry = []byte(geom)
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

// Agreements returns every agreement with its provision ids, oldest first.
func (db *DB) Agreements(ctx context.Context) ([]truce.Agreement, error) {
	return db.agreements(ctx, "")
}

// Agreement returns one agreement, or ENOTFOUND.
func (db *DB) Agreement(ctx context.Context, id string) (*truce.Agreement, error) {
	as, err := db.agreements(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q", id)
	}
	return &as[0], nil
}

func (db *DB) agreements(ctx context.Context, id string) ([]truce.Agreement, error) {
	q := `SELECT id, name, summary, proposed, proposed_by, texts, sources FROM agreements`
	var args []any
	if id != "" {
		q += ` WHERE id = ?`
		args = append(args, id)
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY proposed, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Agreement{}
	for rows.Next() {
		var a truce.Agreement
		var proposed, by, texts, sources string
		if err := rows.Scan(&a.ID, &a.Name, &a.Summary, &proposed, &by, &texts, &sources); err != nil {
			return nil, err
		}
		a.Proposed = parseDateCol(proposed)
		if err := errors.Join(unjs(by, &a.ProposedBy), unjs(texts, &a.Texts), unjs(sources, &a.SourceIDs)); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		ids, err := db.queryStrings(ctx, `SELECT id FROM provisions WHERE agreement = ? ORDER BY ord`, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Provisions = ids
	}
	return out, nil
}

func (db *DB) queryStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ProvisionFilter selects provisions; zero fields match everything.
type ProvisionFilter struct {
	Agreement string
	Issue     truce.Issue
}

// Provisions returns the provisions matching f, with their status histories,
// in agreement order.
func (db *DB) Provisions(ctx context.Context, f ProvisionFilter) ([]truce.Provision, error) {
	var where []string
	var args []any
	if f.Agreement != "" {
		where, args = append(where, "p.agreement = ?"), append(args, f.Agreement)
	}
	if f.Issue != "" {
		where, args = append(where, "p.issue = ?"), append(args, string(f.Issue))
	}
	q := `SELECT p.id, p.agreement, p.issue, p.title, p.text, p.parties, p.window_from, p.window_to, p.scope, p.protects, p.texts, p.conditions
		FROM provisions p JOIN agreements a ON a.id = p.agreement`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY a.proposed, a.id, p.ord`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Provision{}
	for rows.Next() {
		var p truce.Provision
		var issue, parties, from, to, scope, protects, texts, conds string
		if err := rows.Scan(&p.ID, &p.Agreement, &issue, &p.Title, &p.Text, &parties, &from, &to, &scope, &protects, &texts, &conds); err != nil {
			return nil, err
		}
		p.Issue = truce.Issue(issue)
		p.Window = truce.Window{From: parseDateCol(from), To: parseDateCol(to)}
		if err := errors.Join(unjs(parties, &p.Parties), unjs(scope, &p.Scope), unjs(protects, &p.Protects),
			unjs(texts, &p.Texts), unjs(conds, &p.Conditions)); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	hist, err := db.histories(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].History = nonNil(hist[out[i].ID])
	}
	return out, nil
}

func (db *DB) histories(ctx context.Context) (map[string][]truce.StatusChange, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT provision, `+statusColumns+` FROM provision_status ORDER BY provision, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]truce.StatusChange{}
	for rows.Next() {
		var id string
		c, err := scanStatus(rows, &id)
		if err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

// Provision returns one provision with its history, or ENOTFOUND.
func (db *DB) Provision(ctx context.Context, id string) (*truce.Provision, error) {
	ps, err := db.Provisions(ctx, ProvisionFilter{})
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no provision %q", id)
}

// TransitionProvision appends a status change to a provision's history after
// checking, in the same transaction, that it is a legal step from the
// current status and not dated before the last one. The change is recorded
// as made by the caller ctx carries (c.By, when empty), goes to the
// ProvisionTransitioned hook (the transparency log), bumps the rules
// version (verdicts are re-judged) and is announced on the change feed, all
// in one transaction with its audit line (truce.AuditWrite). Errors:
// ENOTFOUND (no such provision), EINVALID (illegal transition, backdated,
// unknown status or evidence source; the error's field says which).
func (db *DB) TransitionProvision(ctx context.Context, id string, c truce.StatusChange) (*truce.Provision, error) {
	if c.Evidence != nil {
		if c.Evidence.Source == "" || c.Evidence.Quote == "" {
			return nil, truce.FieldErrorf("evidence", "evidence needs a source and a quote")
		}
		if c.Evidence.Attribution != "" && !c.Evidence.Attribution.Valid() {
			return nil, truce.FieldErrorf("evidence.attribution", "%q is not an attribution level", c.Evidence.Attribution)
		}
		if c.Source == "" {
			c.Source = c.Evidence.Source
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM provisions WHERE id = ?`, id).Scan(&n); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no provision %q", id)
	}
	if c.Source != "" {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sources WHERE id = ?`, c.Source).Scan(&n); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, truce.FieldErrorf("evidence.source", "no source %q", c.Source)
		}
	}
	hist, err := statusHistory(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if c.By == "" {
		if u := truce.UserFrom(ctx); u.Role != truce.RolePublic {
			c.By = u.Name
		}
	}
	c.RecordedAt = tx.now.UTC().Truncate(time.Microsecond)
	p := truce.Provision{ID: id, History: hist}
	if err := p.Transition(c); err != nil {
		return nil, err
	}
	if err := insertStatus(ctx, tx, id, len(hist), c); err != nil {
		return nil, err
	}
	if h := db.Hooks.ProvisionTransitioned; h != nil {
		if err := h(ctx, tx, id, len(hist), c); err != nil {
			return nil, err
		}
	}
	if err := BumpRulesVersion(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.RecordChange(ctx, "provision-status", id, c); err != nil {
		return nil, err
	}
	if err := truce.AuditWrite(ctx, tx, "provision "+id); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return db.Provision(ctx, id)
}

// PositionFilter selects positions; zero fields match everything. AsOf
// keeps positions dated on or before it.
type PositionFilter struct {
	Party     string
	Provision string
	Issue     truce.Issue
	AsOf      truce.Date
}

// Positions returns the positions matching f with their evidence, oldest first.
func (db *DB) Positions(ctx context.Context, f PositionFilter) ([]truce.Position, error) {
	var where []string
	var args []any
	if f.Party != "" {
		where, args = append(where, "p.party = ?"), append(args, f.Party)
	}
	if f.Provision != "" {
		where, args = append(where, "p.provision = ?"), append(args, f.Provision)
	}
	if f.Issue != "" {
		where, args = append(where, "v.issue = ?"), append(args, string(f.Issue))
	}
	if !f.AsOf.IsZero() {
		where, args = append(where, "p.as_of <= ?"), append(args, f.AsOf.String())
	}
	from := ` FROM positions p JOIN provisions v ON v.id = p.provision`
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.db.QueryContext(ctx, `SELECT p.id, p.party, p.provision, v.issue, p.stance, p.condition, p.as_of, p.attribution, p.note`+
		from+` ORDER BY p.as_of, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Position{}
	index := map[int64]int{}
	for rows.Next() {
		var p truce.Position
		var issue, stance, asOf, attr string
		if err := rows.Scan(&p.ID, &p.Party, &p.Provision, &issue, &stance, &p.Condition, &asOf, &attr, &p.Note); err != nil {
			return nil, err
		}
		p.Issue, p.Stance, p.AsOf, p.Attribution = truce.Issue(issue), truce.Stance(stance), parseDateCol(asOf), truce.Attribution(attr)
		p.Evidence = []truce.Evidence{}
		index[p.ID] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	erows, err := db.db.QueryContext(ctx, `SELECT position, source, quote, attribution, speaker FROM evidence
		WHERE position IN (SELECT p.id`+from+`) ORDER BY position, seq`, args...)
	if err != nil {
		return nil, err
	}
	defer erows.Close()
	for erows.Next() {
		var id int64
		var e truce.Evidence
		var attr string
		if err := erows.Scan(&id, &e.Source, &e.Quote, &attr, &e.Speaker); err != nil {
			return nil, err
		}
		e.Attribution = truce.Attribution(attr)
		if i, ok := index[id]; ok {
			out[i].Evidence = append(out[i].Evidence, e)
		}
	}
	return out, erows.Err()
}

// Position returns one position, or ENOTFOUND.
func (db *DB) Position(ctx context.Context, id int64) (*truce.Position, error) {
	ps, err := db.Positions(ctx, PositionFilter{})
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no position %d", id)
}

// AddPosition appends a position (never replacing an earlier one) and
// returns it with its id. Errors: EINVALID for a bad position or unknown
// party, provision or source.
func (db *DB) AddPosition(ctx context.Context, p truce.Position) (*truce.Position, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	added, err := insertPosition(ctx, tx, &p)
	if err != nil {
		return nil, err
	}
	if added {
		if err := tx.RecordChange(ctx, "position", strconv.FormatInt(p.ID, 10), p); err != nil {
			return nil, err
		}
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("position %d", p.ID)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return db.Position(ctx, p.ID)
}

// Talks returns every talks entry, oldest first.
func (db *DB) Talks(ctx context.Context) ([]truce.Talks, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, title, place, start, end_date, planned, participants, evidence FROM talks ORDER BY start, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Talks{}
	for rows.Next() {
		var t truce.Talks
		var start, end, parts, ev string
		if err := rows.Scan(&t.ID, &t.Title, &t.Place, &start, &end, &t.Planned, &parts, &ev); err != nil {
			return nil, err
		}
		t.Start, t.End = parseDateCol(start), parseDateCol(end)
		if err := errors.Join(unjs(parts, &t.Participants), unjs(ev, &t.Evidence)); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddTalks stores a talks entry; ECONFLICT if its id is taken.
func (db *DB) AddTalks(ctx context.Context, t *truce.Talks) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM talks WHERE id = ?`, t.ID).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return truce.Errorf(truce.ECONFLICT, "talks %q exist", t.ID)
	}
	if err := upsertTalks(ctx, tx, t); err != nil {
		return err
	}
	if err := tx.RecordChange(ctx, "talks", t.ID, t); err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, "talks "+t.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// Empty reports whether no agreement has been stored yet.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreements`).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return n == 0, err
}

// World reads what the rules need: parties, provisions and positions.
func (db *DB) World(ctx context.Context) (*truce.World, error) {
	parties, err := db.Parties(ctx)
	if err != nil {
		return nil, err
	}
	agreements, err := db.Agreements(ctx)
	if err != nil {
		return nil, err
	}
	provisions, err := db.Provisions(ctx, ProvisionFilter{})
	if err != nil {
		return nil, err
	}
	positions, err := db.Positions(ctx, PositionFilter{})
	if err != nil {
		return nil, err
	}
	return truce.NewWorld(&truce.Scenario{Parties: parties, Agreements: agreements, Provisions: provisions, Positions: positions}), nil
}
