/**
 * Reading a server's "wait this long" (HTTP `Retry-After`): shared by the OTLP/HTTP transport,
 * which reads the header, and the retry policy, which honours it.
 */

/** A Retry-After longer than this is capped: a confused server must not park a batch for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Parses an HTTP Retry-After value: delay-seconds (`"120"`) or an HTTP-date. Returns milliseconds
 * from `now`, 0 for a date in the past, `undefined` for a missing or unreadable value; capped at
 * {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), MAX_RETRY_AFTER_MS);
  // An HTTP-date always names a day or month; this also keeps Date.parse('-5') (year -5) out.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
