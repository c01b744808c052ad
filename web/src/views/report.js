// The daily report: read it in the page, and download it as HTML, JSON or
// Markdown. The JSON edition is rendered with safe DOM calls; the HTML
// edition is shown in a sandboxed frame, where no script can run.
import { h, replace, humanize } from '../dom.js';
import { tryGet, withParams } from '../api.js';
import { dateControl } from './datecontrol.js';
import { unavailable } from './common.js';

export const DAILY = '/api/daily';

export async function render(root, app) {
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
      h('div', { class: 'report-json', id: 'report-body' }, renderValue(res.data, 2)),
      h('details', {}, h('summary', {}, 'HTML edition (as published)'), frame));
  }
  await load(app.date);
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
