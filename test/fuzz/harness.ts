/**
 * The real helpers (database, Redis, HTTP client) bound to an SDK 3 provider of their own with a
 * synchronous in-memory exporter, and a check that walks everything a span records.
 */
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createDatabaseHelpers } from '../../src/instrument/database';
import { createHttpClientHelpers } from '../../src/instrument/http-client';
import { resolveInstrumentationOptions, type InstrumentationOptions } from '../../src/instrument/options';
import { createRedisHelpers } from '../../src/instrument/redis';

export interface Helpers extends ReturnType<typeof createDatabaseHelpers>, ReturnType<typeof createRedisHelpers>, ReturnType<typeof createHttpClientHelpers> {
  exporter: InMemorySpanExporter;
  spans(): ReadableSpan[];
  reset(): void;
  shutdown(): Promise<void>;
}

export function createHelpers(options: Partial<InstrumentationOptions> = {}): Helpers {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const resolved = resolveInstrumentationOptions({
    enableHttp: true,
    enableDatabase: true,
    enableRedis: true,
    enableDiscord: false,
    captureBodies: true,
    sanitizeQueries: true,
    sanitizeKeys: true,
    ...options,
    tracer: provider.getTracer('fuzz'),
  });
  return {
    ...createDatabaseHelpers(resolved),
    ...createRedisHelpers(resolved),
    ...createHttpClientHelpers(resolved),
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: () => provider.shutdown(),
  };
}

/** Every string a span carries: name, attribute values, event names and attributes, status message. */
export function recordedStrings(span: ReadableSpan): string[] {
  const out: string[] = [span.name];
  const add = (attributes: Attributes | undefined) => {
    for (const [key, value] of Object.entries(attributes ?? {})) {
      out.push(key);
      pushValue(out, value);
    }
  };
  add(span.attributes);
  for (const event of span.events) {
    out.push(event.name);
    add(event.attributes);
  }
  for (const link of span.links) add(link.attributes);
  if (span.status.message) out.push(span.status.message);
  return out;
}

function pushValue(out: string[], value: AttributeValue | undefined): void {
  if (Array.isArray(value)) for (const v of value) out.push(String(v));
  else if (value !== undefined) out.push(String(value));
}

/** The recorded strings (case-insensitive) that contain one of the secrets. */
export function leaks(spans: readonly ReadableSpan[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const span of spans) {
    for (const text of recordedStrings(span)) {
      const lower = text.toLowerCase();
      if (secrets.some((s) => lower.includes(s.toLowerCase()))) found.push(text);
    }
  }
  return found;
}

/** Runs per property: the default keeps each file well under 20 s; `FUZZ_RUNS_FACTOR=50` explores longer. */
export function runs(base: number): number {
  const factor = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}
