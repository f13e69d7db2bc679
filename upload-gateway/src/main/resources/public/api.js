// The gateway's read API as used by the map page. The API key is asked for, never shipped:
// it lives in this tab's sessionStorage (or comes once from the #key=... fragment, then removed).
'use strict';

const SnapMapApi = (() => {
  const STORE = 'snapmap.apiKey';

  class AuthError extends Error {}

  function key() {
    return sessionStorage.getItem(STORE);
  }

  function setKey(k) {
    if (k) {
      sessionStorage.setItem(STORE, k);
    } else {
      sessionStorage.removeItem(STORE);
    }
  }

  async function get(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== '') {
        q.set(k, v);
      }
    }
    const url = q.toString() ? `${path}?${q}` : path;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${key() || ''}` }, cache: 'no-store' });
    const body = await res.json().catch(() => ({}));
    if (res.status === 401 || res.status === 403) {
      throw new AuthError(body.error || `HTTP ${res.status}`);
    }
    if (!res.ok) {
      throw new Error(`${path}: ${body.error || 'HTTP ' + res.status}${body.field ? ' (' + body.field + ')' : ''}`);
    }
    return body;
  }

  /** Every event in the viewport, following pages up to `cap`; `truncated` when more exist. */
  async function eventsIn(bbox, from, to, cap) {
    const events = [];
    let cursor = null;
    do {
      const page = await get('/v1/events', { bbox, from, to, limit: 1000, cursor });
      events.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor && events.length < cap);
    return { events: events.slice(0, cap), truncated: Boolean(cursor) || events.length > cap };
  }

  /** The event (a merged-away id answers with its survivor and `mergedFrom`). */
  function event(id) {
    return get(`/v1/events/${encodeURIComponent(id)}`);
  }

  function photos(id, cursor) {
    return get(`/v1/events/${encodeURIComponent(id)}/photos`, { limit: 60, cursor });
  }

  return { AuthError, key, setKey, eventsIn, event, photos };
})();
