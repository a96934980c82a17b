/**
 * URL redaction for `url.full` (and for URLs inside error messages, see `./error-text`). It works
 * on the text, without parsing it first, so that a URL the WHATWG parser rejects (port 99999, a
 * space, `//user:pw@host`, no scheme, a `#` in the password) is redacted all the same:
 * - user info (everything before the last `@` of the authority) becomes `REDACTED:REDACTED`;
 * - the values of sensitive parameters (see `isSensitiveName`) become `REDACTED` in the query, in
 *   the fragment (`#access_token=…`, `#/cb?token=…`) and in `;` matrix parameters of the path
 *   (`;jsessionid=…`); `&`, `;`, `?` and `#` all separate parameters.
 * A web URL (http, https, ws, wss, ftp, file) that parses after redaction is returned normalised.
 */
import { isSensitiveName, REDACTED } from './sensitive-names';

export { REDACTED } from './sensitive-names';

/**
 * The names the default test redacts, kept for callers that pass their own pattern to
 * {@link redactQuery}; the default is {@link isSensitiveName}, which also catches spelling variants.
 */
export const SENSITIVE_QUERY_PARAM = /token|key|secret|passw(or)?d|pwd|signature|sig$|auth|credential|session|jwt|bearer|otp|saml|assertion|^code$|^sid$/i;

type NameTest = RegExp | ((name: string) => boolean);

// Characters handed to each scan, summed: a deterministic measure of the work (tests bound it).
let scanned = 0;

/** Characters the URL scans have looked at since the last call (and resets the count). */
export function takeUrlScanWork(): number {
  const out = scanned;
  scanned = 0;
  return out;
}

const testName = (sensitive: NameTest, name: string) =>
  typeof sensitive === 'function' ? sensitive(name) : ((sensitive.lastIndex = 0), sensitive.test(name));

/** Redacts the values of sensitive parameters in a raw query string (with or without `?`). */
export function redactQuery(query: string, sensitive: NameTest = isSensitiveName): string {
  return redactPairs(query, sensitive);
}

// `name=value` pieces separated by & ; ? # (a fragment router's `#/cb?token=` included).
// `nesting` counts encoded URLs inside values: past two levels a value is redacted unread.
function redactPairs(text: string, sensitive: NameTest, nesting = 0): string {
  scanned += text.length;
  let out = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || c === '&' || c === ';' || c === '?' || c === '#') {
      out += redactPair(text.slice(start, i), sensitive, nesting);
      if (i < text.length) out += c;
      start = i + 1;
    }
  }
  return out;
}

function redactPair(pair: string, sensitive: NameTest, nesting: number): string {
  scanned += 4 * pair.length; // indexOf, lastIndexOf, the name test, the %3d test
  const eq = pair.indexOf('=');
  if (eq < 0) {
    // a nameless piece with an `@` (`#pw@host`) is the tail of user info that held a `#` or `?`
    const at = pair.lastIndexOf('@');
    return at > 0 ? `${REDACTED}${pair.slice(at)}` : pair;
  }
  const rawName = pair.slice(0, eq);
  const name = rawName.slice(Math.max(rawName.lastIndexOf('/'), rawName.lastIndexOf('!')) + 1);
  if (testName(sensitive, name)) return `${rawName}=${REDACTED}`;
  // an encoded URL in a value (`redirect=https%3A%2F%2Fx%2F%3Ftoken%3Dabc`) carries its own parameters
  const value = pair.slice(eq + 1);
  if (/%3d/i.test(value) && (nesting >= 2 || hasSensitivePair(value, sensitive, nesting + 1))) return `${rawName}=${REDACTED}`;
  return pair;
}

function hasSensitivePair(encoded: string, sensitive: NameTest, nesting: number): boolean {
  scanned += encoded.length;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return true; // cannot tell: redact
  }
  return redactPairs(decoded, sensitive, nesting) !== decoded;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

/** Where the authority starts (after `scheme://`, `//`, or at 0 for `user:pw@host`), or -1 for a path. */
function authorityStart(text: string): number {
  let i = 0;
  const scheme = SCHEME.exec(text)?.[0];
  const slash = (k: number) => text[k] === '/' || text[k] === '\\';
  if (scheme && (slash(scheme.length) || SPECIAL_SCHEMES.has(scheme.toLowerCase()))) i = scheme.length;
  else if (slash(0) && !slash(1)) return -1;
  while (slash(i)) i++;
  return i;
}

function firstOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text[i]!)) {
      scanned += i - from;
      return i;
    }
  }
  scanned += text.length - from;
  return text.length;
}

/** Replaces the user info, also when the URL is malformed. */
function redactUserinfo(text: string): string {
  scanned += 3 * text.length; // includes, lastIndexOf, the port test
  const start = authorityStart(text);
  if (start < 0 || !text.includes('@', start)) return text;
  const end = firstOf(text, '/\\?#', start);
  const authority = text.slice(start, end);
  let at = authority.lastIndexOf('@');
  at = at < 0 ? -1 : at + start;
  const hostPort = authority.slice(at < 0 ? 0 : at - start + 1);
  const port = hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']') + 1) : hostPort;
  const colon = port.indexOf(':');
  if (colon >= 0 && !/^\d*$/.test(port.slice(colon + 1))) {
    // `http://u:p/w@host`: the "port" is not a number, so the password went on past a delimiter
    at = Math.max(at, text.lastIndexOf('@'));
  } else if (at < 0 && colon >= 0 && (text[end] === '?' || text[end] === '#')) {
    // `http://u:12#34@host`: a `?` or `#` in the password, the user info runs to the last `@`
    // before the next `/` (with an `@` in the authority the parser's host stands, and a `@` in
    // the query or fragment is handled there)
    const slash = firstOf(text, '/\\', end);
    const last = text.lastIndexOf('@', slash - 1);
    if (last > end) at = last;
  }
  if (at < 0) return text;
  const userinfo = text.slice(start, at);
  return text.slice(0, start) + (userinfo.includes(':') ? `${REDACTED}:${REDACTED}` : REDACTED) + text.slice(at);
}

/** Redacts user info and sensitive parameters of a URL given as text; never parses it. */
export function redactUrlText(text: string): string {
  const withoutUser = redactUserinfo(text);
  const start = Math.max(authorityStart(withoutUser), 0);
  const queryStart = firstOf(withoutUser, '?#', start);
  // matrix parameters from the authority on: where the authority ends is itself in doubt
  // (`host:/app;password=x` reads `app;password=x` as the authority)
  const path = withoutUser.slice(start, queryStart);
  return withoutUser.slice(0, start) + redactMatrix(path) + redactPairs(withoutUser.slice(queryStart), isSensitiveName);
}

// `/app;jsessionid=ABC/items;token=x`: each `;` parameter up to the next `/`
function redactMatrix(path: string): string {
  scanned += 2 * path.length;
  if (!path.includes(';')) return path;
  return path
    .split('/')
    .map((segment) => {
      const semi = segment.indexOf(';');
      return semi < 0 ? segment : segment.slice(0, semi) + redactPairs(segment.slice(semi), isSensitiveName);
    })
    .join('/');
}

/**
 * The redacted text of a URL and, when that text parses, the parsed URL (for `server.address`):
 * reading the host from the redacted text means a password can never be taken for a host.
 */
export function redactUrlParsed(url: string | URL): { text: string; parsed?: URL } {
  let raw: string;
  try {
    raw = typeof url === 'string' ? url : String(url.href);
  } catch {
    return { text: REDACTED };
  }
  const text = redactUrlText(raw);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { text };
  }
  // only web URLs are normalised (and give server.*): `user:pw@host` is not a `user:` scheme
  if (!SPECIAL_SCHEMES.has(parsed.protocol)) return { text };
  // the parser and the scan may disagree about where user info ends: the parser's view wins too
  if (parsed.username && parsed.username !== REDACTED) parsed.username = REDACTED;
  if (parsed.password && parsed.password !== REDACTED) parsed.password = REDACTED;
  return { text: parsed.href, parsed };
}

/**
 * Redacts a URL for `url.full`: user and password become `REDACTED` (as the semantic conventions
 * ask), sensitive query, fragment and matrix parameter values become `REDACTED`. Relative or
 * unparsable input is redacted as text.
 */
export function redactUrl(url: string | URL): string {
  return redactUrlParsed(url).text;
}
