// The daily report: read it in the page, and download it as HTML, JSON or
// Markdown. The JSON edition is rendered with safe DOM calls; the HTML
// edition is shown in a sandboxed frame, where no script can run.
import { h, replace, humanize } from '../dom.js';
import { barChart } from './chart.js';
import { tryGet, withParams } from '../api.js';
import { dateControl } from './datecontrol.js';
import { unavailable } from './common.js';

export const DAILY = '/api/daily';

export async function render(root, app, live) {
  const box = h('div', { id: 'daily' });
  const control = dateControl({
    label: 'Report of',
    dates: app.ref.dates,
    value: app.date,
    id: 'report-date',
    onChange: (d) => {
      app.setDate(d);
      load(d);
    },
  });
  replace(root, h('header', { class: 'view-head' }, h('h1', { id: 'h-report' }, 'Daily report'), control.el), h('section', { class: 'panel' }, box));

  // Live: the report of a day changes with that day's reports and decisions.
  live(['report', 'report-import', 'decision', 'provision-status'], () => load(app.date));


  let seq = 0;
  async function load(d) {
    const my = ++seq;
    const res = await tryGet(DAILY, { date: d, format: 'json' });
    if (my !== seq) return;
    if (!res.data) {
      replace(box, unavailable('the daily report', DAILY, res));
      return;
    }
    const dl = (fmt, label) => h('a', { href: withParams(DAILY, { date: d, format: fmt, download: 1 }), download: `truce-daily-${d}.${fmt === 'markdown' ? 'md' : fmt}`, class: 'button' }, label);
    const frame = h('iframe', { src: withParams(DAILY, { date: d, format: 'html' }), sandbox: '', title: `Daily report of ${d} (HTML edition)`, class: 'report-frame', loading: 'lazy' });
    replace(box,
      h('p', { class: 'downloads' }, 'Download: ', dl('html', 'HTML'), ' ', dl('json', 'JSON'), ' ', dl('md', 'Markdown')),
      h('div', { class: 'report-json', id: 'report-body' }, renderDaily(res.data)),
      h('details', {}, h('summary', {}, 'HTML edition (as published)'), frame));
  }
  await load(app.date);
}

