package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/scenario"
	"github.com/truce-monitor/truce/sqldb"
)

// The dashboard's tests in a real browser: Debian's chromium, installed by
// scripts/ci-setup.d/50-chromium.sh, driven with chromedp against `truce
// serve` on 127.0.0.1:0. Screenshots of each view go to $TRUCE_ARTIFACTS
// (or a temporary folder), and the test logs where.

const chromiumPath = "/usr/bin/chromium"

// dashboard is a running server and a browser tab pointed at it.
type dashboard struct {
	t     *testing.T
	srv   *Server
	base  string
	ctx   context.Context // the browser tab
	art   string
	token string // an analyst's API token, for postJSON
}

// startDashboard starts `truce serve` on a fresh database (after preload, when
// given, has filled it) and a headless chromium.
func startDashboard(t *testing.T, preload func(ctx context.Context, db *sqldb.DB) error) *dashboard {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are slow; skipped under -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no %s (scripts/ci-setup.d/50-chromium.sh installs it): %v", chromiumPath, err)
	}
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "truce.db")
	if preload != nil {
		db, err := sqldb.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := preload(ctx, db); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	srv := &Server{Addr: "127.0.0.1:0", DBPath: dbPath, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := srv.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// WebGL for MapLibre without a GPU: the software rasteriser built into chromium.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelB := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() { cancelB(); cancelA() })
	// The first Run starts the browser; its context must have no timeout.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	art := os.Getenv("TRUCE_ARTIFACTS")
	if art == "" {
		art = filepath.Join(os.TempDir(), "truce-artifacts")
	}
	art = filepath.Join(art, "dashboard")
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	return &dashboard{t: t, srv: srv, base: "http://" + srv.Addr, ctx: bctx, art: art}
}

// step bounds one browser action.
const step = 30 * time.Second

// do runs chromedp actions and fails the test on error.
func (d *dashboard) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(d.ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		d.t.Fatalf("%s: %v", what, err)
	}
}

