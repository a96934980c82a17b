/** Shared pieces of the HTTP client and server conventions. */
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';

const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY']);

/** The method as the conventions want it: known methods upper-case, anything else `_OTHER`. */
export function normalizeMethod(method: string | undefined): { method: string; original?: string } {
  const raw = method ?? 'GET';
  const upper = raw.toUpperCase();
  if (KNOWN_METHODS.has(upper)) return upper === raw ? { method: upper } : { method: upper, original: raw };
  return { method: '_OTHER', original: raw };
}

/** Sets `http.request.method` (and `_original` when it differs) on an attributes object. */
export function methodAttributes(method: string | undefined, into: Attributes): string {
  const normalized = normalizeMethod(method);
  into[ATTR_HTTP_REQUEST_METHOD] = normalized.method;
  if (normalized.original !== undefined) into[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = normalized.original;
  return normalized.method === '_OTHER' ? 'HTTP' : normalized.method;
}

/** The default port of a scheme, for `server.port`. */
export function defaultPort(protocol: string): number | undefined {
  if (protocol === 'http:' || protocol === 'ws:') return 80;
  if (protocol === 'https:' || protocol === 'wss:') return 443;
  return undefined;
}

/**
 * Records a response status: `http.response.status_code`, and for a failure (client: >= 400,
 * server: >= 500) ERROR status with `error.type` = the status code as text.
 */
export function recordStatus(span: Span, status: number, side: 'client' | 'server'): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  const failed = side === 'client' ? status >= 400 : status >= 500;
  if (failed) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** Reads a status code from a fetch `Response`, a Node `IncomingMessage` or a `{ status }` object. */
export function readStatus(result: unknown): number | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const r = result as { status?: unknown; statusCode?: unknown };
  const value = typeof r.statusCode === 'number' ? r.statusCode : r.status;
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 999 ? value : undefined;
}

/** Reads response headers from a fetch `Response` or a Node `IncomingMessage`. */
export function readResponseHeaders(result: unknown): unknown {
  if (!result || typeof result !== 'object') return undefined;
  return (result as { headers?: unknown }).headers;
}
