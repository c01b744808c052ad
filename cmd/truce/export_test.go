package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/formats"
	"github.com/truce-monitor/truce/intake"
)

// TestExport imports the example reports, exports them in every format and
// reads each export back: every report comes back, in each format's terms.
func TestExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	ctx := context.Background()
	var stderr bytes.Buffer
	env := &Env{Stdout: io.Discard, Stderr: &stderr}
	if code := run(ctx, env, []string{"load", "--db", db, "../../scenario/builtin/april2025.yaml"}); code != 0 {
		t.Fatalf("load: %s", stderr.String())
	}
	if code := run(ctx, env, []string{"report", "import", "--db", db, "../../daily/testdata/reports-2025-04.ndjson"}); code != 0 {
		t.Fatalf("report import: %s", stderr.String())
	}
	readers := map[formats.Format]func(io.Reader) ([]intake.Row, error){
		formats.GeoJSON: intake.ReadGeoJSON, formats.ACLED: formats.ReadACLED, formats.UCDP: intake.ReadUCDP,
		formats.HXL: formats.ReadHXL, formats.PLOVER: formats.ReadPLOVER,
	}
	for _, f := range formats.Formats {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			if code := run(ctx, &Env{Stdout: &out, Stderr: &stderr}, []string{"export", "--db", db, "--format", string(f)}); code != 0 {
				t.Fatalf("export: %s", stderr.String())
			}
			rows, err := readers[f](&out)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 7 {
				t.Fatalf("%d rows read back, want the 7 imported", len(rows))
			}
			seen := map[string]bool{}
			for _, r := range rows {
				if r.Err != nil {
					t.Errorf("line %d: %v", r.Line, r.Err)
				}
				seen[strings.TrimPrefix(strings.TrimPrefix(r.Report.ClientID, "acled:"), "ucdp-ged:")] = true
			}
			for i := 1; i <= 7; i++ {
				if id := "ex-000" + string(rune('0'+i)); !seen[id] {
					t.Errorf("report %s missing", id)
				}
			}
		})
	}
	if code := run(ctx, env, []string{"export", "--db", db, "--format", "kml"}); code != 2 {
		t.Errorf("--format kml: exit %d, want 2", code)
	}
}
