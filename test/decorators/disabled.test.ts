// With tracing initialized as disabled, every helper still returns fn's value and rethrows fn's
// error, without OpenTelemetry; an explicit tracer given to a helper still records.
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentService } from '../../src/decorators/service-proxy';
import { traceOperation } from '../../src/decorators/operations';
import { traceJob } from '../../src/jobs/trace-job';
import { Trace } from '../../src/decorators/trace-decorator';
import { DISABLED_TRACER, resolveTracer } from '../../src/tracer/run-in-span';
import { getInstrumentation, initializeTracing, shutdownTracing } from '../../src/index';
import { createTestTracing } from '../support/helper-tracing';

describe('helpers while tracing is initialized as disabled', () => {
  afterEach(async () => {
    await shutdownTracing();
    trace.disable();
  });

  it('run fn with a non-recording span, return its value and rethrow its error', async () => {
    await initializeTracing({ serviceName: 'off', enabled: false, handleSignals: false, logLevel: 'none' });
    expect(resolveTracer(undefined)).toBe(DISABLED_TRACER);

    class Mailer {
      @Trace()
      send(to: string): string {
        return `sent to ${to}`;
      }
    }
    const prices = instrumentService({ total: (n: number) => n * 2, fail: () => { throw new TypeError('bad'); } }, 'Prices');
    const recording: boolean[] = [];

    expect(new Mailer().send('a')).toBe('sent to a');
    expect(prices.total(21)).toBe(42);
    const thrown = new TypeError('bad');
    expect(() => traceOperation('user', 'login', {}, () => { throw thrown; })).toThrow(thrown);
    expect(traceOperation('user', 'login', {}, (span) => (recording.push(span.isRecording()), 'ok'))).toBe('ok');
    await expect(traceJob('scan', { id: 1, data: {} }, async (span) => (recording.push(span.isRecording()), 'done'))).resolves.toBe('done');
    expect(() => prices.fail()).toThrow(TypeError);
    expect(recording).toEqual([false, false]);
  });

  it('still inject the caller\'s trace context into outgoing headers', async () => {
    await initializeTracing({ serviceName: 'off', enabled: false, handleSignals: false, logLevel: 'none' });
    const { instrumentHttpRequest } = getInstrumentation();
    const headers: Record<string, string> = {};
    const status = await instrumentHttpRequest({ method: 'GET', url: 'http://127.0.0.1:1/x', headers }, async () => ({ status: 204 }));
    expect(status).toEqual({ status: 204 });
    // Disabled means no propagators are registered either: nothing is invented.
    expect(headers).toEqual({});
  });

  it('an explicit tracer given to a helper still records', async () => {
    await initializeTracing({ serviceName: 'off', enabled: false, handleSignals: false, logLevel: 'none' });
    const testing = createTestTracing();
    const svc = instrumentService({ ping: () => 'pong' }, 'Health', { tracer: testing.tracer });
    expect(svc.ping()).toBe('pong');
    traceOperation('user', 'login', {}, () => 1, { tracer: testing.tracer });
    expect(testing.spans().map((s) => s.name)).toEqual(['Health.ping', 'user.login']);
  });

  it('follow a later enabled setup', async () => {
    await initializeTracing({ serviceName: 'off', enabled: false, handleSignals: false, logLevel: 'none' });
    await shutdownTracing();
    await initializeTracing({ serviceName: 'on', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
    expect(resolveTracer(undefined)).not.toBe(DISABLED_TRACER);
    expect(traceOperation('user', 'login', {}, (span) => span.isRecording())).toBe(true);
  });
});
