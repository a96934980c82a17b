import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getTracer,
  getTracingStats,
  initializeTracing,
  isTracingEnabled,
  isTracingError,
  shutdownTracing,
  withSpan,
  traceAsync,
  setAttribute,
  addEvent,
  recordException,
  getExporters,
} from '../../src/index';
import { expectTrace, getFinishedSpans, getMemoryExporter } from '../../src/testing';

afterEach(async () => {
  await shutdownTracing();
  vi.unstubAllEnvs();
});

const base = { serviceName: 'lifecycle-test', exporterType: 'memory', handleSignals: false, logLevel: 'none' } as const;

describe('initializeTracing / shutdownTracing', () => {
  it('registers a provider: spans get the resource, nest through async work and reach the exporter', async () => {
    await initializeTracing({ ...base, serviceVersion: '1.2.3', environment: 'test-env', resourceAttributes: { team: 'core' } });
    expect(isTracingEnabled()).toBe(true);
    await traceAsync('request', async () => {
      setAttribute('user.id', 'u-1');
      addEvent('cache.miss', { key: 'k' });
      await new Promise((r) => setTimeout(r, 5));
      await withSpan('db', async () => 'row', { 'db.system.name': 'postgresql' });
    });
    const spans = await getFinishedSpans();
    const root = expectTrace(spans, {
      name: 'request',
      attributes: { 'user.id': 'u-1' },
      events: ['cache.miss'],
      spans: [{ name: 'db', attributes: { 'db.system.name': 'postgresql' } }],
    });
    const resource = root.resource.attributes;
    expect(resource['service.name']).toBe('lifecycle-test');
    expect(resource['service.version']).toBe('1.2.3');
    expect(resource['deployment.environment.name']).toBe('test-env');
    expect(resource.team).toBe('core');
    expect(resource['telemetry.sdk.language']).toBe('nodejs');
    expect(resource['process.pid']).toBe(process.pid);
    expect(typeof resource['host.name']).toBe('string');
    expect(root.instrumentationScope.name).toBe('tracewright');
    const stats = getTracingStats();
    expect(stats.exportedSpans).toBe(2);
    expect(stats.droppedSpans + stats.failedSpans + stats.queueSize + stats.inFlightSpans).toBe(0);
    expect(stats.successfulExports).toBeGreaterThanOrEqual(1);
  });

  it('a second initializeTracing before shutdown is a clear error', async () => {
    await initializeTracing(base);
    const error = await initializeTracing(base).catch((e: unknown) => e);
    expect(isTracingError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('TRACING_ALREADY_INITIALIZED');
    expect(String((error as Error).message)).toMatch(/shutdownTracing/);
  });

  it('shutdownTracing flushes, reports, unregisters the globals, and allows a new start', async () => {
    await initializeTracing({ ...base, batchTimeout: 60_000 });
    for (let i = 0; i < 4; i++) withSpan(`s${i}`, () => i);
    expect(getTracingStats().queueSize).toBe(4);
    const memory = getMemoryExporter();
    const report = await shutdownTracing();
    expect(report.exportedSpans).toBe(4);
    expect(report.droppedSpans).toBe(0);
    expect(report.failedSpans).toBe(0);
    expect(report.exporters.memory.exportedSpans).toBe(4);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(memory?.getFinishedSpans().map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3']);
    expect(isTracingEnabled()).toBe(false);
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
    await initializeTracing(base);
    expect(isTracingEnabled()).toBe(true);
  });

  it('registers the default propagators (tracecontext + baggage) globally', async () => {
    await initializeTracing(base);
    expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));
  });

  it('several exporters each get every span and keep their own stats', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await initializeTracing({ ...base, exporterType: ['memory', 'console'], consoleFormat: 'json' });
      withSpan('fan-out', () => 1);
      await getFinishedSpans();
    } finally {
      write.mockRestore();
    }
    const exporters = getExporters();
    expect(exporters.map((e) => e.name)).toEqual(['memory', 'console']);
    expect(exporters.map((e) => e.getStats().exportedSpans)).toEqual([1, 1]);
    expect(getTracingStats().exportedSpans).toBe(2);
    expect(lines.join('')).toContain('"name":"fan-out"');
  });

  it('samplingRate 0 records nothing; the helpers still run fn', async () => {
    await initializeTracing({ ...base, samplingRate: 0 });
    expect(withSpan('unsampled', () => 'value')).toBe('value');
    expect(await getFinishedSpans()).toHaveLength(0);
    expect(getTracingStats().exportedSpans).toBe(0);
  });
});

describe('disabled tracing', () => {
  it.each([
    ['enabled: false', { enabled: false }, {}],
    ['OTEL_SDK_DISABLED=true', {}, { OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_ENABLED=false', {}, { OTEL_ENABLED: 'false' }],
    ['TRACING_ENABLED=false', {}, { TRACING_ENABLED: 'false' }],
  ])('%s: every API works, records nothing, registers nothing', async (_label, options, env) => {
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const handle = await initializeTracing({ ...base, ...options });
    expect(handle.enabled).toBe(false);
    expect(isTracingEnabled()).toBe(false);
    const value = withSpan('nothing', (span) => {
      expect(span.isRecording()).toBe(false);
      setAttribute('a', 1);
      addEvent('e');
      recordException(new Error('x'));
      return 7;
    });
    expect(value).toBe(7);
    await expect(withSpan('fails', async () => Promise.reject(new Error('kept')))).rejects.toThrow('kept');
    const t = getTracer();
    const span = t.startSpan('manual', { kind: SpanKind.CLIENT });
    t.setStatus(span, SpanStatusCode.ERROR);
    t.endSpan(span);
    expect(getTracingStats()).toMatchObject({ exportedSpans: 0, totalExports: 0, queueSize: 0 });
    expect(getExporters()).toHaveLength(0);
    expect(propagation.fields()).toEqual([]);
  });

  it('the active-span helpers do nothing (and do not throw) when there is no active span', () => {
    expect(() => {
      setAttribute('k', 'v');
      addEvent('e');
      recordException('oops');
    }).not.toThrow();
  });
});

describe('junk in the environment', () => {
  it('is reported on stderr through the diag logger tracewright installs, naming the variable, and the default is used', () => {
    const fixture = fileURLToPath(new URL('../fixtures/env-junk-child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      encoding: 'utf8',
      env: { ...process.env, OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_SDK_DISABLED: 'yes', OTEL_LOG_LEVEL: 'warn' },
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ maxQueueSize: 8192, enabled: true });
    expect(run.stderr).toContain('OTEL_BSP_MAX_QUEUE_SIZE="lots" is not an integer from 1 to 1000000; using the default.');
    expect(run.stderr).toContain('OTEL_SDK_DISABLED="yes" is not "true" or "false"; using the default.');
  });
});
