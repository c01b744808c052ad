package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/auth"
	"github.com/truce-monitor/truce/tlog"
)

// EnvAckBeforeCommit, set to 1, makes `truce serve` acknowledge reports
// before committing them: a deliberately broken build for the kill -9 test,
// which must then fail.
const EnvAckBeforeCommit = "TRUCE_TEST_ACK_BEFORE_COMMIT"

// defaultLogOrigin names a new transparency log key.
const defaultLogOrigin = "truce-monitor.local/log"

// defaultKeyPath is where the log key lives for a database: beside it, or
// in the working directory for a database URL.
func defaultKeyPath(db string) string {
	if strings.Contains(db, "://") || db == ":memory:" {
		return "truce.log.key"
	}
	return db + ".log.key"
}

// openTrust opens the accounts service and the transparency log: it loads
// (or creates) the log key, refuses to go on if the stored tree no longer
// matches the last checkpoint signed, signs a checkpoint of what was
// committed before the last stop, and starts the background signer.
func (s *Server) openTrust(ctx context.Context) error {
	// Durability first: refuse to serve from a store whose connections
	// would not run with WAL, synchronous=FULL and foreign keys.
	if s.DB.Dialect() == "sqlite" && s.DBPath != ":memory:" {
		journal, sync, fk, err := s.DB.Pragmas(ctx)
		if err != nil {
			return err
		}
		if journal != "wal" || sync != 2 || fk != 1 {
			return fmt.Errorf("%s: connections run with journal_mode=%s synchronous=%d foreign_keys=%d; want wal, 2 (FULL), 1", s.DBPath, journal, sync, fk)
		}
	}
	s.Auth = auth.New(s.DB.SQL())
	// Every accepted report, decision and set of verdicts becomes a leaf in
	// the store's own transaction.
	// Each report's owner and audit line go in its own transaction too.
	s.DB.Hooks = api.WithReportOwners(tlog.StoreHooks())
	if os.Getenv(EnvAckBeforeCommit) == "1" {
		s.Logger.Warn("TEST MODE " + EnvAckBeforeCommit + "=1: reports are acknowledged before they are committed; a crash loses them")
		s.DB.AckBeforeCommit = true
	}
	if s.KeyPath == "" {
		s.KeyPath = defaultKeyPath(s.DBPath)
	}
	if s.LogOrigin == "" {
		s.LogOrigin = defaultLogOrigin
	}
	skey, created, err := tlog.LoadOrCreateKey(s.KeyPath, s.LogOrigin)
	if err != nil {
		return fmt.Errorf("transparency log key: %w", err)
	}
	if created {
		s.Logger.Info("created the transparency log key", "key", s.KeyPath, "public", s.KeyPath+".pub")
	}
	if s.verifierKey, err = tlog.VerifierKey(skey); err != nil {
		return err
	}
	l, err := tlog.New(s.DB.SQL(), skey, s.KeyPath+".checkpoint")
	if err != nil {
		return err
	}
	if err := l.Verify(ctx); err != nil {
		return fmt.Errorf("%w\n(the database %s does not match what this log signed; restore it or investigate before serving)", err, s.DBPath)
	}
	if _, err := l.Sign(ctx); err != nil {
		return err
	}
	s.Log = l
	if s.SignInterval <= 0 {
		s.SignInterval = time.Second
	}
	sctx, cancel := context.WithCancel(context.Background())
	s.stopSign = cancel
	go l.Run(sctx, s.SignInterval, func(err error) {
		s.Logger.Error("transparency log: signing failed", "err", err)
	})
	return nil
}
