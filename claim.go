package truce

import (
	"encoding/json"
	"slices"
	"time"
)

// ClaimKind is what an extracted claim proposes.
type ClaimKind string

// The kinds of claim the news extractor proposes.
const (
	ClaimPosition ClaimKind = "position" // becomes a Position with its evidence
	ClaimIncident ClaimKind = "incident" // becomes an open-source Report
	ClaimTalks    ClaimKind = "talks"    // becomes a Talks entry
)

// ClaimKinds lists every kind of claim.
var ClaimKinds = []ClaimKind{ClaimPosition, ClaimIncident, ClaimTalks}

// Valid reports whether k is a known kind.
func (k ClaimKind) Valid() bool { return slices.Contains(ClaimKinds, k) }

// ClaimStatus is where a claim is in the review queue.
type ClaimStatus string

// The statuses of a claim. A decision is final: an accepted or rejected
// claim is never decided again (extract the article again to reconsider:
// re-extraction adds only claims not seen before).
const (
	ClaimPending  ClaimStatus = "pending"
	ClaimAccepted ClaimStatus = "accepted"
	ClaimRejected ClaimStatus = "rejected"
)

// ClaimStatuses lists every status.
var ClaimStatuses = []ClaimStatus{ClaimPending, ClaimAccepted, ClaimRejected}

// Valid reports whether s is a known status.
func (s ClaimStatus) Valid() bool { return slices.Contains(ClaimStatuses, s) }

// Claim is one proposal of the news extractor, waiting for an analyst to
// accept or reject it. Key identifies it across re-extractions of the same
// article: the article's content hash, the kind, the evidence span and what
// the claim is about (actor/issue/polarity, or place), so extracting an
// article twice never queues a claim twice.
type Claim struct {
	ID          int64           `json:"id"`
	Key         string          `json:"key"`
	Kind        ClaimKind       `json:"kind"`
	Summary     string          `json:"summary"`      // "US support crimea-recognition", "incident Sumy 2025-04-13"
	Source      string          `json:"source"`       // the article's Source id
	ArticleHash string          `json:"article_hash"` // "sha256:HEX" of the article's bytes
	Published   Date            `json:"published"`
	Span        [2]int          `json:"span"` // the evidence's [start, end) in characters of the article
	Evidence    string          `json:"evidence"`
	Confidence  float64         `json:"confidence,omitempty"`
	Data        json.RawMessage `json:"data"` // the claim as extracted (SCHEMA.md's JSON of one position, incident or talks)
	Status      ClaimStatus     `json:"status"`
	Reason      string          `json:"reason,omitempty"`     // why it was rejected
	Result      string          `json:"result,omitempty"`     // what accepting made: "position:12", "talks:ID", "report:7"
	DecidedBy   string          `json:"decided_by,omitempty"` // who accepted or rejected it
	DecidedAt   *time.Time      `json:"decided_at,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
}

// Validate checks a claim before it is queued.
func (c *Claim) Validate() error {
	switch {
	case c.Key == "":
		return FieldErrorf("key", "required")
	case !c.Kind.Valid():
		return FieldErrorf("kind", "%q is not one of %v", c.Kind, ClaimKinds)
	case c.Source == "":
		return FieldErrorf("source", "required")
	case c.Published.IsZero():
		return FieldErrorf("published", "required")
	case c.Evidence == "":
		return FieldErrorf("evidence", "required")
	case c.Span[0] < 0 || c.Span[1] <= c.Span[0]:
		return FieldErrorf("span", "%v is not a span", c.Span)
	case !json.Valid(c.Data):
		return FieldErrorf("data", "not JSON")
	}
	return nil
}
