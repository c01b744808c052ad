package sqldb_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqldb"
	"github.com/truce-monitor/truce/sqldb/sqldbtest"
)

const squareGeoJSON = `{"type":"MultiPolygon","coordinates":[[[[36,48],[37,48],[37,49],[36,49],[36,48]]]]}`

func TestLineVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		v0, _ := db.RulesVersion(ctx)
		for _, d := range []string{"2025-04-19", "2025-03-18"} {
			v := &truce.LineVersion{Date: truce.MustParseDate(d), AreaKm2: 8000, Source: "test " + d, Geometry: json.RawMessage(squareGeoJSON)}
			if err := db.PutLineVersion(ctx, v, false); err != nil {
				t.Fatal(err)
			}
		}
		if v1, _ := db.RulesVersion(ctx); v1 != v0+2 {
			t.Errorf("rules version %d, want %d: incidents must be judged again", v1, v0+2)
		}
		vs, err := db.LineVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var dates []string
		for _, v := range vs {
			dates = append(dates, v.Date.String())
			if v.Geometry != nil {
				t.Errorf("listing carries geometry")
			}
		}
		if diff := cmp.Diff([]string{"2025-03-18", "2025-04-19"}, dates); diff != "" {
			t.Errorf("dates (-want +got):\n%s", diff)
		}
		t.Run("OK", func(t *testing.T) {
			for at, want := range map[string]string{"2025-03-18": "2025-03-18", "2025-04-18": "2025-03-18", "2025-04-19": "2025-04-19", "2026-01-01": "2025-04-19"} {
				v, err := db.LineVersionAt(ctx, truce.MustParseDate(at))
				if err != nil {
					t.Fatal(err)
				}
				if got := v.Date.String(); got != want {
					t.Errorf("at %s: got version %s, want %s", at, got, want)
				}
				if string(v.Geometry) != squareGeoJSON || v.Source != "test "+want {
					t.Errorf("at %s: got %+v", at, v)
				}
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := db.LineVersionAt(ctx, truce.MustParseDate("2025-01-01"))
			if got, want := truce.ErrorCode(err), truce.ENOTFOUND; got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
		t.Run("ErrConflict", func(t *testing.T) {
			v := &truce.LineVersion{Date: truce.MustParseDate("2025-04-19"), AreaKm2: 1, Geometry: json.RawMessage(squareGeoJSON)}
			if got, want := truce.ErrorCode(db.PutLineVersion(ctx, v, false)), truce.ECONFLICT; got != want {
				t.Errorf("got %v, want %v", got, want)
			}
			if err := db.PutLineVersion(ctx, v, true); err != nil {
				t.Fatal(err)
			}
			got, _ := db.LineVersionAt(ctx, v.Date)
			if got.AreaKm2 != 1 {
				t.Errorf("replace: got area %v, want 1", got.AreaKm2)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			err := db.PutLineVersion(ctx, &truce.LineVersion{Date: truce.MustParseDate("2025-05-01")}, false)
			if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	})
}

func TestSites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		in := []truce.Site{
			{ID: "b", Name: "Plant", Class: "power_plant:coal", Lon: 34.6, Lat: 47.5, RadiusKm: 5, Source: "test"},
			{ID: "a", Class: "nuclear_plant", Lon: 34.58, Lat: 47.51, RadiusKm: 30},
		}
		if err := db.PutSites(ctx, in); err != nil {
			t.Fatal(err)
		}
		in[0].RadiusKm = 6 // replaced by id
		if err := db.PutSites(ctx, in[:1]); err != nil {
			t.Fatal(err)
		}
		got, err := db.Sites(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []truce.Site{in[1], in[0]}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		t.Run("ErrInvalid", func(t *testing.T) {
			bad := []truce.Site{{ID: "c", Class: "port", Lon: 30, Lat: 46, RadiusKm: 3}, {ID: "d", Class: "port", Lon: 200, Lat: 46, RadiusKm: 3}}
			err := db.PutSites(ctx, bad)
			if got, want := truce.ErrorCode(err), truce.EINVALID; got != want {
				t.Errorf("got %v (%v), want %v", got, err, want)
			}
			if ss, _ := db.Sites(ctx); len(ss) != 2 {
				t.Errorf("a bad row stored %d sites, want the 2 already there", len(ss))
			}
		})
	})
}

func TestPutZones(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		z := truce.Zone{ID: "dmz", Name: "Demilitarised zone", Kind: "buffer", Geometry: json.RawMessage(squareGeoJSON)}
		if err := db.PutZones(ctx, []truce.Zone{z}, false); err != nil {
			t.Fatal(err)
		}
		zs, err := db.Zones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]truce.Zone{z}, zs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if got, want := truce.ErrorCode(db.PutZones(ctx, []truce.Zone{z}, false)), truce.ECONFLICT; got != want {
			t.Errorf("got %v, want %v", got, want)
		}
		if err := db.PutZones(ctx, []truce.Zone{z}, true); err != nil {
			t.Errorf("replace: %v", err)
		}
		if got, want := truce.ErrorCode(db.PutZones(ctx, []truce.Zone{{ID: "x", Name: "X"}}, false)), truce.EINVALID; got != want {
			t.Errorf("no geometry: got %v, want %v", got, want)
		}
	})
}
