import {
  baggageEntryMetadataFromString,
  propagation,
  type BaggageEntry,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { OnceLogger } from '../internal/diag';
import { effectiveBaggage } from './baggage-scope';
import {
  isBaggageKey,
  limitBaggageMembers,
  normalizeProperties,
  parseBaggageHeader,
  serializeBaggageMember,
} from './baggage-codec';

export const BAGGAGE_HEADER = 'baggage';

const once = new OnceLogger();

/**
 * W3C Baggage with the specification's limits: up to 64 members and 8,192 bytes propagate whole,
 * a single 8,192-byte member included (OTel JS drops members over 4,096 bytes); a member that does
 * not fit is dropped whole, never cut; percent-encoding round-trips; properties are kept.
 */
export class StrictBaggagePropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    // With the changes `baggage.set` / `remove` made in the current traced scope.
    const baggage = effectiveBaggage(context);
    if (!baggage || isTracingSuppressed(context)) return;
    const serialized: string[] = [];
    for (const [key, entry] of baggage.getAllEntries()) {
      if (!isBaggageKey(key)) {
        once.warn('baggage-key', `baggage key ${JSON.stringify(key.slice(0, 64))} is not an HTTP token; not propagated`);
        continue;
      }
      let properties: string | undefined;
      const metadata = entry.metadata?.toString();
      if (metadata) {
        const normalized = normalizeProperties(metadata);
        if (normalized === null) {
          once.warn('baggage-metadata', `baggage properties of ${JSON.stringify(key)} are malformed; sent without them`);
        } else properties = normalized;
      }
      serialized.push(serializeBaggageMember({ key, value: String(entry.value), properties }));
    }
    const kept = limitBaggageMembers(serialized);
    if (kept.length < serialized.length) {
      once.warn('baggage-limit', `baggage over ${64} members or 8192 bytes: ${serialized.length - kept.length} member(s) not propagated`);
    }
    if (kept.length > 0) setter.set(carrier, BAGGAGE_HEADER, kept.join(','));
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let header: string | string[] | undefined;
    try {
      header = getter.get(carrier, BAGGAGE_HEADER);
    } catch {
      return context;
    }
    const combined = Array.isArray(header) ? header.join(',') : header;
    if (typeof combined !== 'string' || combined === '') return context;
    const members = parseBaggageHeader(combined);
    if (members.length === 0) return context;
    // Keys come from the wire: `__proto__` or `constructor` must land as entries of their own,
    // never reach a prototype (a `{}` would swallow `__proto__` silently).
    const entries: Record<string, BaggageEntry> = Object.create(null);
    for (const member of members) {
      entries[member.key] = member.properties
        ? { value: member.value, metadata: baggageEntryMetadataFromString(member.properties) }
        : { value: member.value };
    }
    return propagation.setBaggage(context, propagation.createBaggage(entries));
  }

  fields(): string[] {
    return [BAGGAGE_HEADER];
  }

  toString(): string {
    return 'StrictBaggagePropagator';
  }
}
