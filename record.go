package truce

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// LogRecord returns the canonical bytes of a stored report that the
// transparency log commits to: the report as the store keeps and returns it
// (times in UTC to the microsecond), without its source's identity, which
// lives apart, and without its incident, which clustering may change. The
// same report read back from the store gives the same bytes, so anyone
// holding it and its leaf's salt can prove it was logged unchanged.
func (r Report) LogRecord() []byte {
	r = r.logged()
	var buf [1024]byte
	return bytes.Clone(r.appendJSON(buf[:0])) // the bytes of json.Marshal(r)
}

// logged returns the report as LogRecord encodes it: no source identity,
// source hash or incident, times in UTC to the microsecond.
func (r Report) logged() Report {
	r.Source.Identity = ""
	r.Incident = 0
	r.SourceHash = ""
	r.ObservedAt = r.ObservedAt.UTC().Truncate(time.Microsecond)
	if r.ObservedUntil != nil {
		u := r.ObservedUntil.UTC().Truncate(time.Microsecond)
		r.ObservedUntil = &u
	}
	r.ReceivedAt = r.ReceivedAt.UTC().Truncate(time.Microsecond)
	return r
}

// LogRecord returns the canonical bytes of a decision that the
// transparency log commits to.
func (d Decision) LogRecord() []byte {
	d.At = d.At.UTC().Truncate(time.Microsecond)
	if d.Deadline != nil {
		t := d.Deadline.UTC().Truncate(time.Microsecond)
		d.Deadline = &t
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return b
}

// VerdictsRecord returns the canonical bytes of an incident's verdicts as
// judged with a rules version, which the transparency log commits to.
//
// The bytes are those json.Marshal writes of
//
//	struct {
//		Incident int64     `json:"incident"`
//		Verdicts []Verdict `json:"verdicts"` // [] for nil
//	}
//
// written without reflection (TestVerdictsRecord compares the two).
func VerdictsRecord(incident int64, vs []Verdict) []byte {
	n := 40
	for i := range vs {
		n += 60 + len(vs[i].Provision) + len(vs[i].Issue) + len(vs[i].Verdict) + len(vs[i].Explanation)
	}
	b := make([]byte, 0, n)
	b = append(b, `{"incident":`...)
	b = strconv.AppendInt(b, incident, 10)
	b = append(b, `,"verdicts":[`...)
	for i := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		v := &vs[i]
		b = append(b, `{"provision":`...)
		b = appendJSONString(b, v.Provision)
		b = append(b, `,"issue":`...)
		b = appendJSONString(b, string(v.Issue))
		b = append(b, `,"verdict":`...)
		b = appendJSONString(b, string(v.Verdict))
		b = append(b, `,"explanation":`...)
		b = appendJSONString(b, v.Explanation)
		b = append(b, '}')
	}
	return append(b, ']', '}')
}
