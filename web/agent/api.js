/** The panel's only door to the server: same-origin fetch with the session's CSRF token. */

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function toLogin() {
  location.assign('/agent/login');
}

export async function loadSession() {
  const res = await fetch('/api/agent/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401, 'not_signed_in', 'signed out');
  }
  const body = await res.json();
  csrfToken = body.csrfToken;
  return body;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/agent${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401, 'not_signed_in', 'signed out');
  }
  if (res.status === 204) return null;
  let payload = null;
  try {
    payload = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = payload && payload.error;
    throw new ApiError(res.status, err ? err.code : 'http_error', err ? err.message : `request failed (${res.status})`);
  }
  return payload;
}

/** The live feed. EventSource reconnects by itself; a closed stream after a failure means signed out. */
export function liveEvents(handlers, onState) {
  const source = new EventSource('/api/agent/events');
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', async () => {
    onState('reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      try {
        await loadSession();
        setTimeout(() => liveEvents(handlers, onState), 2000);
      } catch {
        /* redirected to sign-in */
      }
    }
  });
  for (const [event, handler] of Object.entries(handlers)) {
    source.addEventListener(event, (e) => {
      let data = null;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      handler(data);
    });
  }
  return source;
}
