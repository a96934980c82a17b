import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { createOtlpExporter, type OtlpExporterOptions } from './otlp';

export interface JaegerExporterOptions {
  /** Service name, for `toString()`; Jaeger itself reads `service.name` from the resource. */
  serviceName: string;
  /**
   * The OTLP settings (protocol, headers, TLS…), with `endpoint` already pointing at Jaeger's
   * OTLP receiver: the config resolver derives it from `jaegerEndpoint`, `jaegerAgentHost` /
   * `JAEGER_HOST` and friends (see src/config/resolve-jaeger.ts).
   * @default the OTLP defaults: gRPC to `http://localhost:4317`
   */
  otlp?: OtlpExporterOptions;
}

/**
 * The `jaeger` exporter: OTLP to Jaeger, which ingests it natively (v2, and v1 from 1.35). The
 * thrift transports went with `@opentelemetry/exporter-jaeger`, which SDK 3 no longer has. This
 * is the OTLP exporter under a name that says where the spans go.
 */
export class JaegerExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly description: string,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  toString(): string {
    return this.description;
  }
}

export async function createJaegerExporter(options: JaegerExporterOptions): Promise<SpanExporter> {
  const otlp = options.otlp ?? {};
  const inner = await createOtlpExporter(otlp);
  const protocol = otlp.protocol ?? 'grpc';
  const endpoint = otlp.endpoint ?? (protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318/v1/traces');
  return new JaegerExporter(inner, `JaegerExporter(${options.serviceName}: otlp ${protocol} ${endpoint})`);
}
