package sqldb

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// refIndex is the import's cluster index as it was first written: a map
// of one-degree cells per event type, each listing its clusters in the
// order they were added, scanned whole by each report within the ring and
// dropping the clusters too old for it. clusterIndex must answer as it does.
type refIndex struct {
	cells    map[cellKey][]*refCluster
	maxSlack int64
}

type refCluster struct {
	startNs, endNs, slackNs int64
	lat, lon, radiusKm      float64
	in                      truce.Incident
	reports                 []truce.Report
	id                      int // the same for the clusterIndex's twin
}

func (c *refCluster) refresh() {
	c.startNs, c.endNs = c.in.Start.UnixNano(), c.in.End.UnixNano()
	c.slackNs = int64(c.in.TimePrecision.Slack())
	c.lat, c.lon = c.in.Lat, c.in.Lon
	c.radiusKm = truce.PrecisionRadiusKm(c.in.Precision)
}

func (x *refIndex) add(c *refCluster) {
	c.refresh()
	k := cellOf(c.in.Type, c.in.Lat, c.in.Lon)
	x.cells[k] = append(x.cells[k], c)
}

func (x *refIndex) find(r *truce.Report) *refCluster {
	rRadius := truce.PrecisionRadiusKm(r.Precision)
	ring := int32(1 + int(max(rRadius, truce.PrecisionRadiusKm(truce.PrecisionAdmin2))/70))
	k0 := cellOf(r.Type, r.Lat, r.Lon)
	rStart, rEnd, rSlack := r.ObservedAt.UnixNano(), r.End().UnixNano(), int64(r.TimePrecision.Slack())
	kmPerDegLon := 111.32 * math.Cos(r.Lat*math.Pi/180)
	var best *refCluster
	bestKm := math.Inf(1)
	for dy := -ring; dy <= ring; dy++ {
		for dx := -ring; dx <= ring; dx++ {
			k := cellKey{k0.t, k0.lat + dy, k0.lon + dx}
			cs := x.cells[k]
			live := 0
			for j, c := range cs {
				if rStart-c.endNs > max(c.slackNs, x.maxSlack) {
					continue
				}
				if live != j {
					cs[live] = c
				}
				live++
				slack := max(c.slackNs, rSlack)
				if rStart > c.endNs+slack || rEnd < c.startNs-slack {
					continue
				}
				radius := max(c.radiusKm, rRadius)
				ddy, ddx := (c.lat-r.Lat)*110.5, (c.lon-r.Lon)*kmPerDegLon
				if ddx*ddx+ddy*ddy > radius*radius*1.1 {
					continue
				}
				if c.in.Matches(r) {
					if km := truce.HaversineKm(c.in.Lat, c.in.Lon, r.Lat, r.Lon); km < bestKm {
						keys := make([]string, len(c.reports))
						for i := range c.reports {
							keys[i] = c.reports[i].SourceKey()
						}
						if c.in.Admits(r, keys) {
							best, bestKm = c, km
						}
					}
				}
			}
			if live < len(cs) {
				clear(cs[live:])
				x.cells[k] = cs[:live]
			}
		}
	}
	return best
}

// randClusterReports returns n reports in time order over the given span,
// many at the same few places (ties in distance), of every precision, type,
// mode, target and a few hundred sources, of time precisions exact and
// hour, and if vague, the others too (then no cluster is ever too old).
func randClusterReports(rng *rand.Rand, n int, span time.Duration, vague bool) []truce.Report {
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	towns := make([][2]float64, 40)
	for i := range towns {
		towns[i] = [2]float64{47 + rng.Float64()*3, 31 + rng.Float64()*4}
	}
	modes := []truce.Mode{truce.ModeShelling, truce.ModeMissile, ""}
	precs := []truce.TimePrecision{truce.TimeExact, truce.TimeExact, truce.TimeHour, truce.TimeDay, truce.TimeWeek, truce.TimeMonth, truce.TimeYear}
	out := make([]truce.Report, n)
	for i := range out {
		r := truce.Report{ClientID: "r" + strconv.Itoa(i),
			ObservedAt: start.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Minute),
			Precision:  1 + rng.IntN(3), Type: truce.EventAssault, Mode: modes[rng.IntN(len(modes))],
			Target: truce.TargetClasses[rng.IntN(2)], TimePrecision: precs[rng.IntN(3)],
			Source: truce.ReportSource{Kind: truce.SourceMonitor, Identity: "team-" + strconv.Itoa(rng.IntN(200))}}
		switch rng.IntN(20) {
		case 0:
			r.Precision = 4 + rng.IntN(4)
		case 1:
			if vague {
				r.TimePrecision = precs[3+rng.IntN(4)]
			}
		case 2:
			r.Type, r.Mode, r.Target = truce.EventHeavyWeapons, "", ""
		case 3:
			u := r.ObservedAt.Add(time.Duration(rng.Int64N(int64(12 * time.Hour))))
			r.ObservedUntil = &u
		}
		if rng.IntN(2) == 0 {
			t := towns[rng.IntN(len(towns))]
			r.Lat, r.Lon = t[0], t[1]
		} else {
			r.Lat, r.Lon = 46+rng.Float64()*6, 30+rng.Float64()*8
		}
		r.Normalize()
		r.SourceHash = r.SourceKey()
		out[i] = r
	}
	slices.SortStableFunc(out, func(a, b truce.Report) int { return a.ObservedAt.Compare(b.ObservedAt) })
	return out
}

