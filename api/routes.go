package api

import (
	"context"
	"net/http"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

// routes is the route table: every endpoint of the API, in one place.
func (s *Server) routes() []route {
	return []route{
		{"GET /api/health", s.health, "liveness"},
		{"GET /api/parties", s.listParties, "parties"},
		{"GET /api/parties/{code}", s.getParty, "one party"},
		{"GET /api/sources", s.listSources, "source documents"},
		{"GET /api/sources/{id}", s.getSource, "one source"},
		{"GET /api/agreements", s.listAgreements, "agreements with their provision ids"},
		{"GET /api/agreements/{id}", s.getAgreement, "one agreement with its provisions"},
		{"GET /api/provisions", s.listProvisions, "provisions with status history; ?agreement= ?issue= ?date= (status at date)"},
		{"GET /api/provisions/{id...}", s.getProvision, "one provision (its id may contain /) with its status history: each change with who recorded it, when and why"},
		{"POST /api/provisions/{agreement}/{provision}/status", s.postProvisionStatus, "change a provision's status: {status, on, reason, evidence?}; a legal transition, not backdated; logged, audited, re-judged"},
		{"GET /api/positions", s.listPositions, "positions with evidence; ?party= ?issue= ?provision= ?date= (as of)"},
		{"GET /api/positions/{id}", s.getPosition, "one position"},
		{"GET /api/talks", s.listTalks, "talks, held and planned"},
		{"GET /api/zones", s.listZones, "zones"},
		{"GET /api/sites", s.listSites, "protected sites with class and radius (the stored registry, else the shipped one); ?class="},
		{"GET /api/lines", s.listLines, "line versions (the occupied area by date), without geometry"},
		{"GET /api/lines/{date}", s.getLine, "the line version in force on date (latest dated on or before it) as GeoJSON: occupied area and line of contact"},
		{"POST /api/classify", s.classify, "classify points at a date: side, distance to the line of contact, zones, protected sites, oblast (at most 10,000 points)"},
		{"GET /api/matrix", s.matrix, "the position matrix at ?date= (default today)"},
		{"GET /api/readiness", s.readiness, "readiness of ?agreement= (all when absent) at ?date="},
		{"POST /api/login", s.login, "log in: {name, password} → a session cookie"},
		{"POST /api/logout", s.logout, "log out: the session is closed server-side"},
		{"GET /api/me", s.me, "the caller: user and role (public when not logged in)"},
		{"GET /api/users", s.listUsers, "accounts"},
		{"POST /api/users", s.createUser, "create an account: {name, role, party, password}"},
		{"GET /api/tokens", s.listTokens, "API tokens (an admin's: all; others: their own), never the tokens themselves"},
		{"POST /api/tokens", s.createToken, "create an API token, shown once: {label, user (admin only)}"},
		{"DELETE /api/tokens/{id}", s.revokeToken, "revoke an API token"},
		{"GET /api/audit", s.auditLog, "the audit log, newest first; ?limit= ?before=ID"},
		{"GET /log/checkpoint", s.logCheckpoint, "the latest signed checkpoint (C2SP tlog-checkpoint) with witness cosignatures"},
		{"GET /log/tile/{path...}", s.logTile, "C2SP tlog-tiles: tile/L/N[.p/W] and tile/entries/N[.p/W]"},
		{"GET /api/log/checkpoints/{size}", s.logCheckpointAt, "the signed checkpoint of a tree size"},
		{"GET /api/log/proof/inclusion", s.inclusionProof, "inclusion proof of leaf ?index= in the tree of ?size="},
		{"GET /api/log/proof/provision-status", s.provisionStatusProof, "the transparency-log proof bundle of change ?seq= (0 is the first) of ?provision='s status history (for truce verify; staff)"},
		{"GET /api/log/proof/consistency", s.consistencyProof, "consistency proof between tree sizes ?from= and ?to="},
		{"GET /api/log/key", s.logKey, "the log's origin and public key"},
		{"GET /api/log/checkpoints/{size}/cosignatures", s.logCosignatures, "who cosigned the checkpoint of a tree size: witness, the party it speaks for, key hash"},
		{"GET /api/log/witnesses", s.listWitnesses, "registered witnesses: name, the party or organisation each speaks for, key and key hash, who registered it"},
		{"POST /api/log/witnesses", s.addWitness, "register a witness (admin): {vkey, party}; its cosignatures verify only against this key"},
		{"POST /api/log/cosignatures", s.addCosignatures, "add witness cosignatures: the body is the cosigned checkpoint note"},
		{"POST /api/reports", s.postReport, "submit a report: 201 {report, incident} once durably stored; same client_id, same ids"},
		{"POST /api/reports/bulk", s.bulkReports, "import reports (NDJSON, CSV, GeoJSON by Content-Type) in one transaction; all or nothing unless ?partial=true; bad rows by line"},
		{"GET /api/reports/{id}", s.getReport, "one report (without its source's identity)"},
		{"GET /api/reports/{id}/proof", s.reportProof, "the report's transparency-log proof bundle (for `truce verify`); monitors: their own reports"},
		{"GET /api/incidents", s.listIncidents, "incidents with verdicts; ?from= ?to= ?type= ?grade= ?perpetrator= ?provision= ?verdict= ?limit= ?offset="},
		{"GET /api/incidents/{id}", s.getIncident, "one incident with reports, grade, decisions, contests and verdicts"},
		{"POST /api/incidents/{id}/verify", s.decide(truce.DecisionVerify), "verify an incident {reason, public_reason?}"},
		{"POST /api/incidents/{id}/unverify", s.decide(truce.DecisionUnverify), "withdraw a verification {reason, public_reason?}"},
		{"POST /api/incidents/{id}/dispute", s.decide(truce.DecisionDispute), "a party contests an incident {party, reason, deadline?}"},
		{"POST /api/incidents/{id}/uphold", s.decide(truce.DecisionUphold), "answer a contest: the finding stands {reason, public_reason?}"},
		{"POST /api/incidents/{id}/overturn", s.decide(truce.DecisionOverturn), "answer a contest: it is accepted {reason, public_reason?}"},
		{"GET /api/map/incidents", s.mapIncidents, "incidents for the dashboard's map: GeoJSON points in ?bbox=W,S,E,N and ?from= ?to=, aggregated onto a grid above ?max= (default 5000)"},
		{"POST /api/daily/publish", s.publishDaily, "publish the public edition of the daily report of ?date=: stored byte for byte and logged in the transparency log"},
		{"GET /api/publications/{id}", s.getPublication, "a published daily report, exactly as published"},
		{"GET /api/publications/{id}/proof", s.publicationProof, "the transparency-log proof bundle of a publication (for truce verify)"},
		{"GET /api/daily", s.dailyReport, "the daily report of ?date= as ?format=json|html|md; ?public=true (the only edition for callers who are not staff); ?download=1"},
		{"GET /api/compliance", s.compliance, "violations per provision, area and party from ?from= to ?date=; clocks; conditions"},
		{"POST /api/sources", s.addSource, "add a source document (JSON body: id, title, outlet, url, file, published, content_hash)"},
		{"GET /api/events", s.events, "the change feed as Server-Sent Events; ?since= (or Last-Event-ID) resumes after a change id, ?kind= filters, ?follow=false ends after the backlog"},
		{"GET /api/openapi.json", s.openAPI, "this API's OpenAPI 3 document"},
		{"GET /healthz", s.healthz, "liveness: the process serves HTTP"},
		{"GET /readyz", s.readyz, "readiness: the database answers and is migrated, and the server is not shutting down"},
		{"GET /metrics", s.metricsHandler, "Prometheus metrics: requests and latency by route, database pool, change feed"},
		{"GET /ogc", s.ogc.Landing, "OGC API – Features landing page"},
		{"GET /ogc/conformance", s.ogc.ConformanceDecl, "OGC API – Features conformance classes (core, geojson)"},
		{"GET /ogc/collections", s.ogc.CollectionsList, "OGC API – Features collections: incidents, zones, sites, line-versions"},
		{"GET /ogc/collections/{collection}", s.ogc.CollectionOne, "one OGC collection with its extent"},
		{"GET /ogc/collections/{collection}/items", s.ogc.Items, "a collection's features as GeoJSON; ?bbox= ?bbox-crs= ?datetime= ?limit= ?offset= (paging links)"},
		{"GET /ogc/collections/{collection}/items/{feature}", s.ogc.Item, "one feature as GeoJSON"},
		{"POST /api/webhooks", s.createWebhook, "subscribe a URL to new violations: {url, provision?, bbox? [minLon,minLat,maxLon,maxLat], secret?, label?}; the secret is shown once"},
		{"GET /api/webhooks", s.listWebhooks, "webhooks (without their secrets)"},
		{"DELETE /api/webhooks/{id}", s.deleteWebhook, "deactivate a webhook"},
		{"GET /api/webhooks/{id}/deliveries", s.webhookDeliveries, "a webhook's deliveries: state, attempts, last status"},
		{"GET /api/claims", s.listClaims, "the review queue of extracted claims; ?status=pending|accepted|rejected|all ?kind= ?source= ?limit="},
		{"GET /api/claims/{id}", s.getClaim, "one claim with its evidence sentence and span"},
		{"POST /api/claims", s.postArticle, "extract an article (text/plain, or {name, text}) and queue its claims; 201 {source, added, known}"},
		{"POST /api/claims/{id}/accept", s.decideClaim(true), "accept a claim: it becomes a position, talks or report {provision?, date?, target?}"},
		{"POST /api/claims/{id}/reject", s.decideClaim(false), "reject a claim {reason}"},
		{"GET /api/export", s.exportReports, "reports of incidents from ?from= to ?to= as ?format= geojson, acled, ucdp, hxl or plover (staff)"},
		{"GET /api/", s.notFound, "unknown API path"},
	}
}

// today is the mission's current day: today in its time zone.
func (s *Server) today(ctx context.Context) truce.Date {
	return truce.DateIn(time.Now(), s.loc(ctx))
}

// loc is the mission's time zone (the default one if the store cannot say).
func (s *Server) loc(ctx context.Context) *time.Location { return viewer{s.DB}.loc(ctx) }

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return truce.Errorf(truce.ENOTFOUND, "no API endpoint %s %s", r.Method, r.URL.Path)
}

