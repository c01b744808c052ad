package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/truce-monitor/truce/extract"
)

func init() {
	register(&command{Name: "eval", Summary: "measure extraction against gold labels (or the UCDP GED events)", Run: runEval})
}

func runEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "eval")
	pred := fs.String("pred", "", "score the NAME.json files of this folder instead of extracting")
	out := fs.String("out", "", "also write the extractions as DIR/NAME.json")
	split := fs.String("split", "all", "which articles: all, even or odd (by position in name order; a held-out split)")
	asJSON := fs.Bool("json", false, "print the score as JSON")
	ucdp := fs.String("ucdp", "", "evaluate on a UCDP GED CSV file instead (headline + date as article)")
	limit := fs.Int("limit", 0, "with --ucdp: use at most this many rows (0: all)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: truce eval [--split all|even|odd] [--out DIR] [--pred DIR] [--json] GOLD_DIR\n       truce eval --ucdp FILE [--limit N]")
		fs.PrintDefaults()
	}
	// Flags may follow GOLD_DIR: `truce eval DIR --split odd`.
	if len(args) > 1 && !strings.HasPrefix(args[0], "-") {
		args = append(append([]string{}, args[1:]...), args[0])
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *ucdp != "" {
		f, err := os.Open(*ucdp)
		if err != nil {
			return err
		}
		defer f.Close()
		res, err := extract.EvalUCDP(ctx, extract.New(), f, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(res)
		}
		return res.WriteText(env.Stdout)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if *split != "all" && *split != "even" && *split != "odd" {
		fmt.Fprintf(env.Stderr, "truce eval: --split %q: want all, even or odd\n", *split)
		return errUsage
	}
	dir := fs.Arg(0)
	if *pred != "" {
		s, err := extract.ScoreDirs(dir, *pred)
		if err != nil {
			return err
		}
		return printScore(env, s, *asJSON)
	}
	names, err := extract.GoldNames(dir)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	x := extract.New()
	sc := extract.NewScorer()
	var failed []string
	for i, n := range names {
		if (*split == "even" && i%2 != 0) || (*split == "odd" && i%2 == 0) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		gold, err := extract.ReadGold(dir, n)
		if err != nil {
			return err
		}
		f, err := os.Open(filepath.Join(dir, n+".txt"))
		if err != nil {
			failed = append(failed, err.Error())
			sc.Add(gold, nil)
			continue
		}
		a, err := extract.ReadArticle(f.Name(), f)
		f.Close()
		if err != nil {
			failed = append(failed, err.Error())
			sc.Add(gold, nil)
			continue
		}
		e := x.Extract(a)
		if *out != "" {
			if err := writeJSONFile(filepath.Join(*out, n+".json"), e); err != nil {
				return err
			}
		}
		sc.Add(gold, extract.AsJSONObject(e))
	}
	if err := printScore(env, sc.Result(), *asJSON); err != nil {
		return err
	}
	return reportFailures(env, failed, len(names))
}

func printScore(env *Env, s extract.Score, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return s.WriteText(env.Stdout)
}
