import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { propagation, ROOT_CONTEXT, trace, TraceFlags, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { isTracingConfigError } from '../../src/errors';
import { createPropagator } from '../../src/propagation/create-propagator';
import { headerGetter, headerSetter } from '../../src/propagation/carrier';
import { parseUberTraceId } from '../../src/propagation/jaeger-header';
import { isJaegerDebug, JaegerPropagator } from '../../src/propagation/jaeger-propagator';

const jaeger = new JaegerPropagator();

function extract(headers: Record<string, unknown>, p = jaeger, context: Context = ROOT_CONTEXT): Context {
  return p.extract(context, headers, headerGetter);
}

function baggageOf(context: Context): Record<string, string> {
  return Object.fromEntries((propagation.getBaggage(context)?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]));
}

function inject(context: Context, p: TextMapPropagator = jaeger): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(context, carrier, headerSetter);
  return carrier;
}

/**
 * Headers as Jaeger's own clients write them (from their propagation code):
 * - jaeger-client-go `SpanContext.String()`: `%x:%x:%x:%x`, no leading zeros, flags in hex;
 *   a 128-bit id is `%x%016x` (the high half unpadded). Baggage values through `url.QueryEscape`.
 * - jaeger-client-java `TextMapCodec.contextAsString` (`Long.toHexString`), URL-encoded whole by the
 *   HTTP-headers codec (`URLEncoder`: `:` → `%3A`, space → `+`).
 * - jaeger-client-node `SpanContext.toString()`: ids from 8-byte buffers (16 digits, zeros kept),
 *   parent `0` for a root, flags `toString(16)`; baggage through `encodeURIComponent`.
 * - OpenTelemetry's Jaeger propagators: 32-hex trace, 16-hex span, `0`, two-digit flags.
 */
const CLIENT_FIXTURES: Array<{ client: string; headers: Record<string, string>; traceId: string; spanId: string; sampled: boolean; debug: boolean; baggage?: Record<string, string> }> = [
  {
    client: 'go, 64-bit trace id with a leading zero nibble dropped',
    headers: { 'uber-trace-id': 'af7651916cd43dd:f067aa0ba902b7:0:1' },
    traceId: '00000000000000000af7651916cd43dd',
    spanId: '00f067aa0ba902b7',
    sampled: true,
    debug: false,
  },
  {
    client: 'go, 128-bit trace id, child span with its parent id',
    headers: { 'uber-trace-id': '4bf92f3577b34da6a3ce929d0e0e4736:53995c3f42cd8ad8:a2fb4a1d1a96d312:1' },
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '53995c3f42cd8ad8',
    sampled: true,
    debug: false,
  },
  {
    client: 'go, 128-bit trace id whose high half is 1 (17 digits)',
    headers: { 'uber-trace-id': '1a3ce929d0e0e4736:53995c3f42cd8ad8:0:0' },
    traceId: '0000000000000001a3ce929d0e0e4736',
    spanId: '53995c3f42cd8ad8',
    sampled: false,
    debug: false,
  },
  {
    client: 'go, debug trace (flags 3) with QueryEscape-d baggage',
    headers: { 'uber-trace-id': 'af7651916cd43dd:f067aa0ba902b7:0:3', 'uberctx-user': 'jane+doe%2F42', 'uberctx-plan': 'gold%2Bplus' },
    traceId: '00000000000000000af7651916cd43dd',
    spanId: '00f067aa0ba902b7',
    sampled: true,
    debug: true,
    baggage: { user: 'jane doe/42', plan: 'gold+plus' },
  },
  {
    client: 'java, URL-encoded by the HTTP-headers codec',
    headers: { 'uber-trace-id': '3f6a2b1c0d9e8f70%3A7b2c3d4e5f607182%3A0%3A1', 'uberctx-drink': 'caf%C3%A9+au+lait' },
    traceId: '00000000000000003f6a2b1c0d9e8f70',
    spanId: '7b2c3d4e5f607182',
    sampled: true,
    debug: false,
    baggage: { drink: 'café au lait' },
  },
  {
    client: 'java, debug only (flags 2): sampled as well',
    headers: { 'uber-trace-id': '3f6a2b1c0d9e8f70%3a7b2c3d4e5f607182%3a5c3f42cd8ad8%3a2' },
    traceId: '00000000000000003f6a2b1c0d9e8f70',
    spanId: '7b2c3d4e5f607182',
    sampled: true,
    debug: true,
  },
  {
    client: 'node, root span, encodeURIComponent-d baggage',
    headers: { 'uber-trace-id': '0e6c63257de34c92:0e6c63257de34c92:0:1', 'uberctx-tenant': 'acme%20corp', 'uberctx-raw': 'plain' },
    traceId: '00000000000000000e6c63257de34c92',
    spanId: '0e6c63257de34c92',
    sampled: true,
    debug: false,
    baggage: { tenant: 'acme corp', raw: 'plain' },
  },
  {
    client: 'node, not sampled, firehose bit (8) ignored',
    headers: { 'uber-trace-id': '6f9efcd03927272e:2c8a94f9d5ee6cb0:6e0c63257de34c92:8' },
    traceId: '00000000000000006f9efcd03927272e',
    spanId: '2c8a94f9d5ee6cb0',
    sampled: false,
    debug: false,
  },
  {
    client: 'opentelemetry, upper-case hex and blanks around',
    headers: { 'uber-trace-id': ' 4BF92F3577B34DA6A3CE929D0E0E4736:00F067AA0BA902B7:0:01 ' },
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    sampled: true,
    debug: false,
  },
];

