// A date control: a slider over the dates at which something changed, with
// previous/next buttons and a free date field. Keyboard: the slider takes the
// arrow keys, Home and End; its aria-valuetext is the date.
import { h } from '../dom.js';

let seq = 0;

// dateControl returns {el, set(date), setDates(dates)}; onChange(date) runs
// when the user picks a date.
export function dateControl({ label, dates, value, onChange, id }) {
  const uid = id || `date-${++seq}`;
  let stops = dates.length ? dates : [value];
  const indexOf = (d) => {
    // the last stop on or before d (the version in force at d)
    let i = 0;
    for (let k = 0; k < stops.length; k++) if (stops[k] <= d) i = k;
    return i;
  };
  const slider = h('input', {
    type: 'range',
    id: `${uid}-slider`,
    min: 0,
    max: Math.max(0, stops.length - 1),
    step: 1,
    'aria-label': `${label}: slider over ${stops.length} dates`,
  });
  const field = h('input', { type: 'date', id: `${uid}-field`, 'aria-label': `${label}: date`, min: stops[0] });
  const prev = h('button', { type: 'button', class: 'step', 'aria-label': 'Previous date' }, '◀');
  const next = h('button', { type: 'button', class: 'step', 'aria-label': 'Next date' }, '▶');
  const shown = h('output', { for: slider.id, class: 'date-shown', 'aria-live': 'polite' });

  let current = value;
  function set(d) {
    current = d;
    const i = indexOf(d);
    slider.value = String(i);
    slider.setAttribute('aria-valuetext', d);
    field.value = d;
    shown.textContent = d;
    prev.disabled = i === 0 && d <= stops[0];
    next.disabled = i === stops.length - 1 && d >= stops[stops.length - 1];
  }
  function pick(d) {
    if (!d || d === current) return;
    set(d);
    onChange(d);
  }
  slider.addEventListener('input', () => pick(stops[Number(slider.value)]));
  field.addEventListener('change', () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(field.value)) pick(field.value);
  });
  prev.addEventListener('click', () => {
    const i = indexOf(current);
    pick(stops[stops[i] < current ? i : Math.max(0, i - 1)]);
  });
  next.addEventListener('click', () => {
    const i = indexOf(current);
    pick(stops[Math.min(stops.length - 1, stops[i] > current ? i : i + 1)]);
  });
  // setDates replaces the slider's stops (when the change feed brings a new one).
  function setDates(ds) {
    stops = ds.length ? ds : [current];
    slider.max = String(Math.max(0, stops.length - 1));
    slider.setAttribute('aria-label', `${label}: slider over ${stops.length} dates`);
    field.min = stops[0];
    set(current);
  }
  set(value);
  const el = h(
    'div',
    { class: 'date-control', id: uid, role: 'group', 'aria-label': label },
    h('label', { for: slider.id, class: 'date-label' }, label),
    prev,
    slider,
    next,
    shown,
    field,
  );
  return { el, set, setDates, get value() { return current; } };
}

// previousStop is the stop before d, or null.
export function previousStop(dates, d) {
  let p = null;
  for (const x of dates) if (x < d) p = x;
  return p;
}
