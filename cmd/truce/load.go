package main

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "load", Summary: "load a scenario file (YAML) into the database, all or nothing", Run: runLoad})
}

func runLoad(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "load")
	dbPath := fs.String("db", "truce.db", "database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "usage: truce load [--db PATH] FILE.yaml")
		return errUsage
	}
	// Parse and validate before opening the database: a bad file touches nothing.
	sc, err := scenario.LoadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.LoadScenario(commandContext(ctx, defaultActor(), "truce load"), sc)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(env.Stdout, "loaded %q: %d parties, %d sources, %d zones, %d agreements, %d provisions (%d new status changes), %d new positions, %d talks\n",
		sc.Name, st.Parties, st.Sources, st.Zones, st.Agreements, st.Provisions, st.StatusChanges, st.Positions, st.Talks)
	return nil
}
