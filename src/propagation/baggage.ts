import {
  baggageEntryMetadataFromString,
  context,
  propagation,
  type Baggage,
  type BaggageEntry,
  type Context,
} from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { baggageChangesOf, effectiveBaggage, openBaggageScope } from './baggage-scope';

/** A baggage value given in code: the value, or the value with W3C properties (`k=v;flag`). */
export type BaggageInput = string | number | boolean | { value: string; metadata?: string };

export function toEntry(key: string, input: BaggageInput): BaggageEntry {
  if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') {
    return { value: String(input) };
  }
  if (input && typeof input === 'object' && typeof input.value === 'string') {
    return input.metadata
      ? { value: input.value, metadata: baggageEntryMetadataFromString(input.metadata) }
      : { value: input.value };
  }
  throw new TracingConfigError(`baggage.${key}`, input, 'a string, number, boolean or { value, metadata? }');
}

/** Builds a `Baggage` from a plain record, e.g. `{ tenant: 'acme', plan: { value: 'pro', metadata: 'ttl=60' } }`. */
export function createBaggageFromRecord(record: Record<string, BaggageInput>): Baggage {
  // No prototype: a key named `__proto__` is an entry like any other.
  const entries: Record<string, BaggageEntry> = Object.create(null);
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null) continue;
    entries[key] = toEntry(key, value);
  }
  return propagation.createBaggage(entries);
}

function isBaggage(value: unknown): value is Baggage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Baggage).getAllEntries === 'function' &&
    typeof (value as Baggage).setEntry === 'function'
  );
}

/**
 * Runs `fn` with `baggage` active, in `fn` and all its async continuations. A record is merged
 * into the baggage already active; a `Baggage` replaces it.
 */
export function withBaggage<T>(baggage: Baggage | Record<string, BaggageInput>, fn: () => T): T {
  const active = context.active();
  let next: Baggage;
  if (isBaggage(baggage)) next = baggage;
  else {
    next = effectiveBaggage(active) ?? propagation.createBaggage();
    for (const [key, entry] of createBaggageFromRecord(baggage).getAllEntries()) next = next.setEntry(key, entry);
  }
  return context.with(withBaggageValue(active, next), fn);
}

/**
 * `ctx` with `next` as its baggage. When `ctx` belongs to a traced scope whose baggage was changed
 * with `baggage.set` / `remove`, `next` already includes those changes (it was built from the
 * effective baggage), so the new context starts a fresh change record of its own.
 */
function withBaggageValue(ctx: Context, next: Baggage): Context {
  const withValue = propagation.setBaggage(ctx, next);
  return baggageChangesOf(ctx) ? openBaggageScope(withValue, true) : withValue;
}

/** The active baggage value for `key`, or `undefined` (with the scope's `baggage.set` changes). */
export function getBaggage(key: string, ctx: Context = context.active()): string | undefined {
  return effectiveBaggage(ctx)?.getEntry(key)?.value;
}

/**
 * A new context with `key` set in its baggage (the context itself is immutable): use it with
 * `context.with(setBaggage('tenant', 'acme'), fn)` or pass it to `injectContext`.
 */
export function setBaggage(key: string, value: BaggageInput, ctx: Context = context.active()): Context {
  const current = effectiveBaggage(ctx) ?? propagation.createBaggage();
  return withBaggageValue(ctx, current.setEntry(key, toEntry(key, value)));
}

/** A new context without `key` in its baggage. */
export function removeBaggage(key: string, ctx: Context = context.active()): Context {
  const current = effectiveBaggage(ctx);
  return current ? withBaggageValue(ctx, current.removeEntry(key)) : ctx;
}

/**
 * All active baggage as a record of values (properties left out). The record has no prototype,
 * so keys such as `__proto__` or `constructor` (baggage arrives from callers) are plain entries.
 */
export function getAllBaggage(ctx: Context = context.active()): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const baggage = effectiveBaggage(ctx);
  if (baggage) for (const [key, entry] of baggage.getAllEntries()) out[key] = entry.value;
  return out;
}
