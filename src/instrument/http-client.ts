/**
 * Outgoing HTTP: `instrumentHttpRequest` around any client call, `traceFetch` around the global fetch.
 */
import { context, propagation, SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { headerSetter } from '../propagation/carrier';
import { captureHeaders } from '../sanitize/headers';
import { sanitizeBody } from '../sanitize/body';
import { redactUrlParsed } from '../sanitize/url';
import { ATTR_HTTP_REQUEST_BODY, ATTR_URL_TEMPLATE } from '../semconv/instrumentation';
import { defaultPort, methodAttributes, readResponseHeaders, readStatus, recordStatus } from './http-attributes';
import type { ResolvedInstrumentationOptions } from './options';
import { NOOP_SPAN, runInSpan } from '../tracer/run-in-span';

/** What `instrumentHttpRequest` needs to know about the outgoing request. */
export interface HttpRequestInfo {
  /** HTTP method. Default `GET`. */
  method?: string;
  /** The full URL (credentials and secret query values are redacted before recording). */
  url: string | URL;
  /**
   * The headers object the request will be sent with (Node `OutgoingHttpHeaders`, a fetch
   * `Headers`, or a plain record): `traceparent`, `tracestate` and `baggage` are written into it.
   */
  headers?: Record<string, unknown> | Headers | Map<string, unknown>;
  /** A low-cardinality route template, e.g. `/users/{id}`: the span is named `{METHOD} {route}`. */
  route?: string;
  /** The request body, recorded (truncated, redacted) only when `captureBodies` is on. */
  body?: unknown;
}

function urlAttributes(url: string | URL, attributes: Attributes): void {
  // server.* come from the redacted URL: a malformed URL can make a parser take a password for a host
  const { text, parsed } = redactUrlParsed(url);
  attributes[ATTR_URL_FULL] = text;
  if (!parsed) return; // relative or unparsable: url.full as redacted, no server.* attributes
  if (parsed.hostname) attributes[ATTR_SERVER_ADDRESS] = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port ? Number(parsed.port) : defaultPort(parsed.protocol);
  if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
}

export function createHttpClientHelpers(options: ResolvedInstrumentationOptions) {
  /**
   * Runs `fn` in a CLIENT span for an outgoing HTTP request. The status code is read from the
   * `Response` / `IncomingMessage` fn returns; 400 and above, or a throw, mark the span ERROR.
   */
  function instrumentHttpRequest<T>(request: HttpRequestInfo, fn: (span: Span) => T): T {
    if (!options.enableHttp) return fn(NOOP_SPAN);
    const attributes: Attributes = {};
    let methodName = 'HTTP';
    try {
      methodName = methodAttributes(request.method, attributes);
      urlAttributes(request.url, attributes);
      if (request.route) {
        attributes[ATTR_URL_TEMPLATE] = request.route;
      }
      if (options.requestHeaders.length > 0) captureHeaders(request.headers, options.requestHeaders, 'request', attributes);
      if (options.captureBodies && request.body !== undefined) {
        const body = sanitizeBody(request.body);
        if (body !== undefined) attributes[ATTR_HTTP_REQUEST_BODY] = body;
      }
    } catch {
      // attributes are best effort; the call goes ahead
    }
    const route = typeof request?.route === 'string' ? request.route : undefined;
    const name = route ? `${methodName} ${route}` : methodName;
    return runInSpan(options.tracer, name, { kind: SpanKind.CLIENT, attributes }, fn, {
      onStart() {
        if (request?.headers) propagation.inject(context.active(), request.headers, headerSetter);
      },
      onResult(span, result) {
        const status = readStatus(result);
        if (status !== undefined) recordStatus(span, status, 'client');
        if (options.responseHeaders.length > 0) {
          span.setAttributes(captureHeaders(readResponseHeaders(result), options.responseHeaders, 'response'));
        }
      },
    });
  }

  /** `fetch(input, init)` in a CLIENT span, with the trace context injected into its headers. */
  function traceFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (!options.enableHttp) return fetch(input, init);
    const isRequest = typeof Request !== 'undefined' && input instanceof Request;
    const url = isRequest ? (input as Request).url : (input as string | URL);
    const method = init?.method ?? (isRequest ? (input as Request).method : 'GET');
    const headers = new Headers(init?.headers ?? (isRequest ? (input as Request).headers : undefined));
    return instrumentHttpRequest({ method, url, headers, body: init?.body }, () => fetch(input, { ...init, headers }));
  }

  return { instrumentHttpRequest, traceFetch };
}
