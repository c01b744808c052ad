// The review queue: claims extracted from articles, each with the sentence
// it comes from; an analyst accepts one (it becomes a position, a report or
// a talks entry) or rejects it with a reason.
import { h, replace, notice, humanize } from '../dom.js';
import { tryGet, send } from '../api.js';
import { unavailable } from './common.js';

const STATUSES = ['pending', 'accepted', 'rejected', 'all'];

export async function render(root, app, live) {
  const list = h('div', { id: 'claims', 'aria-live': 'polite' });
  const statusSel = h('select', { id: 'claim-status' }, STATUSES.map((x) => h('option', { value: x }, x)));
  const kindSel = h('select', { id: 'claim-kind' }, [['', 'all kinds'], ['position', 'positions'], ['incident', 'incidents'], ['talks', 'talks']].map(([v, t]) => h('option', { value: v }, t)));
  const result = h('div', { class: 'review-result', role: 'status', 'aria-live': 'polite' });
  replace(root,
    h('header', { class: 'view-head' }, h('h1', { id: 'h-review' }, 'Review queue'),
      h('div', { class: 'filters' },
        h('label', { for: 'claim-status' }, 'Status '), statusSel, ' ',
        h('label', { for: 'claim-kind' }, 'Kind '), kindSel)),
    result,
    h('section', { class: 'panel' }, list));

  // Live: claims queued from new articles come in, claims decided elsewhere
  // (by another analyst, or from the CLI) leave.
  live(['claim', 'source'], async (changes) => {
    if (changes.some((c) => c.kind === 'source')) await app.refresh();
    await load(changes);
  });

  // Claims bring their articles as new sources: read the reference data afresh.
  await app.refresh();
  statusSel.addEventListener('change', load);
  kindSel.addEventListener('change', load);

  // load reads the queue. When the list is already shown (a live update),
  // claims still listed keep their element, so a reason being typed and the
  // focus stay; decided claims leave and new ones come in.
  let loadSeq = 0;
  async function load(ev) {
    const my = ++loadSeq;
    const res = await tryGet('/api/claims', { status: statusSel.value, kind: kindSel.value, limit: 200 });
    if (my !== loadSeq) return;
    if (!res.data) {
      replace(list, unavailable('the claims review queue (claims extracted from articles)', '/api/claims', res));
      return;
    }
    const claims = res.data.claims || [];
    const live = !(ev instanceof Event) && ev !== undefined;
    const ol = list.querySelector('ol.claims');
    if (claims.length === 0) {
      replace(list, h('p', { class: 'muted' }, `No ${statusSel.value} claims.`));
      return;
    }
    const count = h('p', { class: 'muted', id: 'claims-count' }, `${claims.length} ${statusSel.value} claim${claims.length === 1 ? '' : 's'}.`);
    if (!live || !ol) {
      replace(list, count, h('ol', { class: 'claims' }, claims.map((c) => claimItem(c))));
      return;
    }
    const have = new Map([...ol.querySelectorAll(':scope > li.claim')].map((li) => [li.dataset.claim, li]));
    const keep = new Set(claims.map((c) => String(c.id)));
    // A claim this page is deciding leaves when its decision is shown (decide).
    for (const [id, li] of have) if (!keep.has(id) && !li.dataset.deciding) li.remove();
    let prev = null;
    for (const c of claims) {
      let li = have.get(String(c.id));
      if (li && li.dataset.status !== (c.status || 'pending')) {
        li.remove();
        li = null;
      }
      if (!li) li = claimItem(c);
      const want = prev ? prev.nextElementSibling : ol.firstElementChild;
      if (want !== li) ol.insertBefore(li, want);
      prev = li;
    }
    const shown = list.querySelector('#claims-count');
    if (shown) replace(shown, count.textContent);
    else list.insertBefore(count, ol);
  }

  function claimItem(c) {
    const li = h('li', { class: 'claim', 'data-claim': String(c.id), 'data-status': c.status || 'pending' });
    const reason = h('input', { type: 'text', id: `reason-${c.id}`, class: 'reason', placeholder: 'why (required to reject)' });
    const msg = h('span', { class: 'claim-msg', role: 'alert' });
    // A position claim names an issue; the analyst may pick which provision it is about.
    const data = parseData(c.data);
    const options = c.kind === 'position' ? app.ref.provisions.filter((p) => p.issue === data.issue) : [];
    const provSel = options.length
      ? h('select', { id: `prov-${c.id}`, class: 'prov' },
        h('option', { value: '' }, options.length === 1 ? options[0].title : 'let Truce choose the provision'),
        options.length > 1 ? options.map((p) => h('option', { value: p.id }, p.title)) : null)
      : null;
    const accept = h('button', { type: 'button', class: 'accept', on: { click: () => decide('accept') } }, 'Accept');
    const reject = h('button', { type: 'button', class: 'reject', on: { click: () => decide('reject') } }, 'Reject');
    async function decide(what) {
      msg.textContent = '';
      if (what === 'reject' && !reason.value.trim()) {
        msg.textContent = 'Give a reason to reject.';
        reason.focus();
        return;
      }
      accept.disabled = true;
      reject.disabled = true;
      li.dataset.deciding = '1';
      const body = what === 'reject' ? { reason: reason.value.trim() } : {};
      if (what === 'accept' && provSel && provSel.value) body.provision = provSel.value;
      try {
        const out = await send('POST', `/api/claims/${encodeURIComponent(c.id)}/${what}`, body);
        // Accepted claims change the negotiation's reference data.
        if (what === 'accept') await app.refresh();
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        replace(result, notice('info', `Claim ${c.id} (${c.summary || c.kind}) ${what === 'accept' ? 'accepted' : 'rejected'}${out && out.result ? `: made ${out.result}` : ''}.`));
        const focusTarget = next && next.querySelector('button.accept, input.reason');
        if (focusTarget) focusTarget.focus();
      } catch (e) {
        msg.textContent = e.message;
        delete li.dataset.deciding;
        accept.disabled = false;
        reject.disabled = false;
      }
    }
    const pending = (c.status || 'pending') === 'pending';
    li.appendChild(claimBody(c, data, app.ref));
    li.appendChild(pending
      ? h('div', { class: 'claim-actions' },
        provSel ? [h('label', { for: provSel.id, class: 'sr-only' }, `Provision for claim ${c.id}`), provSel] : null,
        h('label', { for: reason.id, class: 'sr-only' }, `Reason for claim ${c.id}`), reason, accept, reject, msg)
      : h('p', { class: 'muted' }, `${c.status}${c.reason ? `: ${c.reason}` : ''}${c.result ? ` → ${c.result}` : ''}${c.decided_by ? ` (by ${c.decided_by})` : ''}`));
    return li;
  }
  await load();

}

