import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInstrumentation } from '../../src/sdk/instrumentation';
import { resolveInstrumentationOptions } from '../../src/instrument/options';
import { initializeTracing, recordException, shutdownTracing, withSpan } from '../../src/index';
import { createTestTracing, getFinishedSpans } from '../../src/testing';

/** Helpers never throw into user code: whatever describes the call, `fn` runs and its result comes back. */
const tracing = createTestTracing('bad-input');
afterAll(() => tracing.shutdown());
const helpers = createInstrumentation(resolveInstrumentationOptions({ tracer: tracing.tracer }));

const JUNK: unknown[] = [null, undefined, 42, 'GET /x', [], Object.create(null), { method: 7, url: {}, route: 9, headers: 'h' }];

describe('instrument helpers with junk descriptions', () => {
  const cases: Array<[string, (info: never, fn: () => number) => unknown]> = [
    ['instrumentHttpRequest', helpers.instrumentHttpRequest as never],
    ['instrumentDatabaseQuery', helpers.instrumentDatabaseQuery as never],
    ['instrumentRedisCommand', helpers.instrumentRedisCommand as never],
    ['instrumentDiscordApi', helpers.instrumentDiscordApi as never],
  ];
  for (const [name, helper] of cases) {
    it(`${name} runs fn and returns its result for every junk description`, () => {
      for (const junk of JUNK) expect(helper(junk as never, () => 42)).toBe(42);
    });
  }
});

describe('recordException accepts any value', () => {
  afterEach(() => shutdownTracing());
  it('records one exception event for Object.create(null), strings, numbers, undefined and a non-Error object', async () => {
    await initializeTracing({ serviceName: 'bad-input', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
    const values = [Object.create(null), 'plain string', 404, undefined, { message: 1, name: {} }];
    for (const value of values) expect(() => withSpan('x', () => recordException(value))).not.toThrow();
    const spans = await getFinishedSpans();
    expect(spans).toHaveLength(values.length);
    for (const span of spans) expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(1);
    expect(spans[1]!.events[0]!.attributes?.['exception.message']).toBe('plain string');
  });
});
