/**
 * A tiny Thrift COMPACT protocol writer for the self-test of the compact reader: no npm package
 * here writes compact (thriftrw is binary only), so the test encodes an `Agent.emitBatch` by hand,
 * following Apache Thrift's thrift-compact-protocol.md, including the long field-header and long
 * list-header forms and negative zigzag integers.
 */
export type CompactValue =
  | { t: 'bool'; v: boolean }
  | { t: 'i32'; v: number }
  | { t: 'i64'; v: bigint }
  | { t: 'double'; v: number }
  | { t: 'string'; v: string }
  | { t: 'list'; elem: CompactValue['t']; items: CompactValue[] }
  | { t: 'struct'; fields: [number, CompactValue][] };

const TYPE_IDS = { bool: 1, i32: 5, i64: 6, double: 7, string: 8, list: 9, struct: 12 } as const;

export class CompactWriter {
  private readonly bytes: number[] = [];

  private varint(value: bigint): void {
    let n = value;
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
  }
  private zigzag(value: bigint): void {
    this.varint(BigInt.asUintN(64, (value << 1n) ^ (value >> 63n)));
  }

  private write(value: CompactValue): void {
    switch (value.t) {
      case 'bool':
        this.bytes.push(value.v ? 1 : 2);
        return;
      case 'i32':
        return this.zigzag(BigInt(value.v));
      case 'i64':
        return this.zigzag(value.v);
      case 'double': {
        const b = Buffer.alloc(8);
        b.writeDoubleLE(value.v);
        this.bytes.push(...b);
        return;
      }
      case 'string': {
        const b = Buffer.from(value.v, 'utf8');
        this.varint(BigInt(b.length));
        this.bytes.push(...b);
        return;
      }
      case 'list': {
        const elem = TYPE_IDS[value.elem];
        if (value.items.length < 15) this.bytes.push((value.items.length << 4) | elem);
        else {
          this.bytes.push(0xf0 | elem);
          this.varint(BigInt(value.items.length));
        }
        for (const item of value.items) this.write(item);
        return;
      }
      case 'struct': {
        let lastId = 0;
        for (const [id, field] of value.fields) {
          const type = field.t === 'bool' ? (field.v ? 1 : 2) : TYPE_IDS[field.t];
          const delta = id - lastId;
          if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
          else {
            this.bytes.push(type);
            this.zigzag(BigInt(id));
          }
          lastId = id;
          if (field.t !== 'bool') this.write(field);
        }
        this.bytes.push(0);
      }
    }
  }

  /** A oneway message (type 4) named `name` whose argument struct is `args`. */
  message(name: string, args: CompactValue & { t: 'struct' }, seqId = 0): Buffer {
    this.bytes.push(0x82, 1 | (4 << 5));
    this.varint(BigInt(seqId));
    this.write({ t: 'string', v: name });
    this.write(args);
    return Buffer.from(this.bytes);
  }
}

export const i64Hex = (hex: string): CompactValue => ({ t: 'i64', v: BigInt.asIntN(64, BigInt(`0x${hex}`)) });
export const str = (v: string): CompactValue => ({ t: 'string', v });
export const stringTag = (key: string, value: string): CompactValue => ({
  t: 'struct',
  fields: [
    [1, str(key)],
    [2, { t: 'i32', v: 0 }],
    [3, str(value)],
  ],
});
