/**
 * `createInstrumentation(options)`: the object `getInstrumentation()` returns — the helpers for
 * outgoing HTTP, databases, Redis and Discord, and the server middleware, bound to one tracer
 * and one set of options.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tracingErrorHandler, tracingMiddleware, type TracingMiddleware } from '../middleware/express';
import { traceFetchHandler, type FetchHandlerOptions } from '../middleware/fetch-handler';
import { wrapRequestListener } from '../middleware/node-http';
import { createDatabaseHelpers } from '../instrument/database';
import { createDiscordHelpers } from '../instrument/discord';
import { createHttpClientHelpers } from '../instrument/http-client';
import { resolveInstrumentationOptions, type InstrumentationOptions, type ResolvedInstrumentationOptions } from '../instrument/options';
import { createRedisHelpers } from '../instrument/redis';

export type { InstrumentationOptions, ResolvedInstrumentationOptions } from '../instrument/options';
export type { HttpRequestInfo } from '../instrument/http-client';
export type { DatabaseQueryInfo } from '../instrument/database';
export type { RedisCommandInfo } from '../instrument/redis';
export type { DiscordApiInfo, DiscordRateLimitInfo, DiscordRestLike } from '../instrument/discord';

type HttpClient = ReturnType<typeof createHttpClientHelpers>;
type Database = ReturnType<typeof createDatabaseHelpers>;
type Redis = ReturnType<typeof createRedisHelpers>;
type Discord = ReturnType<typeof createDiscordHelpers>;

/** The helpers and middleware bound to one configuration. */
export interface Instrumentation {
  readonly options: ResolvedInstrumentationOptions;
  instrumentHttpRequest: HttpClient['instrumentHttpRequest'];
  traceFetch: HttpClient['traceFetch'];
  instrumentDatabaseQuery: Database['instrumentDatabaseQuery'];
  instrumentDatabaseTransaction: Database['instrumentDatabaseTransaction'];
  instrumentRedisCommand: Redis['instrumentRedisCommand'];
  instrumentDiscordApi: Discord['instrumentDiscordApi'];
  observeDiscordRest: Discord['observeDiscordRest'];
  recordDiscordRateLimit: Discord['recordDiscordRateLimit'];
  wrapMessageHandler: Discord['wrapMessageHandler'];
  /** Express / Connect middleware with this configuration. */
  expressMiddleware(): TracingMiddleware;
  /** Express error middleware recording thrown errors on the request's span. */
  expressErrorHandler(): ReturnType<typeof tracingErrorHandler>;
  /** Wraps a `node:http` request listener with this configuration. */
  wrapRequestListener<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
    listener: (req: Req, res: Res) => unknown,
  ): (req: Req, res: Res) => unknown;
  /** Alias of `wrapRequestListener`. */
  httpServerHandler<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
    listener: (req: Req, res: Res) => unknown,
  ): (req: Req, res: Res) => unknown;
  /** Wraps a fetch-style `(Request) => Response` handler with this configuration. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler shape (Next.js, Hono, Bun) must be assignable
  traceFetchHandler<H extends (req: Request, ...rest: any[]) => Response | Promise<Response>>(handler: H, options?: { route?: string }): H;
}

/** Builds the helpers for a configuration (getInstrumentation() passes the resolved config's fields). */
export function createInstrumentation(options: InstrumentationOptions | ResolvedInstrumentationOptions): Instrumentation {
  const resolved = resolveInstrumentationOptions(options);
  const wrap = <Req extends IncomingMessage, Res extends ServerResponse>(listener: (req: Req, res: Res) => unknown) =>
    wrapRequestListener(listener, resolved);
  return {
    options: resolved,
    ...createHttpClientHelpers(resolved),
    ...createDatabaseHelpers(resolved),
    ...createRedisHelpers(resolved),
    ...createDiscordHelpers(resolved),
    expressMiddleware: () => tracingMiddleware(resolved),
    expressErrorHandler: () => tracingErrorHandler(),
    wrapRequestListener: wrap,
    httpServerHandler: wrap,
    traceFetchHandler: (handler, handlerOptions) =>
      traceFetchHandler(handler, handlerOptions?.route ? ({ ...resolved, route: handlerOptions.route } as unknown as FetchHandlerOptions) : resolved),
  };
}

export { resolveInstrumentationOptions } from '../instrument/options';
export { tracingMiddleware, tracingErrorHandler, expressRoute } from '../middleware/express';
export { wrapRequestListener, type MiddlewareOptions } from '../middleware/node-http';
export { traceFetchHandler, type FetchHandlerOptions } from '../middleware/fetch-handler';
export { templateDiscordRoute } from '../instrument/discord-route';
