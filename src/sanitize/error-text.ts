/**
 * Redaction of free text that is recorded on a span: exception messages, stack traces and status
 * messages. Error messages quote what failed, and that is often a URL with its password
 * (`fetch('http://u:pw@host:99999')` → "Failed to parse URL from http://u:pw@host:99999") or a
 * connection string (`password=…`). Every `scheme://…` run goes through the URL redaction, and the
 * values of sensitive `name=value` / `name: value` pairs become `REDACTED`. One linear pass each.
 */
import { isSensitiveName, REDACTED } from './sensitive-names';
import { redactUrlText } from './url';

/** Longest text kept from a message or stack: the rest is cut (and so not recorded). */
export const MAX_ERROR_TEXT_LENGTH = 8192;

const URL_END = /[\s"'<>`]/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

/** Redacts URLs and sensitive `name=value` pairs in a message. */
export function redactErrorText(text: string): string {
  let input = text.length > MAX_ERROR_TEXT_LENGTH ? `${text.slice(0, MAX_ERROR_TEXT_LENGTH)}…[truncated]` : text;
  if (input.includes(':') || input.includes('//') || input.includes('\\\\')) input = redactUrlsInText(input);
  if (input.includes('@')) input = redactBareUserinfo(input);
  return input.includes('=') || input.includes(':') ? redactNamedValues(input) : input;
}

const WEB_SCHEME = /^(?:https?|wss?|ftp):$/i;
const isSlash = (c: string | undefined) => c === '/' || c === '\\';

// Each `scheme:/`, `scheme:\` or `//` run (up to whitespace or a quote) goes through the URL redaction.
function redactUrlsInText(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    let start = -1;
    if (c === ':' && i > last && SCHEME_CHAR.test(text[i - 1]!)) {
      start = i;
      while (start > last && SCHEME_CHAR.test(text[start - 1]!)) start--;
      // `scheme:/…`, `scheme:\…`, or a web scheme that needs no slashes (`http:user:pw@host`)
      if (!isSlash(text[i + 1]) && !WEB_SCHEME.test(text.slice(start, i + 1))) start = -1;
    } else if (isSlash(c) && isSlash(text[i + 1])) {
      start = i;
    }
    if (start < 0) continue;
    let end = i + 1;
    while (end < text.length && !URL_END.test(text[end]!)) end++;
    end = userinfoWithSpaces(text, i + 1, end);
    out += text.slice(last, start) + redactUrlText(text.slice(start, end));
    last = end;
    i = end - 1;
  }
  return out + text.slice(last);
}

/**
 * A password may hold spaces (`http://alice:pass word@host`, `http://a:b@c d@host`): when the
 * authority of the run so far has a `:` or an `@`, the URL runs on to the last `@` that follows on
 * the same line (each within 256 characters of the previous end, no `/` before it).
 */
function userinfoWithSpaces(text: string, start: number, end: number): number {
  const authority = text.slice(start, end).replace(/^[/\\]+/, '').split(/[/?#\\]/, 1)[0]!;
  if (!authority.includes(':') && !authority.includes('@')) return end;
  let result = end;
  for (let i = end, limit = Math.min(text.length, end + 256); i < limit; i++) {
    const c = text[i];
    if (c === '\n' || c === '/') break;
    if (c === '@') {
      let j = i + 1;
      while (j < text.length && !URL_END.test(text[j]!)) j++;
      result = j;
      i = j - 1;
      limit = Math.min(text.length, j + 256);
    }
  }
  return result;
}

const TOKEN_STOP = /[\s"'<>`()/\\[\]{}]/;

// `alice:pw@host` without a scheme: a token holding `:` right before an `@` (an e-mail address or a
// `pkg@1.2.3` has no `:`, and `/@scope` has nothing before its `@`). Looks back at most 256 chars.
function redactBareUserinfo(text: string): string {
  let out = '';
  let last = 0;
  let redacted = false; // `last` is the `@` of a redacted user info
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > last && at - start < 256 && !TOKEN_STOP.test(text[start - 1]!)) start--;
    if (redacted && start === last) {
      last = at; // `alice:a@b@host`: the user info runs to the last `@` of the token
      continue;
    }
    const userinfo = text.slice(start, at);
    redacted = false;
    if (!userinfo.includes(':') || userinfo === `${REDACTED}:${REDACTED}`) continue;
    out += `${text.slice(last, start)}${REDACTED}:${REDACTED}`;
    last = at;
    redacted = true;
  }
  return out + text.slice(last);
}

const isNameChar = (c: string) => /[A-Za-z0-9_.%-]/.test(c);
const VALUE_END = /[\s&;,)\]}>"'`]/;
const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

// `password=hunter2`, `"token": "abc"`, `pwd='x y'`: the value up to a delimiter or its closing quote
function redactNamedValues(text: string): string {
  let out = '';
  let last = 0;
  let nameStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isNameChar(c)) {
      if (nameStart < 0) nameStart = i;
      continue;
    }
    if (nameStart < 0) continue;
    const nameEnd = i;
    let j = i;
    if (c === '\\' && (text[j + 1] === '"' || text[j + 1] === "'")) j++; // JSON in a string: \"password\":
    if (text[j] === '"' || text[j] === "'") j++; // a quoted name: "password":
    while (text[j] === ' ') j++;
    const sep = text[j];
    // `scheme://` and `file.ts:10:5` are not pairs
    const notPair = sep === ':' && (text[j + 1] === '/' || /[0-9]/.test(text[j + 1] ?? ''));
    if ((sep !== '=' && sep !== ':') || notPair || !isSensitiveName(text.slice(nameStart, nameEnd))) {
      nameStart = -1;
      continue;
    }
    j++;
    while (text[j] === ' ') j++;
    let end = j;
    if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === "'")) j++;
    const quote = text[j];
    if (URL_START.test(text.slice(j, j + 40))) {
      nameStart = -1; // a URL: already redacted above
      continue;
    }
    if (quote === '"' || quote === "'") {
      end = text.indexOf(quote, j + 1);
      end = end < 0 ? text.length : end + 1;
    } else {
      while (end < text.length && !VALUE_END.test(text[end]!)) end++;
    }
    if (end > j) {
      out += text.slice(last, j) + REDACTED;
      last = end;
    }
    i = Math.max(end - 1, i);
    nameStart = -1;
  }
  return out + text.slice(last);
}

/** What `span.recordException` gets: every field already redacted. */
export interface RedactedException {
  name: string;
  message: string;
  stack?: string;
  code?: string | number;
}

/**
 * The exception to record for an error: its type (`code` or `name`), message and stack with URLs
 * and secrets redacted. Reading the error never throws (hostile getters are caught).
 */
export function redactException(error: unknown): RedactedException {
  try {
    if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
      const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
      const exception: RedactedException = {
        name: typeof e.name === 'string' ? e.name : 'Error',
        message: redactErrorText(String(e.message ?? '')),
      };
      if (typeof e.stack === 'string') exception.stack = redactErrorText(e.stack);
      if (typeof e.code === 'string' || typeof e.code === 'number') exception.code = e.code;
      return exception;
    }
    return { name: 'Error', message: redactErrorText(String(error)) };
  } catch {
    return { name: 'Error', message: '[unreadable error]' };
  }
}
