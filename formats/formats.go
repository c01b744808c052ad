// Package formats writes Truce's reports in the formats of the field, and
// reads back those that package intake does not: GeoJSON (RFC 7946; read
// with intake.ReadGeoJSON), CSV with ACLED-style columns, CSV with
// UCDP GED-style columns (read with intake.ReadUCDP), CSV with an HXL
// hashtag row, and PLOVER event JSON. Readers return intake.Rows: every row
// keeps its line and a row that cannot be read carries its error.
//
// Each format keeps what it can express. ACLED is day-level with fatalities
// only, so a report written as ACLED keeps its day, place, precision (1 to
// 3), type, mode, target and deaths; GED keeps the time window, place,
// precision and deaths; HXL and PLOVER keep every public field. No writer
// emits a source's identity.
package formats

import (
	"strings"

	"github.com/truce-monitor/truce"
)

// Format names an output format.
type Format string

// The formats.
const (
	GeoJSON Format = "geojson"
	ACLED   Format = "acled"
	UCDP    Format = "ucdp"
	HXL     Format = "hxl"
	PLOVER  Format = "plover"
)

// Formats lists the formats.
var Formats = []Format{GeoJSON, ACLED, UCDP, HXL, PLOVER}

// ContentType returns the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case GeoJSON:
		return "application/geo+json"
	case PLOVER:
		return "application/x-ndjson"
	}
	return "text/csv; charset=utf-8"
}

// forces are the names ACLED and UCDP give the parties' armed forces.
var forces = map[string]struct{ acled, ucdp string }{
	"RU": {"Military Forces of Russia (2000-)", "Government of Russia (Soviet Union)"},
	"UA": {"Military Forces of Ukraine (2019-)", "Government of Ukraine"},
}

func partyOf(name string, ucdp bool) string {
	for code, f := range forces {
		if (!ucdp && f.acled == name) || (ucdp && f.ucdp == name) {
			return code
		}
	}
	if truce.ValidPartyCode(name) {
		return name
	}
	return ""
}

func intp(n int) *int { return &n }

func countOr0(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
