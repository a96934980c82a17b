import { chmodSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initializeTracing, shutdownTracing } from '../../src/index';
import { trace } from '@opentelemetry/api';
import { startOtlpGrpcReceiver } from '../support/receivers/index';
import { drainReceiver, pollUntil, spoolPipeline, tempDir, tick } from './spool-harness';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

async function setup(fault: 'refuse' | 'ok' = 'refuse') {
  const receiver = await startOtlpGrpcReceiver({ fault: { mode: fault } });
  const tmp = tempDir();
  cleanups.push(() => tmp.remove(), () => receiver.close());
  return { receiver, dir: tmp.dir };
}

describe('disk spool limits and damage', () => {
  it('a full spool (tiny maxBytes) drops its oldest segments, counts them, and delivers the rest', async () => {
    const { receiver, dir } = await setup();
    const p = await spoolPipeline(receiver, { dir, maxBytes: 64 * 1024, fsync: 'none' }, { maxBatchSize: 100, maxQueueSize: 400 });
    cleanups.push(() => p.close());
    for (let i = 0; i < 40; i++) {
      p.end(100);
      await tick();
    }
    await pollUntil(() => p.stats().queueSize === 0 && p.stats().inFlightSpans === 0, 10_000, 'all on disk');
    const full = p.stats();
    expect(full.spoolBytes).toBeLessThanOrEqual(64 * 1024);
    expect(full.spoolDroppedSpans).toBeGreaterThan(0);
    expect(full.droppedSpans).toBe(full.spoolDroppedSpans);
    expect(full.spooledSpans + full.spoolDroppedSpans).toBe(4_000);

    await receiver.setFault({ mode: 'ok' });
    const seen = new Map<string, number>();
    await pollUntil(() => p.stats().spooledSpans === 0 && p.stats().inFlightSpans === 0, 20_000, 'spool replayed', () => drainReceiver(receiver, seen));
    drainReceiver(receiver, seen);
    expect(seen.size).toBe(full.spooledSpans);
    expect(p.stats()).toMatchObject({ exportedSpans: full.spooledSpans, replayedSpans: full.spooledSpans, failedSpans: 0 });
    // The spans kept are the newest ones.
    expect(seen.has(p.endedIds.at(-1)!)).toBe(true);
    expect(seen.has(p.endedIds[0]!)).toBe(false);
    expect(p.violations).toEqual([]);
  }, 60_000);

  it('a torn last frame left by a crash is skipped and counted at the next start; the rest is delivered', async () => {
    const { receiver, dir } = await setup();
    const first = await spoolPipeline(receiver, { dir, fsync: 'none' }, { maxBatchSize: 100 });
    first.end(500);
    await first.processor.forceFlush();
    expect(first.stats().spooledSpans).toBe(500);
    // As a crash would: nothing more is sent, the files stay, the lock goes with the process.
    expect(first.processor.abandon('simulated crash')).toBe(0);
    const slot = first.link!.store.dir;
    const segment = join(slot, readdirSync(slot).find((n) => n.endsWith('.seg'))!);
    truncateSync(segment, statSync(segment).size - 50);

    await receiver.setFault({ mode: 'ok' });
    const second = await spoolPipeline(receiver, { dir, fsync: 'none' }, { maxBatchSize: 100 });
    cleanups.push(() => second.close());
    expect(second.stats()).toMatchObject({ recoveredSpans: 400, corruptFrames: 1 });
    const seen = new Map<string, number>();
    await pollUntil(() => seen.size === 400, 10_000, 'recovered spans delivered', () => drainReceiver(receiver, seen));
    // The receiver stores a request just before its answer reaches the exporter's stats.
    await pollUntil(() => second.stats().inFlightSpans === 0 && second.stats().spooledSpans === 0, 5_000, 'stats settled');
    // Two exports were in flight when the backend failed, so which batch was written last varies.
    expect([...seen.keys()].filter((id) => !first.endedIds.includes(id))).toEqual([]);
    expect(second.stats()).toMatchObject({ exportedSpans: 400, replayedSpans: 400, spooledSpans: 0, droppedSpans: 0 });
    expect(second.violations).toEqual([]);
  }, 30_000);

  it('a spool directory that cannot be written is a clear error at start; export goes on in memory', async () => {
    const { receiver, dir } = await setup('ok');
    const readOnly = unwritableDir(dir);
    const handle = await initializeTracing({
      serviceName: 'ro-test',
      exporterType: 'otlp',
      endpoint: receiver.url,
      protocol: 'grpc',
      batchTimeout: 20,
      handleSignals: false,
      logLevel: 'none',
      spool: { dir: readOnly },
    });
    cleanups.push(() => shutdownTracing());
    const stats = handle.exporters[0]!.getStats();
    expect(stats.lastError).toMatch(/disk spool at .* cannot be used \(.+\); spans are kept in memory only/);
    const tracer = trace.getTracer('ro');
    for (let i = 0; i < 10; i++) tracer.startSpan(`ro-${i}`).end();
    const spans = await receiver.waitForSpans(10);
    expect(spans.map((s) => s.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `ro-${i}`).sort());
    await pollUntil(() => handle.getStats().exportedSpans === 10, 5_000, 'export counted');
    expect(handle.getStats()).toMatchObject({ exportedSpans: 10, spooledSpans: 0 });
  });
});

/**
 * A directory this process cannot create files in: mode 0555 for an ordinary user; root ignores
 * modes, so there it is a path below sysfs, which refuses new entries (EPERM) to everyone.
 */
function unwritableDir(tmp: string): string {
  const dir = join(tmp, 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), '');
  } catch {
    return dir;
  }
  return '/sys/kernel/tracewright-spool';
}
