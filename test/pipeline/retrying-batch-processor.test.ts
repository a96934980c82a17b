import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagLogLevel, TraceFlags, context, diag, type DiagLogger } from '@opentelemetry/api';
import { accountedSpans } from '../support/stats-invariant';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { RetryingBatchSpanProcessor, type ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import type { ExportStats } from '../../src/pipeline/stats';
import { ScriptedExporter, grpcError, type Step } from './scripted-exporter';
import { waitUntil } from '../support/wait-until';

const fastRetry = { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 };

function setup(script: Step[], options: Partial<ProcessorOptions> = {}) {
  const inner = new ScriptedExporter(script);
  const exporter = new ManagedExporter('test', inner);
  const processor = new RetryingBatchSpanProcessor(exporter, {
    maxQueueSize: 100,
    maxBatchSize: 10,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 2_000,
    batch: true,
    // one export at a time: the exact counters below follow one batch after the other
    maxConcurrentExports: 1,
    retry: fastRetry,
    ...options,
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('t');
  let ended = 0;
  const end = (n: number, prefix = 's') => {
    for (let i = 0; i < n; i++) {
      tracer.startSpan(`${prefix}${ended}`).end();
      ended++;
    }
  };
  const checkInvariant = () => {
    const s = processor.getStats();
    // The spool terms are zero here (no spool); test/pipeline/spool-processor.test.ts covers them.
    expect(accountedSpans(s)).toBe(ended + s.recoveredSpans);
  };
  inner.onExport = checkInvariant;
  return { inner, exporter, processor, provider, end, checkInvariant, ended: () => ended };
}

function counters(s: ExportStats) {
  const { lastError: _e, lastExportDurationMs: _d, ...rest } = s;
  return rest;
}

const zero = {
  totalExports: 0, successfulExports: 0, failedExports: 0, retriedExports: 0, queueSize: 0,
  exportedSpans: 0, droppedSpans: 0, failedSpans: 0, inFlightSpans: 0,
  spooledSpans: 0, spoolBytes: 0, replayedSpans: 0, spoolDroppedSpans: 0, corruptFrames: 0, recoveredSpans: 0,
};

afterEach(() => {
  diag.disable();
  context.disable();
});

describe('RetryingBatchSpanProcessor', () => {
  it('exports full batches at once and the rest on forceFlush, in order, under suppressTracing', async () => {
    // suppressTracing travels in the active context, so this test needs a context manager.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const t = setup(['ok']);
    t.end(25);
    t.checkInvariant();
    await t.processor.forceFlush();
    expect(t.inner.batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(t.inner.delivered).toEqual(Array.from({ length: 25 }, (_, i) => `s${i}`));
    expect(t.inner.suppressed).toEqual([true, true, true]);
    expect(counters(t.processor.getStats())).toEqual({ ...zero, totalExports: 3, successfulExports: 3, exportedSpans: 25 });
    expect(t.exporter.getStats()).toEqual(t.processor.getStats());
    expect(t.processor.getStats().lastExportDurationMs).toBeTypeOf('number');
    t.checkInvariant();
  });

  it('sends a partial batch when the scheduled delay passes', async () => {
    const t = setup(['ok'], { scheduledDelayMillis: 10 });
    t.end(3);
    expect(t.processor.getStats().queueSize).toBe(3);
    await waitFor(() => t.processor.getStats().exportedSpans === 3);
    expect(t.inner.delivered).toEqual(['s0', 's1', 's2']);
    expect(counters(t.processor.getStats())).toEqual({ ...zero, totalExports: 1, successfulExports: 1, exportedSpans: 3 });
  });

  it('retries UNAVAILABLE twice, then delivers every span of the batch', async () => {
    const t = setup([{ fail: grpcError(14) }, { fail: grpcError(14) }, 'ok']);
    t.end(10);
    await t.processor.forceFlush();
    expect(t.inner.delivered).toHaveLength(10);
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 3, successfulExports: 1, failedExports: 2, retriedExports: 2, exportedSpans: 10,
    });
    expect(t.processor.getStats().lastError).toMatch(/14/);
  });

  it('does not retry a permanent error (INVALID_ARGUMENT) and counts the batch as failed', async () => {
    const t = setup([{ fail: grpcError(3) }, 'ok']);
    t.end(10);
    await t.processor.forceFlush();
    expect(counters(t.processor.getStats())).toEqual({ ...zero, totalExports: 1, failedExports: 1, failedSpans: 10 });
    expect(t.processor.getStats().lastError).toBe('gRPC INVALID_ARGUMENT, not retryable');
  });

  it('gives up after maxAttempts and counts the spans as failed', async () => {
    const t = setup([{ fail: grpcError(14) }]);
    t.end(10);
    await t.processor.forceFlush();
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 4, failedExports: 4, retriedExports: 3, failedSpans: 10,
    });
    expect(t.processor.getStats().lastError).toBe('gRPC UNAVAILABLE after 4 attempt(s)');
  });

  it('keeps queueing while a batch waits for its retry, then delivers everything (no loss)', async () => {
    const t = setup([{ fail: grpcError(14) }, { fail: grpcError(14) }, 'ok'], {
      retry: { ...fastRetry, initialDelayMs: 30, maxDelayMs: 30 },
    });
    t.end(10);
    await waitFor(() => t.processor.getStats().failedExports === 1);
    t.end(35);
    const mid = t.processor.getStats();
    expect(mid.inFlightSpans).toBe(10);
    expect(mid.queueSize).toBe(35);
    t.checkInvariant();
    await t.processor.forceFlush();
    expect(t.inner.delivered).toEqual(Array.from({ length: 45 }, (_, i) => `s${i}`));
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 7, successfulExports: 5, failedExports: 2, retriedExports: 2, exportedSpans: 45,
    });
  });

  it('drops and counts spans when the queue is full, then delivers the queued ones', async () => {
    const t = setup(['hang', 'ok'], { maxQueueSize: 10, maxBatchSize: 5 });
    t.end(25);
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 1, queueSize: 10, inFlightSpans: 5, droppedSpans: 10,
    });
    t.checkInvariant();
    await waitFor(() => t.inner.callCount === 1);
    t.inner.release();
    await t.processor.forceFlush();
    expect(t.inner.delivered).toEqual(Array.from({ length: 15 }, (_, i) => `s${i}`));
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 3, successfulExports: 3, exportedSpans: 15, droppedSpans: 10,
    });
  });

  it('times out a hanging export, retries it, and ignores the late answer', async () => {
    const t = setup(['hang', 'ok'], { exportTimeoutMillis: 40 });
    t.end(10);
    await waitFor(() => t.processor.getStats().successfulExports === 1);
    t.inner.release();
    await turns(5);
    expect(t.inner.delivered).toHaveLength(20); // at-least-once: the late answer did deliver a copy
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 2, successfulExports: 1, failedExports: 1, retriedExports: 1, exportedSpans: 10,
    });
    expect(t.processor.getStats().lastError).toBe('export to "test" timed out after 40 ms');
  });

  it('sends 512-span requests while it keeps up, and larger ones (up to maxBatchSize) once the queue deepens', async () => {
    const t = setup(['hang', 'hang', 'ok'], { maxQueueSize: 2048, maxBatchSize: 2048, maxConcurrentExports: 2 });
    t.end(512); // an export starts at 512 waiting spans
    t.end(512); // and a second one beside it
    await waitFor(() => t.inner.callCount === 2);
    t.end(1500); // both busy: the queue deepens
    expect(t.processor.getStats()).toMatchObject({ queueSize: 1500, inFlightSpans: 1024 });
    t.inner.release();
    await waitFor(() => t.processor.getStats().exportedSpans === 2524);
    expect(t.inner.batches.map((b) => b.length)).toEqual([512, 512, 1500]);
    t.checkInvariant();
  });

  it('exports each span alone when batching is off', async () => {
    const t = setup(['ok'], { batch: false });
    t.end(4);
    await t.processor.forceFlush();
    expect(t.inner.batches).toEqual([['s0'], ['s1'], ['s2'], ['s3']]);
    expect(counters(t.processor.getStats())).toEqual({ ...zero, totalExports: 4, successfulExports: 4, exportedSpans: 4 });
  });

  it('shutdown against a dead backend resolves by the deadline and counts every span as failed', async () => {
    const t = setup([{ fail: grpcError(14) }], {
      exportTimeoutMillis: 150,
      retry: { ...fastRetry, maxAttempts: 100, initialDelayMs: 20, maxDelayMs: 20 },
    });
    t.end(35);
    await t.processor.shutdown();
    const s = t.processor.getStats();
    expect(s.failedSpans).toBe(35);
    expect(s.exportedSpans + s.queueSize + s.inFlightSpans + s.droppedSpans).toBe(0);
    expect(s.totalExports).toBeGreaterThan(1);
    expect(s.failedExports).toBe(s.totalExports);
    t.end(2);
    expect(t.processor.getStats().droppedSpans).toBe(2);
    t.checkInvariant();
    await t.processor.shutdown();
  });

  it('shutdown delivers what is queued when the backend is up', async () => {
    const t = setup(['ok']);
    t.end(7);
    await t.processor.shutdown();
    expect(t.inner.delivered).toHaveLength(7);
    expect(counters(t.processor.getStats())).toEqual({ ...zero, totalExports: 1, successfulExports: 1, exportedSpans: 7 });
  });

  it('ignores spans that are not sampled', () => {
    const t = setup(['ok']);
    const span = { name: 'x', spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.NONE }) };
    t.processor.onEnd(span as unknown as ReadableSpan);
    expect(t.processor.getStats().queueSize).toBe(0);
  });

  it('counts a lazily loaded exporter that failed to load as failed spans, without retrying', async () => {
    const broken = Promise.reject(Object.assign(new Error('npm install @opentelemetry/exporter-jaeger'), { name: 'TracingError', code: 'TRACING_EXPORTER_UNKNOWN' }));
    const exporter = new ManagedExporter('jaeger', broken);
    const processor = new RetryingBatchSpanProcessor(exporter, {
      maxQueueSize: 10, maxBatchSize: 5, scheduledDelayMillis: 1000, exportTimeoutMillis: 1000, batch: true, retry: fastRetry,
    });
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('t');
    for (let i = 0; i < 5; i++) tracer.startSpan('x').end();
    await processor.forceFlush();
    expect(counters(processor.getStats())).toEqual({ ...zero, totalExports: 1, failedExports: 1, failedSpans: 5 });
    expect(processor.getStats().lastError).toMatch(/npm install @opentelemetry\/exporter-jaeger/);
    expect(String(exporter)).toBe('ManagedExporter(jaeger: failed to load)');
  });

  it('warns once per burst with counts, never once per span', async () => {
    const warnings: string[] = [];
    const sink: DiagLogger = {
      error: (...a) => warnings.push(a.join(' ')), warn: (...a) => warnings.push(a.join(' ')),
      info: () => {}, debug: () => {}, verbose: () => {},
    };
    diag.setLogger(sink, DiagLogLevel.WARN);
    const t = setup(['hang', 'ok'], { maxQueueSize: 10, maxBatchSize: 5 });
    t.end(1000);
    expect(t.processor.getStats().droppedSpans).toBe(985);
    expect(warnings.filter((w) => w.includes('queue full'))).toHaveLength(1);
    await waitFor(() => t.inner.callCount === 1);
    t.inner.release();
    await t.processor.shutdown();
    const summary = warnings.filter((w) => w.includes('984 span(s) dropped'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toContain('totals: dropped 985, failed 0');
    expect(warnings).toHaveLength(2);
  });

  it('rejects nonsense options with a TracingConfigError', () => {
    const exporter = new ManagedExporter('x', new ScriptedExporter());
    const base = { maxQueueSize: 10, maxBatchSize: 5, scheduledDelayMillis: 1, exportTimeoutMillis: 1, batch: true, maxConcurrentExports: 1, retry: fastRetry };
    expect(() => new RetryingBatchSpanProcessor(exporter, { ...base, maxQueueSize: 0 })).toThrow(/maxQueueSize/);
    expect(() => new RetryingBatchSpanProcessor(exporter, { ...base, retry: { ...fastRetry, maxAttempts: 0 } })).toThrow(/retry.maxAttempts/);
    expect(String(new RetryingBatchSpanProcessor(exporter, base))).toBe(
      'RetryingBatchSpanProcessor(x, maxQueueSize=10, maxBatchSize=5, maxAttempts=4)',
    );
  });
});

