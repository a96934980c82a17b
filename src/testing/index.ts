/**
 * Test helpers: `import { … } from 'tracewright/testing'`.
 */
import { trace, type Tracer } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { MemoryExporter } from '../exporters/memory';
import { forceFlush, getExporters } from '../sdk/lifecycle';

export { expectTrace, renderShape } from './expect-trace';
export type { ExpectedSpan } from './expect-trace';
export { MemoryExporter } from '../exporters/memory';

/** The `memory` exporter of the running tracing setup (`exporterType: 'memory'`), if any. */
export function getMemoryExporter(): MemoryExporter | undefined {
  for (const managed of getExporters()) {
    if (managed.exporter instanceof MemoryExporter) return managed.exporter;
  }
  return undefined;
}

/** Flushes the queues, then returns the spans the `memory` exporter holds. */
export async function getFinishedSpans(): Promise<ReadableSpan[]> {
  await forceFlush();
  return getMemoryExporter()?.getFinishedSpans() ?? [];
}

/** Empties the `memory` exporter. */
export function resetFinishedSpans(): void {
  getMemoryExporter()?.reset();
}

export interface TestTracing {
  provider: NodeTracerProvider;
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
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    provider,
    exporter,
    tracer: provider.getTracer(name),
    spans: () => exporter.getFinishedSpans(),
    shutdown: () => provider.shutdown(),
  };
}

/** The global tracer provider's tracer, for tests that exercise the global wiring. */
export function getGlobalTracer(name = 'test'): Tracer {
  return trace.getTracer(name);
}
