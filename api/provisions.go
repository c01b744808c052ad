package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// StatusRequest is the body of POST /api/provisions/{agreement}/{provision}/status:
// a provision's next status, the day it took effect, why, and optionally the
// sentence it rests on (the shape of a position's evidence).
type StatusRequest struct {
	Status   string          `json:"status"`
	On       string          `json:"on"`
	Reason   string          `json:"reason"`
	Evidence *truce.Evidence `json:"evidence,omitempty"`
}

// MaxReason is the longest reason a status change may give.
const MaxReason = 2000

// Change checks the request field by field (every problem at once) and
// returns the status change it asks for.
func (req *StatusRequest) Change() (truce.StatusChange, error) {
	var errs []error
	st := truce.Status(strings.NewReplacer(" ", "-", "_", "-").Replace(strings.ToLower(strings.TrimSpace(req.Status))))
	if req.Status == "" {
		errs = append(errs, truce.FieldErrorf("status", "required (one of %v)", truce.Statuses))
	} else if !st.Valid() {
		errs = append(errs, truce.FieldErrorf("status", "%q is not a status (one of %v)", req.Status, truce.Statuses))
	}
	var on truce.Date
	if req.On == "" {
		errs = append(errs, truce.FieldErrorf("on", "required: the day the status took effect, YYYY-MM-DD"))
	} else if d, err := truce.ParseDate(req.On); err != nil {
		errs = append(errs, truce.FieldErrorf("on", "%v", err))
	} else {
		on = d
	}
	reason := strings.TrimSpace(req.Reason)
	switch {
	case reason == "":
		errs = append(errs, truce.FieldErrorf("reason", "required: why the status changed"))
	case len(reason) > MaxReason:
		errs = append(errs, truce.FieldErrorf("reason", "at most %d bytes, got %d", MaxReason, len(reason)))
	}
	if e := req.Evidence; e != nil {
		if e.Source == "" {
			errs = append(errs, truce.FieldErrorf("evidence.source", "required: the id of a stored source"))
		}
		if strings.TrimSpace(e.Quote) == "" {
			errs = append(errs, truce.FieldErrorf("evidence.quote", "required: the sentence the change rests on"))
		}
		if e.Attribution == "" {
			errs = append(errs, truce.FieldErrorf("evidence.attribution", "required (one of %v)", truce.Attributions))
		} else if !e.Attribution.Valid() {
			errs = append(errs, truce.FieldErrorf("evidence.attribution", "%q is not one of %v", e.Attribution, truce.Attributions))
		}
	}
	if len(errs) > 0 {
		return truce.StatusChange{}, errors.Join(errs...)
	}
	return truce.StatusChange{Status: st, Date: on, Note: reason, Evidence: req.Evidence}, nil
}

// TransitionProvision validates req and appends the change to provision
// id's history (sqldb.DB.TransitionProvision): in one transaction the
// change, its transparency-log leaf, the rules version, the change feed
// event and the audit line of the caller ctx carries. Errors name the
// request's fields: status (unknown, or illegal from the current status),
// on (before the last change), reason, evidence.*; ENOTFOUND for an
// unknown provision. The CLI calls it too.
func TransitionProvision(ctx context.Context, db *sqldb.DB, id string, req *StatusRequest) (*truce.Provision, error) {
	p, _, err := transitionProvision(ctx, db, id, req)
	return p, err
}

// transitionProvision is TransitionProvision that also reports a replay:
// the same change sent again by the same caller (a client retrying after
// a lost answer) is answered with the stored history and not written twice.
func transitionProvision(ctx context.Context, db *sqldb.DB, id string, req *StatusRequest) (*truce.Provision, bool, error) {
	c, err := req.Change()
	if err != nil {
		return nil, false, err
	}
	if cur, err := db.Provision(ctx, id); err != nil {
		return nil, false, err
	} else if n := len(cur.History); n > 0 && sameChange(cur.History[n-1], c, truce.UserFrom(ctx).Name) {
		return cur, true, nil
	}
	p, err := db.TransitionProvision(ctx, id, c)
	var e *truce.Error
	if err != nil && errors.As(err, &e) && e.Field == "date" {
		// The domain names the step's date; the request calls it "on".
		return nil, false, truce.FieldErrorf("on", "%s", e.Message)
	}
	return p, false, err
}

// sameChange reports whether the stored change last is c, recorded by by.
func sameChange(last, c truce.StatusChange, by string) bool {
	if last.Status != c.Status || last.Date != c.Date || last.Note != c.Note || last.By != by || (last.Evidence == nil) != (c.Evidence == nil) {
		return false
	}
	return c.Evidence == nil || *last.Evidence == *c.Evidence
}

func (s *Server) postProvisionStatus(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("agreement") + "/" + r.PathValue("provision")
	var req StatusRequest
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	p, replayed, err := transitionProvision(r.Context(), s.DB, id, &req)
	if err != nil {
		return err
	}
	c := p.History[len(p.History)-1]
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK // already recorded: nothing written
	}
	return writeJSON(w, status, map[string]any{"replayed": replayed, "provision": provisionViews([]truce.Provision{*p}, c.Date, UserFrom(r.Context()).Role)[0], "change": c})
}

// historyView is a status history as role may see it: the mission's staff
// see who recorded each change and when; liaisons and the public see what
// changed, on which day, why and on what evidence, not which officer of
// the mission recorded it (as incidents' decisions, redact.go).
func historyView(h []truce.StatusChange, role truce.Role) []truce.StatusChange {
	if fullView(role) {
		return h
	}
	out := slices.Clone(h)
	for i := range out {
		out[i].By, out[i].RecordedAt = "", time.Time{}
	}
	return out
}

// provisionStatusProof returns the bundle proving that the seq-th change of
// a provision's status history (0 is the first) is in the transparency log
// as the store holds it, for `truce verify`. Staff only: the logged record
// names the officer who recorded the change.
func (s *Server) provisionStatusProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	id := r.URL.Query().Get("provision")
	if id == "" {
		return truce.FieldErrorf("provision", "required: a provision id")
	}
	seq, err := strconv.Atoi(r.URL.Query().Get("seq"))
	if err != nil || seq < 0 {
		return truce.FieldErrorf("seq", "%q is not a place in the history (0 is the first change)", r.URL.Query().Get("seq"))
	}
	p, err := s.DB.Provision(r.Context(), id)
	if err != nil {
		return err
	}
	if seq >= len(p.History) {
		return truce.Errorf(truce.ENOTFOUND, "provision %s has %d status changes; no change %d", id, len(p.History), seq)
	}
	ref := id + "#" + strconv.Itoa(seq)
	b, err := s.Log.Prove(r.Context(), tlog.KindProvisionStatus, ref, truce.ProvisionStatusRecord(id, seq, p.History[seq]))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}
