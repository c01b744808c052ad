package truce

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendJSON appends the report as encoding/json's Marshal writes it, byte
// for byte (field order, omitempty and omitzero, HTML-safe escaping, the
// number and time forms), without reflection: content hashes and log
// records are these bytes, and stored hashes and proofs depend on them
// never changing. TestReportAppendJSON compares the two on random reports;
// a field added to Report must be added here.
func (r *Report) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if r.ID != 0 {
		b = append(b, `"id":`...)
		b = strconv.AppendInt(b, r.ID, 10)
		b = append(b, ',')
	}
	b = append(b, `"client_id":`...)
	b = appendJSONString(b, r.ClientID)
	if r.Revises != "" {
		b = append(b, `,"revises":`...)
		b = appendJSONString(b, r.Revises)
	}
	if r.Incident != 0 {
		b = append(b, `,"incident":`...)
		b = strconv.AppendInt(b, r.Incident, 10)
	}
	b = append(b, `,"observed_at":`...)
	b = appendJSONTime(b, r.ObservedAt)
	if r.ObservedUntil != nil {
		b = append(b, `,"observed_until":`...)
		b = appendJSONTime(b, *r.ObservedUntil)
	}
	if r.TimePrecision != "" {
		b = append(b, `,"time_precision":`...)
		b = appendJSONString(b, string(r.TimePrecision))
	}
	b = append(b, `,"lat":`...)
	b = appendJSONFloat(b, r.Lat)
	b = append(b, `,"lon":`...)
	b = appendJSONFloat(b, r.Lon)
	b = append(b, `,"precision":`...)
	b = strconv.AppendInt(b, int64(r.Precision), 10)
	if r.Place != "" {
		b = append(b, `,"place":`...)
		b = appendJSONString(b, r.Place)
	}
	b = append(b, `,"type":`...)
	b = appendJSONString(b, string(r.Type))
	if r.Mode != "" {
		b = append(b, `,"mode":`...)
		b = appendJSONString(b, string(r.Mode))
	}
	if len(r.Weapons) > 0 {
		b = append(b, `,"weapons":`...)
		b = appendJSONStrings(b, r.Weapons)
	}
	b = append(b, `,"target":`...)
	b = appendJSONString(b, string(r.Target))
	b = append(b, `,"killed":`...)
	b = r.Killed.AppendJSON(b)
	b = append(b, `,"injured":`...)
	b = r.Injured.AppendJSON(b)
	if r.Perpetrator != "" {
		b = append(b, `,"perpetrator":`...)
		b = appendJSONString(b, r.Perpetrator)
	}
	b = append(b, `,"source":{"kind":`...)
	b = appendJSONString(b, string(r.Source.Kind))
	for _, f := range [...]struct{ key, v string }{
		{`,"reliability":`, r.Source.Reliability}, {`,"name":`, r.Source.Name},
		{`,"party":`, r.Source.Party}, {`,"identity":`, r.Source.Identity},
	} {
		if f.v != "" {
			b = append(b, f.key...)
			b = appendJSONString(b, f.v)
		}
	}
	b = append(b, '}')
	if r.Description != "" {
		b = append(b, `,"description":`...)
		b = appendJSONString(b, r.Description)
	}
	if len(r.Attachments) > 0 {
		b = append(b, `,"attachments":`...)
		b = appendJSONStrings(b, r.Attachments)
	}
	if len(r.Provisions) > 0 {
		b = append(b, `,"provisions":`...)
		b = appendJSONStrings(b, r.Provisions)
	}
	if r.Zone != "" {
		b = append(b, `,"zone":`...)
		b = appendJSONString(b, r.Zone)
	}
	if !r.ReceivedAt.IsZero() {
		b = append(b, `,"received_at":`...)
		b = appendJSONTime(b, r.ReceivedAt)
	}
	return append(b, '}')
}

// AppendJSON appends the count as encoding/json writes it (the store keeps
// counts as this JSON).
func (c Count) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	sep := false
	for _, f := range [...]struct {
		key string
		v   *int
	}{{`"low":`, c.Low}, {`"best":`, c.Best}, {`"high":`, c.High}} {
		if f.v == nil {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		sep = true
		b = append(b, f.key...)
		b = strconv.AppendInt(b, int64(*f.v), 10)
	}
	return append(b, '}')
}

func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat appends f as encoding/json writes a float64 (as ES6
// converts a number to a string). It panics on NaN and infinities, which
// encoding/json refuses (a valid report has neither).
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		panic("truce: report field is not a JSON number: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONTime appends t as time.Time's MarshalJSON writes it (RFC 3339
// with the nanoseconds that are not zero): for UTC times of years 0 to
// 9999 directly, else through MarshalJSON, whose error (a year out of
// range) panics, as encoding/json's would have made Marshal fail.
func appendJSONTime(b []byte, t time.Time) []byte {
	year, month, day := t.Date()
	if t.Location() != time.UTC || year < 0 || year > 9999 {
		j, err := t.MarshalJSON()
		if err != nil {
			panic(err)
		}
		return append(b, j...)
	}
	hour, minute, sec := t.Clock()
	b = append(b, '"',
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-', byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':', byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10))
	if ns := t.Nanosecond(); ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i >= 1; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 10
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return append(b, 'Z', '"')
}

// appendJSONString appends s quoted as encoding/json writes a string with
// HTML escaping (its appendString): <, > and & as \u003c..., invalid UTF-8
// as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe(c) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonSafe reports whether encoding/json writes the ASCII byte c as itself
// in a string (its htmlSafeSet).
func jsonSafe(c byte) bool {
	return c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
}
