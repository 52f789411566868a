// Every request of the consoles goes through here, so that each one carries the session cookie
// (credentials same-origin), each state-changing one the X-CSRF-Token the server checks, and each refusal
// comes back as one ApiError whose message is the API's own "error" line (docs/api.md, "Errors").

let csrfToken = null;

/** A refused or failed request: status 0 when the server could not be reached at all. */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(describe(status, body, retryAfter));
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

function describe(status, body, retryAfter) {
  if (status === 429) {
    // The login limiter answers before it checks the password; the wait is the useful part of it.
    const wait = retryAfter ? `, wait ${retryAfter} s` : '';
    return `too many attempts${wait}`;
  }
  if (body && typeof body.error === 'string' && body.error) {
    return body.error;
  }
  if (status === 0) {
    return 'the server cannot be reached';
  }
  return `the server answered ${status}`;
}

/** Remembers the session's CSRF token (from the login answer or GET /api/me). */
export function setCsrf(token) {
  csrfToken = token || null;
}

/**
 * Sends one request; resolves with the parsed JSON body (null for 204), rejects with an ApiError.
 * @param {string} method GET, POST, PUT or DELETE
 * @param {string} path absolute path on this server, e.g. /api/calls
 * @param {object} [body] sent as JSON
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (networkFailure) {
    throw new ApiError(0, null, null);
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (notJson) {
      data = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data, response.headers.get('Retry-After'));
  }
  return data;
}

export const get = (path) => request('GET', path);
export const put = (path, body) => request('PUT', path, body);
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);

/** Path segment escaping for user names and call ids placed in a URL. */
export const seg = (value) => encodeURIComponent(String(value));

/**
 * The logged-in session (GET /api/me), with its CSRF token remembered. Without a session the page goes to
 * the login page and this never resolves, so callers need no "not logged in" branch.
 */
export async function session() {
  try {
    const me = await get('/api/me');
    setCsrf(me.csrf);
    return me;
  } catch (error) {
    if (error.status === 401) {
      const next = location.pathname + location.search;
      location.replace(`/index.html?next=${encodeURIComponent(next)}`);
      return new Promise(() => {});
    }
    throw error;
  }
}

/** Ends the session and returns to the login page, whatever the server answered. */
export async function logout() {
  try {
    await post('/api/logout');
  } catch (ignored) {
    // The session may already be gone; the login page is the right place either way.
  }
  setCsrf(null);
  location.replace('/index.html');
}
