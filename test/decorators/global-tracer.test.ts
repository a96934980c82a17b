// About global wiring: helpers without `tracer` use the global provider, and follow a new one.
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentService } from '../../src/decorators/service-proxy';
import { Trace } from '../../src/decorators/trace-decorator';
import { traceOperation } from '../../src/decorators/operations';
import { createTestTracing } from '../support/helper-tracing';

describe('helpers without an explicit tracer', () => {
  afterEach(() => {
    trace.disable();
  });

  it('use the global provider registered later, and the next one after a re-initialisation', () => {
    class Mailer {
      @Trace()
      send(): string {
        return 'sent';
      }
    }
    const svc = instrumentService({ ping: () => 'pong' }, 'Health');
    // Nothing registered yet: no spans, calls still work.
    expect(new Mailer().send()).toBe('sent');
    expect(svc.ping()).toBe('pong');

    const first = createTestTracing();
    trace.setGlobalTracerProvider(first.provider);
    new Mailer().send();
    svc.ping();
    traceOperation('user', 'login', {}, () => 1);
    expect(first.spans().map((s) => s.name)).toEqual(['Mailer.send', 'Health.ping', 'user.login']);
    expect(first.spans()[0]!.instrumentationScope.name).toBe('tracewright');

    trace.disable();
    const second = createTestTracing();
    trace.setGlobalTracerProvider(second.provider);
    new Mailer().send();
    svc.ping();
    expect(second.spans().map((s) => s.name)).toEqual(['Mailer.send', 'Health.ping']);
    expect(first.spans()).toHaveLength(3);
  });
});
