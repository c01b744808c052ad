package main

import (
	"context"
	"fmt"
	"os"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "provision", Summary: "provisions: `provision status AGREEMENT/PROVISION STATUS --on D --reason R` records a status change", Run: runProvision})
}

const provisionUsage = `usage: truce provision status [--db PATH] AGREEMENT/PROVISION STATUS --on YYYY-MM-DD --reason TEXT
           [--source ID --quote TEXT --attribution on-record|official|sources|reported] [--by NAME]
  Records a provision's status change (proposed, agreed, in-force, suspended, lapsed, expired,
  breached) as POST /api/provisions/AGREEMENT/PROVISION/status does: a legal step from the current
  status, not dated before the last one; logged in the transparency log, audited, re-judged.`

func runProvision(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "status" {
		fmt.Fprintln(env.Stderr, provisionUsage)
		return errUsage
	}
	fs := newFlagSet(env, "provision status")
	dbPath := fs.String("db", "truce.db", "database file or postgres:// URL")
	on := fs.String("on", "", "the day the status took effect, YYYY-MM-DD (required)")
	reason := fs.String("reason", "", "why the status changed (required)")
	source := fs.String("source", "", "evidence: the id of a stored source")
	quote := fs.String("quote", "", "evidence: the sentence the change rests on")
	attribution := fs.String("attribution", "", "evidence: on-record, official, sources or reported")
	by := fs.String("by", defaultActor(), "who records the change (kept in the history and the audit log)")
	// Flags may come before, between or after the two arguments.
	var pos []string
	rest := args[1:]
	for {
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos, rest = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if len(pos) != 2 {
		fmt.Fprintln(env.Stderr, provisionUsage)
		return errUsage
	}
	req := &api.StatusRequest{Status: pos[1], On: *on, Reason: *reason}
	if *source != "" || *quote != "" || *attribution != "" {
		req.Evidence = &truce.Evidence{Source: *source, Quote: *quote, Attribution: truce.Attribution(*attribution)}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// The change enters the transparency log in its own transaction, as
	// the server's do (the next `truce serve` signs a checkpoint over it),
	// and its audit line names who made it from the command line.
	db.Hooks = tlog.StoreHooks()
	ctx = commandContext(ctx, *by, "truce provision status")
	p, err := api.TransitionProvision(ctx, db, pos[0], req)
	if err != nil {
		return err
	}
	c := p.History[len(p.History)-1]
	prev := p.History[len(p.History)-2]
	fmt.Fprintf(env.Stdout, "%s: %s → %s on %s, recorded by %s: %s\n", p.ID, prev.Status, c.Status, c.Date, c.By, c.Note)
	return nil
}

// commandContext returns ctx with which every store write the command
// makes audits itself inside its own transaction, as action by actor (an
// admin at the database's console): the command-line twin of the API's
// audit. Give each write its own context: one context audits one write.
func commandContext(ctx context.Context, actor, action string) context.Context {
	return api.WithCommandAudit(truce.WithUser(ctx, &truce.User{Name: actor, Role: truce.RoleAdmin}), action)
}

// defaultActor is who a command-line change is recorded as by default:
// the operating system's user, or "cli".
func defaultActor() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}
