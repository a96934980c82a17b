import type { Tracer } from '@opentelemetry/api';
import { SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { MemoryExporter } from '../exporters/memory';

export interface TestTracing {
  provider: TracerProvider;
  exporter: MemoryExporter;
  tracer: Tracer;
  /** Spans ended so far (exported synchronously, no flush needed). */
  spans(): ReadableSpan[];
  shutdown(): Promise<void>;
}

/**
 * A provider of its own with a synchronous in-memory exporter, not registered globally: pass
 * `tracer` or `tracerProvider` to the helpers under test.
 */
export function createTestTracing(name = 'test'): TestTracing {
  const exporter = new MemoryExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exporter })] });
  return {
    provider,
    exporter,
    tracer: provider.getTracer(name),
    spans: () => exporter.getFinishedSpans(),
    shutdown: () => provider.shutdown(),
  };
}

