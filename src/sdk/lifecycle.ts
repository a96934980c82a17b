import { diag, DiagConsoleLogger, DiagLogLevel, metrics } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { setCurrentCollector } from '../analysis/current';
import { TraceCollector } from '../analysis/trace-collector';
import type { LogLevelName, TracingOptions } from '../config/options';
import { resolveConfig } from '../config/resolve-config';
import type { ResolvedConfig } from '../config/resolved-config';
import { TracingError } from '../errors';
import { listExporterNames, loadExporter } from '../exporters/registry';
import type { ManagedExporter } from '../pipeline/managed-exporter';
import { logger } from '../internal/diag';
import { RetryingBatchSpanProcessor } from '../pipeline/retrying-batch-processor';
import { attachSpools } from '../pipeline/attach-spool';
import { registerSelfMetrics, SpanCounter } from '../pipeline/self-metrics';
import { emptyStats, sumStats, type ExportStats } from '../pipeline/stats';
import { createPropagator } from '../propagation';
import { createSampler, samplerReadsAttributes } from '../sampling';
import { installExitHooks } from './exit-hooks';
import { registerGlobally, unregisterGlobals } from './register';
import { buildResource } from './resource';
import { currentConfig, setCurrentSetup } from '../runtime/setup';
import { PooledRandomIdGenerator } from './id-generator';
import { SpanTap } from '../runtime/span-tap';
import { SetupSpanProcessor } from './setup-processor';

interface Pipeline {
  exporter: ManagedExporter;
  processor: RetryingBatchSpanProcessor;
}

interface Runtime {
  config: ResolvedConfig;
  provider: TracerProvider;
  pipelines: Pipeline[];
  sampler: Sampler;
  removeExitHooks: () => void;
  removeSelfMetrics: () => void;
}

/** What `initializeTracing` resolves with. */
export interface TracingHandle {
  readonly enabled: boolean;
  readonly config: ResolvedConfig;
  /** One per configured exporter, each with its own queue and `getStats()`. */
  readonly exporters: readonly ManagedExporter[];
  getStats(): ExportStats;
  forceFlush(): Promise<void>;
  shutdown(): Promise<ShutdownReport>;
}

/** What `shutdownTracing` resolves with: where every span ended up. */
export interface ShutdownReport {
  /** Spans the backends accepted, over the whole run. */
  exportedSpans: number;
  /** Spans refused because a queue was full (or ended after shutdown). */
  droppedSpans: number;
  /** Spans whose export failed permanently, ran out of retries, or missed the shutdown deadline. */
  failedSpans: number;
  /** Time the shutdown took, ms. */
  durationMs: number;
  /** The summed stats, and each exporter's own. */
  stats: ExportStats;
  exporters: Record<string, ExportStats>;
}

let runtime: Runtime | undefined;
let starting: { options: TracingOptions; promise: Promise<TracingHandle> } | undefined;
let stopping: Promise<ShutdownReport> | undefined;
let disabledConfig: ResolvedConfig | undefined;
let lastReport: ShutdownReport | undefined;
// The pipelines of the last shutdown: getTracingStats() keeps reporting their final counts until
// the next initializeTracing(), so a test or an exit hook can read them after shutting down.
let lastPipelines: Pipeline[] = [];

const LOG_LEVELS: Record<LogLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Sets tracing up: resolves options + env + defaults, registers a TracerProvider (context
 * manager, propagators, sampler, resource, limits) with one retrying batch processor per exporter.
 * A second call before `shutdownTracing()` throws; one made while the first is still running gets
 * the same setup (same options) or rejects with a `TracingError`. When disabled, nothing is registered and every
 * API keeps working at next to no cost.
 */
export function initializeTracing(options: TracingOptions = {}): Promise<TracingHandle> {
  if (starting) {
    // Single flight: two modules starting tracing at once get the one setup, or a clear error.
    if (sameOptions(starting.options, options)) return starting.promise;
    return Promise.reject(
      new TracingError(
        'TRACING_INITIALIZING',
        'initializeTracing() is already running with other options; await the first call (or call it once) instead of starting a second setup.',
      ),
    );
  }
  const promise = (async () => {
    if (stopping) await stopping;
    return start(options);
  })().finally(() => {
    starting = undefined;
  });
  starting = { options, promise };
  return promise;
}

