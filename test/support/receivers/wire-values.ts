/**
 * Small converters from wire representations (protobufjs Longs, 8-byte big-endian buffers, OTLP JSON
 * strings) to the normalized span's values.
 */

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

function isLongLike(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && 'low' in value && 'high' in value;
}

/** Lowercase hex of a byte array. */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * An id from protobuf bytes (Uint8Array) or OTLP JSON (hex, as the OTLP JSON spec says; base64 is
 * accepted too because protobufjs's own JSON form uses it). Empty → undefined.
 */
export function toHexId(value: unknown, byteLength: 8 | 16): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : bytesToHex(value);
  if (typeof value === 'string') {
    if (value === '') return undefined;
    if (value.length === byteLength * 2 && /^[0-9a-fA-F]+$/.test(value)) return value.toLowerCase();
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === byteLength) return decoded.toString('hex');
    return value.toLowerCase();
  }
  throw new TypeError(`cannot read an id from ${typeof value}`);
}

/** A 64-bit integer from a protobufjs Long, a decimal string, a number, a bigint or an 8-byte big-endian buffer. */
export function toBigInt(value: unknown, signed = false): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.round(value));
  if (typeof value === 'string') return value === '' ? 0n : BigInt(value);
  if (value instanceof Uint8Array && value.length === 8) {
    const view = Buffer.from(value.buffer, value.byteOffset, 8);
    return signed ? view.readBigInt64BE(0) : view.readBigUInt64BE(0);
  }
  if (isLongLike(value)) {
    const unsignedValue = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    return value.unsigned ? unsignedValue : BigInt.asIntN(64, unsignedValue);
  }
  if (value === undefined || value === null) return 0n;
  throw new TypeError(`cannot read a 64-bit integer from ${typeof value}`);
}

/** `number` when it is exactly representable, else the bigint. */
export function toSafeNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
