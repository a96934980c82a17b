/**
 * Body capture, only when `captureBodies` is on: JSON bodies have sensitive fields redacted,
 * everything is truncated to a bounded length.
 */
import { REDACTED } from './url';

/** The default maximum number of characters kept from a captured body. */
export const DEFAULT_MAX_BODY_LENGTH = 1024;

const SENSITIVE_FIELD = /passw(or)?d|pwd|secret|token|api[-_]?key|authorization|cookie|session|credit|card|cvv|ssn|signature/i;

/** Returns a redacted, truncated text for a body, or undefined when it cannot be shown. */
export function sanitizeBody(body: unknown, maxLength = DEFAULT_MAX_BODY_LENGTH): string | undefined {
  if (body === undefined || body === null) return undefined;
  let text: string | undefined;
  if (typeof body === 'string') {
    text = redactJsonText(body);
  } else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    return `[binary ${body.byteLength} bytes]`;
  } else if (typeof body === 'object') {
    if (typeof (body as { getReader?: unknown }).getReader === 'function') return '[stream]';
    try {
      text = JSON.stringify(redactValue(body, 0));
    } catch {
      return '[unserializable]';
    }
  } else {
    text = String(body);
  }
  if (text === undefined) return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength)}…[truncated ${text.length - maxLength} chars]` : text;
}

function redactJsonText(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactValue(JSON.parse(text), 0));
    } catch {
      // not JSON after all
    }
  }
  // form bodies: a=b&password=c
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text)) {
    return text
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return SENSITIVE_FIELD.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&');
  }
  return text;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SENSITIVE_FIELD.test(key) ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