async function start(options: TracingOptions): Promise<TracingHandle> {
  if (runtime || disabledConfig)
    throw new TracingError('TRACING_ALREADY_INITIALIZED', 'initializeTracing() was already called; call shutdownTracing() before initializing again.');
  // Junk in the environment is reported after the logger is in place, or nobody would see it.
  const envWarnings: string[] = [];
  lastPipelines = [];
  const config = resolveConfig(options, process.env, { exporterNames: listExporterNames(), warn: (line) => envWarnings.push(line) });
  if (config.logLevel !== 'none') diag.setLogger(new DiagConsoleLogger(), { logLevel: LOG_LEVELS[config.logLevel], suppressOverrideMessage: true });
  for (const line of envWarnings) logger.warn(line);
  if (!config.enabled) {
    disabledConfig = config;
    setCurrentSetup(config, undefined);
    return handleFor(config, []);
  }

  const sampler = createSampler(config.sampler, { ignorePaths: config.ignorePaths, serviceName: config.serviceName });
  const loading = config.exporters.map((spec) => loadExporter(spec, config));
  const pipelines = loading.map(({ exporter }) => ({
    exporter,
    processor: new RetryingBatchSpanProcessor(exporter, { ...config.processor, retry: { ...config.processor.retry } }),
  }));
  try {
    // A lazily loaded exporter that cannot load (a missing optional module) is a setup error.
    await Promise.all(loading.map((l) => l.loaded));
    if (config.spool) await attachSpools(pipelines, config.spool, config.serviceName);
  } catch (error) {
    await Promise.allSettled(pipelines.map((p) => p.processor.shutdown()));
    throw error;
  }
  const resource = buildResource(config);
  // Detectors may resolve some attributes later (host.id); wait so that no span reads them early.
  await resource.waitForAsyncAttributes?.();
  const collector = config.analysis ? new TraceCollector(config.analysis) : undefined;
  const spanCounter = config.selfMetrics === false ? undefined : new SpanCounter();
  const provider = new TracerProvider({
    resource,
    sampler,
    // CSPRNG ids read from a pooled buffer: cryptographically random and cheaper than the default.
    idGenerator: new PooledRandomIdGenerator(),
    spanLimits: { ...config.spanLimits },
    spanProcessors: [new SetupSpanProcessor({ counter: spanCounter, exporters: pipelines.map((p) => p.processor), collector, tap: new SpanTap() })],
  });
  const removeSelfMetrics = spanCounter
    ? registerSelfMetrics(
        config.selfMetrics === true ? metrics.getMeterProvider() : (config.selfMetrics as Exclude<typeof config.selfMetrics, boolean>),
        pipelines.map((p) => ({ exporter: p.exporter, queueCapacity: config.processor.maxQueueSize })),
        spanCounter,
      )
    : () => {};
  registerGlobally(createPropagator(config.propagators));
  // Nothing reads a span's attributes at its start (a sampler given in code or ignorePaths may;
  // the analysis' memory tracking writes one there): they can be set once, right after it.
  const startAttributesUnread = !samplerReadsAttributes(config.sampler, config.ignorePaths) && !config.analysis?.trackMemory;
  setCurrentSetup(config, provider, startAttributesUnread);
  const removeExitHooks = config.handleSignals
    ? installExitHooks({
        flush: () => provider.forceFlush(),
        // In flight counts too: a batch waiting for its retry is not delivered yet.
        pending: () => {
          const stats = sumStats(pipelines.map((p) => p.processor.getStats()));
          return stats.queueSize + stats.inFlightSpans;
        },
        abandon: () => pipelines.reduce((n, p) => n + p.processor.abandon('the process exited before they were delivered'), 0),
        timeoutMs: config.processor.exportTimeoutMillis,
      })
    : () => {};
  runtime = { config, provider, pipelines, sampler, removeExitHooks, removeSelfMetrics };
  setCurrentCollector(collector);
  logger.debug(`initialized: exporters=${pipelines.map((p) => p.exporter.name).join(',') || 'none'} sampler=${sampler.toString()}`);
  return handleFor(config, pipelines.map((p) => p.exporter));
}