// runIn runs one action that returns a value.
func runIn[T any](d *dashboard, what string, a chromedp.Action[T]) T {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(d.ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		d.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression, awaiting a promise.
func eval[T any](d *dashboard, expr string) T {
	d.t.Helper()
	return runIn(d, "eval "+expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// text reads the visible text of the first element that matches a CSS selector.
func (d *dashboard) text(sel string) string {
	d.t.Helper()
	return runIn(d, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// open loads a view in a fresh page and waits until the app has rendered it
// with its data (body[data-view] names the view drawn).
func (d *dashboard) open(fragment string) {
	d.t.Helper()
	view, _, _ := strings.Cut(strings.TrimPrefix(fragment, "#/"), "?")
	if view == "" {
		view = "negotiation"
	}
	d.do("open "+fragment,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(d.base+"/"+fragment),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"][data-view=`+strconv.Quote(view)+`]`)))
}

// screenshot saves a PNG of the page as an artifact: the whole page, except
// on the map view, where it is the window (a full-page capture resizes the
// viewport while it captures, and the map redraws for that size mid-capture).
func (d *dashboard) screenshot(name string) {
	d.t.Helper()
	capture := chromedp.FullScreenshot(100)
	if eval[bool](d, `!!document.querySelector('#map')`) {
		capture = chromedp.CaptureScreenshot()
	}
	png := runIn(d, "screenshot "+name, capture)
	p := filepath.Join(d.art, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		d.t.Fatal(err)
	}
	d.t.Logf("screenshot: %s", p)
}

// getJSON reads an API document over HTTP.
func (d *dashboard) getJSON(path string, out any) {
	d.t.Helper()
	res, err := http.Get(d.base + path)
	if err != nil {
		d.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		d.t.Fatalf("GET %s: %s: %s", path, res.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		d.t.Fatalf("GET %s: %v", path, err)
	}
}

// has reports whether the server has an API endpoint (other parts of Truce land over time).
func (d *dashboard) has(path string) bool {
	res, err := http.Get(d.base + path)
	if err != nil {
		d.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed
}

type matrixCell struct {
	Party     string `json:"party"`
	Provision string `json:"provision"`
	Stance    string `json:"stance"`
	Evidence  []struct {
		Quote string `json:"quote"`
	} `json:"evidence"`
}

func cellSelector(party, provision string) string {
	return fmt.Sprintf(`button.cell[data-party=%q][data-provision=%q]`, party, provision)
}

func TestDashboardNegotiation(t *testing.T) {
	d := startDashboard(t, nil)
	d.open("#/negotiation?date=2025-04-19")

	firstRender := eval[float64](d, `performance.getEntriesByName('truce-first-render')[0].startTime`)
	t.Logf("first render (navigation start to the negotiation view drawn with its data): %.0f ms", firstRender)
	d.screenshot("negotiation")

	// The matrix shows the API's cell, and opening it shows its evidence sentence.
	var m struct{ Cells []matrixCell }
	d.getJSON("/api/matrix?date=2025-04-19", &m)
	var want matrixCell
	for _, c := range m.Cells {
		if c.Party == "US" && c.Provision == "paris-2025/crimea-recognition" {
			want = c
		}
	}
	if want.Stance != "support" || len(want.Evidence) == 0 {
		t.Fatalf("the scenario's matrix has no US support for Crimea's recognition with evidence: %+v", want)
	}
	sel := cellSelector("US", "paris-2025/crimea-recognition")
	classes := runIn(d, "cell class", chromedp.AttributeValue(chromedp.CSS(sel), "class"))
	if !strings.Contains(classes.Value, "stance-support") {
		t.Errorf("cell class %q, want stance-support", classes.Value)
	}
	d.do("open a matrix cell with the keyboard",
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#cell-detail blockquote.quote`)))
	if detail := d.text(`#cell-detail`); !strings.Contains(detail, want.Evidence[0].Quote) {
		t.Errorf("the cell's evidence panel reads %q; want it to hold %q", detail, want.Evidence[0].Quote)
	}
	d.screenshot("negotiation-cell")

	// Arrow keys move between cells.
	d.do("arrow down", chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(kb.ArrowDown))
	focused := eval[string](d, `document.activeElement.dataset.party + ' ' + document.activeElement.dataset.provision`)
	if !strings.HasPrefix(focused, "US ") || focused == "US paris-2025/crimea-recognition" {
		t.Errorf("ArrowDown from the US crimea cell focused %q, want another US cell", focused)
	}

	// Moving the date slider to its first stop changes the matrix: on the first
	// date the US had taken no position on Crimea.
	d.do("slider to its first date",
		chromedp.Focus(chromedp.CSS(`#neg-date-slider`)),
		chromedp.KeyEvent(kb.Home),
		chromedp.WaitVisible(chromedp.CSS(sel+`.stance-none`)))
	shown := d.text(`#neg-date .date-shown`)
	var early struct{ Cells []matrixCell }
	d.getJSON("/api/matrix?date="+shown, &early)
	for _, c := range early.Cells {
		if c.Party == "US" && c.Provision == "paris-2025/crimea-recognition" {
			t.Errorf("the API has the US crimea cell on %s too; the test expects the first date to predate it", shown)
		}
	}
	if n := eval[int](d, `document.querySelectorAll('#matrix button.cell:not(.stance-none)').length`); n != len(early.Cells) {
		t.Errorf("on %s the page shows %d filled cells, the API %d", shown, n, len(early.Cells))
	}
	if hash := eval[string](d, `location.hash`); !strings.Contains(hash, "date="+shown) {
		t.Errorf("location.hash %q does not carry the date %s", hash, shown)
	}
	d.screenshot("negotiation-early")
}

// TestDashboardViews opens every view and saves its screenshot.
func TestDashboardViews(t *testing.T) {
	d := startDashboard(t, nil)
	for _, v := range []string{"map", "compliance", "review", "report"} {
		d.open("#/" + v + "?date=2025-04-19")
		if v == "map" {
			d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)))
			time.Sleep(500 * time.Millisecond) // let the last map frame paint before the screenshot
		}
		if h := d.text(`main h1`); h == "" {
			t.Errorf("view %s has no heading", v)
		}
		t.Logf("first render of %s: %.0f ms", v, eval[float64](d, `performance.getEntriesByName('truce-first-render')[0].startTime`))
		if v == "report" {
			var rep struct{ Summary []string }
			d.getJSON("/api/daily?date=2025-04-19&format=json", &rep)
			if len(rep.Summary) == 0 {
				t.Fatal("the daily report has no summary")
			}
			if got := d.text(`#report-body`); !strings.Contains(got, rep.Summary[0]) {
				t.Errorf("the daily report view does not show the report's summary %q", rep.Summary[0])
			}
		}
		if v == "compliance" {
			var pv struct{ Provisions []struct{ ID string } }
			d.getJSON("/api/provisions?date=2025-04-19", &pv)
			d.do("status table", chromedp.WaitVisible(chromedp.CSS(`#status-table tbody tr`)))
			if n := eval[int](d, `document.querySelectorAll('#status-table tbody tr').length`); n != len(pv.Provisions) {
				t.Errorf("the compliance status table has %d rows, the API %d provisions", n, len(pv.Provisions))
			}
		}
		d.screenshot(v)
	}
	// A tablet in portrait: the layouts stack, nothing overflows the page sideways.
	d.do("tablet viewport", chromedp.EmulateViewport(820, 1180, chromedp.EmulateScale(1), chromedp.EmulateTouch))
	for _, v := range []string{"negotiation", "map"} {
		d.open("#/" + v + "?date=2025-04-19")
		if v == "map" {
			d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)))
			time.Sleep(500 * time.Millisecond)
		}
		if w := eval[int](d, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
			t.Errorf("view %s on a tablet overflows sideways by %d px", v, w)
		}
		d.screenshot(v + "-tablet")
	}
}

// payload is text that would run script if the page put it in as HTML.
const payload = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>`

// TestDashboardInert checks that text from the store renders as text: a
// position whose evidence, source, agreement, provision and talks hold
// script and HTML payloads.
func TestDashboardInert(t *testing.T) {
	yaml := fmt.Sprintf(`scenario: payloads
parties:
  - {code: US, name: United States, kind: state}
  - {code: RU, name: Russia, kind: state}
sources:
  - id: evil
    title: %[1]q
    outlet: %[1]q
    published: 2025-04-01
agreements:
  - id: a1
    name: %[1]q
    proposed: 2025-04-01
    proposed_by: [US]
    provisions:
      - id: a1/ceasefire
        issue: ceasefire
        title: %[1]q
        parties: [RU]
        history:
          - {status: proposed, date: 2025-04-01, source: evil}
positions:
  - party: US
    provision: a1/ceasefire
    stance: support
    as_of: 2025-04-01
    evidence:
      - source: evil
        attribution: on-record
        quote: %[1]q
talks:
  - id: t1
    title: %[1]q
    place: %[1]q
    start: 2025-04-02
    participants: [US, RU]
`, payload)
	d := startDashboard(t, func(ctx context.Context, db *sqldb.DB) error {
		sc, err := scenario.Parse("payloads.yaml", []byte(yaml))
		if err != nil {
			return err
		}
		_, err = db.LoadScenario(ctx, sc)
		return err
	})
	d.open("#/negotiation?date=2025-04-02")
	d.do("open the payload cell",
		chromedp.Click(chromedp.CSS(cellSelector("US", "a1/ceasefire"))),
		chromedp.WaitVisible(chromedp.CSS(`#cell-detail blockquote.quote`)))
	if got := d.text(`#cell-detail blockquote.quote`); got != payload {
		t.Errorf("the evidence quote reads %q, want the payload as literal text %q", got, payload)
	}
	for _, v := range []string{"negotiation", "compliance"} {
		d.open("#/" + v + "?date=2025-04-02")
		time.Sleep(200 * time.Millisecond) // give an injected onerror handler the time to fire
		pwned := eval[any](d, `window.__pwned === undefined ? null : window.__pwned`)
		injected := eval[int](d, `document.querySelectorAll('main script, main img[src="x"], main b').length`)
		if pwned != nil || injected != 0 {
			t.Errorf("view %s: the payload ran or became markup (__pwned=%v, injected elements=%d)", v, pwned, injected)
		}
		if !strings.Contains(d.text(`main`), "<script>window.__pwned=1</script>") {
			t.Errorf("view %s does not show the payload as text", v)
		}
	}
	d.open("#/negotiation?date=2025-04-02")
	d.do("open the payload cell",
		chromedp.Click(chromedp.CSS(cellSelector("US", "a1/ceasefire"))),
		chromedp.WaitVisible(chromedp.CSS(`#cell-detail blockquote.quote`)))
	d.screenshot("inert-payload")
}

// postJSON posts a JSON body and decodes the answer; it fails the test unless the status is want.
func (d *dashboard) postJSON(path string, body any, want int, out any) {
	d.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		d.t.Fatal(err)
	}
	// Writes need an account: post as an analyst (a token made once per server).
	if d.token == "" {
		u := &truce.User{Name: "dashboard-test", Role: truce.RoleAnalyst}
		if err := d.srv.Auth.CreateUser(context.Background(), u, ""); err != nil {
			d.t.Fatal(err)
		}
		if d.token, _, err = d.srv.Auth.CreateToken(context.Background(), u, "test"); err != nil {
			d.t.Fatal(err)
		}
	}
	req, _ := http.NewRequest("POST", d.base+path, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+d.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer res.Body.Close()
	rb, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		d.t.Fatalf("POST %s: %s: %s", path, res.Status, rb)
	}
	if out != nil {
		if err := json.Unmarshal(rb, out); err != nil {
			d.t.Fatalf("POST %s: %v", path, err)
		}
	}
}

// TestDashboardIncidents submits reports through the API and checks that the
// map shows the incidents, that an incident opens with its reports and
// verdicts, and that a report whose text holds script and HTML renders inert.
func TestDashboardIncidents(t *testing.T) {
	d := startDashboard(t, nil)
	if !d.has("/api/incidents") {
		t.Skip("this server has no /api/incidents endpoint yet (the incidents work has not landed)")
	}
	reports := []map[string]any{
		{"client_id": "web-1", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9077, "lon": 34.7981, "precision": 1,
			"type": "assault", "mode": "missile", "target": "civilian", "killed": map[string]int{"best": 35},
			"perpetrator": "RU", "source": map[string]string{"kind": "open-source", "name": "a local channel"}, "place": "Sumy",
			// Open-source text is public (a monitor's notes are not shown to the
			// public), so the public map renders it: inert, it must be.
			"description": payload + " Two ballistic missiles struck the centre of Sumy."},
		{"client_id": "web-2", "observed_at": "2025-04-02T22:00:00Z", "lat": 47.91, "lon": 33.39, "precision": 1,
			"type": "assault", "mode": "drone", "target": "energy", "perpetrator": "RU", "place": "Kryvyi Rih",
			"source": map[string]string{"kind": "open-source"}, "description": "Drones hit a power substation."},
		{"client_id": "web-3", "observed_at": "2025-04-05T10:00:00Z", "lat": 49.99, "lon": 36.23, "precision": 2,
			"type": "assault", "mode": "shelling", "target": "civilian", "perpetrator": "RU", "place": "Kharkiv",
			"source": map[string]string{"kind": "monitor"}, "description": "Shelling of a residential district."},
	}
	var sumy struct{ Incident int64 }
	for i, r := range reports {
		var out struct{ Incident int64 }
		d.postJSON("/api/reports", r, http.StatusCreated, &out)
		if i == 0 {
			sumy = out
		}
	}
	d.open("#/map?date=2025-04-19")
	d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)))
	d.do("all time", chromedp.SetValue(chromedp.CSS(`#incident-window`), "all"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#incident-window').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(chromedp.CSS(`#map[data-window="all..2025-04-19"]`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#incident-list button[data-incident="%d"]`, sumy.Incident))))
	if n := eval[string](d, `document.querySelector('#map').dataset.incidents`); n != fmt.Sprint(len(reports)) {
		t.Errorf("the map holds %s incidents, want %d", n, len(reports))
	}
	time.Sleep(500 * time.Millisecond) // the map's last frame
	d.screenshot("map-incidents")
	// Clicked from script in one step, and again while the list is being
	// redrawn (it is whenever the map moves).
	clicked := false
	for try := 0; try < 50 && !clicked; try++ {
		clicked = eval[bool](d, fmt.Sprintf(`(() => { const b = document.querySelector('#incident-list button[data-incident="%d"]'); if (b) b.click(); return !!b; })()`, sumy.Incident))
		if !clicked {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !clicked {
		t.Fatalf("the incident list has no Sumy incident: %q", d.text(`#incident-list`))
	}
	d.do("open the Sumy incident", chromedp.WaitVisible(chromedp.CSS(`#incident-detail .description`)))
	if got := d.text(`#incident-detail .description`); !strings.HasPrefix(got, payload) {
		t.Errorf("the report's description reads %q, want the payload as literal text", got)
	}
	time.Sleep(200 * time.Millisecond) // give an injected onerror handler the time to fire
	if pwned := eval[any](d, `window.__pwned === undefined ? null : window.__pwned`); pwned != nil {
		t.Errorf("the report's script ran: __pwned=%v", pwned)
	}
	if n := eval[int](d, `document.querySelectorAll('#incident-detail script, #incident-detail img, #incident-detail b').length`); n != 0 {
		t.Errorf("the report's HTML became %d elements", n)
	}
	if v := d.text(`#incident-detail .verdicts`); !strings.Contains(v, "energy") {
		t.Errorf("the incident's verdicts read %q; want the energy truce's verdict with its explanation", v)
	}
	d.screenshot("map-incident-detail")

	// The other views with these incidents: compliance tallies and the daily report of 2025-04-13.
	d.open("#/compliance?date=2025-04-19")
	d.do("tallies", chromedp.WaitVisible(chromedp.CSS(`.tallies`)))
	if got := d.text(`.tallies`); !strings.Contains(got, "3 incidents") {
		t.Errorf("the compliance tallies read %q, want 3 incidents", got)
	}
	d.screenshot("compliance-incidents")
	d.open("#/report?date=2025-04-13")
	if got := d.text(`#report-body`); !strings.Contains(got, "1 incident") {
		t.Errorf("the daily report of 2025-04-13 reads %q, want its 1 incident", got)
	}
	d.screenshot("report-incidents")
}

// signIn signs in through the dashboard's sign-in box as a new user of role.
func (d *dashboard) signIn(name string, role truce.Role) {
	d.t.Helper()
	const password = "correct horse battery staple"
	if err := d.srv.Auth.CreateUser(context.Background(), &truce.User{Name: name, Role: role}, password); err != nil {
		d.t.Fatal(err)
	}
	d.do("sign in",
		chromedp.WaitVisible(chromedp.CSS(`#login-name`)),
		chromedp.SendKeys(chromedp.CSS(`#login-name`), name),
		chromedp.SendKeys(chromedp.CSS(`#login-pass`), password),
		chromedp.Click(chromedp.CSS(`#account form button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#login-name`)))
	if who := d.text(`#account .who`); !strings.Contains(who, name) {
		d.t.Fatalf("after signing in the account box reads %q", who)
	}
}

// reviewArticle is a short article whose lead states a position plainly.
const reviewArticle = `date 2025-04-26
Ukraine rejects recognising Crimea as Russian

KYIV — Ukrainian President Volodymyr Zelensky said on Saturday that Ukraine will not legally recognize the occupation of Crimea.

Officials from the United States, Ukraine, France, Germany and the United Kingdom will meet in London on Wednesday to continue the talks.
`

// TestDashboardReview queues an article's claims, signs in as an analyst,
// accepts a position claim in the review queue, and sees the position in the
// negotiation matrix; it rejects another claim with a reason.
func TestDashboardReview(t *testing.T) {
	d := startDashboard(t, nil)
	if !d.has("/api/claims") {
		t.Skip("this server has no /api/claims endpoint yet (the claims work has not landed)")
	}
	var added map[string]any
	d.postJSON("/api/claims", map[string]string{"name": "review-test", "text": reviewArticle}, http.StatusCreated, &added)
	d.open("#/review")
	d.screenshot("review-public")
	d.signIn("analyst-1", truce.RoleAnalyst)
	d.open("#/review")
	d.do("claims listed", chromedp.WaitVisible(chromedp.CSS(`#claims li.claim`)))
	d.screenshot("review-analyst")
	// The first position claim: accept it.
	id := eval[string](d, `(() => { const li = [...document.querySelectorAll('#claims li.claim')].find((x) => x.querySelector('.badge.kind').textContent === 'position'); return li ? li.dataset.claim : ''; })()`)
	if id == "" {
		t.Fatalf("the review queue shows no position claim for the article; it reads %q", d.text(`#claims`))
	}
	d.do("accept", chromedp.Click(chromedp.CSS(fmt.Sprintf(`li.claim[data-claim=%q] button.accept`, id))),
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`li.claim[data-claim=%q]`, id))))
	if msg := d.text(`.review-result`); !strings.Contains(msg, "accepted") {
		t.Errorf("after accepting, the queue says %q", msg)
	}
	// Accepting made a position: it appears in the matrix on its date.
	var claim struct{ Status, Result string }
	d.getJSONAs("/api/claims/"+id, &claim)
	posID, ok := strings.CutPrefix(claim.Result, "position:")
	if claim.Status != "accepted" || !ok {
		t.Fatalf("the accepted claim reads %+v, want a position made", claim)
	}
	var pos struct {
		Party, Provision, Stance string
		AsOf                     string `json:"as_of"`
	}
	d.getJSON("/api/positions/"+posID, &pos)
	d.open("#/negotiation?date=" + pos.AsOf)
	sel := cellSelector(pos.Party, pos.Provision)
	d.do("the new position's cell", chromedp.WaitVisible(chromedp.CSS(sel)))
	if cls := runIn(d, "cell class", chromedp.AttributeValue(chromedp.CSS(sel), "class")); !strings.Contains(cls.Value, "stance-"+pos.Stance) {
		t.Errorf("the matrix cell of the accepted position (%s on %s, %s) has class %q", pos.Party, pos.Provision, pos.Stance, cls.Value)
	}
	d.do("open it", chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(`#cell-detail blockquote.quote`)))
	if q := d.text(`#cell-detail`); !strings.Contains(q, "will not legally recognize") {
		t.Errorf("the new position's evidence reads %q", q)
	}
	d.screenshot("review-accepted-matrix")
	// Rejecting needs a reason.
	d.open("#/review")
	rest := eval[int](d, `document.querySelectorAll('#claims li.claim').length`)
	if rest > 0 {
		first := eval[string](d, `document.querySelector('#claims li.claim').dataset.claim`)
		sel := fmt.Sprintf(`li.claim[data-claim=%q]`, first)
		d.do("reject without a reason", chromedp.Click(chromedp.CSS(sel+` button.reject`)))
		if m := d.text(sel + ` .claim-msg`); !strings.Contains(m, "reason") {
			t.Errorf("rejecting without a reason says %q", m)
		}
		d.do("reject with a reason",
			chromedp.SendKeys(chromedp.CSS(sel+` input.reason`), "background, not a position"),
			chromedp.Click(chromedp.CSS(sel+` button.reject`)),
			chromedp.WaitNotPresent(chromedp.CSS(sel)))
		var rejected struct{ Status, Reason string }
		d.getJSONAs("/api/claims/"+first, &rejected)
		if rejected.Status != "rejected" || rejected.Reason != "background, not a position" {
			t.Errorf("the rejected claim reads %+v", rejected)
		}
	}
}

