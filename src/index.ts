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

// Tracer facade and active-span helpers
export { createTracerFacade, getTracer, SpanStatusCode } from './tracer/facade';
export type { TracerFacade } from './tracer/facade';
export { addEvent, getActiveSpan, recordException, setAttribute, setAttributes, traceAsync, withSpan } from './tracer/active-span';

// Exporters and the export pipeline
export { createExporter, listExporterNames, registerExporterFactory, unregisterExporterFactory } from './exporters/registry';
export type { ExporterFactory, ExporterFactoryContext } from './exporters/registry';
export { ManagedExporter } from './exporters/managed-exporter';
export { ConsoleExporter } from './exporters/console';
export type { ConsoleExporterOptions } from './exporters/console';
export { NoneExporter } from './exporters/none';
export { RetryingBatchSpanProcessor } from './processor/retrying-batch-processor';
export type { ExportStats } from './processor/stats';

// Context: propagation, baggage, correlation, log context
export {
  createBaggageFromRecord,
  createContextManagerFacade,
  createPropagator,
  getAllBaggage,
  getBaggage,
  getCorrelationId,
  getLogContext,
  pinoLogMixin,
  removeBaggage,
  setBaggage,
  StrictBaggagePropagator,
  StrictTraceContextPropagator,
  winstonLogFormat,
  withBaggage,
  withCorrelationId,
} from './propagation';
export type { BaggageInput, ContextManagerFacade, LogContext, PropagatorName } from './propagation';
export { getContextManager } from './propagation/get-context-manager';

// Instrumentation helpers and middleware
export { getInstrumentation } from './sdk/get-instrumentation';
export { createInstrumentation, traceFetchHandler, tracingErrorHandler, tracingMiddleware, wrapRequestListener } from './instrument/index';
export type {
  DatabaseQueryInfo,
  DiscordApiInfo,
  FetchHandlerOptions,
  HttpRequestInfo,
  Instrumentation,
  InstrumentationOptions,
  MiddlewareOptions,
  RedisCommandInfo,
} from './instrument/index';

export { VERSION } from './version';
