// Package intake reads reports from files: NDJSON (one report per line, the
// JSON of POST /api/reports), CSV (one report per row, flat columns),
// GeoJSON (a FeatureCollection of Point features whose properties are the
// report's fields) and UCDP GED CSV. Every row keeps its line number, and a
// row that cannot be read carries its error instead of stopping the file:
// the caller decides whether one bad row spoils the import.
package intake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// Row is one report read from a file.
type Row struct {
	Line   int // 1-based line of the row (of the feature's start in GeoJSON)
	Report truce.Report
	Err    error // the row could not be read; Report is incomplete
}

// Format names an input format.
type Format string

// The formats.
const (
	NDJSON  Format = "ndjson"
	CSV     Format = "csv"
	GeoJSON Format = "geojson"
	UCDP    Format = "ucdp" // UCDP GED CSV
)

// Formats lists the formats.
var Formats = []Format{NDJSON, CSV, GeoJSON, UCDP}

// DetectFormat guesses a file's format from its name and first bytes: a
// .geojson name or a leading {"type": "FeatureCollection" is GeoJSON; a
// leading { is NDJSON; a CSV header starting with "id,relid," is UCDP GED;
// anything else is CSV.
func DetectFormat(name string, head []byte) Format {
	lower := strings.ToLower(name)
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case strings.HasSuffix(lower, ".geojson"):
		return GeoJSON
	case strings.HasSuffix(lower, ".ndjson"), strings.HasSuffix(lower, ".jsonl"):
		return NDJSON
	case bytes.HasPrefix(h, []byte("{")) && bytes.Contains(h[:min(len(h), 200)], []byte("FeatureCollection")):
		return GeoJSON
	case bytes.HasPrefix(h, []byte("{")):
		return NDJSON
	case bytes.HasPrefix(h, []byte("id,relid,")):
		return UCDP
	}
	return CSV
}

// Read reads every row of r in the given format.
func Read(r io.Reader, f Format) ([]Row, error) {
	switch f {
	case NDJSON:
		return ReadNDJSON(r)
	case CSV:
		return ReadCSV(r)
	case GeoJSON:
		return ReadGeoJSON(r)
	case UCDP:
		return ReadUCDP(r)
	}
	return nil, truce.Errorf(truce.EINVALID, "unknown format %q (one of %v)", f, Formats)
}

// MaxLine bounds one NDJSON line.
const MaxLine = 1 << 20

// ndjsonChunk is how many lines ReadNDJSON hands a decoder at a time.
const ndjsonChunk = 1024

// ReadNDJSON reads one JSON report per line; blank lines are skipped. The
// lines are decoded on every core, a chunk at a time, while the next are
// read (decoding is most of the work); rows keep the order of the lines.
func ReadNDJSON(r io.Reader) ([]Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLine)
	// A chunk holds its lines side by side in text (line k is
	// text[ends[k-1]:ends[k]]) and decodes them into rows.
	type chunk struct {
		rows []Row
		text []byte
		ends []int
	}
	var chunks []*chunk
	work := make(chan *chunk)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				start := 0
				for k := range c.rows {
					c.rows[k].Err = DecodeReport(c.text[start:c.ends[k]], &c.rows[k].Report)
					start = c.ends[k]
				}
			}
		}()
	}
	cur := &chunk{}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		cur.rows = append(cur.rows, Row{Line: line})
		cur.text = append(cur.text, b...)
		cur.ends = append(cur.ends, len(cur.text))
		if len(cur.rows) == ndjsonChunk {
			chunks = append(chunks, cur)
			work <- cur
			cur = &chunk{}
		}
	}
	if len(cur.rows) > 0 {
		chunks = append(chunks, cur)
		work <- cur
	}
	close(work)
	wg.Wait()
	n := 0
	for _, c := range chunks {
		n += len(c.rows)
	}
	var rows []Row
	if n > 0 {
		rows = make([]Row, 0, n)
	}
	for _, c := range chunks {
		rows = append(rows, c.rows...)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return rows, truce.Errorf(truce.EINVALID, "line %d: longer than %d bytes", line+1, MaxLine)
		}
		return rows, err
	}
	return rows, nil
}

// DecodeReport decodes one JSON report strictly (no unknown fields), with
// errors that name the field.
func DecodeReport(b []byte, r *truce.Report) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return JSONError(err)
	}
	if dec.More() {
		return truce.Errorf(truce.EINVALID, "more than one JSON value")
	}
	return nil
}

