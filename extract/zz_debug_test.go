package extract

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	f := os.Getenv("ZZ")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	a, err := ParseArticle(f, b)
	if err != nil {
		t.Fatal(err)
	}
	x := New()
	sents := Sentences(a)
	for _, s := range sents {
		fmt.Printf("S%d P%d: %.120s\n", s.Index, s.Para, s.Text)
	}
	out := x.Extract(a)
	for _, i := range out.Incidents {
		fmt.Printf("INC %s %s k=%v\n", *i.Date, i.Place, i.Killed)
	}
	for _, tk := range out.Talks {
		fmt.Printf("TALK %v %s %v | %.100s\n", *tk.Date, tk.Place, tk.Participants, tk.Evidence.Evidence)
	}
}
