package api

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/sqldb"
)

// MaxArticleBody bounds POST /api/claims: one article and its JSON wrapping.
const MaxArticleBody = extract.MaxArticleBytes + 64<<10

// ArticleRequest is the JSON body of POST /api/claims (a text/plain body is
// the article itself). Text starts with the `date YYYY-MM-DD` line.
type ArticleRequest struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// ClaimDecisionRequest is the body of POST /api/claims/{id}/accept and
// /reject: a reason for a rejection; for an acceptance, what the claim does
// not say (all optional).
type ClaimDecisionRequest struct {
	Reason    string            `json:"reason,omitempty"`
	Provision string            `json:"provision,omitempty"`
	Date      string            `json:"date,omitempty"`
	Target    truce.TargetClass `json:"target,omitempty"`
}

// listClaims returns the review queue: ?status= (pending by default, or
// accepted, rejected, all) ?kind= ?source= ?limit=.
func (s *Server) listClaims(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := sqldb.ClaimFilter{Kind: truce.ClaimKind(q.Get("kind")), Source: q.Get("source")}
	switch st := q.Get("status"); st {
	case "":
		f.Status = truce.ClaimPending
	case "all":
	default:
		if f.Status = truce.ClaimStatus(st); !f.Status.Valid() {
			return truce.FieldErrorf("status", "%q is not one of %v or all", st, truce.ClaimStatuses)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return truce.FieldErrorf("kind", "%q is not one of %v", f.Kind, truce.ClaimKinds)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 5000 {
			return truce.FieldErrorf("limit", "%q: want 1..5000", v)
		}
		f.Limit = n
	}
	cs, err := s.DB.Claims(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"claims": cs})
}

func (s *Server) getClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	c, err := s.DB.Claim(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// postArticle extracts one article and queues its claims: 201 with the
// source and the ids of the new claims; the same article again adds none.
func (s *Server) postArticle(w http.ResponseWriter, r *http.Request) error {
	var req ArticleRequest
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxArticleBody))
		if err != nil {
			return errTooLarge
		}
		req.Text = string(b)
	} else if err := decodeJSON(w, r, MaxArticleBody, &req); err != nil {
		return err
	}
	name := req.Name
	if name == "" {
		name = "article"
	}
	a, err := extract.ParseArticle(name, []byte(req.Text))
	if err != nil {
		return truce.FieldErrorf("text", "%v", err)
	}
	src := extract.Source(a, name)
	res, err := s.DB.AddClaims(r.Context(), src, extract.Claims(a, src, extract.New().Extract(a)))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

// decideClaim accepts or rejects a claim.
func (s *Server) decideClaim(accept bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathInt(r, "id")
		if err != nil {
			return err
		}
		var req ClaimDecisionRequest
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, MaxDecisionBody, &req); err != nil {
				return err
			}
		}
		var c *truce.Claim
		if accept {
			opt := sqldb.AcceptClaimOptions{Provision: req.Provision, Target: req.Target}
			if req.Date != "" {
				if opt.Date, err = truce.ParseDate(req.Date); err != nil {
					return truce.FieldErrorf("date", "%v", err)
				}
			}
			c, err = s.DB.AcceptClaim(r.Context(), id, actor(r), opt)
		} else {
			c, err = s.DB.RejectClaim(r.Context(), id, actor(r), req.Reason)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, c)
	}
}

// The claims routes' bodies, for the OpenAPI document (openapi.go).
func init() {
	requestBodies["POST /api/claims"] = ArticleRequest{}
	requestBodies["POST /api/claims/{id}/accept"] = ClaimDecisionRequest{}
	requestBodies["POST /api/claims/{id}/reject"] = ClaimDecisionRequest{}
}
