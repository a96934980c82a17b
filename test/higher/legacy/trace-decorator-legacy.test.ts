// Compiled with experimentalDecorators: true by ./tsconfig.json (esbuild reads the nearest tsconfig).
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { Trace } from '../../../src/higher/trace-decorator';
import { withTracing } from '../../../src/higher/with-tracing';
import { createTestTracing, expectTrace, useContextManager } from '../helpers';

const seenArity: number[] = [];
function probe(...args: unknown[]): void {
  seenArity.push(args.length);
}

describe('@Trace with legacy experimentalDecorators', () => {
  useContextManager();
  it('this file really uses the legacy (target, key, descriptor) form', () => {
    class P {
      @probe m(): void {}
    }
    void P;
    expect(seenArity).toEqual([3]);
  });

  it('traces sync and async methods as Class.method, keeping this and results', async () => {
    const t = createTestTracing();
    class Orders {
      constructor(private readonly store: Map<string, number>) {}
      @Trace({ tracer: t.tracer })
      total(id: string): number {
        return this.store.get(id) ?? 0;
      }
      @Trace('orders.checkout', { tracer: t.tracer, kind: SpanKind.SERVER, attributes: { 'app.tier': 'gold' } })
      async checkout(id: string): Promise<number> {
        await new Promise((r) => setTimeout(r, 1));
        return this.total(id) * 2;
      }
    }
    const orders = new Orders(new Map([['a', 21]]));
    await expect(orders.checkout('a')).resolves.toBe(42);
    expectTrace(t.spans(), {
      name: 'orders.checkout',
      kind: SpanKind.SERVER,
      attributes: { 'code.function.name': 'Orders.checkout', 'app.tier': 'gold' },
      spans: [{ name: 'Orders.total', kind: SpanKind.INTERNAL }],
    });
  });

  it('records and rethrows errors; static methods are named after the class', async () => {
    const t = createTestTracing();
    const err = new Error('nope');
    class Repo {
      @Trace({ tracer: t.tracer })
      static fail(): void {
        throw err;
      }
      @Trace({ tracer: t.tracer })
      async reject(): Promise<void> {
        throw err;
      }
    }
    expect(() => Repo.fail()).toThrow(err);
    await expect(new Repo().reject()).rejects.toBe(err);
    expect(t.spans().map((s) => [s.name, s.status.code])).toEqual([
      ['Repo.fail', SpanStatusCode.ERROR],
      ['Repo.reject', SpanStatusCode.ERROR],
    ]);
  });
});

describe('withTracing(name) with legacy experimentalDecorators', () => {
  useContextManager();

  it('decorates a method under the given name', () => {
    const t = createTestTracing();
    class Scanner {
      @withTracing('worker.scan', { tracer: t.tracer })
      scan(file: string): string {
        return `clean:${file}`;
      }
    }
    expect(new Scanner().scan('a.pdf')).toBe('clean:a.pdf');
    expect(t.byName('worker.scan').attributes['code.function.name']).toBe('Scanner.scan');
  });
});

describe('bare @Trace (no parentheses), legacy decorators', () => {
  it('uses the global provider and the Class.method name', () => {
    const t = createTestTracing();
    trace.setGlobalTracerProvider(t.provider);
    try {
      class Cart {
        items = 3;
        @Trace
        count(): number {
          return this.items;
        }
      }
      expect(new Cart().count()).toBe(3);
      expect(t.spans().map((s) => s.name)).toEqual(['Cart.count']);
    } finally {
      trace.disable();
    }
  });
});
