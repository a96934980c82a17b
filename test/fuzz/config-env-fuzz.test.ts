/**
 * Property-based tests of configuration from the environment. The variables are the ones the
 * source reads (every `'OTEL_…'`, `'TRACEWRIGHT_…'`, `'JAEGER_…'`, `'TRACING_…'` literal under src/,
 * found at test time, so a new variable is fuzzed without editing this file). Invariants: any
 * strings in any of them never make `resolveConfig` throw (junk in the environment is never a
 * programmer error) and the result is frozen; a typed variable (boolean, number, enum) given junk
 * warns once, naming the variable, and the value comes from the default.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { listExporterNames } from '../../src/exporters/registry';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const VARIABLES = [
  ...new Set(sourceFiles(SRC).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'((?:OTEL|TRACEWRIGHT|JAEGER|TRACING)_[A-Z0-9_]+)'/g)].map((m) => m[1]!))),
].sort();

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'true', 'FALSE', '0', '-1', '1e308', 'NaN', 'Infinity', '0x10', '2147483648', 'grpc', 'http/json', 'none', 'otlp,zipkin', 'a=b,c', '{"a":"b"}', '{"__proto__":{"x":1}}', '__proto__=1', 'http://127.0.0.1:1', 'not a url', '%zz', 'always_on', 'parentbased_traceidratio', '/tmp/tw-fuzz'),
);

function resolve(env: Record<string, string>) {
  const warnings: string[] = [];
  const config = resolveConfig({ serviceName: 'fuzz' }, env, { exporterNames: listExporterNames(), warn: (w) => warnings.push(w) });
  return { config, warnings };
}

describe('configuration from env strings under fuzzing', () => {
  it('finds the variables tracewright reads', () => {
    expect(VARIABLES.length).toBeGreaterThan(50);
    expect(VARIABLES).toContain('TRACEWRIGHT_SPOOL_DIR');
    expect(VARIABLES).toContain('OTEL_BSP_MAX_QUEUE_SIZE');
  });

  it('never throws, whatever the variables hold, and returns a frozen config', () => {
    const env = fc.dictionary(fc.constantFrom(...VARIABLES), value, { maxKeys: 12 });
    fc.assert(
      fc.property(env, (e) => {
        const { config } = resolve(e);
        expect(Object.isFrozen(config)).toBe(true);
        expect(Object.isFrozen(config.processor)).toBe(true);
        expect(config.processor.maxBatchSize).toBeLessThanOrEqual(config.processor.maxQueueSize);
      }),
      { numRuns: 500 },
    );
  });

  const typed: Array<[string, string]> = [
    ['OTEL_SDK_DISABLED', 'yes'],
    ['TRACEWRIGHT_ENABLE_BATCH', '1'],
    ['TRACEWRIGHT_HANDLE_SIGNALS', 'on'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', '-5'],
    ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '1.5'],
    ['OTEL_BSP_SCHEDULE_DELAY', 'soon'],
    ['TRACEWRIGHT_RETRY_MAX_ATTEMPTS', '0'],
    ['TRACEWRIGHT_RETRY_MULTIPLIER', 'x'],
    ['TRACEWRIGHT_MAX_CONCURRENT_EXPORTS', '1000'],
    ['TRACEWRIGHT_FILE_MAX_BYTES', '10'],
    ['TRACEWRIGHT_CONSOLE_FORMAT', 'yaml'],
    ['OTEL_LOG_LEVEL', 'loud'],
    ['OTEL_SPAN_EVENT_COUNT_LIMIT', '-1'],
  ];

  it.each(typed)('%s=%j warns once, naming it, and keeps the default', (name, junk) => {
    const { config: base } = resolve({});
    const { config, warnings } = resolve({ [name]: junk });
    expect(warnings.filter((w) => w.includes(name))).toHaveLength(1);
    expect(config.processor).toEqual(base.processor);
    expect(config.logLevel).toBe(base.logLevel);
    expect(config.console).toEqual(base.console);
    expect(config.file).toEqual(base.file);
    expect(config.spanLimits).toEqual(base.spanLimits);
  });

  it.each([
    ['TRACEWRIGHT_SPOOL_MAX_BYTES', '12'],
    ['TRACEWRIGHT_SPOOL_FSYNC', 'sometimes'],
    ['TRACEWRIGHT_SPOOL_REPLAY_RATE', '-3'],
  ])('spool %s=%j warns once, naming it, and keeps the default', (name, junk) => {
    const { config: base } = resolve({ TRACEWRIGHT_SPOOL_DIR: '/tmp/s' });
    const { config, warnings } = resolve({ TRACEWRIGHT_SPOOL_DIR: '/tmp/s', [name]: junk });
    expect(warnings.filter((w) => w.includes(name))).toHaveLength(1);
    expect(config.spool).toEqual(base.spool);
  });
});