// JSONError turns a JSON decoding error into an EINVALID error naming the field.
func JSONError(err error) error {
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	var te *time.ParseError
	switch {
	case errors.As(err, &ute):
		return truce.FieldErrorf(ute.Field, "want a JSON %s, got %s", ute.Type, ute.Value)
	case errors.As(err, &se):
		return truce.Errorf(truce.EINVALID, "malformed JSON at byte %d: %v", se.Offset, err)
	case errors.As(err, &te):
		return truce.Errorf(truce.EINVALID, "bad time %q: want RFC 3339, e.g. 2025-04-13T08:20:00Z", te.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return truce.Errorf(truce.EINVALID, "truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return truce.FieldErrorf(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown field")
	}
	return truce.Errorf(truce.EINVALID, "malformed JSON: %v", err)
}

// CSVColumns are the columns of the CSV format; lists (weapons,
// attachments, provisions) are separated by semicolons.
var CSVColumns = []string{"client_id", "observed_at", "observed_until", "time_precision", "lat", "lon", "precision", "place",
	"type", "mode", "weapons", "target", "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
	"perpetrator", "source_kind", "source_reliability", "source_name", "source_party", "source_identity", "description",
	"attachments", "provisions", "zone", "revises"}

// csvRequired are the columns a CSV file must have.
var csvRequired = []string{"client_id", "observed_at", "lat", "lon", "precision", "type", "source_kind"}

// ReadCSV reads reports from CSV with a header row naming CSVColumns (in
// any order, a subset including the required ones).
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, truce.Errorf(truce.EINVALID, "line 1: empty file: want a header row")
	} else if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "line 1: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !contains(CSVColumns, h) {
			return nil, truce.Errorf(truce.EINVALID, "line 1: unknown column %q (known: %s)", h, strings.Join(CSVColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, truce.Errorf(truce.EINVALID, "line 1: column %q twice", h)
		}
		col[h] = i
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			return nil, truce.Errorf(truce.EINVALID, "line 1: missing column %q (required: %s)", c, strings.Join(csvRequired, ", "))
		}
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rows = append(rows, Row{Line: pe.StartLine, Err: truce.Errorf(truce.EINVALID, "%v", pe.Err)})
				continue
			}
			return rows, err
		}
		if len(rec) != len(header) {
			rows = append(rows, Row{Line: line, Err: truce.Errorf(truce.EINVALID, "%d fields, the header has %d", len(rec), len(header))})
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := Row{Line: line}
		row.Err = csvReport(get, &row.Report)
		rows = append(rows, row)
	}
	return rows, nil
}

