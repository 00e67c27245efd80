// Talking to the Firebreak server: JSON calls and the display-name cookie.

const NAME_COOKIE = 'fb_name';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

export function getName() {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== NAME_COOKIE) continue;
    try {
      return decodeURIComponent(rest.join('=')).trim() || null;
    } catch {
      return null;
    }
  }
  return null;
}

export function setName(name) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${NAME_COOKIE}=${encodeURIComponent(name)}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Strict${secure}`;
}

/** `{ ok, status, data }`; a network failure answers status 0 with a readable message. */
export async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, data: { error: 'network', message: 'Cannot reach Firebreak. Is it still running?' } };
  }
  let data = null;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  return { ok: response.ok, status: response.status, data };
}

export function errorMessage(result) {
  return result.data?.message ?? `Request failed (HTTP ${result.status})`;
}

export function getMessages({ channel, thread, before, limit }) {
  const params = new URLSearchParams();
  if (channel) params.set('channel', channel);
  if (thread) params.set('thread', String(thread));
  if (before) params.set('before', String(before));
  if (limit) params.set('limit', String(limit));
  return request('GET', `/console/api/messages?${params}`);
}

/** The incidents for the sidebar, from the scripting API; `null` when it is not available. */
export async function getIncidents() {
  const result = await request('GET', '/api/incidents');
  if (!result.ok || !result.data) return null;
  const list = Array.isArray(result.data) ? result.data : result.data.incidents ?? result.data.items;
  return Array.isArray(list) ? list : null;
}