// TestClusterIndex: on random imports (dense and sparse, with revisions
// that join a cluster whatever its age, and stored incidents added on the
// way, some outside the grid), clusterIndex finds the cluster refIndex
// finds, report after report.
func TestClusterIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rounds := 60
	if testing.Short() {
		rounds = 8
	}
	for round := range rounds {
		n := 500 + rng.IntN(3000)
		span := []time.Duration{6 * time.Hour, 48 * time.Hour, 30 * 24 * time.Hour}[round%3]
		rows := randClusterReports(rng, n, span, round%4 == 3)
		var maxSlack int64
		minLat, minLon, maxLat, maxLon := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, r := range rows {
			maxSlack = max(maxSlack, int64(r.TimePrecision.Slack()))
			minLat, minLon, maxLat, maxLon = min(minLat, r.Lat), min(minLon, r.Lon), max(maxLat, r.Lat), max(maxLon, r.Lon)
		}
		ref := &refIndex{cells: map[cellKey][]*refCluster{}, maxSlack: maxSlack}
		x := newClusterIndex(rows, minLat, minLon, maxLat, maxLon, maxSlack, nil)
		var refs []*refCluster
		var news []*cluster
		// newCluster begins a cluster with row i, or with a stored report.
		newCluster := func(i int, stored *truce.Report) {
			var c *cluster
			var r truce.Report
			if stored != nil {
				c, r = &cluster{stored: []truce.Report{*stored}, existing: true, loaded: true}, *stored
			} else {
				c, r = &cluster{members: []int32{int32(i)}}, rows[i]
			}
			rc := &refCluster{id: len(refs), reports: []truce.Report{r}}
			rc.in.Summarize(rc.reports)
			ref.add(rc)
			x.summarize(c)
			x.add(c)
			refs, news = append(refs, rc), append(news, c)
		}
		join := func(k, i int) {
			rc, c := refs[k], news[k]
			rc.reports = append(rc.reports, rows[i])
			rc.in.Summarize(rc.reports)
			rc.refresh()
			c.members = append(c.members, int32(i))
			x.summarize(c)
			x.refresh(c)
		}
		revise := -1
		for i := range rows {
			r := &rows[i]
			switch {
			case rng.IntN(100) == 0:
				// A stored incident loaded on the way (a revised report's),
				// of any age, sometimes outside the grid.
				s := *r
				s.ClientID, s.Source.Identity, s.SourceHash = "stored-"+strconv.Itoa(i), "stored", ""
				s.SourceHash = s.SourceKey()
				s.ObservedAt = s.ObservedAt.Add(-time.Duration(rng.Int64N(int64(10 * 24 * time.Hour))))
				s.ObservedUntil = nil
				if rng.IntN(3) == 0 {
					s.Lat, s.Lon = s.Lat+rng.Float64()*8-4, s.Lon+rng.Float64()*8-4
				}
				newCluster(-1, &s)
				if rng.IntN(2) == 0 {
					revise = len(refs) - 1 // soon revised, before or after its cell is looked in
				}
				continue
			case revise >= 0 && rng.IntN(3) == 0:
				join(revise, i)
				revise = -1
				continue
			case len(refs) > 0 && rng.IntN(30) == 0:
				// A revision joins the cluster of the report it revises.
				join(rng.IntN(len(refs)), i)
				continue
			}
			want := ref.find(r)
			got, err := x.find(r)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case want == nil && got == nil:
				newCluster(i, nil)
			case want == nil || got == nil || news[want.id] != got:
				t.Fatalf("round %d, report %d (%+v): found %v, want cluster %v", round, i, *r, got != nil, want != nil)
			default:
				join(want.id, i)
			}
		}
	}
}
