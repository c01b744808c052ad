package sqldb_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

// BenchmarkAddSource measures one durable write transaction (an insert and
// its change-feed row) on each backend:
//
//	go test -run '^$' -bench AddSource ./sqldb/
func BenchmarkAddSource(b *testing.B) {
	backends := []struct {
		name string
		open func(testing.TB) *sqldb.DB
	}{{"sqlite-file", func(tb testing.TB) *sqldb.DB {
		db, err := sqldb.Open(context.Background(), tb.(*testing.B).TempDir()+"/b.db")
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	}}}
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		backends = append(backends, struct {
			name string
			open func(testing.TB) *sqldb.DB
		}{"postgres", sqldbtest.MustOpenPostgres})
	} else {
		b.Logf("skipping PostgreSQL: %s is not set", sqldbtest.EnvPostgres)
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			db := be.open(b)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := db.AddSource(ctx, &truce.Source{ID: fmt.Sprint("s", i), Title: "t", Outlet: "o", Published: truce.MustParseDate("2025-01-01")}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
