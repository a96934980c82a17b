import { afterEach, describe, expect, it } from 'vitest';
import { createOtlpExporter, type OtlpExporterOptions } from '../../src/exporters/otlp';
import type { ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, type Receiver } from '../support/receivers/index';
import { FAST_RETRY, buildPipeline, counters, waitUntil, type Pipeline } from '../pipeline/pipeline-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

interface Transport {
  name: string;
  start(): Promise<Receiver>;
  options(r: Receiver): OtlpExporterOptions;
  transient: number;
  permanent: number;
  transientReason: string;
  permanentReason: string;
}

const transports: Transport[] = [
  {
    name: 'OTLP gRPC',
    start: () => startOtlpGrpcReceiver(),
    options: (r) => ({ endpoint: r.url, protocol: 'grpc' }),
    transient: 14,
    permanent: 3,
    transientReason: 'gRPC UNAVAILABLE',
    permanentReason: 'gRPC INVALID_ARGUMENT',
  },
  {
    name: 'OTLP HTTP',
    start: () => startOtlpHttpReceiver(),
    options: (r) => ({ endpoint: r.url, protocol: 'http/protobuf' }),
    transient: 503,
    permanent: 400,
    transientReason: 'HTTP 503',
    permanentReason: 'HTTP 400',
  },
];

const zero = {
  totalExports: 0, successfulExports: 0, failedExports: 0, retriedExports: 0, queueSize: 0,
  exportedSpans: 0, droppedSpans: 0, failedSpans: 0, inFlightSpans: 0,
};