func (s *Server) listParties(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.DB.Parties(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"parties": ps})
}

func (s *Server) getParty(w http.ResponseWriter, r *http.Request) error {
	p, err := s.DB.Party(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.DB.Sources(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sources": ss})
}

func (s *Server) getSource(w http.ResponseWriter, r *http.Request) error {
	src, err := s.DB.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, src)
}

func (s *Server) listAgreements(w http.ResponseWriter, r *http.Request) error {
	as, err := s.DB.Agreements(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"agreements": as})
}

func (s *Server) getAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.DB.Agreement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ps, err := s.DB.Provisions(r.Context(), sqldb.ProvisionFilter{Agreement: a.ID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"agreement": a, "provisions": provisionViews(ps, s.today(r.Context()), UserFrom(r.Context()).Role)})
}

// ProvisionView is a provision with its status at a date.
type ProvisionView struct {
	truce.Provision
	Status      truce.Status `json:"status"`
	StatusSince truce.Date   `json:"status_since"`
	InForce     bool         `json:"in_force"`
}

func provisionViews(ps []truce.Provision, d truce.Date, role truce.Role) []ProvisionView {
	out := make([]ProvisionView, len(ps))
	for i, p := range ps {
		p.History = historyView(p.History, role)
		out[i] = ProvisionView{Provision: p, InForce: p.InForceAt(d)}
		out[i].Status, out[i].StatusSince, _ = p.StatusAt(d)
	}
	return out
}

