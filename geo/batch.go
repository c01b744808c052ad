package geo

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// ClassifyHeader is the header ClassifyCSV writes.
var ClassifyHeader = []string{"id", "lon", "lat", "inside", "line_km", "zones", "sites", "oblast"}

// batchSize is how many rows travel together between the reader, the workers
// and the writer; with the bounded queues it caps memory whatever the input
// size.
const batchSize = 2048

type batch struct {
	seq  int
	rows [][3]string
	out  [][]string
	err  error
}

// ClassifyCSV streams points from r, CSV rows id,lon,lat (an optional header
// "id,lon,lat" is skipped; further columns are ignored), classifies them with
// c on `workers` goroutines, and writes CSV rows in input order to w under
// the header ClassifyHeader. Memory stays constant whatever the input size. A
// bad row stops the run with an error naming its line, field and value;
// the rows before it have been written.
func ClassifyCSV(ctx context.Context, c *Classifier, r io.Reader, w io.Writer, workers int) error {
	if workers < 1 {
		workers = 1
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(ClassifyHeader); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)

	// Reader: parse rows into batches, validating numbers here so that errors
	// carry the line number.
	var readErr error
	go func() {
		defer close(todo)
		seq := 0
		b := &batch{seq: seq}
		first := true
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				readErr = fmt.Errorf("points: %w", err)
				return
			}
			line, _ := cr.FieldPos(0)
			if first {
				first = false
				if len(rec) >= 3 && strings.EqualFold(strings.TrimSpace(rec[0]), "id") &&
					strings.EqualFold(strings.TrimSpace(rec[1]), "lon") && strings.EqualFold(strings.TrimSpace(rec[2]), "lat") {
					continue
				}
			}
			if len(rec) < 3 {
				readErr = fmt.Errorf("points: line %d: %d fields, want id,lon,lat", line, len(rec))
				return
			}
			for k, name := range [2]string{"lon", "lat"} {
				v, err := strconv.ParseFloat(strings.TrimSpace(rec[k+1]), 64)
				lim := 180.0
				if k == 1 {
					lim = 90
				}
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < -lim || v > lim {
					readErr = fmt.Errorf("points: line %d: field %s: %q is not a number in [-%g, %g]", line, name, rec[k+1], lim, lim)
					return
				}
			}
			b.rows = append(b.rows, [3]string{rec[0], strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])})
			if len(b.rows) == batchSize {
				select {
				case todo <- b:
				case <-ctx.Done():
					return
				}
				seq++
				b = &batch{seq: seq}
			}
		}
		if len(b.rows) > 0 {
			select {
			case todo <- b:
			case <-ctx.Done():
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var cl Classification
			for b := range todo {
				b.out = make([][]string, len(b.rows))
				for i, row := range b.rows {
					lon, _ := strconv.ParseFloat(row[1], 64)
					lat, _ := strconv.ParseFloat(row[2], 64)
					c.ClassifyInto(lon, lat, &cl)
					km := ""
					if !math.IsInf(cl.LineKm, 0) {
						km = strconv.FormatFloat(cl.LineKm, 'f', 3, 64)
					}
					b.out[i] = []string{row[0], row[1], row[2], strconv.FormatBool(cl.Inside), km,
						FormatZones(cl.Zones), FormatSites(cl.Sites), cl.Oblast}
				}
				select {
				case done <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// Writer: put batches back in order.
	pending := map[int]*batch{}
	next := 0
	var werr error
	for b := range done {
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if werr == nil {
				if err := cw.WriteAll(nb.out); err != nil {
					werr = err
					cancel()
				}
			}
		}
	}
	if werr != nil {
		return werr
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}