describe.each(transports)('$name faults, asserted on the exact counters', (t) => {
  async function setup(
    processor: Partial<ProcessorOptions> = {},
    exporter: Partial<OtlpExporterOptions> = {},
  ): Promise<{ receiver: Receiver; p: Pipeline }> {
    const receiver = await t.start();
    const p = buildPipeline('otlp', createOtlpExporter({ ...t.options(receiver), ...exporter }), processor);
    cleanups.push(() => receiver.close(), () => p.close());
    return { receiver, p };
  }

  it('receiver down from the start: every attempt fails, every span is counted as failed', async () => {
    const { receiver, p } = await setup({ retry: { ...FAST_RETRY, maxAttempts: 3 } });
    await receiver.setFault({ mode: 'refuse' });
    p.end(30);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 3, failedExports: 3, retriedExports: 2, failedSpans: 30 });
    expect(p.stats().lastError).toMatch(/after 3 attempt\(s\)$/);
    expect(receiver.spans).toHaveLength(0);
    expect(p.violations).toEqual([]);
  });

  it('down mid-stream and back: an outage the queue absorbs loses no span at all', async () => {
    const { receiver, p } = await setup({
      retry: { maxAttempts: 40, initialDelayMs: 50, maxDelayMs: 300, multiplier: 2, jitter: 0 },
      maxBatchSize: 20,
    });
    p.end(20);
    await p.processor.forceFlush();
    expect(p.stats().exportedSpans).toBe(20);
    await receiver.setFault({ mode: 'refuse' });
    for (let i = 0; i < 5; i++) {
      p.end(20);
      await new Promise((r) => setTimeout(r, 40));
    }
    await waitUntil(() => p.stats().failedExports >= 2, 10_000, 'failed attempts during the outage');
    const during = p.stats();
    expect(during.queueSize + during.inFlightSpans).toBe(100);
    await receiver.setFault({ mode: 'ok' });
    await waitUntil(() => p.stats().exportedSpans === 120, 20_000, 'all spans delivered after the outage');
    const s = p.stats();
    expect(s).toMatchObject({ exportedSpans: 120, droppedSpans: 0, failedSpans: 0, queueSize: 0, inFlightSpans: 0 });
    expect(s.retriedExports).toBe(s.failedExports);
    expect(s.totalExports).toBe(s.successfulExports + s.failedExports);
    const ids = new Set(receiver.spans.map((r) => r.spanId));
    expect(ids.size).toBe(120);
    for (const span of p.memory.getFinishedSpans()) expect(ids.has(span.spanContext().spanId)).toBe(true);
    expect(p.violations).toEqual([]);
  });

  it(`transient error (${t.transient}) twice, then OK: retried, delivered once`, async () => {
    const { receiver, p } = await setup();
    await receiver.setFault({ mode: 'fail', status: t.transient, times: 2 });
    p.end(10);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 3, successfulExports: 1, failedExports: 2, retriedExports: 2, exportedSpans: 10,
    });
    expect(receiver.log.map((l) => l.outcome)).toEqual(['failed', 'failed', 'accepted']);
    expect(receiver.spans.map((s) => s.name)).toEqual(p.memory.getFinishedSpans().map((s) => s.name));
  });

  it('honours the server retry delay (Retry-After / RetryInfo) over a long backoff', async () => {
    // With a 60 s backoff, the batch is delivered within the flush deadline only if the server's 1 s is used.
    const { receiver, p } = await setup({ retry: { maxAttempts: 3, initialDelayMs: 60_000, maxDelayMs: 60_000, multiplier: 1, jitter: 0 } });
    await receiver.setFault({ mode: 'fail', status: t.transient, times: 1, retryAfterSeconds: 1 });
    p.end(10);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 2, successfulExports: 1, failedExports: 1, retriedExports: 1, exportedSpans: 10,
    });
  });

  it('a hang past the export timeout: the attempt times out, the retry delivers', async () => {
    const { receiver, p } = await setup({ exportTimeoutMillis: 400, scheduledDelayMillis: 10 }, { timeoutMillis: 10_000 });
    await receiver.setFault({ mode: 'hang', times: 1 });
    p.end(10);
    await waitUntil(() => p.stats().exportedSpans === 10, 10_000, 'delivery after the timeout');
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 2, successfulExports: 1, failedExports: 1, retriedExports: 1, exportedSpans: 10,
    });
    expect(p.stats().lastError).toBe('export to "otlp" timed out after 400 ms');
    expect(receiver.spans).toHaveLength(10);
  });

  it("a hang past the exporter's own request timeout is retried too", async () => {
    const { receiver, p } = await setup({ exportTimeoutMillis: 5_000 }, { timeoutMillis: 300 });
    await receiver.setFault({ mode: 'hang', times: 1 });
    p.end(10);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 2, successfulExports: 1, failedExports: 1, retriedExports: 1, exportedSpans: 10,
    });
    expect(receiver.spans).toHaveLength(10);
  });

  it(`a permanent error (${t.permanent}) is not retried; the next batch goes through`, async () => {
    const { receiver, p } = await setup();
    await receiver.setFault({ mode: 'fail', status: t.permanent, times: 1 });
    p.end(10);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 1, failedExports: 1, failedSpans: 10 });
    expect(p.stats().lastError).toBe(`${t.permanentReason}, not retryable`);
    p.end(5);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 2, successfulExports: 1, failedExports: 1, failedSpans: 10, exportedSpans: 5,
    });
    expect(receiver.spans).toHaveLength(5);
  });

  it('the queue overflowing: drops are counted, the queued spans are delivered once the receiver answers', async () => {
    const { receiver, p } = await setup({ maxQueueSize: 20, maxBatchSize: 10, exportTimeoutMillis: 10_000 });
    await receiver.setFault({ mode: 'hang' });
    p.end(50);
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 1, queueSize: 20, inFlightSpans: 10, droppedSpans: 20 });
    await waitUntil(() => receiver.requests === 1, 5000, 'the hung request');
    await receiver.setFault({ mode: 'ok' });
    await waitUntil(() => p.stats().exportedSpans === 30, 10_000, 'queued spans delivered');
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 4, successfulExports: 3, failedExports: 1, retriedExports: 1, exportedSpans: 30, droppedSpans: 20,
    });
    expect(receiver.spans.map((s) => s.name)).toEqual(Array.from({ length: 30 }, (_, i) => `span-${i}`));
    expect(p.violations).toEqual([]);
  });
});
