package truce_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// FuzzReportJSON feeds arbitrary JSON to a report's decoding, normalising,
// validation and log record: none may panic; a report that validates must
// survive a JSON round trip with the same log record and still validate.
func FuzzReportJSON(f *testing.F) {
	now := time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		var r truce.Report
		if json.Unmarshal(data, &r) != nil {
			return
		}
		r.Normalize()
		if r.Validate(now) != nil {
			return
		}
		rec := r.LogRecord()
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back truce.Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("a valid report does not decode from its own JSON: %v", err)
		}
		if err := back.Validate(now); err != nil {
			t.Fatalf("a valid report fails validation after a round trip: %v", err)
		}
		if got := back.LogRecord(); !bytes.Equal(got, rec) {
			t.Fatalf("log record changed in a round trip:\n%s\n%s", rec, got)
		}
		if bytes.Contains(rec, []byte(`"identity"`)) {
			t.Fatalf("log record holds the source's identity: %s", rec)
		}
	})
}
