package extract

import (
	"context"
	"os"
	"strings"
	"testing"
)

const ucdpFile = "../../shared/data/events-ucdp-ged-ukraine/UCDP_GED_v22.1_Ukraine.csv"

// TestUCDP runs the UCDP GED test (headline + source date as article) and
// asserts floors a little below the shares measured when it was written, so
// that a regression fails. The data is read from the shared folder.
func TestUCDP(t *testing.T) {
	f, err := os.Open(ucdpFile)
	if err != nil {
		t.Skipf("UCDP GED data not available: %v", err)
	}
	defer f.Close()
	r, err := EvalUCDP(context.Background(), New(), f, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	_ = r.WriteText(&b)
	t.Logf("\n%s", b.String())
	share := func(a, n int) float64 { return float64(a) / float64(n) }
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"geocoded (any place within 25 km)", share(r.Geocoded, r.Precise), 0.22},
		{"located within 25 km", share(r.Located, r.Precise), 0.040},
		{"located, of the extracted", share(r.Located, r.ExtractedPrecise), 0.68},
		{"dated within a day, of the extracted", share(r.Dated, r.Extracted), 0.90},
		{"right death count, of the extracted", share(r.Counted, r.Extracted), 0.55},
	} {
		if c.got < c.want {
			t.Errorf("%s: %.3f, want >= %.3f", c.what, c.got, c.want)
		}
	}
}

func TestUCDPBadInput(t *testing.T) {
	_, err := EvalUCDP(context.Background(), New(), strings.NewReader("id,foo\n1,2\n"), 0)
	if err == nil || !strings.Contains(err.Error(), "no column") {
		t.Errorf("got %v, want a missing column error", err)
	}
}
