// Compliance: each provision's status and clock at a date, violations over
// time, and conditional commitments with the date they become eligible.
import { h, replace, humanize } from '../dom.js';
import { get, tryGet } from '../api.js';
import { dateControl } from './datecontrol.js';
import { daysBetween, missing, unavailable } from './common.js';
import { barChart } from './chart.js';

export async function render(root, app, live) {
  let { ref } = app;
  const statusBox = h('div');
  const chartBox = h('div');
  const condBox = h('div');
  const control = dateControl({
    label: 'Compliance on',
    dates: ref.dates,
    value: app.date,
    id: 'comp-date',
    onChange: (d) => {
      app.setDate(d);
      update(d);
    },
  });
  replace(root,
    h('header', { class: 'view-head' }, h('h1', { id: 'h-compliance' }, 'Compliance'), control.el),
    h('section', { class: 'panel', 'aria-labelledby': 'h-status' }, h('h2', { id: 'h-status' }, 'Provisions: status and clock'), statusBox),
    h('section', { class: 'panel', 'aria-labelledby': 'h-viol' }, h('h2', { id: 'h-viol' }, 'Violations over time'), chartBox),
    h('section', { class: 'panel', 'aria-labelledby': 'h-cond' }, h('h2', { id: 'h-cond' }, 'Conditional commitments'), condBox));

  // Live: new reports and decisions change the clocks, chart and tallies;
  // a status change or new position changes the table and the conditions.
  const negotiation = new Set(['provision-status', 'position', 'scenario']);
  live(['report', 'report-import', 'decision', ...negotiation], async (changes) => {
    if (changes.some((c) => negotiation.has(c.kind))) {
      await app.refresh();
      ref = app.ref;
      control.setDates(ref.dates);
      control.set(app.date);
    }
    await update(app.date);
  });


  let seq = 0;
  async function update(d) {
    const my = ++seq;
    const [pv, rd, comp] = await Promise.all([
      get('/api/provisions', { date: d }),
      get('/api/readiness', { date: d }),
      tryGet('/api/compliance', { date: d }),
    ]);
    if (my !== seq) return;
    const clocks = new Map();
    if (comp.data) for (const c of comp.data.clocks || []) clocks.set(c.provision, c);
    renderStatus(d, pv.provisions, clocks, !comp.data);
    renderChart(d, comp);
    renderConditions(d, rd, comp.data && comp.data.conditions);
  }

  function renderStatus(d, provisions, clocks, compMissing) {
    const rows = provisions.map((p) => {
      const w = p.window || {};
      let clock = '';
      if (p.in_force) {
        const from = p.status_since;
        clock = `in force for ${daysBetween(from, d)} days`;
        if (w.to) clock += `; ${daysBetween(d, w.to)} days left`;
      } else if (w.to && w.to < d) clock = `window ended ${daysBetween(w.to, d)} days ago`;
      const c = clocks.get(p.id);
      return h('tr', { class: p.in_force ? 'in-force' : '' },
        h('th', { scope: 'row' }, p.title, h('span', { class: 'issue' }, humanize(p.issue))),
        h('td', {}, h('span', { class: ['status', `status-${p.status}`] }, p.status), h('span', { class: 'muted' }, ` since ${p.status_since || '—'}`)),
        h('td', {}, w.from || w.to ? `${w.from || '…'} – ${w.to || '…'}` : 'open-ended'),
        h('td', {}, (p.parties || []).join(', ')),
        h('td', {}, clock || '—'),
        h('td', { class: 'clock' }, c
          ? [h('strong', {}, `${c.days} days`), h('span', { class: 'muted clock-why' }, c.explanation)]
          : compMissing ? 'needs /api/compliance' : p.in_force ? '—' : 'not in force'));
    });
    replace(statusBox,
      compMissing ? missing('days since the last verified violation (the compliance clock)', '/api/compliance') : null,
      h('div', { class: 'table-wrap' }, h('table', { class: 'status-table', id: 'status-table' },
        h('caption', {}, `Status of every provision on ${d}`),
        h('thead', {}, h('tr', {}, ['Provision', 'Status', 'Window', 'Binds', 'In force', 'Clock: days since the last verified violation'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))));
  }

  async function renderChart(d, comp) {
    let series;
    let basis = '';
    if (!comp.data || !(comp.data.violations_by_day || comp.data.series)) {
      // Count the incidents judged violations, by the day they began, over the compliance window.
      const from = comp.data && comp.data.from;
      const inc = await tryGet('/api/incidents', { verdict: 'violation', from, to: d, limit: 10000 });
      if (!inc.data) {
        replace(chartBox, unavailable('violations over time', '/api/incidents', inc));
        return;
      }
      const byDay = new Map();
      for (const x of inc.data.incidents || []) {
        const day = (x.start || '').slice(0, 10);
        if (day) byDay.set(day, (byDay.get(day) || 0) + 1);
      }
      series = fillDays([...byDay.entries()].map(([date, count]) => ({ date, count })), d, from);
      basis = ' (incidents with a violation verdict, by the day they began)';
    } else {
      series = comp.data.violations_by_day || comp.data.series;
    }
    if (series.length === 0 || series.every((x) => !(x.count ?? x.violations))) {
      replace(chartBox, h('p', { class: 'muted' }, `No violations recorded${comp.data && comp.data.from ? ` from ${comp.data.from}` : ''} up to ${d}.`), tallyTables(comp, ref));
      return;
    }
    replace(chartBox, barChart(series.map((x) => ({ label: x.date, value: x.count ?? x.violations ?? 0 })), {
      title: `Violations per day up to ${d}${basis}`,
    }), tallyTables(comp, ref));
  }

  function renderConditions(d, rd, judged) {
    const items = [];
    // The compliance endpoint's conditions know the clocks (eligible dates); readiness is the fallback.
    const judgedBy = new Map((judged || []).map((x) => [x.provision, x]));
    for (const a of rd.agreements) {
      for (const p of a.provisions) {
        const jp = judgedBy.get(p.provision);
        for (const c of (jp ? jp.conditions : p.conditions) || []) items.push({ a, p, c });
      }
    }
    if (items.length === 0) {
      replace(condBox, h('p', { class: 'muted' }, 'No conditional provisions.'));
      return;
    }
    replace(condBox, h('div', { class: 'table-wrap' }, h('table', { class: 'cond-table', id: 'cond-table' },
      h('caption', {}, `Conditions of provisions on ${d}`),
      h('thead', {}, h('tr', {}, ['Provision', 'Condition', 'Met', 'Eligible on', 'Explanation'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.map(({ a, p, c }) => h('tr', {},
        h('th', { scope: 'row' }, p.title, h('span', { class: 'muted' }, ` (${a.name})`)),
        h('td', {}, conditionText(c.condition)),
        h('td', {}, c.met ? h('span', { class: 'ok' }, 'met') : h('span', { class: 'no' }, 'not met')),
        h('td', {}, c.eligible_on || (c.met ? '—' : 'not yet known')),
        h('td', {}, c.explanation)))))));
  }

  await update(app.date);

}

// fillDays gives every day from the first point to last (or d) a bar, zero when absent.
function fillDays(points, d, from) {
  if (points.length === 0 && !from) return [];
  points.sort((a, b) => a.date.localeCompare(b.date));
  const have = new Map(points.map((p) => [p.date, p.count]));
  const out = [];
  const start = new Date(`${from || points[0].date}T00:00:00Z`);
  const last = points.length ? points[points.length - 1].date : d;
  const end = new Date(`${d > last ? d : last}T00:00:00Z`);
  for (let t = start; t <= end && out.length < 3660; t.setUTCDate(t.getUTCDate() + 1)) {
    const k = t.toISOString().slice(0, 10);
    out.push({ date: k, count: have.get(k) || 0 });
  }
  return out;
}

// tallyTables shows the compliance window's counts by provision, party, area and type.
function tallyTables(comp, ref) {
  const t = comp.data && comp.data.tally;
  if (!t) return null;
  const cols = [['key', ''], ['violations', 'Violations'], ['verified', 'Verified'], ['needs_review', 'Needs review'], ['not_covered', 'Not covered']];
  const table = (title, rows) => h('div', { class: 'tally' }, h('h3', {}, title), rows && rows.length
    ? h('table', { class: 'data-table' }, h('thead', {}, h('tr', {}, cols.map(([, c]) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, cols.map(([k]) => h('td', {},
        k === 'key' && ref.provision[r.key] ? ref.provision[r.key].title : String(r[k] ?? '')))))))
    : h('p', { class: 'muted' }, 'None.'));
  return h('div', { class: 'tallies' },
    h('p', {}, `${t.incidents} incidents from ${comp.data.from} to ${comp.data.date}.`),
    h('div', { class: 'tally-grid' },
      table('By provision', t.by_provision), table('By alleged party', t.by_party), table('By area', t.by_area), table('By type', t.by_type)));
}

function conditionText(c) {
  switch (c.kind) {
    case 'held-for': return `${c.provision} holds for ${c.days} days${c.note ? ` — ${c.note}` : ''}`;
    case 'unanimity': return `unanimity of ${c.bloc}${c.note ? ` — ${c.note}` : ''}`;
    case 'acceptance': return `acceptance by ${(c.parties || []).join(', ')}${c.note ? ` — ${c.note}` : ''}`;
    default: return `${c.kind}${c.note ? ` — ${c.note}` : ''}`;
  }
}
