/**
 * `wrapRequestListener(listener)`: traces a plain `node:http` / `node:https` request listener.
 */
import type { Span } from '@opentelemetry/api';
import { runWithContext, runWithContextArgs } from '../propagation/async-context';
import { safely } from '../tracer/run-in-span';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InstrumentationOptions, ResolvedInstrumentationOptions } from '../instrument/options';
import { createOptionsSource } from './options-source';
import { isIgnored, nodeHeaderGetter, splitTarget, startServerSpan, traceResponseValue, type ServerSpanHandle } from './server-span';

/** Options of the standalone middleware: every instrumentation option, all optional, plus hooks. */
export interface MiddlewareOptions extends Partial<InstrumentationOptions> {
  /** Requests whose path matches are not traced: exact paths, `*` globs, or RegExps. Default none. */
  ignorePaths?: readonly (string | RegExp)[];
  /** Returns the route template of a request (e.g. `/users/:id`), read when the response ends. */
  routeResolver?: (req: IncomingMessage) => string | undefined;
  /** Called with the SERVER span right after it starts (add attributes from the request). Errors are logged, not thrown. */
  requestHook?: (span: Span, req: IncomingMessage) => void;
  /** Called with the SERVER span just before it ends (add attributes from the response). Errors are logged, not thrown. */
  responseHook?: (span: Span, res: ServerResponse) => void;
}

/** The hooks of the standalone middleware. */
export type NodeRequestHooks = Pick<MiddlewareOptions, 'requestHook' | 'responseHook'>;

type Listener<Req extends IncomingMessage, Res extends ServerResponse> = (req: Req, res: Res) => unknown;

/** The hooks given in standalone options, or undefined when there are none. */
export function pickHooks(options: object | undefined): NodeRequestHooks | undefined {
  const o = options as MiddlewareOptions | undefined;
  return o?.requestHook || o?.responseHook ? { requestHook: o.requestHook, responseHook: o.responseHook } : undefined;
}

/** Reads the route template of a request when its response ends. */
export type RouteOf = (req: IncomingMessage) => string | undefined;

interface TracedRequestState {
  handle: ServerSpanHandle;
  options: ResolvedInstrumentationOptions;
  req: IncomingMessage;
  routeOf?: RouteOf;
  responseHook?: MiddlewareOptions['responseHook'];
}

// One symbol property on the response (cheaper than a WeakMap, and one slot rather than one on
// the request too): the close listener and the Express error handler find the state through it.
const STATE = Symbol('tracewright.requestState');

/** The server span handle of a response traced by the middleware (used by the Express error handler). */
export function getServerSpanHandle(res: object): ServerSpanHandle | undefined {
  return (res as { [STATE]?: TracedRequestState })[STATE]?.handle;
}

// ServerResponse emits 'close' both after 'finish' and when the connection drops first, so one
// listener covers both ends. A module-level function (`this` is the response): no closure per request.
function onResponseClose(this: ServerResponse): void {
  const state = (this as { [STATE]?: TracedRequestState })[STATE];
  if (!state) return;
  let route: string | undefined;
  try {
    route = state.routeOf ? state.routeOf(state.req) : undefined;
  } catch {
    route = undefined;
  }
  if (state.responseHook) {
    const { responseHook, handle } = state;
    safely('responseHook', () => responseHook(handle.span, this));
  }
  if (this.writableFinished) {
    state.handle.finish(this.statusCode, state.options.responseHeaders.length > 0 ? this.getHeaders() : undefined, route);
  } else {
    state.handle.abort(route);
  }
}

/**
 * Starts the span for a Node request and wires its end to the response. Returns undefined when
 * the request is not traced. Shared by the node:http wrapper and the Express middleware.
 */
export function traceNodeRequest(
  options: ResolvedInstrumentationOptions,
  req: IncomingMessage,
  res: ServerResponse,
  routeOf?: RouteOf,
  hooks?: NodeRequestHooks,
): ServerSpanHandle | undefined {
  const target = req.url ?? '/';
  const { path, query } = splitTarget(target);
  if (isIgnored(options, path)) return undefined;
  const socket = req.socket as (IncomingMessage['socket'] & { encrypted?: boolean }) | undefined;
  const handle = startServerSpan(
    options,
    {
      method: req.method,
      target,
      scheme: socket?.encrypted ? 'https' : 'http',
      headers: req.headers,
      getter: nodeHeaderGetter,
      clientAddress: socket?.remoteAddress,
      protocolVersion: req.httpVersion,
    },
    path,
    query,
  );
  (res as { [STATE]?: TracedRequestState })[STATE] = { handle, options, req, routeOf, responseHook: hooks?.responseHook };
  if (hooks?.requestHook) {
    const requestHook = hooks.requestHook;
    safely('requestHook', () => requestHook(handle.span, req));
  }
  if (options.traceResponseHeader && !res.headersSent) res.setHeader('traceresponse', traceResponseValue(handle.span));
  res.on('close', onResponseClose);
  return handle;
}

/** Marks the span ERROR when a listener's promise rejects; the derived promise rethrows. */
function observeRejection<T>(handle: ServerSpanHandle, result: T): T {
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    // a derived promise that rethrows: an unhandled rejection stays unhandled, as without us
    return (result as unknown as Promise<unknown>).then(undefined, (error: unknown) => {
      handle.fail(error);
      throw error;
    }) as T;
  }
  return result;
}

/** Runs `run` in the span's context; a sync throw or a rejected promise marks the span ERROR. */
export function runInServerContext<T>(handle: ServerSpanHandle, run: () => T): T {
  let result: T;
  try {
    result = runWithContext(handle.context, run, undefined);
  } catch (error) {
    handle.fail(error);
    throw error;
  }
  return observeRejection(handle, result);
}

function callListener<Req, Res>(listener: (req: Req, res: Res) => unknown, self: unknown, req: Req, res: Res): unknown {
  return listener.call(self, req, res);
}

/**
 * Wraps a `node:http` request listener: one SERVER span per request, ended when the response
 * finishes or the connection closes. Usable without `initializeTracing()` (global provider); after
 * it, the running config applies (ignorePaths, header allowlists, traceresponse, enableHttp) under
 * the options given here.
 */
export function wrapRequestListener<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
  listener: Listener<Req, Res>,
  options?: MiddlewareOptions | ResolvedInstrumentationOptions,
): (req: Req, res: Res) => unknown {
  const optionsOf = createOptionsSource(options);
  const routeResolver = (options as MiddlewareOptions | undefined)?.routeResolver;
  const hooks = pickHooks(options);
  return function tracedRequestListener(this: unknown, req: Req, res: Res) {
    let handle: ServerSpanHandle | undefined;
    try {
      handle = traceNodeRequest(optionsOf(), req, res, routeResolver as RouteOf | undefined, hooks);
    } catch {
      handle = undefined; // tracing broke: serve the request untraced rather than fail it
    }
    if (!handle) return listener.call(this, req, res);
    let result: unknown;
    try {
      // No closure and no bind per request: the context manager binds `fn` to a non-null
      // `thisArg` (node:http calls listeners with the Server as `this`), which cost more than
      // the span itself under load; `callListener` takes `this` as a plain argument instead.
      result = runWithContextArgs(handle.context, callListener, listener, this, req, res);
    } catch (error) {
      handle.fail(error);
      throw error;
    }
    return observeRejection(handle, result);
  };
}
