package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "claims", Summary: "the review queue of extracted claims: add ARTICLES | list | accept ID | reject ID", Run: runClaims})
}

const claimsUsage = `usage:
  truce claims add [--db FILE] PATH...                 extract articles and queue their claims
  truce claims list [--db FILE] [--status S] [--kind K] [--json]
  truce claims accept [--db FILE] [--by NAME] [--provision ID] [--date YYYY-MM-DD] [--target T] ID
  truce claims reject [--db FILE] [--by NAME] --reason TEXT ID`

func runClaims(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, claimsUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return runClaimsAdd(ctx, env, args[1:])
	case "list":
		return runClaimsList(ctx, env, args[1:])
	case "accept", "reject":
		return runClaimsDecide(ctx, env, args[0], args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stderr, claimsUsage)
		return flag.ErrHelp
	}
	fmt.Fprintf(env.Stderr, "truce claims: unknown subcommand %q\n%s\n", args[0], claimsUsage)
	return errUsage
}

func runClaimsAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "claims add")
	dbPath := fs.String("db", "truce.db", "database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, claimsUsage)
		return errUsage
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	x := extract.New()
	var failed []string
	total, added, known := 0, 0, 0
	err = extract.Walk(fs.Args(), env.Stdin, func(in extract.Input) error {
		total++
		if in.Err != nil {
			failed = append(failed, in.Err.Error())
			return nil
		}
		src := extract.Source(in.Article, in.Source)
		res, err := db.AddClaims(commandContext(ctx, defaultActor(), "truce claims add"), src, extract.Claims(in.Article, src, x.Extract(in.Article)))
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", in.Source, err))
			return nil
		}
		added += len(res.Added)
		known += res.Known
		fmt.Fprintf(env.Stdout, "%s: source %s, %d new claims, %d already queued\n", in.Source, res.Source, len(res.Added), res.Known)
		return ctx.Err()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d articles: %d new claims, %d already queued\n", total-len(failed), added, known)
	return reportFailures(env, failed, total)
}

func runClaimsList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "claims list")
	dbPath := fs.String("db", "truce.db", "database file")
	status := fs.String("status", "pending", "pending, accepted, rejected or all")
	kind := fs.String("kind", "", "position, incident or talks (default all)")
	limit := fs.Int("limit", 500, "at most this many")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f := sqldb.ClaimFilter{Kind: truce.ClaimKind(*kind), Limit: *limit}
	if *status != "all" {
		f.Status = truce.ClaimStatus(*status)
		if !f.Status.Valid() {
			return fmt.Errorf("--status %q: want one of %v or all", *status, truce.ClaimStatuses)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return fmt.Errorf("--kind %q: want one of %v", *kind, truce.ClaimKinds)
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	cs, err := db.Claims(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"claims": cs})
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tDATE\tCLAIM\tEVIDENCE")
	for _, c := range cs {
		ev := c.Evidence
		if r := []rune(ev); len(r) > 90 {
			ev = string(r[:89]) + "…"
		}
		st := string(c.Status)
		if c.Result != "" {
			st += " → " + c.Result
		}
		if c.Reason != "" {
			st += " (" + c.Reason + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, st, c.Published, c.Summary, ev)
	}
	return tw.Flush()
}

func runClaimsDecide(ctx context.Context, env *Env, verb string, args []string) error {
	fs := newFlagSet(env, "claims "+verb)
	dbPath := fs.String("db", "truce.db", "database file")
	by := fs.String("by", "cli", "who decides (recorded with the decision)")
	var reason, provision, date, target *string
	if verb == "reject" {
		reason = fs.String("reason", "", "why the claim is wrong (required)")
	} else {
		provision = fs.String("provision", "", "provision of a position (default: the issue's provision in the latest agreement)")
		date = fs.String("date", "", "date of talks the article does not date")
		target = fs.String("target", "", "target class of an incident the article does not say")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, claimsUsage)
		return errUsage
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%q is not a claim id", fs.Arg(0))
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Reports made from incident claims enter the transparency log, as
	// when the server stores them.
	db.Hooks = tlog.StoreHooks()
	api.WireJudge(db)
	var c *truce.Claim
	if verb == "reject" {
		c, err = db.RejectClaim(commandContext(ctx, *by, "truce claims reject"), id, *by, *reason)
	} else {
		opt := sqldb.AcceptClaimOptions{Provision: *provision, Target: truce.TargetClass(*target)}
		if *date != "" {
			if opt.Date, err = truce.ParseDate(*date); err != nil {
				return fmt.Errorf("--date: %w", err)
			}
		}
		c, err = db.AcceptClaim(commandContext(ctx, *by, "truce claims accept"), id, *by, opt)
	}
	if err != nil {
		var te *truce.Error
		if errors.As(err, &te) {
			return errors.New(strings.TrimPrefix(te.Error(), "truce: "))
		}
		return err
	}
	if c.Result != "" {
		fmt.Fprintf(env.Stdout, "claim %d %s: %s\n", c.ID, c.Status, c.Result)
	} else {
		fmt.Fprintf(env.Stdout, "claim %d %s\n", c.ID, c.Status)
	}
	return nil
}