// getJSONAs reads an API document with the analyst token of postJSON.
func (d *dashboard) getJSONAs(path string, out any) {
	d.t.Helper()
	req, _ := http.NewRequest("GET", d.base+path, nil)
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		d.t.Fatalf("GET %s: %s: %s", path, res.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		d.t.Fatalf("GET %s: %v", path, err)
	}
}

// markPage sets a marker on the page's window: it survives only as long as
// the page is not reloaded, so a test can tell a live update from a reload.
func (d *dashboard) markPage() {
	d.t.Helper()
	eval[bool](d, `(window.__sameLoad = true)`)
}

// samePage fails the test if the page was reloaded since markPage.
func (d *dashboard) samePage(what string) {
	d.t.Helper()
	if !eval[bool](d, `window.__sameLoad === true`) {
		d.t.Errorf("%s: the page was reloaded; the view should have updated itself", what)
	}
}

// waitLive waits until the page's change-feed indicator says live.
func (d *dashboard) waitLive() {
	d.t.Helper()
	d.do("the live indicator", chromedp.WaitVisible(chromedp.CSS(`#live[data-state="live"]`)))
	if got := d.text(`#live`); !strings.HasPrefix(strings.TrimSpace(got), "live") {
		d.t.Errorf("the live indicator reads %q", got)
	}
}

