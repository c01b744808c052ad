package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sqldb"
)

// Body size limits.
const (
	// MaxReportBody bounds the body of a single report.
	MaxReportBody = 64 << 10
	// MaxBulkBody bounds the body of a bulk import.
	MaxBulkBody = 256 << 20
	// MaxDecisionBody bounds the body of a decision.
	MaxDecisionBody = 16 << 10
)

// actor returns who is making the request, for the record of decisions.
// The trust layer replaces this with the authenticated user; until then
// every request is "anonymous". It is the one place that says who acts.
func actor(r *http.Request) string {
	if u := UserFrom(r.Context()); u.Role != truce.RolePublic {
		return u.Name
	}
	if a, ok := r.Context().Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "anonymous"
}

// actorKey is the context key under which authentication middleware puts
// the acting user's name (see WithActor).
type actorKey struct{}

// WithActor returns a request whose context names the acting user: the
// authentication middleware calls it, and actor reads it.
func WithActor(r *http.Request, name string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), actorKey{}, name))
}

// decodeJSON reads one JSON value of at most limit bytes from the body into
// v, rejecting unknown fields and trailing data. An oversized body gets 413.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return truce.Errorf(truce.EINVALID, "the body holds more than one JSON value")
	}
	return nil
}

// errTooLarge is rendered as 413.
var errTooLarge = &truce.Error{Code: truce.ETOOLARGE, Message: "the body is too large"}

// jsonError turns a decoding error into a field-level EINVALID error.
func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	var te *time.ParseError
	switch {
	case errors.As(err, &mbe):
		return fmt.Errorf("%w: limit %d bytes", errTooLarge, mbe.Limit)
	case errors.As(err, &ute):
		return truce.FieldErrorf(ute.Field, "want a JSON %s, got %s", ute.Type, ute.Value)
	case errors.As(err, &se):
		return truce.Errorf(truce.EINVALID, "malformed JSON at byte %d: %v", se.Offset, err)
	case errors.As(err, &te):
		return truce.Errorf(truce.EINVALID, "bad time %q: want RFC 3339, e.g. 2025-04-13T08:20:00Z", te.Value)
	case errors.Is(err, io.EOF):
		return truce.Errorf(truce.EINVALID, "empty body: want a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return truce.FieldErrorf(f, "unknown field")
	}
	return truce.Errorf(truce.EINVALID, "malformed JSON: %v", err)
}

// ReportCreated is the body of 201 Created for POST /api/reports.
type ReportCreated struct {
	Report   int64 `json:"report"`
	Incident int64 `json:"incident"`
}

// postReport stores one report: 201 {"report": ID, "incident": ID} after the
// commit; a retry with the same client_id gets the same ids.
func (s *Server) postReport(w http.ResponseWriter, r *http.Request) error {
	var rep truce.Report
	if err := decodeJSON(w, r, MaxReportBody, &rep); err != nil {
		return err
	}
	res, err := s.DB.AddReport(r.Context(), rep)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/reports/%d", res.Report))
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	return writeJSON(w, http.StatusCreated, ReportCreated{Report: res.Report, Incident: res.Incident})
}

// getReport returns one report without its source's identity (the trust
// layer decides who may see it).
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	u := UserFrom(r.Context())
	reveal := r.URL.Query().Get("reveal") == "source"
	if reveal && u.Role != truce.RoleAnalyst {
		return truce.Errorf(truce.EFORBIDDEN, "only the mission's analysts may see a source's identity")
	}
	rep, err := s.DB.Report(r.Context(), id, reveal)
	if err != nil {
		return err
	}
	if reveal {
		// Every reveal is audited, before the identity leaves the server.
		if err := s.auditStrict(r, u, "reveal-source", fmt.Sprintf("report %d", id)); err != nil {
			return err
		}
		v := staffReport(rep)
		v.Source.Identity = rep.Source.Identity
		return writeJSON(w, http.StatusOK, v)
	}
	return writeJSON(w, http.StatusOK, viewer{s.DB}.report(r.Context(), rep, u.Role))
}

