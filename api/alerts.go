package api

import (
	"context"
	"net/http"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
)

// PublicIncident renders an incident as the public sees it (place to 0.1°,
// time to the day, no staff names): what webhook payloads carry, since a
// receiver's audience is not the mission's.
func PublicIncident(s *Server) func(ctx context.Context, id int64) (any, error) {
	return func(ctx context.Context, id int64) (any, error) {
		in, err := s.DB.Incident(ctx, id)
		if err != nil {
			return nil, err
		}
		return viewer{s.DB}.coarseIncident(ctx, in), nil
	}
}

func (s *Server) alerts() (*alert.Service, error) {
	if s.Alerts == nil {
		return nil, truce.Errorf(truce.ENOTIMPLEMENTED, "webhooks are not enabled on this server")
	}
	return s.Alerts, nil
}

// createWebhook subscribes a URL to new violations of a provision, in an
// area, or both: 201 with the webhook and its secret, shown this once.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	a, err := s.alerts()
	if err != nil {
		return err
	}
	var req alert.Webhook
	if err := decodeJSON(w, r, MaxAccountBody, &req); err != nil {
		return err
	}
	req.ID, req.Active = 0, true
	req.CreatedBy = UserFrom(r.Context()).Name
	wh, err := a.Create(r.Context(), &req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, wh)
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	a, err := s.alerts()
	if err != nil {
		return err
	}
	ws, err := a.List(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"webhooks": ws})
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	a, err := s.alerts()
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := a.Deactivate(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) webhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	a, err := s.alerts()
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	ds, err := a.Deliveries(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds})
}
