/**
 * Body capture, only when `captureBodies` is on. Objects and JSON text are walked with sensitive
 * field names (see `isSensitiveName`: spelling variants and percent-encoded names included) redacted
 * at any depth; form-like text (`a=1&password=x`) has its sensitive values redacted; the result is
 * truncated. What cannot be walked safely is replaced by a marker, never shown raw:
 * - nesting deeper than {@link MAX_BODY_DEPTH} → `[depth limit]`; a cycle → `[circular]`;
 * - more than {@link MAX_BODY_ITEMS} array items or object keys → the rest as `[+n more]`, and at
 *   most {@link MAX_BODY_NODES} values in all (then `[truncated]`);
 * - a value's own `toJSON()` is called (as `JSON.stringify` would) and its result is walked and
 *   redacted like any other value; a `toJSON` (or a getter) that throws gives `[unserializable]`;
 * - text that starts like JSON but does not parse → `[unparsable JSON, n chars]`;
 * - string values (and plain text bodies) go through the error-text redaction: URLs lose their
 *   user info and secret parameters, `password=…` / `"token": …` pairs their values.
 */
import { redactErrorText } from './error-text';
import { isSensitiveName, REDACTED } from './sensitive-names';

/** The default maximum number of characters kept from a captured body. */
export const DEFAULT_MAX_BODY_LENGTH = 1024;
/** Levels of nesting walked; deeper values become `[depth limit]`. */
export const MAX_BODY_DEPTH = 8;
/** Array items / object keys walked per container. */
export const MAX_BODY_ITEMS = 100;
/** Values walked in one body. */
export const MAX_BODY_NODES = 2000;

/** Returns a redacted, truncated text for a body, or undefined when it cannot be shown. */
export function sanitizeBody(body: unknown, maxLength = DEFAULT_MAX_BODY_LENGTH): string | undefined {
  if (body === undefined || body === null) return undefined;
  let text: string | undefined;
  try {
    if (typeof body === 'string') {
      text = redactText(body);
    } else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
      return `[binary ${body.byteLength} bytes]`;
    } else if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) {
      text = redactText(body.toString());
    } else if (typeof Blob !== 'undefined' && body instanceof Blob) {
      return `[blob ${body.size} bytes]`;
    } else if (typeof FormData !== 'undefined' && body instanceof FormData) {
      return '[form-data]';
    } else if (typeof body === 'object') {
      if (typeof (body as { getReader?: unknown }).getReader === 'function') return '[stream]';
      text = JSON.stringify(redactValue(body, 0, { nodes: 0, ancestors: [] }));
    } else if (typeof body === 'bigint' || typeof body === 'number' || typeof body === 'boolean') {
      text = String(body);
    } else {
      return undefined; // functions, symbols
    }
  } catch {
    return '[unserializable]';
  }
  if (text === undefined) return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength)}…[truncated ${text.length - maxLength} chars]` : text;
}

function redactText(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // looks like JSON but is not: its fields cannot be told apart, so none are shown
      return `[unparsable JSON, ${text.length} chars]`;
    }
    return JSON.stringify(redactValue(parsed, 0, { nodes: 0, ancestors: [] }));
  }
  // form bodies and other `name=value` text: a=b&password=c, pwd: x
  return redactErrorText(text);
}

interface Walk {
  nodes: number;
  ancestors: object[];
}

function redactValue(value: unknown, depth: number, walk: Walk): unknown {
  if (++walk.nodes > MAX_BODY_NODES) return '[truncated]';
  if (typeof value === 'bigint') return String(value);
  // a string can carry its own secrets: `password=x`, `http://user:pw@host`, or be JSON itself
  if (typeof value === 'string') return redactString(value, depth, walk);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (walk.ancestors.includes(value)) return '[circular]';
  if (depth >= MAX_BODY_DEPTH) return '[depth limit]';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let result: unknown;
    try {
      result = toJSON.call(value, '');
    } catch {
      return '[unserializable]';
    }
    // toJSON may return the object itself or another object with a toJSON: walk it once, without calling again
    if (result !== null && typeof result === 'object') {
      walk.ancestors.push(value);
      try {
        return redactPlain(result as object, depth, walk);
      } finally {
        walk.ancestors.pop();
      }
    }
    return redactValue(result, depth, walk);
  }
  walk.ancestors.push(value);
  try {
    return redactPlain(value, depth, walk);
  } finally {
    walk.ancestors.pop();
  }
}

function redactPlain(value: object, depth: number, walk: Walk): unknown {
  if (Array.isArray(value)) {
    const length = value.length;
    const out: unknown[] = [];
    for (let i = 0; i < Math.min(length, MAX_BODY_ITEMS); i++) {
      const item = redactValue(value[i], depth + 1, walk);
      out.push(item === undefined ? null : item);
    }
    if (length > MAX_BODY_ITEMS) out.push(`[+${length - MAX_BODY_ITEMS} more]`);
    return out;
  }
  // a null-prototype record: a `__proto__` key stays a key
  const out: Record<string, unknown> = Object.create(null);
  const keys = Object.keys(value);
  for (let i = 0; i < Math.min(keys.length, MAX_BODY_ITEMS); i++) {
    const key = keys[i]!;
    if (isSensitiveName(key)) {
      out[key] = REDACTED;
      continue;
    }
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch {
      v = '[unserializable]';
    }
    const redacted = redactValue(v, depth + 1, walk);
    if (redacted !== undefined) out[key] = redacted;
  }
  if (keys.length > MAX_BODY_ITEMS) out['…'] = `[+${keys.length - MAX_BODY_ITEMS} more]`;
  return out;
}

function redactString(value: string, depth: number, walk: Walk): unknown {
  const first = value.trimStart()[0];
  if ((first === '{' || first === '[' || first === '"') && depth < MAX_BODY_DEPTH) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return redactErrorText(value);
    }
    // JSON inside a string: walked like the rest, and shown as text again
    return JSON.stringify(redactValue(parsed, depth + 1, walk)) ?? '';
  }
  return redactErrorText(value);
}
