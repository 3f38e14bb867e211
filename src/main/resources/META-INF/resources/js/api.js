// URLs relative to the page, so the dashboard works unchanged behind a proxy under a path prefix,
// with the page's ?access_token= carried to every request when it was opened with one.
const token = new URLSearchParams(window.location.search).get('access_token');

/** An http(s) URL for a service path such as 'missions/log', with the access token if any. */
export function url(path, params = {}) {
  const target = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) target.searchParams.set(key, value);
  }
  if (token) target.searchParams.set('access_token', token);
  return target.toString();
}

/** The ws(s) URL for a service path such as 'comms'. */
export function wsUrl(path) {
  const target = new URL(url(path));
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  return target.toString();
}

/** fetch() for a service path; resolves to { status, body } with the body parsed as JSON when it is JSON. */
export async function request(path, options = {}, params = {}) {
  const response = await fetch(url(path, params), options);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

/**
 * Whether the service refuses this page for want of a token: EventSource and WebSocket report only that they
 * failed, so a failure is followed by one plain request that shows the status (401 when tokens are on and the page
 * was opened without a valid ?access_token=).
 */
export async function tokenNeeded() {
  try {
    return (await request('missions/log', {}, { limit: 1 })).status === 401;
  } catch {
    return false;
  }
}