func csvReport(get func(string) string, r *truce.Report) error {
	var errs []error
	r.ClientID = get("client_id")
	r.Revises = get("revises")
	r.ObservedAt, errs = parseTime(get("observed_at"), "observed_at", errs)
	if v := get("observed_until"); v != "" {
		var t time.Time
		t, errs = parseTime(v, "observed_until", errs)
		r.ObservedUntil = &t
	}
	r.TimePrecision = truce.TimePrecision(get("time_precision"))
	r.Lat, errs = parseFloat(get("lat"), "lat", errs)
	r.Lon, errs = parseFloat(get("lon"), "lon", errs)
	var p float64
	p, errs = parseFloat(get("precision"), "precision", errs)
	r.Precision = int(p)
	if p != float64(int(p)) {
		errs = append(errs, truce.FieldErrorf("precision", "%v is not a whole number", p))
	}
	r.Place = get("place")
	r.Type, r.Mode = truce.EventType(get("type")), truce.Mode(get("mode"))
	r.Weapons = list(get("weapons"))
	r.Target = truce.TargetClass(get("target"))
	r.Killed.Low, errs = parseCount(get("killed_low"), "killed.low", errs)
	r.Killed.Best, errs = parseCount(get("killed_best"), "killed.best", errs)
	r.Killed.High, errs = parseCount(get("killed_high"), "killed.high", errs)
	r.Injured.Low, errs = parseCount(get("injured_low"), "injured.low", errs)
	r.Injured.Best, errs = parseCount(get("injured_best"), "injured.best", errs)
	r.Injured.High, errs = parseCount(get("injured_high"), "injured.high", errs)
	r.Perpetrator = get("perpetrator")
	r.Source = truce.ReportSource{Kind: truce.SourceKind(get("source_kind")), Reliability: get("source_reliability"),
		Name: get("source_name"), Party: get("source_party"), Identity: get("source_identity")}
	r.Description = get("description")
	r.Attachments, r.Provisions, r.Zone = list(get("attachments")), list(get("provisions")), get("zone")
	return errors.Join(errs...)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseTime(s, field string, errs []error) (time.Time, []error) {
	if s == "" {
		return time.Time{}, errs
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if d, derr := truce.ParseDate(s); derr == nil {
			return d.Time(), errs
		}
		return t, append(errs, truce.FieldErrorf(field, "%q is not an RFC 3339 time or a date", s))
	}
	return t, errs
}

func parseFloat(s, field string, errs []error) (float64, []error) {
	if s == "" {
		return 0, errs
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, append(errs, truce.FieldErrorf(field, "%q is not a number", s))
	}
	return v, errs
}

func parseCount(s, field string, errs []error) (*int, []error) {
	if s == "" {
		return nil, errs
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return nil, append(errs, truce.FieldErrorf(field, "%q is not a whole number", s))
	}
	return &v, errs
}

// ReadGeoJSON reads a FeatureCollection whose features are Points with the
// report's fields (all but lat and lon) as properties. It streams the
// features, so a large file is not held whole.
func ReadGeoJSON(r io.Reader) ([]Row, error) {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, truce.Errorf(truce.EINVALID, "line %d: not a GeoJSON object: %v", lr.lineAt(dec.InputOffset()), err)
	}
	var rows []Row
	sawType, sawFeatures := false, false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "line %d: %v", lr.lineAt(dec.InputOffset()), err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var t string
			if err := dec.Decode(&t); err != nil || t != "FeatureCollection" {
				return nil, truce.Errorf(truce.EINVALID, "line %d: type %q, want FeatureCollection", lr.lineAt(dec.InputOffset()), t)
			}
			sawType = true
		case "features":
			if err := expectDelim(dec, '['); err != nil {
				return nil, truce.Errorf(truce.EINVALID, "line %d: features: want an array", lr.lineAt(dec.InputOffset()))
			}
			for i := 0; dec.More(); i++ {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return rows, truce.Errorf(truce.EINVALID, "line %d: feature %d: %v", lr.lineAt(dec.InputOffset()), i, err)
				}
				// The feature's bytes end at the offset: its first line is where they start.
				row := Row{Line: lr.lineAt(dec.InputOffset() - int64(len(raw)))}
				row.Err = featureReport(raw, &row.Report)
				if row.Err != nil {
					row.Err = fmt.Errorf("feature %d: %w", i, row.Err)
				}
				rows = append(rows, row)
			}
			if _, err := dec.Token(); err != nil {
				return rows, err
			}
			sawFeatures = true
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return rows, truce.Errorf(truce.EINVALID, "line %d: %v", lr.lineAt(dec.InputOffset()), err)
			}
		}
	}
	if !sawType || !sawFeatures {
		return rows, truce.Errorf(truce.EINVALID, "not a GeoJSON FeatureCollection (type and features required)")
	}
	return rows, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("want %q, got %v", d, tok)
	}
	return nil
}

func featureReport(raw []byte, r *truce.Report) error {
	var f struct {
		Type     string `json:"type"`
		Geometry *struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties json.RawMessage `json:"properties"`
		ID         any             `json:"id"`
		BBox       any             `json:"bbox"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return JSONError(err)
	}
	if f.Type != "Feature" {
		return truce.FieldErrorf("type", "%q, want Feature", f.Type)
	}
	if f.Geometry == nil || f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) < 2 {
		return truce.FieldErrorf("geometry", "want a Point with [lon, lat]")
	}
	if len(f.Properties) == 0 || string(f.Properties) == "null" {
		return truce.FieldErrorf("properties", "required: the report's fields")
	}
	if err := DecodeReport(f.Properties, r); err != nil {
		return err
	}
	if r.Lat != 0 || r.Lon != 0 {
		return truce.FieldErrorf("properties", "lat and lon come from the geometry, not the properties")
	}
	r.Lon, r.Lat = f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]
	return nil
}

// lineReader counts the lines of what it has read, to turn decoder offsets
// into line numbers.
type lineReader struct {
	r      io.Reader
	starts []int64 // offsets at which lines 2, 3, ... begin
	off    int64
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.starts = append(l.starts, l.off+int64(i)+1)
		}
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off.
func (l *lineReader) lineAt(off int64) int {
	lo, hi := 0, len(l.starts)
	for lo < hi {
		m := (lo + hi) / 2
		if l.starts[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo + 1
}
