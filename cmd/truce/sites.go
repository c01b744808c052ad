package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/api"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sqldb"
)

func init() {
	register(&command{Name: "sites", Summary: "protected sites: import a registry (Truce CSV, WRI GPPD CSV, OpenStreetMap GeoJSON)", Run: runSites})
}

const sitesUsage = `usage:
  truce sites import [--db PATH] FILE
      FILE is one of:
        CSV with header id,name,class,lon,lat,radius_km (Truce's registry; empty radius: the class default)
        CSV of the WRI Global Power Plant Database (header with gppd_idnr, latitude, longitude, primary_fuel)
        GeoJSON of OpenStreetMap power=plant / power=substation features
      sites with the same id are replaced; all rows or none are stored
`

func runSites(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprint(env.Stderr, sitesUsage)
		return errUsage
	}
	fs := newFlagSet(env, "sites import")
	dbPath := fs.String("db", "truce.db", "database file (or postgres:// URL)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(env.Stderr, sitesUsage)
		return errUsage
	}
	name := fs.Arg(0)
	sites, err := readSites(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	db, err := sqldb.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PutSites(commandContext(ctx, defaultActor(), "truce sites import"), sites); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	classes := map[string]int{}
	for _, s := range sites {
		classes[s.Class]++
	}
	fmt.Fprintf(env.Stdout, "stored %d sites from %s (%d classes)\n", len(sites), name, len(classes))
	return nil
}

// readSites reads a site registry in any of the formats sites import takes.
func readSites(name string) ([]truce.Site, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var gs []geo.Site
	switch strings.ToLower(filepath.Ext(name)) {
	case ".geojson", ".json":
		fs, err := geo.ParseGeoJSON(f)
		if err != nil {
			return nil, err
		}
		if gs, err = geo.SitesFromOSM(fs, false); err != nil {
			return nil, err
		}
	default:
		br := bufio.NewReader(f)
		head, _ := br.Peek(4096)
		if strings.Contains(strings.SplitN(string(head), "\n", 2)[0], "gppd_idnr") {
			gs, err = geo.ParseGPPD(br)
		} else {
			gs, err = geo.ParseSitesCSV(br)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]truce.Site, len(gs))
	for i, s := range gs {
		out[i] = api.SiteOf(s)
	}
	return out, nil
}
