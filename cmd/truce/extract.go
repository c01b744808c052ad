package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/truce-monitor/truce/extract"
)

func init() {
	register(&command{Name: "extract", Summary: "extract positions, incidents and talks from news articles", Run: runExtract})
}

func runExtract(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "extract")
	out := fs.String("out", "", "write DIR/NAME.json for each NAME.txt (default: one JSON object per line on stdout)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: truce extract [--out DIR] PATH...\n\nPATH is a NAME.txt article, a folder of them, an NDJSON file (*.ndjson, *.jsonl:\n{\"name\":..., \"text\":\"date YYYY-MM-DD ...\"} a line) or - for stdin.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	x := extract.New()
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	var failed []string
	total := 0
	err := extract.Walk(fs.Args(), env.Stdin, func(in extract.Input) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		total++
		if in.Err != nil {
			failed = append(failed, in.Err.Error())
			return nil
		}
		e := x.Extract(in.Article)
		if *out == "" {
			e.Name = in.Name
			return enc.Encode(e)
		}
		return writeJSONFile(filepath.Join(*out, in.Name+".json"), e)
	})
	if err != nil {
		return err
	}
	return reportFailures(env, failed, total)
}

// writeJSONFile writes v as indented JSON, through a temporary file renamed
// into place, so that a reader never sees half a file.
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// reportFailures lists the articles that failed and why; any failure makes
// the command fail.
func reportFailures(env *Env, failed []string, total int) error {
	if len(failed) == 0 {
		return nil
	}
	fmt.Fprintf(env.Stderr, "%d of %d articles failed:\n", len(failed), total)
	for _, f := range failed {
		fmt.Fprintf(env.Stderr, "  %s\n", f)
	}
	return fmt.Errorf("%d of %d articles failed", len(failed), total)
}
