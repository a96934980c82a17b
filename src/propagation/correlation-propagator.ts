import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { CORRELATION_ID_KEY, isValidCorrelationId, setCorrelationId } from './correlation';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * Opt-in: forwards the correlation id as `x-correlation-id`, so a caller-given id (not only the
 * trace id) reaches every downstream service. Add it to `propagators`:
 * `propagators: ['tracecontext', 'baggage', new CorrelationIdPropagator()]`.
 * Extraction reads `x-correlation-id`, else `x-request-id`; invalid values are ignored.
 */
export class CorrelationIdPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (isTracingSuppressed(context)) return;
    const id = context.getValue(CORRELATION_ID_KEY);
    if (isValidCorrelationId(id)) setter.set(carrier, CORRELATION_ID_HEADER, id);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    for (const name of [CORRELATION_ID_HEADER, 'x-request-id']) {
      const value = getter.get(carrier, name);
      const first = (Array.isArray(value) ? value[0] : value)?.trim();
      if (isValidCorrelationId(first)) return setCorrelationId(context, first);
    }
    return context;
  }

  fields(): string[] {
    return [CORRELATION_ID_HEADER];
  }

  toString(): string {
    return 'CorrelationIdPropagator';
  }
}
