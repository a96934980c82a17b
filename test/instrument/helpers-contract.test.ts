import { SpanKind, SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstrumentation, type Instrumentation } from '../../src/sdk/instrumentation';
import { createHarness, FLAGS as flags, type Harness } from './support';

let t: Harness;
let inst: Instrumentation;

beforeEach(() => {
  t = createHarness({}, false);
  inst = t.inst;
});
afterEach(() => t.teardown());

// Every helper, called the same way, so the contract is checked for each.
const helpers: [string, (i: Instrumentation, fn: () => unknown) => unknown, string][] = [
  ['instrumentHttpRequest', (i, fn) => i.instrumentHttpRequest({ method: 'GET', url: 'http://127.0.0.1:9/x' }, fn), 'GET'],
  ['instrumentDatabaseQuery', (i, fn) => i.instrumentDatabaseQuery({ dbType: 'postgresql', query: 'SELECT 1 FROM t' }, fn), 'SELECT t'],
  ['instrumentDatabaseTransaction', (i, fn) => i.instrumentDatabaseTransaction('tx', fn), 'tx'],
  ['instrumentRedisCommand', (i, fn) => i.instrumentRedisCommand({ command: 'get', key: 'k' }, fn), 'GET'],
  ['instrumentDiscordApi', (i, fn) => i.instrumentDiscordApi({ method: 'GET', endpoint: '/gateway' }, fn), 'GET /gateway'],
  ['wrapMessageHandler', (i, fn) => i.wrapMessageHandler(fn)(), 'discord messageCreate'],
];

describe.each(helpers)('%s', (_name, call, spanName) => {
  it('returns what a sync fn returns, in one ended span', () => {
    const value = { v: 1 };
    expect(call(inst, () => value)).toBe(value);
    expect(t.spans().map((s) => s.name)).toEqual([spanName]);
    expect(t.spans()[0]!.ended).toBe(true);
  });

  it('resolves with what an async fn resolves with', async () => {
    const value = { v: 2 };
    await expect(call(inst, async () => value)).resolves.toBe(value);
    expect(t.spans()).toHaveLength(1);
  });

  it('rethrows the same error object (sync) and marks the span ERROR', () => {
    const error = new TypeError('boom');
    let caught: unknown;
    try {
      call(inst, () => {
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    const [span] = t.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('TypeError');
    expect(span!.events.map((e) => e.name)).toContain('exception');
  });

  it('rejects with the same error object (async)', async () => {
    const error = new RangeError('later');
    await expect(call(inst, async () => Promise.reject(error))).rejects.toBe(error);
    expect(t.spans()[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('calls a lazy thenable (a query builder) once, with its own span active', async () => {
    const runs: (string | undefined)[] = [];
    const builder = {
      then<R>(onOk: (v: string) => R, onError?: (e: unknown) => R) {
        runs.push(trace.getActiveSpan()?.spanContext().spanId);
        return Promise.resolve('rows').then(onOk, onError);
      },
    };
    await expect(call(inst, () => builder)).resolves.toBe('rows');
    expect(runs).toEqual([t.spans()[0]!.spanContext().spanId]);
  });

  it('parents on the active span and makes its own span active inside fn', async () => {
    const parent = t.tracer.startSpan('parent');
    let inner: string | undefined;
    await context.with(trace.setSpan(context.active(), parent), () =>
      call(inst, async () => {
        await new Promise((r) => setTimeout(r, 1));
        inner = trace.getActiveSpan()?.spanContext().spanId;
      }),
    );
    parent.end();
    const child = t.spans().find((s) => s.name === spanName)!;
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(inner).toBe(child.spanContext().spanId);
  });

  it('records nothing when its flag is off', async () => {
    const off = createInstrumentation({
      ...flags,
      enableHttp: false,
      enableDatabase: false,
      enableRedis: false,
      enableDiscord: false,
      tracer: t.tracer,
    });
    expect(call(off, () => 5)).toBe(5);
    await expect(call(off, async () => 6)).resolves.toBe(6);
    expect(t.spans()).toHaveLength(0);
  });

  it('never throws on its own when the tracer fails', () => {
    const broken = { startSpan: () => { throw new Error('tracer broke'); } } as unknown as Tracer;
    const i = createInstrumentation({ ...flags, tracer: broken });
    expect(call(i, () => 'still works')).toBe('still works');
  });
});

it('a result whose getters throw does not break the call', () => {
  const nasty = Object.defineProperty({}, 'status', { get() { throw new Error('getter'); } });
  expect(inst.instrumentHttpRequest({ url: 'http://h/' }, () => nasty)).toBe(nasty);
  expect(t.spans()).toHaveLength(1);
  expect(t.spans()[0]!.kind).toBe(SpanKind.CLIENT);
});
