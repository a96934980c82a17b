import {
  createContextKey,
  isSpanContextValid,
  propagation,
  trace,
  TraceFlags,
  type BaggageEntry,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { TracingConfigError } from '../errors';
import { OnceLogger } from '../internal/diag';
import { isBaggageKey, MAX_BAGGAGE_BYTES, MAX_BAGGAGE_MEMBERS } from './baggage-codec';
import { decodeUberctxValue, encodeUberctxValue, formatUberTraceId, parseUberTraceId } from './jaeger-header';

export const UBER_TRACE_ID_HEADER = 'uber-trace-id';
export const UBER_BAGGAGE_PREFIX = 'uberctx-';

export interface JaegerPropagatorOptions {
  /** Header carrying the span context. @default 'uber-trace-id' */
  customTraceHeader?: string;
  /** Prefix of the one-header-per-member baggage. @default 'uberctx-' */
  customBaggagePrefix?: string;
}

/**
 * Set on the extracted context when the caller's flags had the debug bit (2): Jaeger's "sample
 * this trace whatever the sampler says". OpenTelemetry's trace flags have no debug bit, so the
 * context is marked sampled and carries this key, whose value is the debug trace's id; `inject`
 * writes flags `03` again for spans of that trace, so it stays a debug trace downstream.
 */
const JAEGER_DEBUG_KEY = createContextKey('tracewright.jaeger.debug');

/**
 * Whether the context's span belongs to a trace that arrived with Jaeger's debug flag. A new root
 * span started inside such a request is a different trace, and not debug.
 */
export function isJaegerDebug(context: Context): boolean {
  const debugTraceId = context.getValue(JAEGER_DEBUG_KEY);
  return debugTraceId !== undefined && debugTraceId === trace.getSpanContext(context)?.traceId;
}

const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const once = new OnceLogger();

function checkHeaderName(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !HEADER_NAME_RE.test(value.toLowerCase()))
    throw new TracingConfigError(option, value, 'an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~)');
  return value.toLowerCase();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Jaeger's propagation format: `uber-trace-id: {trace}:{span}:{parent}:{flags}` and one
 * `uberctx-{key}` header per baggage member. Reads every form Jaeger clients write (see
 * ./jaeger-header.ts); a malformed header leaves the context unchanged, nothing throws.
 */
export class JaegerPropagator implements TextMapPropagator {
  private readonly traceHeader: string;
  private readonly baggagePrefix: string;

  constructor(options: JaegerPropagatorOptions = {}) {
    this.traceHeader = checkHeaderName('customTraceHeader', options.customTraceHeader, UBER_TRACE_ID_HEADER);
    this.baggagePrefix = checkHeaderName('customBaggagePrefix', options.customBaggagePrefix, UBER_BAGGAGE_PREFIX);
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (isTracingSuppressed(context)) return;
    const spanContext = trace.getSpanContext(context);
    if (spanContext && isSpanContextValid(spanContext)) {
      const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
      setter.set(carrier, this.traceHeader, formatUberTraceId(spanContext.traceId, spanContext.spanId, sampled, sampled && isJaegerDebug(context)));
    }
    const baggage = propagation.getBaggage(context);
    if (!baggage) return;
    let members = 0;
    let bytes = 0;
    for (const [key, entry] of baggage.getAllEntries()) {
      if (!isBaggageKey(key)) {
        once.warn('uberctx-key', `baggage key ${JSON.stringify(key.slice(0, 64))} is not an HTTP token; not propagated as ${this.baggagePrefix}*`);
        continue;
      }
      const value = encodeUberctxValue(String(entry.value));
      bytes += key.length + value.length;
      if (++members > MAX_BAGGAGE_MEMBERS || bytes > MAX_BAGGAGE_BYTES) {
        once.warn('uberctx-limit', `baggage over ${MAX_BAGGAGE_MEMBERS} members or ${MAX_BAGGAGE_BYTES} bytes: the rest is not propagated as ${this.baggagePrefix}*`);
        break;
      }
      setter.set(carrier, this.baggagePrefix + key, value);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let out = context;
    try {
      const parsed = parseUberTraceId(first(getter.get(carrier, this.traceHeader)));
      if (parsed) {
        out = trace.setSpanContext(out, {
          traceId: parsed.traceId,
          spanId: parsed.spanId,
          traceFlags: parsed.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        });
        if (parsed.debug) out = out.setValue(JAEGER_DEBUG_KEY, parsed.traceId);
      }
      out = this.extractBaggage(out, carrier, getter);
    } catch {
      // A hostile carrier (throwing getters): whatever was read before stays, the rest is skipped.
    }
    return out;
  }

  private extractBaggage(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const entries: Record<string, BaggageEntry> = {};
    let members = 0;
    let bytes = 0;
    for (const name of getter.keys(carrier)) {
      const lower = name.toLowerCase();
      if (!lower.startsWith(this.baggagePrefix) || lower.length === this.baggagePrefix.length) continue;
      const raw = first(getter.get(carrier, name));
      if (typeof raw !== 'string') continue;
      bytes += lower.length + raw.length;
      if (++members > MAX_BAGGAGE_MEMBERS || bytes > MAX_BAGGAGE_BYTES) break;
      const value = decodeUberctxValue(raw.trim());
      // Control characters never belong in a header value: a member carrying them is dropped.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      if (/[\u0000-\u001f\u007f]/.test(value)) continue;
      entries[lower.slice(this.baggagePrefix.length)] = { value };
    }
    if (members === 0) return context;
    const existing = propagation.getBaggage(context);
    let baggage = existing ?? propagation.createBaggage();
    for (const [key, entry] of Object.entries(entries)) baggage = baggage.setEntry(key, entry);
    return baggage.getAllEntries().length === 0 ? context : propagation.setBaggage(context, baggage);
  }

  /** The trace header only: the baggage headers' names depend on the members (as OTel documents). */
  fields(): string[] {
    return [this.traceHeader];
  }

  toString(): string {
    if (this.traceHeader === UBER_TRACE_ID_HEADER && this.baggagePrefix === UBER_BAGGAGE_PREFIX) return 'JaegerPropagator';
    return `JaegerPropagator{${this.traceHeader},${this.baggagePrefix}*}`;
  }
}
