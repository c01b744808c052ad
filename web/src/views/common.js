// Pieces shared by several views.
import { h } from '../dom.js';

// sourceLine renders a source document: title, outlet, date, link when it has a URL.
export function sourceLine(src, id) {
  if (!src) return h('span', { class: 'source' }, `source ${id}`);
  const title = src.url
    ? h('a', { href: src.url, rel: 'noopener noreferrer', target: '_blank' }, src.title)
    : h('cite', {}, src.title);
  return h('span', { class: 'source' }, title, ` — ${src.outlet}, ${src.published}`);
}

// daysBetween counts whole days from a to b (YYYY-MM-DD).
export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

// missingNotice says plainly that a part of Truce has not landed on this server.
export function missing(what, path) {
  return h('div', { class: ['notice', 'notice-missing'], role: 'status' },
    h('strong', {}, 'Not available yet: '),
    `${what} — this server has no ${path} endpoint. Nothing is shown rather than made-up data.`);
}

// deniedNotice says that the caller's role may not see something, and how to get access.
export function denied(what, err) {
  return h('div', { class: ['notice', 'notice-missing'], role: 'status' },
    h('strong', {}, 'Not for your role: '),
    `${what} — ${err ? err.message : 'access denied'}. Sign in with an account that may see it.`);
}

// unavailable renders the notice for a tryGet result that has no data.
export function unavailable(what, path, res) {
  return res.denied ? denied(what, res.error) : missing(what, path);
}
