import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { OnceLogger } from '../internal/diag';

const once = new OnceLogger();

/**
 * Header carriers the context manager reads and writes: Node's `IncomingHttpHeaders` /
 * `OutgoingHttpHeaders` (values may be `string[]` or numbers), fetch `Headers`, plain records and
 * `Map`s. Header names are matched case-insensitively everywhere.
 */
export type HeaderValue = string | string[] | number | undefined | null;
export type HeaderCarrier =
  | Record<string, HeaderValue>
  | Map<string, HeaderValue>
  | HeadersLike;

/** The part of the fetch `Headers` API we use (duck-typed, so any implementation fits). */
export interface HeadersLike {
  get(name: string): string | null;
  set(name: string, value: string): void;
  keys(): IterableIterator<string>;
  has(name: string): boolean;
}

export function isHeadersLike(carrier: unknown): carrier is HeadersLike {
  if (typeof carrier !== 'object' || carrier === null || carrier instanceof Map) return false;
  const c = carrier as Partial<HeadersLike>;
  return typeof c.get === 'function' && typeof c.set === 'function' && typeof c.keys === 'function';
}

function normalize(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string');
    return strings.length === 0 ? undefined : strings.length === 1 ? strings[0] : strings;
  }
  return undefined;
}

function findKey(keys: Iterable<string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key of keys) if (typeof key === 'string' && key.toLowerCase() === lower) return key;
  return undefined;
}

function readKeys(carrier: object): string[] {
  let keys: Iterable<unknown>;
  if (carrier instanceof Map) keys = carrier.keys();
  else if (isHeadersLike(carrier)) keys = carrier.keys();
  else keys = Object.keys(carrier);
  const out = new Set<string>();
  for (const key of keys) if (typeof key === 'string') out.add(key.toLowerCase());
  return [...out];
}

function readValue(carrier: object, name: string): string | string[] | undefined {
  if (isHeadersLike(carrier)) {
    const value: unknown = carrier.get(name);
    return typeof value === 'string' ? value : undefined;
  }
  const lower = name.toLowerCase();
  const found: string[] = [];
  const add = (value: unknown) => {
    const v = normalize(value);
    if (v === undefined) return;
    // a loop, not push(...v): a header array of 100k values must not overflow the stack
    if (Array.isArray(v)) for (const item of v) found.push(item);
    else found.push(v);
  };
  if (carrier instanceof Map) {
    for (const [key, value] of carrier) if (typeof key === 'string' && key.toLowerCase() === lower) add(value);
  } else {
    const record = carrier as Record<string, unknown>;
    // Node lower-cases incoming names, so the direct hit is the common case.
    if (Object.prototype.hasOwnProperty.call(record, lower)) add(record[lower]);
    // Other spellings of the same name (a hand-made record); for...in allocates no key array.
    for (const key in record) {
      if (key.length === lower.length && key !== lower && Object.prototype.hasOwnProperty.call(record, key) && key.toLowerCase() === lower) {
        add(record[key]);
      }
    }
  }
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : found;
}

function writeValue(carrier: object, name: string, value: string): void {
  if (isHeadersLike(carrier)) {
    carrier.set(name, value);
    return;
  }
  if (carrier instanceof Map) {
    const existing = findKey(carrier.keys(), name);
    carrier.set(existing ?? name, value);
    return;
  }
  const record = carrier as Record<string, unknown>;
  const key = findKey(Object.keys(record), name) ?? name;
  // `__proto__` as a plain assignment would replace the prototype (or be ignored): define it.
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

// The getter and setter run on carriers the application hands over (a Proxy, a getter that throws,
// a frozen object, a Headers refusing a value): whatever the carrier does, they never throw. A
// carrier that cannot be read reads as "no header"; one that cannot be written is left as it is.

/** Reads any supported carrier; several same-named keys (different case) are all returned. */
export const headerGetter: TextMapGetter<unknown> = {
  /** Lower-cased and de-duplicated, so prefix matches (`uberctx-*`) work whatever the case. */
  keys(carrier: unknown): string[] {
    if (carrier == null || typeof carrier !== 'object') return [];
    try {
      return readKeys(carrier);
    } catch (error) {
      once.warn('carrier-read', `could not read the headers carrier: ${String(error)}; read as no headers`);
      return [];
    }
  },
  get(carrier: unknown, name: string): string | string[] | undefined {
    if (carrier == null || typeof carrier !== 'object') return undefined;
    try {
      return readValue(carrier, name);
    } catch (error) {
      once.warn('carrier-read', `could not read the headers carrier: ${String(error)}; read as no headers`);
      return undefined;
    }
  },
};

/** Writes any supported carrier, replacing a same-named key of any case rather than adding one. */
export const headerSetter: TextMapSetter<unknown> = {
  set(carrier: unknown, name: string, value: string): void {
    if (carrier == null || typeof carrier !== 'object') return;
    try {
      writeValue(carrier, name, value);
    } catch (error) {
      once.warn('carrier-write', `could not write header ${JSON.stringify(name)} into the carrier (frozen, or it refused the value): ${String(error)}`);
    }
  },
};
