// Live updates: one EventSource on the server's change feed (/api/events),
// shared by the views. A view subscribes to the change kinds it shows and
// gets a coalesced callback: at most one run per second, never two at once,
// and a burst of changes (a bulk import, a judge run) becomes one refresh.
//
// The browser reconnects an EventSource by itself and sends the last event's
// id as Last-Event-ID, which the server resumes from. When the source gives
// up (the server answered with an error, or went away for good) it is made
// again after a back-off, resuming with ?since= the last id seen. A small
// indicator in the header says whether the page is live or offline.
//
// An open stream holds one of the six connections a browser allows per
// server over HTTP/1.1, so a page gives its stream up when it is put away
// (pagehide, as for the back/forward cache) or hidden for a minute, and
// resumes when shown again: after the last id seen, or, when it has seen
// none, by asking the page to redraw (onResync). The same redraw follows a
// reconnection before any change was seen.
import { h, replace } from './dom.js';

const subscribers = new Set();
let source = null;
let lastId = '';
let retryTimer = null;
let backoff = 1000;
let indicator = null;
let state = 'connecting';
let resync = () => {};
let paused = false;
let hideTimer = null;
let opened = false; // a stream has been open before: a later open is a reconnection

// HIDDEN_GRACE is how long a hidden page keeps its stream.
const HIDDEN_GRACE = 60000;

// mountLive starts listening and shows the indicator in box; onResync runs
// when the page comes back after missing changes it cannot name.
export function mountLive(box, onResync) {
  indicator = box;
  if (onResync) resync = onResync;
  connect();
  window.addEventListener('pagehide', pause);
  window.addEventListener('pageshow', (ev) => {
    if (ev.persisted) resume();
  });
  document.addEventListener('visibilitychange', () => {
    clearTimeout(hideTimer);
    if (document.visibilityState === 'hidden') hideTimer = setTimeout(pause, HIDDEN_GRACE);
    else resume();
  });
}

function pause() {
  if (paused) return;
  paused = true;
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  show('offline', 'Paused while the page is not shown.');
}

function resume() {
  if (!paused) return;
  paused = false;
  connect();
}

// reconnectLive reopens the feed (after a sign-in or sign-out: what the feed
// shows depends on the caller's role), resuming after the last id seen.
export function reconnectLive() {
  if (paused) return;
  if (source) source.close();
  source = null;
  connect();
}

function connect() {
  if (paused) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (typeof EventSource === 'undefined') {
    show('offline', 'This browser has no EventSource: reload to see changes.');
    return;
  }
  const url = lastId ? `/api/events?since=${encodeURIComponent(lastId)}` : '/api/events';
  const es = new EventSource(url);
  source = es;
  show('connecting');
  es.onopen = () => {
    if (source !== es) return;
    backoff = 1000;
    show('live');
    // Back after an outage without having seen a change: the stream resumed
    // from its own start, so what changed meanwhile is read afresh.
    if (opened && !lastId) resync();
    opened = true;
  };
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CLOSED) {
      // The browser gave up: make a new source after a back-off.
      source = null;
      show('offline');
      retryTimer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    } else {
      show('offline'); // reconnecting by itself, with Last-Event-ID
    }
  };
  // Every change kind is its own event name; the views say which they want.
  const kinds = new Set();
  for (const sub of subscribers) for (const k of sub.kinds) kinds.add(k);
  for (const k of kinds) listen(es, k);
}

const listening = new WeakMap(); // EventSource -> Set of kinds it dispatches

function listen(es, kind) {
  let set = listening.get(es);
  if (!set) listening.set(es, (set = new Set()));
  if (set.has(kind)) return;
  set.add(kind);
  es.addEventListener(kind, (ev) => {
    if (source !== es) return;
    if (ev.lastEventId) lastId = ev.lastEventId;
    let change = null;
    try {
      change = JSON.parse(ev.data);
    } catch {
      /* an undecodable change still means something changed */
    }
    for (const sub of [...subscribers]) if (sub.kinds.has(kind)) sub.poke(kind, change);
  });
}

function show(s, why) {
  state = s;
  if (!indicator) return;
  const text = { live: 'live', offline: 'offline', connecting: 'connecting…' }[s];
  const title = why || {
    live: 'Views update themselves as changes are stored.',
    offline: 'Not connected to the change feed: reconnecting. Views may be out of date.',
    connecting: 'Connecting to the change feed.',
  }[s];
  indicator.dataset.state = s;
  indicator.setAttribute('title', title);
  replace(indicator, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), ` ${text}`, h('span', { class: 'sr-only' }, `: ${title}`));
}

// liveState is 'live', 'offline' or 'connecting'.
export function liveState() {
  return state;
}

// MIN_INTERVAL is the shortest time between two runs of one subscriber.
export const MIN_INTERVAL = 1000;

// subscribe calls fn(changes) when changes of the given kinds arrive:
// coalesced to at most one call per MIN_INTERVAL ms, never while a previous
// call's promise is pending; changes is the list of {kind, change} since the
// last call. It returns the function that unsubscribes.
export function subscribe(kinds, fn) {
  let pending = [];
  let timer = null;
  let running = false;
  let last = 0;
  let closed = false;
  const sub = {
    kinds: new Set(kinds),
    poke(kind, change) {
      pending.push({ kind, change });
      schedule();
    },
  };
  function schedule() {
    if (closed || timer || running) return;
    const wait = Math.max(0, last + MIN_INTERVAL - Date.now());
    timer = setTimeout(run, wait);
  }
  async function run() {
    timer = null;
    if (closed || pending.length === 0) return;
    const batch = pending;
    pending = [];
    running = true;
    last = Date.now();
    try {
      await fn(batch);
    } catch (e) {
      console.error('live update', e);
    } finally {
      running = false;
      last = Date.now();
      if (pending.length) schedule();
    }
  }
  subscribers.add(sub);
  if (source) for (const k of sub.kinds) listen(source, k);
  return () => {
    closed = true;
    clearTimeout(timer);
    subscribers.delete(sub);
  };
}