const waitFor = waitUntil;

/**
 * Event-loop turns until `condition` holds: the scripted exporter answers on setImmediate, which
 * the fake timers below leave real, so the processor's work moves on while the clock stands still.
 */
async function turnsUntil(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`not reached after 1000 event-loop turns: ${what}`);
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('RetryingBatchSpanProcessor under a long backoff (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a full queue cuts a long backoff short, so a recovered backend is used at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // The second wait is 10 minutes: only the early retry can deliver without the clock moving that far.
    const t = setup([{ fail: grpcError(14) }, { fail: grpcError(14) }, 'ok'], {
      maxQueueSize: 10,
      maxBatchSize: 5,
      retry: { maxAttempts: 5, initialDelayMs: 20, maxDelayMs: 600_000, multiplier: 30_000, jitter: 0 },
    });
    t.end(5);
    await turnsUntil(() => t.processor.getStats().failedExports === 1, 'the first attempt failed');
    await vi.advanceTimersByTimeAsync(20); // the first backoff
    await turnsUntil(() => t.processor.getStats().failedExports === 2, 'the second attempt failed');
    await vi.advanceTimersByTimeAsync(30); // past the early-probe mark, 10 minutes of backoff left
    expect(t.processor.getStats().successfulExports).toBe(0);
    t.end(12); // 10 queue, 2 dropped: the first drop wakes the sleeper
    await turnsUntil(() => t.processor.getStats().successfulExports >= 1, 'the early retry delivered');
    await t.processor.forceFlush();
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 5, successfulExports: 3, failedExports: 2, retriedExports: 2, exportedSpans: 15, droppedSpans: 2,
    });
  });

  it('does not cut short a wait the server asked for (Retry-After)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const busy = Object.assign(new Error('busy'), { code: 429, retryAfterMs: 600_000 });
    const t = setup([{ fail: busy }, 'ok'], {
      maxQueueSize: 10, maxBatchSize: 5, exportTimeoutMillis: 100,
      retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 10, multiplier: 1, jitter: 0 },
    });
    t.end(5);
    await turnsUntil(() => t.processor.getStats().failedExports === 1, 'the attempt was refused');
    await vi.advanceTimersByTimeAsync(200); // far past the early-probe mark
    t.end(12);
    await vi.advanceTimersByTimeAsync(60_000); // a minute of the ten the server asked for
    await turns(20); // room for anything the processor would do now: it must not retry
    expect(counters(t.processor.getStats())).toEqual({
      ...zero, totalExports: 1, failedExports: 1, inFlightSpans: 5, queueSize: 10, droppedSpans: 2,
    });
    await t.processor.shutdown(); // shutdown still retries at once: the last chance
    expect(t.processor.getStats()).toMatchObject({ exportedSpans: 15, failedSpans: 0, droppedSpans: 2 });
  });
});
