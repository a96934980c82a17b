/**
 * URL redaction: credentials never leave the process, and the values of query parameters whose
 * names look secret (token, key, secret, password, signature, …) become `REDACTED`.
 */

/** The replacement for every redacted value. */
export const REDACTED = 'REDACTED';

/**
 * Query parameter names whose values are redacted: any name containing one of these words
 * (case-insensitive), e.g. `access_token`, `apiKey`, `client_secret`, `X-Amz-Signature`.
 */
export const SENSITIVE_QUERY_PARAM = /token|key|secret|passw(or)?d|pwd|signature|sig$|auth|credential|session/i;

/** Redacts the values of sensitive parameters in a raw query string (with or without `?`). */
export function redactQuery(query: string, sensitive: RegExp = SENSITIVE_QUERY_PARAM): string {
  const leading = query.startsWith('?') ? '?' : '';
  const body = leading ? query.slice(1) : query;
  if (body === '') return query;
  return (
    leading +
    body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        let name = pair.slice(0, eq);
        try {
          name = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // keep the raw name when it is not valid percent-encoding
        }
        return sensitive.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&')
  );
}

/**
 * Redacts a URL for `url.full`: drops user and password (semantic conventions: replace with
 * `REDACTED`), and redacts sensitive query values. Relative or unparsable input is handled as text.
 */
export function redactUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.href;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    const q = text.indexOf('?');
    return q < 0 ? text : text.slice(0, q) + redactQuery(text.slice(q));
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  if (parsed.search) {
    // work on the raw text so that untouched parameters keep their exact encoding
    const rawQuery = parsed.search;
    const redacted = redactQuery(rawQuery);
    if (redacted !== rawQuery) parsed.search = redacted;
  }
  return parsed.href;
}
