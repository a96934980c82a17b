import type { ViewerAttributes, ViewerSpan, ViewerValue } from './types';

/**
 * Reads OTLP/JSON `ExportTraceServiceRequest` objects, the lines of tracewright's file exporter and
 * of the Collector's file exporter (`resourceSpans[].scopeSpans[].spans[]`). Lenient: unknown
 * fields are ignored, missing ones get neutral values; only a line with no span shape is refused.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the index keeps of a span: no attributes, so a large file stays small in memory. */
export interface SpanHead {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  service: string;
  startUs: number;
  endUs: number;
  error: boolean;
}

export const UNKNOWN_SERVICE = 'unknown_service';

/** Why a parsed line holds no spans, or undefined when it is a request (possibly with zero spans). */
export function requestShapeProblem(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return 'not a JSON object';
  if (!Array.isArray((request as Json).resourceSpans)) return 'no resourceSpans: not OTLP/JSON traces';
  return undefined;
}

/** Visits every span of a parsed request with its resource's attributes list and its scope. */
function forEachSpan(request: Json, visit: (span: Json, resource: Json[] | undefined, scope: Json | undefined) => void): void {
  for (const rs of request.resourceSpans ?? []) {
    if (!rs || typeof rs !== 'object') continue;
    const resource = Array.isArray(rs.resource?.attributes) ? rs.resource.attributes : undefined;
    const scopes = rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? [];
    if (!Array.isArray(scopes)) continue;
    for (const ss of scopes) {
      if (!ss || !Array.isArray(ss.spans)) continue;
      const scope = ss.scope ?? ss.instrumentationLibrary;
      for (const span of ss.spans) {
        if (span && typeof span === 'object' && typeof span.traceId === 'string' && typeof span.spanId === 'string') {
          visit(span, resource, scope);
        }
      }
    }
  }
}

export function spanHeads(request: Json): SpanHead[] {
  const out: SpanHead[] = [];
  forEachSpan(request, (s, resource) => {
    const startUs = nanosToMicros(s.startTimeUnixNano);
    out.push({
      traceId: normalizeId(s.traceId),
      spanId: normalizeId(s.spanId),
      parentSpanId: s.parentSpanId ? normalizeId(s.parentSpanId) : undefined,
      name: String(s.name ?? ''),
      service: serviceOf(resource),
      startUs,
      endUs: Math.max(startUs, nanosToMicros(s.endTimeUnixNano)),
      error: Number(s.status?.code) === 2,
    });
  });
  return out;
}

/** The full spans of a request; with `traceId`, only that trace's. */
export function viewerSpans(request: Json, traceId?: string): ViewerSpan[] {
  const out: ViewerSpan[] = [];
  forEachSpan(request, (s, resourceList, scope) => {
    const id = normalizeId(s.traceId);
    if (traceId !== undefined && id !== traceId) return;
    const resource = attributesOf(resourceList);
    const startUs = nanosToMicros(s.startTimeUnixNano);
    const status: ViewerSpan['status'] = { code: Number(s.status?.code ?? 0) || 0 };
    if (s.status?.message) status.message = String(s.status.message);
    out.push({
      traceId: id,
      spanId: normalizeId(s.spanId),
      ...(s.parentSpanId ? { parentSpanId: normalizeId(s.parentSpanId) } : {}),
      name: String(s.name ?? ''),
      kind: Number(s.kind ?? 0) || 0,
      service: typeof resource['service.name'] === 'string' ? resource['service.name'] : UNKNOWN_SERVICE,
      startUs,
      durationUs: Math.max(0, nanosToMicros(s.endTimeUnixNano) - startUs),
      status,
      attributes: attributesOf(s.attributes),
      events: (Array.isArray(s.events) ? s.events : []).map((e: Json) => ({
        name: String(e?.name ?? ''),
        timeUs: nanosToMicros(e?.timeUnixNano),
        attributes: attributesOf(e?.attributes),
      })),
      links: (Array.isArray(s.links) ? s.links : []).map((l: Json) => ({
        traceId: normalizeId(l?.traceId),
        spanId: normalizeId(l?.spanId),
        attributes: attributesOf(l?.attributes),
      })),
      resource,
      scope: { name: String(scope?.name ?? ''), ...(scope?.version ? { version: String(scope.version) } : {}) },
    });
  });
  return out;
}

/** OTLP/JSON ids are hex; the protobuf-JSON mapping some writers use gives base64: both become lowercase hex. */
export function normalizeId(id: unknown): string {
  const text = typeof id === 'string' ? id : '';
  if (/^[0-9a-fA-F]*$/.test(text)) return text.toLowerCase();
  try {
    return Buffer.from(text, 'base64').toString('hex');
  } catch {
    return text;
  }
}

/** Decimal-string (or number) nanoseconds to integral microseconds, without going through a lossy double. */
export function nanosToMicros(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value / 1000) : 0;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return 0;
  return value.length <= 3 ? 0 : Number(value.slice(0, -3));
}

function serviceOf(resource: Json[] | undefined): string {
  for (const kv of resource ?? []) {
    if (kv?.key === 'service.name' && typeof kv.value?.stringValue === 'string') return kv.value.stringValue;
  }
  return UNKNOWN_SERVICE;
}

export function attributesOf(list: unknown): ViewerAttributes {
  const out: ViewerAttributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (kv && typeof kv === 'object') out[String(kv.key)] = valueOf(kv.value);
  return out;
}

function valueOf(v: Json | undefined): ViewerValue {
  if (!v || typeof v !== 'object') return null;
  if ('stringValue' in v) return String(v.stringValue);
  if ('boolValue' in v) return Boolean(v.boolValue);
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return (Array.isArray(v.arrayValue?.values) ? v.arrayValue.values : []).map(valueOf);
  if ('kvlistValue' in v) return attributesOf(v.kvlistValue?.values);
  if ('bytesValue' in v) return String(v.bytesValue);
  return null;
}
