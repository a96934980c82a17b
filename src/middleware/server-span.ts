/**
 * The SERVER span shared by the Express, node:http and fetch-handler middleware: context
 * extracted from the request headers, attributes per the stable HTTP server conventions, named
 * `{METHOD} {route}` when a route template is known and `{METHOD}` otherwise (never a raw path).
 */
import { openBaggageScope } from '../propagation/baggage-scope';
import { LinkedContext } from '../propagation/linked-context';
import { propagation, SpanKind, trace, type Attributes, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import { headerGetter } from '../propagation/carrier';
import { resolveCorrelationId, setCorrelationId } from '../propagation/correlation';
import { captureHeaders } from '../sanitize/headers';
import { redactQuery } from '../sanitize/url';
import { ATTR_CORRELATION_ID } from '../semconv/instrumentation';
import { methodAttributes, recordStatus } from '../instrument/http-attributes';
import type { ResolvedInstrumentationOptions } from '../instrument/options';
import { markPathChecked } from '../sampling/ignore-paths';
import { recordError, safely } from '../tracer/run-in-span';

/** The request facts the middleware flavours hand to `startServerSpan`. */
export interface ServerRequestFacts {
  method: string | undefined;
  /** The request target as received: path plus optional `?query`. */
  target: string;
  scheme: 'http' | 'https';
  headers: unknown;
  /** The `Host` (name[:port]) when known otherwise (a fetch Request's URL); default: the header. */
  host?: string;
  /** How to read `headers`; default: the generic getter (any carrier). */
  getter?: TextMapGetter<unknown>;
  clientAddress?: string;
  protocolVersion?: string;
}

export interface ServerSpanHandle {
  span: Span;
  /** The context to run the handler in: extracted parent + this span + correlation id. */
  context: Context;
  method: string;
  /** Ends the span once; `route` (a template) renames it. */
  finish(status: number | undefined, responseHeaders?: unknown, route?: string): void;
  /** Records a thrown error (ERROR status) without ending the span. */
  fail(error: unknown): void;
  /** Ends the span because the connection closed before the response finished. */
  abort(route?: string): void;
}

/**
 * Reads Node's `IncomingHttpHeaders`, whose names Node has already lower-cased: a direct lookup
 * instead of the generic getter's case-insensitive scan (this runs on every request).
 */
export const nodeHeaderGetter: TextMapGetter<unknown> = {
  keys: (carrier) => Object.keys(carrier as object),
  get(carrier, key) {
    const headers = carrier as Record<string, string | string[] | undefined>;
    let value = headers[key];
    if (value === undefined) {
      // Most requests carry no trace headers: a name already lower-case is not looked up twice.
      const lower = lowerCaseName(key);
      if (lower !== key) value = headers[lower];
    }
    return value === undefined || typeof value === 'string' || Array.isArray(value) ? value : String(value);
  },
};

// The propagators ask for a handful of names, request after request: lower-cased once each.
const lowerNames = new Map<string, string>();

function lowerCaseName(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < 64) lowerNames.set(name, lower);
  }
  return lower;
}

function firstHeader(getter: TextMapGetter<unknown>, headers: unknown, name: string): string | undefined {
  const value = getter.get(headers, name);
  return Array.isArray(value) ? value[0] : value;
}

/** Splits a request target into path and raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string | undefined } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: undefined } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Whether the request should be left untraced (flag off or an ignored path). */
export function isIgnored(options: ResolvedInstrumentationOptions, path: string): boolean {
  if (!options.enableHttp) return true;
  if (!options.shouldIgnorePath) return false;
  try {
    return options.shouldIgnorePath(path);
  } catch {
    return false;
  }
}

