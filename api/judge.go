package api

import (
	"context"

	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sqldb"
)

// NewJudger builds the judge of incidents over what the store holds now:
// every provision, and the ground. This is where the ground plugs in: today
// judge.ZoneGround over the zones' GeoJSON geometries; package geo's
// classifier (line versions, zones, sites, oblasts) replaces it here.
func NewJudger(ctx context.Context, db *sqldb.DB) (sqldb.Judger, error) {
	provs, err := db.Provisions(ctx, sqldb.ProvisionFilter{})
	if err != nil {
		return nil, err
	}
	zones, err := db.Zones(ctx)
	if err != nil {
		return nil, err
	}
	g, err := judge.NewZoneGround(zones)
	if err != nil {
		return nil, err
	}
	return judge.New(provs, g), nil
}

// WireJudge makes db judge incidents as they are stored, with NewJudger.
func WireJudge(db *sqldb.DB) { db.NewJudger = NewJudger }
