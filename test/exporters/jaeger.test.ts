import { afterEach, describe, expect, it } from 'vitest';
import { isTracingError } from '../../src/errors';
import { createJaegerExporter, JAEGER_INSTALL_HINT } from '../../src/exporters/jaeger';
import { classifyExportError } from '../../src/processor/retry-policy';
import { startJaegerHttpReceiver, startJaegerUdpReceiver, type Receiver } from '../support/receivers/index';
import { FAST_RETRY, buildPipeline, counters } from '../processor/pipeline-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

describe('Jaeger exporter', () => {
  it('fails with a TracingError naming the install command when the optional module is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@opentelemetry/exporter-jaeger'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await createJaegerExporter({ serviceName: 's', transport: 'http' }, () => Promise.reject(missing)).catch((e: unknown) => e);
    expect(isTracingError(error)).toBe(true);
    expect((error as Error).message).toContain(JAEGER_INSTALL_HINT);
    expect(JAEGER_INSTALL_HINT).toBe('npm install @opentelemetry/exporter-jaeger@2.11.0');
    expect(classifyExportError(error).retryable).toBe(false);
  });

  it('rejects an unknown transport and a bad endpoint', async () => {
    await expect(createJaegerExporter({ serviceName: 's', transport: 'grpc' as never })).rejects.toThrow(/jaeger\.transport/);
    await expect(createJaegerExporter({ serviceName: 's', transport: 'http', endpoint: 'localhost:14268' })).rejects.toThrow(/jaegerEndpoint/);
  });

  it('describes itself', async () => {
    const http = await createJaegerExporter({ serviceName: 's', transport: 'http' });
    const udp = await createJaegerExporter({ serviceName: 's', transport: 'udp' });
    expect(String(http)).toBe('JaegerExporter(thrift http http://localhost:14268/api/traces)');
    expect(String(udp)).toBe('JaegerExporter(thrift udp localhost:6832)');
    await http.shutdown();
    await udp.shutdown();
  });

  it('HTTP collector answering 503 twice then OK: retried and delivered once', async () => {
    const receiver: Receiver = await startJaegerHttpReceiver();
    const p = buildPipeline('jaeger', createJaegerExporter({ serviceName: 's', transport: 'http', endpoint: receiver.url }), { retry: FAST_RETRY });
    cleanups.push(() => receiver.close(), () => p.close());
    await receiver.setFault({ mode: 'fail', status: 503, times: 2 });
    p.end(8);
    await p.processor.forceFlush();
    expect(counters(p.stats())).toMatchObject({ totalExports: 3, successfulExports: 1, failedExports: 2, retriedExports: 2, exportedSpans: 8, failedSpans: 0 });
    expect(receiver.spans.map((s) => s.name)).toEqual(Array.from({ length: 8 }, (_, i) => `span-${i}`));
  });

  it('UDP keeps the chosen transport even when OTEL_EXPORTER_JAEGER_ENDPOINT is set', async () => {
    const receiver = await startJaegerUdpReceiver();
    const previous = process.env.OTEL_EXPORTER_JAEGER_ENDPOINT;
    process.env.OTEL_EXPORTER_JAEGER_ENDPOINT = 'http://127.0.0.1:9/api/traces';
    try {
      const p = buildPipeline('jaeger', createJaegerExporter({ serviceName: 's', transport: 'udp', agentHost: '127.0.0.1', agentPort: receiver.port }));
      cleanups.push(() => receiver.close(), () => p.close());
      p.end(3);
      await p.processor.forceFlush();
      await receiver.waitForSpans(3, 3000);
      expect(receiver.spans).toHaveLength(3);
      expect(p.stats().exportedSpans).toBe(3);
    } finally {
      if (previous === undefined) delete process.env.OTEL_EXPORTER_JAEGER_ENDPOINT;
      else process.env.OTEL_EXPORTER_JAEGER_ENDPOINT = previous;
    }
  });
});
