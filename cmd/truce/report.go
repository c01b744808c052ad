package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/intake"
	"github.com/truce-monitor/truce/tlog"
)

func init() {
	register(&command{Name: "report", Summary: "reports: `report import [--partial] FILE` (NDJSON, CSV, GeoJSON, UCDP GED CSV)", Run: runReport})
}

func runReport(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.Stderr, "usage: truce report import [--db PATH] [--partial] [--format ndjson|csv|geojson|ucdp] FILE")
		return errUsage
	}
	return runReportImport(ctx, env, args[1:])
}

func runReportImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "report import")
	dbPath := fs.String("db", "truce.db", "database file")
	partial := fs.Bool("partial", false, "store the good rows when some are bad (default: a bad row stores nothing)")
	format := fs.String("format", "", "input format: ndjson, csv, geojson or ucdp (default: from the file's name and first bytes)")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "usage: truce report import [--db PATH] [--partial] [--format F] FILE")
		return errUsage
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	fmtName := intake.Format(*format)
	if fmtName == "" {
		head, _ := br.Peek(512)
		fmtName = intake.DetectFormat(name, head)
	}
	start := time.Now()
	// Index the ground (what judging needs, once per process) while the
	// file is read, not after; the import's judge waits for it if need be.
	go api.NewGeoGround(nil)
	bar := &progressBar{w: env.Stderr, quiet: *quiet}
	var rows []intake.Row
	if fi, err := f.Stat(); err == nil {
		rows, err = intake.Read(&countingReader{r: br, size: fi.Size(), bar: bar}, fmtName)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	bar.done()
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	api.WireJudge(db)
	// Imported reports and their verdicts enter the transparency log in the
	// import's own transaction, as the server's do: a report that bypassed
	// the log could never be proven. The next `truce serve` signs a
	// checkpoint over them.
	db.Hooks = tlog.StoreHooks()
	// The import writes its audit line in the same transaction.
	sum, err := api.ImportRows(commandContext(ctx, defaultActor(), "truce report import"), db, rows, *partial, bar.stage)
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	base := filepath.Base(name)
	for _, e := range sum.Errors {
		if e.Field != "" {
			fmt.Fprintf(env.Stderr, "%s:%d: %s: %s\n", base, e.Line, e.Field, e.Message)
		} else {
			fmt.Fprintf(env.Stderr, "%s:%d: %s\n", base, e.Line, e.Message)
		}
	}
	el := time.Since(start)
	if !sum.Stored {
		return fmt.Errorf("%s: %d bad rows of %d: nothing stored (--partial stores the good rows)", name, countLines(sum.Errors), sum.Rows)
	}
	fmt.Fprintf(env.Stdout, "%s (%s): %d rows, %d reports added, %d already stored, %d bad; %d new incidents, %d updated; %.2fs (%.0f rows/s, reading the file and indexing the ground included)\n",
		name, fmtName, sum.Rows, sum.Added, sum.Replayed, countLines(sum.Errors), sum.NewIncidents, sum.UpdatedIncidents,
		el.Seconds(), float64(sum.Rows)/el.Seconds())
	return nil
}

func countLines(es []api.LineError) int {
	seen := map[int]bool{}
	for _, e := range es {
		seen[e.Line] = true
	}
	return len(seen)
}

// progressBar draws a one-line progress indicator on stderr. An import
// reports its stages from several goroutines at once (clustering and
// writing run side by side).
type progressBar struct {
	w     io.Writer
	quiet bool
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func (p *progressBar) show(stage string, done, total int64, unit string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quiet || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	fill := 0
	if total > 0 {
		fill = int(width * done / total)
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < fill {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r%-8s [%s] %d/%d %s   ", stage, bar, done, total, unit)
	p.shown = true
}

func (p *progressBar) stage(stage string, done, total int) {
	p.show(stage, int64(done), int64(total), "rows")
}

func (p *progressBar) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
	p.last = time.Time{}
}

// countingReader reports reading progress in bytes.
type countingReader struct {
	r    io.Reader
	size int64
	n    int64
	bar  *progressBar
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	c.bar.show("read", c.n, c.size, "bytes")
	return n, err
}
