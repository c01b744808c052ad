package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors, in a registry of its own
// so that several servers can live in one process (tests).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inflight prometheus.Gauge
	streams  prometheus.Gauge
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "truce_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "truce_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "truce_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "truce_events_streams",
			Help: "Change feed streams (GET /api/events) open.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inflight, m.streams,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(s.DB.SQL(), "truce"),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "truce_changes_last_id",
			Help: "Id of the newest change in the change feed.",
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			id, err := s.DB.LastChange(ctx)
			if err != nil {
				return -1
			}
			return float64(id)
		}),
		// Background re-judging after a rules change (sqldb.StartRejudger).
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "truce_rejudge_stale_incidents",
			Help: "Incidents still judged with older rules, at the re-judger's last count.",
		}, func() float64 { return float64(s.DB.RejudgeProgress().Stale) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "truce_rejudge_rules_version",
			Help: "The rules version the re-judger last brought incidents to.",
		}, func() float64 { return float64(s.DB.RejudgeProgress().Version) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "truce_rejudged_incidents_total",
			Help: "Incidents judged again after a rules change.",
		}, func() float64 { return float64(s.DB.RejudgeProgress().Judged) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "truce_rejudge_batches_total",
			Help: "Re-judging transactions committed.",
		}, func() float64 { return float64(s.DB.RejudgeProgress().Batches) }),
	)
	return m
}

// instrument counts, times and logs each request by its route pattern (the
// mux's, so /api/parties/{code} is one series, not one per party).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inflight.Inc()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			s.metrics.inflight.Dec()
			_, route := s.mux.Handler(r) // the pattern the mux routes r to
			if route == "" {
				route = "unmatched"
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
			s.metrics.latency.WithLabelValues(route, r.Method).Observe(d.Seconds())
			level := slog.LevelInfo
			if sw.status >= http.StatusInternalServerError {
				level = slog.LevelError
			}
			s.Logger.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
				slog.Int("status", sw.status), slog.Duration("duration", d), slog.String("remote", r.RemoteAddr))
		}()
		next.ServeHTTP(sw, r)
	})
}

// healthz is liveness: the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is readiness: the database answers and is fully migrated, and the
// server is not shutting down. 503 with the reason otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	select {
	case <-s.draining:
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining", "reason": "shutting down"})
	default:
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := s.DB.Ready(ctx); err != nil {
		s.Logger.Warn("not ready", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "database": s.DB.Dialect()})
}

// metricsHandler serves the Prometheus metrics.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) error {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}

// Drain marks the server as shutting down: /readyz answers 503 and change
// feed streams end, so that http.Server.Shutdown can finish while the
// requests in flight complete. Safe to call more than once.
func (s *Server) Drain() {
	s.drainOnce.Do(func() { close(s.draining) })
}
