/**
 * Header capture by allowlist. `authorization`, `cookie`, `set-cookie` (and `proxy-authorization`)
 * are never captured, even when listed.
 */
import type { Attributes } from '@opentelemetry/api';

const NEVER = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Normalizes an allowlist: lower case, without the headers that are never captured. */
export function resolveHeaderAllowlist(names: readonly string[] | undefined): string[] {
  if (!names || names.length === 0) return [];
  const out = new Set<string>();
  for (const name of names) {
    const lower = String(name).trim().toLowerCase();
    if (lower && !NEVER.has(lower)) out.add(lower);
  }
  return [...out];
}

/** Reads one header from Node headers, a fetch `Headers`, a Map or a plain record. */
export function readHeader(headers: unknown, name: string): string[] | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  let value: unknown;
  if (typeof (headers as Headers).get === 'function') {
    value = (headers as Headers).get(name);
    if (value === null) return undefined;
  } else {
    const record = headers as Record<string, unknown>;
    value = record[name];
    if (value === undefined) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      value = key === undefined ? undefined : record[key];
    }
  }
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Attributes `http.request.header.<name>` / `http.response.header.<name>` (string arrays, as the
 * semantic conventions require) for the allowlisted headers present.
 */
export function captureHeaders(
  headers: unknown,
  allowlist: readonly string[],
  direction: 'request' | 'response',
  into: Attributes = {},
): Attributes {
  for (const name of allowlist) {
    const value = readHeader(headers, name);
    if (value !== undefined) into[`http.${direction}.header.${name}`] = value;
  }
  return into;
}
