package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// MaxAccountBody bounds the bodies of the account and log endpoints.
const MaxAccountBody = 16 << 10

func (s *Server) needAuth() error {
	if s.Auth == nil {
		return truce.Errorf(truce.ENOTIMPLEMENTED, "accounts are not enabled on this server")
	}
	return nil
}

func (s *Server) needLog() error {
	if s.Log == nil {
		return truce.Errorf(truce.ENOTIMPLEMENTED, "the transparency log is not enabled on this server")
	}
	return nil
}

// LoginRequest is the body of POST /api/login.
type LoginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	var req LoginRequest
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	sid, u, err := s.Auth.Login(r.Context(), req.Name, req.Password, remoteAddr(r))
	if err != nil {
		return err
	}
	// A new session id at every login; the old cookie, if any, is closed.
	if c, err := r.Cookie(SessionCookie); err == nil {
		s.Auth.Logout(r.Context(), c.Value)
	}
	setUser(r.Context(), u)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: sid, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.Auth.AbsoluteTimeout.Seconds())})
	return writeJSON(w, http.StatusOK, map[string]any{"user": u})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]any{"user": UserFrom(r.Context())})
}

// UserRequest is the body of POST /api/users.
type UserRequest struct {
	truce.User
	Password string `json:"password"`
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	us, err := s.Auth.Users(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"users": us})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	var req UserRequest
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	u := req.User
	u.ID = 0
	if err := s.Auth.CreateUser(r.Context(), &u, req.Password); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}

// TokenRequest is the body of POST /api/tokens: an admin may name another
// user; others get a token for themselves.
type TokenRequest struct {
	User  string `json:"user,omitempty"`
	Label string `json:"label,omitempty"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	var req TokenRequest
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	caller := UserFrom(r.Context())
	u := caller
	if req.User != "" && req.User != caller.Name {
		if caller.Role != truce.RoleAdmin {
			return truce.Errorf(truce.EFORBIDDEN, "only an admin may create a token for another user")
		}
		var err error
		if u, err = s.Auth.User(r.Context(), req.User); err != nil {
			return err
		}
	}
	tok, meta, err := s.Auth.CreateToken(r.Context(), u, req.Label)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "info": meta, "note": "shown once: store it now"})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	ts, err := s.Auth.Tokens(r.Context(), UserFrom(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), id, UserFrom(r.Context())); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	if err := s.needAuth(); err != nil {
		return err
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	es, err := s.Auth.AuditLog(r.Context(), limit, before)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entries": es})
}

// The transparency log.

func (s *Server) logCheckpoint(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	cp, err := s.Log.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(cp)
	return err
}

func (s *Server) logCheckpointAt(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	size, err := strconv.ParseUint(r.PathValue("size"), 10, 64)
	if err != nil {
		return truce.FieldErrorf("size", "%q is not a tree size", r.PathValue("size"))
	}
	cp, err := s.Log.CheckpointAt(r.Context(), size)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err = w.Write(cp)
	return err
}

func (s *Server) logTile(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	data, err := s.Log.Tile(r.Context(), "tile/"+r.PathValue("path"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err = w.Write(data)
	return err
}

func queryUint(r *http.Request, name string) (uint64, error) {
	v, err := strconv.ParseUint(r.URL.Query().Get(name), 10, 64)
	if err != nil {
		return 0, truce.FieldErrorf(name, "%q is not a non-negative integer", r.URL.Query().Get(name))
	}
	return v, nil
}

// ProofResponse is the body of the proof endpoints: the proof's hashes,
// base64 in JSON.
type ProofResponse struct {
	Index *uint64  `json:"index,omitempty"`
	From  *uint64  `json:"from,omitempty"`
	Size  uint64   `json:"size"`
	Proof [][]byte `json:"proof"`
}

func (s *Server) inclusionProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	index, err := queryUint(r, "index")
	if err != nil {
		return err
	}
	size, err := queryUint(r, "size")
	if err != nil {
		return err
	}
	p, err := s.Log.InclusionProof(r.Context(), index, size)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ProofResponse{Index: &index, Size: size, Proof: p})
}

func (s *Server) consistencyProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	from, err := queryUint(r, "from")
	if err != nil {
		return err
	}
	to, err := queryUint(r, "to")
	if err != nil {
		return err
	}
	p, err := s.Log.ConsistencyProof(r.Context(), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ProofResponse{From: &from, Size: to, Proof: p})
}

func (s *Server) logKey(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	v := s.Log.Verifier()
	return writeJSON(w, http.StatusOK, map[string]any{"origin": s.Log.Origin(), "key_name": v.Name(), "key_hash": fmt.Sprintf("%08x", v.KeyHash()), "vkey": s.VerifierKey})
}

func (s *Server) listWitnesses(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	ws, err := s.Log.WitnessList(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"witnesses": ws})
}

// WitnessRequest is the body of POST /api/log/witnesses: the witness's
// verifier key and the party or organisation it speaks for.
type WitnessRequest struct {
	VKey  string `json:"vkey"`
	Party string `json:"party"`
}

func (s *Server) addWitness(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	var req WitnessRequest
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	name, err := s.Log.AddWitness(r.Context(), req.VKey, req.Party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"witness": name, "party": strings.TrimSpace(req.Party)})
}

func (s *Server) addCosignatures(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	msg, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxAccountBody))
	if err != nil {
		return err
	}
	// Who may cosign is decided by the witness keys an admin registered,
	// each bound to a party: every signature is verified against its
	// witness's registered key, and a liaison may hand in only the
	// cosignatures of their own party's witnesses.
	party := ""
	if u := UserFrom(r.Context()); u.Role == truce.RoleLiaison {
		party = u.Party
	}
	names, err := s.Log.AddCosignatures(r.Context(), msg, party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"witnesses": names})
}

// logCosignatures lists who cosigned the checkpoint of a tree size: each
// witness with the party it speaks for and its key hash.
func (s *Server) logCosignatures(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	size, err := strconv.ParseUint(r.PathValue("size"), 10, 64)
	if err != nil {
		return truce.FieldErrorf("size", "%q is not a tree size", r.PathValue("size"))
	}
	cs, err := s.Log.Cosignatures(r.Context(), size)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"size": size, "cosignatures": cs})
}

// WithReportOwners returns h with its report hooks extended to record, in
// each report's own transaction, who submitted it and the submission's
// audit line (ReportOwnerInTx). The server sets its store's hooks to
// WithReportOwners(tlog.StoreHooks()).
func WithReportOwners(h sqldb.Hooks) sqldb.Hooks {
	one, many := h.ReportAccepted, h.ReportsAccepted
	h.ReportAccepted = func(ctx context.Context, tx *sqldb.Tx, r *truce.Report) error {
		if one != nil {
			if err := one(ctx, tx, r); err != nil {
				return err
			}
		}
		return ReportOwnerInTx(ctx, tx, r.ID)
	}
	h.ReportsAccepted = func(ctx context.Context, tx *sqldb.Tx, rs []*truce.Report) error {
		if many != nil {
			if err := many(ctx, tx, rs); err != nil {
				return err
			}
		}
		for _, r := range rs {
			if err := ReportOwnerInTx(ctx, tx, r.ID); err != nil {
				return err
			}
		}
		return nil
	}
	return h
}

// ReportOwnerInTx records, inside the report's transaction, who submitted
// it (the caller ctx carries) and audits the submission: one commit for the
// report, its leaf, its owner and its audit line.
func ReportOwnerInTx(ctx context.Context, tx tlog.Tx, report int64) error {
	u := truce.UserFrom(ctx)
	if u.Role != truce.RolePublic {
		if stx, ok := tx.(*sqldb.Tx); ok {
			// In a group commit the group's owners go in one insert.
			if err := stx.Defer(ctx, deferredOwners{}, []any{report, u.Name}, insertOwners); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO report_owners (report, owner) VALUES (?, ?) ON CONFLICT DO NOTHING`, report, u.Name); err != nil {
			return err
		}
	}
	return AuditInTx(ctx, tx, fmt.Sprintf("report %d", report))
}

