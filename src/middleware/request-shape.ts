/**
 * Shape checks shared by the middleware: is a value a Node request, a Node response, a fetch
 * `Request`? Duck-typed (a framework may hand over its own subclasses or wrappers), and cheap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Node `IncomingMessage` (or a framework's request built on it): `method`, `url` and a `headers` object. */
export function isNodeRequest(value: unknown): value is IncomingMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<IncomingMessage>;
  return typeof v.headers === 'object' && v.headers !== null && typeof v.method === 'string' && typeof (v as { on?: unknown }).on === 'function' && typeof (v.headers as { get?: unknown }).get !== 'function';
}

/** A Node `ServerResponse`: `setHeader`, `writeHead` and `end`. */
export function isNodeResponse(value: unknown): value is ServerResponse {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ServerResponse>;
  return typeof v.setHeader === 'function' && typeof v.writeHead === 'function' && typeof v.end === 'function';
}

/** A fetch `Request`: a string `url` and `Headers`-like headers. */
export function isFetchRequest(value: unknown): value is Request {
  return !!value && typeof value === 'object' && typeof (value as Request).url === 'string' && typeof (value as Request).headers?.get === 'function';
}

/** `(req, res, next)` as Express / Connect call a middleware. */
export function isMiddlewareCall(args: ArrayLike<unknown>): boolean {
  return args.length >= 3 && typeof args[2] === 'function' && isNodeRequest(args[0]) && isNodeResponse(args[1]);
}
