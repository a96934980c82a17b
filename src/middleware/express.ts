/**
 * Express / Connect middleware: `tracingMiddleware()` first in the chain, and optionally
 * `tracingErrorHandler()` before your own error handlers to record thrown errors on the span.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithContextArgs } from '../propagation/async-context';
import type { ResolvedInstrumentationOptions } from '../instrument/options';
import { getServerSpanHandle, pickHooks, traceNodeRequest, type MiddlewareOptions } from './node-http';
import { createOptionsSource } from './options-source';
import { isMiddlewareCall } from './request-shape';

type Next = (error?: unknown) => void;

interface ExpressLikeRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
}

/**
 * The route template Express matched: `req.baseUrl + req.route.path` (e.g. `/api/users/:id`).
 * Only string paths count; a RegExp or array route leaves the span named by method alone.
 */
export function expressRoute(req: ExpressLikeRequest): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  const joined = `${base}${path === '/' && base ? '' : path}`;
  return joined || '/';
}

/**
 * Remembers the route template at the moment Express assigns `req.route`, while `req.baseUrl`
 * still holds the mount path: a router restores `baseUrl` when an error leaves it, so reading
 * both when the response finishes would lose the prefix.
 */
function captureRouteAssignments(req: ExpressLikeRequest): (req: IncomingMessage) => string | undefined {
  let current = req.route;
  let captured: string | undefined;
  try {
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (value: ExpressLikeRequest['route']) => {
        current = value;
        captured = expressRoute(req) ?? captured;
      },
    });
  } catch {
    // a frozen or exotic request: fall back to reading at the end
  }
  return () => captured ?? expressRoute(req);
}

/** An Express / Connect middleware. */
export type TracingMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

let defaultMiddleware: TracingMiddleware | undefined;

/**
 * Express / Connect middleware: one SERVER span per request, named `{METHOD} {route}` from
 * Express's matched route (read when the response finishes), else `{METHOD}`. Mount it first:
 * `app.use(tracingMiddleware())`, or `app.use(tracingMiddleware)` (called with `(req, res, next)`
 * it is the middleware itself, with default options).
 * After `initializeTracing()` the running config applies under the options given here.
 */
export function tracingMiddleware(options?: MiddlewareOptions | ResolvedInstrumentationOptions): TracingMiddleware;
export function tracingMiddleware(req: IncomingMessage, res: ServerResponse, next: Next): void;
export function tracingMiddleware(...args: unknown[]): TracingMiddleware | void {
  // Mounted without the call (`app.use(tracingMiddleware)`, a form from the design documents):
  // Express calls us with the request.
  if (isMiddlewareCall(args)) return (defaultMiddleware ??= createMiddleware(undefined))(args[0] as IncomingMessage, args[1] as ServerResponse, args[2] as Next);
  return createMiddleware(args[0] as MiddlewareOptions | ResolvedInstrumentationOptions | undefined);
}

function createMiddleware(options: MiddlewareOptions | ResolvedInstrumentationOptions | undefined): TracingMiddleware {
  const optionsOf = createOptionsSource(options);
  const routeResolver = (options as MiddlewareOptions | undefined)?.routeResolver;
  const hooks = pickHooks(options);
  return function tracewrightMiddleware(req, res, next) {
    let handle;
    try {
      const routeOf = routeResolver ?? captureRouteAssignments(req as ExpressLikeRequest);
      handle = traceNodeRequest(optionsOf(), req, res, routeOf, hooks);
    } catch {
      handle = undefined;
    }
    if (!handle) return next();
    runWithContextArgs(handle.context, next);
  };
}

/**
 * Express error middleware (4 arguments): records the error on the request's span and passes it
 * on unchanged. Mount it after your routes and before your own error handlers.
 */
export function tracingErrorHandler(): (error: unknown, req: IncomingMessage, res: ServerResponse, next: Next) => void {
  return function tracewrightErrorHandler(error, _req, res, next) {
    getServerSpanHandle(res)?.fail(error);
    next(error);
  };
}