// TestDashboardLive checks that open views update themselves from the change
// feed (/api/events), without a reload: a report posted through the API
// appears on the map; an accepted claim appears in the negotiation matrix;
// a provision's status change appears in readiness; claims come into the
// review queue and leave it when decided elsewhere. When the server goes
// away the indicator says offline.
func TestDashboardLive(t *testing.T) {
	d := startDashboard(t, nil)
	if !d.has("/api/incidents") || !d.has("/api/claims") {
		t.Skip("this server has no incidents or claims endpoints yet")
	}

	// The map: a new report's incident appears in the list and on the map.
	d.open("#/map?date=2025-04-19")
	d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)))
	d.do("all time", chromedp.SetValue(chromedp.CSS(`#incident-window`), "all"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#incident-window').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(chromedp.CSS(`#map[data-window="all..2025-04-19"]`)))
	d.waitLive()
	if n := eval[string](d, `document.querySelector('#map').dataset.incidents`); n != "0" {
		t.Fatalf("the fresh map holds %s incidents, want 0", n)
	}
	d.markPage()
	var out struct{ Incident int64 }
	d.postJSON("/api/reports", map[string]any{"client_id": "live-1", "observed_at": "2025-04-13T08:20:00Z", "lat": 50.9077, "lon": 34.7981, "precision": 1,
		"type": "assault", "mode": "missile", "target": "civilian", "perpetrator": "RU", "place": "Sumy",
		"source": map[string]string{"kind": "open-source"}, "description": "Two ballistic missiles struck the centre of Sumy."}, http.StatusCreated, &out)
	d.do("the new incident in the list", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#incident-list button[data-incident="%d"]`, out.Incident))))
	d.do("the new incident on the map", chromedp.WaitVisible(chromedp.CSS(`#map[data-incidents="1"]`)))
	d.samePage("map")
	time.Sleep(300 * time.Millisecond) // the map's last frame
	d.screenshot("live-map")

	// The keyboard: Enter on the incident's button opens it, Escape closes
	// it and gives the focus back to the button.
	btn := fmt.Sprintf(`#incident-list button[data-incident="%d"]`, out.Incident)
	d.do("open the incident with the keyboard", chromedp.Focus(chromedp.CSS(btn)), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#incident-detail .incident`)))
	// A second report of the same strike joins the incident: the open details
	// list it, and keep the focus.
	var joined struct{ Incident int64 }
	d.postJSON("/api/reports", map[string]any{"client_id": "live-1b", "observed_at": "2025-04-13T08:25:00Z", "lat": 50.9077, "lon": 34.7981, "precision": 1,
		"type": "assault", "mode": "missile", "target": "civilian", "perpetrator": "RU", "place": "Sumy",
		"source": map[string]string{"kind": "monitor", "name": "a monitor"}, "description": "Missile strike on the centre of Sumy."}, http.StatusCreated, &joined)
	if joined.Incident != out.Incident {
		t.Fatalf("the second report of the Sumy strike made incident %d, not %d", joined.Incident, out.Incident)
	}
	d.do("the open incident lists the new report", chromedp.Poll[chromedp.Void](`document.querySelectorAll('#incident-detail li.report').length === 2`))
	if in := eval[bool](d, `document.querySelector('#incident-detail').contains(document.activeElement)`); !in {
		t.Errorf("the live update of the open incident moved the focus away from its details")
	}
	d.do("close it", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS(`#incident-detail .incident`)))
	if back := eval[string](d, `document.activeElement.dataset.incident || ''`); back != fmt.Sprint(out.Incident) {
		t.Errorf("after Escape the focus is on incident %q, want %d", back, out.Incident)
	}

	// A burst: 20 reports posted at once are 20 changes, and the map reads
	// its incidents at most once a second for them (plus the read a change
	// arriving during a read waits for), not 20 times.
	eval[bool](d, `(performance.setResourceTimingBufferSize(100000), true)`)
	const fetches = `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/map/incidents')).length`
	fetched := eval[int](d, fetches)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range 20 {
		wg.Go(func() {
			errs[i] = postAs(d.base+"/api/reports", d.token, map[string]any{"client_id": fmt.Sprintf("burst-%d", i), "observed_at": fmt.Sprintf("2025-04-%02dT10:00:00Z", 1+i%15),
				"lat": 46.5 + float64(i%5)*0.8, "lon": 24.5 + float64(i/5)*3, "precision": 1, "type": "assault", "mode": "drone", "target": "civilian",
				"perpetrator": "RU", "place": fmt.Sprintf("burst %d", i), "source": map[string]string{"kind": "open-source"}, "description": "burst"})
		})
	}
	wg.Wait()
	span := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var all struct{ Total int }
	d.getJSON("/api/map/incidents?to=2025-04-19", &all)
	d.do("the burst's incidents on the map", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#map[data-incidents="%d"]`, all.Total))))
	time.Sleep(1500 * time.Millisecond) // a read held back by the coalescing would have run by now
	n := eval[int](d, fetches) - fetched
	t.Logf("20 reports posted over %v: the map read its incidents %d times", span.Round(time.Millisecond), n)
	if limit := 2 + int(span.Seconds()); n < 1 || n > limit {
		t.Errorf("the map read its incidents %d times for 20 changes over %v, want 1 to %d", n, span.Round(time.Millisecond), limit)
	}
	d.samePage("map after a burst")

	// The server restarts: the page says offline, then reconnects by itself
	// and resumes after the last change it saw (Last-Event-ID), so a report
	// stored before it is back appears, without a reload.
	addr, dbPath := d.srv.Addr, d.srv.DBPath
	d.srv.Close()
	d.do("offline", chromedp.WaitVisible(chromedp.CSS(`#live[data-state="offline"]`)))
	d.srv = &Server{Addr: addr, DBPath: dbPath, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := d.srv.Open(context.Background()); err != nil {
		t.Fatalf("restart the server on %s: %v", addr, err)
	}
	t.Cleanup(func() { d.srv.Close() })
	var again struct{ Incident int64 }
	d.postJSON("/api/reports", map[string]any{"client_id": "live-restart", "observed_at": "2025-04-14T09:00:00Z", "lat": 46.63, "lon": 32.62, "precision": 1,
		"type": "assault", "mode": "shelling", "target": "civilian", "perpetrator": "RU", "place": "Kherson",
		"source": map[string]string{"kind": "open-source"}, "description": "Shelling of the city centre."}, http.StatusCreated, &again)
	d.do("the report stored while the page was offline", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#incident-list button[data-incident="%d"]`, again.Incident))))
	d.waitLive()
	d.samePage("map after the server restarted")

	// Compliance: its tallies count the new incident.
	d.open("#/compliance?date=2025-04-19")
	d.do("tallies", chromedp.WaitVisible(chromedp.CSS(`.tallies`)))
	var counted int
	if _, err := fmt.Sscanf(d.text(`.tallies`), "%d incidents", &counted); err != nil || counted == 0 {
		t.Fatalf("the compliance tallies read %q (%v), want the incidents counted", d.text(`.tallies`), err)
	}
	d.waitLive()
	d.markPage()
	d.postJSON("/api/reports", map[string]any{"client_id": "live-2", "observed_at": "2025-04-05T10:00:00Z", "lat": 49.99, "lon": 36.23, "precision": 2,
		"type": "assault", "mode": "shelling", "target": "civilian", "perpetrator": "RU", "place": "Kharkiv",
		"source": map[string]string{"kind": "monitor"}, "description": "Shelling of a residential district."}, http.StatusCreated, nil)
	d.do("the tallies count it", chromedp.Poll[chromedp.Void](fmt.Sprintf(`(document.querySelector('.tallies') || {}).textContent.startsWith('%d incidents')`, counted+1)))
	d.samePage("compliance")

	// The negotiation: an accepted claim's position appears in its cell.
	var queued struct{ Added []json.RawMessage }
	d.postJSON("/api/claims", map[string]string{"name": "live-test", "text": reviewArticle}, http.StatusCreated, &queued)
	var claims struct {
		Claims []struct {
			ID   int64
			Kind string
		}
	}
	d.getJSONAs("/api/claims?status=pending&kind=position", &claims)
	if len(claims.Claims) == 0 {
		t.Fatalf("the article queued no position claim (%d claims)", len(queued.Added))
	}
	const date = "2025-04-26"
	d.open("#/negotiation?date=" + date)
	d.waitLive()
	d.markPage()
	var accepted struct{ Result string }
	d.postJSON(fmt.Sprintf("/api/claims/%d/accept", claims.Claims[0].ID), map[string]any{}, http.StatusOK, &accepted)
	posID, ok := strings.CutPrefix(accepted.Result, "position:")
	if !ok {
		t.Fatalf("accepting the claim made %q, want a position", accepted.Result)
	}
	var pos struct {
		Party, Provision, Stance string
		AsOf                     string `json:"as_of"`
	}
	d.getJSON("/api/positions/"+posID, &pos)
	if pos.AsOf > date {
		t.Fatalf("the position is as of %s, after the view's date %s", pos.AsOf, date)
	}
	sel := cellSelector(pos.Party, pos.Provision)
	// Clicked until its evidence is the new position's: the matrix redraws itself.
	d.do("the cell updated", chromedp.WaitVisible(chromedp.CSS(sel+`.stance-`+pos.Stance)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const b = document.querySelector(%q); if (!b) return false; b.click();
			return document.querySelector('#cell-detail').textContent.includes('will not legally recognize'); })()`, sel),
			chromedp.WithPollingInterval(200*time.Millisecond)))
	d.samePage("negotiation after a position")

	// A provision's status change appears in the readiness table.
	var pv struct {
		Provisions []struct {
			ID      string
			Status  string
			History []struct{ Date string }
		}
	}
	d.getJSON("/api/provisions?date="+date, &pv)
	target := ""
	for _, p := range pv.Provisions {
		if p.Status == "proposed" && len(p.History) > 0 && p.History[len(p.History)-1].Date <= date {
			target = p.ID
			break
		}
	}
	if target == "" {
		t.Fatalf("no proposed provision on %s to agree", date)
	}
	row := fmt.Sprintf(`.readiness tr[data-provision=%q]`, target)
	if got := d.text(row + ` .status`); got != "proposed" {
		t.Fatalf("the readiness row of %s shows status %q before the change, want proposed", target, got)
	}
	d.postJSON("/api/provisions/"+target+"/status", map[string]string{"status": "agreed", "on": date, "reason": "agreed in the live test"}, http.StatusCreated, nil)
	d.do("the status updated", chromedp.WaitVisible(chromedp.CSS(row+` .status-agreed`)))
	d.samePage("negotiation after a status change")
	d.screenshot("live-negotiation")

	// The review queue, signed in as an analyst: claims come in, and leave
	// when decided elsewhere, while a reason being typed stays.
	d.open("#/review")
	d.signIn("live-analyst", truce.RoleAnalyst)
	d.open("#/review")
	d.waitLive()
	d.markPage()
	before := eval[int](d, `document.querySelectorAll('#claims li.claim').length`)
	d.postJSON("/api/claims", map[string]string{"name": "live-test-2", "text": strings.Replace(reviewArticle, "Saturday", "Sunday", 1) +
		"\nRussia's foreign minister said Moscow supports a full ceasefire only if weapons deliveries to Ukraine stop.\n"}, http.StatusCreated, nil)
	d.do("new claims listed", chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll('#claims li.claim').length > %d`, before)))
	var pending struct {
		Claims []struct{ ID int64 }
	}
	d.getJSONAs("/api/claims?status=pending", &pending)
	if len(pending.Claims) < 2 {
		t.Fatalf("want at least 2 pending claims, have %d", len(pending.Claims))
	}
	keep, gone := pending.Claims[0].ID, pending.Claims[1].ID
	keepSel := fmt.Sprintf(`li.claim[data-claim="%d"] input.reason`, keep)
	d.do("type a reason", chromedp.SendKeys(chromedp.CSS(keepSel), "half-typed"))
	d.postJSON(fmt.Sprintf("/api/claims/%d/reject", gone), map[string]string{"reason": "rejected elsewhere"}, http.StatusOK, nil)
	d.do("the decided claim leaves", chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`li.claim[data-claim="%d"]`, gone))))
	if v := eval[string](d, fmt.Sprintf(`document.querySelector(%q).value`, keepSel)); v != "half-typed" {
		t.Errorf("the reason being typed reads %q after the live update, want it kept", v)
	}
	if focused := eval[bool](d, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, keepSel)); !focused {
		t.Errorf("the live update took the focus from the reason being typed")
	}
	d.samePage("review")
	d.screenshot("live-review")

	// The server goes away: the indicator says so.
	d.srv.Close()
	d.do("offline", chromedp.WaitVisible(chromedp.CSS(`#live[data-state="offline"]`)))
}

