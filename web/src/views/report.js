// The daily report: view it, and download it as HTML, JSON or Markdown.
import { h, replace } from '../dom.js';
import { tryGet } from '../api.js';
import { missing } from './common.js';

export async function render(root, app) {
  const box = h('div', { id: 'daily' });
  replace(root, h('header', { class: 'view-head' }, h('h1', { id: 'h-report' }, 'Daily report')), h('section', { class: 'panel' }, box));
  const res = await tryGet('/api/daily', { date: app.date });
  if (res.missing) {
    replace(box, missing('the daily report', '/api/daily'));
    return;
  }
  replace(box, h('pre', {}, JSON.stringify(res.data, null, 2)));
}
