import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { createOtlpExporter } from '../../src/exporters/otlp';
import { createFileExporter } from '../../src/exporters/file';
import { readSpanFile } from '../../src/exporters/file-reader';
import { RetryingBatchSpanProcessor, type ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import { sumStats } from '../../src/pipeline/stats';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver } from '../support/receivers/index';
import { FAST_RETRY, counters } from '../pipeline/pipeline-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

const options: ProcessorOptions = {
  maxQueueSize: 100, maxBatchSize: 50, scheduledDelayMillis: 60_000, exportTimeoutMillis: 600, batch: true, maxConcurrentExports: 1, retry: FAST_RETRY,
};

describe('several exporters at once', () => {
  it('a dead exporter never holds back the others; each has its own queue and stats; the sum adds up', async () => {
    const good = await startOtlpGrpcReceiver();
    const dead = await startOtlpHttpReceiver();
    const dir = await mkdtemp(join(tmpdir(), 'tw-multi-'));
    cleanups.push(() => good.close(), () => dead.close(), () => rm(dir, { recursive: true, force: true }));
    await dead.setFault({ mode: 'hang' });

    const exporters = [
      new ManagedExporter('otlp-grpc', createOtlpExporter({ endpoint: good.url })),
      new ManagedExporter('otlp-http', createOtlpExporter({ endpoint: dead.url, protocol: 'http/protobuf', timeoutMillis: 60_000 })),
      new ManagedExporter('file', createFileExporter({ path: join(dir, 'spans.jsonl') })),
    ];
    const processors = exporters.map((e) => new RetryingBatchSpanProcessor(e, options));
    const provider = new TracerProvider({ spanProcessors: processors });
    const tracer = provider.getTracer('multi');
    for (let i = 0; i < 30; i++) tracer.startSpan(`op-${i}`).end();

    const [grpcP, httpP, fileP] = processors as [RetryingBatchSpanProcessor, RetryingBatchSpanProcessor, RetryingBatchSpanProcessor];
    const deadFlush = httpP.forceFlush();
    await grpcP.forceFlush();
    await fileP.forceFlush();
    expect(good.spans.map((s) => s.name)).toEqual(Array.from({ length: 30 }, (_, i) => `op-${i}`));
    expect((await readSpanFile(join(dir, 'spans.jsonl'))).map((s) => s.name)).toEqual(Array.from({ length: 30 }, (_, i) => `op-${i}`));
    expect(counters(httpP.getStats())).toMatchObject({ totalExports: 1, exportedSpans: 0, inFlightSpans: 30, queueSize: 0 });

    const total = sumStats(processors.map((p) => p.getStats()));
    expect(total.exportedSpans + total.inFlightSpans + total.queueSize + total.failedSpans + total.droppedSpans).toBe(90);
    expect(total.exportedSpans).toBe(60);
    await deadFlush; // resolves at its deadline, never hangs

    // Shutdown resolves by the dead one's deadline, and reports the loss in its own stats only.
    await provider.shutdown();
    expect(counters(httpP.getStats())).toMatchObject({ exportedSpans: 0, failedSpans: 30, inFlightSpans: 0, queueSize: 0 });
    expect(grpcP.getStats()).toMatchObject({ exportedSpans: 30, failedSpans: 0 });
    expect(fileP.getStats()).toMatchObject({ exportedSpans: 30, failedSpans: 0 });
    expect(sumStats(processors.map((p) => p.getStats()))).toMatchObject({ exportedSpans: 60, failedSpans: 30 });
  });
});
