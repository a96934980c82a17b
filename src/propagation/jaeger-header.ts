/**
 * The `uber-trace-id` value: `{trace-id}:{span-id}:{parent-span-id}:{flags}`, as Jaeger's clients
 * write it. They differ in the details, so the reader accepts what each of them produces:
 * - jaeger-client-go and -java print the ids with `%x` / `Long.toHexString`, without leading zeros
 *   (a trace id may be 15 hex digits, or 17–32 for a 128-bit id whose high half is small): any
 *   length from 1 to 32 (trace) or 16 (span) is accepted and left-padded with zeros.
 * - jaeger-client-java (and Go for baggage) URL-encode HTTP header values, so `:` arrives as `%3A`.
 * - The parent id is deprecated (OpenTelemetry and newer clients write `0`): checked to be hex,
 *   then ignored. Flags are one byte in hex: bit 1 sampled, bit 2 debug (debug implies sampled).
 */

/** Flag bits of the fourth field. */
export const JAEGER_FLAG_SAMPLED = 0x01;
export const JAEGER_FLAG_DEBUG = 0x02;

/**
 * Longest raw value looked at: 32 + 16 + 16 + 2 digits, three separators of up to three characters
 * (`%3A`), and some surrounding blanks. Anything longer is not a Jaeger context.
 */
export const MAX_UBER_TRACE_ID_LENGTH = 128;

export interface ParsedUberTraceId {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  sampled: boolean;
  debug: boolean;
}

const HEX_RE = /^[0-9a-f]+$/;
const ZEROS_RE = /^0+$/;

function hexField(field: string, maxLength: number): string | undefined {
  if (field.length === 0 || field.length > maxLength || !HEX_RE.test(field)) return undefined;
  return field.padStart(maxLength, '0');
}

/**
 * Parses one `uber-trace-id` value, plain or URL-encoded. Returns undefined for anything malformed
 * (wrong field count, non-hex, an all-zero id, too long, flags over one byte); never throws.
 */
export function parseUberTraceId(raw: unknown): ParsedUberTraceId | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_UBER_TRACE_ID_LENGTH) return undefined;
  let value = raw.trim().toLowerCase();
  // Only the separator is ever encoded (the rest is hex), so that is all there is to decode.
  if (value.includes('%')) value = value.replaceAll('%3a', ':');
  const fields = value.split(':');
  if (fields.length !== 4) return undefined;
  const traceId = hexField(fields[0], 32);
  const spanId = hexField(fields[1], 16);
  const parent = hexField(fields[2], 16);
  const flagsHex = hexField(fields[3], 2);
  if (!traceId || !spanId || !parent || !flagsHex) return undefined;
  if (ZEROS_RE.test(traceId) || ZEROS_RE.test(spanId)) return undefined;
  const flags = parseInt(flagsHex, 16);
  const debug = (flags & JAEGER_FLAG_DEBUG) !== 0;
  return { traceId, spanId, sampled: debug || (flags & JAEGER_FLAG_SAMPLED) !== 0, debug };
}

/** `{32-hex trace}:{16-hex span}:0:{flags}`; flags `01` sampled, `03` sampled + debug, `00` not sampled. */
export function formatUberTraceId(traceId: string, spanId: string, sampled: boolean, debug: boolean): string {
  const flags = sampled ? (debug ? '03' : '01') : '00';
  return `${traceId}:${spanId}:0:${flags}`;
}

/**
 * A `uberctx-*` value as Jaeger clients encode it: jaeger-client-node with `encodeURIComponent`,
 * Go's `url.QueryEscape` and Java's `URLEncoder` with `+` for a space. Every one of them encodes a
 * literal `+` as `%2B`, so `+` is read as a space. An invalid escape keeps the raw value (as the
 * clients do); never throws.
 */
export function decodeUberctxValue(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The value written for a baggage member: `encodeURIComponent`, which every Jaeger client decodes. */
export function encodeUberctxValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded as UTF-8; replace it rather than drop the member.
    return encodeURIComponent(value.replace(LONE_SURROGATE_RE, '\ufffd'));
  }
}
