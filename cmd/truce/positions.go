package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "positions", Summary: "print the position matrix (parties × provisions) at a date", Run: runPositions})
	register(&command{Name: "readiness", Summary: "print what blocks each provision of an agreement", Run: runReadiness})
}

// openDB opens an existing database for a command that reads it: a missing
// file is an error that says how to make one, not a new empty database.
func openDB(ctx context.Context, path string) (*sqldb.DB, error) {
	if sqldb.IsPostgresDSN(path) {
		return sqldb.Open(ctx, path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no database at %s: start `truce serve --db %s` (loads the April 2025 scenario) or `truce load --db %s FILE.yaml` first", path, path, path)
	}
	return sqldb.Open(ctx, path)
}

func dateFlag(s string) (truce.Date, error) {
	if s == "" {
		return truce.DateOf(time.Now()), nil
	}
	d, err := truce.ParseDate(s)
	if err != nil {
		return truce.Date{}, fmt.Errorf("--date: %w", err)
	}
	return d, nil
}

func runPositions(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "positions")
	dbPath := fs.String("db", "truce.db", "database file")
	date := fs.String("date", "", "date YYYY-MM-DD (default today)")
	evidence := fs.Bool("evidence", false, "print each cell's evidence sentences")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := dateFlag(*date)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.Positions(ctx, sqldb.PositionFilter{AsOf: d})
	if err != nil {
		return err
	}
	cells := truce.Matrix(ps, d)
	fmt.Fprintf(env.Stdout, "Positions as of %s (%d cells)\n\n", d, len(cells))
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTY\tISSUE\tPROVISION\tSTANCE\tATTRIBUTION\tAS OF")
	for _, c := range cells {
		stance := string(c.Stance)
		if c.Condition != "" {
			stance += " (" + c.Condition + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Party, c.Issue, c.Provision, stance, c.Attribution, c.AsOf)
		if *evidence {
			for _, e := range c.Evidence {
				fmt.Fprintf(tw, "\t\t  “%s” [%s, %s]\t\t\t\n", e.Quote, e.Source, e.Attribution)
			}
		}
	}
	return tw.Flush()
}

func runReadiness(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "readiness")
	dbPath := fs.String("db", "truce.db", "database file")
	date := fs.String("date", "", "date YYYY-MM-DD (default today)")
	agreement := fs.String("agreement", "", "agreement id (default: every agreement)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := dateFlag(*date)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	w, err := db.World(ctx)
	if err != nil {
		return err
	}
	as, err := db.Agreements(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, a := range as {
		if *agreement != "" && a.ID != *agreement {
			continue
		}
		found = true
		r := w.Readiness(w.Agreements[a.ID], d)
		fmt.Fprintf(env.Stdout, "%s (%s) on %s: %d of %d provisions ready\n", r.Name, r.Agreement, d, r.Ready, len(r.Provisions))
		for _, p := range r.Provisions {
			mark := "BLOCKED"
			if p.Ready {
				mark = "ready"
			}
			fmt.Fprintf(env.Stdout, "  %-7s %s [%s, %s] must accept: %s\n", mark, p.Provision, p.Issue, p.Status, strings.Join(p.MustAccept, ", "))
			for _, b := range p.Blockers {
				fmt.Fprintf(env.Stdout, "          - %s\n", b)
			}
		}
		fmt.Fprintln(env.Stdout)
	}
	if !found {
		return truce.Errorf(truce.ENOTFOUND, "no agreement %q", *agreement)
	}
	return nil
}
