package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWalk reads a folder with good and bad articles and an NDJSON file,
// plus stdin, and checks that every input is reported, bad ones with the
// right error, in order.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":        "date 2025-04-19 Good article.",
		"b.txt":        "",
		"c.txt":        "no date here",
		"sub/d.txt":    "date 2025-04-19 Nested.",
		"e.md":         "not an article",
		"batch.ndjson": "{\"name\": \"n1.txt\", \"text\": \"date 2025-04-20 One.\"}\n\n{\"name\": \"n2\", \"date\": \"2025-04-21\", \"text\": \"Two.\"}\nnot json\n{\"name\": \"n4\", \"text\": \"date 2025-99-01 x\"}\n",
	})
	type row struct {
		Name string
		Err  error
	}
	var got []row
	err := Walk([]string{dir, filepath.Join(dir, "missing.txt"), "-"}, strings.NewReader("date 2025-04-22 From stdin."), func(in Input) error {
		var code error
		for _, c := range []error{ErrEmpty, ErrNoDate, ErrBadDate, os.ErrNotExist} {
			if errors.Is(in.Err, c) {
				code = c
			}
		}
		if in.Err != nil && code == nil {
			code = errors.New("other")
		}
		got = append(got, row{in.Name, code})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{"a", nil}, {"b", ErrEmpty}, {"n1", nil}, {"n2", nil}, {"line-4", errors.New("other")}, {"n4", ErrBadDate},
		{"c", ErrNoDate}, {"d", nil}, {"missing", os.ErrNotExist}, {"stdin", nil},
	}
	opt := cmp.Comparer(func(a, b error) bool { return (a == nil) == (b == nil) && (a == nil || a.Error() == b.Error()) })
	if d := cmp.Diff(want, got, opt); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestWalkStdinNDJSON(t *testing.T) {
	var names []string
	err := Walk([]string{"-"}, strings.NewReader(`{"name":"x","text":"date 2025-01-01 A."}`+"\n"+`{"name":"y","text":"date 2025-01-02 B."}`), func(in Input) error {
		if in.Err != nil {
			t.Errorf("%s: %v", in.Name, in.Err)
		}
		names = append(names, in.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"x", "y"}, names); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}
