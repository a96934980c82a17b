import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver } from '../support/receivers/index';
import { drainReceiver, pollUntil, spoolPipeline, tempDir, tick } from './spool-harness';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

/**
 * Time is compressed: a "second" of the outage is 5,000 spans ended in ten bursts of 500 with the
 * event loop let through in between (the exporter, the spill and the probe timers run for real).
 * What matters to the spool is how many spans arrive while the backend is down, not the clock:
 * 60 "seconds" are 300,000 spans, 146 times the 2,048-span queue.
 */
const SPANS_PER_SECOND = 5_000;

describe('disk spool through a collector outage (OTLP receivers on loopback)', () => {
  it('OTLP/gRPC: a 60 s outage at 5,000 spans/s: every span arrives, each exactly once by span id', async () => {
    const receiver = await startOtlpGrpcReceiver();
    const tmp = tempDir();
    cleanups.push(() => tmp.remove(), () => receiver.close());
    const p = await spoolPipeline(receiver, { dir: tmp.dir, fsync: 'none' });
    cleanups.push(() => p.close());
    const seen = new Map<string, number>();

    p.end(1_000);
    await pollUntil(() => seen.size === 1_000, 10_000, 'warm-up delivered', () => drainReceiver(receiver, seen));
    await receiver.setFault({ mode: 'refuse' });
    for (let second = 0; second < 60; second++) {
      for (let burst = 0; burst < 10; burst++) {
        p.end(SPANS_PER_SECOND / 10);
        await tick();
      }
      p.check();
    }
    const during = p.stats();
    expect(during.spooledSpans).toBeGreaterThan(290_000);
    expect(during.droppedSpans).toBe(0);
    expect(during.failedSpans).toBe(0);
    expect(during.spoolBytes).toBeGreaterThan(0);

    await receiver.setFault({ mode: 'ok' });
    await pollUntil(() => seen.size === p.endedIds.length, 50_000, 'every span delivered', () => drainReceiver(receiver, seen));
    await pollUntil(() => p.stats().spooledSpans === 0 && p.stats().inFlightSpans === 0, 5_000, 'spool empty');

    const lost = p.endedIds.filter((id) => !seen.has(id));
    const duplicates = [...seen.values()].reduce((n, times) => n + times - 1, 0);
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    const s = p.stats();
    expect(s).toMatchObject({ exportedSpans: 301_000, droppedSpans: 0, failedSpans: 0, spoolDroppedSpans: 0, corruptFrames: 0, spooledSpans: 0, spoolBytes: 0 });
    // Everything on disk at the end of the outage came back through the replay.
    expect(s.replayedSpans).toBeGreaterThanOrEqual(during.spooledSpans);
    expect(p.violations).toEqual([]);
  }, 60_000);

  it('OTLP/HTTP (protobuf): a 10 s outage at 5,000 spans/s answered 503, every span arrives once', async () => {
    const receiver = await startOtlpHttpReceiver();
    const tmp = tempDir();
    cleanups.push(() => tmp.remove(), () => receiver.close());
    const p = await spoolPipeline(receiver, { dir: tmp.dir, fsync: 'none' }, {}, 'http/protobuf');
    cleanups.push(() => p.close());
    const seen = new Map<string, number>();
    await receiver.setFault({ mode: 'fail', status: 503 });
    for (let second = 0; second < 10; second++) {
      for (let burst = 0; burst < 10; burst++) {
        p.end(SPANS_PER_SECOND / 10);
        await tick();
      }
    }
    expect(p.stats()).toMatchObject({ exportedSpans: 0, droppedSpans: 0, failedSpans: 0 });
    expect(p.stats().spooledSpans).toBeGreaterThan(45_000);
    await receiver.setFault({ mode: 'ok' });
    await pollUntil(() => seen.size === 50_000, 30_000, 'every span delivered', () => drainReceiver(receiver, seen));
    await pollUntil(() => p.stats().spooledSpans === 0 && p.stats().inFlightSpans === 0, 5_000, 'spool empty');
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    expect(p.endedIds.filter((id) => !seen.has(id))).toEqual([]);
    expect(p.stats()).toMatchObject({ exportedSpans: 50_000, droppedSpans: 0, failedSpans: 0, spoolBytes: 0 });
    expect(p.violations).toEqual([]);
  }, 60_000);
});
