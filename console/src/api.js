// The caller's credential and every request the console makes. The credential lives in
// this module's memory only: never in localStorage, sessionStorage or a cookie, so closing
// or reloading the tab (or signing out) forgets it. Every call goes to this origin's /v1.

let credential = null;
let principal = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Check `key` against /v1/me and keep it for later calls; throws ApiError when refused. */
export async function signIn(key) {
  const trimmed = key.trim();
  const response = await fetch("/v1/me", { headers: authHeaders(trimmed) });
  if (!response.ok) throw await apiError(response);
  credential = trimmed;
  principal = await response.json();
  return principal;
}

export function signOut() {
  credential = null;
  principal = null;
}

export function me() {
  return principal;
}

export function hasRole(role) {
  return Boolean(principal && principal.roles.includes(role));
}

function authHeaders(key = credential) {
  if (!key) throw new ApiError(401, { title: "Not signed in" });
  return { Authorization: `Bearer ${key}` };
}

async function apiError(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    problem = { title: response.statusText };
  }
  return new ApiError(response.status, problem);
}

/** `path` with `params` as its query string (null, undefined and "" left out; arrays repeat). */
export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, String(one));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method, path, { params, body, signal } = {}) {
  const headers = authHeaders();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url(path, params), {
    method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await apiError(response);
  return response;
}

export async function get(path, params, signal) {
  return (await send("GET", path, { params, signal })).json();
}

export async function getText(path, params) {
  return (await send("GET", path, { params })).text();
}

export async function post(path, body) {
  return (await send("POST", path, { body })).json();
}

/** An open streaming response (server-sent events) for `path`; the caller reads its body. */
export async function stream(path, params, { lastEventId, signal } = {}) {
  const headers = { ...authHeaders(), Accept: "text/event-stream" };
  if (lastEventId) headers["Last-Event-ID"] = lastEventId;
  const response = await fetch(url(path, { ...params, last_event_id: lastEventId }), {
    headers, signal, cache: "no-store",
  });
  if (!response.ok) throw await apiError(response);
  return response;
}

/** Encode an entity key for a path segment (keys may hold "/" and other reserved characters). */
export function keyPath(key) {
  return key.split("/").map(encodeURIComponent).join("/");
}
