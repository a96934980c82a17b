/**
 * Strict `traceparent` parsing per the W3C Trace Context specification (level 2), which OTel JS
 * applies loosely: it accepts whitespace around the value and takes the first of several headers.
 */

/** Bit 0 of trace-flags: the caller recorded (sampled) the trace. */
export const FLAG_SAMPLED = 0x01;
/** Bit 1 of trace-flags (Trace Context level 2): the trace id's right 7 bytes are random. */
export const FLAG_RANDOM = 0x02;
/** The flags this implementation understands; every other bit is zeroed when propagating. */
export const KNOWN_FLAGS = FLAG_SAMPLED | FLAG_RANDOM;

export interface ParsedTraceParent {
  version: number;
  traceId: string;
  spanId: string;
  /** The full byte as received; propagate with `& KNOWN_FLAGS`. */
  traceFlags: number;
}

const VERSION_00_LENGTH = 55;
const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

function isLowerHex(value: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39;
    const lower = c >= 0x61 && c <= 0x66;
    if (!digit && !lower) return false;
  }
  return true;
}

/** Trims only HTTP optional whitespace (space and tab), never control characters. */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * Parses one `traceparent` value. Returns `null` for anything the specification calls invalid:
 * a version that is not two lowercase hex digits or is `ff`; wrong lengths or separators;
 * uppercase or non-hex characters; all-zero trace or parent id; data after the flags on version
 * `00`. A higher version is parsed by its version-00 prefix and may carry more fields after a `-`.
 */
export function parseTraceParent(raw: string): ParsedTraceParent | null {
  if (typeof raw !== 'string') return null;
  // A value longer than this cannot be a header we would accept for version 00, and for future
  // versions we read only the prefix; bounding the trim keeps hostile megabyte values cheap.
  const value = trimOws(raw.length > 4096 ? raw.slice(0, 4096) + 'x' : raw);
  if (value.length < VERSION_00_LENGTH) return null;
  if (!isLowerHex(value, 0, 2)) return null;
  const version = parseInt(value.slice(0, 2), 16);
  if (version === 0xff) return null;
  if (value.length > VERSION_00_LENGTH) {
    if (version === 0) return null;
    if (value[VERSION_00_LENGTH] !== '-') return null;
  }
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return null;
  if (!isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52) || !isLowerHex(value, 53, 55)) return null;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return null;
  return { version, traceId, spanId, traceFlags: parseInt(value.slice(53, 55), 16) };
}

/** Formats a version-00 `traceparent`; unknown flag bits are zeroed as the specification asks. */
export function formatTraceParent(traceId: string, spanId: string, traceFlags: number): string {
  const flags = (traceFlags & KNOWN_FLAGS).toString(16).padStart(2, '0');
  return `00-${traceId}-${spanId}-${flags}`;
}