function handleFor(config: ResolvedConfig, exporters: ManagedExporter[]): TracingHandle {
  return { enabled: config.enabled, config, exporters, getStats: getTracingStats, forceFlush, shutdown: shutdownTracing };
}

/**
 * Flushes every queue (bounded by the export timeout), shuts the provider down and unregisters
 * the globals, so tracing can be initialized again. Resolves with a report; never throws.
 */
export function shutdownTracing(): Promise<ShutdownReport> {
  // A second call while one runs gets that call's report when it is ready.
  stopping ??= (async () => {
    if (starting) await starting.promise.catch(() => undefined);
    return stop();
  })().finally(() => {
    stopping = undefined;
  });
  return stopping;
}

async function stop(): Promise<ShutdownReport> {
  const started = Date.now();
  if (disabledConfig) {
    disabledConfig = undefined;
    setCurrentSetup(undefined, undefined);
    return report([], started);
  }
  const current = runtime;
  if (!current) return lastReport ?? report([], started);
  runtime = undefined;
  setCurrentCollector(undefined);
  current.removeExitHooks();
  try {
    await current.provider.shutdown();
  } catch (error) {
    logger.warn(`shutdown: ${String(error)}`);
  }
  // After the provider's shutdown, so that a last collection sees the final numbers.
  current.removeSelfMetrics();
  await closeSampler(current.sampler);
  // Spans started until here went to the provider being shut down (and were counted there).
  setCurrentSetup(undefined, undefined);
  unregisterGlobals();
  lastPipelines = current.pipelines;
  lastReport = report(current.pipelines, started);
  return lastReport;
}

async function closeSampler(sampler: Sampler): Promise<void> {
  const closable = sampler as Sampler & { shutdown?: () => unknown; close?: () => unknown };
  try {
    await (closable.shutdown?.() ?? closable.close?.());
  } catch (error) {
    logger.warn(`shutdown: sampler: ${String(error)}`);
  }
}

function report(pipelines: Pipeline[], started: number): ShutdownReport {
  const each = pipelines.map((p) => [p.exporter.name, p.processor.getStats()] as const);
  const stats = each.length > 0 ? sumStats(each.map(([, s]) => s)) : emptyStats();
  return {
    exportedSpans: stats.exportedSpans,
    droppedSpans: stats.droppedSpans,
    failedSpans: stats.failedSpans,
    durationMs: Date.now() - started,
    stats,
    exporters: Object.fromEntries(uniqueNames(each.map(([name]) => name)).map((name, i) => [name, each[i][1]])),
  };
}

/** 'otlp', 'otlp#2' … when the same exporter is listed twice. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  });
}

/** Exports everything queued now, within the export timeout. Never throws. */
export async function forceFlush(): Promise<void> {
  try {
    await runtime?.provider.forceFlush();
  } catch (error) {
    logger.warn(`forceFlush: ${String(error)}`);
  }
}

/**
 * The stats of every exporter, summed. Synchronous. After `shutdownTracing()` the final counts of
 * that run, until the next `initializeTracing()`; all zero before any run or when disabled.
 */
export function getTracingStats(): ExportStats {
  const pipelines = runtime?.pipelines ?? lastPipelines;
  return pipelines.length > 0 ? sumStats(pipelines.map((p) => p.processor.getStats())) : emptyStats();
}

/** True between a successful `initializeTracing` (not disabled) and `shutdownTracing`. */
export function isTracingEnabled(): boolean {
  return runtime !== undefined;
}

/** The resolved config in force, if tracing was initialized (enabled or not). */
export function getResolvedConfig(): ResolvedConfig | undefined {
  return currentConfig();
}

/** The exporters in force, each with its own stats. */
export function getExporters(): readonly ManagedExporter[] {
  return runtime?.pipelines.map((p) => p.exporter) ?? [];
}

/**
 * Options given twice: the same values, compared structurally, with functions and class instances
 * (exporters, samplers) compared by identity.
 */
function sameOptions(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const plain = (o: object) => Array.isArray(o) || Object.getPrototypeOf(o) === Object.prototype || Object.getPrototypeOf(o) === null;
  if (!plain(a) || !plain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameOptions((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
