package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// sourceHash mirrors hashSources in build.mjs: sha256 over the sorted lines
// "PATH\tSHA256(CONTENT)\n" of src/**, basemap/**, package.json,
// package-lock.json and build.mjs, PATH relative to web/ with forward slashes.
func sourceHash(dir string) (string, error) {
	var files []string
	for _, sub := range []string{"src", "basemap"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			return "", err
		}
	}
	for _, f := range []string{"package.json", "package-lock.json", "build.mjs"} {
		files = append(files, filepath.Join(dir, f))
	}
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(b)
		lines = append(lines, fmt.Sprintf("%s\t%s\n", filepath.ToSlash(rel), hex.EncodeToString(sum[:])))
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// TestBuildIsFresh fails when web/src (or the pinned packages, or the build
// script) changed after the committed build in web/dist was made.
func TestBuildIsFresh(t *testing.T) {
	want, err := sourceHash(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := BuiltSourceHash()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("web/dist is stale: built from sources %s, the sources now hash to %s; run web/build.sh and commit web/dist", got, want)
	}
}

// TestSourceHashSeesChanges checks that the staleness test can fail: editing
// any source file changes the hash.
func TestSourceHashSeesChanges(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"src/main.js", "src/views/map.js", "basemap/seas.geojson", "package.json", "package-lock.json", "build.mjs"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before, err := sourceHash(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"src/views/map.js", "basemap/seas.geojson", "package-lock.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("changed"), 0o644); err != nil {
			t.Fatal(err)
		}
		after, err := sourceHash(dir)
		if err != nil {
			t.Fatal(err)
		}
		if after == before {
			t.Errorf("editing %s left the hash at %s", f, after)
		}
		before = after
	}
}
