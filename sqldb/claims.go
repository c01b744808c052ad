package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// The review queue of extracted claims (table claims, migration 0500).

// AddClaimsResult says what queueing an article's claims did.
type AddClaimsResult struct {
	Source string  `json:"source"` // the article's source id (an existing one when the text was known)
	Added  []int64 `json:"added"`  // ids of the claims queued now
	Known  int     `json:"known"`  // claims already queued by an earlier extraction
}

// AddClaims queues the claims of one article in one transaction: it stores
// src unless a source with the same content hash exists (whose id the claims
// then take), and each claim unless one with its key is queued already, so
// re-extracting an article never duplicates a claim. Errors: EINVALID.
func (db *DB) AddClaims(ctx context.Context, src truce.Source, claims []truce.Claim) (AddClaimsResult, error) {
	res := AddClaimsResult{Added: []int64{}}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	var id string
	err = tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE content_hash = ? AND content_hash <> '' ORDER BY id LIMIT 1`, src.ContentHash).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if src.ID == "" || src.Published.IsZero() {
			return res, truce.FieldErrorf("source", "an article source needs an id and a date")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sources (id, title, outlet, url, file, published, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			src.ID, src.Title, src.Outlet, src.URL, src.File, src.Published.String(), src.ContentHash); err != nil {
			if isConstraint(err, "unique") {
				return res, truce.Errorf(truce.ECONFLICT, "source %q exists with other content", src.ID)
			}
			return res, err
		}
		if err := tx.RecordChange(ctx, "source", src.ID, src); err != nil {
			return res, err
		}
		id = src.ID
	case err != nil:
		return res, err
	}
	res.Source = id
	for i := range claims {
		c := claims[i]
		c.Source, c.Status = id, truce.ClaimPending
		if err := c.Validate(); err != nil {
			return res, fmt.Errorf("claim %d: %w", i, err)
		}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM claims WHERE key = ?`, c.Key).Scan(&exists); err != nil {
			return res, err
		} else if exists > 0 {
			res.Known++
			continue
		}
		c.CreatedAt = tx.now
		cid, err := tx.InsertID(ctx, `INSERT INTO claims (key, kind, summary, source, article_hash, published, span_start, span_end, evidence, confidence, data, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
			c.Key, string(c.Kind), c.Summary, c.Source, c.ArticleHash, c.Published.String(), c.Span[0], c.Span[1], c.Evidence, c.Confidence, string(c.Data), ts(c.CreatedAt))
		if err != nil {
			return res, err
		}
		c.ID = cid
		if err := tx.RecordChange(ctx, "claim", strconv.FormatInt(cid, 10), claimChange(&c)); err != nil {
			return res, err
		}
		res.Added = append(res.Added, cid)
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("source %s: %d claims", src.ID, len(res.Added))); err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// ClaimFilter selects claims; zero fields match everything.
type ClaimFilter struct {
	Status truce.ClaimStatus
	Kind   truce.ClaimKind
	Source string
	Limit  int // 0: 500
}

const claimCols = `id, key, kind, summary, source, article_hash, published, span_start, span_end, evidence, confidence, data, status, reason, result, decided_by, decided_at, created_at`

// Claims returns the claims matching f, oldest first.
func (db *DB) Claims(ctx context.Context, f ClaimFilter) ([]truce.Claim, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if f.Source != "" {
		where, args = append(where, "source = ?"), append(args, f.Source)
	}
	q := `SELECT ` + claimCols + ` FROM claims`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []truce.Claim{}
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Claim returns one claim, or ENOTFOUND.
func (db *DB) Claim(ctx context.Context, id int64) (*truce.Claim, error) {
	return claimByID(ctx, db.db.QueryRowContext, id)
}

type queryRower func(ctx context.Context, q string, args ...any) *sql.Row

func claimByID(ctx context.Context, qr queryRower, id int64) (*truce.Claim, error) {
	c, err := scanClaim(qr(ctx, `SELECT `+claimCols+` FROM claims WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no claim %d", id)
	}
	return c, err
}

