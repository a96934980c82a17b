import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { listExporterNames } from '../../src/exporters/registry';
import { isTracingConfigError } from '../../src/index';

const resolve = (options: Record<string, unknown>, env: Record<string, string>) => {
  const warnings: string[] = [];
  const config = resolveConfig({ serviceName: 'junk', ...options } as never, env, { exporterNames: listExporterNames(), warn: (w) => warnings.push(w) });
  return { config, warnings };
};

describe('junk in the environment warns, names the variable and falls back', () => {
  const rows: Array<{ env: Record<string, string>; names: string; check: (c: ReturnType<typeof resolve>['config']) => void }> = [
    { env: { OTEL_EXPORTER_OTLP_HEADERS: 'bad key=1,good=2' }, names: 'OTEL_EXPORTER_OTLP_HEADERS', check: (c) => expect(c.otlp.headers).toEqual({ good: '2' }) },
    { env: { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'k=a\u0001b' }, names: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', check: (c) => expect(c.otlp.headers).toEqual({}) },
    { env: { OTEL_BSP_MAX_QUEUE_SIZE: '1e308' }, names: 'OTEL_BSP_MAX_QUEUE_SIZE', check: (c) => expect(c.processor.maxQueueSize).toBe(8192) },
    { env: { OTEL_EXPORTER_OTLP_TIMEOUT: '3000000000' }, names: 'OTEL_EXPORTER_OTLP_TIMEOUT', check: (c) => expect(c.processor.exportTimeoutMillis).toBe(10_000) },
    { env: { OTEL_BSP_SCHEDULE_DELAY: '2147483648' }, names: 'OTEL_BSP_SCHEDULE_DELAY', check: (c) => expect(c.processor.scheduledDelayMillis).toBe(5000) },
    { env: { TRACEWRIGHT_RETRY_MAX_DELAY_MS: '9999999999' }, names: 'TRACEWRIGHT_RETRY_MAX_DELAY_MS', check: (c) => expect(c.processor.retry.maxDelayMs).toBe(5000) },
    {
      env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_MANAGER_HOST_PORT: 'junk host' },
      names: 'JAEGER_SAMPLER_MANAGER_HOST_PORT',
      check: (c) => expect(JSON.stringify(c.sampler)).toContain('localhost:5778'),
    },
    {
      env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' },
      names: 'OTEL_TRACES_SAMPLER_ARG',
      check: () => undefined,
    },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.env)}`, () => {
      const { config, warnings } = resolve({}, row.env);
      expect(warnings.join('\n')).toContain(row.names);
      row.check(config);
    });
  }

  it('OTEL_TRACES_SAMPLER_ARG junk says what the chosen sampler expects', () => {
    const { warnings } = resolve({}, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' });
    expect(warnings.join('\n')).toMatch(/OTEL_TRACES_SAMPLER_ARG="abc" is not .*0.*1/);
  });
});

describe('the same values in code are TracingConfigErrors naming the option', () => {
  const rows: Array<[Record<string, unknown>, string]> = [
    [{ headers: { 'bad key': '1' } }, 'headers.bad key'],
    [{ headers: { k: 'a\u0001b' } }, 'headers.k'],
    [{ maxQueueSize: 1e308 }, 'maxQueueSize'],
    [{ exportTimeout: 2 ** 31 }, 'exportTimeout'],
    [{ batchTimeout: 2 ** 31 }, 'batchTimeout'],
    [{ retry: { maxDelayMs: 2 ** 32 } }, 'retry.maxDelayMs'],
  ];
  for (const [options, option] of rows) {
    it(`${JSON.stringify(options)} → ${option}`, () => {
      let thrown: unknown;
      try {
        resolve(options, {});
      } catch (error) {
        thrown = error;
      }
      expect(isTracingConfigError(thrown), String(thrown)).toBe(true);
      expect((thrown as { option: string }).option).toBe(option);
    });
  }

  it('a header value is never shown in the error (it may be a credential)', () => {
    expect(() => resolve({ headers: { authorization: 'Bearer s3cr3t\u0000' } }, {})).toThrow(/hidden/);
    expect(() => resolve({ headers: { authorization: 'Bearer s3cr3t\u0000' } }, {})).not.toThrow(/s3cr3t/);
  });
});

describe('initializeTracing never throws on environment junk (child process)', () => {
  it('starts with every junk variable at once, warning on stderr about each', () => {
    const env = {
      OTEL_EXPORTER_OTLP_HEADERS: 'bad key=1',
      OTEL_BSP_MAX_QUEUE_SIZE: '1e308',
      OTEL_EXPORTER_OTLP_TIMEOUT: '3000000000',
      JAEGER_SAMPLER: 'remote',
      JAEGER_SAMPLER_MANAGER_HOST_PORT: 'junk host',
    };
    const fixture = fileURLToPath(new URL('../fixtures/env-junk-child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', env: { ...process.env, ...env, OTEL_LOG_LEVEL: 'warn' } });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ maxQueueSize: 8192, enabled: true });
    for (const name of Object.keys(env).filter((k) => k !== 'JAEGER_SAMPLER')) expect(run.stderr).toContain(name);
    expect(run.stderr).not.toContain('TimeoutOverflowWarning');
  });
});
