/**
 * `baggage`: get and change the baggage of the current traced scope, a name from the design
 * documents. See src/propagation/baggage-scope.ts for how a change reaches later code and
 * outgoing requests although OpenTelemetry contexts are immutable.
 */
import { context } from '@opentelemetry/api';
import { OnceLogger } from '../internal/diag';
import { getAllBaggage, getBaggage, toEntry, type BaggageInput } from '../propagation/baggage';
import { baggageChangesOf, type BaggageChanges } from '../propagation/baggage-scope';

const once = new OnceLogger();

/** The baggage of the current traced scope. */
export interface ScopeBaggage {
  /**
   * Sets `key` for the rest of the current traced scope (the outermost `withSpan` / helper span,
   * or the request of the tracing middleware): later code there, nested spans, and outgoing
   * requests (W3C `baggage` header) see it. Outside any traced scope there is nothing to change:
   * it returns false and logs one warning (use `withBaggage(record, fn)` there).
   */
  set(key: string, value: BaggageInput): boolean;
  /** The value of `key` in the active baggage, changes included, or undefined. */
  get(key: string): string | undefined;
  /** All active baggage values, changes included. */
  getAll(): Record<string, string>;
  /** Removes `key` for the rest of the current traced scope; false outside any traced scope. */
  remove(key: string): boolean;
}

function changes(operation: string): BaggageChanges['entries'] | undefined {
  const record = baggageChangesOf(context.active());
  if (!record) once.warn(`baggage.${operation}`, `baggage.${operation}() outside a traced scope (withSpan, a helper or the tracing middleware, with tracing on) changes nothing; use withBaggage(record, fn)`);
  return record?.entries;
}

/** The baggage of the current traced scope: `baggage.set(k, v)`, `get`, `getAll`, `remove`. */
export const baggage: ScopeBaggage = Object.freeze({
  set(key: string, value: BaggageInput): boolean {
    const entry = toEntry(key, value);
    const entries = changes('set');
    entries?.set(key, entry);
    return entries !== undefined;
  },
  get: (key: string) => getBaggage(key),
  getAll: () => getAllBaggage(),
  remove(key: string): boolean {
    const entries = changes('remove');
    entries?.set(key, null);
    return entries !== undefined;
  },
});