// renderDaily renders the daily report's JSON edition: its known sections
// first, in the order of the published report, then anything else generically.
function renderDaily(r) {
  const known = new Set(['date', 'edition', 'title', 'summary', 'day', 'previous_day', 'change', 'trend', 'by_area', 'by_type',
    'by_provision', 'by_party', 'since_truce', 'notable', 'clocks', 'conditions']);
  const counts = ['incidents', 'violations', 'needs_review', 'verified', 'killed', 'injured'];
  const sign = (n) => (n > 0 ? `+${n}` : String(n));
  const section = (title, ...body) => h('section', { class: 'report-section' }, h('h3', {}, title), ...body);
  const table = (rows, cols) => (rows && rows.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table' },
      h('thead', {}, h('tr', {}, cols.map(([, t]) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((x) => h('tr', {}, cols.map(([k]) => h('td', {}, cell(x[k]))))))))
    : h('p', { class: 'muted' }, 'None.'));
  const countCols = [['key', ''], ['violations', 'Violations'], ['verified', 'Verified'], ['needs_review', 'Needs review'], ['not_covered', 'Not covered']];
  const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !known.has(k)));
  return h('article', { class: 'daily' },
    h('h2', {}, r.title || `Daily report of ${r.date}`),
    r.edition ? h('p', { class: 'muted' }, `${r.edition} edition`) : null,
    (r.summary || []).map((p) => h('p', { class: 'summary' }, p)),
    r.day ? section('The day in figures', h('div', { class: 'table-wrap' }, h('table', { class: 'data-table figures' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), counts.map((c) => h('th', { scope: 'col' }, humanize(c))))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, r.date), counts.map((c) => h('td', {}, String(r.day[c] ?? 0)))),
        r.previous_day ? h('tr', {}, h('th', { scope: 'row' }, 'previous day'), counts.map((c) => h('td', {}, String(r.previous_day[c] ?? 0)))) : null,
        r.change ? h('tr', {}, h('th', { scope: 'row' }, 'change'), counts.map((c) => h('td', {}, sign(r.change[c] ?? 0)))) : null)))) : null,
    (r.trend || []).length ? section('Incidents per day', barChart(r.trend.map((x) => ({ label: x.date, value: x.incidents, extra: x.violations })), { title: `Incidents per day, the ${r.trend.length} days to ${r.date} (violations in red)` })) : null,
    section('Since each truce began', table(r.since_truce, [['title', 'Provision'], ['since', 'Since'], ['days', 'Days'], ['incidents', 'Incidents'], ['violations', 'Violations'], ['verified', 'Verified']])),
    section('Notable incidents', (r.notable || []).length
      ? h('ul', { class: 'notable' }, r.notable.map((n) => h('li', {},
        h('strong', {}, `${n.when} — ${n.where}`), `: ${n.what}`, n.perpetrator ? ` (alleged: ${n.perpetrator})` : '',
        ` · ${n.grade} · killed ${n.killed}, injured ${n.injured} · ${n.sources} source${n.sources === 1 ? '' : 's'}`,
        (n.verdicts || []).length ? h('ul', {}, n.verdicts.map((v) => h('li', {}, h('span', { class: ['badge', `verdict-${v.verdict}`] }, v.verdict), ' ', v.explanation))) : null)))
      : h('p', { class: 'muted' }, 'None.')),
    section('By provision', table(r.by_provision, countCols)),
    section('By alleged party', table(r.by_party, countCols)),
    section('By area', table(r.by_area, countCols)),
    section('By type', table(r.by_type, countCols)),
    section('Compliance clocks', table(r.clocks, [['title', 'Provision'], ['in_force_since', 'In force since'], ['days', 'Days'], ['explanation', 'Explanation']])),
    (r.conditions || []).length ? section('Conditional commitments', h('ul', {}, r.conditions.map((c) => h('li', {},
      h('strong', {}, c.title), `: ${c.met ? 'met' : 'not met'}`,
      h('ul', {}, (c.conditions || []).map((x) => h('li', {}, x.explanation, x.eligible_on ? ` (eligible on ${x.eligible_on})` : ''))))))) : null,
    Object.keys(rest).length ? renderValue(rest, 2) : null);
}

// renderValue renders any JSON value as headings, definition lists and tables.
export function renderValue(v, depth) {
  if (v === null || v === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(v)) {
    if (v.length === 0) return h('span', { class: 'muted' }, 'none');
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x)))];
      return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, humanize(c))))),
        h('tbody', {}, v.map((x) => h('tr', {}, cols.map((c) => h('td', {}, cell(x[c]))))))));
    }
    return h('ul', {}, v.map((x) => h('li', {}, renderValue(x, depth + 1))));
  }
  if (typeof v === 'object') {
    const scalars = Object.entries(v).filter(([, x]) => x === null || typeof x !== 'object');
    const nested = Object.entries(v).filter(([, x]) => x !== null && typeof x === 'object');
    const hn = `h${Math.min(6, depth + 1)}`;
    return h('div', { class: 'obj' },
      scalars.length ? h('dl', { class: 'facts' }, scalars.map(([k, x]) => [h('dt', {}, humanize(k)), h('dd', {}, String(x))])) : null,
      nested.map(([k, x]) => h('section', {}, h(hn, {}, humanize(k)), renderValue(x, depth + 1))));
  }
  return h('span', {}, String(v));
}

function cell(x) {
  if (x === null || x === undefined) return '';
  if (typeof x === 'object') return Array.isArray(x) && x.every((y) => typeof y !== 'object') ? x.join(', ') : JSON.stringify(x);
  return String(x);
}

