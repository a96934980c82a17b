import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { invariantProblems } from '../support/stats-invariant';
import { join } from 'node:path';
import { TraceFlags } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Tracer } from '@opentelemetry/api';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { createOtlpExporter } from '../../src/exporters/otlp';
import { RetryingBatchSpanProcessor, type ProcessorOptions } from '../../src/pipeline/retrying-batch-processor';
import { SpoolLink } from '../../src/pipeline/spool-link';
import { SPOOL_DEFAULTS, type ResolvedSpool } from '../../src/pipeline/spool-options';
import type { ExportStats } from '../../src/pipeline/stats';
import type { Receiver } from '../support/receivers/index';

export const serialize = (spans: Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0]) => ProtobufTraceSerializer.serializeRequest(spans);

export function tempDir(prefix = 'tw-spool-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SpoolPipeline {
  exporter: ManagedExporter;
  processor: RetryingBatchSpanProcessor;
  tracer: Tracer;
  link: SpoolLink | undefined;
  /** Span ids ended, in order (hex). */
  endedIds: string[];
  end(n: number): void;
  stats(): ExportStats;
  violations: string[];
  /** Checks: ended + recovered = exported + dropped + failed + queued + in flight + spooled. */
  check(): void;
  close(): Promise<void>;
}

/**
 * tracewright's OTLP/gRPC exporter → RetryingBatchSpanProcessor with a disk spool in `dir`, on a
 * fresh provider. Keeps only span ids (a 60 s outage at 5,000 spans/s is 300,000 spans).
 */
export async function spoolPipeline(
  receiver: Receiver,
  spool: Partial<ResolvedSpool> & { dir: string },
  options: Partial<ProcessorOptions> = {},
  protocol: 'grpc' | 'http/protobuf' = 'grpc',
): Promise<SpoolPipeline> {
  const exporter = new ManagedExporter('otlp', createOtlpExporter({ endpoint: receiver.url, protocol, timeoutMillis: 5_000 }));
  const processor = new RetryingBatchSpanProcessor(exporter, {
    maxQueueSize: 2048,
    maxBatchSize: 512,
    scheduledDelayMillis: 50,
    exportTimeoutMillis: 5_000,
    batch: true,
    retry: { maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 400, multiplier: 2, jitter: 0 },
    maxConcurrentExports: 2,
    ...options,
  });
  const resolved: ResolvedSpool = { ...SPOOL_DEFAULTS, replaySpansPerSecond: 1_000_000, ...spool };
  let link: SpoolLink | undefined;
  try {
    link = SpoolLink.open(join(spool.dir, 'svc', 'otlp'), resolved, serialize, processor.stats, 'otlp');
    processor.attachSpool(link);
  } catch {
    link = undefined;
  }
  const endedIds: string[] = [];
  const collector: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) endedIds.push(span.spanContext().spanId);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'spool-test' }),
    spanProcessors: [collector, processor],
  });
  const tracer = provider.getTracer('spool-test');
  const violations: string[] = [];
  const check = () => {
    violations.push(...invariantProblems(processor.getStats(), endedIds.length));
  };
  const watcher = setInterval(check, 2);
  return {
    exporter,
    processor,
    tracer,
    link,
    endedIds,
    end(n) {
      for (let i = 0; i < n; i++) tracer.startSpan('op').end();
    },
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

/** Moves every span the receiver accepted into `seen` (id → times received) and forgets them there. */
export function drainReceiver(receiver: Receiver, seen: Map<string, number>): void {
  for (const span of receiver.spans) seen.set(span.spanId, (seen.get(span.spanId) ?? 0) + 1);
  receiver.reset();
}

export async function pollUntil(condition: () => boolean, ms: number, what: string, each?: () => void): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    each?.();
    if (condition()) return;
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const tick = () => new Promise<void>((r) => setImmediate(r));
