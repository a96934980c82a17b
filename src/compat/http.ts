/**
 * `traceFetch`, `traceOutgoingRequest` and `traceApiClient` at the top level: names from the
 * design documents. The first two are `getInstrumentation()`'s `traceFetch` and
 * `instrumentHttpRequest` (same span runner, URL redaction, status handling, header injection,
 * `enableHttp` switch); `traceApiClient` is a CLIENT span for a call through a service's SDK.
 */
import { ATTR_PEER_SERVICE } from '../semconv/attributes';
import { context, propagation, SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { headerSetter } from '../propagation/carrier';
import { getInstrumentation } from '../sdk/get-instrumentation';
import { NOOP_SPAN, runInSpan } from '../tracer/run-in-span';
import { redactUrl } from '../sanitize/url';
import { ATTR_SERVER_ADDRESS, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';

/** `fetch(input, init)` in a CLIENT span, the trace context injected into its headers. */
export function traceFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return getInstrumentation().traceFetch(input, init);
}

/**
 * Runs `fn` in a CLIENT span `{METHOD}` for an outgoing request made by any client; the status
 * code is read from the `Response` / `IncomingMessage` fn returns (400 and above mark it ERROR).
 * To propagate the trace, `fn` gets the span; use `injectContext` or `instrumentHttpRequest`
 * with `headers` to write the headers.
 */
export function traceOutgoingRequest<T>(method: string, url: string | URL, fn: (span: Span) => T): T {
  return getInstrumentation().instrumentHttpRequest({ method, url }, fn);
}

/** Options of `traceApiClient`. */
export interface TraceApiClientOptions {
  /** The URL the call goes to, when known: `url.full` (redacted) and `server.address`. */
  url?: string | URL;
  /** Attributes added to the span. */
  attributes?: Attributes;
  /** Headers object the call is sent with: the trace context is written into it. */
  headers?: Record<string, unknown> | Headers;
}


/**
 * Runs `fn` in a CLIENT span `{service} {operation}` (`stripe charges.create`) with
 * `peer.service`, for a call through a service's own SDK. A throw marks it ERROR and is rethrown.
 */
export function traceApiClient<T>(service: string, operation: string, fn: (span: Span) => T, options: TraceApiClientOptions = {}): T {
  const instrumentation = getInstrumentation();
  if (!instrumentation.options.enableHttp) return fn(NOOP_SPAN);
  const attributes: Attributes = { ...options.attributes, [ATTR_PEER_SERVICE]: String(service) };
  if (options.url !== undefined) {
    attributes[ATTR_URL_FULL] = redactUrl(options.url);
    try {
      attributes[ATTR_SERVER_ADDRESS] = new URL(String(options.url)).hostname;
    } catch {
      // a relative URL: no server.address
    }
  }
  const headers = options.headers;
  return runInSpan(instrumentation.options.tracer, `${service} ${operation}`, { kind: SpanKind.CLIENT, attributes }, fn, {
    onStart: headers ? () => propagation.inject(context.active(), headers, headerSetter) : undefined,
  });
}
