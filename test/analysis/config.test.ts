import { describe, expect, it } from 'vitest';
import { ANALYSIS_DEFAULTS } from '../../src/analysis/analysis-options';
import type { Env } from '../../src/config/env';
import type { TracingOptions } from '../../src/config/options';
import { resolveAnalysis } from '../../src/config/resolve-analysis';

// resolveConfig calls resolveAnalysis for `config.analysis`; the reader is tested on its own (pure,
// env as a parameter) so these rows do not depend on the rest of the config.
const BASE_ENV: Env = Object.freeze({ OTEL_SERVICE_NAME: 'svc' });
function resolve(options: TracingOptions, env: Env) {
  const warnings: string[] = [];
  const analysis = resolveAnalysis(options, env, (line) => warnings.push(line));
  return { config: { analysis }, warnings };
}

const on = { ...BASE_ENV, TRACING_ANALYSIS: 'true' };
const defaults = {
  maxTraces: ANALYSIS_DEFAULTS.maxTraces,
  traceTtlMs: 7_200_000,
  memoryLimitBytes: 52_428_800,
  slowThresholdMs: 1000,
  criticalThresholdMs: 5000,
  trendWindowMs: 300_000,
  trackMemory: false,
};

describe('analysis options and TRACING_* variables', () => {
  it.each<{ name: string; env?: Env; options?: TracingOptions; expect: Record<string, unknown> | undefined; warnings?: RegExp[] }>([
    { name: 'off by default', expect: undefined },
    { name: 'TRACING_ANALYSIS=true turns it on with the defaults', env: on, expect: defaults },
    { name: 'TRACING_ANALYSIS=false', env: { ...BASE_ENV, TRACING_ANALYSIS: 'false' }, expect: undefined },
    { name: 'junk in TRACING_ANALYSIS warns, stays off', env: { ...BASE_ENV, TRACING_ANALYSIS: 'yes' }, expect: undefined, warnings: [/TRACING_ANALYSIS="yes" is not "true" or "false"/] },
    { name: 'analysis: true', options: { analysis: true }, expect: defaults },
    { name: 'analysis: false beats the env', env: on, options: { analysis: false }, expect: undefined },
    {
      name: 'every variable read',
      env: { ...on, TRACING_MAX_TRACES: '50', TRACING_TRACE_TTL: '60000', TRACING_MEMORY_LIMIT: '1048576', TRACING_SLOW_THRESHOLD: '200', TRACING_CRITICAL_THRESHOLD: '900', TRACING_TREND_WINDOW: '10000', TRACING_TRACK_MEMORY: 'true' },
      expect: { maxTraces: 50, traceTtlMs: 60_000, memoryLimitBytes: 1_048_576, slowThresholdMs: 200, criticalThresholdMs: 900, trendWindowMs: 10_000, trackMemory: true },
    },
    { name: 'an explicit option beats its variable', env: { ...on, TRACING_MAX_TRACES: '50' }, options: { analysis: { maxTraces: 7 } }, expect: { ...defaults, maxTraces: 7 } },
    {
      name: 'junk in a variable: one warning each, the default',
      env: { ...on, TRACING_MAX_TRACES: 'lots', TRACING_MEMORY_LIMIT: '1.5', TRACING_TRACE_TTL: '-1' },
      expect: defaults,
      warnings: [/TRACING_MAX_TRACES="lots" is not an integer >= 1; using the default/, /TRACING_TRACE_TTL="-1" is not a number/, /TRACING_MEMORY_LIMIT="1.5" is not an integer >= 1/],
    },
    {
      name: 'a critical threshold under the slow one from the env warns',
      env: { ...on, TRACING_CRITICAL_THRESHOLD: '500' },
      expect: defaults,
      warnings: [/TRACING_CRITICAL_THRESHOLD makes the critical threshold \(500 ms\) lower than the slow one \(1000 ms\); using the default/],
    },
  ])('$name', (row) => {
    const { config, warnings } = resolve(row.options ?? {}, row.env ?? BASE_ENV);
    if (row.expect === undefined) expect(config.analysis).toBeUndefined();
    else expect(config.analysis).toMatchObject(row.expect);
    expect(warnings.length).toBe(row.warnings?.length ?? 0);
    row.warnings?.forEach((re, i) => expect(warnings[i]).toMatch(re));
  });

  it.each([
    [{ analysis: 'yes' }, /"analysis".*true, false or an object/],
    [{ analysis: { maxTraces: -1 } }, /"analysis.maxTraces"/],
    [{ analysis: { slowThresholdMs: 10, criticalThresholdMs: 5 } }, /"analysis.criticalThresholdMs"/],
  ] as const)('bad explicit options throw: %j', (options, message) => {
    expect(() => resolve(options as TracingOptions, BASE_ENV)).toThrow(message);
  });
});
