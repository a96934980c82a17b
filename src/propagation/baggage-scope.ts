/**
 * The changeable baggage of a traced scope. OpenTelemetry contexts (and the baggage in them) are
 * immutable, so `baggage.set(k, v)` cannot change the context code already holds. Instead, when
 * a traced scope starts without one (the outermost `withSpan` / helper span, the request of the
 * server middleware, a traced job), a small mutable record of changes is stored in its context.
 * `baggage.set` / `remove` write the changes there; tracewright's `getBaggage`, `getAllBaggage`
 * and the W3C baggage propagator read the context's baggage with those changes applied, so later
 * code in the same scope (nested spans included) and outgoing requests see them.
 */
import { context, createContextKey, propagation, type Baggage, type BaggageEntry, type Context } from '@opentelemetry/api';

const SCOPE_KEY = createContextKey('tracewright.baggage-scope');

/** The changes made with `baggage.set` / `remove` in one scope: an entry, or null for removed. */
export class BaggageChanges {
  // Made on the first change: most scopes never change their baggage.
  private changes: Map<string, BaggageEntry | null> | undefined;

  get entries(): Map<string, BaggageEntry | null> {
    return (this.changes ??= new Map());
  }

  get size(): number {
    return this.changes === undefined ? 0 : this.changes.size;
  }
}

/**
 * `ctx` with a fresh change record, unless it has one already: a nested span shares the record of
 * its scope (so a change made deep inside a request is seen by the rest of that request).
 * `fresh` starts a new record regardless (a context whose baggage was replaced).
 */
export function openBaggageScope(ctx: Context, fresh = false): Context {
  return fresh || ctx.getValue(SCOPE_KEY) === undefined ? ctx.setValue(SCOPE_KEY, new BaggageChanges()) : ctx;
}

/** The change record of the scope `ctx` belongs to, if any. */
export function baggageChangesOf(ctx: Context = context.active()): BaggageChanges | undefined {
  return ctx.getValue(SCOPE_KEY) as BaggageChanges | undefined;
}

/** The baggage of `ctx` with its scope's changes applied (undefined when there is none at all). */
export function effectiveBaggage(ctx: Context): Baggage | undefined {
  const base = propagation.getBaggage(ctx);
  const changes = baggageChangesOf(ctx);
  if (!changes || changes.size === 0) return base;
  let baggage = base ?? propagation.createBaggage();
  for (const [key, entry] of changes.entries) baggage = entry === null ? baggage.removeEntry(key) : baggage.setEntry(key, entry);
  return baggage;
}
