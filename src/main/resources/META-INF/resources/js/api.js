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
export async function request(path, options = {}) {
  const response = await fetch(url(path), options);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}
