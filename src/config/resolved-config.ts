import type { Attributes, MeterProvider, TextMapPropagator } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';
import type { ResolvedAnalysisOptions } from '../analysis/analysis-options';
import type { LogLevelName, OtlpProtocol, PropagatorName } from './options';
import type { ResolvedProcessorOptions } from '../pipeline/processor-options';
import type { ResolvedSpool } from '../pipeline/spool-options';

/** A sampler given by name: plain data, turned into a Sampler by src/sampling. */
export type { SamplerSpec } from '../sampling/sampler-options';
import type { SamplerSpec } from '../sampling/sampler-options';

export interface ResolvedOtlp {
  endpoint: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  certificateFile?: string;
  clientKeyFile?: string;
  clientCertificateFile?: string;
  insecure?: boolean;
}

/** The processor's own resolved options (src/pipeline/processor-options.ts). */
export type ResolvedProcessor = ResolvedProcessorOptions;

export interface ResolvedInstrumentation {
  enableHttp: boolean;
  enableDatabase: boolean;
  enableRedis: boolean;
  enableDiscord: boolean;
  captureBodies: boolean;
  sanitizeQueries: boolean;
  sanitizeKeys: boolean;
  captureRequestHeaders: readonly string[];
  captureResponseHeaders: readonly string[];
  traceResponseHeader: boolean;
}

/** What `resolveConfig` returns: every value decided, frozen. Components take slices of it. */
export interface ResolvedConfig {
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
  readonly environment: string | undefined;
  readonly resourceAttributes: Readonly<Attributes>;
  readonly exporters: readonly (string | SpanExporter)[];
  readonly otlp: Readonly<ResolvedOtlp>;
  /** Where the `jaeger` exporter sends OTLP (with the `otlp` protocol, headers and TLS): see ./resolve-jaeger.ts. */
  readonly jaeger: Readonly<{ endpoint: string }>;
  readonly zipkin: Readonly<{ endpoint: string; timeoutMillis: number }>;
  readonly file: Readonly<{ path: string; maxFileBytes: number; maxFiles: number }>;
  readonly console: Readonly<{ format: 'tree' | 'json' }>;
  readonly sampler: Readonly<SamplerSpec> | Sampler;
  readonly propagators: readonly (PropagatorName | TextMapPropagator)[];
  readonly ignorePaths: readonly (string | RegExp)[];
  readonly processor: Readonly<ResolvedProcessor>;
  /** Self-metrics: off (`false`), through the global MeterProvider (`true`), or through this one. */
  readonly selfMetrics: boolean | MeterProvider;
  /** The disk spool, when on (see src/pipeline/spool-options.ts). */
  readonly spool: ResolvedSpool | undefined;
  readonly spanLimits: Readonly<{
    attributeCountLimit: number;
    attributeValueLengthLimit: number;
    eventCountLimit: number;
    linkCountLimit: number;
    attributePerEventCountLimit: number;
    attributePerLinkCountLimit: number;
  }>;
  readonly instrumentation: Readonly<ResolvedInstrumentation>;
  readonly handleSignals: boolean;
  readonly logLevel: LogLevelName;
  /** The in-process analysis' options; undefined when it is off. */
  readonly analysis: ResolvedAnalysisOptions | undefined;
}
