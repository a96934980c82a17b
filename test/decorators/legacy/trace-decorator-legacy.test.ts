// Compiled with experimentalDecorators: true by ./tsconfig.json (esbuild reads the nearest tsconfig).
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Trace } from '../../../src/decorators/trace-decorator';
import { withTracing } from '../../../src/decorators/with-tracing';
import { createTestTracing, expectTrace, useContextManager } from '../../support/helper-tracing';

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

describe('@Trace keeps what other legacy decorators stored on the method (NestJS style)', () => {
  // A minimal stand-in for reflect-metadata's per-target store, installed for this test only.
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const reflect = Reflect as unknown as Record<string, unknown>;
  const installed = {
    defineMetadata: (key: unknown, value: unknown, target: object) => {
      if (!store.has(target)) store.set(target, new Map());
      store.get(target)!.set(key, value);
    },
    getOwnMetadata: (key: unknown, target: object) => store.get(target)?.get(key),
    getOwnMetadataKeys: (target: object) => [...(store.get(target)?.keys() ?? [])],
  };
  beforeAll(() => Object.assign(reflect, installed));
  afterAll(() => {
    for (const key of Object.keys(installed)) delete reflect[key];
  });

  it('copies reflect-metadata and own properties from the original method to the wrapper', () => {
    const t = createTestTracing();
    // Typed loosely: the root tsconfig type-checks this folder with standard decorators.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const Get = (path: string): any => (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      installed.defineMetadata('path', path, descriptor.value as object);
      (descriptor.value as { routeTag?: string }).routeTag = 'users';
    };
    class UsersController {
      @Trace({ tracer: t.tracer })
      @Get('/users')
      list(): string[] {
        return ['ada'];
      }
    }
    const method = UsersController.prototype.list as unknown as object & { routeTag?: string };
    expect(installed.getOwnMetadata('path', method)).toBe('/users');
    expect(method.routeTag).toBe('users');
    expect(new UsersController().list()).toEqual(['ada']);
    expect(t.spans().map((s) => s.name)).toEqual(['UsersController.list']);
  });
});
