/**
 * Test helpers: `import { … } from 'tracewright/testing'`.
 */
import { trace, type Tracer } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { MemoryExporter } from '../exporters/memory';
import { forceFlush, getExporters } from '../sdk/lifecycle';

export { expectTrace, renderShape } from './expect-trace';
export type { ExpectedSpan, ExpectTraceOptions } from './expect-trace';
export { MemoryExporter } from '../exporters/memory';
export { createTestTracing } from './test-tracing';
export type { TestTracing } from './test-tracing';

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

/** The global tracer provider's tracer, for tests that exercise the global wiring. */
export function getGlobalTracer(name = 'test'): Tracer {
  return trace.getTracer(name);
}
