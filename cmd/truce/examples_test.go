package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
)

// TestServeExamples starts serve on a new database as the README's command
// does (with the built-in example reports): the strikes of April 2025 are
// there as incidents, Sumy's three reports from three outlets make one
// corroborated incident, every report is a leaf of the transparency log and
// audited, and a second start imports nothing again.
func TestServeExamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "truce.db")
	start := func() *Server {
		s := &Server{Addr: "127.0.0.1:0", DBPath: path, Examples: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if err := s.Open(context.Background()); err != nil {
			s.Close()
			t.Fatal(err)
		}
		return s
	}
	s := start()
	var got struct {
		Incidents []struct {
			Start   string `json:"start"`
			Grade   string `json:"grade"`
			Sources int    `json:"sources"`
			Killed  struct {
				Best int `json:"best"`
			} `json:"killed"`
			Verdicts []struct{ Provision, Verdict, Explanation string } `json:"verdicts"`
		} `json:"incidents"`
	}
	getJSON(t, "http://"+s.Addr+"/api/incidents", 200, &got)
	byDay := map[string]int{}
	for i, in := range got.Incidents {
		byDay[in.Start] = i
		if len(in.Verdicts) == 0 {
			t.Errorf("the incident of %s has no verdicts", in.Start)
		}
	}
	if len(got.Incidents) != 3 {
		t.Fatalf("%d incidents, want 3 (Kryvyi Rih 04-04, Sumy 04-13, Kyiv 04-24): %+v", len(got.Incidents), got.Incidents)
	}
	if i, ok := byDay["2025-04-13"]; !ok {
		t.Errorf("no incident on 2025-04-13: %+v", got.Incidents)
	} else if sumy := got.Incidents[i]; sumy.Grade != "corroborated" || sumy.Sources != 3 || sumy.Killed.Best != 35 {
		t.Errorf("Sumy: grade %s, %d sources, %d killed; want corroborated, 3, 35", sumy.Grade, sumy.Sources, sumy.Killed.Best)
	}
	var leaves, audited int
	if err := s.DB.SQL().QueryRow(`SELECT COUNT(*) FROM tlog_leaves WHERE kind = 'report'`).Scan(&leaves); err != nil {
		t.Fatal(err)
	}
	if err := s.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE action LIKE '%example reports%'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if leaves != 5 || audited == 0 {
		t.Errorf("%d report leaves in the log and %d audit lines of the import; want 5 and some", leaves, audited)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = start()
	defer s.Close()
	getJSON(t, "http://"+s.Addr+"/api/incidents", 200, &got)
	if len(got.Incidents) != 3 {
		t.Errorf("after a restart: %d incidents, want the same 3", len(got.Incidents))
	}
}