func scanClaim(s scanner) (*truce.Claim, error) {
	var c truce.Claim
	var kind, published, data, status, decidedAt, created string
	if err := s.Scan(&c.ID, &c.Key, &kind, &c.Summary, &c.Source, &c.ArticleHash, &published, &c.Span[0], &c.Span[1], &c.Evidence,
		&c.Confidence, &data, &status, &c.Reason, &c.Result, &c.DecidedBy, &decidedAt, &created); err != nil {
		return nil, err
	}
	c.Kind, c.Status, c.Published, c.Data = truce.ClaimKind(kind), truce.ClaimStatus(status), parseDateCol(published), json.RawMessage(data)
	if decidedAt != "" {
		t, _ := time.Parse(time.RFC3339Nano, decidedAt)
		c.DecidedAt = &t
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return &c, nil
}

// AcceptClaimOptions completes what a claim does not say.
type AcceptClaimOptions struct {
	// Provision the position is about; by default the provision with the
	// claim's issue in the latest agreement proposed on or before the
	// article's date (or the earliest one, when all are later).
	Provision string
	// Date of talks whose date the article does not give.
	Date truce.Date
	// Target of an incident whose target the article does not say.
	Target truce.TargetClass
}

// The decoded data of claims (SCHEMA.md field names).
type positionData struct {
	Actor       string `json:"actor"`
	Issue       string `json:"issue"`
	Stance      string `json:"stance"`
	Attribution string `json:"attribution"`
}

type incidentData struct {
	Date        *string  `json:"date"`
	Place       string   `json:"place"`
	Admin1      string   `json:"admin1"`
	Lat         *float64 `json:"lat"`
	Lon         *float64 `json:"lon"`
	Killed      *int     `json:"killed"`
	Injured     *int     `json:"injured"`
	Weapons     []string `json:"weapons"`
	Perpetrator string   `json:"perpetrator"`
	Target      string   `json:"target"`
}

type talksData struct {
	Date         *string  `json:"date"`
	Place        string   `json:"place"`
	Participants []string `json:"participants"`
}

// AcceptClaim accepts a pending claim for the analyst by: a position claim
// becomes a Position with the evidence sentence (its Source the article), a
// talks claim a Talks entry, an incident claim an open-source Report (which
// the incident store clusters and judges). The claim records what it made.
// Errors: ENOTFOUND; ECONFLICT when the claim was decided already; EINVALID
// when the claim cannot become its record (no provision for the issue, an
// unknown party, talks without a date).
func (db *DB) AcceptClaim(ctx context.Context, id int64, by string, opt AcceptClaimOptions) (*truce.Claim, error) {
	c, err := db.Claim(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != truce.ClaimPending {
		return nil, truce.Errorf(truce.ECONFLICT, "claim %d is %s already", id, c.Status)
	}
	if c.Kind == truce.ClaimIncident {
		// The report store commits in its own (grouped) transactions; the
		// report's client id is derived from the claim, so a retry after a
		// failure below stores no second report.
		r, err := incidentReport(c, opt)
		if err != nil {
			return nil, err
		}
		added, err := db.AddReport(ctx, r)
		if err != nil {
			return nil, err
		}
		return db.decideClaim(ctx, c.ID, truce.ClaimAccepted, by, "", "report:"+strconv.FormatInt(added.Report, 10), nil)
	}
	return db.decideClaim(ctx, c.ID, truce.ClaimAccepted, by, "", "", func(tx *Tx) (string, error) {
		switch c.Kind {
		case truce.ClaimPosition:
			return acceptPosition(ctx, tx, c, opt)
		case truce.ClaimTalks:
			return acceptTalks(ctx, tx, c, opt)
		}
		return "", truce.Errorf(truce.EINVALID, "claim %d: unknown kind %q", c.ID, c.Kind)
	})
}

// RejectClaim rejects a pending claim, keeping the reason. Errors:
// ENOTFOUND, ECONFLICT (decided already), EINVALID (no reason).
func (db *DB) RejectClaim(ctx context.Context, id int64, by, reason string) (*truce.Claim, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, truce.FieldErrorf("reason", "say why the claim is rejected")
	}
	if len(reason) > 2000 {
		return nil, truce.FieldErrorf("reason", "%d bytes: 2000 at most", len(reason))
	}
	return db.decideClaim(ctx, id, truce.ClaimRejected, by, reason, "", nil)
}

// decideClaim moves a pending claim to status in one transaction, after
// write (when given) has written what the claim becomes and named it.
func (db *DB) decideClaim(ctx context.Context, id int64, status truce.ClaimStatus, by, reason, result string, write func(tx *Tx) (string, error)) (*truce.Claim, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE claims SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'`,
		string(status), reason, by, ts(tx.now), id)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		c, err := claimByID(ctx, tx.QueryRowContext, id)
		if err != nil {
			return nil, err
		}
		return nil, truce.Errorf(truce.ECONFLICT, "claim %d is %s already", id, c.Status)
	}
	if write != nil {
		if result, err = write(tx); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE claims SET result = ? WHERE id = ?`, result, id); err != nil {
		return nil, err
	}
	c, err := claimByID(ctx, tx.QueryRowContext, id)
	if err != nil {
		return nil, err
	}
	if err := tx.RecordChange(ctx, "claim", strconv.FormatInt(id, 10), claimChange(c)); err != nil {
		return nil, err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("claim %d", id)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return c, nil
}

// claimChange is what the (public) change feed says of a claim: that it
// exists and its status, not what it claims; reviewers read the queue.
func claimChange(c *truce.Claim) map[string]any {
	return map[string]any{"id": c.ID, "kind": c.Kind, "status": c.Status, "source": c.Source, "result": c.Result}
}

// quote cuts an evidence sentence to the 600 bytes a Position quote allows.
func quote(s string) string {
	if len(s) <= 600 {
		return s
	}
	n := 596
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + " …"
}

func acceptPosition(ctx context.Context, tx *Tx, c *truce.Claim, opt AcceptClaimOptions) (string, error) {
	var d positionData
	if err := json.Unmarshal(c.Data, &d); err != nil {
		return "", truce.Errorf(truce.EINVALID, "claim %d: bad data: %v", c.ID, err)
	}
	prov := opt.Provision
	if prov == "" {
		var err error
		if prov, err = provisionFor(ctx, tx, truce.Issue(d.Issue), c.Published); err != nil {
			return "", err
		}
	}
	p := truce.Position{
		Party:     d.Actor,
		Provision: prov,
		Stance:    truce.Stance(d.Stance),
		AsOf:      c.Published,
		Evidence:  []truce.Evidence{{Source: c.Source, Quote: quote(c.Evidence), Attribution: truce.Attribution(d.Attribution)}},
		Note:      fmt.Sprintf("from claim %d", c.ID),
	}
	if p.Stance == truce.StanceConditional {
		p.Condition = "as stated: " + quote(c.Evidence)
	}
	if _, err := insertPosition(ctx, tx, &p); err != nil {
		return "", err
	}
	if err := tx.RecordChange(ctx, "position", strconv.FormatInt(p.ID, 10), p); err != nil {
		return "", err
	}
	return "position:" + strconv.FormatInt(p.ID, 10), nil
}

// provisionFor picks the provision about issue in the latest agreement
// proposed on or before date (the earliest agreement if all are later).
func provisionFor(ctx context.Context, tx *Tx, issue truce.Issue, date truce.Date) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.id, a.proposed FROM provisions p JOIN agreements a ON a.id = p.agreement
		WHERE p.issue = ? ORDER BY a.proposed, a.id, p.ord`, string(issue))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var first, best string
	for rows.Next() {
		var id, proposed string
		if err := rows.Scan(&id, &proposed); err != nil {
			return "", err
		}
		if first == "" {
			first = id
		}
		if proposed <= date.String() {
			best = id
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch {
	case best != "":
		return best, nil
	case first != "":
		return first, nil
	}
	return "", truce.FieldErrorf("provision", "no provision is about %q: load an agreement that has one, or name the provision", issue)
}

func acceptTalks(ctx context.Context, tx *Tx, c *truce.Claim, opt AcceptClaimOptions) (string, error) {
	var d talksData
	if err := json.Unmarshal(c.Data, &d); err != nil {
		return "", truce.Errorf(truce.EINVALID, "claim %d: bad data: %v", c.ID, err)
	}
	start := opt.Date
	if start.IsZero() && d.Date != nil {
		var err error
		if start, err = truce.ParseDate(*d.Date); err != nil {
			return "", truce.FieldErrorf("date", "claim %d: %v", c.ID, err)
		}
	}
	if start.IsZero() {
		return "", truce.FieldErrorf("date", "the article gives no date for the talks in %s: give one", d.Place)
	}
	t := truce.Talks{
		ID:           fmt.Sprintf("%s-%s", slug(d.Place), start),
		Title:        "Talks in " + d.Place,
		Place:        d.Place,
		Start:        start,
		End:          start,
		Planned:      start.After(c.Published),
		Participants: nonNil(d.Participants),
		Evidence:     []truce.Evidence{{Source: c.Source, Quote: quote(c.Evidence), Attribution: truce.AttributionReported}},
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM talks WHERE id = ?`, t.ID).Scan(&n); err != nil {
		return "", err
	} else if n > 0 {
		return "talks:" + t.ID, nil // known already: the claim confirms it
	}
	if err := upsertTalks(ctx, tx, &t); err != nil {
		return "", err
	}
	if err := tx.RecordChange(ctx, "talks", t.ID, t); err != nil {
		return "", err
	}
	return "talks:" + t.ID, nil
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// incidentReport makes the open-source report an incident claim stands for.
func incidentReport(c *truce.Claim, opt AcceptClaimOptions) (truce.Report, error) {
	var d incidentData
	if err := json.Unmarshal(c.Data, &d); err != nil {
		return truce.Report{}, truce.Errorf(truce.EINVALID, "claim %d: bad data: %v", c.ID, err)
	}
	if d.Lat == nil || d.Lon == nil || math.IsNaN(*d.Lat) || math.IsNaN(*d.Lon) {
		return truce.Report{}, truce.FieldErrorf("place", "claim %d: the incident has no coordinates", c.ID)
	}
	day := c.Published
	if d.Date != nil {
		if dd, err := truce.ParseDate(*d.Date); err == nil {
			day = dd
		}
	}
	prec := truce.PrecisionExact
	if strings.HasSuffix(d.Place, "Oblast") || d.Place == d.Admin1 {
		prec = truce.PrecisionAdmin1
	}
	r := truce.Report{
		ClientID:      "claim-" + strings.TrimPrefix(c.ArticleHash, "sha256:")[:16] + "-" + strconv.FormatInt(c.ID, 10),
		ObservedAt:    day.Time(),
		TimePrecision: truce.TimeDay,
		Lat:           *d.Lat,
		Lon:           *d.Lon,
		Precision:     prec,
		Place:         d.Place,
		Type:          truce.EventAssault,
		Mode:          modeOf(d.Weapons),
		Weapons:       d.Weapons,
		Target:        truce.TargetClass(d.Target),
		Perpetrator:   d.Perpetrator,
		Source:        truce.ReportSource{Kind: truce.SourceOpenSource, Name: c.Source},
		Description:   c.Evidence,
	}
	if opt.Target != "" {
		r.Target = opt.Target
	}
	if !r.Target.Valid() {
		return truce.Report{}, truce.FieldErrorf("target", "the article does not say what was hit in %s: give a target (one of %v)", d.Place, truce.TargetClasses)
	}
	if d.Killed != nil {
		r.Killed = truce.Count{Best: truce.N(*d.Killed)}
	}
	if d.Injured != nil {
		r.Injured = truce.Count{Best: truce.N(*d.Injured)}
	}
	return r, nil
}

// modeOf maps SCHEMA weapons to the report's mode of attack.
func modeOf(weapons []string) truce.Mode {
	for _, w := range weapons {
		switch w {
		case "ballistic-missile", "cruise-missile", "missile":
			return truce.ModeMissile
		case "drone":
			return truce.ModeDrone
		case "glide-bomb", "aircraft":
			return truce.ModeAirstrike
		case "artillery", "mlrs", "cluster-munition":
			return truce.ModeShelling
		case "small-arms":
			return truce.ModeSmallArms
		}
	}
	return ""
}
