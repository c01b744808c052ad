package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/intake"
	"github.com/truce-monitor/truce/sqldb"
)

// LineError is one bad row of a bulk import, by line.
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ImportSummary is the outcome of a bulk import.
type ImportSummary struct {
	Rows             int               `json:"rows"`
	Added            int               `json:"added"`
	Replayed         int               `json:"replayed"`
	NewIncidents     int               `json:"new_incidents"`
	UpdatedIncidents int               `json:"updated_incidents"`
	Stored           bool              `json:"stored"` // false: bad rows and not partial, nothing stored
	Errors           []LineError       `json:"errors"`
	Results          []sqldb.AddResult `json:"-"`
	Lines            []int             `json:"-"` // the line of each result
}

// lineErrors turns a row's error into line errors, one per field problem.
func lineErrors(line int, err error) []LineError {
	fes := truce.FieldErrors(err)
	if len(fes) == 0 {
		return []LineError{{Line: line, Message: truce.ErrorMessage(err)}}
	}
	out := make([]LineError, len(fes))
	for i, fe := range fes {
		out[i] = LineError{Line: line, Field: fe.Field, Message: fe.Message}
	}
	return out
}

// ImportRows stores the rows read from a file in one transaction: all of
// them or, if any is bad, none unless partial (then the good ones). Bad rows
// are reported by line, whether they failed to read, to validate or to
// agree with what is stored.
func ImportRows(ctx context.Context, db *sqldb.DB, rows []intake.Row, partial bool, progress func(stage string, done, total int)) (*ImportSummary, error) {
	sum := &ImportSummary{Rows: len(rows), Errors: []LineError{}}
	var good []truce.Report
	var lines []int
	for _, r := range rows {
		if r.Err != nil {
			sum.Errors = append(sum.Errors, lineErrors(r.Line, r.Err)...)
			continue
		}
		good = append(good, r.Report)
		lines = append(lines, r.Line)
	}
	if len(sum.Errors) > 0 && !partial {
		// Check the rest too, so that every bad row is named at once.
		if _, err := db.ImportReports(ctx, good, sqldb.ImportOptions{Progress: progress, DryRun: true}); err != nil {
			if !addRowErrors(sum, err, lines) {
				return nil, err
			}
		}
		sortErrors(sum.Errors)
		return sum, nil
	}
	res, err := db.ImportReports(ctx, good, sqldb.ImportOptions{Partial: partial, Progress: progress})
	if err != nil {
		if addRowErrors(sum, err, lines) {
			sortErrors(sum.Errors)
			return sum, nil
		}
		return nil, err
	}
	for _, re := range res.Errors {
		sum.Errors = append(sum.Errors, lineErrors(lines[re.Row], re.Err)...)
	}
	sortErrors(sum.Errors)
	sum.Stored = true
	sum.Added, sum.Replayed, sum.NewIncidents, sum.UpdatedIncidents = res.Added, res.Replayed, res.NewIncidents, res.Updated
	sum.Results, sum.Lines = res.Results, lines
	return sum, nil
}

func addRowErrors(sum *ImportSummary, err error, lines []int) bool {
	var er *sqldb.ErrRows
	if !errors.As(err, &er) {
		return false
	}
	for _, re := range er.Rows {
		sum.Errors = append(sum.Errors, lineErrors(lines[re.Row], re.Err)...)
	}
	return true
}

func sortErrors(es []LineError) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Line < es[j-1].Line; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// bulkReports imports a body of NDJSON (application/x-ndjson), CSV
// (text/csv) or GeoJSON (application/geo+json): 200 with the summary when
// stored; 400 with every bad row by line when nothing was stored.
func (s *Server) bulkReports(w http.ResponseWriter, r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var f intake.Format
	switch mt {
	case "application/x-ndjson", "application/jsonl", "application/json-seq", "application/ndjson":
		f = intake.NDJSON
	case "text/csv":
		f = intake.CSV
	case "application/geo+json":
		f = intake.GeoJSON
	default:
		return truce.FieldErrorf("Content-Type", "%q: want application/x-ndjson, text/csv or application/geo+json", mt)
	}
	partial := r.URL.Query().Get("partial") == "true"
	body := http.MaxBytesReader(w, r.Body, MaxBulkBody)
	rows, err := intake.Read(body, f)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fmt.Errorf("%w: limit %d bytes", errTooLarge, mbe.Limit)
		}
		return err
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return fmt.Errorf("%w: limit %d bytes", errTooLarge, int64(MaxBulkBody))
	}
	if len(rows) == 0 {
		return truce.Errorf(truce.EINVALID, "no rows")
	}
	sum, err := ImportRows(r.Context(), s.DB, rows, partial, nil)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !sum.Stored {
		status = http.StatusBadRequest
	}
	return writeJSON(w, status, sum)
}
