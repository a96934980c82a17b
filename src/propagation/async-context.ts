/**
 * The context manager tracewright registers, and a direct way to it for the span path. The API's
 * `context.active()` / `context.with()` look the manager up in the API's global registry and pass
 * the arguments on twice (`...args` at each hop) on every call; while tracewright's own manager
 * is the registered one, the helpers and the middleware call it directly instead. When another
 * manager was registered first (the app's own), everything goes through the API as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context as contextApi, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * OpenTelemetry's `AsyncLocalStorageContextManager` (binding of functions and event emitters
 * included) on a storage of its own, with a fixed-arity `run` for the span path.
 */
export class TracewrightContextManager extends AsyncLocalStorageContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  override active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(context, thisArg == null ? fn : fn.bind(thisArg), ...args);
  }

  /** `with(context, fn, undefined, arg)` without the rest-argument hops. */
  run<A, R>(context: Context, fn: (arg: A) => R, arg: A): R {
    return this.storage.run(context, fn, arg);
  }

  /** `with(context, fn, undefined, ...args)` with one rest-argument hop instead of three. */
  runWith<A extends unknown[], R>(context: Context, fn: (...args: A) => R, args: A): R {
    return this.storage.run(context, fn, ...args);
  }

  override attach(context: Context): ReturnType<AsyncLocalStorageContextManager['attach']> {
    const previous = this.active();
    this.storage.enterWith(context);
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.storage.enterWith(previous);
      },
    } as ReturnType<AsyncLocalStorageContextManager['attach']>;
  }

  override disable(): this {
    if (registered === this) registered = undefined;
    this.storage.disable();
    return super.disable();
  }
}

let registered: TracewrightContextManager | undefined;

/**
 * Registers `manager` with the API as the global context manager; returns false (and leaves the
 * fast path off) when another manager is registered already.
 */
export function registerContextManager(manager: TracewrightContextManager): boolean {
  const ok = contextApi.setGlobalContextManager(manager);
  registered = ok ? manager : undefined;
  return ok;
}

/** The active context (as `context.active()`). */
export function activeContext(): Context {
  return registered !== undefined ? registered.active() : contextApi.active();
}

/** Runs `fn(arg)` with `ctx` active (as `context.with(ctx, fn, undefined, arg)`). */
export function runWithContext<A, R>(ctx: Context, fn: (arg: A) => R, arg: A): R {
  return registered !== undefined ? registered.run(ctx, fn, arg) : contextApi.with(ctx, fn, undefined, arg);
}

/** Runs `fn(...args)` with `ctx` active (as `context.with(ctx, fn, undefined, ...args)`). */
export function runWithContextArgs<A extends unknown[], R>(ctx: Context, fn: (...args: A) => R, ...args: A): R {
  return registered !== undefined ? registered.runWith(ctx, fn, args) : contextApi.with(ctx, fn, undefined, ...args);
}
