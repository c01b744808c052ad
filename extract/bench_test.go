package extract

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used (user + system). The
// benchmarks report MB per CPU-second besides MB/s of wall time, because on
// a shared machine wall time measures the neighbours as much as the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration, bytes int64) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/d.Seconds()/1e6, "MB/cpu-s")
	}
}

// sampleArticle returns a made-up article of about 2 KB mixing positions,
// an incident and talks; i varies the numbers so that no two are equal.
func sampleArticle(i int) []byte {
	day := 1 + i%28
	return []byte(fmt.Sprintf(`date 2025-04-%02d The US is prepared to recognize Russian control of Crimea as part of a peace deal, according to people familiar with the matter.

Ukrainian President Volodymyr Zelenskyy has repeatedly said he will not cede territory to Moscow. "We will never consider Ukrainian lands as Russian," he said on Friday.

A Russian ballistic missile struck Kharkiv on Sunday, killing at least %d people and injuring more than %d others, the regional governor said. The toll later rose to %d.

The Kremlin said it was ready for a Black Sea truce only if sanctions on its agricultural bank were lifted. European allies wouldn't recognize any occupied territories as Russian, one of the officials said.

Envoys from the US, France, Germany, the UK and Ukraine met in Paris on Thursday and will gather again in London next week to follow up on their discussions.

Russia has continued to bomb Ukrainian cities, and Kyiv has asked its allies for more air defence systems and security guarantees.
`, day, 3+i%40, 10+i%50, 4+i%40))
}

// BenchmarkExtract measures parsing and extraction throughput; b.SetBytes
// makes `go test -bench Extract` print MB/s (the target is >= 2 MB/s a core).
func BenchmarkExtract(b *testing.B) {
	x := New()
	arts := make([][]byte, 64)
	total := 0
	for i := range arts {
		arts[i] = sampleArticle(i)
		total += len(arts[i])
	}
	b.SetBytes(int64(total / len(arts)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		a, err := ParseArticle("bench", arts[i%len(arts)])
		if err != nil {
			b.Fatal(err)
		}
		_ = x.Extract(a)
	}
	reportCPU(b, start, int64(total/len(arts)))
}

// BenchmarkExtractDev measures throughput on the development corpus, when
// it is there.
func BenchmarkExtractDev(b *testing.B) {
	arts := devArticles(b)
	x := New()
	total := 0
	for _, a := range arts {
		total += len(a.Text)
	}
	b.SetBytes(int64(total / len(arts)))
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		_ = x.Extract(arts[i%len(arts)])
	}
	reportCPU(b, start, int64(total/len(arts)))
}

// streamArticle is a short made-up article (about 400 bytes) for the
// memory test, so that 100,000 of them stream in reasonable time.
func streamArticle(i int) []byte {
	return []byte(fmt.Sprintf("date 2025-04-%02d A Russian drone struck Odesa on Sunday, killing %d people and injuring %d, the governor said.\nThe Kremlin said it would accept a Black Sea truce only if sanctions were lifted; Kyiv rejected the demand. Envoys will meet in Istanbul next week.\n", 1+i%28, 1+i%30, 2+i%70))
}

// TestStreamMemoryFlat streams generated articles through the parser and
// the extractor and checks that the live heap does not grow with the
// stream: 100,000 articles (5,000 under -short).
func TestStreamMemoryFlat(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 5000
	}
	x := New()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var base, peak uint64
	for i := 0; i < n; i++ {
		a, err := ParseArticle("stream", streamArticle(i))
		if err != nil {
			t.Fatal(err)
		}
		e := x.Extract(a)
		if len(e.Incidents) != 1 {
			t.Fatalf("article %d: got %d incidents, want 1", i, len(e.Incidents))
		}
		switch {
		case i == n/10:
			base = heap()
		case i > n/10 && i%(n/10) == 0:
			peak = max(peak, heap())
		}
	}
	peak = max(peak, heap())
	t.Logf("%d articles: live heap %d KiB after %d, at most %d KiB later", n, base>>10, n/10, peak>>10)
	if peak > base+4<<20 {
		t.Errorf("live heap grew from %d KiB to %d KiB over the stream", base>>10, peak>>10)
	}
}
