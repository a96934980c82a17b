/**
 * The one place that runs user code inside a span: parents on the active context, makes the span
 * active for fn, ends it exactly once when fn returns or settles, records fn's error and rethrows
 * it unchanged. Our own hooks run under try/catch: instrumentation never throws into user code.
 */
import {
  context,
  INVALID_SPAN_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { OnceLogger } from '../internal/diag';

const once = new OnceLogger();

export interface RunSpanHooks<T> {
  /** Called with fn's (settled) result; may set attributes and status. */
  onResult?(span: Span, result: T): void;
  /** Called with fn's error before the exception is recorded; may set attributes and return the `error.type`. */
  onError?(span: Span, error: unknown): string | undefined | void;
  /** Called inside the span's context before fn runs (header injection). */
  onStart?(span: Span): void;
}

/** A span that records nothing, handed to fn when a helper is disabled. */
export const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Runs our own code, logging (once per site) instead of throwing. */
export function safely(site: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    once.warn(site, `instrumentation hook "${site}" failed and was skipped: ${String(error)}`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The `error.type` for an exception: a code when it has one, else its class name. */
export function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0 && code.length <= 64) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0 && name !== 'Error') return name;
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor.length > 0 && ctor !== 'Object') return ctor;
  }
  return '_OTHER';
}

/** Records an exception, ERROR status and `error.type`. */
export function recordError(span: Span, error: unknown, type: string = errorType(error)): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  if (error instanceof Error) span.recordException(error);
  else span.recordException({ name: 'Error', message: String(error) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn(span)` in a new span. Returns exactly what fn returns for sync fns; for a promise,
 * a promise that settles with fn's value or rejects with fn's own error object.
 */
export function runInSpan<T>(
  tracer: Tracer,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  fn: (span: Span) => T,
  hooks: RunSpanHooks<Awaited<T>> = {},
): T {
  let span: Span;
  try {
    span = tracer.startSpan(name, { kind, attributes }, context.active());
  } catch (error) {
    once.warn('startSpan', `could not start span "${name}", running without: ${String(error)}`);
    return fn(NOOP_SPAN);
  }
  const ctx = trace.setSpan(context.active(), span);
  let ended = false;
  const finishOk = (result: Awaited<T>) => {
    if (ended) return;
    ended = true;
    if (hooks.onResult) safely('onResult', () => hooks.onResult!(span, result));
    safely('end', () => span.end());
  };
  const finishError = (error: unknown) => {
    if (ended) return;
    ended = true;
    safely('onError', () => {
      const type = hooks.onError ? hooks.onError(span, error) : undefined;
      recordError(span, error, type ?? errorType(error));
    });
    safely('end', () => span.end());
  };
  let result: T;
  try {
    result = context.with(ctx, () => {
      if (hooks.onStart) safely('onStart', () => hooks.onStart!(span));
      return fn(span);
    });
  } catch (error) {
    finishError(error);
    throw error;
  }
  if (isThenable(result)) {
    return (result as PromiseLike<Awaited<T>>).then(
      (value) => {
        finishOk(value);
        return value;
      },
      (error: unknown) => {
        finishError(error);
        throw error;
      },
    ) as T;
  }
  finishOk(result as Awaited<T>);
  return result;
}

