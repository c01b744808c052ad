package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// ContentHash is the article's "sha256:HEX" content hash: the identity of
// an article in the review queue.
func ContentHash(a *Article) string {
	h := sha256.Sum256([]byte(a.Text))
	return "sha256:" + hex.EncodeToString(h[:])
}

// Source describes the article as a truce.Source: its id is derived from
// the content hash, so the same text is the same source wherever it is read
// from; its title is the start of its first sentence.
func Source(a *Article, name string) truce.Source {
	hash := ContentHash(a)
	title := strings.TrimSpace(a.Text[a.BodyStart:])
	if i := strings.IndexByte(title, '\n'); i >= 0 {
		title = title[:i]
	}
	if len(title) > 120 {
		n := 120
		for n > 0 && !utf8.RuneStart(title[n]) {
			n--
		}
		title = strings.TrimSpace(title[:n]) + "…"
	}
	return truce.Source{
		ID:          "news-" + strings.TrimPrefix(hash, "sha256:")[:16],
		Title:       title,
		Outlet:      "news article",
		File:        name,
		Published:   truce.DateOf(a.Date),
		ContentHash: hash,
	}
}

// Claims turns an extraction into review-queue claims of source src. Each
// claim's key is the article hash, the kind, the evidence span and what it
// is about, so re-extracting the article yields the same keys.
func Claims(a *Article, src truce.Source, e *Extraction) []truce.Claim {
	var out []truce.Claim
	add := func(kind truce.ClaimKind, about, summary string, ev Evidence, conf float64, v any) {
		b, _ := json.Marshal(v) // plain structs: cannot fail
		out = append(out, truce.Claim{
			Key:         fmt.Sprintf("%s/%s/%d-%d/%s", src.ContentHash, kind, ev.Span[0], ev.Span[1], about),
			Kind:        kind,
			Summary:     summary,
			Source:      src.ID,
			ArticleHash: src.ContentHash,
			Published:   truce.DateOf(a.Date),
			Span:        ev.Span,
			Evidence:    ev.Evidence,
			Confidence:  conf,
			Data:        b,
			Status:      truce.ClaimPending,
		})
	}
	for _, p := range e.Positions {
		pol := "+"
		if p.Stance == Oppose {
			pol = "-"
		}
		add(truce.ClaimPosition, p.Actor+"/"+p.Issue+"/"+pol, fmt.Sprintf("%s %s %s (%s)", p.Actor, p.Stance, p.Issue, p.Attribution), p.Evidence, p.Confidence, p)
	}
	for _, in := range e.Incidents {
		date := "undated"
		if in.Date != nil {
			date = *in.Date
		}
		k := "?"
		if in.Killed != nil {
			k = fmt.Sprint(*in.Killed)
		}
		add(truce.ClaimIncident, foldName(in.Place), fmt.Sprintf("incident %s %s, %s killed", in.Place, date, k), in.Evidence, 0, in)
	}
	for _, t := range e.Talks {
		date := "undated"
		if t.Date != nil {
			date = *t.Date
		}
		add(truce.ClaimTalks, foldName(t.Place), fmt.Sprintf("talks %s %s %s", t.Place, date, strings.Join(t.Participants, ",")), t.Evidence, 0, t)
	}
	return out
}
