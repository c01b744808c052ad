package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "token", Summary: "API tokens: create (creating the user if needed), list, revoke", Run: runToken})
	register(&command{Name: "user", Summary: "accounts: add (password read from stdin), list, passwd", Run: runUser})
}

func runToken(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "list" && args[0] != "revoke") {
		fmt.Fprintln(env.Stderr, "usage: truce token create --db PATH --user NAME --role ROLE [--party CODE] [--label TEXT]\n       truce token list --db PATH\n       truce token revoke --db PATH --id ID")
		return errUsage
	}
	fs := newFlagSet(env, "token "+args[0])
	dbPath := fs.String("db", "truce.db", "database file")
	name := fs.String("user", "", "user name")
	role := fs.String("role", "", "role: admin, monitor, analyst or liaison")
	party := fs.String("party", "", "party code (liaison only)")
	label := fs.String("label", "", "what the token is for")
	id := fs.Int64("id", 0, "token id (revoke)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := auth.New(db.SQL())
	admin := &truce.User{Name: "cli", Role: truce.RoleAdmin}
	switch args[0] {
	case "create":
		u := &truce.User{Name: *name, Role: truce.Role(*role), Party: strings.ToUpper(*party)}
		created, err := svc.EnsureUser(commandContext(ctx, "cli", "token create"), u)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(env.Stdout, "created user %s\n", u)
		}
		tok, meta, err := svc.CreateToken(commandContext(ctx, "cli", "token create"), u, *label)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "token %d for %s (shown once; send it as Authorization: Bearer TOKEN):\n%s\n", meta.ID, u, tok)
	case "list":
		ts, err := svc.Tokens(ctx, admin)
		if err != nil {
			return err
		}
		for _, t := range ts {
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.User, t.CreatedAt.Format("2006-01-02 15:04"), state, t.Label)
		}
	case "revoke":
		if err := svc.RevokeToken(commandContext(ctx, "cli", "token revoke"), *id, admin); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "revoked token %d\n", *id)
	}
	return nil
}

func runUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "passwd") {
		fmt.Fprintln(env.Stderr, "usage: truce user add --db PATH --name NAME --role ROLE [--party CODE]   (password on stdin)\n       truce user passwd --db PATH --name NAME   (password on stdin)\n       truce user list --db PATH")
		return errUsage
	}
	fs := newFlagSet(env, "user "+args[0])
	dbPath := fs.String("db", "truce.db", "database file")
	name := fs.String("name", "", "user name")
	role := fs.String("role", "", "role: admin, monitor, analyst or liaison")
	party := fs.String("party", "", "party code (liaison only)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := auth.New(db.SQL())
	readPassword := func() (string, error) {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", fmt.Errorf("password required on standard input (at least %d characters): %v", auth.MinPasswordLen, err)
		}
		return line, nil
	}
	switch args[0] {
	case "add":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		u := &truce.User{Name: *name, Role: truce.Role(*role), Party: strings.ToUpper(*party)}
		if err := svc.CreateUser(commandContext(ctx, "cli", "user add"), u, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "created user %s; log in with POST /api/login\n", u)
	case "passwd":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := svc.SetPassword(commandContext(ctx, "cli", "user passwd"), *name, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "password of %s changed; its sessions are closed\n", *name)
	case "list":
		us, err := svc.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", u.Name, u.Role, u.Party)
		}
	}
	return nil
}
