import { randomUUID } from 'node:crypto';
import { context, createContextKey, isSpanContextValid, trace, type Context, type SpanContext } from '@opentelemetry/api';
import { headerGetter } from './carrier';

/**
 * Correlation ids: an incoming `x-correlation-id` (or else `x-request-id`) is kept, otherwise one
 * is derived from the trace id, so logs of one request share one id across services.
 */

/** Incoming headers looked at, in order of preference. */
export const CORRELATION_HEADERS: readonly string[] = Object.freeze(['x-correlation-id', 'x-request-id']);

/** The context key under which the correlation id travels with the request's context. */
export const CORRELATION_ID_KEY = createContextKey('tracewright.correlation-id');

const MAX_CORRELATION_ID_LENGTH = 256;
// Printable ASCII without spaces, quotes, commas or backslashes: safe to log and to echo back.
const CORRELATION_ID_RE = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/;

/** Whether an incoming id is safe to keep (bounded length, printable, no control characters). */
export function isValidCorrelationId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_CORRELATION_ID_LENGTH &&
    CORRELATION_ID_RE.test(value)
  );
}

/**
 * The correlation id for a request: a valid incoming `x-correlation-id`, else `x-request-id`,
 * else the trace id of `spanContext` (the server span or the extracted parent), else a random
 * UUID. Never throws, whatever the headers hold.
 */
export function resolveCorrelationId(headers: unknown, spanContext?: SpanContext): string {
  for (const name of CORRELATION_HEADERS) {
    let value: string | string[] | undefined;
    try {
      value = headerGetter.get(headers, name);
    } catch {
      value = undefined;
    }
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = typeof first === 'string' ? first.trim() : undefined;
    if (isValidCorrelationId(trimmed)) return trimmed;
  }
  if (spanContext && isSpanContextValid(spanContext)) return spanContext.traceId;
  return randomUUID();
}

/** A context carrying `id` as the correlation id. */
export function setCorrelationId(ctx: Context, id: string): Context {
  return ctx.setValue(CORRELATION_ID_KEY, id);
}

/** Runs `fn` with `id` as the correlation id, in `fn` and all its async continuations. */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return context.with(setCorrelationId(context.active(), id), fn);
}

/**
 * The active correlation id: the one set by `withCorrelationId` / the middleware, otherwise the
 * active span's trace id, otherwise `undefined`.
 */
export function getCorrelationId(ctx: Context = context.active()): string | undefined {
  const value = ctx.getValue(CORRELATION_ID_KEY);
  if (typeof value === 'string') return value;
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