function parseData(d) {
  if (!d) return {};
  if (typeof d === 'string') {
    try {
      return JSON.parse(d);
    } catch {
      return {};
    }
  }
  return d;
}

// claimBody renders what the claim says and the sentence it comes from.
function claimBody(c, x, ref) {
  let detail;
  switch (c.kind) {
    case 'position':
      detail = [h('strong', {}, x.actor || ''), ' ', h('span', { class: ['badge', `stance-${x.stance}`] }, x.stance || ''), ` on ${humanize(x.issue)}`,
        x.attribution ? ` · ${x.attribution}` : ''];
      break;
    case 'talks':
      detail = [h('strong', {}, 'Talks'), ` in ${x.place || '?'} on ${x.date || 'an unknown date'}`, (x.participants || []).length ? ` with ${x.participants.join(', ')}` : ''];
      break;
    default:
      detail = [h('strong', {}, 'Incident'), ` ${x.date || ''} ${x.place ? `at ${x.place}` : ''}`, x.target ? ` · target ${x.target}` : '',
        x.killed !== undefined && x.killed !== null ? ` · killed ${x.killed}` : '', x.injured !== undefined && x.injured !== null ? ` · injured ${x.injured}` : '',
        x.perpetrator ? ` · alleged ${x.perpetrator}` : ''];
  }
  const src = ref.source[c.source];
  return h('div', { class: 'claim-body' },
    h('p', { class: 'claim-head' }, h('span', { class: 'badge kind' }, c.kind), ' ', detail,
      c.confidence ? h('span', { class: 'muted' }, ` · confidence ${Number(c.confidence).toFixed(2)}`) : null),
    c.evidence ? h('blockquote', { class: 'quote' }, c.evidence) : null,
    h('p', { class: 'cite' }, [src ? `${src.title} — ${src.outlet}` : c.source, c.published, `claim ${c.id}`, c.summary].filter(Boolean).join(' · ')));
}