describe('JaegerPropagator reads what Jaeger clients write', () => {
  it.each(CLIENT_FIXTURES)('$client', (row) => {
    const context = extract(row.headers);
    expect(trace.getSpanContext(context)).toEqual({
      traceId: row.traceId,
      spanId: row.spanId,
      traceFlags: row.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    });
    expect(isJaegerDebug(context)).toBe(row.debug);
    expect(baggageOf(context)).toEqual(row.baggage ?? {});
  });
});

const MALFORMED: Array<[string, unknown]> = [
  ['empty', ''],
  ['blank', '   '],
  ['one field', 'af7651916cd43dd'],
  ['three fields', 'af7651916cd43dd:f067aa0ba902b7:1'],
  ['five fields', 'af7651916cd43dd:f067aa0ba902b7:0:1:1'],
  ['all-zero trace id (short)', '0:f067aa0ba902b7:0:1'],
  ['all-zero trace id (32)', '00000000000000000000000000000000:f067aa0ba902b7:0:1'],
  ['all-zero span id (short)', 'af7651916cd43dd:0:0:1'],
  ['all-zero span id (16)', 'af7651916cd43dd:0000000000000000:0:1'],
  ['non-hex trace id', 'af7651916cd43dz:f067aa0ba902b7:0:1'],
  ['non-hex span id', 'af7651916cd43dd:f067aa0ba902g7:0:1'],
  ['non-hex parent id', 'af7651916cd43dd:f067aa0ba902b7:zz:1'],
  ['non-hex flags', 'af7651916cd43dd:f067aa0ba902b7:0:x'],
  ['0x prefix', '0xaf7651916cd43dd:f067aa0ba902b7:0:1'],
  ['negative flags', 'af7651916cd43dd:f067aa0ba902b7:0:-1'],
  ['flags over one byte', 'af7651916cd43dd:f067aa0ba902b7:0:100'],
  ['flags of three digits', 'af7651916cd43dd:f067aa0ba902b7:0:001'],
  ['empty trace field', ':f067aa0ba902b7:0:1'],
  ['empty span field', 'af7651916cd43dd::0:1'],
  ['empty parent field', 'af7651916cd43dd:f067aa0ba902b7::1'],
  ['empty flags field', 'af7651916cd43dd:f067aa0ba902b7:0:'],
  ['33-digit trace id', `1${'4bf92f3577b34da6a3ce929d0e0e4736'}:f067aa0ba902b7:0:1`],
  ['17-digit span id', 'af7651916cd43dd:100f067aa0ba902b7:0:1'],
  ['17-digit parent id', 'af7651916cd43dd:f067aa0ba902b7:100f067aa0ba902b7:1'],
  ['blanks inside', 'af7651916cd43dd : f067aa0ba902b7 : 0 : 1'],
  ['double-encoded separators', 'af7651916cd43dd%253Af067aa0ba902b7%253A0%253A1'],
  ['other escapes', 'af7651916cd43dd%3Af067aa0ba902b7%3A0%3A%31'],
  ['broken escape', 'af7651916cd43dd%3Af067aa0ba902b7%3A0%3'],
  ['plus signs', '+af7651916cd43dd:f067aa0ba902b7:0:1'],
  ['full-width digits', 'ａｆ7651916cd43dd:f067aa0ba902b7:0:1'],
  ['control characters', 'af7651916cd43dd:f067aa0ba902b7:0:1\u0000'],
  ['overlong (4 MB)', `${'a'.repeat(4 * 1024 * 1024)}:f067aa0ba902b7:0:1`],
  ['overlong padding of zeros', `${'0'.repeat(200)}af7651916cd43dd:f067aa0ba902b7:0:1`],
  ['a number', 12345],
  ['an object', { toString: () => 'af7651916cd43dd:f067aa0ba902b7:0:1' }],
];

