// The dashboard's client of Truce's JSON API.

// Missing is thrown when the server has no such endpoint yet (another part
// of Truce has not landed): the view says so plainly instead of faking data.
export class Missing extends Error {
  constructor(path) {
    super(`the server has no endpoint ${path} yet`);
    this.path = path;
  }
}

// Problem is an API error response (a JSON problem with a code and a message).
export class Problem extends Error {
  constructor(status, code, message, field) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

async function problemOf(res, path) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const msg = body && body.message ? body.message : `${res.status} ${res.statusText}`;
  // The API answers an unknown path with 404 "no API endpoint ...", and the
  // mux answers a known path with another method with 405.
  if ((res.status === 404 && /^no API endpoint/.test(msg)) || res.status === 405) return new Missing(path);
  return new Problem(res.status, body && body.code, msg, body && body.field);
}

// get fetches a JSON document from the API.
export async function get(path, params) {
  const url = withParams(path, params);
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw await problemOf(res, path);
  return res.json();
}

// send posts (or puts) a JSON body and returns the JSON answer.
export async function send(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await problemOf(res, path);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

// withParams appends the non-empty params to path.
export function withParams(path, params) {
  if (!params) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

// tryGet is get that answers {missing: true} when the endpoint does not
// exist, and {denied: true} when the caller's role may not read it.
export async function tryGet(path, params) {
  try {
    return { data: await get(path, params) };
  } catch (e) {
    if (e instanceof Missing) return { missing: true, error: e };
    if (e instanceof Problem && (e.status === 401 || e.status === 403)) return { denied: true, error: e };
    throw e;
  }
}

const cache = new Map();

// cached memoises GETs of reference data that does not change while the page is open.
export function cached(path) {
  if (!cache.has(path)) cache.set(path, get(path).catch((e) => { cache.delete(path); throw e; }));
  return cache.get(path);
}
