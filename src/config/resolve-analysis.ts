import { ANALYSIS_DEFAULTS, resolveAnalysisOptions, type AnalysisOptions, type ResolvedAnalysisOptions } from '../analysis/analysis-options';
import { TracingConfigError } from '../errors';
import { readBoolean, readNumber, type Env, type Warn } from './env';
import type { TracingOptions } from './options';

type EnvKey = 'maxTraces' | 'traceTtlMs' | 'memoryLimitBytes' | 'slowThresholdMs' | 'criticalThresholdMs' | 'trendWindowMs';
const ENV_NUMBERS: readonly [EnvKey, string, boolean][] = [
  ['maxTraces', 'TRACING_MAX_TRACES', true],
  ['traceTtlMs', 'TRACING_TRACE_TTL', false],
  ['memoryLimitBytes', 'TRACING_MEMORY_LIMIT', true],
  ['slowThresholdMs', 'TRACING_SLOW_THRESHOLD', false],
  ['criticalThresholdMs', 'TRACING_CRITICAL_THRESHOLD', false],
  ['trendWindowMs', 'TRACING_TREND_WINDOW', false],
];

/**
 * The in-process analysis: on with `analysis: true | {…}` or `TRACING_ANALYSIS=true`, off by
 * default. Each limit: explicit option > `TRACING_*` variable > default; junk in a variable warns
 * once and falls back.
 */
export function resolveAnalysis(options: TracingOptions, env: Env, warn: Warn): ResolvedAnalysisOptions | undefined {
  const given = options.analysis;
  if (given !== undefined && typeof given !== 'boolean' && (typeof given !== 'object' || given === null || Array.isArray(given)))
    throw new TracingConfigError('analysis', given, 'true, false or an object of analysis options');
  const on = given === undefined ? readBoolean(env, ['TRACING_ANALYSIS'], warn) ?? false : given !== false;
  if (!on) return undefined;
  const explicit: AnalysisOptions = typeof given === 'object' ? given : {};
  const merged: AnalysisOptions = { ...explicit };
  for (const [key, name, integer] of ENV_NUMBERS) {
    if (explicit[key] !== undefined) continue;
    const value = readNumber(env, [name], warn, integer ? { integer: true, min: 1 } : { min: Number.MIN_VALUE });
    if (value !== undefined) merged[key] = value;
  }
  // Thresholds from the environment that contradict each other would throw below: warn instead.
  const slow = merged.slowThresholdMs ?? ANALYSIS_DEFAULTS.slowThresholdMs;
  const critical = merged.criticalThresholdMs ?? ANALYSIS_DEFAULTS.criticalThresholdMs;
  if (critical < slow) {
    const fromEnv = explicit.criticalThresholdMs === undefined ? 'criticalThresholdMs' : explicit.slowThresholdMs === undefined ? 'slowThresholdMs' : undefined;
    if (fromEnv) {
      warn(`${fromEnv === 'criticalThresholdMs' ? 'TRACING_CRITICAL_THRESHOLD' : 'TRACING_SLOW_THRESHOLD'} makes the critical threshold (${critical} ms) lower than the slow one (${slow} ms); using the default.`);
      delete merged[fromEnv];
    }
  }
  if (explicit.trackMemory === undefined) {
    const track = readBoolean(env, ['TRACING_TRACK_MEMORY'], warn);
    if (track !== undefined) merged.trackMemory = track;
  }
  return resolveAnalysisOptions(merged);
}