// deferredOwners keys the report owners ReportOwnerInTx defers.
type deferredOwners struct{}

func insertOwners(ctx context.Context, tx *sqldb.Tx, vs []any) error {
	// Report ids are new: a conflict can only be a retried import's.
	for len(vs) > 0 {
		// 512 rows or the largest power of two below: a few statement
		// texts, each kept prepared, whatever the group's size.
		n := 512
		for n > len(vs) {
			n /= 2
		}
		chunk := vs[:n]
		vs = vs[len(chunk):]
		args := make([]any, 0, 2*len(chunk))
		for _, v := range chunk {
			args = append(args, v.([]any)...)
		}
		q := `INSERT INTO report_owners (report, owner) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)), ", ") + ` ON CONFLICT DO NOTHING`
		if _, err := execInTx(ctx, tx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// reportProof returns the bundle proving a report is in the transparency
// log: analysts and admins for any report, monitors for their own.
func (s *Server) reportProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	u := UserFrom(r.Context())
	if u.Role == truce.RoleMonitor {
		var n int
		if err := s.DB.SQL().QueryRowContext(r.Context(), `SELECT COUNT(*) FROM report_owners WHERE report = ? AND owner = ?`, id, u.Name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no report %d of yours", id)
		}
	}
	rep, err := s.DB.Report(r.Context(), id, false)
	if err != nil {
		return err
	}
	b, err := s.Log.Prove(r.Context(), "report", fmt.Sprint(id), rep.LogRecord())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}
