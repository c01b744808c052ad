package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/intake"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
	"github.com/truce-monitor/truce/web"
)

func init() {
	register(&command{Name: "serve", Summary: "serve the API and dashboard (loads the April 2025 scenario into a new database)", Run: runServe})
}

// Server is a running `truce serve`: tests start one on 127.0.0.1:0.
type Server struct {
	Addr   string // listen address
	DBPath string
	Logger *slog.Logger

	// LogFormat and LogLevel configure the logger runServe builds ("text"
	// or "json"; "debug", "info", "warn", "error").
	LogFormat, LogLevel string
	// PollInterval bounds how long a change feed stream waits before
	// re-reading the feed without a wake-up (0: the API's default).
	PollInterval time.Duration

	// KeyPath is the transparency log's private key file, outside the
	// database ("" = DBPath+".log.key", created on first start, mode 0600);
	// the last signed checkpoint is kept beside it (KeyPath+".checkpoint").
	KeyPath      string
	LogOrigin    string        // the log's name for a new key
	SignInterval time.Duration // how often a grown tree gets a new checkpoint
	ReadTimeout  time.Duration // a client must send its whole request within this
	// TimeZone, if set, is stored as the mission's IANA time zone (whose
	// local days date incidents, windows and reports); a change re-judges
	// every incident. "": keep the stored one (the scenario's, or Europe/Kyiv).
	TimeZone string
	// RejudgeEvery bounds how long a rules change committed by another
	// process (a `truce load` into the same SQLite file) waits before the
	// background re-judger notices it (0: 10s). Changes made through this
	// server, or on PostgreSQL by any server, wake it at once.
	RejudgeEvery time.Duration
	// Examples, on a database this start fills with the built-in scenario,
	// also imports the scenario's example reports (scenario.BuiltinReports),
	// so that a first run shows incidents, verdicts and a daily report.
	Examples bool

	DB          *sqldb.DB
	API         *api.Server
	Auth        *auth.Service
	Log         *tlog.Log
	stopSign    context.CancelFunc
	verifierKey string
	listener    net.Listener
	http        *http.Server
	done        chan error

	Alerts     *alert.Service
	stopAlerts context.CancelFunc
	alertsDone chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// ParseServeFlags reads serve's flags into a Server.
func ParseServeFlags(env *Env, args []string) (*Server, error) {
	fs := newFlagSet(env, "serve")
	s := &Server{}
	fs.StringVar(&s.Addr, "addr", "127.0.0.1:8080", "listen address")
	fs.StringVar(&s.DBPath, "db", "truce.db", "SQLite database file (created on first start), or a postgres:// URL")
	fs.StringVar(&s.LogFormat, "log-format", "text", "log format: text or json (log/slog)")
	fs.StringVar(&s.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&s.KeyPath, "log-key", "", "transparency log private key file (default DB.log.key, created on first start)")
	fs.StringVar(&s.LogOrigin, "log-origin", defaultLogOrigin, "transparency log name (origin) for a new key")
	fs.DurationVar(&s.SignInterval, "sign-every", time.Second, "sign a new checkpoint this often while the log grows")
	fs.BoolVar(&s.Examples, "examples", true, "on a new database, also import the built-in scenario's example reports (open-source reports of the strikes its articles describe)")
	fs.StringVar(&s.TimeZone, "tz", "", "the mission's IANA time zone, whose local days date incidents, provision windows and daily reports (stored; a change re-judges every incident; default: the stored one, the scenario's or Europe/Kyiv)")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "truce serve: unexpected argument %q\n", fs.Arg(0))
		return nil, errUsage
	}
	if s.LogFormat != "text" && s.LogFormat != "json" {
		fmt.Fprintf(env.Stderr, "truce serve: --log-format %q: want text or json\n", s.LogFormat)
		return nil, errUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(s.LogLevel)); err != nil {
		fmt.Fprintf(env.Stderr, "truce serve: --log-level %q: want debug, info, warn or error\n", s.LogLevel)
		return nil, errUsage
	}
	return s, nil
}

