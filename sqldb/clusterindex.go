package sqldb

import (
	"math"
	"slices"

	"github.com/truce-monitor/truce"
)

// cluster is an incident being built or extended by an import. Its
// reports are those stored (of an existing incident, once loaded), then
// its members: rows of the import, in the order they joined.
type cluster struct {
	in       truce.Incident
	stored   []truce.Report
	members  []int32 // indexes in clusterIndex.rows
	existing bool    // stored before this import
	loaded   bool    // an existing incident's reports were read
	// storedKeys are the source keys of an existing incident's stored
	// reports, read when a report first matches it before it is loaded.
	storedKeys []string
	keys       []string // the source keys of its first len(keys) reports

	// Its place in the clusterIndex: its number (the order it was added
	// in), the one-degree cell it was added to, its quick-test fields as
	// of its last refresh, and where they are in the grid (if they are).
	seq     int32
	cell    cellKey
	q       quick
	dropped bool   // by its cell, as too old to match any later report
	seen    uint32 // the number of looks in its cell when it last changed
	layer   *layer // nil: not in the grid
	gi, gj  int    // layer.cells[gi][gj] holds q
}

// sourceKeys returns the source keys of the cluster's reports, for
// truce.Incident.Admits.
func (x *clusterIndex) sourceKeys(c *cluster) ([]string, error) {
	if c.existing && !c.loaded {
		if c.storedKeys == nil {
			keys, err := x.storedKeys(c.in.ID)
			if err != nil {
				return nil, err
			}
			c.storedKeys = append(make([]string, 0, len(keys)), keys...)
		}
		return c.storedKeys, nil
	}
	// Reports are only appended: keys grows with them.
	for len(c.keys) < len(c.stored) {
		c.keys = append(c.keys, c.stored[len(c.keys)].SourceKey())
	}
	for len(c.keys) < len(c.stored)+len(c.members) {
		c.keys = append(c.keys, x.rows[c.members[len(c.keys)-len(c.stored)]].SourceKey())
	}
	return c.keys, nil
}

// summarize recomputes the cluster's incident from its reports
// (truce.Incident.Summarize), copied side by side for it: a cluster keeps
// its rows' indexes, not copies of them.
func (x *clusterIndex) summarize(c *cluster) {
	rs := append(x.scratch[:0], c.stored...)
	for _, m := range c.members {
		rs = append(rs, x.rows[m])
	}
	c.in.Summarize(rs)
	x.scratch = rs
}

type cellKey struct {
	t        uint8 // index in truce.EventTypes
	lat, lon int32
}

func typeIndex(t truce.EventType) uint8 {
	return uint8(slices.Index(truce.EventTypes, t) + 1)
}

func cellOf(t truce.EventType, lat, lon float64) cellKey {
	return cellKey{typeIndex(t), int32(math.Floor(lat)), int32(math.Floor(lon))}
}

// quick is what the first, cheap test of a cluster against a report reads
// (before Incident.Matches): the incident's span and slack in Unix
// nanoseconds, its place and radius, its mode and target as numbers (see
// clusterIndex.word), and the cluster's number and cell.
type quick struct {
	startNs, endNs, slackNs int64
	lat, lon, radiusKm      float64
	mode, target            uint16
	seq                     int32
	cellLat, cellLon        int32
}

// clusterIndex finds the incident a report belongs to, among the clusters
// of the import and the stored incidents of its period. Its answers are
// those of a grid of one-degree cells per event type, each listing the
// clusters added in it: a report looks in the cells within a ring around
// its own (wider for vaguer reports) and takes the nearest cluster that
// admits it, the first in the order of the cells (south to north, west to
// east) and of their lists when two are as near; a cell drops the
// clusters it holds that are too old for the report looking, and so for
// every later one, until they change.
//
// It finds them faster than scanning those cells: clusters are kept where
// they are now, in a finer grid (a layer per event type and radius, so
// that a precise report is not compared with precise incidents far away),
// and a report reads only the cells within reach of it. The one-degree
// cells are kept as records of when each was last looked in (visits), so
// that a changed cluster is dropped as the coarse grid would have dropped
// it.
type clusterIndex struct {
	rows     []truce.Report // the import's
	scratch  []truce.Report // for summarize
	clusters []*cluster     // by seq
	visits   map[cellKey]*visit
	layers   [][]*layer // by event type index: its layers
	// The south-west corner of the grid and the number of degrees it
	// spans; places outside it are kept in its edge cells.
	lat0, lon0, dLat, dLon float64
	words                  map[string]uint16
	maxSlack               int64 // the largest time slack of any report of the import, ns
	// storedKeys reads the source keys of a stored incident's reports.
	storedKeys func(incident int64) ([]string, error)
}

// visit is when a one-degree cell was last looked in, and how many times.
type visit struct {
	lastNs int64 // the start of the last report that looked
	n      uint32
}

// layer is the grid of the clusters of one event type and radius.
type layer struct {
	radiusKm   float64
	step       float64 // degrees per cell
	nLat, nLon int
	cells      [][]quick // row-major, nLat x nLon
}

