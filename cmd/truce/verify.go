package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "verify", Summary: "check offline that a record is in the transparency log (bundle, proof, checkpoint)", Run: runVerify})
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "verify")
	keyPath := fs.String("key", "", "the log's public key file (FILE.pub from keygen or serve)")
	var witnesses stringList
	fs.Var(&witnesses, "witness", "a witness's public key file whose cosignature is required (repeatable)")
	older := fs.String("consistent-with", "", "also check that this older checkpoint file is a prefix of the bundle's checkpoint, using --proof")
	proofPath := fs.String("proof", "", "consistency proof JSON (from GET /api/log/proof/consistency)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keyPath == "" || fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "usage: truce verify --key LOG.pub [--witness W.pub]... [--consistent-with OLD_CHECKPOINT --proof PROOF.json] BUNDLE.json|CHECKPOINT")
		return errUsage
	}
	logKey, err := tlog.ReadVerifierKey(*keyPath)
	if err != nil {
		return err
	}
	var ws []note.Verifier
	for _, p := range witnesses {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		v, err := tlog.WitnessVerifier(string(trimSpace(b)))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		ws = append(ws, v)
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	var b tlog.Bundle
	isBundle := json.Valid(data)
	var cpText []byte
	if isBundle {
		if err := json.Unmarshal(data, &b); err != nil {
			return fmt.Errorf("%s: not a proof bundle: %w", fs.Arg(0), err)
		}
		cp, err := tlog.VerifyBundle(&b, logKey, ws...)
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(env.Stdout, "OK: %s %q is leaf %d of %s, tree size %d, root %x\n", b.Kind, b.Ref, b.Index, cp.Origin, cp.Size, cp.Hash)
		cpText = []byte(b.Checkpoint)
	} else {
		cp, err := tlog.VerifyCheckpoint(data, logKey, ws...)
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(env.Stdout, "OK: checkpoint of %s, tree size %d, root %x, signed by the log", cp.Origin, cp.Size, cp.Hash)
		if len(ws) > 0 {
			fmt.Fprintf(env.Stdout, " and %d witness(es)", len(ws))
		}
		fmt.Fprintln(env.Stdout)
		cpText = data
	}
	if *older != "" {
		oldText, err := os.ReadFile(*older)
		if err != nil {
			return err
		}
		old, err := tlog.VerifyCheckpoint(oldText, logKey)
		if err != nil {
			return fmt.Errorf("%s: %w", *older, err)
		}
		cur, _ := tlog.VerifyCheckpoint(cpText, logKey)
		var p struct {
			Proof [][]byte `json:"proof"`
		}
		pb, err := os.ReadFile(*proofPath)
		if err != nil {
			return fmt.Errorf("--proof: %w", err)
		}
		if err := json.Unmarshal(pb, &p); err != nil {
			return fmt.Errorf("%s: %w", *proofPath, err)
		}
		if err := tlog.VerifyConsistency(old, cur, p.Proof); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "OK: checkpoint %d is consistent with checkpoint %d\n", cur.Size, old.Size)
	}
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