// Open opens the database, loads the built-in scenario into an empty one,
// and starts listening. After Open, Addr is the bound address.
func (s *Server) Open(ctx context.Context) error {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.ReadTimeout == 0 {
		s.ReadTimeout = 30 * time.Second
	}
	db, err := sqldb.Open(ctx, s.DBPath)
	if err != nil {
		return err
	}
	s.DB = db
	api.WireJudge(db)
	// Incidents are judged again in the background whenever the rules change.
	db.StartRejudger(0, s.RejudgeEvery, s.Logger)
	empty, err := db.Empty(ctx)
	if err != nil {
		return err
	}
	var seedExamples bool
	if empty {
		seedExamples = s.Examples
		sc, err := scenario.LoadBuiltin(scenario.Builtin)
		if err != nil {
			return err
		}
		st, err := db.LoadScenario(ctx, sc)
		if err != nil {
			return fmt.Errorf("load built-in scenario: %w", err)
		}
		s.Logger.Info("loaded the built-in scenario", "name", sc.Name, "provisions", st.Provisions, "positions", st.Positions)
	}
	if s.TimeZone != "" {
		changed, err := db.SetMissionZone(ctx, s.TimeZone)
		if err != nil {
			return fmt.Errorf("--tz: %w", err)
		}
		if changed {
			s.Logger.Info("the mission's time zone changed: every incident is judged again", "time_zone", s.TimeZone)
		}
	}
	if err := s.openTrust(ctx); err != nil {
		return err
	}
	if seedExamples {
		// After openTrust: the reports enter the transparency log and are
		// audited, as any import does.
		if err := s.importExamples(ctx); err != nil {
			return fmt.Errorf("built-in example reports: %w", err)
		}
	}
	s.API = api.New(db, s.Logger)
	s.API.PollInterval = s.PollInterval
	// Webhooks for new violations, delivered in the background until Close.
	s.Alerts = &alert.Service{DB: db, Logger: s.Logger, Incident: api.PublicIncident(s.API)}
	s.API.Alerts = s.Alerts
	actx, stopAlerts := context.WithCancel(context.Background())
	s.alertsDone = make(chan struct{})
	s.stopAlerts = stopAlerts
	go func() { defer close(s.alertsDone); s.Alerts.Run(actx) }()
	s.API.Auth, s.API.Log, s.API.VerifierKey = s.Auth, s.Log, s.verifierKey
	s.API.Handle("GET /", web.Handler()) // the dashboard; /api/ keeps its own routes
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return err
	}
	s.listener = ln
	s.Addr = ln.Addr().String()
	s.http = &http.Server{
		Handler:           s.API,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	s.http.RegisterOnShutdown(s.API.Drain) // end change feed streams, fail /readyz
	s.done = make(chan error, 1)
	go func() { s.done <- s.http.Serve(ln) }()
	s.Logger.Info("serving", "url", "http://"+s.Addr+"/", "db", db.Name())
	return nil
}

// importExamples imports the built-in scenario's example reports.
func (s *Server) importExamples(ctx context.Context) error {
	b := scenario.BuiltinReports(scenario.Builtin)
	if b == nil {
		return nil
	}
	rows, err := intake.ReadNDJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	sum, err := api.ImportRows(commandContext(ctx, "truce serve", "truce serve: built-in example reports"), s.DB, rows, false, nil)
	if err != nil {
		return err
	}
	if !sum.Stored {
		return fmt.Errorf("%d bad rows, the first: %+v", len(sum.Errors), sum.Errors[0])
	}
	s.Logger.Info("imported the built-in example reports", "reports", sum.Added, "incidents", sum.NewIncidents)
	return nil
}

// Close shuts the server down gracefully and closes the database: it stops
// accepting connections, ends change feed streams, lets every request in
// flight finish (so a write acknowledged to its client is committed before
// the database closes), then closes the database.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Server) close() error {
	var errs []error
	if s.API != nil {
		s.API.Drain()
	}
	if s.stopSign != nil {
		s.stopSign()
	}
	if s.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, s.http.Shutdown(ctx))
		if err := <-s.done; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if s.stopAlerts != nil {
		s.stopAlerts()
		<-s.alertsDone
	}
	if s.DB != nil {
		errs = append(errs, s.DB.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, env *Env, args []string) error {
	s, err := ParseServeFlags(env, args)
	if err != nil {
		return err
	}
	s.Logger = newLogger(env.Stderr, s.LogFormat, s.LogLevel)
	slog.SetDefault(s.Logger) // for the store's background work (change feed listener)
	if err := s.Open(ctx); err != nil {
		s.Close()
		return err
	}
	fmt.Fprintf(env.Stdout, "Truce is serving http://%s/ (database %s); Ctrl-C stops it.\n", s.Addr, s.DB.Name())
	select {
	case <-ctx.Done():
	case err := <-s.done:
		s.done <- err
	}
	return s.Close()
}

// newLogger returns a log/slog logger writing text or JSON at the given level.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level)) // validated by ParseServeFlags
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
