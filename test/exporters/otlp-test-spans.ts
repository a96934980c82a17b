/**
 * Spans and pipelines for the OTLP exporter tests, built with the real SDK 3 (`@opentelemetry/sdk-trace`).
 */
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { RetryingBatchSpanProcessor, type ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** Ended spans named `prefix-0…n-1`, each with attribute `i`. */
export function makeSpans(n: number, prefix = 'span'): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] }).getTracer('otlp-tests');
  for (let i = 0; i < n; i++) tracer.startSpan(`${prefix}-${i}`, { attributes: { i } }).end();
  return memory.getFinishedSpans();
}

/** Fast retries with no jitter, so a retried batch follows within tens of milliseconds. */
export const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 10, multiplier: 1, jitter: 0 };

/** The real counting pipeline: ManagedExporter + RetryingBatchSpanProcessor + a provider's tracer. */
export function makePipeline(exporter: SpanExporter | Promise<SpanExporter>, options: Partial<ProcessorOptions> = {}) {
  const managed = new ManagedExporter('otlp', exporter);
  const processor = new RetryingBatchSpanProcessor(managed, {
    maxQueueSize: 1000,
    maxBatchSize: 100,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 5_000,
    batch: true,
    // one export at a time: the exact counters below follow one batch after the other
    maxConcurrentExports: 1,
    retry: FAST_RETRY,
    ...options,
  });
  const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('otlp-pipeline');
  return { managed, processor, tracer };
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function pollUntil(check: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}
