import { TracingConfigError } from '../errors';
import { traceFetchHandler, type FetchHandlerOptions } from '../middleware/fetch-handler';
import { createTraceDecorator, type TraceMethodDecorator, type TraceOptions } from './trace-decorator';

/** A fetch-style route handler: `(request) => Response` (Next.js route handlers, Hono, Bun, Deno). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FetchStyleHandler = (request: Request, ...rest: any[]) => Response | Promise<Response>;

/**
 * One name, two jobs, as the design documents use it:
 * - `withTracing('Service.method', options?)` is a method decorator (the same as `@Trace(name)`,
 *   TS 5 standard and legacy decorators alike);
 * - `withTracing(handler, options?)` wraps a fetch-style route handler in a SERVER span
 *   (`traceFetchHandler`), returning a function of the same type.
 *
 * @example
 * class Billing { @withTracing('Billing.charge') async charge() { ... } }
 * export const GET = withTracing(async (req: Request) => Response.json({ ok: true }), { route: '/api/ok' });
 */
export function withTracing(name: string, options?: TraceOptions): TraceMethodDecorator;
export function withTracing<H extends FetchStyleHandler>(handler: H, options?: FetchHandlerOptions): H;
export function withTracing(
  nameOrHandler: string | FetchStyleHandler,
  options?: TraceOptions | FetchHandlerOptions,
): TraceMethodDecorator | FetchStyleHandler {
  if (typeof nameOrHandler === 'function') return traceFetchHandler(nameOrHandler, options as FetchHandlerOptions | undefined);
  if (typeof nameOrHandler === 'string' && nameOrHandler.trim() !== '') {
    return createTraceDecorator(nameOrHandler, (options as TraceOptions | undefined) ?? {});
  }
  throw new TracingConfigError(
    'withTracing(nameOrHandler)',
    nameOrHandler,
    'a span name (method decorator) or a fetch-style (Request) => Response handler',
  );
}
