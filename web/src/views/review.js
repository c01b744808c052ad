// The review queue: claims extracted from articles, each with the sentence
// it comes from; an analyst accepts one (it becomes a position, a report or
// a talks entry) or rejects it with a reason.
import { h, replace, notice, humanize } from '../dom.js';
import { tryGet, send } from '../api.js';
import { unavailable } from './common.js';

const STATUSES = ['pending', 'accepted', 'rejected'];

export async function render(root, app) {
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
  statusSel.addEventListener('change', load);
  kindSel.addEventListener('change', load);

  async function load() {
    const res = await tryGet('/api/claims', { status: statusSel.value, kind: kindSel.value, limit: 200 });
    if (!res.data) {
      replace(list, unavailable('the claims review queue (claims extracted from articles)', '/api/claims', res));
      return;
    }
    const claims = res.data.claims || [];
    if (claims.length === 0) {
      replace(list, h('p', { class: 'muted' }, `No ${statusSel.value} claims.`));
      return;
    }
    replace(list, h('p', { class: 'muted' }, `${res.data.total ?? claims.length} ${statusSel.value} claims${claims.length < (res.data.total ?? 0) ? `; the first ${claims.length} shown` : ''}.`),
      h('ol', { class: 'claims' }, claims.map((c) => claimItem(c))));
  }

  function claimItem(c) {
    const body = claimBody(c);
    const li = h('li', { class: 'claim', 'data-claim': String(c.id) });
    const reason = h('input', { type: 'text', id: `reason-${c.id}`, class: 'reason', placeholder: 'why (required to reject)' });
    const msg = h('span', { class: 'claim-msg', role: 'alert' });
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
      try {
        const out = await send('POST', `/api/claims/${encodeURIComponent(c.id)}/${what}`, { reason: reason.value.trim() });
        li.remove();
        replace(result, notice('info', `Claim ${c.id} ${what === 'accept' ? 'accepted' : 'rejected'}${outcome(out)}.`));
        // Accepted claims change the negotiation's reference data.
        if (what === 'accept') app.refresh && (await app.refresh());
      } catch (e) {
        msg.textContent = e.message;
        accept.disabled = false;
        reject.disabled = false;
      }
    }
    const pending = (c.status || 'pending') === 'pending';
    return build(li, body, pending
      ? h('div', { class: 'claim-actions' },
        h('label', { for: reason.id, class: 'sr-only' }, `Reason for claim ${c.id}`), reason, accept, reject, msg)
      : h('p', { class: 'muted' }, `${c.status}${c.reason ? `: ${c.reason}` : ''}${c.decided_by ? ` (by ${c.decided_by})` : ''}`));
  }
  await load();
}

function build(el, ...children) {
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

function outcome(out) {
  if (!out) return '';
  const made = out.position ?? out.report ?? out.talks ?? out.created;
  if (made && typeof made === 'object') return ` — created ${made.id !== undefined ? `#${made.id}` : ''}`;
  if (made !== undefined) return ` — created #${made}`;
  return '';
}

// claimBody renders what the claim says and the sentence it comes from.
function claimBody(c) {
  const x = c.claim || c;
  const kind = c.kind || (x.stance ? 'position' : x.participants ? 'talks' : 'incident');
  let summary;
  switch (kind) {
    case 'position':
      summary = [h('strong', {}, x.actor || x.party), ' ', h('span', { class: ['badge', `stance-${x.stance}`] }, x.stance), ` on ${humanize(x.issue)}`,
        x.provision ? ` (${x.provision})` : '', x.attribution ? ` · ${x.attribution}` : '', x.confidence !== undefined ? ` · confidence ${Number(x.confidence).toFixed(2)}` : ''];
      break;
    case 'talks':
      summary = [h('strong', {}, 'Talks'), ` in ${x.place || '?'} on ${x.date || 'an unknown date'}`, (x.participants || []).length ? ` with ${x.participants.join(', ')}` : ''];
      break;
    default:
      summary = [h('strong', {}, 'Incident'), ` ${x.date || ''} ${x.place ? `at ${x.place}` : ''}`, x.target ? ` · target ${x.target}` : '',
        x.killed !== undefined && x.killed !== null ? ` · killed ${x.killed}` : '', x.injured !== undefined && x.injured !== null ? ` · injured ${x.injured}` : '',
        x.perpetrator ? ` · alleged ${x.perpetrator}` : ''];
  }
  const sentence = x.evidence && typeof x.evidence === 'object' ? x.evidence.evidence || x.evidence.quote : x.evidence || x.sentence || x.quote;
  const article = c.article || c.source || {};
  return h('div', { class: 'claim-body' },
    h('p', { class: 'claim-head' }, h('span', { class: 'badge kind' }, kind), ' ', summary),
    sentence ? h('blockquote', { class: 'quote' }, sentence) : null,
    h('p', { class: 'cite' }, [typeof article === 'string' ? article : [article.title, article.outlet, article.published || article.date].filter(Boolean).join(' · '),
      c.article_date || '', `claim ${c.id}`].filter(Boolean).join(' · ')));
}
