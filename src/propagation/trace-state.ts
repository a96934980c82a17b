import type { TraceState } from '@opentelemetry/api';

/**
 * A `tracestate` that is validated whole, per W3C Trace Context: one bad member, a duplicate key or
 * more than 32 members invalidates the header, instead of OTel JS's member-by-member repair.
 */

/** The specification's limit on list-members. */
export const MAX_TRACE_STATE_MEMBERS = 32;
/** Longest raw header we look at; 32 members of the longest key and value fit well inside. */
const MAX_TRACE_STATE_SCAN = 32 * (256 + 1 + 256) + 31 * 4 + 512;

// simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
// multi-tenant-key = tenant-id "@" system-id
// tenant-id = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
// system-id = lcalpha 0*13( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
const KEY_RE =
  /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/;
// value = 0*255(chr) nblk-chr ; chr = %x20 / nblk-chr ; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
const VALUE_RE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

export function isValidTraceStateKey(key: string): boolean {
  return key.length <= 256 && KEY_RE.test(key);
}

export function isValidTraceStateValue(value: string): boolean {
  return value.length <= 256 && VALUE_RE.test(value);
}

/**
 * Parses the combined `tracestate` value (several headers joined with `,` in order). Returns the
 * members in order, or `null` when the header is invalid and must be discarded whole.
 */
export function parseTraceState(header: string): Array<[string, string]> | null {
  if (header.length > MAX_TRACE_STATE_SCAN) return null;
  const members: Array<[string, string]> = [];
  const seen = new Set<string>();
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    let member = header.slice(start, end);
    const first = member.charCodeAt(0);
    const last = member.charCodeAt(member.length - 1);
    if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) member = member.replace(/^[ \t]+|[ \t]+$/g, '');
    start = end + 1;
    if (member === '') continue; // empty and whitespace-only members are allowed
    const eq = member.indexOf('=');
    if (eq <= 0) return null;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return null;
    if (seen.has(key)) return null;
    seen.add(key);
    members.push([key, value]);
    if (members.length > MAX_TRACE_STATE_MEMBERS) return null;
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
