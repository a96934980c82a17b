import { TracingConfigError } from '../errors';

/** Options of the in-process analysis (`new TraceCollector(options)`, or `initializeTracing({ analysis })`). */
export interface AnalysisOptions {
  /** Traces held at most; the oldest go first. Default 2000. Env `TRACING_MAX_TRACES`. */
  maxTraces?: number;
  /** How long a trace is held after its first span ended, ms. Default 7,200,000 (2 h). Env `TRACING_TRACE_TTL`. */
  traceTtlMs?: number;
  /** Estimated bytes of stored spans at most; the oldest traces go first. Default 52,428,800 (50 MB). Env `TRACING_MEMORY_LIMIT`. */
  memoryLimitBytes?: number;
  /** Spans stored per trace at most; later ones still count in the aggregates. Default 10,000. No env variable. */
  maxSpansPerTrace?: number;
  /** A duration over this is slow (p95 over it: service `warning`), ms. Default 1000. Env `TRACING_SLOW_THRESHOLD`. */
  slowThresholdMs?: number;
  /** A duration over this is critical (p95 over it: service `critical`), ms. Default 5000. Env `TRACING_CRITICAL_THRESHOLD`. */
  criticalThresholdMs?: number;
  /** Distinct operations (service + span name) aggregated; later ones go to an `other` bucket, counted. Default 1000. No env variable. */
  maxOperations?: number;
  /** Length of the windows trends compare (the current one against the one before), ms. Default 300,000 (5 min). Env `TRACING_TREND_WINDOW`. */
  trendWindowMs?: number;
  /** Record heap used at span start and end (`process.memoryUsage()`, a few µs per span). Default false. Env `TRACING_TRACK_MEMORY`. */
  trackMemory?: boolean;
  /** Attribute keys whose values `exportTracingData` may include; all others are left out. Default none. No env variable. */
  exportAttributes?: readonly string[];
  /** The clock, ms since the epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
}

/** Every analysis option decided. */
export interface ResolvedAnalysisOptions {
  readonly maxTraces: number;
  readonly traceTtlMs: number;
  readonly memoryLimitBytes: number;
  readonly maxSpansPerTrace: number;
  readonly slowThresholdMs: number;
  readonly criticalThresholdMs: number;
  readonly maxOperations: number;
  readonly trendWindowMs: number;
  readonly trackMemory: boolean;
  readonly exportAttributes: readonly string[];
  readonly now: () => number;
}

/** The analysis defaults; the README's options rows state the same numbers. */
export const ANALYSIS_DEFAULTS = {
  maxTraces: 2000,
  traceTtlMs: 2 * 60 * 60 * 1000,
  memoryLimitBytes: 50 * 1024 * 1024,
  maxSpansPerTrace: 10_000,
  slowThresholdMs: 1000,
  criticalThresholdMs: 5000,
  maxOperations: 1000,
  trendWindowMs: 5 * 60 * 1000,
  trackMemory: false,
} as const;

type NumericKey = 'maxTraces' | 'traceTtlMs' | 'memoryLimitBytes' | 'maxSpansPerTrace' | 'slowThresholdMs' | 'criticalThresholdMs' | 'maxOperations' | 'trendWindowMs';
const NUMERIC: readonly NumericKey[] = ['maxTraces', 'traceTtlMs', 'memoryLimitBytes', 'maxSpansPerTrace', 'slowThresholdMs', 'criticalThresholdMs', 'maxOperations', 'trendWindowMs'];

/**
 * Checks and completes analysis options. Bad values given in code throw a TracingConfigError
 * naming the option (`analysis.maxTraces` …) and what is allowed.
 */
export function resolveAnalysisOptions(options: AnalysisOptions = {}): ResolvedAnalysisOptions {
  if (typeof options !== 'object' || options === null) throw new TracingConfigError('analysis', options, 'true, false or an object of analysis options');
  const out: Record<string, unknown> = {};
  for (const key of NUMERIC) {
    const value = options[key];
    if (value === undefined) {
      out[key] = ANALYSIS_DEFAULTS[key];
      continue;
    }
    // Zero counts and windows would make the collector useless or divide by zero.
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (key.startsWith('max') && !Number.isInteger(value)))
      throw new TracingConfigError(`analysis.${key}`, value, key.startsWith('max') ? 'an integer >= 1' : 'a number > 0');
    out[key] = value;
  }
  if ((out.criticalThresholdMs as number) < (out.slowThresholdMs as number))
    throw new TracingConfigError('analysis.criticalThresholdMs', out.criticalThresholdMs, `a number >= slowThresholdMs (${String(out.slowThresholdMs)})`);
  if (options.trackMemory !== undefined && typeof options.trackMemory !== 'boolean')
    throw new TracingConfigError('analysis.trackMemory', options.trackMemory, 'true or false');
  const exportAttributes = options.exportAttributes ?? [];
  if (!Array.isArray(exportAttributes) || !exportAttributes.every((k) => typeof k === 'string'))
    throw new TracingConfigError('analysis.exportAttributes', exportAttributes, 'an array of attribute keys');
  if (options.now !== undefined && typeof options.now !== 'function') throw new TracingConfigError('analysis.now', options.now, 'a function returning ms since the epoch');
  return Object.freeze({
    ...(out as Omit<ResolvedAnalysisOptions, 'trackMemory' | 'exportAttributes' | 'now'>),
    trackMemory: options.trackMemory ?? ANALYSIS_DEFAULTS.trackMemory,
    exportAttributes: Object.freeze([...exportAttributes]),
    now: options.now ?? Date.now,
  });
}
