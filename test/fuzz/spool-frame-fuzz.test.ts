/**
 * Property-based tests of the spool's frame reader (src/pipeline/spool-frame.ts), which reads
 * whatever a crash, a full disk or a damaged file left. Invariants: it never throws, on any bytes;
 * its work is bounded by `bytes × (1 + magic occurrences)` (each candidate frame is checksummed
 * once: no quadratic rescans on junk); every frame it returns is intact (re-encoding it gives the
 * very bytes it was read from); a cut anywhere returns exactly the frames wholly before the cut,
 * with at most one damaged stretch; junk between frames loses no frame around it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrame, FRAME_MAGIC } from '../../src/pipeline/spool-frame';

const RUNS = { numRuns: 400 };
const MAGIC = Buffer.alloc(4);
MAGIC.writeUInt32BE(FRAME_MAGIC);

const payloads = fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 12 });
const spanCounts = fc.integer({ min: 0, max: 0xffffffff });

function magicCount(data: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(MAGIC); i !== -1; i = data.indexOf(MAGIC, i + 1)) n++;
  return n;
}

function checkIntact(data: Buffer, result: ReturnType<typeof decodeFrames>): void {
  for (const f of result.frames) {
    const again = encodeFrame(f.payload, f.spans);
    expect(again.equals(data.subarray(f.offset, f.offset + again.length))).toBe(true);
  }
  expect(result.work).toBeLessThanOrEqual(data.length * (1 + magicCount(data)) + 16);
}

describe('spool frame reader under fuzzing', () => {
  it('never throws on random bytes, bounded work, only intact frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const data = Buffer.from(bytes);
        const result = decodeFrames(data);
        checkIntact(data, result);
        expect(result.corrupt).toBeLessThanOrEqual(data.length);
      }),
      RUNS,
    );
  });

  it('random bytes sprinkled with the magic and junk lengths: bounded work, only intact frames', () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      fc.constant(MAGIC),
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).map(([len, n]) => {
        const b = Buffer.alloc(16);
        b.writeUInt32BE(FRAME_MAGIC, 0);
        b.writeUInt32BE(len, 4);
        b.writeUInt32BE(n, 8);
        return b;
      }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const data = Buffer.concat(pieces);
        checkIntact(data, decodeFrames(data));
      }),
      RUNS,
    );
  });

  it('a cut anywhere (torn write) returns exactly the frames wholly before it, and at most one damaged stretch', () => {
    fc.assert(
      fc.property(payloads, spanCounts, fc.nat(), (list, spans, cutSeed) => {
        const frames = list.map((p, i) => encodeFrame(p, (spans + i) >>> 0));
        const data = Buffer.concat(frames);
        const cut = cutSeed % (data.length + 1);
        const result = decodeFrames(data.subarray(0, cut));
        let end = 0;
        const whole = frames.filter((f) => (end += f.length) <= cut).length;
        expect(result.frames.map((f) => f.spans)).toEqual(list.slice(0, whole).map((_, i) => (spans + i) >>> 0));
        const torn = cut !== frames.slice(0, whole).reduce((n, f) => n + f.length, 0);
        expect(result.corrupt).toBe(torn ? 1 : 0);
        checkIntact(data.subarray(0, cut), result);
      }),
      RUNS,
    );
  });

  it('junk between frames loses none of them; a flipped byte loses at most the frame it hit', () => {
    fc.assert(
      fc.property(payloads, fc.uint8Array({ minLength: 1, maxLength: 50 }), fc.nat(), fc.nat(), (list, junk, at, flip) => {
        const frames = list.map((p, i) => encodeFrame(p, i));
        const where = at % (frames.length + 1);
        const withJunk = Buffer.concat([...frames.slice(0, where), Buffer.from(junk), ...frames.slice(where)]);
        const found = decodeFrames(withJunk).frames.map((f) => f.spans);
        // Junk that happens to hold a whole valid frame could add one; every original is there.
        for (let i = 0; i < frames.length; i++) expect(found).toContain(i);

        const data = Buffer.concat(frames);
        const pos = flip % data.length;
        data[pos] = data[pos]! ^ 0xff;
        const after = decodeFrames(data);
        expect(after.frames.length).toBeGreaterThanOrEqual(frames.length - 1);
        expect(after.corrupt).toBeLessThanOrEqual(1);
        checkIntact(data, after);
      }),
      RUNS,
    );
  });
});
