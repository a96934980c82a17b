import type { Attributes, MeterProvider, TextMapPropagator } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';

/** The exporters tracewright knows by name. `registerExporterFactory` adds more. */
export type ExporterName = 'otlp' | 'jaeger' | 'zipkin' | 'console' | 'memory' | 'file' | 'none';
/** An exporter given by name (built-in or registered) or as an instance. */
export type ExporterOrName = ExporterName | (string & {}) | SpanExporter;

import type { AnalysisOptions } from '../analysis/analysis-options';
import type { SpoolOptions } from '../pipeline/spool-options';
import type { PropagatorName } from '../propagation/propagator-options';
import type { SamplerName } from '../sampling/sampler-options';

export type { PropagatorName, SamplerName, SpoolOptions };
export type PropagatorOrName = PropagatorName | TextMapPropagator;

export type SamplerOrName = SamplerName | Sampler;

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
/** How the `jaeger` exporter sends: OTLP only; the thrift transports `http` and `udp` were removed. */
export type JaegerTransport = 'otlp';
export type LogLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface RetryOptions {
  /** Attempts per batch, the first included. Default 5. Env `TRACEWRIGHT_RETRY_MAX_ATTEMPTS`. */
  maxAttempts?: number;
  /** Delay before the first retry, in ms. Default 1000. Env `TRACEWRIGHT_RETRY_INITIAL_DELAY_MS`. */
  initialDelayMs?: number;
  /** Upper bound of one delay, in ms. Default 5000 (and never past the batch's deadline). Env `TRACEWRIGHT_RETRY_MAX_DELAY_MS`. */
  maxDelayMs?: number;
  /** Growth factor between delays. Default 1.5. Env `TRACEWRIGHT_RETRY_MULTIPLIER`. */
  multiplier?: number;
  /** Each delay is spread uniformly over ±this share of it (0–1), so a fleet does not retry in lockstep. Default 0.2. Env `TRACEWRIGHT_RETRY_JITTER`. */
  jitter?: number;
}

export interface SpanLimitOptions {
  /** Max attributes per span. Default 128. Env `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`, then `OTEL_ATTRIBUTE_COUNT_LIMIT`. */
  attributeCountLimit?: number;
  /** Max length of a string attribute value. Default unlimited. Env `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, then `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`. */
  attributeValueLengthLimit?: number;
  /** Max events per span. Default 128. Env `OTEL_SPAN_EVENT_COUNT_LIMIT`. */
  eventCountLimit?: number;
  /** Max links per span. Default 128. Env `OTEL_SPAN_LINK_COUNT_LIMIT`. */
  linkCountLimit?: number;
  /** Max attributes per event. Default 128. Env `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`. */
  attributePerEventCountLimit?: number;
  /** Max attributes per link. Default 128. Env `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`. */
  attributePerLinkCountLimit?: number;
}

/**
 * Everything `initializeTracing` accepts. Every field is optional: an explicit option wins over the
 * environment, which wins over the default.
 */
