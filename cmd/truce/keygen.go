package main

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "keygen", Summary: "create an ed25519 note key pair for the transparency log or a witness", Run: runKeygen})
}

func runKeygen(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "keygen")
	name := fs.String("name", defaultLogOrigin, "key name: the log's origin, or the witness's name")
	out := fs.String("out", "truce.log.key", "private key file to create (mode 0600); the public key goes to FILE.pub")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	skey, vkey, err := tlog.GenerateKey(*name)
	if err != nil {
		return err
	}
	if err := tlog.WriteKeyFiles(*out, skey, vkey); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "private key: %s (keep it outside the database and backups of it)\npublic key:  %s.pub\n%s\n", *out, *out, vkey)
	return nil
}
