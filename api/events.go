package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Default intervals of the change feed stream.
const (
	defaultPollInterval = 2 * time.Second  // re-read the feed even without a wake-up
	keepaliveInterval   = 15 * time.Second // comment line that keeps proxies from closing an idle stream
	eventsBatch         = 500
)

// events streams the change feed as Server-Sent Events: every write
// committed after the client connected (or after the id in Last-Event-ID
// or ?since=), by this server or, on PostgreSQL, by any server sharing the
// database. Each event has the change's id, its kind as the event name and
// the change as JSON data. With ?follow=false it sends what is already
// there and ends, for clients that poll.
func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kinds := map[string]bool{}
	for _, k := range strings.Split(r.URL.Query().Get("kind"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			kinds[k] = true
		}
	}
	follow := true
	if v := r.URL.Query().Get("follow"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return truce.FieldErrorf("follow", "%q is not true or false", v)
		}
		follow = b
	}
	role := UserFrom(ctx).Role
	// Subscribe before reading the cursor, so nothing committed in between is missed.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wake := s.DB.Watch(wctx)
	var after int64
	cursor := r.Header.Get("Last-Event-ID")
	if cursor == "" {
		cursor = r.URL.Query().Get("since")
	}
	if cursor != "" {
		v, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || v < 0 {
			return truce.FieldErrorf("since", "%q is not a change id", cursor)
		}
		after = v
	} else {
		last, err := s.DB.LastChange(ctx)
		if err != nil {
			return err
		}
		after = last
	}

	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, ": truce change feed after %d\nretry: 2000\n\n", after)
	if err := rc.Flush(); err != nil {
		return nil
	}

	poll := s.PollInterval
	if poll <= 0 {
		poll = defaultPollInterval
	}
	pollT := time.NewTicker(poll)
	defer pollT.Stop()
	keepT := time.NewTicker(keepaliveInterval)
	defer keepT.Stop()
	for {
		for {
			cs, err := s.DB.Changes(ctx, after, eventsBatch)
			if err != nil {
				if ctx.Err() == nil {
					s.Logger.Error("change feed", "err", err)
				}
				return nil // headers are sent: end the stream, the client reconnects
			}
			for _, c := range cs {
				after = c.ID
				if len(kinds) > 0 && !kinds[c.Kind] {
					continue
				}
				if !fullView(role) && !publicChangeKinds[c.Kind] {
					// Who decided, and when to the minute, is the mission's:
					// the caller reads the record in its own view instead.
					c.Data = json.RawMessage("{}")
				} else if !fullView(role) && c.Kind == "provision-status" {
					c.Data = publicStatusChange(c.Data)
				}
				if err := writeEvent(w, c.ID, c.Kind, c); err != nil {
					return nil
				}
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
			if len(cs) < eventsBatch {
				break
			}
		}
		if !follow {
			return nil
		}
	wait:
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-s.draining:
				return nil
			case <-wake:
				break wait
			case <-pollT.C:
				break wait
			case <-keepT.C:
				// Only a keep-alive: reading the feed is for wake-ups and polls.
				if _, err := io.WriteString(w, ": keepalive\n\n"); err != nil {
					return nil
				}
				if err := rc.Flush(); err != nil {
					return nil
				}
			}
		}
	}
}

// publicChangeKinds are the change kinds whose data everyone may read
// (public records, or ids and counts only); for other kinds, callers
// without the full view get the change without its data. An allow-list,
// like redact.go: a kind added later is withheld until it is listed.
var publicChangeKinds = map[string]bool{
	"source": true, "position": true, "provision-status": true, "talks": true, "scenario": true,
	"report": true, "report-import": true, "line-version": true, "sites": true, "zones": true,
}

// publicStatusChange is a provision-status change's data without who
// recorded it and when (historyView); undecodable data is withheld whole.
func publicStatusChange(data json.RawMessage) json.RawMessage {
	var sc truce.StatusChange
	if err := json.Unmarshal(data, &sc); err != nil {
		return json.RawMessage("{}")
	}
	b, err := json.Marshal(historyView([]truce.StatusChange{sc}, truce.RolePublic)[0])
	if err != nil {
		return json.RawMessage("{}")
	}
	return b
}

// writeEvent writes one Server-Sent Event.
func writeEvent(w io.Writer, id int64, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", id, name, b)
	return err
}

// addSource stores a new source document: 201 with the source, 409 if its id is taken.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) error {
	var src truce.Source
	if err := decodeJSON(w, r, 1<<20, &src); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(src.ID) == "":
		return truce.FieldErrorf("id", "required")
	case strings.TrimSpace(src.Title) == "":
		return truce.FieldErrorf("title", "required")
	case strings.TrimSpace(src.Outlet) == "":
		return truce.FieldErrorf("outlet", "required")
	case src.Published.IsZero():
		return truce.FieldErrorf("published", "required (YYYY-MM-DD)")
	}
	if err := s.DB.AddSource(r.Context(), &src); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/sources/"+src.ID)
	return writeJSON(w, http.StatusCreated, src)
}