// The finest grid step in degrees, and the most cells a layer may have.
const (
	gridStep     = 0.25
	maxGridCells = 1 << 14
)

// newClusterIndex returns an index of clusters of rows (and stored
// reports) whose grid spans the places from (minLat, minLon) to (maxLat,
// maxLon): every cluster's place is one of them, or it costs more.
func newClusterIndex(rows []truce.Report, minLat, minLon, maxLat, maxLon float64, maxSlack int64, storedKeys func(int64) ([]string, error)) *clusterIndex {
	span := func(lo, hi float64) float64 {
		if d := hi - lo; d > 0 { // not NaN
			return d
		}
		return 0
	}
	return &clusterIndex{rows: rows, visits: map[cellKey]*visit{}, words: map[string]uint16{}, maxSlack: maxSlack, storedKeys: storedKeys,
		lat0: minLat, lon0: minLon, dLat: span(minLat, maxLat), dLon: span(minLon, maxLon)}
}

// layerOf returns the layer of event type t and radius km, made if new.
func (x *clusterIndex) layerOf(t uint8, km float64) *layer {
	for int(t) >= len(x.layers) {
		x.layers = append(x.layers, nil)
	}
	for _, l := range x.layers[t] {
		if l.radiusKm == km {
			return l
		}
	}
	// A step of about half the radius: a report as precise as the layer
	// reads some 5 x 7 cells.
	step := max(gridStep, km/222)
	for math.Ceil(x.dLat/step+1)*math.Ceil(x.dLon/step+1) > maxGridCells {
		step *= 2
	}
	l := &layer{radiusKm: km, step: step, nLat: int(x.dLat/step) + 1, nLon: int(x.dLon/step) + 1}
	l.cells = make([][]quick, l.nLat*l.nLon)
	x.layers[t] = append(x.layers[t], l)
	return l
}

// span returns the cells [i0, i1] x [j0, j1] of l that hold every place
// within dLat degrees of latitude and dLon of longitude of (lat, lon).
func (x *clusterIndex) span(l *layer, lat, lon, dLat, dLon float64) (i0, i1, j0, j1 int) {
	idx := func(v, from float64, n int) int {
		f := math.Floor((v - from) / l.step)
		if !(f >= 0) { // also NaN
			return 0
		}
		return int(min(f, float64(n-1)))
	}
	return idx(lat-dLat, x.lat0, l.nLat), idx(lat+dLat, x.lat0, l.nLat), idx(lon-dLon, x.lon0, l.nLon), idx(lon+dLon, x.lon0, l.nLon)
}

// cellIndex returns the cell of l that holds (lat, lon).
func (x *clusterIndex) cellIndex(l *layer, lat, lon float64) int {
	i, _, j, _ := x.span(l, lat, lon, 0, 0)
	return i*l.nLon + j
}

func (x *clusterIndex) quickOf(c *cluster) quick {
	return quick{startNs: c.in.Start.UnixNano(), endNs: c.in.End.UnixNano(),
		slackNs: int64(c.in.TimePrecision.Slack()),
		lat:     c.in.Lat, lon: c.in.Lon, radiusKm: truce.PrecisionRadiusKm(c.in.Precision),
		mode: x.word(string(c.in.Mode)), target: x.word(string(c.in.Target)),
		seq: c.seq, cellLat: c.cell.lat, cellLon: c.cell.lon}
}

// word numbers the strings of the index's modes and targets: 0 for "",
// the same number for the same string. (Past 65,535 strings, all are 0:
// never a difference, Matches decides.)
func (x *clusterIndex) word(s string) uint16 {
	if s == "" {
		return 0
	}
	n, ok := x.words[s]
	if !ok && len(x.words) < math.MaxUint16 {
		n = uint16(len(x.words) + 1)
		x.words[s] = n
	}
	return n
}

// differ reports whether a cluster's mode or target (a) and a report's
// (b) rule the report out, as Incident.Matches tests them: both given and
// not the same.
func differ(a, b uint16) bool { return a != 0 && b != 0 && a != b }

// dead reports whether q is too old to match a report that starts at
// startNs or later.
func (x *clusterIndex) dead(q *quick, startNs int64) bool {
	return startNs-q.endNs > max(q.slackNs, x.maxSlack)
}

func (x *clusterIndex) add(c *cluster) {
	c.seq, c.cell = int32(len(x.clusters)), cellOf(c.in.Type, c.in.Lat, c.in.Lon)
	x.clusters = append(x.clusters, c)
	v := x.visits[c.cell]
	if v == nil {
		v = &visit{}
		x.visits[c.cell] = v
	}
	c.seen = v.n
	c.q = x.quickOf(c)
	x.insert(c)
}

// insert puts c's quick-test fields in its layer's cell.
func (x *clusterIndex) insert(c *cluster) {
	l := x.layerOf(c.cell.t, c.q.radiusKm)
	c.layer, c.gi = l, x.cellIndex(l, c.q.lat, c.q.lon)
	c.gj = len(l.cells[c.gi])
	l.cells[c.gi] = append(l.cells[c.gi], c.q)
}

