import {
  createContextKey,
  isSpanContextValid,
  trace,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { FLAG_RANDOM, formatTraceParent, parseTraceParent } from './trace-parent';
import { StrictTraceState } from './trace-state';

export const TRACE_PARENT_HEADER = 'traceparent';
export const TRACE_STATE_HEADER = 'tracestate';

/**
 * The trace id whose incoming `traceparent` had the random flag (0x02). The SDK builds children's
 * trace-flags from the sampling decision alone, which loses that bit; we remember it in the context
 * (which every child inherits) and put it back on the way out.
 */
const RANDOM_TRACE_ID_KEY = createContextKey('tracewright.random-trace-id');

/**
 * Recently extracted trace ids that arrived with the random flag. The flag is a property of the
 * trace id, so this is a safe fallback when middleware builds the request's context afresh (from
 * the active context plus the server span) and the context key above is not in it. Bounded: the
 * oldest entry goes first; under more concurrent traces than this, the flag may be lost, never
 * set wrongly.
 */
const RANDOM_TRACE_IDS = new Map<string, true>();
const MAX_RANDOM_TRACE_IDS = 4096;

function rememberRandom(traceId: string): void {
  if (RANDOM_TRACE_IDS.has(traceId)) return;
  RANDOM_TRACE_IDS.set(traceId, true);
  if (RANDOM_TRACE_IDS.size > MAX_RANDOM_TRACE_IDS) {
    const oldest = RANDOM_TRACE_IDS.keys().next().value;
    if (oldest !== undefined) RANDOM_TRACE_IDS.delete(oldest);
  }
}

/** The random flag to add for `spanContext` in `context`: 0x02 when its trace arrived with it. */
export function inheritedRandomFlag(context: Context, spanContext: SpanContext): number {
  if ((spanContext.traceFlags & FLAG_RANDOM) !== 0) return FLAG_RANDOM;
  if (context.getValue(RANDOM_TRACE_ID_KEY) === spanContext.traceId) return FLAG_RANDOM;
  return RANDOM_TRACE_IDS.has(spanContext.traceId) ? FLAG_RANDOM : 0;
}

function single(value: string | string[] | undefined): string | undefined | null {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    // Two traceparent headers make the request's parent ambiguous: the spec says restart.
    return value.length === 1 && typeof value[0] === 'string' ? value[0] : null;
  }
  return typeof value === 'string' ? value : null;
}

/**
 * W3C Trace Context, stricter than OTel JS's `W3CTraceContextPropagator`:
 * - an invalid `traceparent` (bad version, lengths, characters, all-zero ids, trailing data on
 *   version 00, several headers) is ignored: the trace restarts and `tracestate` is dropped;
 * - a future version is parsed by its version-00 prefix;
 * - several `tracestate` headers combine in order; an invalid `tracestate` (grammar, more than 32
 *   members, a key or value over 256 characters) is discarded whole; a repeated key keeps its first
 *   member (the specification lets vendors drop duplicates);
 * - the random flag (0x02) is carried from the incoming parent to every child's outgoing header.
 */
export class StrictTraceContextPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (!spanContext || isTracingSuppressed(context) || !isSpanContextValid(spanContext)) return;
    const flags = spanContext.traceFlags | inheritedRandomFlag(context, spanContext);
    setter.set(carrier, TRACE_PARENT_HEADER, formatTraceParent(spanContext.traceId, spanContext.spanId, flags));
    const state = spanContext.traceState?.serialize();
    if (state) setter.set(carrier, TRACE_STATE_HEADER, state);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let header: string | undefined | null;
    try {
      header = single(getter.get(carrier, TRACE_PARENT_HEADER));
    } catch {
      return context;
    }
    if (!header) return context;
    const parsed = parseTraceParent(header);
    if (!parsed) return context;
    const spanContext: SpanContext = {
      traceId: parsed.traceId,
      spanId: parsed.spanId,
      traceFlags: parsed.traceFlags,
      isRemote: true,
    };
    let stateHeader: string | string[] | undefined;
    try {
      stateHeader = getter.get(carrier, TRACE_STATE_HEADER);
    } catch {
      stateHeader = undefined; // an unreadable tracestate is no tracestate; the parent stands
    }
    const combined = Array.isArray(stateHeader) ? stateHeader.join(',') : stateHeader;
    if (typeof combined === 'string') {
      const traceState = StrictTraceState.fromHeader(combined);
      if (traceState) spanContext.traceState = traceState;
    }
    let out = trace.setSpanContext(context, spanContext);
    if ((parsed.traceFlags & FLAG_RANDOM) !== 0) {
      out = out.setValue(RANDOM_TRACE_ID_KEY, parsed.traceId);
      rememberRandom(parsed.traceId);
    }
    else if (out.getValue(RANDOM_TRACE_ID_KEY) !== undefined) out = out.deleteValue(RANDOM_TRACE_ID_KEY);
    return out;
  }

  fields(): string[] {
    return [TRACE_PARENT_HEADER, TRACE_STATE_HEADER];
  }

  toString(): string {
    return 'StrictTraceContextPropagator';
  }
}
