package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one article read from a file, folder, NDJSON stream or stdin, or
// the error that kept it from being read. Name is the name of its output
// (NAME of NAME.txt); Source says where it came from, for messages.
type Input struct {
	Name    string
	Source  string
	Article *Article
	Err     error
}

// NDJSONRecord is one line of an NDJSON input: the article's text, whose
// first line is the date line; or, when Date is set, the text without it.
type NDJSONRecord struct {
	Name string `json:"name"`
	Date string `json:"date,omitempty"`
	Text string `json:"text"`
}

// Walk reads every article of paths in order and calls fn for each, also for
// those that failed (Input.Err set), so that a batch can go on past bad
// files. A path is a file (NAME.txt, or *.ndjson/*.jsonl), a folder (its
// *.txt files, recursively, and its NDJSON files), or "-" for stdin (one
// article, or NDJSON when it starts with "{"). fn's error stops the walk.
func Walk(paths []string, stdin io.Reader, fn func(Input) error) error {
	for _, p := range paths {
		if p == "-" {
			br := bufio.NewReader(stdin)
			head, _ := br.Peek(64)
			if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
				if err := walkNDJSON("-", br, fn); err != nil {
					return err
				}
				continue
			}
			a, err := ReadArticle("-", br)
			if err := fn(Input{Name: "stdin", Source: "-", Article: a, Err: err}); err != nil {
				return err
			}
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			if err := fn(Input{Name: baseName(p), Source: p, Err: &ParseError{Name: p, Err: err}}); err != nil {
				return err
			}
			continue
		}
		if !st.IsDir() {
			if err := walkFile(p, fn); err != nil {
				return err
			}
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(q, ".txt") || isNDJSON(q)) {
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			if err := fn(Input{Name: baseName(p), Source: p, Err: &ParseError{Name: p, Err: err}}); err != nil {
				return err
			}
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			if err := walkFile(f, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

func isNDJSON(p string) bool {
	return strings.HasSuffix(p, ".ndjson") || strings.HasSuffix(p, ".jsonl")
}

func baseName(p string) string {
	b := filepath.Base(p)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

func walkFile(p string, fn func(Input) error) error {
	f, err := os.Open(p)
	if err != nil {
		return fn(Input{Name: baseName(p), Source: p, Err: &ParseError{Name: p, Err: err}})
	}
	defer f.Close()
	if isNDJSON(p) {
		return walkNDJSON(p, f, fn)
	}
	a, err := ReadArticle(p, f)
	return fn(Input{Name: baseName(p), Source: p, Article: a, Err: err})
}

// walkNDJSON reads one record a line; a line is read up to twice the
// article limit and a longer one is skipped with an error.
func walkNDJSON(src string, r io.Reader, fn func(Input) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br, 2*MaxArticleBytes)
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fn(Input{Name: fmt.Sprintf("line-%d", line), Source: src, Err: &ParseError{Name: src, Line: line, Err: err}})
		}
		where := fmt.Sprintf("%s:%d", src, line)
		in := Input{Name: fmt.Sprintf("line-%d", line), Source: where}
		switch {
		case tooLong:
			in.Err = &ParseError{Name: src, Line: line, Value: fmt.Sprintf("more than %d bytes", 2*MaxArticleBytes), Err: ErrLineTooLong}
		case len(bytes.TrimSpace(b)) == 0:
			continue
		default:
			var rec NDJSONRecord
			if jerr := json.Unmarshal(b, &rec); jerr != nil {
				in.Err = &ParseError{Name: src, Line: line, Err: fmt.Errorf("bad NDJSON record: %w", jerr)}
				break
			}
			if rec.Name != "" {
				in.Name = strings.TrimSuffix(filepath.Base(rec.Name), ".txt")
			}
			text := rec.Text
			if rec.Date != "" {
				text = "date " + rec.Date + " " + text
			}
			in.Article, in.Err = ParseArticle(where, []byte(text))
		}
		if ferr := fn(in); ferr != nil {
			return ferr
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// readLine returns the next line without its newline, at most limit bytes of
// it (the rest is discarded and tooLong set).
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		frag, isPrefix, e := br.ReadLine()
		if len(line)+len(frag) > limit {
			tooLong = true
		} else {
			line = append(line, frag...)
		}
		if e != nil {
			return line, tooLong, e
		}
		if !isPrefix {
			if tooLong {
				line = nil
			}
			return line, tooLong, nil
		}
	}
}
