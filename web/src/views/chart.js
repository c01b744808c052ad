// A small accessible SVG bar chart (no charting library: a dozen lines of
// SVG do, and the data is also given as a table for screen readers).
import { h, s } from '../dom.js';

export function barChart(points, { title, height = 160 }) {
  const w = 1000; // viewBox units; the figure scales to its column and keeps its proportions
  const max = Math.max(1, ...points.map((p) => p.value));
  const bw = w / points.length;
  const svg = s('svg', { viewBox: `0 0 ${w} ${height + 24}`, class: 'chart', role: 'img', 'aria-label': title },
    points.map((p, i) => {
      const bh = (p.value / max) * height;
      const eh = p.extra ? (p.extra / max) * height : 0;
      return [s('rect', { x: i * bw + 1, y: height - bh, width: Math.max(1, bw - 2), height: bh, class: 'bar' },
        s('title', {}, `${p.label}: ${p.value}${p.extra !== undefined ? ` (${p.extra} violations)` : ''}`)),
      eh ? s('rect', { x: i * bw + 1, y: height - eh, width: Math.max(1, bw - 2), height: eh, class: 'bar-extra' }) : null];
    }),
    s('text', { x: 0, y: height + 18, class: 'axis' }, points[0].label),
    s('text', { x: w, y: height + 18, class: 'axis', 'text-anchor': 'end' }, points[points.length - 1].label),
    s('text', { x: 0, y: 12, class: 'axis' }, `max ${max}`));
  const table = h('details', {}, h('summary', {}, 'Data as a table'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Count'))),
      h('tbody', {}, points.map((p) => h('tr', {}, h('td', {}, p.label), h('td', {}, p.extra !== undefined ? `${p.value} (${p.extra} violations)` : String(p.value)))))));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, table);
}
