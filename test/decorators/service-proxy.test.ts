import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { batchInstrumentServices, instrumentService } from '../../src/decorators/service-proxy';
import { createTestTracing, expectTrace, useContextManager } from '../support/helper-tracing';

class BaseRepo {
  find(id: string): string {
    return `base:${id}`;
  }
}

class UserService extends BaseRepo {
  #secret = 's3';
  readonly tenant = 'acme';
  count = 0;
  get secretLength(): number {
    return this.#secret.length;
  }
  [Symbol.for('svc.tag')](): string {
    return 'symbol';
  }
  async load(id: string): Promise<{ id: string; secret: string }> {
    await new Promise((r) => setTimeout(r, 1));
    this.count++;
    return { id: this.find(id), secret: this.#secret };
  }
  fail(): never {
    throw new Error('load failed');
  }
  async failLater(): Promise<never> {
    await Promise.resolve();
    throw new SyntaxError('late');
  }
  ping(): string {
    return 'pong';
  }
}

describe('instrumentService', () => {
  useContextManager();

  it('traces own and prototype methods as Service.method, sync and async, with #private fields', async () => {
    const t = createTestTracing();
    const svc = instrumentService(new UserService(), 'UserService', { tracer: t.tracer });
    await expect(svc.load('7')).resolves.toEqual({ id: 'base:7', secret: 's3' });
    expect(svc.find('8')).toBe('base:8');
    const names = t.spans().map((s) => s.name);
    expect(names).toEqual(['UserService.load', 'UserService.find']);
    const load = t.byName('UserService.load');
    expect(load.kind).toBe(SpanKind.INTERNAL);
    expect(load.attributes['code.function.name']).toBe('UserService.load');
    expect(load.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('leaves getters, Symbol keys, constructor, Object.prototype methods and data untouched', () => {
    const t = createTestTracing();
    const raw = new UserService();
    const svc = instrumentService(raw, 'UserService', { tracer: t.tracer });
    expect(svc.secretLength).toBe(2);
    const tag = Symbol.for('svc.tag');
    expect(Reflect.get(svc, tag)).toBe(Reflect.get(raw, tag));
    expect(svc.constructor).toBe(UserService);
    expect(svc.toString()).toBe('[object Object]');
    // eslint-disable-next-line no-prototype-builtins -- the proxy must forward Object.prototype methods called on it
    expect(svc.hasOwnProperty('tenant')).toBe(true);
    expect(svc.tenant).toBe('acme');
    svc.count = 5;
    expect(raw.count).toBe(5);
    expect(svc instanceof UserService).toBe(true);
    expect(t.spans()).toHaveLength(0);
    // The same wrapper is handed out on each read, so method references stay comparable.
    expect(svc.ping).toBe(svc.ping);
    const ping = svc.ping;
    expect(ping()).toBe('pong'); // detached call still runs against the service
    expect(t.spans().map((s) => s.name)).toEqual(['UserService.ping']);
  });

  it('records and rethrows sync and async errors', async () => {
    const t = createTestTracing();
    const svc = instrumentService(new UserService(), 'UserService', { tracer: t.tracer });
    expect(() => svc.fail()).toThrow('load failed');
    await expect(svc.failLater()).rejects.toBeInstanceOf(SyntaxError);
    expect(t.spans().map((s) => [s.name, s.status.code, s.attributes['error.type']])).toEqual([
      ['UserService.fail', SpanStatusCode.ERROR, 'Error'],
      ['UserService.failLater', SpanStatusCode.ERROR, 'SyntaxError'],
    ]);
  });

  it('honours skipMethods, includeMethods, extractServiceTags, spanNameFactory and kind', () => {
    const t = createTestTracing();
    const svc = instrumentService(new UserService(), 'users', {
      tracer: t.tracer,
      skipMethods: ['ping'],
      extractServiceTags: (s, method, args) => ({ 'app.tenant': s.tenant, 'app.method': method, 'app.argc': args.length }),
      spanNameFactory: (service, method) => `${service}/${method}`,
      kind: SpanKind.CLIENT,
    });
    svc.ping();
    svc.find('x');
    const span = t.byName('users/find');
    expect(t.spans()).toHaveLength(1);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({ 'app.tenant': 'acme', 'app.method': 'find', 'app.argc': 1 });

    const t2 = createTestTracing();
    const only = instrumentService(new UserService(), 'users', { tracer: t2.tracer, includeMethods: ['ping'] });
    only.find('a');
    only.ping();
    expect(t2.spans().map((s) => s.name)).toEqual(['users.ping']);
  });

  it('a throwing extractServiceTags does not break the call', () => {
    const t = createTestTracing();
    const svc = instrumentService(new UserService(), 'UserService', {
      tracer: t.tracer,
      extractServiceTags: () => {
        throw new Error('bad extractor');
      },
    });
    expect(svc.ping()).toBe('pong');
    expect(t.byName('UserService.ping').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('builds span trees across instrumented services; plain objects work too', async () => {
    const t = createTestTracing();
    const { db, api } = batchInstrumentServices(
      {
        db: { async query(sql: string) { return [sql]; } },
        api: {
          deps: null as null | { query(sql: string): Promise<string[]> },
          async handle() { return (await this.deps!.query('SELECT 1')).length; },
        },
      },
      { tracer: t.tracer },
    );
    api.deps = db;
    await expect(api.handle()).resolves.toBe(1);
    expectTrace(t.spans(), { name: 'api.handle', spans: [{ name: 'db.query' }] });
  });

  it('does not double-wrap and validates its arguments', () => {
    const t = createTestTracing();
    const once = instrumentService(new UserService(), 'UserService', { tracer: t.tracer });
    expect(instrumentService(once, 'UserService', { tracer: t.tracer })).toBe(once);
    once.ping();
    expect(t.spans()).toHaveLength(1);
    expect(() => instrumentService(new UserService(), '')).toThrow(/serviceName/);
    expect(() => instrumentService(null as unknown as object, 'X')).toThrow(/service/);
  });
});
