import type { HrTime } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';

export const DEFAULT_ZIPKIN_ENDPOINT = 'http://localhost:9411/api/v2/spans';

export interface ZipkinExporterOptions {
  /** `localEndpoint.serviceName` for spans whose resource has no `service.name` (the resource wins). (option `serviceName`) */
  serviceName: string;
  /** Zipkin v2 spans endpoint. @default 'http://localhost:9411/api/v2/spans' (option `zipkinEndpoint`, env `OTEL_EXPORTER_ZIPKIN_ENDPOINT`) */
  endpoint?: string;
  /** Extra HTTP headers sent with every request. @default {} */
  headers?: Record<string, string>;
  /**
   * Not applied by this exporter: `@opentelemetry/exporter-zipkin` has no request timeout. Every
   * attempt is bounded by the processor's `exportTimeoutMillis` (or `ManagedExporter`'s
   * `timeoutMillis`) instead; pass the value there.
   */
  timeoutMillis?: number;
}

/**
 * Zipkin v2 JSON over HTTP through `@opentelemetry/exporter-zipkin` (loaded lazily). Its errors carry
 * the HTTP status only in the message ("Got unexpected status code from zipkin: 503"); the retry
 * policy reads it from there.
 */
export async function createZipkinExporter(options: ZipkinExporterOptions): Promise<SpanExporter> {
  const url = options.endpoint ?? DEFAULT_ZIPKIN_ENDPOINT;
  if (!/^https?:\/\//i.test(url)) throw new TracingConfigError('zipkinEndpoint', url, 'an http:// or https:// URL');
  const { ZipkinExporter } = await import('@opentelemetry/exporter-zipkin');
  return new WholeMicrosecondZipkinExporter(new ZipkinExporter({ url, serviceName: options.serviceName, headers: options.headers }), url);
}

/**
 * Wraps the official exporter (never patches it): exporter-zipkin sends `timestamp` unrounded, so
 * a start time finer than a microsecond becomes a fraction, which the Zipkin v2 API rejects. It
 * hands the exporter whole microseconds, and names the URL in `toString()`.
 */
class WholeMicrosecondZipkinExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly url: string,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(withWholeMicroseconds), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush?.();
  }

  toString(): string {
    return `ZipkinExporter(${this.url})`;
  }
}

/** The span with its start time cut to a whole microsecond (the span itself when it already is). */
export function withWholeMicroseconds(span: ReadableSpan): ReadableSpan {
  const [seconds, nanos] = span.startTime;
  if (nanos % 1000 === 0) return span;
  const startTime: HrTime = [seconds, nanos - (nanos % 1000)];
  return Object.create(span, { startTime: { value: startTime, enumerable: true } }) as ReadableSpan;
}