// incidentFilter reads the incident list's query parameters; dates are
// local days of loc, the mission's zone.
func incidentFilter(r *http.Request, loc *time.Location) (sqldb.IncidentFilter, error) {
	q := r.URL.Query()
	var f sqldb.IncidentFilter
	if v := q.Get("from"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return f, truce.FieldErrorf("from", "%v", err)
		}
		f.From = d.StartIn(loc)
	}
	if v := q.Get("to"); v != "" {
		d, err := truce.ParseDate(v)
		if err != nil {
			return f, truce.FieldErrorf("to", "%v", err)
		}
		f.To = d.AddDays(1).StartIn(loc) // inclusive date
	}
	if v := truce.EventType(q.Get("type")); v != "" {
		if !v.Valid() {
			return f, truce.FieldErrorf("type", "%q is not one of %v", v, truce.EventTypes)
		}
		f.Type = v
	}
	if v := truce.Grade(q.Get("grade")); v != "" {
		if !v.Valid() {
			return f, truce.FieldErrorf("grade", "%q is not one of %v", v, truce.Grades)
		}
		f.Grade = v
	}
	var err error
	if f.Perpetrator, err = queryParty(r, "perpetrator"); err != nil {
		return f, err
	}
	f.Provision = q.Get("provision")
	if v := truce.VerdictValue(q.Get("verdict")); v != "" {
		switch v {
		case truce.VerdictViolation, truce.VerdictNotCovered, truce.VerdictNeedsReview:
			f.Verdict = v
		default:
			return f, truce.FieldErrorf("verdict", "%q is not one of violation, not-covered, needs-review", v)
		}
	}
	f.Limit = 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return f, truce.FieldErrorf("limit", "%q is not a number in 1..10000", v)
		}
		f.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, truce.FieldErrorf("offset", "%q is not a non-negative number", v)
		}
		f.Offset = n
	}
	return f, nil
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	f, err := incidentFilter(r, s.loc(r.Context()))
	if err != nil {
		return err
	}
	ins, err := s.DB.Incidents(r.Context(), f)
	if err != nil {
		return err
	}
	role := UserFrom(r.Context()).Role
	views := make([]any, len(ins))
	for i := range ins {
		views[i] = viewer{s.DB}.incident(r.Context(), &ins[i], role)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"incidents": views, "limit": f.Limit, "offset": f.Offset})
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	in, err := s.DB.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, viewer{s.DB}.incident(r.Context(), in, UserFrom(r.Context()).Role))
}

// DecisionRequest is the body of the decision endpoints.
type DecisionRequest struct {
	Reason string `json:"reason"`
	// PublicReason is the text liaisons and the public read (verify,
	// unverify, uphold, overturn); without it they see the decision and its
	// date only.
	PublicReason string     `json:"public_reason,omitempty"`
	Party        string     `json:"party,omitempty"`    // dispute
	Deadline     *time.Time `json:"deadline,omitempty"` // dispute; default 7 days
}

// decide returns a handler that records a decision of the given kind.
func (s *Server) decide(kind truce.DecisionKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathInt(r, "id")
		if err != nil {
			return err
		}
		var req DecisionRequest
		if err := decodeJSON(w, r, MaxDecisionBody, &req); err != nil {
			return err
		}
		// A liaison officer contests only for their own party.
		if err := requireParty(UserFrom(r.Context()), strings.ToUpper(req.Party)); err != nil {
			return err
		}
		in, err := s.DB.Decide(r.Context(), truce.Decision{Incident: id, Kind: kind, By: actor(r), Reason: req.Reason,
			PublicReason: strings.TrimSpace(req.PublicReason), Party: strings.ToUpper(req.Party), Deadline: req.Deadline})
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, viewer{s.DB}.incident(r.Context(), in, UserFrom(r.Context()).Role))
	}
}

// ComplianceResponse is the body of GET /api/compliance.
type ComplianceResponse struct {
	Date       truce.Date             `json:"date"`
	From       truce.Date             `json:"from"`
	Tally      judge.Tally            `json:"tally"`
	Clocks     []judge.Clock          `json:"clocks"`
	Conditions []judge.ConditionClock `json:"conditions"`
	// RulesVersion is the rules version every counted verdict was judged
	// with: the answer never mixes verdicts of two versions.
	RulesVersion int64 `json:"rules_version"`
	// TimeZone is the mission's zone, whose local days Date and From are.
	TimeZone string `json:"time_zone"`
}

