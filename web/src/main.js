// Truce dashboard: a small single-page app over the JSON API. Views are
// chosen by the URL fragment (#/map, #/negotiation, ...) so that every view
// and date can be linked to, and the server needs no fallback routes.
import { h, replace, notice } from './dom.js';
import { get } from './api.js';
import { mountAccount } from './account.js';
import { mountLive, reconnectLive, subscribe } from './live.js';
import * as mapView from './views/map.js';
import * as negotiationView from './views/negotiation.js';
import * as complianceView from './views/compliance.js';
import * as reviewView from './views/review.js';
import * as reportView from './views/report.js';

const views = [
  { id: 'negotiation', title: 'Negotiation', mod: negotiationView },
  { id: 'map', title: 'Map', mod: mapView },
  { id: 'compliance', title: 'Compliance', mod: complianceView },
  { id: 'review', title: 'Review queue', mod: reviewView },
  { id: 'report', title: 'Daily report', mod: reportView },
];

// route reads the fragment: #/VIEW?date=YYYY-MM-DD&...
function route() {
  const frag = location.hash.replace(/^#\/?/, '');
  const [path, query] = frag.split('?');
  const params = new URLSearchParams(query || '');
  const view = views.find((v) => v.id === path) || views[0];
  return { view, params };
}

// navigate changes the fragment's parameters without adding history entries
// for every slider step.
export function setParams(changes) {
  const { view, params } = route();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  history.replaceState(null, '', `#/${view.id}${qs ? `?${qs}` : ''}`);
}

const app = {
  ref: null, // reference data loaded once: parties, sources, agreements, provisions, positions, talks
  date: null, // the date all views show, shared between them
  setDate(d) {
    this.date = d;
    setParams({ date: d });
  },
  // refresh reloads the reference data (after an accepted claim adds a
  // position, or the change feed says the negotiation changed). A page that
  // showed the latest date follows the latest date.
  async refresh() {
    const followed = this.ref && this.date === this.ref.latest;
    this.ref = await loadRef();
    if (followed && this.ref.latest > this.date) this.setDate(this.ref.latest);
  },
  ready() {
    if (!document.body.dataset.ready) {
      performance.mark('truce-first-render');
      document.body.dataset.ready = '1';
    }
  },
};

async function loadRef() {
  const [parties, sources, agreements, provisions, positions, talks, zones] = await Promise.all([
    get('/api/parties'),
    get('/api/sources'),
    get('/api/agreements'),
    get('/api/provisions'),
    get('/api/positions'),
    get('/api/talks'),
    get('/api/zones'),
  ]);
  const ref = {
    parties: parties.parties,
    party: Object.fromEntries(parties.parties.map((p) => [p.code, p])),
    sources: sources.sources,
    source: Object.fromEntries(sources.sources.map((s) => [s.id, s])),
    agreements: agreements.agreements,
    provisions: provisions.provisions,
    provision: Object.fromEntries(provisions.provisions.map((p) => [p.id, p])),
    positions: positions.positions,
    talks: talks.talks,
    zones: zones.zones,
  };
  // The dates at which something in the negotiation changed: the stops of the date sliders.
  const dates = new Set();
  for (const p of ref.positions) dates.add(p.as_of);
  for (const p of ref.provisions) for (const c of p.history || []) dates.add(c.date);
  for (const a of ref.agreements) if (a.proposed) dates.add(a.proposed);
  for (const t of ref.talks) if (!t.planned) dates.add(t.start);
  ref.dates = [...dates].filter(Boolean).sort();
  ref.latest = ref.dates[ref.dates.length - 1] || new Date().toISOString().slice(0, 10);
  return ref;
}

let cleanup = null;
let current = null;

async function show() {
  const { view, params } = route();
  const d = params.get('date');
  if (d && /^\d{4}-\d{2}-\d{2}$/.test(d)) app.date = d;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === view.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current === view.id) return; // only the parameters changed; the view handles its own
  current = view.id;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  delete document.body.dataset.view;
  const main = document.getElementById('main');
  const root = h('section', { class: ['view', `view-${view.id}`], 'aria-labelledby': `h-${view.id}` });
  replace(main, root);
  document.title = `${view.title} · Truce`;
  // live(kinds, fn) subscribes the view to the change feed from the start
  // of its render, so that nothing stored while it loads is missed; fn runs
  // once the render is done, and the subscriptions end with the view.
  const subs = [];
  let rendered;
  const renderedP = new Promise((resolve) => { rendered = resolve; });
  const live = (kinds, fn) => {
    subs.push(subscribe(kinds, async (changes) => {
      await renderedP;
      await fn(changes);
    }));
  };
  let viewCleanup = null;
  try {
    viewCleanup = (await view.mod.render(root, app, live)) || null;
  } catch (e) {
    console.error(e);
    root.appendChild(notice('error', `This view failed to load: ${e.message}`));
  }
  rendered();
  cleanup = () => {
    for (const u of subs) u();
    if (viewCleanup) viewCleanup();
  };
  // Tests (and anyone curious) can tell when a view has drawn its data.
  if (current === view.id) document.body.dataset.view = view.id;
  app.ready();
}

// stylesheetsReady resolves when the page's stylesheets apply: the map sizes
// itself from them when it is made.
function stylesheetsReady() {
  return Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => (l.sheet
    ? null
    : new Promise((resolve) => {
      l.addEventListener('load', resolve, { once: true });
      l.addEventListener('error', resolve, { once: true });
    }))));
}

async function start() {
  // Listen to the change feed before the first data is read, so that no
  // change stored in between is missed.
  mountLive(document.getElementById('live'), () => {
    // Back after missing changes it cannot name: redraw the view from scratch.
    if (!app.ref) return;
    current = null;
    app.refresh().then(show, (e) => console.error(e));
  });
  const nav = document.getElementById('nav');
  replace(
    nav,
    h('ul', {}, views.map((v) => h('li', {}, h('a', { href: `#/${v.id}`, 'data-view': v.id }, v.title)))),
  );
  // Keep the shared date when moving between views.
  nav.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-view]');
    if (!a || !app.date) return;
    ev.preventDefault();
    location.hash = `#/${a.dataset.view}?date=${app.date}`;
  });
  // A sign-in changes what the API shows: redraw the current view.
  mountAccount(document.getElementById('account'), () => {
    reconnectLive(); // what the feed shows depends on the role
    current = null;
    show();
  });
  try {
    [app.ref] = await Promise.all([loadRef(), stylesheetsReady()]);
  } catch (e) {
    replace(document.getElementById('main'), notice('error', `Truce's API did not answer: ${e.message}`));
    app.ready();
    return;
  }
  if (!app.date) app.date = app.ref.latest;
  window.addEventListener('hashchange', show);
  await show();
}

start();