// remove takes c's quick-test fields out of the grid.
func (x *clusterIndex) remove(c *cluster) {
	cs := c.layer.cells[c.gi]
	last := len(cs) - 1
	if c.gj != last {
		cs[c.gj] = cs[last]
		x.clusters[cs[c.gj].seq].gj = c.gj
	}
	c.layer.cells[c.gi] = cs[:last]
	c.layer = nil
}

// refresh recomputes the cluster's quick-test fields after its incident
// changed, unless its cell dropped it: a look in the cell since the
// cluster last changed found it too old.
func (x *clusterIndex) refresh(c *cluster) {
	if !c.dropped {
		v := x.visits[c.cell]
		c.dropped = v.n != c.seen && x.dead(&c.q, v.lastNs)
		c.seen = v.n
	}
	if c.dropped {
		if c.layer != nil {
			x.remove(c)
		}
		return
	}
	c.q = x.quickOf(c)
	if c.layer != nil && c.layer.radiusKm == c.q.radiusKm && x.cellIndex(c.layer, c.q.lat, c.q.lon) == c.gi {
		c.layer.cells[c.gi][c.gj] = c.q
		return
	}
	if c.layer != nil {
		x.remove(c)
	}
	x.insert(c)
}

// find returns the nearest cluster that admits r (by
// truce.Incident.Admits: it matches, and holds no report of r's source), or
// nil. Reports must come in order of ObservedAt.
func (x *clusterIndex) find(r *truce.Report) (*cluster, error) {
	rRadius := truce.PrecisionRadiusKm(r.Precision)
	ring := int32(1 + int(max(rRadius, truce.PrecisionRadiusKm(truce.PrecisionAdmin2))/70))
	k0 := cellOf(r.Type, r.Lat, r.Lon)
	rStart, rEnd, rSlack := r.ObservedAt.UnixNano(), r.End().UnixNano(), int64(r.TimePrecision.Slack())
	// The cells within the ring are looked in.
	for dy := -ring; dy <= ring; dy++ {
		for dx := -ring; dx <= ring; dx++ {
			if v := x.visits[cellKey{k0.t, k0.lat + dy, k0.lon + dx}]; v != nil {
				v.lastNs, v.n = rStart, v.n+1
			}
		}
	}
	if int(k0.t) >= len(x.layers) {
		return nil, nil
	}
	kmPerDegLon := 111.32 * math.Cos(r.Lat*math.Pi/180)
	rMode, rTarget := x.word(string(r.Mode)), x.word(string(r.Target))
	var best *cluster
	var bestQ quick
	bestKm := math.Inf(1)
	for _, l := range x.layers[k0.t] {
		// A flat-earth distance slightly under the true one rules out
		// most: a cluster within reach is within this many degrees.
		radius := max(l.radiusKm, rRadius)
		reach := radius * math.Sqrt(1.1) * (1 + 1e-9)
		i0, i1, j0, j1 := x.span(l, r.Lat, r.Lon, reach/110.5+1e-9, reach/kmPerDegLon+1e-9)
		for i := i0; i <= i1; i++ {
			for gi := i*l.nLon + j0; gi <= i*l.nLon+j1; gi++ {
				cs := l.cells[gi]
				for j := 0; j < len(cs); j++ {
					q := &cs[j]
					if x.dead(q, rStart) {
						// Out of the grid until it changes (refresh).
						x.remove(x.clusters[q.seq])
						cs = l.cells[gi]
						j--
						continue
					}
					slack := max(q.slackNs, rSlack)
					if rStart > q.endNs+slack || rEnd < q.startNs-slack {
						continue
					}
					if q.cellLat < k0.lat-ring || q.cellLat > k0.lat+ring || q.cellLon < k0.lon-ring || q.cellLon > k0.lon+ring {
						continue // not in a cell the ring covers
					}
					ddy, ddx := (q.lat-r.Lat)*110.5, (q.lon-r.Lon)*kmPerDegLon
					if ddx*ddx+ddy*ddy > radius*radius*1.1 || differ(q.mode, rMode) || differ(q.target, rTarget) {
						continue
					}
					c := x.clusters[q.seq]
					if !c.in.Matches(r) {
						continue
					}
					km := truce.HaversineKm(c.in.Lat, c.in.Lon, r.Lat, r.Lon)
					if km > bestKm || km == bestKm && !before(q, &bestQ) {
						continue
					}
					keys, err := x.sourceKeys(c)
					if err != nil {
						return nil, err
					}
					if c.in.Admits(r, keys) {
						best, bestQ, bestKm = c, *q, km
					}
				}
			}
		}
	}
	return best, nil
}

// before reports whether a comes before b in the order the one-degree
// cells are read: by cell, south to north, west to east, then as added.
func before(a, b *quick) bool {
	if a.cellLat != b.cellLat {
		return a.cellLat < b.cellLat
	}
	if a.cellLon != b.cellLon {
		return a.cellLon < b.cellLon
	}
	return a.seq < b.seq
}
