/**
 * Every option key, at run time: an unknown key passed to `initializeTracing` is a
 * TracingConfigError rather than a silently ignored typo. Typed as records over the option
 * interfaces, so adding an option without listing it here does not compile.
 */
import type { AnalysisOptions } from '../analysis/analysis-options';
import type { RetryOptions, SpanLimitOptions, TracingOptions } from './options';

const TRACING: Record<keyof TracingOptions, true> = {
  serviceName: true,
  serviceVersion: true,
  environment: true,
  enabled: true,
  exporterType: true,
  endpoint: true,
  protocol: true,
  headers: true,
  compression: true,
  certificateFile: true,
  clientKeyFile: true,
  clientCertificateFile: true,
  insecure: true,
  jaegerEndpoint: true,
  jaegerTransport: true,
  jaegerAgentHost: true,
  jaegerAgentPort: true,
  zipkinEndpoint: true,
  filePath: true,
  fileMaxBytes: true,
  fileMaxFiles: true,
  consoleFormat: true,
  samplingRate: true,
  sampler: true,
  samplerArg: true,
  propagators: true,
  ignorePaths: true,
  enableBatch: true,
  batchTimeout: true,
  maxBatchSize: true,
  maxQueueSize: true,
  exportTimeout: true,
  retry: true,
  resourceAttributes: true,
  spanLimits: true,
  enableHttp: true,
  enableDatabase: true,
  enableRedis: true,
  enableDiscord: true,
  captureBodies: true,
  sanitizeQueries: true,
  sanitizeKeys: true,
  captureRequestHeaders: true,
  captureResponseHeaders: true,
  traceResponseHeader: true,
  handleSignals: true,
  logLevel: true,
  analysis: true,
  maxConcurrentExports: true,
  selfMetrics: true,
  spool: true,
};

const RETRY: Record<keyof RetryOptions, true> = { maxAttempts: true, initialDelayMs: true, maxDelayMs: true, multiplier: true, jitter: true };

const SPAN_LIMITS: Record<keyof SpanLimitOptions, true> = {
  attributeCountLimit: true,
  attributeValueLengthLimit: true,
  eventCountLimit: true,
  linkCountLimit: true,
  attributePerEventCountLimit: true,
  attributePerLinkCountLimit: true,
};

const ANALYSIS: Record<keyof AnalysisOptions, true> = {
  maxTraces: true,
  traceTtlMs: true,
  memoryLimitBytes: true,
  maxSpansPerTrace: true,
  slowThresholdMs: true,
  criticalThresholdMs: true,
  maxOperations: true,
  trendWindowMs: true,
  trackMemory: true,
  exportAttributes: true,
  now: true,
};

export const ANALYSIS_OPTION_KEYS: readonly string[] = Object.keys(ANALYSIS);
export const TRACING_OPTION_KEYS: readonly string[] = Object.keys(TRACING);
export const RETRY_OPTION_KEYS: readonly string[] = Object.keys(RETRY);
export const SPAN_LIMIT_OPTION_KEYS: readonly string[] = Object.keys(SPAN_LIMITS);

/**
 * Keys people write that are not options, with what to write instead: names from other tracing
 * libraries and from the OpenTelemetry NodeSDK, whose spelling "did you mean" cannot guess.
 */
export const OPTION_HINTS: Readonly<Record<string, string>> = {
  exporter: "Did you mean 'exporterType'?",
  exporters: "Did you mean 'exporterType' (a name, an exporter, or a list of them)?",
  traceExporter: "Did you mean 'exporterType' (a name, an exporter, or a list of them)?",
  otlp: "OTLP settings are top-level options: 'endpoint', 'headers', 'protocol' (and 'compression', 'insecure').",
  jaeger: "Jaeger settings are top-level options: 'jaegerEndpoint', 'jaegerTransport', 'jaegerAgentHost', 'jaegerAgentPort'.",
  zipkin: "Did you mean 'zipkinEndpoint'?",
  url: "Did you mean 'endpoint'?",
  name: "Did you mean 'serviceName'?",
  service: "Did you mean 'serviceName'?",
  version: "Did you mean 'serviceVersion'?",
  env: "Did you mean 'environment'?",
  sampleRate: "Did you mean 'samplingRate'?",
  samplingRatio: "Did you mean 'samplingRate'?",
  resource: "Did you mean 'resourceAttributes'?",
  propagator: "Did you mean 'propagators'?",
  batch: "Batching options are top-level: 'enableBatch', 'batchTimeout', 'maxBatchSize', 'maxQueueSize'.",
  timeout: "Did you mean 'exportTimeout'?",
  debug: "Did you mean logLevel: 'debug'?",
  limits: "Did you mean 'spanLimits'?",
};
