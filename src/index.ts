/**
 * tracewright: OpenTelemetry tracing for a Node.js service in one call. Every export is listed by
 * name; types go out with `export type`.
 */

// Lifecycle
export {
  forceFlush,
  getExporters,
  getResolvedConfig,
  getTracingStats,
  initializeTracing,
  isTracingEnabled,
  shutdownTracing,
} from './sdk/lifecycle';
export type { ShutdownReport, TracingHandle } from './sdk/lifecycle';

// Configuration
export { resolveConfig } from './config/resolve-config';
export type { ResolveConfigContext } from './config/resolve-config';
export type {
  ExporterName,
  ExporterOrName,
  JaegerTransport,
  LogLevelName,
  OtlpProtocol,
  PropagatorOrName,
  RetryOptions,
  SamplerName,
  SamplerOrName,
  SpanLimitOptions,
  TracingOptions,
} from './config/options';
export type { ResolvedConfig, SamplerSpec } from './config/resolved-config';

// Errors
export { TracingConfigError, TracingError, isTracingConfigError, isTracingError } from './errors';
export type { TracingErrorCode } from './errors';

// Local analysis (a TraceCollector beside the exporters)
export { TraceCollector } from './analysis/trace-collector';
export type { CollectorStats, TraceRecord, TracingSummary } from './analysis/trace-collector';
export { exportTracingData, getCollectorStats, getPerformanceOverview, getTraceAnalysis, getTraceCollector, getTracingSummary } from './analysis/current';
export { ANALYSIS_DEFAULTS } from './analysis/analysis-options';
export type { AnalysisOptions, ResolvedAnalysisOptions } from './analysis/analysis-options';
export type { LatencyFigures, OperationSummary } from './analysis/aggregates';
export type { HealthStatus, PerformanceOverview, ServiceHealth } from './analysis/overview';
export type { Insight, InsightKind, Recommendation, RecommendationKind, Severity } from './analysis/insights';
export type { ErrorPattern } from './analysis/error-patterns';
export type { Trend, Trends, WindowFigures } from './analysis/trends';
export type { SpanRef, TimelineEntry, TraceAnalysis, TraceError } from './analysis/trace-analysis';
export type { TraceMemoryUsage } from './analysis/memory';
export type { ExportedSpan, ExportedTrace, ExportWindow, TracingDataExport } from './analysis/export-data';
export type { SpanEventRecord, SpanLinkRecord, SpanRecord } from './analysis/span-record';
export { RequestContext, traced, withNewContextAsync } from './analysis/request-context';
export type { LogLevel, RequestContextMetadata } from './analysis/request-context';

// Tracer facade and active-span helpers
export { createTracerFacade, getTracer, SpanStatusCode } from './tracer/facade';
export type { SpanEventInput, SpanStatusInput, TracerFacade } from './tracer/facade';
export { SpanKind } from '@opentelemetry/api';
export { addEvent, getActiveSpan, recordException, setAttribute, setAttributes, traceAsync, withSpan } from './tracer/active-span';

// Exporters and the export pipeline
export { createExporter, listExporterNames, registerExporterFactory, unregisterExporterFactory } from './exporters/registry';
export type { ExporterFactory, ExporterFactoryContext } from './exporters/registry';
export { ManagedExporter } from './pipeline/managed-exporter';
export { ConsoleExporter } from './exporters/console';
export type { ConsoleExporterOptions } from './exporters/console';
export { NoneExporter } from './exporters/none';
export { FileSpanExporter, createFileExporter } from './exporters/file';
export type { FileExporterOptions } from './exporters/file';
export { readSpanFile } from './exporters/file-reader';
export type { ReadSpanFileOptions, StoredSpan, StoredValue } from './exporters/file-reader';
export { RetryingBatchSpanProcessor } from './pipeline/retrying-batch-processor';
export { DEFAULT_RETRY_POLICY, PROCESSOR_DEFAULTS } from './pipeline/processor-options';
export type { ProcessorOptions, RetryPolicy } from './pipeline/processor-options';
export { sumStats } from './pipeline/stats';
export type { ExportStats } from './pipeline/stats';
export type { SpoolFsync, SpoolOptions } from './pipeline/spool-options';

// Local trace viewer (the server loads on first call)
export { startTraceViewer } from './viewer/lazy';
export type { StartTraceViewerOptions, TraceViewer } from './viewer/options';