// compliance counts violations per provision, party and area over
// incidents from ?from= (default 30 days before ?date=) to ?date= (default
// today), with the clocks of the provisions in force on date and the state
// of conditional provisions.
func (s *Server) compliance(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	from, err := queryDate(r, "from", d.AddDays(-30))
	if err != nil {
		return err
	}
	if from.After(d) {
		return truce.FieldErrorf("from", "%s is after date %s", from, d)
	}
	c, err := Compliance(r.Context(), s.DB, from, d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// Compliance computes the compliance view over incidents starting from
// from to d (inclusive): the API's and the daily report's.
func Compliance(ctx context.Context, db *sqldb.DB, from, d truce.Date) (*ComplianceResponse, error) {
	b, ins, err := loadComplianceBasis(ctx, db, d, func(b *complianceBasis) sqldb.IncidentFilter {
		return sqldb.IncidentFilter{From: from.StartIn(b.loc), To: d.AddDays(1).StartIn(b.loc)}
	})
	if err != nil {
		return nil, err
	}
	return &ComplianceResponse{Date: d, From: from, RulesVersion: b.version, TimeZone: b.loc.String(),
		// Areas are oblasts: the view is public, and a settlement's name
		// would tell where an incident happened more precisely than the
		// public editions do.
		Tally:      judge.TallyIncidents(ins, PublicArea),
		Clocks:     judge.Clocks(b.provs, d, b.last),
		Conditions: judge.Conditions(b.world, b.provs, d, b.last)}, nil
}

// complianceBasis is what the compliance view and the daily report of a
// date both start from: the provisions, the world the rules read, the
// latest verified violation of each provision up to that date, and the
// incidents counted, all judged with one rules version.
type complianceBasis struct {
	provs   []truce.Provision
	world   *truce.World
	last    map[string]judge.Violation
	ins     []truce.Incident
	version int64          // the rules version of every verdict read (0: no judge)
	loc     *time.Location // the mission's zone: dates are its local days
}

// basisTries bounds how often loadComplianceBasis reads again when the
// rules change while it reads.
const basisTries = 3

// loadComplianceBasis reads the basis of d and the incidents filter
// selects (it is given the rest of the basis).
//
// Counts, clocks and totals are the mission's published findings, so they
// are never computed over verdicts of two rules versions: after a rules
// change (a provision entering into force, a new line version) this waits
// for the re-judging to finish (helping the background re-judger with
// batches of its own) and then checks that every verdict it read was
// judged with one version, reading again if the rules changed meanwhile.
// A late count is better than a silently wrong one; a client that cannot
// wait sees the progress at /metrics (truce_rejudge_stale_incidents). If
// the rules keep changing it answers ECONFLICT: try again.
func loadComplianceBasis(ctx context.Context, db *sqldb.DB, d truce.Date, filter func(*complianceBasis) sqldb.IncidentFilter) (*complianceBasis, []truce.Incident, error) {
	for range basisTries {
		_, version, err := db.RejudgeAll(ctx)
		if err != nil {
			return nil, nil, err
		}
		b := complianceBasis{version: version}
		if b.loc, err = db.MissionZone(ctx); err != nil {
			return nil, nil, err
		}
		if b.provs, err = db.Provisions(ctx, sqldb.ProvisionFilter{}); err != nil {
			return nil, nil, err
		}
		if b.world, err = db.World(ctx); err != nil {
			return nil, nil, err
		}
		if b.last, err = LastViolations(ctx, db, d, b.loc); err != nil {
			return nil, nil, err
		}
		if b.ins, err = db.Incidents(ctx, filter(&b)); err != nil {
			return nil, nil, err
		}
		if version == 0 {
			return &b, b.ins, nil // no judge: no verdicts
		}
		// The rules version and the stale count are read after everything
		// else: if neither changed, every verdict read (the incidents'
		// and the clocks') was judged with version.
		now, stale, err := db.StaleIncidents(ctx)
		if err != nil {
			return nil, nil, err
		}
		mixed := now != version || stale != 0
		for i := range b.ins {
			if b.ins[i].JudgedVersion != version {
				mixed = true
			}
		}
		if !mixed {
			return &b, b.ins, nil
		}
	}
	return nil, nil, truce.Errorf(truce.ECONFLICT, "the rules changed %d times while the verdicts were read: try again", basisTries)
}

// LastViolations returns the latest verified violation of each provision up
// to the end of d, dated in loc (the mission's zone).
func LastViolations(ctx context.Context, db *sqldb.DB, d truce.Date, loc *time.Location) (map[string]judge.Violation, error) {
	lv, err := db.LastVerifiedViolations(ctx, d.AddDays(1).StartIn(loc))
	if err != nil {
		return nil, err
	}
	last := map[string]judge.Violation{}
	for id, v := range lv {
		last[id] = judge.Violation{Incident: v.Incident, Date: truce.DateIn(v.At, loc)}
	}
	return last, nil
}

// dailyReport serves the daily report of ?date= (default today) as
// ?format=json (default), html, md or markdown; ?public=true asks for the
// public edition, which is also what every caller who is not on the
// mission's staff gets; ?download=1 serves it as an attachment.
func (s *Server) dailyReport(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	format := q.Get("format")
	ext, ctype := "", ""
	switch format {
	case "", "json":
		ext, ctype = "json", "application/json; charset=utf-8"
	case "html":
		ext, ctype = "html", "text/html; charset=utf-8"
	case "md", "markdown":
		ext, ctype = "md", "text/markdown; charset=utf-8"
	default:
		return truce.FieldErrorf("format", "%q is not one of json, html, md", format)
	}
	public := q.Get("public") == "true" || q.Get("public") == "1"
	switch UserFrom(r.Context()).Role {
	case truce.RoleMonitor, truce.RoleAnalyst, truce.RoleAdmin:
	default:
		public = true
	}
	rep, err := DailyReport(r.Context(), s.DB, d, public)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	if ext == "html" {
		// The page has no script and loads nothing: say so to the browser.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	if q.Get("download") != "" {
		edition := ""
		if public {
			edition = "-public"
		}
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="truce-daily-%s%s.%s"`, d, edition, ext))
	}
	switch ext {
	case "html":
		return rep.HTML(w)
	case "md":
		return rep.Markdown(w)
	}
	return rep.JSON(w)
}
