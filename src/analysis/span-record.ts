import type { Attributes, HrTime, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** An event of a stored span, time in ms since the epoch. */
export interface SpanEventRecord {
  name: string;
  timeMs: number;
  attributes?: Attributes;
}

/** A link of a stored span. */
export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  attributes?: Attributes;
}

/**
 * One stored span as `listTraces()` / `getTrace()` return it: ids, names, times, status, and the
 * span's own attributes / events / links (not the resource, the scope or the SDK's span object).
 * The collector holds spans in columns and builds these records when they are read.
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** The parent's span id; undefined for a root. */
  parentSpanId: string | undefined;
  /** The parent lives in another process (the span is this process's root of the trace). */
  remoteParent: boolean;
  name: string;
  kind: SpanKind;
  /** The analysis' service: the span's `service.name` attribute, the class of an `instrumentService` / `@Trace` span, or the resource's service. */
  service: string;
  /** The resource's `service.name`. */
  resourceService: string;
  /** Start, ms since the epoch (fractional). */
  startMs: number;
  /** Duration, ms, never negative: a span that ends before it starts counts as 0 (see `endedBeforeStart`). */
  durationMs: number;
  /** The span's end time was before its start time (clock skew or an explicit end time). */
  endedBeforeStart: boolean;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string | undefined;
  attributes: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
  /** Estimated heap the stored span holds, bytes. */
  bytes: number;
}

/** The parts of a span most spans do not have; stored only when one is present. */
export interface SpanExtras {
  statusMessage: string | undefined;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
  /** Estimated bytes of the events and links. */
  bytes: number;
}

export const EMPTY: never[] = [];
// `code.function.name` is what instrumentService and @Trace set: `Service.method`.
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name';
export const ATTR_SERVICE_NAME = 'service.name';

// Rough V8 sizes of what one stored span holds: its slot in every column (with the ring's slack),
// its span id string and its attributes object; then per attribute a slot, the key and the value.
const SPAN_BASE_BYTES = 240;
const SLOT_BYTES = 24;

export function hrToMs(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

// `Class.method` -> `Class`, remembered: the same few names recur on every span, and slicing
// each time would allocate a string per span. Bounded: cleared when it grows past the cap.
const classOfFunction = new Map<string, string | undefined>();
const CLASS_CACHE_MAX = 4096;

/** The service a span belongs to for the analysis (see SpanRecord.service). */
export function serviceOf(attributes: Attributes, resourceService: string): string {
  const explicit = attributes[ATTR_SERVICE_NAME];
  if (typeof explicit === 'string' && explicit !== '') return explicit;
  const fn = attributes[ATTR_CODE_FUNCTION_NAME];
  if (typeof fn !== 'string') return resourceService;
  let cls = classOfFunction.get(fn);
  if (cls === undefined && !classOfFunction.has(fn)) {
    const dot = fn.lastIndexOf('.');
    cls = dot > 0 ? fn.slice(0, dot) : undefined;
    if (classOfFunction.size >= CLASS_CACHE_MAX) classOfFunction.clear();
    classOfFunction.set(fn, cls);
  }
  return cls ?? resourceService;
}

/** Estimated bytes a stored span holds, its events and links aside (see SpanExtras.bytes). */
export function spanBytes(name: string, attributes: Attributes): number {
  return SPAN_BASE_BYTES + name.length * 2 + attributesBytes(attributes);
}

/** The span's status message, events and links as records, or undefined when it has none of them (most spans). */
export function extrasOf(span: ReadableSpan): SpanExtras | undefined {
  const statusMessage = span.status.message;
  const spanEvents = span.events;
  const spanLinks = span.links;
  if (statusMessage === undefined && spanEvents.length === 0 && spanLinks.length === 0) return undefined;
  let bytes = statusMessage === undefined ? 0 : 16 + statusMessage.length * 2;
  const events = spanEvents.length === 0 ? EMPTY : spanEvents.map((e) => {
    bytes += 64 + e.name.length * 2 + attributesBytes(e.attributes);
    return { name: e.name, timeMs: hrToMs(e.time), attributes: e.attributes };
  });
  const links = spanLinks.length === 0 ? EMPTY : spanLinks.map((l) => {
    bytes += 120 + attributesBytes(l.attributes);
    return { traceId: l.context.traceId, spanId: l.context.spanId, attributes: l.attributes };
  });
  return { statusMessage, events, links, bytes };
}

function attributesBytes(attributes: Attributes | undefined): number {
  let bytes = 0;
  if (attributes) for (const key in attributes) bytes += SLOT_BYTES + key.length * 2 + valueBytes(attributes[key]);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (Array.isArray(value)) {
    let bytes = 16;
    for (const item of value) bytes += typeof item === 'string' ? 16 + item.length * 2 : 8;
    return bytes;
  }
  return 8;
}