describe('malformed uber-trace-id: the context is returned unchanged', () => {
  const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: '11111111111111111111111111111111', spanId: '2222222222222222', traceFlags: 1, isRemote: true });
  it.each(MALFORMED)('%s', (_name, value) => {
    expect(() => parseUberTraceId(value)).not.toThrow();
    expect(parseUberTraceId(value)).toBeUndefined();
    expect(extract({ 'uber-trace-id': value })).toBe(ROOT_CONTEXT);
    expect(extract({ 'uber-trace-id': value }, jaeger, parent)).toBe(parent);
  });

  it('a carrier whose getters throw leaves the context unchanged', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('hostile'); }, ownKeys: () => { throw new Error('hostile'); } });
    expect(jaeger.extract(ROOT_CONTEXT, hostile, headerGetter)).toBe(ROOT_CONTEXT);
  });

  it('the first of several uber-trace-id values is used', () => {
    const context = extract({ 'uber-trace-id': ['af7651916cd43dd:f067aa0ba902b7:0:1', 'junk'] });
    expect(trace.getSpanContext(context)?.spanId).toBe('00f067aa0ba902b7');
  });
});

describe('uberctx-* baggage', () => {
  it('keeps the raw value on an invalid escape and drops control characters', () => {
    const context = extract({ 'uberctx-a': '%E0%A4%A', 'uberctx-b': '100%', 'uberctx-c': 'x%00y', 'uberctx-': 'no key', 'uberctx-d': 'ok' });
    expect(baggageOf(context)).toEqual({ a: '%E0%A4%A', b: '100%', d: 'ok' });
  });

  it('merges into baggage already in the context, uberctx winning on the same key', () => {
    const before = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ tenant: { value: 'old' }, other: { value: '1' } }));
    expect(baggageOf(extract({ 'uberctx-tenant': 'new' }, jaeger, before))).toEqual({ tenant: 'new', other: '1' });
  });

  it('reads at most 64 members', () => {
    const headers = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`uberctx-k${i}`, `v${i}`]));
    expect(Object.keys(baggageOf(extract(headers)))).toHaveLength(64);
  });
});

