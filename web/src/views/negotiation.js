// The negotiation: the position matrix (provisions × parties, coloured by
// stance; a cell opens its evidence), how it changed since the previous
// date, readiness of each agreement, and the talks timeline.
import { h, replace, notice, humanize } from '../dom.js';
import { get } from '../api.js';
import { dateControl, previousStop } from './datecontrol.js';
import { sourceLine } from './common.js';

const STANCE_MARK = { support: '✓', oppose: '✗', conditional: '≈' };
const PARTY_ORDER = ['US', 'UA', 'RU', 'EU'];

function partyOrder(a, b) {
  const ia = PARTY_ORDER.indexOf(a);
  const ib = PARTY_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a.localeCompare(b);
}

export async function render(root, app, live) {
  let { ref } = app;
  const heading = h('h1', { id: 'h-negotiation' }, 'Negotiation');
  const matrixBox = h('div', { class: 'matrix-box' });
  const detail = h('aside', { class: 'detail', id: 'cell-detail', 'aria-live': 'polite', tabindex: '-1' },
    h('p', { class: 'hint' }, 'Choose a cell of the matrix to read the sentences its position comes from.'));
  const changes = h('div', { class: 'changes' });
  const readinessBox = h('div', { class: 'readiness' });
  const talksBox = h('div', { class: 'talks' });

  const control = dateControl({
    label: 'Positions as of',
    dates: ref.dates,
    value: app.date,
    id: 'neg-date',
    onChange: (d) => {
      app.setDate(d);
      update(d);
    },
  });

  replace(
    root,
    h('header', { class: 'view-head' }, heading, control.el),
    h('div', { class: 'neg-grid' },
      h('section', { class: 'panel matrix-panel', 'aria-labelledby': 'h-matrix' },
        h('h2', { id: 'h-matrix' }, 'Position matrix'),
        legend(),
        matrixBox,
        changes),
      h('section', { class: 'panel detail-panel', 'aria-labelledby': 'h-detail' },
        h('h2', { id: 'h-detail' }, 'Evidence'), detail)),
    h('section', { class: 'panel', 'aria-labelledby': 'h-readiness' }, h('h2', { id: 'h-readiness' }, 'Readiness of each agreement'), readinessBox),
    h('section', { class: 'panel', 'aria-labelledby': 'h-talks' }, h('h2', { id: 'h-talks' }, 'Talks'), talksBox),
  );

  // Live: a new position (an accepted claim), a provision's status, talks or
  // a reloaded scenario redraw the matrix, the changes, readiness and talks.
  live(['position', 'provision-status', 'talks', 'scenario', 'source'], async () => {
    await app.refresh();
    ref = app.ref;
    control.setDates(ref.dates);
    control.set(app.date);
    await update(app.date);
  });


  let selected = null; // {party, provision}
  let seq = 0;

  async function update(d) {
    const my = ++seq;
    const prev = previousStop(ref.dates, d);
    const [m, pm, rd] = await Promise.all([
      get('/api/matrix', { date: d }),
      prev ? get('/api/matrix', { date: prev }) : Promise.resolve({ cells: [] }),
      get('/api/readiness', { date: d }),
    ]);
    if (my !== seq) return; // a later date was chosen meanwhile
    renderMatrix(d, m.cells, prev, pm.cells);
    renderReadiness(rd);
    renderTalks(d);
    if (selected) showCell(selected.party, selected.provision, d, m.cells, false);
  }

  function cellMap(cells) {
    return new Map(cells.map((c) => [`${c.party}|${c.provision}`, c]));
  }

  function renderMatrix(d, cells, prev, prevCells) {
    const byKey = cellMap(cells);
    const before = cellMap(prevCells);
    const partyCodes = new Set(ref.positions.map((p) => p.party));
    const parties = [...partyCodes].sort(partyOrder);
    const table = h('table', { class: 'matrix', id: 'matrix', 'aria-describedby': 'matrix-caption' });
    table.appendChild(h('caption', { id: 'matrix-caption' },
      `Each party's stance on each provision as of ${d}. Cells marked ● changed since ${prev || 'the start'}. Arrow keys move between cells; Enter opens the evidence.`));
    table.appendChild(h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Provision'),
      parties.map((p) => h('th', { scope: 'col', title: ref.party[p] ? ref.party[p].name : p }, p)))));
    const body = h('tbody');
    const changed = [];
    for (const a of ref.agreements) {
      const proposed = !a.proposed || a.proposed <= d;
      body.appendChild(h('tr', { class: ['agreement-row', !proposed && 'future'] },
        h('th', { scope: 'colgroup', colspan: parties.length + 1 }, a.name, !proposed ? ` (proposed ${a.proposed})` : '')));
      for (const pid of a.provisions) {
        const pv = ref.provision[pid];
        const tr = h('tr', {}, h('th', { scope: 'row', class: 'prov-head' },
          h('span', { class: 'prov-title' }, pv ? pv.title : pid),
          h('span', { class: 'issue' }, pv ? humanize(pv.issue) : '')));
        for (const party of parties) {
          const c = byKey.get(`${party}|${pid}`);
          const old = before.get(`${party}|${pid}`);
          const stance = c ? c.stance : 'none';
          const didChange = (c ? c.stance : 'none') !== (old ? old.stance : 'none');
          if (didChange) changed.push({ party, pid, from: old ? old.stance : 'no position', to: c ? c.stance : 'no position' });
          const label = `${ref.party[party] ? ref.party[party].name : party} on ${pv ? pv.title : pid}: ${
            c ? `${c.stance}${c.condition ? ` (${c.condition})` : ''}, ${c.attribution}` : 'no recorded position'}${didChange ? ', changed' : ''}`;
          const btn = h('button', {
            type: 'button',
            class: ['cell', `stance-${stance}`, didChange && 'changed'],
            'data-party': party,
            'data-provision': pid,
            'aria-label': label,
            title: label,
            on: { click: () => showCell(party, pid, d, cells, true) },
          },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, STANCE_MARK[stance] || '·'),
          h('span', { class: 'word', 'aria-hidden': 'true' }, c ? (c.stance === 'conditional' ? 'cond.' : c.stance) : ''),
          didChange ? h('span', { class: 'dot', 'aria-hidden': 'true' }, '●') : null);
          if (selected && selected.party === party && selected.provision === pid) btn.setAttribute('aria-pressed', 'true');
          tr.appendChild(h('td', {}, btn));
        }
        body.appendChild(tr);
      }
    }
    table.appendChild(body);
    table.addEventListener('keydown', gridKeys);
    replace(matrixBox, table);
    replace(changes,
      h('h3', {}, prev ? `Changes since ${prev}` : 'Positions at the first date'),
      changed.length === 0
        ? h('p', { class: 'muted' }, 'No stance changed.')
        : h('ul', { class: 'change-list' }, changed.map((x) => h('li', {},
          h('strong', {}, x.party), ` on ${ref.provision[x.pid] ? ref.provision[x.pid].title : x.pid}: `,
          h('span', { class: `stance-text-${x.from.replace(' ', '-')}` }, x.from), ' → ',
          h('span', { class: `stance-text-${x.to.replace(' ', '-')}` }, x.to)))));
  }

  function showCell(party, pid, d, cells, focus) {
    selected = { party, provision: pid };
    for (const b of matrixBox.querySelectorAll('button.cell[aria-pressed]')) b.removeAttribute('aria-pressed');
    const btn = matrixBox.querySelector(`button.cell[data-party="${CSS.escape(party)}"][data-provision="${CSS.escape(pid)}"]`);
    if (btn) btn.setAttribute('aria-pressed', 'true');
    const c = cells.find((x) => x.party === party && x.provision === pid);
    const pv = ref.provision[pid];
    const history = ref.positions.filter((p) => p.party === party && p.provision === pid).sort((a, b) => a.as_of.localeCompare(b.as_of));
    replace(detail,
      h('h3', {}, `${ref.party[party] ? ref.party[party].name : party} — ${pv ? pv.title : pid}`),
      c
        ? [
          h('p', { class: 'stance-line' },
            h('span', { class: ['badge', `stance-${c.stance}`] }, c.stance),
            ` as of ${c.as_of}, attribution: ${c.attribution}`),
          c.condition ? h('p', {}, h('strong', {}, 'Condition: '), c.condition) : null,
          h('ul', { class: 'evidence' }, c.evidence.map((e) => evidenceItem(e, ref))),
        ]
        : h('p', { class: 'muted' }, `No recorded position as of ${d}.`),
      history.length > 1 || (history.length === 1 && !c)
        ? [h('h4', {}, 'History of this position'),
          h('ol', { class: 'history' }, history.map((p) => h('li', {},
            h('time', { datetime: p.as_of }, p.as_of), ' ',
            h('span', { class: ['badge', `stance-${p.stance}`] }, p.stance),
            p.condition ? ` — ${p.condition}` : '',
            p.as_of > d ? h('span', { class: 'muted' }, ' (after the chosen date)') : null)))]
        : null);
    if (focus) detail.focus({ preventScroll: false });
  }

  function gridKeys(ev) {
    const btn = ev.target.closest('button.cell');
    if (!btn) return;
    const td = btn.parentElement;
    const tr = td.parentElement;
    let target = null;
    const col = [...tr.children].indexOf(td);
    const rows = [...tr.parentElement.children].filter((r) => r.querySelector('button.cell'));
    const ri = rows.indexOf(tr);
    switch (ev.key) {
      case 'ArrowRight': target = td.nextElementSibling; break;
      case 'ArrowLeft': target = td.previousElementSibling; break;
      case 'ArrowDown': target = rows[ri + 1] && rows[ri + 1].children[col]; break;
      case 'ArrowUp': target = rows[ri - 1] && rows[ri - 1].children[col]; break;
      case 'Home': target = tr.querySelector('td'); break;
      case 'End': target = tr.lastElementChild; break;
      default: return;
    }
    const next = target && target.querySelector('button.cell');
    if (next) {
      ev.preventDefault();
      next.focus();
    }
  }

  function renderReadiness(rd) {
    const cols = ['Provision', 'Status', 'Must accept', 'Support', 'Conditional', 'Oppose', 'Unknown', 'Blocked by'];
    const row = (p) => h('tr', { class: p.ready ? 'ready' : 'blocked', 'data-provision': p.provision },
      h('th', { scope: 'row' }, p.title),
      h('td', {}, h('span', { class: ['status', `status-${p.status}`] }, p.status)),
      h('td', {}, (p.must_accept || []).join(', ')),
      h('td', { class: 'stance-text-support' }, (p.support || []).join(', ')),
      h('td', { class: 'stance-text-conditional' }, (p.conditional || []).join(', ')),
      h('td', { class: 'stance-text-oppose' }, (p.oppose || []).join(', ')),
      h('td', {}, (p.unknown || []).join(', ')),
      h('td', {}, p.ready
        ? h('span', { class: 'ok' }, 'ready')
        : h('ul', { class: 'blockers' }, (p.blockers || []).map((b) => h('li', {}, b)))));
    const card = (a) => h('article', { class: 'agreement-card' },
      h('h3', {}, a.name),
      h('p', { class: 'muted' }, `${a.ready} of ${a.provisions.length} provisions ready on ${a.date}`),
      h('table', { class: 'readiness-table' },
        h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, a.provisions.map(row))));
    replace(readinessBox, rd.agreements.map(card));
  }

  function renderTalks(d) {
    const talks = [...ref.talks].sort((a, b) => a.start.localeCompare(b.start));
    if (talks.length === 0) {
      replace(talksBox, h('p', { class: 'muted' }, 'No talks recorded.'));
      return;
    }
    replace(talksBox, h('ol', { class: 'timeline' }, talks.map((t) => {
      const when = t.start === t.end || !t.end ? t.start : `${t.start} – ${t.end}`;
      const state = t.start > d ? 'after the chosen date' : t.planned ? 'planned' : 'held';
      return h('li', { class: ['talk', t.start > d && 'future', t.planned && 'planned'] },
        h('time', { datetime: t.start }, when),
        h('div', { class: 'talk-body' },
          h('strong', {}, t.title), ` — ${t.place}`,
          h('span', { class: 'badge' }, t.planned ? 'planned' : 'held'),
          state === 'after the chosen date' ? h('span', { class: 'muted' }, ' (after the chosen date)') : null,
          h('div', { class: 'participants' }, 'Participants: ', (t.participants || []).join(', ')),
          (t.evidence || []).length ? h('ul', { class: 'evidence compact' }, t.evidence.map((e) => evidenceItem(e, ref))) : null));
    })));
  }

  await update(app.date);

}

function legend() {
  return h('p', { class: 'legend' },
    h('span', { class: ['badge', 'stance-support'] }, '✓ support'), ' ',
    h('span', { class: ['badge', 'stance-conditional'] }, '≈ conditional'), ' ',
    h('span', { class: ['badge', 'stance-oppose'] }, '✗ oppose'), ' ',
    h('span', { class: ['badge', 'stance-none'] }, '· no position'));
}

export function evidenceItem(e, ref) {
  return h('li', {},
    h('blockquote', { class: 'quote' }, e.quote),
    h('p', { class: 'cite' },
      e.speaker ? `${e.speaker} · ` : '',
      `${e.attribution || ''}`,
      ' · ',
      sourceLine(ref.source[e.source], e.source)));
}