func (s *Server) listProvisions(w http.ResponseWriter, r *http.Request) error {
	issue, err := queryIssue(r, "issue")
	if err != nil {
		return err
	}
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	f := sqldb.ProvisionFilter{Agreement: r.URL.Query().Get("agreement"), Issue: issue}
	if f.Agreement != "" {
		if _, err := s.DB.Agreement(r.Context(), f.Agreement); err != nil {
			return err
		}
	}
	ps, err := s.DB.Provisions(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"date": d, "provisions": provisionViews(ps, d, UserFrom(r.Context()).Role)})
}

func (s *Server) getProvision(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	p, err := s.DB.Provision(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, provisionViews([]truce.Provision{*p}, d, UserFrom(r.Context()).Role)[0])
}

func (s *Server) listPositions(w http.ResponseWriter, r *http.Request) error {
	var f sqldb.PositionFilter
	var err error
	if f.Party, err = queryParty(r, "party"); err != nil {
		return err
	}
	if f.Issue, err = queryIssue(r, "issue"); err != nil {
		return err
	}
	if f.AsOf, err = queryDate(r, "date", truce.Date{}); err != nil {
		return err
	}
	f.Provision = r.URL.Query().Get("provision")
	ps, err := s.DB.Positions(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"positions": ps})
}

func (s *Server) getPosition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	p, err := s.DB.Position(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) listTalks(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.DB.Talks(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"talks": ts})
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) error {
	zs, err := s.DB.Zones(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"zones": zs})
}

// MatrixResponse is the body of GET /api/matrix.
type MatrixResponse struct {
	Date  truce.Date   `json:"date"`
	Cells []truce.Cell `json:"cells"`
}

func (s *Server) matrix(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	ps, err := s.DB.Positions(r.Context(), sqldb.PositionFilter{AsOf: d})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, MatrixResponse{Date: d, Cells: truce.Matrix(ps, d)})
}

func (s *Server) readiness(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	world, err := s.DB.World(r.Context())
	if err != nil {
		return err
	}
	id := r.URL.Query().Get("agreement")
	if id != "" {
		a, ok := world.Agreements[id]
		if !ok {
			return truce.Errorf(truce.ENOTFOUND, "no agreement %q", id)
		}
		return writeJSON(w, http.StatusOK, world.Readiness(a, d))
	}
	as, err := s.DB.Agreements(r.Context())
	if err != nil {
		return err
	}
	out := make([]truce.Readiness, 0, len(as))
	for _, a := range as {
		out = append(out, world.Readiness(world.Agreements[a.ID], d))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"date": d, "agreements": out})
}
