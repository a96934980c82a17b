/**
 * A small reader for the Thrift COMPACT protocol, enough for the Jaeger agent's
 * `Agent.emitBatch(1: jaeger.Batch batch)` oneway message (UDP port 6831). thriftrw only speaks
 * the binary protocol. The reader is generic (fields by id) and a thin map turns the result into
 * the same shapes thriftrw produces for jaeger.thrift, so one normalizer serves both.
 *
 * Compact protocol, as specified in Apache Thrift's doc/specs/thrift-compact-protocol.md:
 * message header 0x82, (version 1 | type << 5), varint seqid, varint-length name; fields are a
 * byte of (id delta << 4 | type) or (0 | type) + zigzag i16 id; ints are zigzag varints; doubles
 * are 8 bytes little-endian; lists are (size << 4 | elemType) or (0xF0 | elemType) + varint size.
 */
import type { JaegerBatch, JaegerSpan, JaegerSpanRef, JaegerTag } from './jaeger-thrift';

const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 };
const MESSAGE_TYPES = ['', 'CALL', 'REPLY', 'EXCEPTION', 'ONEWAY'];

type Value = boolean | number | bigint | Buffer | Value[] | Fields | Map<Value, Value>;
type Fields = Map<number, Value>;

class CompactReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  private byte(): number {
    if (this.offset >= this.buffer.length) throw new RangeError(`compact: read past end at ${this.offset}`);
    return this.buffer[this.offset++]!;
  }
  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new RangeError('compact: varint too long');
  }
  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }
  private size(): number {
    const n = Number(this.varint());
    if (n > this.buffer.length) throw new RangeError(`compact: size ${n} larger than the datagram`);
    return n;
  }
  private bytes(length: number): Buffer {
    if (this.offset + length > this.buffer.length) throw new RangeError('compact: binary past end');
    const out = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  value(type: number): Value {
    switch (type) {
      case T.TRUE:
        return true;
      case T.FALSE:
        return false;
      case T.BYTE:
        return (this.byte() << 24) >> 24;
      case T.I16:
      case T.I32:
        return Number(this.zigzag());
      case T.I64:
        return BigInt.asIntN(64, this.zigzag());
      case T.DOUBLE:
        return this.bytes(8).readDoubleLE(0);
      case T.BINARY:
        return this.bytes(this.size());
      case T.LIST:
      case T.SET: {
        const header = this.byte();
        const count = header >> 4 === 15 ? this.size() : header >> 4;
        const elementType = header & 0x0f;
        const items: Value[] = [];
        for (let i = 0; i < count; i++) {
          // Booleans inside collections take a whole byte (1 = true).
          items.push(elementType === T.TRUE || elementType === T.FALSE ? this.byte() === T.TRUE : this.value(elementType));
        }
        return items;
      }
      case T.MAP: {
        const count = this.size();
        const map = new Map<Value, Value>();
        if (count === 0) return map;
        const types = this.byte();
        for (let i = 0; i < count; i++) map.set(this.value(types >> 4), this.value(types & 0x0f));
        return map;
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new TypeError(`compact: unknown type ${type} at ${this.offset - 1}`);
    }
  }

  struct(): Fields {
    const fields: Fields = new Map();
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const type = header & 0x0f;
      const delta = header >> 4;
      const id = delta === 0 ? Number(this.zigzag()) : lastId + delta;
      lastId = id;
      fields.set(id, this.value(type));
    }
  }

  message(): { name: string; type: string; seqId: number; args: Fields } {
    if (this.byte() !== 0x82) throw new TypeError('compact: not a compact message (protocol id 0x82)');
    const versionAndType = this.byte();
    if ((versionAndType & 0x1f) !== 1) throw new TypeError(`compact: unsupported version ${versionAndType & 0x1f}`);
    const type = MESSAGE_TYPES[versionAndType >> 5] ?? 'UNKNOWN';
    const seqId = Number(this.varint());
    const name = this.bytes(this.size()).toString('utf8');
    return { name, type, seqId, args: this.struct() };
  }
}

const str = (v: Value | undefined): string => (Buffer.isBuffer(v) ? v.toString('utf8') : '');
const list = (v: Value | undefined): Fields[] => (Array.isArray(v) ? (v as Fields[]) : []);

function toTag(f: Fields): JaegerTag {
  return {
    key: str(f.get(1)),
    vType: f.get(2) as number,
    vStr: f.has(3) ? str(f.get(3)) : null,
    vDouble: (f.get(4) as number | undefined) ?? null,
    vBool: (f.get(5) as boolean | undefined) ?? null,
    vLong: f.get(6) ?? null,
    vBinary: (f.get(7) as Buffer | undefined) ?? null,
  };
}

function toRef(f: Fields): JaegerSpanRef {
  return { refType: f.get(1) as number, traceIdLow: f.get(2), traceIdHigh: f.get(3), spanId: f.get(4) };
}

function toSpan(f: Fields): JaegerSpan {
  return {
    traceIdLow: f.get(1),
    traceIdHigh: f.get(2),
    spanId: f.get(3),
    parentSpanId: f.get(4),
    operationName: str(f.get(5)),
    references: list(f.get(6)).map(toRef),
    flags: (f.get(7) as number | undefined) ?? 0,
    startTime: f.get(8),
    duration: f.get(9),
    tags: list(f.get(10)).map(toTag),
    logs: list(f.get(11)).map((log) => ({ timestamp: log.get(1), fields: list(log.get(2)).map(toTag) })),
  };
}

/** Reads a compact `Agent.emitBatch` message into the jaeger.thrift `Batch` shape. */
export function readCompactEmitBatch(datagram: Buffer): JaegerBatch {
  const message = new CompactReader(datagram).message();
  if (message.name !== 'emitBatch') throw new Error(`unsupported agent method "${message.name}" (compact)`);
  const batch = message.args.get(1);
  if (!(batch instanceof Map)) throw new TypeError('compact: emitBatch has no batch argument');
  const process = (batch.get(1) as Fields | undefined) ?? new Map();
  return {
    process: { serviceName: str(process.get(1)), tags: list(process.get(2)).map(toTag) },
    spans: list(batch.get(2)).map(toSpan),
  };
}
