// The account box in the header: who is signed in, and a sign-in form when
// the server has accounts (GET /api/me, POST /api/login, POST /api/logout).
// Without them the box stays empty: the demo's public data needs no login.
import { h, replace } from './dom.js';
import { tryGet, send } from './api.js';

export async function mountAccount(box, onChange) {
  let me;
  try {
    me = await tryGet('/api/me');
  } catch {
    return;
  }
  if (me.missing || !me.data) return;
  const user = me.data.user || me.data;
  if (user && user.role && user.role !== 'public') {
    replace(box,
      h('span', { class: 'who' }, `${user.name} (${user.role}${user.party ? `, ${user.party}` : ''})`),
      h('button', { type: 'button', class: 'link-btn', on: { click: async () => {
        await send('POST', '/api/logout');
        await mountAccount(box, onChange);
        onChange();
      } } }, 'Sign out'));
    return;
  }
  const name = h('input', { type: 'text', id: 'login-name', autocomplete: 'username', required: true, size: 10 });
  const pass = h('input', { type: 'password', id: 'login-pass', autocomplete: 'current-password', required: true, size: 10 });
  const err = h('span', { class: 'login-error', role: 'alert' });
  const form = h('form', { class: 'login', 'aria-label': 'Sign in', method: 'post', action: '#',
    on: { submit: async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      try {
        await send('POST', '/api/login', { name: name.value, password: pass.value });
      } catch (e) {
        err.textContent = e.message;
        return;
      }
      await mountAccount(box, onChange);
      onChange();
    } } },
  h('span', { class: 'who' }, 'Public view'),
  h('label', { for: 'login-name', class: 'sr-only' }, 'User name'), name,
  h('label', { for: 'login-pass', class: 'sr-only' }, 'Password'), pass,
  h('button', { type: 'submit' }, 'Sign in'), err);
  name.placeholder = 'user';
  pass.placeholder = 'password';
  replace(box, form);
}
