// Safe DOM helpers. Every piece of text from the server goes into the page
// through textContent or an attribute set with setAttribute on a whitelisted
// name: never innerHTML, insertAdjacentHTML or document.write. A report whose
// text holds <script> or <img onerror> therefore renders as the literal text.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Attributes that may never be set from data (event handlers, inline style
// strings, javascript: URLs are filtered in safeHref).
function checkAttr(name) {
  if (/^on/i.test(name)) throw new Error(`refusing to set event-handler attribute ${name}`);
}

function append(el, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(el, c);
    return;
  }
  if (child instanceof Node) {
    el.appendChild(child);
    return;
  }
  el.appendChild(document.createTextNode(String(child)));
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'style') for (const [p, val] of Object.entries(v)) el.style.setProperty(p, val);
    else if (k === 'href') el.setAttribute('href', safeHref(v));
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = Boolean(v);
    else {
      checkAttr(k);
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

// h creates an HTML element: h('p', {class: 'x'}, 'text', child, [more]).
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// s creates an SVG element.
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

// safeHref allows only http(s), mailto, same-origin paths and fragments.
export function safeHref(v) {
  const str = String(v);
  if (str.startsWith('#') || (str.startsWith('/') && !str.startsWith('//'))) return str;
  try {
    const u = new URL(str, location.href);
    if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:') return u.href;
  } catch {
    /* fall through */
  }
  return '#';
}

// clear removes every child of el.
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// replace clears el and appends children.
export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// notice is a plain message block; kind is info, missing or error.
export function notice(kind, ...children) {
  return h('div', { class: ['notice', `notice-${kind}`], role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

// humanize turns an identifier like "crimea-recognition" into "crimea recognition".
export function humanize(id) {
  return String(id ?? '').replace(/[-_]/g, ' ');
}
