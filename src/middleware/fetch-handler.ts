/**
 * `traceFetchHandler(handler)`: traces a fetch-style `(Request) => Response` handler (Next.js
 * route handlers, Hono, Bun/Deno-style servers). `withTracing(handler)` dispatches here.
 */
import { context, type Span } from '@opentelemetry/api';
import { safely } from '../tracer/run-in-span';
import type { ResolvedInstrumentationOptions } from '../instrument/options';
import type { MiddlewareOptions } from './node-http';
import { createOptionsSource } from './options-source';
import { isFetchRequest } from './request-shape';
import { isIgnored, splitTarget, startServerSpan, traceResponseValue, type ServerSpanHandle } from './server-span';

/** Options of `traceFetchHandler`: the middleware options plus a fixed route template. */
export interface FetchHandlerOptions extends Omit<MiddlewareOptions, 'routeResolver' | 'requestHook' | 'responseHook'> {
  /** The route template this handler serves (e.g. `/api/users/[id]`): the span is named `{METHOD} {route}`. */
  route?: string;
  /** Called with the SERVER span right after it starts. Errors are logged, not thrown. */
  requestHook?: (span: Span, request: Request) => void;
  /** Called with the SERVER span and the handler's Response just before the span ends. Errors are logged, not thrown. */
  responseHook?: (span: Span, response: Response) => void;
}


/** Wraps a fetch-style handler; returns a function of the same type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler shape (Next.js, Hono, Bun) must be assignable
export function traceFetchHandler<H extends (req: Request, ...rest: any[]) => Response | Promise<Response>>(
  handler: H,
  options?: FetchHandlerOptions | ResolvedInstrumentationOptions,
): H {
  const optionsOf = createOptionsSource(options);
  const route = (options as FetchHandlerOptions | undefined)?.route;
  const requestHook = (options as FetchHandlerOptions | undefined)?.requestHook;
  const responseHook = (options as FetchHandlerOptions | undefined)?.responseHook;
  const traced = function tracedFetchHandler(this: unknown, req: Request, ...rest: unknown[]): Response | Promise<Response> {
    if (!isFetchRequest(req)) return handler.call(this, req, ...rest);
    let handle: ServerSpanHandle | undefined;
    const resolved = optionsOf();
    try {
      const url = new URL(req.url);
      const scheme = url.protocol === 'https:' ? 'https' : 'http';
      const target = url.pathname + url.search;
      const { path, query } = splitTarget(target);
      if (!isIgnored(resolved, path)) {
        const host = req.headers.get('host') ?? (url.host || undefined);
        handle = startServerSpan(resolved, { method: req.method, target, scheme, headers: req.headers, host }, path, query);
      }
    } catch {
      handle = undefined;
    }
    if (!handle) return handler.call(this, req, ...rest);
    const h = handle;
    if (requestHook) safely('requestHook', () => requestHook(h.span, req));
    const done = (response: Response): Response => {
      let out = response;
      if (resolved.traceResponseHeader) out = withHeader(out, 'traceresponse', traceResponseValue(h.span));
      if (responseHook) safely('responseHook', () => responseHook(h.span, out));
      h.finish(readStatus(out), out?.headers, route);
      return out;
    };
    const failed = (error: unknown): never => {
      h.fail(error);
      h.finish(undefined, undefined, route);
      throw error;
    };
    let result: Response | Promise<Response>;
    try {
      result = context.with(h.context, () => handler.call(this, req, ...rest));
    } catch (error) {
      return failed(error);
    }
    if (result && typeof (result as Promise<Response>).then === 'function') return (result as Promise<Response>).then(done, failed);
    return done(result as Response);
  };
  return traced as unknown as H;
}

function readStatus(response: unknown): number | undefined {
  const status = (response as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

// Responses from fetch() or Response.redirect() have immutable headers: copy into a new one.
function withHeader(response: Response, name: string, value: string): Response {
  if (!response || typeof response !== 'object' || !response.headers) return response;
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    try {
      const copy = new Response(response.body, response);
      copy.headers.set(name, value);
      return copy;
    } catch {
      return response;
    }
  }
}
