import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { accountedSpans } from '../support/stats-invariant';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { RetryingBatchSpanProcessor } from '../../src/pipeline/retrying-batch-processor';
import { ScriptedExporter, grpcError, type Step } from './scripted-exporter';
import { counters } from './pipeline-harness';
import { waitUntil } from '../support/wait-until';

function setup(script: Step[], maxConcurrentExports: number) {
  const inner = new ScriptedExporter(script);
  const exporter = new ManagedExporter('test', inner);
  const processor = new RetryingBatchSpanProcessor(exporter, {
    maxQueueSize: 100,
    maxBatchSize: 10,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 2_000,
    batch: true,
    retry: { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 },
    maxConcurrentExports,
  });
  const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('t');
  let ended = 0;
  const end = (n: number) => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${ended++}`).end();
  };
  const invariant = () => {
    const s = processor.getStats();
    expect(accountedSpans(s)).toBe(ended);
  };
  inner.onExport = invariant;
  return { inner, processor, end, invariant };
}

const waitFor = waitUntil;

describe('several exports in flight (maxConcurrentExports)', () => {
  it('runs up to the limit at once and counts every span exactly', async () => {
    const t = setup(['hang'], 3);
    t.end(55);
    await waitFor(() => t.inner.callCount === 3);
    expect(counters(t.processor.getStats())).toMatchObject({ totalExports: 3, inFlightSpans: 30, queueSize: 25 });
    t.invariant();
    t.inner.release();
    await waitFor(() => t.inner.callCount === 5);
    t.inner.release();
    await t.processor.forceFlush();
    t.inner.release();
    await waitFor(() => t.processor.getStats().exportedSpans === 55);
    expect(t.inner.delivered.sort()).toEqual(Array.from({ length: 55 }, (_, i) => `s${i}`).sort());
    expect(counters(t.processor.getStats())).toMatchObject({ totalExports: 6, successfulExports: 6, exportedSpans: 55, queueSize: 0, inFlightSpans: 0 });
    t.invariant();
  });

  it('retries each batch on its own while the others go on', async () => {
    const t = setup([{ fail: grpcError(14) }, 'ok', 'ok', 'ok'], 2);
    t.end(30);
    await t.processor.forceFlush();
    expect(t.inner.delivered.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `s${i}`).sort());
    expect(counters(t.processor.getStats())).toMatchObject({ totalExports: 4, successfulExports: 3, failedExports: 1, retriedExports: 1, exportedSpans: 30, inFlightSpans: 0 });
    t.invariant();
  });

  it('shutdown waits for every export in flight', async () => {
    const t = setup(['hang'], 2);
    t.end(20);
    expect(t.processor.getStats().inFlightSpans).toBe(20);
    await waitFor(() => t.inner.callCount === 2);
    const done = t.processor.shutdown();
    t.inner.release();
    await done;
    expect(counters(t.processor.getStats())).toMatchObject({ exportedSpans: 20, failedSpans: 0, inFlightSpans: 0, queueSize: 0 });
  });
});
