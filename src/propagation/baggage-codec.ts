/**
 * W3C Baggage encoding and decoding with the specification's limits: at least 64 list-members and
 * 8,192 bytes in all propagate, whole members only. OTel JS also caps each member at 4,096 bytes,
 * so a single 8,192-byte member is lost there; here it travels.
 */

/** Members propagated at most (the specification's minimum that platforms MUST carry). */
export const MAX_BAGGAGE_MEMBERS = 64;
/** Bytes of the serialized header at most, commas included. */
export const MAX_BAGGAGE_BYTES = 8192;
/** Raw header characters we look at; past this nothing more could fit anyway. */
const MAX_BAGGAGE_SCAN = MAX_BAGGAGE_BYTES * 8;

export interface BaggageMember {
  key: string;
  /** Percent-decoded value. */
  value: string;
  /** The properties after the first `;`, normalized (`p1;p2=v`), if any. */
  properties?: string;
}

// token = 1*tchar (RFC 7230)
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
const VALUE_RE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
// baggage-octet without `%`: a value made only of these is its own encoding.
const SAFE_RE = /^[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

export function isBaggageKey(key: string): boolean {
  return key.length > 0 && TOKEN_RE.test(key);
}

function isOctet(byte: number): boolean {
  return (
    byte === 0x21 ||
    (byte >= 0x23 && byte <= 0x2b) ||
    (byte >= 0x2d && byte <= 0x3a) ||
    (byte >= 0x3c && byte <= 0x5b) ||
    (byte >= 0x5d && byte <= 0x7e)
  );
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8'); // not fatal: bad UTF-8 becomes U+FFFD, as specified

/** Percent-encodes every UTF-8 byte outside baggage-octet, and `%` itself. */
export function encodeBaggageValue(value: string): string {
  if (SAFE_RE.test(value)) return value; // the common case: nothing to encode
  try {
    // Escapes a little more than needed (e.g. `/`, `:`), which is valid and round-trips.
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate: fall through to the byte encoder, which writes U+FFFD for it.
  }
  let out = '';
  for (const byte of encoder.encode(value)) {
    if (isOctet(byte) && byte !== 0x25) out += String.fromCharCode(byte);
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decodes as UTF-8; a `%` not followed by two hex digits stays literal. */
export function decodeBaggageValue(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Invalid UTF-8 or a `%` without two hex digits: decode byte by byte below.
  }
  const bytes = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    bytes[n++] = c;
  }
  return decoder.decode(bytes.subarray(0, n));
}

function isOws(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function trimOws(s: string): string {
  if (!isOws(s[0]) && !isOws(s[s.length - 1])) return s;
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Validates and normalizes `;`-separated properties (`key` or `key=value`); `null` if invalid. */
export function normalizeProperties(raw: string): string | null {
  const parts: string[] = [];
  for (const part of raw.split(';')) {
    const prop = trimOws(part);
    if (prop === '') return null;
    const eq = prop.indexOf('=');
    if (eq === -1) {
      if (!isBaggageKey(prop)) return null;
      parts.push(prop);
      continue;
    }
    const key = trimOws(prop.slice(0, eq));
    const value = trimOws(prop.slice(eq + 1));
    if (!isBaggageKey(key) || !VALUE_RE.test(value)) return null;
    parts.push(`${key}=${value}`);
  }
  return parts.join(';');
}

/** Parses one list-member; `null` if it breaks the grammar (the member is dropped, never cut). */
export function parseBaggageMember(raw: string): BaggageMember | null {
  const semi = raw.indexOf(';');
  const pair = semi === -1 ? raw : raw.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq === -1) return null;
  const key = trimOws(pair.slice(0, eq));
  const rawValue = trimOws(pair.slice(eq + 1));
  if (!isBaggageKey(key) || !VALUE_RE.test(rawValue)) return null;
  const member: BaggageMember = { key, value: decodeBaggageValue(rawValue) };
  if (semi !== -1) {
    const properties = normalizeProperties(raw.slice(semi + 1));
    if (properties === null) return null;
    member.properties = properties;
  }
  return member;
}

/** The member as it goes on the wire. */
export function serializeBaggageMember(member: BaggageMember): string {
  const base = `${member.key}=${encodeBaggageValue(member.value)}`;
  return member.properties ? `${base};${member.properties}` : base;
}

/**
 * Keeps whole members, in order, while the limits allow: a member that would take the header over
 * 8,192 bytes is skipped entirely and smaller ones after it may still fit; at most 64 members.
 */
export function limitBaggageMembers(serialized: readonly string[]): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (const item of serialized) {
    if (kept.length >= MAX_BAGGAGE_MEMBERS) break;
    const size = item.length + (kept.length === 0 ? 0 : 1);
    if (bytes + size > MAX_BAGGAGE_BYTES) continue;
    kept.push(item);
    bytes += size;
  }
  return kept;
}

/**
 * Parses a (combined) `baggage` header. Invalid members are dropped whole; limits apply to the
 * members' normalized serialization. Later duplicates of a key replace earlier ones.
 */
export function parseBaggageHeader(header: string): BaggageMember[] {
  const members: BaggageMember[] = [];
  let bytes = 0;
  let start = 0;
  const scanEnd = Math.min(header.length, MAX_BAGGAGE_SCAN);
  while (start < scanEnd && members.length < MAX_BAGGAGE_MEMBERS) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const raw = header.slice(start, end);
    start = end + 1;
    if (raw.length > MAX_BAGGAGE_BYTES * 3 + 16) continue; // cannot fit even after decoding
    const member = parseBaggageMember(raw);
    if (!member) continue;
    const size = serializeBaggageMember(member).length + (members.length === 0 ? 0 : 1);
    if (bytes + size > MAX_BAGGAGE_BYTES) continue;
    members.push(member);
    bytes += size;
  }
  return members;
}
