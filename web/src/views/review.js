// The review queue: claims extracted from articles, each with the sentence
// it comes from; an analyst accepts or rejects each with a reason.
import { h, replace } from '../dom.js';
import { tryGet } from '../api.js';
import { missing } from './common.js';

export async function render(root, app) {
  const list = h('div', { id: 'claims' });
  replace(root, h('header', { class: 'view-head' }, h('h1', { id: 'h-review' }, 'Review queue')), h('section', { class: 'panel' }, list));
  const res = await tryGet('/api/claims', { status: 'pending' });
  if (res.missing) {
    replace(list, missing('the claims review queue (claims extracted from articles)', '/api/claims'));
    return;
  }
  replace(list, h('p', {}, `${(res.data.claims || []).length} claims`));
}
