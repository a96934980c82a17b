import { trace, type AttributeValue, type Attributes, type Span } from '@opentelemetry/api';
import { recordError } from './run-in-span';
import { getTracer } from './facade';

/**
 * Runs fn inside a new active span named `name`: the span ends when fn returns or its promise
 * settles; a throw (Error or not) is recorded with ERROR status and rethrown unchanged.
 */
export function withSpan<T>(name: string, fn: (span: Span) => T, attributes?: Attributes): T {
  return getTracer().withSpan(name, fn, attributes);
}

/** `withSpan` for async work: always returns a promise. */
export function traceAsync<T>(name: string, fn: (span: Span) => Promise<T> | T, attributes?: Attributes): Promise<T> {
  return getTracer().withSpan(name, async (span) => fn(span), attributes);
}

/** The active span, or undefined when there is none (or it is not recording). */
export function getActiveSpan(): Span | undefined {
  return trace.getActiveSpan();
}

/** Sets an attribute on the active span; does nothing when there is none. */
export function setAttribute(key: string, value: AttributeValue): void {
  trace.getActiveSpan()?.setAttribute(key, value);
}

export function setAttributes(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Adds an event to the active span; does nothing when there is none. */
export function addEvent(name: string, attributes?: Attributes): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/** Records an exception (with ERROR status) on the active span; does nothing when there is none. */
export function recordException(error: unknown): void {
  const span = trace.getActiveSpan();
  if (span) recordError(span, error);
}
