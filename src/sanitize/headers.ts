/**
 * Header capture by allowlist. Headers that carry credentials are never captured, even when
 * listed: `authorization`, `proxy-authorization`, `cookie`, `set-cookie`, and any name that looks
 * secret (`x-api-key`, `x-auth-token`, `x-csrf-token`, `x-amz-security-token`…, see
 * `isSensitiveName`), whatever its case. Values of URL-bearing headers (`referer`, `location`,
 * `content-location`) go through the URL redaction.
 */
import type { Attributes } from '@opentelemetry/api';
import { isSensitiveName } from './sensitive-names';
import { redactUrl } from './url';

const NEVER = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'set-cookie2']);
const URL_VALUED = new Set(['referer', 'referrer', 'location', 'content-location', 'origin']);

/** True for a header that is never captured (credentials, cookies, anything named like a secret). */
export function isNeverCapturedHeader(name: string): boolean {
  const lower = String(name).trim().toLowerCase();
  return NEVER.has(lower) || isSensitiveName(lower);
}

/** Normalizes an allowlist: lower case, without the headers that are never captured. */
export function resolveHeaderAllowlist(names: readonly string[] | undefined): string[] {
  if (!names || names.length === 0) return [];
  const out = new Set<string>();
  for (const name of names) {
    const lower = String(name).trim().toLowerCase();
    if (lower && !isNeverCapturedHeader(lower)) out.add(lower);
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
  for (const raw of allowlist) {
    // checked here too: an allowlist that did not go through resolveHeaderAllowlist
    const name = String(raw).trim().toLowerCase();
    if (isNeverCapturedHeader(name)) continue;
    const value = readHeader(headers, name);
    if (value !== undefined) into[`http.${direction}.header.${name}`] = URL_VALUED.has(name) ? value.map((v) => redactUrl(v)) : value;
  }
  return into;
}