describe('inject', () => {
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const SPAN = '00f067aa0ba902b7';
  const sampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED });

  it('writes {32-hex}:{16-hex}:0:01 and percent-encoded uberctx-* values', () => {
    const context = propagation.setBaggage(sampled, propagation.createBaggage({ tenant: { value: 'acme corp' }, drink: { value: 'café+crème' }, 'bad key': { value: 'x' } }));
    expect(inject(context)).toEqual({
      'uber-trace-id': `${TRACE}:${SPAN}:0:01`,
      'uberctx-tenant': 'acme%20corp',
      'uberctx-drink': 'caf%C3%A9%2Bcr%C3%A8me',
    });
  });

  it('writes 00 when not sampled and nothing for an invalid span context or a suppressed context', () => {
    expect(inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.NONE }))).toEqual({ 'uber-trace-id': `${TRACE}:${SPAN}:0:00` });
    expect(inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: SPAN, traceFlags: 1 }))).toEqual({});
    expect(inject(suppressTracing(sampled))).toEqual({});
  });

  it('round-trips ids, flags, debug and baggage (including what needs encoding)', () => {
    const values = { plain: 'v', spaces: 'a b  c', plus: '1+1=2', percent: '100%', unicode: 'Zürich 東京 🚀', colon: 'a:b' };
    const entries = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]));
    for (const flags of ['0', '1', '3']) {
      const incoming = propagation.setBaggage(extract({ 'uber-trace-id': `af7651916cd43dd:f067aa0ba902b7:0:${flags}` }), propagation.createBaggage(entries));
      const headers = inject(incoming);
      expect(headers['uber-trace-id']).toBe(`00000000000000000af7651916cd43dd:00f067aa0ba902b7:0:0${flags}`);
      const back = extract(headers);
      expect(trace.getSpanContext(back)).toEqual(trace.getSpanContext(incoming));
      expect(isJaegerDebug(back)).toBe(flags === '3');
      expect(baggageOf(back)).toEqual(values);
    }
  });

  it('the debug mark follows its trace only: a child span keeps it, a new root trace does not', () => {
    const incoming = extract({ 'uber-trace-id': 'af7651916cd43dd:f067aa0ba902b7:0:3' });
    const child = trace.setSpanContext(incoming, { traceId: '00000000000000000af7651916cd43dd', spanId: '1111111111111111', traceFlags: TraceFlags.SAMPLED });
    expect(isJaegerDebug(child)).toBe(true);
    expect(inject(child)['uber-trace-id']).toBe('00000000000000000af7651916cd43dd:1111111111111111:0:03');
    const newRoot = trace.setSpanContext(incoming, { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED });
    expect(isJaegerDebug(newRoot)).toBe(false);
    expect(inject(newRoot)['uber-trace-id']).toBe(`${TRACE}:${SPAN}:0:01`);
  });

  it('a custom trace header and baggage prefix', () => {
    const custom = new JaegerPropagator({ customTraceHeader: 'X-Trace', customBaggagePrefix: 'x-ctx-' });
    const context = propagation.setBaggage(sampled, propagation.createBaggage({ k: { value: 'v' } }));
    const headers = inject(context, custom);
    expect(headers).toEqual({ 'x-trace': `${TRACE}:${SPAN}:0:01`, 'x-ctx-k': 'v' });
    expect(trace.getSpanContext(extract(headers, custom))?.traceId).toBe(TRACE);
    expect(custom.fields()).toEqual(['x-trace']);
    expect(String(custom)).toBe('JaegerPropagator{x-trace,x-ctx-*}');
    expect(String(jaeger)).toBe('JaegerPropagator');
    expect(jaeger.fields()).toEqual(['uber-trace-id']);
  });

  it('a custom header that is not a header name is a TracingConfigError', () => {
    for (const options of [{ customTraceHeader: 'bad header' }, { customBaggagePrefix: '' }, { customTraceHeader: 42 as never }]) {
      let error: unknown;
      try {
        new JaegerPropagator(options);
      } catch (e) {
        error = e;
      }
      expect(isTracingConfigError(error)).toBe(true);
      expect(String(error)).toMatch(/"custom(TraceHeader|BaggagePrefix)"/);
    }
  });
});

describe("propagators: ['tracecontext', 'jaeger']", () => {
  it('extracts a request that carries only uber-trace-id (URL-encoded, as jaeger-client-java sends it)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { 'Uber-Trace-Id': '3f6a2b1c0d9e8f70%3A7b2c3d4e5f607182%3A0%3A3', 'UberCtx-Tenant': 'acme+corp' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const p = createPropagator(['tracecontext', 'jaeger']);
    expect(String(p)).toBe('CombinedPropagator{StrictTraceContextPropagator,JaegerPropagator}');
    const context = p.extract(ROOT_CONTEXT, seen[0], headerGetter);
    expect(trace.getSpanContext(context)).toEqual({ traceId: '00000000000000003f6a2b1c0d9e8f70', spanId: '7b2c3d4e5f607182', traceFlags: TraceFlags.SAMPLED, isRemote: true });
    expect(isJaegerDebug(context)).toBe(true);
    expect(baggageOf(context)).toEqual({ tenant: 'acme corp' });
    // Injecting the same context writes both formats.
    const out = inject(context, p);
    expect(out.traceparent).toBe('00-00000000000000003f6a2b1c0d9e8f70-7b2c3d4e5f607182-01');
    expect(out['uber-trace-id']).toBe('00000000000000003f6a2b1c0d9e8f70:7b2c3d4e5f607182:0:03');
  });
});
