package main

import (
	"context"
	"fmt"
	"os"

	"github.com/truce-monitor/truce/api"
)

func init() {
	register(&command{Name: "daily", Summary: "write the daily report of a date (html, json or md; --public for the public edition)", Run: runDaily})
}

func runDaily(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "daily")
	dbPath := fs.String("db", "truce.db", "database file")
	date := fs.String("date", "", "the report's date YYYY-MM-DD (default today)")
	format := fs.String("format", "html", "html, json or md")
	public := fs.Bool("public", false, "the public edition: places coarsened to 0.1°, times to the day, no source identity")
	out := fs.String("o", "", "write to this file instead of stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(env.Stderr, "usage: truce daily [--db PATH] [--date D] [--format html|json|md] [--public] [-o FILE]")
		return errUsage
	}
	d, err := dateFlag(*date)
	if err != nil {
		return err
	}
	switch *format {
	case "html", "json", "md", "markdown":
	default:
		return fmt.Errorf("--format %q: want html, json or md", *format)
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	api.WireJudge(db)
	rep, err := api.DailyReport(ctx, db, d, *public)
	if err != nil {
		return err
	}
	w := env.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "html":
		err = rep.HTML(w)
	case "json":
		err = rep.JSON(w)
	default:
		err = rep.Markdown(w)
	}
	return err
}