// Context: propagation, baggage, correlation, log context
export {
  CORRELATION_ID_KEY,
  CorrelationIdPropagator,
  createBaggageFromRecord,
  createContextManagerFacade,
  createPropagator,
  getAllBaggage,
  getBaggage,
  getCorrelationId,
  headerGetter,
  headerSetter,
  isJaegerDebug,
  JaegerPropagator,
  PROPAGATOR_NAMES,
  removeBaggage,
  resolveCorrelationId,
  setBaggage,
  setCorrelationId,
  StrictBaggagePropagator,
  StrictTraceContextPropagator,
  withBaggage,
  withCorrelationId,
} from './propagation';
export type { BaggageInput, ContextManagerFacade, HeaderCarrier, JaegerPropagatorOptions, PropagatorName } from './propagation';
export { getLogContext, pinoLogMixin, winstonLogFormat } from './logging/log-context';
export type { LogContext, LogFormat } from './logging/log-context';
export { getContextManager } from './propagation/get-context-manager';

// Instrumentation helpers and middleware
export { getInstrumentation } from './sdk/get-instrumentation';
export { createInstrumentation, traceFetchHandler, tracingErrorHandler, tracingMiddleware, wrapRequestListener } from './sdk/instrumentation';
export { templateDiscordRoute } from './instrument/discord-route';
export type { DiscordRoute } from './instrument/discord-route';
export { expressRoute } from './middleware/express';
export type { TracingMiddleware } from './middleware/express';
export type {
  DatabaseQueryInfo,
  DiscordApiInfo,
  DiscordRateLimitInfo,
  FetchHandlerOptions,
  HttpRequestInfo,
  Instrumentation,
  InstrumentationOptions,
  MiddlewareOptions,
  RedisCommandInfo,
} from './sdk/instrumentation';

// Sampling
export { createIgnorePathsSampler, createSampler, JaegerRemoteSampler, matchesIgnoredPath, RateLimitingSampler, SAMPLER_NAMES } from './sampling/index';
export type { CreateSamplerOptions, IgnorePathPattern, JaegerRemoteSamplerOptions } from './sampling/index';

// Higher-level tracing: decorators, service proxies, LLM calls, background jobs, domain operations
export { Trace } from './decorators/trace-decorator';
export type { TraceOptions, TraceMethodDecorator } from './decorators/trace-decorator';
export { withTracing } from './decorators/with-tracing';
export type { FetchStyleHandler } from './decorators/with-tracing';
export { instrumentService, batchInstrumentServices } from './decorators/service-proxy';
export type { InstrumentServiceOptions } from './decorators/service-proxy';
export { traceAIChatCompletion } from './genai/chat-completion';
export type { AIChatCompletionOptions } from './genai/chat-completion';
export { traceAIEmbedding } from './genai/embedding';
export type { AIEmbeddingOptions } from './genai/embedding';
export { traceSemanticCache } from './genai/semantic-cache';
export type { SemanticCacheOptions } from './genai/semantic-cache';
export { traceMLOperation } from './genai/ml-operation';
export type { MLOperationOptions } from './genai/ml-operation';
export { FIRST_CHUNK_EVENT } from './genai/trace-stream';
export { injectTraceContext, extractTraceContext, TRACE_CONTEXT_FIELD } from './jobs/job-context';
export type { JobContextOptions, JobTraceContext, WithTraceContext } from './jobs/job-context';
export { traceJob, traceJobEnqueue } from './jobs/trace-job';
export type { JobLike, JobTracingOptions, TraceJobOptions, TraceJobEnqueueOptions } from './jobs/trace-job';
export { traceOperation } from './decorators/operations';
export type { TraceOperationOptions } from './decorators/operations';
export type { TracerSource } from './tracer/run-in-span';

// Compatible names (README, "Compatible names"): aliases and adapters over the preferred forms above
export { tracer } from './compat/tracer';
export { ExporterType } from './compat/exporter-type';
export { baggage } from './compat/baggage';
export type { ScopeBaggage } from './compat/baggage';
export {
  traceDatabaseQuery,
  traceDatabaseTransaction,
  tracePrismaOperation,
  tracingExtension,
} from './compat/database';
export type { PrismaQueryHookArgs, PrismaTracingExtension, TraceDatabaseQueryOptions, TraceDatabaseTransactionOptions } from './compat/database';
export { traceApiClient, traceFetch, traceOutgoingRequest } from './compat/http';
export type { TraceApiClientOptions } from './compat/http';

export { VERSION } from './version';
