/**
 * Redaction of free text that is recorded on a span: exception messages, stack traces and status
 * messages. Error messages quote what failed, and that is often a URL with its password
 * (`fetch('http://u:pw@host:99999')` → "Failed to parse URL from http://u:pw@host:99999") or a
 * connection string (`password=…`). Every `scheme://…` run goes through the URL redaction, and the
 * values of sensitive `name=value` / `name: value` pairs become `REDACTED`. One linear pass each.
 */
import type { Exception } from '@opentelemetry/api';
import { isSensitiveName, REDACTED } from './sensitive-names';
import { redactUrlText } from './url';

/** Longest text kept from a message or stack: the rest is cut (and so not recorded). */
export const MAX_ERROR_TEXT_LENGTH = 8192;

const URL_END = /[\s"'<>`]/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

/** Redacts URLs and sensitive `name=value` pairs in a message. */
export function redactErrorText(text: string): string {
  let input = text.length > MAX_ERROR_TEXT_LENGTH ? `${text.slice(0, MAX_ERROR_TEXT_LENGTH)}…[truncated]` : text;
  if (input.includes('//')) input = redactUrlsInText(input);
  return input.includes('=') || input.includes(':') ? redactNamedValues(input) : input;
}

function redactUrlsInText(text: string): string {
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const mark = text.indexOf('//', from);
    if (mark < 0) break;
    let start = mark;
    if (text[mark - 1] === ':') {
      start = mark - 1;
      while (start > last && SCHEME_CHAR.test(text[start - 1]!)) start--;
    }
    let end = mark + 2;
    while (end < text.length && !URL_END.test(text[end]!)) end++;
    end = userinfoWithSpaces(text, mark + 2, end);
    out += text.slice(last, start) + redactUrlText(text.slice(start, end));
    last = end;
    from = end;
  }
  return out + text.slice(last);
}

/**
 * A password may hold spaces (`http://alice:pass word@host`): when the authority so far is
 * `name:non-digits` without `@`, the URL runs on to the next `@` on the same line (within 256 chars).
 */
function userinfoWithSpaces(text: string, start: number, end: number): number {
  const authority = text.slice(start, end).split(/[/?#\\]/, 1)[0]!;
  if (authority.includes('@') || !/:[^0-9]|:$/.test(authority) || authority.length !== end - start) return end;
  const limit = Math.min(text.length, end + 256);
  for (let i = end; i < limit; i++) {
    const c = text[i];
    if (c === '\n' || c === '/' || c === '?' || c === '#') return end;
    if (c === '@') {
      let j = i + 1;
      while (j < text.length && !URL_END.test(text[j]!)) j++;
      return j;
    }
  }
  return end;
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
    if (c === '"' || c === "'") j++; // a quoted name: "password":
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

/**
 * The exception to record for an error: its type (`code` or `name`), message and stack with URLs
 * and secrets redacted. Reading the error never throws (hostile getters are caught).
 */
export function redactException(error: unknown): Exception & { message: string } {
  try {
    if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
      const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
      const exception: Exception & { message: string } = {
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