/** Starts the SERVER span for a request whose `path` {@link isIgnored} has let through. */
export function startServerSpan(options: ResolvedInstrumentationOptions, facts: ServerRequestFacts, path: string, query: string | undefined): ServerSpanHandle {
  const attributes: Attributes = {};
  const method = setMethod(facts.method, attributes);
  attributes[ATTR_URL_PATH] = path;
  attributes[ATTR_URL_SCHEME] = facts.scheme;
  if (query !== undefined && query !== '') attributes[ATTR_URL_QUERY] = redactQuery(query);
  const getter = facts.getter ?? headerGetter;
  const host = facts.host ?? firstHeader(getter, facts.headers, 'host');
  if (host) hostAttributes(host, facts.scheme, attributes);
  if (facts.clientAddress) attributes[ATTR_CLIENT_ADDRESS] = facts.clientAddress;
  const userAgent = firstHeader(getter, facts.headers, 'user-agent');
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  if (facts.protocolVersion) attributes[ATTR_NETWORK_PROTOCOL_VERSION] = facts.protocolVersion;
  if (options.requestHeaders.length > 0) captureHeaders(facts.headers, options.requestHeaders, 'request', attributes);

  // Linked: what the propagators, the span and the baggage scope add are small nodes, not Map copies.
  const parent = propagation.extract(LinkedContext.ROOT, facts.headers, getter);
  // The caller has asked `shouldIgnorePath` about this path (isIgnored): the mark lets the
  // ignore-paths sampler reuse that answer instead of matching the same path again. It goes on
  // the span start only, not on the handler's context, so spans inside are judged on their own.
  const startIn = options.shouldIgnorePath ? markPathChecked(parent, options.shouldIgnorePath, path) : parent;
  const span = options.tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, startIn);
  // The handler runs in the extracted context: whatever the propagators put there (baggage, a
  // correlation id, a vendor's own keys) stays visible inside it.
  // A request is a traced scope: `baggage.set` in the handler changes the baggage of the request.
  let ctx = openBaggageScope(trace.setSpan(parent, span));
  // Without an incoming id the correlation id is the trace id, which getCorrelationId() already
  // falls back to: nothing to store on the hot path.
  if (firstHeader(getter, facts.headers, 'x-correlation-id') !== undefined || firstHeader(getter, facts.headers, 'x-request-id') !== undefined) {
    const correlationId = resolveCorrelationId(facts.headers, span.spanContext());
    if (correlationId !== span.spanContext().traceId) span.setAttribute(ATTR_CORRELATION_ID, correlationId);
    ctx = setCorrelationId(ctx, correlationId);
  }
  return new ServerSpan(options, span, ctx, method);
}

// A server mostly sees one Host (and one scheme): the last one parsed is kept.
let lastHost: { host: string; scheme: string; name: string; port: number } | undefined;

function hostAttributes(host: string, scheme: string, into: Attributes): void {
  const last = lastHost;
  if (last !== undefined && last.host === host && last.scheme === scheme) {
    into[ATTR_SERVER_ADDRESS] = last.name;
    into[ATTR_SERVER_PORT] = last.port;
    return;
  }
  // `name`, `name:port`, `[v6]`, `[v6]:port` — parsed by hand: this runs on every request
  let name = host;
  let port: number | undefined;
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > close) {
    name = host.slice(0, colon);
    const parsed = Number(host.slice(colon + 1));
    if (Number.isInteger(parsed) && parsed > 0 && parsed < 65536) port = parsed;
  }
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (!name) return;
  const resolvedPort = port ?? (scheme === 'https' ? 443 : 80);
  into[ATTR_SERVER_ADDRESS] = name;
  into[ATTR_SERVER_PORT] = resolvedPort;
  lastHost = { host, scheme, name, port: resolvedPort };
}

// Span names of the methods seen so far that need no `http.request.method_original` (the known
// methods, upper-case as sent): no normalizing and no allocation for them after the first request.
const plainMethods = new Map<string, string>();

function setMethod(raw: string | undefined, into: Attributes): string {
  if (raw !== undefined) {
    const known = plainMethods.get(raw);
    if (known !== undefined) {
      into[ATTR_HTTP_REQUEST_METHOD] = raw;
      return known;
    }
  }
  const name = methodAttributes(raw, into);
  // only methods that come out unchanged are kept, so the map holds at most the known ones
  if (raw !== undefined && into[ATTR_HTTP_REQUEST_METHOD] === raw && into[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] === undefined) plainMethods.set(raw, name);
  return name;
}

class ServerSpan implements ServerSpanHandle {
  private ended = false;

  constructor(
    private readonly options: ResolvedInstrumentationOptions,
    readonly span: Span,
    readonly context: Context,
    readonly method: string,
  ) {}

  finish(status: number | undefined, responseHeaders?: unknown, route?: string): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.applyRoute(route);
      if (status !== undefined) recordStatus(this.span, status, 'server');
      if (responseHeaders !== undefined && this.options.responseHeaders.length > 0) {
        this.span.setAttributes(captureHeaders(responseHeaders, this.options.responseHeaders, 'response'));
      }
    } catch (error) {
      safely('server.finish', () => {
        throw error;
      });
    }
    this.span.end();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    safely('server.fail', () => recordError(this.span, error));
  }

  abort(route?: string): void {
    if (this.ended) return;
    this.ended = true;
    safely('server.abort', () => {
      this.applyRoute(route);
      this.span.addEvent('http.connection_closed', { reason: 'connection closed before the response finished' });
    });
    this.span.end();
  }

  private applyRoute(route: string | undefined): void {
    if (!route) return;
    this.span.setAttribute(ATTR_HTTP_ROUTE, route);
    this.span.updateName(`${this.method} ${route}`);
  }
}

/** The W3C `traceresponse` header value for a span: `00-{trace-id}-{span-id}-{flags}`. */
export function traceResponseValue(span: Span): string {
  const sc = span.spanContext();
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}
