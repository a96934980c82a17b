import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSpool } from '../../src/pipeline/disk-spool';
import { decodeFrames, encodeFrame, FRAME_HEADER_BYTES } from '../../src/pipeline/spool-frame';
import { tempDir } from '../fault/spool-harness';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function open(base: string, maxBytes = 1024 * 1024, lost: Array<[number, string]> = []): DiskSpool {
  const spool = new DiskSpool({ base, maxBytes, fsync: 'none', onLost: (n, why) => lost.push([n, why]) });
  cleanups.push(() => spool.close());
  return spool;
}

function base(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return join(t.dir, 'svc', 'otlp');
}

const payload = (i: number, size = 100) => Buffer.alloc(size, i % 251);
const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.seg')).sort();

describe('spool frames', () => {
  it('round-trips payload and span count, and finds frames after junk', () => {
    const data = Buffer.concat([encodeFrame(payload(1), 3), Buffer.from('junk!junk'), encodeFrame(payload(2, 7), 1)]);
    const { frames, corrupt } = decodeFrames(data);
    expect(frames.map((f) => [f.spans, f.payload.length, f.payload[0]])).toEqual([[3, 100, 1], [1, 7, 2]]);
    expect(corrupt).toBe(1);
  });

  it('rejects a frame whose span count or payload was changed (the CRC covers both)', () => {
    const a = encodeFrame(payload(1), 3);
    a.writeUInt32BE(4, 8);
    const b = encodeFrame(payload(1), 3);
    b[FRAME_HEADER_BYTES + 5] ^= 1;
    expect(decodeFrames(a)).toMatchObject({ frames: [], corrupt: 1 });
    expect(decodeFrames(b)).toMatchObject({ frames: [], corrupt: 1 });
  });
});

describe('DiskSpool', () => {
  it('replays frames in order across segments and deletes each segment once acknowledged', () => {
    const b = base();
    const spool = open(b, 512 * 1024); // 64 KiB segments
    for (let i = 0; i < 40; i++) spool.append(payload(i, 4000), i + 1);
    expect(segments(spool.dir).length).toBeGreaterThan(1);
    expect(spool.spooledSpans).toBe((40 * 41) / 2);
    const order: number[] = [];
    for (let frame = spool.take(); frame; frame = spool.take()) {
      order.push(frame.spans);
      spool.ack(frame);
    }
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(spool.spooledSpans).toBe(0);
    expect(spool.bytes).toBe(0);
    expect(segments(spool.dir)).toEqual([]);
  });

  it('puts a frame that could not be sent back at the front', () => {
    const spool = open(base());
    spool.append(payload(1), 1);
    spool.append(payload(2), 2);
    const first = spool.take()!;
    spool.putBack(first);
    expect(spool.spooledSpans).toBe(3);
    expect(spool.take()!.spans).toBe(1);
  });

  it('a torn last frame (crash mid-write) is skipped and counted; the frames before it are replayed', () => {
    const b = base();
    const first = open(b);
    for (let i = 0; i < 5; i++) first.append(payload(i), 10);
    const [segment] = segments(first.dir);
    const path = join(first.dir, segment!);
    first.close();
    truncateSync(path, statSync(path).size - 30);
    const again = open(b);
    expect(again.recoveredSpans).toBe(40);
    expect(again.corruptFrames).toBe(1);
    const spans: number[] = [];
    for (let f = again.take(); f; f = again.take()) {
      spans.push(f.spans);
      again.ack(f);
    }
    expect(spans).toEqual([10, 10, 10, 10]);
  });

  it('survives random junk appended to a segment: intact frames only, never a throw', () => {
    const b = base();
    const first = open(b);
    first.append(payload(1), 2);
    const path = join(first.dir, segments(first.dir)[0]!);
    first.close();
    appendFileSync(path, Buffer.from([0x54, 0x57, 0x53, 0x46, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    const again = open(b);
    expect(again.recoveredSpans).toBe(2);
    expect(again.corruptFrames).toBe(1);
  });

  it('when full, drops the oldest segment and reports its spans', () => {
    const lost: Array<[number, string]> = [];
    const spool = open(base(), 64 * 1024, lost); // segments of 64 KiB: one at a time
    for (let i = 0; i < 40; i++) spool.append(payload(i, 4000), 1);
    expect(spool.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every(([, why]) => /spool full/.test(why))).toBe(true);
    const dropped = lost.reduce((n, [k]) => n + k, 0);
    expect(dropped + spool.spooledSpans).toBe(40);
    // The newest frames are the ones kept.
    const kept: number[] = [];
    for (let f = spool.take(); f; f = spool.take()) {
      kept.push(f.payload[0]!);
      spool.ack(f);
    }
    expect(kept.at(-1)).toBe(39);
  });

  it('two spools of one exporter in one process use two slots; a lock of a dead pid is taken over', () => {
    const b = base();
    const a = open(b);
    const second = open(b);
    expect(second.dir).toBe(`${b}.1`);
    expect(readFileSync(join(a.dir, 'lock'), 'utf8').trim()).toBe(String(process.pid));
    a.close();
    second.close();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(b, 'lock'), `${dead.stdout}\n`);
    const taken = open(b);
    expect(taken.dir).toBe(b);
  });
});
