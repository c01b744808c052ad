package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "witness", Summary: "witness the transparency log: add a witness key (admin), cosign the latest checkpoint", Run: runWitness})
}

func runWitness(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "cosign") {
		fmt.Fprintln(env.Stderr, `usage: truce witness add --db PATH --vkey FILE.pub --party PARTY
       truce witness cosign --url URL --token TOKEN --key WITNESS.key --log-key LOG.pub --state FILE
  cosign fetches the log's checkpoint, checks its signature and (with the state of the last
  checkpoint this witness cosigned) its consistency, cosigns it and posts the cosignature.`)
		return errUsage
	}
	fs := newFlagSet(env, "witness "+args[0])
	dbPath := fs.String("db", "truce.db", "database file (add)")
	vkeyPath := fs.String("vkey", "", "the witness's public key file (add)")
	party := fs.String("party", "", "the party or organisation the witness speaks for (add; required)")
	url := fs.String("url", "http://127.0.0.1:8080", "the Truce server (cosign)")
	token := fs.String("token", "", "API token of a liaison or admin (cosign)")
	keyPath := fs.String("key", "", "the witness's private key file, from truce keygen (cosign)")
	logKeyPath := fs.String("log-key", "", "the log's public key file (cosign)")
	statePath := fs.String("state", "witness.state", "file keeping the last checkpoint cosigned (cosign)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if args[0] == "add" {
		b, err := os.ReadFile(*vkeyPath)
		if err != nil {
			return err
		}
		db, err := sqldb.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		skey, _, err := tlog.LoadOrCreateKey(defaultKeyPath(*dbPath), defaultLogOrigin)
		if err != nil {
			return err
		}
		l, err := tlog.New(db.SQL(), skey, "")
		if err != nil {
			return err
		}
		name, err := l.AddWitness(commandContext(ctx, defaultActor(), "truce witness add"), strings.TrimSpace(string(b)), *party)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "witness %s registered for %s\n", name, strings.TrimSpace(*party))
		return nil
	}
	logKey, err := tlog.ReadVerifierKey(*logKeyPath)
	if err != nil {
		return err
	}
	wkey, err := os.ReadFile(*keyPath)
	if err != nil {
		return err
	}
	get := func(path string) ([]byte, error) {
		resp, err := http.Get(*url + path)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s: %s", path, resp.Status, b)
		}
		return b, err
	}
	msg, err := get("/log/checkpoint")
	if err != nil {
		return err
	}
	cp, err := tlog.VerifyCheckpoint(msg, logKey)
	if err != nil {
		return err
	}
	// Keep only the log's own signature: cosign what the log signed.
	if i := bytes.Index(msg, []byte("\n\n")); i >= 0 {
		for _, line := range strings.SplitAfter(string(msg[i+2:]), "\n") {
			if strings.HasPrefix(line, "— "+logKey.Name()+" ") {
				msg = append(msg[:i+2:i+2], line...)
				break
			}
		}
	}
	var prev []byte
	var proof [][]byte
	if b, err := os.ReadFile(*statePath); err == nil {
		prev = b
		old, err := tlog.VerifyCheckpoint(prev, logKey)
		if err != nil {
			return fmt.Errorf("%s: %w", *statePath, err)
		}
		if old.Size > cp.Size {
			return fmt.Errorf("the log's checkpoint %d is older than %d, which this witness cosigned: the log forked or rolled back", cp.Size, old.Size)
		}
		pb, err := get(fmt.Sprintf("/api/log/proof/consistency?from=%d&to=%d", old.Size, cp.Size))
		if err != nil {
			return err
		}
		var p struct{ Proof [][]byte }
		if err := json.Unmarshal(pb, &p); err != nil {
			return err
		}
		proof = p.Proof
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	cosigned, err := tlog.Cosign(msg, logKey, strings.TrimSpace(string(wkey)), prev, proof)
	if err != nil {
		return fmt.Errorf("refusing to cosign: %w", err)
	}
	req, _ := http.NewRequestWithContext(ctx, "POST", *url+"/api/log/cosignatures", bytes.NewReader(cosigned))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+*token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST /api/log/cosignatures: %s: %s", resp.Status, b)
	}
	if err := os.WriteFile(*statePath, msg, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "cosigned checkpoint %d of %s\n", cp.Size, cp.Origin)
	return nil
}
