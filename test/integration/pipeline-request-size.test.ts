import { afterEach, describe, expect, it } from 'vitest';
import { createOtlpExporter, type OtlpExporterOptions } from '../../src/exporters/otlp';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, type Receiver } from '../support/receivers/index';
import { FAST_RETRY, buildPipeline, counters, waitUntil } from '../pipeline/pipeline-harness';

/**
 * A collector refuses requests over its size limit (gRPC RESOURCE_EXHAUSTED "larger than max",
 * HTTP 413). The processor sends such a batch again in halves, so every span that fits a request
 * is delivered; only a span too large alone is lost, and counted.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

const LIMIT = 40_000;
const PAYLOAD = 'x'.repeat(1000); // ~1.1 kB per span on the wire: 25 fit under the limit, 50 do not

const transports = [
  { name: 'OTLP gRPC', start: () => startOtlpGrpcReceiver({ maxRequestBytes: LIMIT }), protocol: 'grpc' as const, reason: /gRPC RESOURCE_EXHAUSTED: request too large/ },
  { name: 'OTLP HTTP', start: () => startOtlpHttpReceiver({ maxRequestBytes: LIMIT }), protocol: 'http/protobuf' as const, reason: /HTTP 413: request too large/ },
];

const zero = {
  totalExports: 0, successfulExports: 0, failedExports: 0, retriedExports: 0, queueSize: 0,
  exportedSpans: 0, droppedSpans: 0, failedSpans: 0, inFlightSpans: 0,
};

describe.each(transports)('$name: a batch over the collector’s request limit', (t) => {
  async function setup(): Promise<{ receiver: Receiver; p: ReturnType<typeof buildPipeline> }> {
    const receiver = await t.start();
    const options: OtlpExporterOptions = { endpoint: receiver.url, protocol: t.protocol };
    const p = buildPipeline('otlp', createOtlpExporter(options), { maxBatchSize: 100, retry: { ...FAST_RETRY, maxAttempts: 2 } });
    cleanups.push(() => receiver.close(), () => p.close());
    return { receiver, p };
  }

  it('is sent again in halves until each part fits: every span arrives once, nothing counted lost', async () => {
    const { receiver, p } = await setup();
    for (let i = 0; i < 100; i++) p.tracer.startSpan(`big-${i}`, { attributes: { payload: PAYLOAD } }).end();
    await waitUntil(() => p.stats().exportedSpans === 100, 10_000, 'all 100 spans exported');
    const names = receiver.spans.map((s) => s.name).sort();
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => `big-${i}`).sort());
    // 100 refused → 50 refused → 25 + 25 accepted → 50 refused → 25 + 25 accepted.
    expect(counters(p.stats())).toEqual({
      ...zero, totalExports: 7, successfulExports: 4, failedExports: 3, retriedExports: 6, exportedSpans: 100,
    });
    p.check();
    expect(p.violations).toEqual([]);
  });

  it('a span too large alone fails and is counted; the others of its batch are delivered', async () => {
    const { receiver, p } = await setup();
    for (let i = 0; i < 3; i++) p.tracer.startSpan(`small-${i}`).end();
    p.tracer.startSpan('huge', { attributes: { payload: 'y'.repeat(LIMIT * 2) } }).end();
    await p.processor.forceFlush();
    expect(receiver.spans.map((s) => s.name).sort()).toEqual(['small-0', 'small-1', 'small-2']);
    expect(p.stats()).toMatchObject({ exportedSpans: 3, failedSpans: 1, inFlightSpans: 0, queueSize: 0 });
    expect(p.stats().lastError).toMatch(t.reason);
    p.check();
    expect(p.violations).toEqual([]);
  });
});
