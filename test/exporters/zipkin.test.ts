import { afterEach, describe, expect, it } from 'vitest';
import { createZipkinExporter } from '../../src/exporters/zipkin';
import { startZipkinReceiver } from '../support/receivers/index';
import { buildPipeline, counters } from '../pipeline/pipeline-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

const zero = {
  totalExports: 0, successfulExports: 0, failedExports: 0, retriedExports: 0, queueSize: 0,
  exportedSpans: 0, droppedSpans: 0, failedSpans: 0, inFlightSpans: 0,
};

describe('Zipkin exporter', () => {
  it('503 twice then OK: the status read from the message makes it retryable', async () => {
    const receiver = await startZipkinReceiver();
    const p = buildPipeline('zipkin', createZipkinExporter({ serviceName: 'zs', endpoint: receiver.url }));
    cleanups.push(() => receiver.close(), () => p.close());
    await receiver.setFault({ mode: 'fail', status: 503, times: 2 });
    p.end(6);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 3, successfulExports: 1, failedExports: 2, retriedExports: 2, exportedSpans: 6 });
    expect(receiver.invalid).toEqual([]);
    // The resource's service.name wins; the serviceName option is the fallback.
    expect(receiver.spans.map((s) => s.resource['service.name'])).toEqual(Array(6).fill('pipeline-test'));
  });

  it('400 is permanent: not retried', async () => {
    const receiver = await startZipkinReceiver();
    const p = buildPipeline('zipkin', createZipkinExporter({ serviceName: 'zs', endpoint: receiver.url }));
    cleanups.push(() => receiver.close(), () => p.close());
    await receiver.setFault({ mode: 'fail', status: 400, times: 1 });
    p.end(4);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 1, failedExports: 1, failedSpans: 4 });
    expect(p.stats().lastError).toBe('HTTP 400, not retryable');
  });

  it('sends whole-microsecond timestamps for sub-microsecond start times (exporter-zipkin alone sends 1700000000000000.5)', async () => {
    const receiver = await startZipkinReceiver();
    const p = buildPipeline('zipkin', createZipkinExporter({ serviceName: 'zs', endpoint: receiver.url }));
    cleanups.push(() => receiver.close(), () => p.close());
    const span = p.tracer.startSpan('precise', { startTime: [1_700_000_000, 500], attributes: { k: 'v' } });
    span.end([1_700_000_001, 0]);
    p.tracer.startSpan('edge', { startTime: [1_700_000_000, 999_999_600] }).end([1_700_000_002, 0]);
    await p.processor.forceFlush();
    expect(receiver.invalid).toEqual([]);
    expect(receiver.raw.map((r) => (r as { timestamp: number }).timestamp)).toEqual([1_700_000_000_000_000, 1_700_000_000_999_999]);
    expect(receiver.spans.map((r) => [r.name, r.spanId, r.attributes.k])).toEqual([
      ['precise', p.memory.getFinishedSpans()[0]!.spanContext().spanId, 'v'],
      ['edge', p.memory.getFinishedSpans()[1]!.spanContext().spanId, undefined],
    ]);
    expect(counters(p.stats())).toEqual({ ...zero, totalExports: 1, successfulExports: 1, exportedSpans: 2 });
  });

  it('rejects an endpoint that is not an http(s) URL, and describes itself', async () => {
    await expect(createZipkinExporter({ serviceName: 's', endpoint: 'localhost:9411' })).rejects.toThrow(/zipkinEndpoint/);
    const exporter = await createZipkinExporter({ serviceName: 's' });
    expect(String(exporter)).toBe('ZipkinExporter(http://localhost:9411/api/v2/spans)');
    await exporter.shutdown();
  });
});