// postAs posts a JSON body with a bearer token, from any goroutine: it
// returns an error unless the answer is 201 Created.
func postAs(url, token string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("POST", url, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	rb, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST %s: %s: %s", url, res.Status, rb)
	}
	return nil
}

// TestDashboardMapKeyboard opens a protected site with the keyboard only:
// Tab to the list of sites in view, Enter opens its details, Escape closes
// them and gives the focus back to the site's button.
func TestDashboardMapKeyboard(t *testing.T) {
	d := startDashboard(t, nil)
	var sites struct {
		Sites []struct{ ID, Name string }
	}
	d.getJSON("/api/sites", &sites)
	if len(sites.Sites) == 0 {
		t.Skip("the server has no protected sites")
	}
	d.open("#/map?date=2025-04-19")
	d.do("map ready", chromedp.WaitVisible(chromedp.CSS(`#map[data-ready="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#site-list button.site-btn`)))
	// Tab from the top of the page until a site's button has the focus.
	d.do("to the top", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	var tabs int
	for tabs = 1; tabs <= 150; tabs++ {
		d.do("tab", chromedp.KeyEvent(kb.Tab))
		if eval[bool](d, `!!document.activeElement && document.activeElement.matches('#site-list button.site-btn')`) {
			break
		}
	}
	if tabs > 150 {
		t.Fatalf("150 presses of Tab never reached the list of protected sites")
	}
	t.Logf("the first protected site is %d presses of Tab from the top", tabs)
	id := eval[string](d, `document.activeElement.dataset.site`)
	name := ""
	for _, s := range sites.Sites {
		if s.ID == id {
			name = s.Name
		}
	}
	if name == "" {
		t.Fatalf("the focused site %q is not one of the API's sites", id)
	}
	d.do("Enter opens the site", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#incident-detail .site h3`)))
	if got := d.text(`#incident-detail .site h3`); got != name {
		t.Errorf("the site's details are headed %q, want %q", got, name)
	}
	if in := eval[bool](d, `document.querySelector('#incident-detail').contains(document.activeElement)`); !in {
		t.Errorf("after Enter the focus is not on the details")
	}
	d.screenshot("map-site-keyboard")
	d.do("Escape closes it", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS(`#incident-detail .site`)))
	if back := eval[string](d, `document.activeElement.dataset.site || ''`); back != id {
		t.Errorf("after Escape the focus is on %q, want the site's button %q", back, id)
	}

	// Oblast names: HTML markers at the label points of the shipped oblasts;
	// Kyiv city's shows only once the map is zoomed in past the whole country.
	const visible = `[...document.querySelectorAll('.oblast-label')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.dataset.iso)`
	if n := eval[int](d, `document.querySelectorAll('.oblast-label').length`); n != 27 {
		t.Errorf("the map has %d oblast labels, want 27", n)
	}
	shown := eval[[]string](d, visible)
	t.Logf("at %s, %d oblast names shown", eval[string](d, `document.querySelector('#map').dataset.camera`), len(shown))
	if !slices.Contains(shown, "UA-46") || slices.Contains(shown, "UA-30") {
		t.Errorf("the whole country shows the labels %v; want Lviv's (UA-46) and not Kyiv city's (UA-30)", shown)
	}
	d.do("scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	time.Sleep(300 * time.Millisecond) // the map's last frame
	d.screenshot("map-oblast-labels")
	for i := 0; i < 2; i++ { // the map's zoom-in button, twice, waiting for each zoom to end
		before := eval[string](d, `document.querySelector('#map').dataset.camera`)
		d.do("zoom in with the keyboard", chromedp.Focus(chromedp.CSS(`#map .maplibregl-ctrl-zoom-in`)), chromedp.KeyEvent(kb.Enter),
			chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#map').dataset.camera !== %q`, before)))
	}
	d.do("Kyiv city's label", chromedp.WaitVisible(chromedp.CSS(`.oblast-label[data-iso="UA-30"]`)))
	time.Sleep(300 * time.Millisecond) // the map's last frame
	d.screenshot("map-oblast-labels-zoomed")
	d.do("hide the names", chromedp.Click(chromedp.CSS(`#layer-oblast-labels`)))
	if shown := eval[[]string](d, visible); len(shown) != 0 {
		t.Errorf("with the names unticked, the map still shows %v", shown)
	}
}
