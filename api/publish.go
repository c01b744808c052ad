package api

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// KindPublication is the transparency-log kind of a published daily report.
const KindPublication = "publication"

// PublicationCreated is the body of 201 Created for POST /api/daily/publish.
type PublicationCreated struct {
	Publication int64      `json:"publication"`
	Date        truce.Date `json:"date"`
	Leaf        uint64     `json:"leaf"` // its index in the transparency log
}

// publishDaily publishes the public edition of the daily report of ?date=:
// the JSON is stored byte for byte and logged as a leaf in one transaction.
func (s *Server) publishDaily(w http.ResponseWriter, r *http.Request) error {
	d, err := queryDate(r, "date", s.today(r.Context()))
	if err != nil {
		return err
	}
	rep, err := DailyReport(r.Context(), s.DB, d, true)
	if err != nil {
		return err
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	ctx := r.Context()
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id, err := tx.InsertID(ctx, `INSERT INTO publications (date, body, published_at, published_by) VALUES (?, ?, ?, ?)`,
		d.String(), body, tx.Now().Format("2006-01-02T15:04:05.000000Z"), UserFrom(ctx).Name)
	if err != nil {
		return err
	}
	leaf, err := tlog.Append(ctx, tx, tlog.Leaf{Kind: KindPublication, Ref: fmt.Sprint(id), Record: body}, tx.Now())
	if err != nil {
		return err
	}
	if err := truce.AuditWrite(ctx, tx, fmt.Sprintf("publication %d", id)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/publications/%d", id))
	return writeJSON(w, http.StatusCreated, PublicationCreated{Publication: id, Date: d, Leaf: leaf})
}

// publication reads a published edition's bytes.
func (s *Server) publication(r *http.Request) (int64, []byte, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var body []byte
	err = s.DB.SQL().QueryRowContext(r.Context(), `SELECT body FROM publications WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, truce.Errorf(truce.ENOTFOUND, "no publication %d", id)
	}
	return id, body, err
}

// getPublication returns a published edition exactly as published.
func (s *Server) getPublication(w http.ResponseWriter, r *http.Request) error {
	_, body, err := s.publication(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(body)
	return err
}

// publicationProof returns the bundle proving a publication is in the log;
// publications are public, and so are their proofs.
func (s *Server) publicationProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.needLog(); err != nil {
		return err
	}
	id, body, err := s.publication(r)
	if err != nil {
		return err
	}
	b, err := s.Log.Prove(r.Context(), KindPublication, fmt.Sprint(id), body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}
