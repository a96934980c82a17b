import type { TraceState } from '@opentelemetry/api';

/**
 * A `tracestate` that is validated whole, per W3C Trace Context: one bad member or more than 32
 * members invalidates the header, instead of OTel JS's member-by-member repair. A key that
 * appears again is dropped (the first one is kept), as the specification allows.
 */

/** The specification's limit on list-members. */
export const MAX_TRACE_STATE_MEMBERS = 32;
/** Longest raw header we look at; 32 members of the longest key and value fit well inside. */
const MAX_TRACE_STATE_SCAN = 32 * (256 + 1 + 256) + 31 * 4 + 512;

// key     = ( lcalpha / DIGIT ) 0*255 ( keychar )
// keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
// (The grammar of Trace Context as published today; the older tenant@system split with its
// 241/14 character limits is gone: `foo@`, `foo@@bar` and `foo@bar@baz` are keys, `@foo` is not.)
// Checked with char codes rather than RegExps: this runs per member on every request.
function isLcAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isKeyChar(c: number): boolean {
  return isLcAlpha(c) || isDigit(c) || c === 0x5f || c === 0x2d || c === 0x2a || c === 0x2f || c === 0x40;
}

function isValidKeyRange(key: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 256) return false;
  const first = key.charCodeAt(start);
  if (!isLcAlpha(first) && !isDigit(first)) return false;
  for (let i = start + 1; i < end; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  return true;
}

// value = 0*255(chr) nblk-chr ; chr = %x20 / nblk-chr ; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
function isValidValueRange(value: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 256) return false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x2c || c === 0x3d) return false;
  }
  return value.charCodeAt(end - 1) !== 0x20;
}

export function isValidTraceStateKey(key: string): boolean {
  return isValidKeyRange(key, 0, key.length);
}

export function isValidTraceStateValue(value: string): boolean {
  return isValidValueRange(value, 0, value.length);
}

/**
 * Parses the combined `tracestate` value (several headers joined with `,` in order). Returns the
 * members in order, a repeated key's later members left out, or `null` when the header is invalid
 * and must be discarded whole (a member that breaks the grammar, more than 32 members counting
 * repeats, or an oversized header).
 */
export function parseTraceState(header: string): Array<[string, string]> | null {
  if (header.length > MAX_TRACE_STATE_SCAN) return null;
  const members: Array<[string, string]> = [];
  let seen: Set<string> | undefined;
  let count = 0;
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    // Trim optional whitespace (space, tab) around the member without copying.
    let from = start;
    let to = end;
    start = end + 1;
    while (from < to && (header.charCodeAt(from) === 0x20 || header.charCodeAt(from) === 0x09)) from++;
    while (to > from && (header.charCodeAt(to - 1) === 0x20 || header.charCodeAt(to - 1) === 0x09)) to--;
    if (from === to) continue; // empty and whitespace-only members are allowed
    if (++count > MAX_TRACE_STATE_MEMBERS) return null;
    const eq = header.indexOf('=', from);
    if (eq === -1 || eq >= to || eq === from) return null;
    if (!isValidKeyRange(header, from, eq) || !isValidValueRange(header, eq + 1, to)) return null;
    const key = header.slice(from, eq);
    // A Set only once there are two members: most headers carry one.
    if (seen === undefined && members.length === 1) seen = new Set([members[0]![0]]);
    if (seen?.has(key)) continue;
    seen?.add(key);
    members.push([key, header.slice(eq + 1, to)]);
  }
  return members;
}

/** An immutable TraceState over validated members; `set` moves a key to the front, as specified. */
export class StrictTraceState implements TraceState {
  private readonly members: ReadonlyArray<readonly [string, string]>;

  constructor(members: ReadonlyArray<readonly [string, string]> = []) {
    this.members = members;
  }

  /** Parses a header, or returns `undefined` when it is invalid and must be dropped. */
  static fromHeader(header: string): StrictTraceState | undefined {
    const members = parseTraceState(header);
    return members ? new StrictTraceState(members) : undefined;
  }

  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    const rest = this.members.filter(([k]) => k !== key);
    // Adding a member to a full list drops the right-most (oldest) one.
    return new StrictTraceState([[key, value] as const, ...rest].slice(0, MAX_TRACE_STATE_MEMBERS));
  }

  unset(key: string): TraceState {
    return new StrictTraceState(this.members.filter(([k]) => k !== key));
  }

  get(key: string): string | undefined {
    for (const [k, v] of this.members) if (k === key) return v;
    return undefined;
  }

  serialize(): string {
    return this.members.map(([k, v]) => `${k}=${v}`).join(',');
  }

  toString(): string {
    return this.serialize();
  }
}
