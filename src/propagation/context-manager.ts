import { context, propagation, type Context } from '@opentelemetry/api';
import { OnceLogger } from '../internal/diag';
import { headerGetter, headerSetter, isHeadersLike } from './carrier';

const once = new OnceLogger();

/**
 * The object returned by `getContextManager()`. It uses the GLOBAL propagator (`propagation` from
 * `@opentelemetry/api`), so it follows whatever `initializeTracing()` registered
 * (`propagators` option / `OTEL_PROPAGATORS`).
 */
export interface ContextManagerFacade {
  /**
   * The context described by incoming headers: Node's `IncomingHttpHeaders` (string or string[]
   * values), fetch `Headers`, a plain record or a `Map` — or a request (`IncomingMessage`, fetch
   * `Request`) whose `headers` are read; header names match case-insensitively.
   * Based on `ctx` (default: the active context). Never throws: unusable headers give `ctx` back.
   */
  extractContext(carrier: unknown, ctx?: Context): Context;
  /**
   * Writes the headers for `ctx` (default: the active context) into `carrier` (or into
   * `carrier.headers` when that is an object, as in a `RequestInit`) and returns `carrier`.
   * Existing headers of the same name (any case) are replaced. Never throws.
   */
  injectContext<C extends object>(ctx: Context | undefined, carrier: C): C;
  /** The header names the registered propagator reads and writes. */
  fields(): string[];
}

/**
 * A request-like object (Node's `IncomingMessage`, fetch's `Request`, a `RequestInit`) stands for
 * its `headers`; header values are never objects, so an object-valued `headers` is unambiguous.
 */
function headersOf(carrier: object): object {
  if (isHeadersLike(carrier) || carrier instanceof Map) return carrier;
  const inner = (carrier as { headers?: unknown }).headers;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : carrier;
}

export function createContextManagerFacade(): ContextManagerFacade {
  return {
    extractContext(carrier: unknown, ctx: Context = context.active()): Context {
      if (carrier == null || typeof carrier !== 'object') return ctx;
      try {
        return propagation.extract(ctx, headersOf(carrier), headerGetter);
      } catch (error) {
        once.warn('extract', `could not extract context from headers: ${String(error)}`);
        return ctx;
      }
    },
    injectContext<C extends object>(ctx: Context | undefined, carrier: C): C {
      if (carrier == null || typeof carrier !== 'object') return carrier;
      try {
        propagation.inject(ctx ?? context.active(), headersOf(carrier), headerSetter);
      } catch (error) {
        once.warn('inject', `could not inject context into headers: ${String(error)}`);
      }
      return carrier;
    },
    fields(): string[] {
      return propagation.fields();
    },
  };
}
