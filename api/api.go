// Package api serves Truce's JSON API over HTTP. Handlers return errors; one
// adapter renders them as JSON problems with a code and a message, using one
// table from error code to HTTP status in both directions.
package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/ogc"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

// Server is the HTTP API.
type Server struct {
	DB     *sqldb.DB
	Logger *slog.Logger
	Auth   *auth.Service // who the caller is; nil: everyone is the public
	Log    *tlog.Log     // the transparency log; nil: its endpoints answer 501

	// VerifierKey is the log's public note key ("name+hash+base64"), served
	// at /api/log/key for auditors and witnesses.
	VerifierKey string

	// Alerts delivers webhooks for new violations; nil: its endpoints answer 501.
	Alerts *alert.Service

	// PollInterval is how often a change feed stream re-reads the feed
	// without a wake-up (default 2s); wake-ups come from this process's
	// commits and, on PostgreSQL, from NOTIFY.
	PollInterval time.Duration

	// auditedLate, when set (by tests), is told of every successful
	// non-GET request whose audit line was written after its response
	// rather than inside a write's transaction.
	auditedLate func(pattern string)

	mux       *http.ServeMux
	csrf      *http.CrossOriginProtection
	handler   http.Handler // serve wrapped in instrumentation
	metrics   *metrics
	ogc       *ogc.Service
	draining  chan struct{}
	drainOnce sync.Once
}

// New returns a server over db.
func New(db *sqldb.DB, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{DB: db, Logger: logger, mux: http.NewServeMux(), csrf: http.NewCrossOriginProtection(), draining: make(chan struct{})}
	s.metrics = newMetrics(s)
	s.ogc = s.newOGC()
	for _, r := range s.routes() {
		s.mux.Handle(r.pattern, s.guard(r.pattern, s.adapt(r.handler)))
	}
	s.handler = s.instrument(http.HandlerFunc(s.serve))
	return s
}

// ServeHTTP implements http.Handler: it rejects
// cross-origin browser writes (CSRF), authenticates the caller and lets the
// route's guard decide.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.handler.ServeHTTP(w, r)
}

// serve checks the origin, authenticates and routes.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := s.csrf.Check(r); err != nil {
		u := truce.Public
		s.Error(w, r, truce.Errorf(truce.EFORBIDDEN, "cross-origin request refused"))
		s.audit(r, u, "csrf", "denied", http.StatusForbidden)
		return
	}
	u, err := s.authenticate(r)
	if err != nil {
		s.Error(w, r, err)
		s.audit(r, truce.Public, "authenticate", "denied", StatusCode(truce.ErrorCode(err)))
		return
	}
	s.mux.ServeHTTP(w, r.WithContext(withUser(r.Context(), u)))
}

// Handle registers an extra handler on the server's mux (the dashboard,
// /metrics). Like every route it is guarded by the access table: its
// pattern must be listed there, or every role is denied.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, s.guard(pattern, h)) }

// handlerFunc is an HTTP handler that returns an error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one entry of the route table.
type route struct {
	pattern string // method and path, in net/http's pattern syntax
	handler handlerFunc
	doc     string
}

// adapt renders a handler's error as a JSON problem and logs server errors.
func (s *Server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	})
}

// codes maps error codes to HTTP statuses; StatusCode and ErrorCodeOf use it both ways.
var codes = map[string]int{
	truce.ECONFLICT:       http.StatusConflict,
	truce.EINVALID:        http.StatusBadRequest,
	truce.ENOTFOUND:       http.StatusNotFound,
	truce.EUNAUTHORIZED:   http.StatusUnauthorized,
	truce.EFORBIDDEN:      http.StatusForbidden,
	truce.ENOTIMPLEMENTED: http.StatusNotImplemented,
	truce.EINTERNAL:       http.StatusInternalServerError,
	truce.ETOOMANY:        http.StatusTooManyRequests,
	truce.ETOOLARGE:       http.StatusRequestEntityTooLarge,
}

// StatusCode returns the HTTP status for an error code.
func StatusCode(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorCodeOf returns the error code for an HTTP status (for the client side).
func ErrorCodeOf(status int) string {
	for c, s := range codes {
		if s == status {
			return c
		}
	}
	return truce.EINTERNAL
}

// Problem is the JSON body of an error response.
type Problem struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Errors lists every field-level problem when there are several.
	Errors []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one field-level problem of a request.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error writes err as a JSON problem; 5xx errors are logged, never shown.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = truce.Errorf(truce.ETOOLARGE, "request body exceeds the limit of %d bytes", mbe.Limit)
	}
	code, msg := truce.ErrorCode(err), truce.ErrorMessage(err)
	status := StatusCode(code)
	if status >= 500 {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := Problem{Status: status, Code: code, Message: msg}
	var e *truce.Error
	if errors.As(err, &e) {
		p.Field = e.Field
	}
	for _, fe := range truce.FieldErrors(err) {
		p.Errors = append(p.Errors, FieldProblem{Field: fe.Field, Message: fe.Message})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// queryDate reads an optional YYYY-MM-DD query parameter; def when absent.
func queryDate(r *http.Request, name string, def truce.Date) (truce.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	d, err := truce.ParseDate(v)
	if err != nil {
		return truce.Date{}, truce.FieldErrorf(name, "%v", err)
	}
	return d, nil
}

// queryParty reads an optional party code parameter.
func queryParty(r *http.Request, name string) (string, error) {
	v := strings.ToUpper(r.URL.Query().Get(name))
	if v != "" && !truce.ValidPartyCode(v) {
		return "", truce.FieldErrorf(name, "%q is not a party code", v)
	}
	return v, nil
}

// queryIssue reads an optional issue parameter.
func queryIssue(r *http.Request, name string) (truce.Issue, error) {
	v := truce.Issue(r.URL.Query().Get(name))
	if v != "" && !v.Valid() {
		return "", truce.FieldErrorf(name, "%q is not an issue (one of %v)", v, truce.Issues)
	}
	return v, nil
}

func pathInt(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, truce.FieldErrorf(name, "%q is not an id", r.PathValue(name))
	}
	return v, nil
}
