package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/truce-monitor/truce"
)

// TestDashboardLine moves the map's date slider between two stored line
// versions and sees the occupied area change.
func TestDashboardLine(t *testing.T) {
	d := startDashboard(t, nil)
	if !d.has("/api/lines") {
		t.Skip("this server has no /api/lines endpoint yet (the geo work has not landed)")
	}
	// Two versions: the shipped demo line, and a later, smaller one of our own.
	var demo struct {
		Features []struct {
			Properties map[string]any
			Geometry   json.RawMessage
		}
	}
	d.getJSON("/api/lines/2025-04-19", &demo)
	if len(demo.Features) == 0 {
		t.Fatal("no line on 2025-04-19")
	}
	small := json.RawMessage(`{"type":"Polygon","coordinates":[[[37.5,47.5],[38.5,47.5],[38.5,48.5],[37.5,48.5],[37.5,47.5]]]}`)
	for _, v := range []struct {
		date string
		geom json.RawMessage
	}{{"2025-04-19", demo.Features[0].Geometry}, {"2025-05-01", small}} {
		date, err := truce.ParseDate(v.date)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.srv.DB.PutLineVersion(context.Background(), &truce.LineVersion{Date: date, Source: "dashboard test", Geometry: v.geom}, true); err != nil {
			t.Fatal(err)
		}
	}
	d.open("#/map?date=2025-04-19")
	d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)))
	before := eval[string](d, `document.querySelector('#map').dataset.lineDate + ' ' + document.querySelector('#map').dataset.occupiedKm2`)
	time.Sleep(500 * time.Millisecond)
	d.screenshot("map-line-2025-04-19")
	d.do("slider to the last date", chromedp.Focus(chromedp.CSS(`#line-date-slider`)), chromedp.KeyEvent(kb.End),
		chromedp.WaitVisible(chromedp.CSS(`#map[data-line-date="2025-05-01"]`)))
	after := eval[string](d, `document.querySelector('#map').dataset.lineDate + ' ' + document.querySelector('#map').dataset.occupiedKm2`)
	if !strings.HasPrefix(before, "2025-04-19 ") || !strings.HasPrefix(after, "2025-05-01 ") || before[11:] == after[11:] {
		t.Errorf("moving the slider took the line from %q to %q; want the 2025-04-19 version, then the smaller 2025-05-01 one", before, after)
	}
	time.Sleep(500 * time.Millisecond)
	d.screenshot("map-line-2025-05-01")
}
