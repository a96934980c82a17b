import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/decorators/trace-decorator';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

// Proves this file is compiled with TS 5 standard decorators (2 arguments), not the legacy form.
const seenArity: number[] = [];
function probe(...args: unknown[]): void {
  seenArity.push(args.length);
}

describe('@Trace with TypeScript 5 standard decorators', () => {
  useContextManager();
  it('this file really uses the standard (value, context) form', () => {
    class P {
      @probe m(): void {}
    }
    void P;
    expect(seenArity).toEqual([2]);
  });

  it('names spans Class.method, keeps this, args and return value (sync and async)', async () => {
    const t = createTestTracing();
    class UserService {
      private readonly prefix = 'user-';
      @Trace(undefined, { tracer: t.tracer })
      format(id: number): string {
        return this.prefix + id;
      }
      @Trace({ tracer: t.tracer, attributes: { 'app.layer': 'service' } })
      async find(id: number): Promise<{ id: string }> {
        await new Promise((r) => setTimeout(r, 1));
        return { id: this.format(id) };
      }
    }
    const svc = new UserService();
    expect(svc.format(1)).toBe('user-1');
    t.exporter.reset();
    await expect(svc.find(7)).resolves.toEqual({ id: 'user-7' });
    expectTrace(t.spans(), {
      name: 'UserService.find',
      kind: SpanKind.INTERNAL,
      status: SpanStatusCode.UNSET,
      attributes: { 'code.function.name': 'UserService.find', 'app.layer': 'service' },
      spans: [{ name: 'UserService.format', attributes: { 'code.function.name': 'UserService.format' } }],
    });
    // The method name is kept for stack traces and other decorators.
    expect(UserService.prototype.find.name).toBe('find');
  });

  it('uses an explicit name and kind, records a sync throw and rethrows the same error', () => {
    const t = createTestTracing();
    const boom = new TypeError('bad input');
    class Api {
      @Trace('api.call', { tracer: t.tracer, kind: SpanKind.CLIENT })
      call(): never {
        throw boom;
      }
    }
    let caught: unknown;
    try {
      new Api().call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
    const span = t.byName('api.call');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('records an async rejection, returns the same promise, ends the span after settling', async () => {
    const t = createTestTracing();
    class Jobs {
      @Trace({ tracer: t.tracer })
      async run(): Promise<void> {
        await new Promise((r) => setTimeout(r, 1));
        throw new RangeError('too far');
      }
    }
    const promise = new Jobs().run();
    expect(t.spans()).toHaveLength(0);
    await expect(promise).rejects.toThrow('too far');
    const span = t.byName('Jobs.run');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RangeError');
  });

  it('reports the declaring class for inherited methods and supports static methods', () => {
    const t = createTestTracing();
    class Base {
      @Trace({ tracer: t.tracer })
      hello(): string {
        return 'hi';
      }
      @Trace({ tracer: t.tracer })
      static create(): string {
        return this.name;
      }
    }
    class Derived extends Base {}
    expect(new Derived().hello()).toBe('hi');
    expect(Derived.create()).toBe('Derived'); // `this` is still the class it was called on
    expect(t.spans().map((s) => s.name)).toEqual(['Base.hello', 'Base.create']);
  });

  it('makes the span active inside the method', () => {
    const t = createTestTracing();
    class S {
      @Trace({ tracer: t.tracer })
      current(): string | undefined {
        return trace.getActiveSpan()?.spanContext().spanId;
      }
    }
    const id = new S().current();
    expect(id).toBe(t.byName('S.current').spanContext().spanId);
  });

  it('rejects an empty name', () => {
    expect(() => Trace('  ')).toThrow(/Trace\(name\)/);
  });
});

describe('bare @Trace (no parentheses), standard decorators', () => {
  useContextManager();

  it('uses the global provider and the Class.method name', () => {
    const t = createTestTracing();
    trace.setGlobalTracerProvider(t.provider);
    try {
      class Cart {
        items = 2;
        @Trace
        count(): number {
          return this.items;
        }
      }
      expect(new Cart().count()).toBe(2);
      expect(t.spans().map((s) => s.name)).toEqual(['Cart.count']);
    } finally {
      trace.disable();
    }
  });
});