export interface TracingOptions {
  /** Service name (resource `service.name`). Required unless `resourceAttributes['service.name']` or the env gives one. Env `OTEL_SERVICE_NAME`, alias `SERVICE_NAME`, or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`. */
  serviceName?: string;
  /** Resource `service.version`. Default: unset. Env `OTEL_SERVICE_VERSION`. */
  serviceVersion?: string;
  /** Resource `deployment.environment.name`. Default: unset. Env `DEPLOYMENT_ENVIRONMENT`, then `NODE_ENV`. */
  environment?: string;
  /** Turn tracing off entirely: every API still works and records nothing. Default true. Env `OTEL_SDK_DISABLED=true`, `OTEL_ENABLED=false`, `TRACING_ENABLED=false`. */
  enabled?: boolean;
  /** Where spans go: a name, an instance, or a list of them (each gets its own queue and stats). Default `otlp`. Env `OTEL_TRACES_EXPORTER` (comma list). */
  exporterType?: ExporterOrName | readonly ExporterOrName[];
  /** OTLP endpoint: an http(s) URL, or `host:port` for grpc (TLS unless `insecure`). Default `http://localhost:4317` (grpc) or `http://localhost:4318/v1/traces` (http). Env `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is), `OTEL_EXPORTER_OTLP_ENDPOINT` (base; `/v1/traces` is added for http). */
  endpoint?: string;
  /** OTLP transport. Default `grpc`; when neither this nor the env sets it, an endpoint on port 4318 means `http/protobuf` (4317: `grpc`). Env `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`. */
  protocol?: OtlpProtocol;
  /** Headers sent with every OTLP export (auth). Default none. Env `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2` or a JSON object); the per-signal variable is merged over the generic one key by key. */
  headers?: Record<string, string>;
  /** OTLP compression. Default `none`. Env `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION`, `OTEL_EXPORTER_OTLP_COMPRESSION`. */
  compression?: 'gzip' | 'none';
  /** CA certificate file for TLS to the OTLP endpoint. Env `OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE`, `OTEL_EXPORTER_OTLP_CERTIFICATE`. */
  certificateFile?: string;
  /** Client private key file for mTLS. Env `OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY`, `OTEL_EXPORTER_OTLP_CLIENT_KEY`. */
  clientKeyFile?: string;
  /** Client certificate file for mTLS. Env `OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE`, `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`. */
  clientCertificateFile?: string;
  /** gRPC without TLS even for a non-http scheme. Default: from the scheme. Env `OTEL_EXPORTER_OTLP_TRACES_INSECURE`, `OTEL_EXPORTER_OTLP_INSECURE`. */
  insecure?: boolean;
  /**
   * Where the `jaeger` exporter sends, written as a Jaeger collector URL: its scheme and host with
   * Jaeger's OTLP port (4317 for `protocol` grpc, 4318 + `/v1/traces` for http). A port of Jaeger's
   * thrift/agent ports (14268, 14250, 14267, 6831, 6832, 5775, 5778) is replaced, with one warning;
   * another port is kept. The `endpoint` option beats it. Default unset (the OTLP endpoint).
   * Env `OTEL_EXPORTER_JAEGER_ENDPOINT`.
   */
  jaegerEndpoint?: string;
  /**
   * Only `otlp`: the thrift transports `http` and `udp` were removed, and naming them throws a
   * TracingConfigError that says how to reach Jaeger over OTLP. Default `otlp`. Env
   * `TRACEWRIGHT_JAEGER_TRANSPORT` (`http`/`udp` there warn once and use OTLP).
   */
  jaegerTransport?: JaegerTransport;
  /**
   * Host of Jaeger's OTLP receiver for the `jaeger` exporter: `http://HOST:4317` (grpc) or
   * `http://HOST:4318/v1/traces` (http). `endpoint` and `jaegerEndpoint` beat it. Default
   * `localhost`. Env `OTEL_EXPORTER_JAEGER_AGENT_HOST`, alias `JAEGER_HOST`.
   */
  jaegerAgentHost?: string;
  /**
   * Port for `jaegerAgentHost`. Jaeger's agent and thrift ports (6831, 6832, 5775, 5778, 14250,
   * 14267, 14268) are not used (one warning; the OTLP port is); any other port is taken as the OTLP
   * receiver's. Default 4317 (grpc) / 4318 (http). Env `OTEL_EXPORTER_JAEGER_AGENT_PORT`, alias `JAEGER_PORT`.
   */
  jaegerAgentPort?: number;
  /** Zipkin v2 endpoint. Default `http://localhost:9411/api/v2/spans`. Env `OTEL_EXPORTER_ZIPKIN_ENDPOINT`. */
  zipkinEndpoint?: string;
  /** Path of the `file` exporter's JSON-lines file. Default `./traces.jsonl`. Env `TRACEWRIGHT_FILE_PATH`. */
  filePath?: string;
  /** Size at which the trace file rotates, in bytes. Default 10 MiB. Env `TRACEWRIGHT_FILE_MAX_BYTES`. */
  fileMaxBytes?: number;
  /** Rotated files kept beside the current one. Default 3. Env `TRACEWRIGHT_FILE_MAX_FILES`. */
  fileMaxFiles?: number;
  /** Console exporter output: `tree` (human-readable) or `json` (one JSON line per span). Default `tree`. Env `TRACEWRIGHT_CONSOLE_FORMAT`. */
  consoleFormat?: 'tree' | 'json';
  /** Shortcut for `parentbased_traceidratio` with this ratio, 0 to 1. Env `OTEL_SAMPLING_RATE`, alias `TRACING_SAMPLE_RATE`. With a `sampler` other than a ratio sampler it is a `TracingConfigError` (it would be ignored). Default unset. */
  samplingRate?: number;
  /** A sampler by name or instance. Default `parentbased_always_on`. Env `OTEL_TRACES_SAMPLER` + `OTEL_TRACES_SAMPLER_ARG`, or `JAEGER_SAMPLER` + `JAEGER_SAMPLER_PARAM` (const, probabilistic, rateLimiting, remote). */
  sampler?: SamplerOrName;
  /** Argument of a named sampler (ratio, traces per second, or the remote sampler's URL), whether the sampler is named in code or by the env. Env `OTEL_TRACES_SAMPLER_ARG`. */
  samplerArg?: number | string;
  /** Propagators, by name or instance, combined in order. Default `['tracecontext', 'baggage']`. Env `OTEL_PROPAGATORS`. */
  propagators?: readonly PropagatorOrName[];
  /** Requests whose path matches are not traced (exact path, or a `*` glob, or a RegExp). Default none. Env `TRACEWRIGHT_IGNORE_PATHS` (comma list). */
  ignorePaths?: readonly (string | RegExp)[];
  /** Batch spans (true) or export each span as it ends (false); both retry and count. Default true. Env `TRACEWRIGHT_ENABLE_BATCH`. */
  enableBatch?: boolean;
  /** Longest a span waits in the queue before a batch is sent, ms. Default 5000. Env `OTEL_BSP_SCHEDULE_DELAY`. */
  batchTimeout?: number;
  /** Most spans per export request; an export starts once 512 wait, and takes more as the queue deepens. Default 2048. Env `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`. */
  maxBatchSize?: number;
  /** Spans held while waiting for export; past this they are dropped and counted. Default 8192. Env `OTEL_BSP_MAX_QUEUE_SIZE`. */
  maxQueueSize?: number;
  /**
   * Publish the pipeline's numbers as OpenTelemetry metrics (`otel.sdk.span.*`,
   * `otel.sdk.processor.span.*`, `otel.sdk.exporter.span.*`, `otel.sdk.exporter.operation.duration`,
   * `tracewright.spool.*`): `true` through the app's global MeterProvider (a no-op until the app
   * registers one), a `MeterProvider` to use that one, `false` for none. Default true.
   * Env `TRACEWRIGHT_SELF_METRICS`.
   */
  selfMetrics?: boolean | MeterProvider;
  /** Exports in flight at once per exporter (1 to 64): more hide the network round trip at high span rates. Default 2. Env `TRACEWRIGHT_MAX_CONCURRENT_EXPORTS`. */
  maxConcurrentExports?: number;
  /** Time allowed for one export attempt, and for flush/shutdown to drain, ms. Default 10000. Env `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, `OTEL_EXPORTER_OTLP_TIMEOUT`, `OTEL_BSP_EXPORT_TIMEOUT`. */
  exportTimeout?: number;
  /** Retry of transient export failures (backoff with jitter). */
  retry?: RetryOptions;
  /**
   * Disk spool of the OTLP exporters (grpc, http/protobuf): batches the queue cannot hold, and
   * every batch while the backend fails, go to disk and are replayed in order, also after a
   * restart. See {@link SpoolOptions}. Default off (`false`). Env `TRACEWRIGHT_SPOOL_DIR` turns it on.
   */
  spool?: SpoolOptions | false;
  /** Extra resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /** Span limits. */
  spanLimits?: SpanLimitOptions;
  /** Trace outgoing HTTP calls with the helpers. Default true. Env `TRACEWRIGHT_ENABLE_HTTP`. */
  enableHttp?: boolean;
  /** Trace database queries with the helpers. Default true. Env `TRACEWRIGHT_ENABLE_DATABASE`. */
  enableDatabase?: boolean;
  /** Trace Redis commands with the helpers. Default true. Env `TRACEWRIGHT_ENABLE_REDIS`. */
  enableRedis?: boolean;
  /** Trace Discord API calls and events with the helpers. Default true. Env `TRACEWRIGHT_ENABLE_DISCORD`. */
  enableDiscord?: boolean;
  /** Record request/response bodies (truncated, redacted). Default false. Env `TRACEWRIGHT_CAPTURE_BODIES`. */
  captureBodies?: boolean;
  /** Replace literals in recorded SQL with `?`. Default true. Env `TRACEWRIGHT_SANITIZE_QUERIES`. */
  sanitizeQueries?: boolean;
  /** Replace id-like segments of Redis keys with `?`. Default true. Env `TRACEWRIGHT_SANITIZE_KEYS`. */
  sanitizeKeys?: boolean;
  /** Request headers recorded on server spans (allowlist; Authorization and Cookie never). Default none. Env `TRACEWRIGHT_CAPTURE_REQUEST_HEADERS`. */
  captureRequestHeaders?: readonly string[];
  /** Response headers recorded on server spans (allowlist; Set-Cookie never). Default none. Env `TRACEWRIGHT_CAPTURE_RESPONSE_HEADERS`. */
  captureResponseHeaders?: readonly string[];
  /** Add a `traceresponse` header to server responses. Default false. Env `TRACEWRIGHT_TRACE_RESPONSE_HEADER`. */
  traceResponseHeader?: boolean;
  /** On SIGTERM/SIGINT with no handler of the app's own, flush (bounded by exportTimeout) then let the process end as it would have. Default true. Env `TRACEWRIGHT_HANDLE_SIGNALS`. */
  handleSignals?: boolean;
  /** Level of the console diag logger tracewright installs (`none` installs none). Default `warn`. Env `OTEL_LOG_LEVEL`. */
  logLevel?: LogLevelName;
  /** In-process analysis (a `TraceCollector` beside the exporters; see `getPerformanceOverview`): `true`, or its options (each with its own `TRACING_*` variable). Default off. Env `TRACING_ANALYSIS=true`. */
  analysis?: boolean | AnalysisOptions;
}
