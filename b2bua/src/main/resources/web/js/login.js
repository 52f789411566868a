// The login page: POST /api/login, then the page of the user's role (or links when there are several).
// A refusal is shown as one line: "wrong user or password", or for the limiter "too many attempts, wait N s".

import { post, setCsrf } from './api.js';
import { $, showError, clearError, pageFor, roleLinks } from './dom.js';

/** Where to go after login: ?next= when it is a page of this server, else the role's page. */
function destination(roles) {
  const next = new URLSearchParams(location.search).get('next');
  // Only a local path: an open redirect would let a link send a freshly logged-in user anywhere.
  if (next && next.startsWith('/') && !next.startsWith('//')) {
    return next;
  }
  return pageFor(roles);
}

async function logIn(submit) {
  submit.preventDefault();
  clearError();
  const user = $('#user').value.trim();
  const password = $('#password').value;
  if (!user || !password) {
    showError('enter your user and your password');
    return;
  }
  const button = $('#login-button');
  button.disabled = true;
  try {
    const answer = await post('/api/login', { user, password });
    setCsrf(answer.csrf);
    const roles = answer.roles || [];
    const target = destination(roles);
    if (target) {
      location.assign(target);
      return;
    }
    button.disabled = false;
    if (roles.length === 0) {
      showError('this user has no console: no manager, assistant or administrator role');
      return;
    }
    $('#role-links').replaceChildren(...roleLinks(roles));
    $('#roles').hidden = false;
    $('#role-links a').focus();
  } catch (error) {
    showError(error);
    $('#password').select();
    if (error.status === 429 && Number(error.retryAfter) > 0) {
      // Another try before the wait is over would only be refused again (and not even checked).
      setTimeout(() => { button.disabled = false; }, Number(error.retryAfter) * 1000);
      return;
    }
    button.disabled = false;
  }
}

$('#login-form').addEventListener('submit', logIn);
