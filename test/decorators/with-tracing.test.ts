import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { withTracing } from '../../src/decorators/with-tracing';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

describe('withTracing', () => {
  useContextManager();

  it('given a name, is a method decorator (standard decorators)', async () => {
    const t = createTestTracing();
    class Billing {
      rate = 2;
      @withTracing('Billing.charge', { tracer: t.tracer })
      async charge(amount: number): Promise<number> {
        return amount * this.rate;
      }
    }
    await expect(new Billing().charge(21)).resolves.toBe(42);
    const span = t.byName('Billing.charge');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes['code.function.name']).toBe('Billing.charge');
  });

  it('given a fetch-style handler, returns a traced handler of the same type (SERVER span, children nest)', async () => {
    const t = createTestTracing();
    const handler = async (req: Request): Promise<Response> => {
      const id = new URL(req.url).pathname.split('/').pop();
      t.tracer.startSpan('load user').end();
      return Response.json({ id }, { status: 200 });
    };
    const GET = withTracing(handler, { tracer: t.tracer, route: '/api/users/[id]' });
    expectTypeOf(GET).toEqualTypeOf(handler);
    const res = await GET(new Request('http://127.0.0.1:3000/api/users/7?x=1'));
    await expect(res.json()).resolves.toEqual({ id: '7' });
    expectTrace(t.spans(), {
      name: 'GET /api/users/[id]',
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
      spans: [{ name: 'load user' }],
    });
  });

  it('a throwing handler gives an ERROR server span and the same error', async () => {
    const t = createTestTracing();
    const err = new Error('db down');
    const POST = withTracing(
      async (_req: Request): Promise<Response> => {
        throw err;
      },
      { tracer: t.tracer, route: '/api/orders' },
    );
    await expect(POST(new Request('http://127.0.0.1/api/orders', { method: 'POST', body: '{}' }))).rejects.toBe(err);
    const [span] = t.spans();
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('rejects anything else', () => {
    expect(() => withTracing('' as string)).toThrow(/withTracing/);
    expect(() => withTracing(42 as unknown as string)).toThrow(/withTracing/);
  });
});
