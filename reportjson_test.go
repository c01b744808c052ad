package truce

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The encodings content hashes and log records had when they were
// json.Marshal of the report: appendJSON must give the same bytes.
func marshalContentHash(r *Report) string {
	c := *r
	c.ID, c.Incident, c.ReceivedAt, c.SourceHash = 0, 0, time.Time{}, ""
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// marshalLogRecord is LogRecord through encoding/json: the reference its
// hand-written encoder must match byte for byte.
func marshalLogRecord(r Report) []byte {
	b, err := json.Marshal(r.logged())
	if err != nil {
		panic(err)
	}
	return b
}

// randString returns a string of pieces JSON escapes differently: plain
// ASCII, quotes and backslashes, HTML's <>&, control bytes, DEL, accents,
// Cyrillic, CJK, emoji, U+2028/U+2029, U+FFFD and invalid UTF-8.
func randString(rng *rand.Rand) string {
	pieces := []string{"Sumy", "a", " ", "-", "m17-0001", `"`, `\`, "<", ">", "&", "\n", "\r", "\t", "\b", "\f",
		"\x00", "\x01", "\x1f", "\x7f", "é", "Київ", "中", "🚀", "\u2028", "\u2029", "\ufffd",
		"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "'", "/", "\u00a0", "\u0300"}
	var sb strings.Builder
	for range rng.IntN(8) {
		if rng.IntN(3) == 0 {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		} else {
			sb.WriteByte(byte(rng.IntN(256)))
		}
	}
	return sb.String()
}

func randStrings(rng *rand.Rand) []string {
	switch rng.IntN(4) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	out := make([]string, 1+rng.IntN(3))
	for i := range out {
		out[i] = randString(rng)
	}
	return out
}

func randFloat(rng *rand.Rand) float64 {
	switch rng.IntN(12) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return float64(rng.IntN(200) - 100)
	case 3:
		return rng.Float64() * 1e-6 * []float64{1, -1}[rng.IntN(2)]
	case 4:
		return math.Float64frombits(rng.Uint64() &^ (0x7ff << 52)) // subnormal
	case 5:
		return (1 + rng.Float64()) * math.Pow(10, float64(15+rng.IntN(290)))
	case 6:
		return 1e21
	case 7:
		return 1e-6
	case 8:
		for {
			if f := math.Float64frombits(rng.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
		}
	}
	return (rng.Float64() - 0.5) * 360
}

func randTime(rng *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, time.UTC, time.UTC, time.FixedZone("", 3*3600), time.FixedZone("UTC", 0),
		time.FixedZone("X", -5*3600-1800), time.Local}
	switch rng.IntN(10) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(rng.IntN(10000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC)
	case 2:
		return time.Date(2025, 4, 13, 8, 20, 0, rng.IntN(1000)*1e6, time.UTC)
	case 3:
		return time.Date(2025, 4, 13, 8, 20, 0, rng.IntN(10)*int(math.Pow10(rng.IntN(9))), zones[rng.IntN(len(zones))])
	}
	t := time.Unix(rng.Int64N(253402300799+62135596800)-62135596800, rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
	if rng.IntN(2) == 0 {
		t = t.Truncate(time.Duration(math.Pow10(rng.IntN(10))))
	}
	return t
}

func randCount(rng *rand.Rand) Count {
	p := func() *int {
		if rng.IntN(2) == 0 {
			return nil
		}
		return N([]int{0, 1, 35, -1, math.MaxInt, math.MinInt, rng.Int()}[rng.IntN(7)])
	}
	return Count{Low: p(), Best: p(), High: p()}
}

// randReport returns a report with every field random (each string,
// slice, pointer and time sometimes empty, nil or zero).
func randReport(rng *rand.Rand) Report {
	s := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return randString(rng)
	}
	r := Report{ID: rng.Int64N(3) * rng.Int64(), ClientID: s(), Revises: s(), Incident: rng.Int64N(3) * rng.Int64(),
		ObservedAt: randTime(rng), TimePrecision: TimePrecision(s()), Lat: randFloat(rng), Lon: randFloat(rng),
		Precision: rng.IntN(3) * (rng.IntN(20) - 10), Place: s(), Type: EventType(s()), Mode: Mode(s()),
		Weapons: randStrings(rng), Target: TargetClass(s()), Killed: randCount(rng), Injured: randCount(rng),
		Perpetrator: s(), Source: ReportSource{Kind: SourceKind(s()), Reliability: s(), Name: s(), Party: s(), Identity: s()},
		Description: s(), Attachments: randStrings(rng), Provisions: randStrings(rng), Zone: s(),
		ReceivedAt: randTime(rng), SourceHash: s()}
	if rng.IntN(2) == 0 {
		u := randTime(rng)
		r.ObservedUntil = &u
	}
	return r
}

// TestReportAppendJSON: the report's own encoder writes json.Marshal's
// bytes, so content hashes and log records are those of every earlier
// version (stored hashes detect replays; leaves commit to records).
func TestReportAppendJSON(t *testing.T) {
	if n := reflect.TypeOf(Report{}).NumField(); n != 25 {
		t.Fatalf("Report has %d fields: add the new ones to appendJSON and randReport (and update this count)", n)
	}
	if n := reflect.TypeOf(ReportSource{}).NumField(); n != 5 {
		t.Fatalf("ReportSource has %d fields: add the new ones to appendJSON and randReport", n)
	}
	if n := reflect.TypeOf(Count{}).NumField(); n != 3 {
		t.Fatalf("Count has %d fields: add the new ones to Count.appendJSON and randCount", n)
	}
	rng := rand.New(rand.NewPCG(4, 2026))
	n := 50_000
	if testing.Short() {
		n = 5_000
	}
	for i := range n {
		r := randReport(rng)
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("report %d (%#v):\n got %s\nwant %s", i, r, got, want)
		}
		if got, want := r.ContentHash(), marshalContentHash(&r); got != want {
			t.Fatalf("report %d: content hash %s, want %s", i, got, want)
		}
		if got, want := r.LogRecord(), marshalLogRecord(r); !bytes.Equal(got, want) {
			t.Fatalf("report %d: log record\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestReportAppendJSONTimes checks times at the edges of their forms: the
// fraction's digits, years with fewer than four digits, and the years
// encoding/json refuses (both panic).
func TestReportAppendJSONTimes(t *testing.T) {
	for _, tm := range []time.Time{
		{}, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 1, time.UTC), time.Date(2025, 4, 13, 8, 20, 0, 100, time.UTC),
		time.Date(2025, 4, 13, 8, 20, 0, 120000000, time.UTC), time.Date(2025, 4, 13, 8, 20, 0, 0, time.FixedZone("", 0)),
		time.Date(2025, 4, 13, 8, 20, 0, 5, time.FixedZone("", 14*3600)),
	} {
		r := Report{ObservedAt: tm}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.appendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("%v:\n got %s\nwant %s", tm, got, want)
		}
	}
	for _, tm := range []time.Time{time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		r := Report{ObservedAt: tm}
		if _, err := json.Marshal(r); err == nil {
			t.Fatalf("%v: encoding/json accepts it", tm)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v: appendJSON did not panic", tm)
				}
			}()
			r.appendJSON(nil)
		}()
	}
}

func BenchmarkReportContentHash(b *testing.B) {
	r := Report{ClientID: "bench-1", ObservedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Lat: 50.9077, Lon: 34.7981,
		Precision: 1, Type: EventAssault, Mode: ModeMissile, Target: TargetCivilian, Killed: Count{Best: N(2)},
		Perpetrator: "RU", Source: ReportSource{Kind: SourceMonitor, Identity: "team-1"}, Description: "synthetic report 1",
		TimePrecision: TimeExact}
	b.Run("appendJSON", func(b *testing.B) {
		for b.Loop() {
			r.ContentHash()
		}
	})
	b.Run("Marshal", func(b *testing.B) {
		for b.Loop() {
			marshalContentHash(&r)
		}
	})
}

// TestVerdictsRecord: VerdictsRecord writes what json.Marshal wrote of its
// struct, for nil, empty and random verdicts.
func TestVerdictsRecord(t *testing.T) {
	if n := reflect.TypeOf(Verdict{}).NumField(); n != 4 {
		t.Fatalf("Verdict has %d fields: add the new ones to VerdictsRecord and this test", n)
	}
	marshal := func(incident int64, vs []Verdict) []byte {
		if vs == nil {
			vs = []Verdict{}
		}
		b, err := json.Marshal(struct {
			Incident int64     `json:"incident"`
			Verdicts []Verdict `json:"verdicts"`
		}{incident, vs})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rng := rand.New(rand.NewPCG(6, 7))
	for i := range 20_000 {
		var vs []Verdict
		switch n := rng.IntN(5); n {
		case 0:
		case 1:
			vs = []Verdict{}
		default:
			for range n - 1 {
				vs = append(vs, Verdict{Provision: randString(rng), Issue: Issue(randString(rng)),
					Verdict: VerdictValue(randString(rng)), Explanation: randString(rng)})
			}
		}
		incident := rng.Int64() - rng.Int64()
		if got, want := VerdictsRecord(incident, vs), marshal(incident, vs); !bytes.Equal(got, want) {
			t.Fatalf("verdicts %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
