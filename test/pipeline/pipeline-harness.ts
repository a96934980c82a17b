import { SpanKind, SpanStatusCode, TraceFlags, context, trace, type Tracer } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { invariantProblems } from '../support/stats-invariant';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { RetryingBatchSpanProcessor, type ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import type { ExportStats } from '../../src/pipeline/stats';

export const FAST_RETRY = { maxAttempts: 5, initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, jitter: 0 };

export interface Pipeline {
  exporter: ManagedExporter;
  processor: RetryingBatchSpanProcessor;
  memory: InMemorySpanExporter;
  tracer: Tracer;
  /** Ends `n` sampled spans named `${prefix}${i}`. */
  end(n: number, prefix?: string): void;
  ended(): number;
  stats(): ExportStats;
  /** Invariant violations seen by the 1 ms watcher and on every call to `check`. */
  violations: string[];
  check(): void;
  close(): Promise<void>;
}

/**
 * The real pipeline of one exporter: ManagedExporter → RetryingBatchSpanProcessor on a fresh
 * provider (never global), plus an in-memory copy of every ended span for exact comparisons. A
 * watcher checks the accounting invariant every millisecond while the test runs.
 */
export function buildPipeline(
  name: string,
  inner: SpanExporter | Promise<SpanExporter>,
  options: Partial<ProcessorOptions> = {},
): Pipeline {
  const exporter = new ManagedExporter(name, inner);
  const processor = new RetryingBatchSpanProcessor(exporter, {
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
  const memory = new InMemorySpanExporter();
  let ended = 0;
  const counter: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) ended++;
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'pipeline-test', 'service.version': '9.9.9', 'host.name': 'ci' }),
    spanProcessors: [counter, new SimpleSpanProcessor({ exporter: memory }), processor],
  });
  const tracer = provider.getTracer('pipeline-scope', '1.2.3');
  const violations: string[] = [];
  const check = () => {
    violations.push(...invariantProblems(processor.getStats(), ended));
  };
  const watcher = setInterval(check, 1);
  return {
    exporter,
    processor,
    memory,
    tracer,
    end(n, prefix = 'span-') {
      for (let i = 0; i < n; i++) {
        tracer.startSpan(`${prefix}${ended}`).end();
      }
    },
    ended: () => ended,
    stats: () => processor.getStats(),
    violations,
    check,
    async close() {
      clearInterval(watcher);
      check();
      await provider.shutdown();
    },
  };
}

/**
 * Ends a small trace that uses every field a backend must carry: a SERVER root with attributes of
 * each type, a CLIENT child with an event, a link and an ERROR status, a PRODUCER and a CONSUMER.
 */
export function emitRichTrace(tracer: Tracer): void {
  const root = tracer.startSpan('GET /users/:id', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'app.ratio': 0.25, 'app.cached': true, 'app.tags': ['a', 'b'] },
  });
  const ctx = trace.setSpan(context.active(), root);
  const link = tracer.startSpan('linked-origin');
  link.end();
  const db = tracer.startSpan('SELECT users', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM users WHERE id = $1' },
    links: [{ context: link.spanContext(), attributes: { 'link.reason': 'retry-of' } }],
  }, ctx);
  db.addEvent('rows.fetched', { 'rows.count': 3 });
  db.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  db.end();
  tracer.startSpan('publish user.viewed', { kind: SpanKind.PRODUCER }, ctx).end();
  tracer.startSpan('consume user.viewed', { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka' } }, ctx).end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
}

export const KIND_NAMES = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

export function spanById(spans: readonly ReadableSpan[], spanId: string): ReadableSpan {
  const found = spans.find((s) => s.spanContext().spanId === spanId);
  if (!found) throw new Error(`no span ${spanId}`);
  return found;
}

export async function waitUntil(condition: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The counters every pipeline has; the spool's are asserted by the spool tests with {@link spoolCounters}. */
export function counters(s: ExportStats): Omit<ExportStats, 'lastError' | 'lastExportDurationMs' | SpoolCounter> {
  const { lastError: _e, lastExportDurationMs: _d, ...rest } = s;
  for (const key of SPOOL_COUNTERS) delete (rest as Partial<ExportStats>)[key];
  return rest;
}

const SPOOL_COUNTERS = ['spooledSpans', 'spoolBytes', 'replayedSpans', 'spoolDroppedSpans', 'corruptFrames', 'recoveredSpans'] as const;
type SpoolCounter = (typeof SPOOL_COUNTERS)[number];

export function spoolCounters(s: ExportStats): Pick<ExportStats, SpoolCounter> {
  return Object.fromEntries(SPOOL_COUNTERS.map((k) => [k, s[k]])) as Pick<ExportStats, SpoolCounter>;
}
