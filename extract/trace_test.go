package extract

import (
	"fmt"
	"os"
	"testing"
)

// TestTracePositions prints what each stage of positions does on the
// article TRUCE_TRACE names (a tool for reading errors; skipped without it).
func TestTracePositions(t *testing.T) {
	f := os.Getenv("TRUCE_TRACE")
	if f == "" {
		t.Skip("TRUCE_TRACE names no article")
	}
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle(f, b)
	if err != nil {
		t.Fatal(err)
	}
	posTrace = func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	defer func() { posTrace = nil }()
	x := New()
	for _, p := range x.Extract(a).Positions {
		fmt.Printf("OUT %s %s %s %s\n", p.Actor, p.Issue, p.Stance, p.Attribution)
	}
}
