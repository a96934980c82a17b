/**
 * OTLP ExportTraceServiceRequest → ReceivedSpan[]. Works on both a protobufjs-decoded message
 * (Uint8Array ids, Long times) and OTLP JSON (hex ids, decimal-string times, integer enums).
 */
import type { OtlpAnyValue, OtlpExportRequest, OtlpKeyValue, OtlpSpan } from './otlp-proto';
import type { ReceivedSpan, ReceivedSpanKind, ReceivedStatusCode } from './types';
import { toBigInt, toHexId, toSafeNumber } from './wire-values';

const KINDS: ReceivedSpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES: ReceivedStatusCode[] = ['UNSET', 'OK', 'ERROR'];

const has = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

export function otlpAnyValueToJs(value: OtlpAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (has(value, 'stringValue')) return value.stringValue;
  if (has(value, 'boolValue')) return value.boolValue;
  if (has(value, 'intValue')) return toSafeNumber(toBigInt(value.intValue));
  if (has(value, 'doubleValue')) return Number(value.doubleValue);
  if (has(value, 'arrayValue')) return (value.arrayValue?.values ?? []).map(otlpAnyValueToJs);
  if (has(value, 'kvlistValue')) return otlpAttributesToJs(value.kvlistValue?.values);
  if (has(value, 'bytesValue')) {
    const bytes = value.bytesValue;
    return typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'base64')) : bytes;
  }
  return undefined;
}

export function otlpAttributesToJs(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = otlpAnyValueToJs(kv.value);
  return out;
}

function enumIndex(value: number | string | undefined, names: readonly string[], prefix: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const index = names.indexOf(value.replace(prefix, ''));
  return index < 0 ? 0 : index;
}

function normalizeSpan(
  span: OtlpSpan,
  resource: Record<string, unknown>,
  scope: ReceivedSpan['scope'],
): ReceivedSpan {
  const traceId = toHexId(span.traceId, 16) ?? '';
  const statusIndex = enumIndex(span.status?.code, STATUS_CODES, 'STATUS_CODE_');
  const out: ReceivedSpan = {
    traceId,
    spanId: toHexId(span.spanId, 8) ?? '',
    name: span.name ?? '',
    kind: KINDS[enumIndex(span.kind, KINDS, 'SPAN_KIND_')] ?? 'UNSPECIFIED',
    startTimeUnixNano: toBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toBigInt(span.endTimeUnixNano),
    attributes: otlpAttributesToJs(span.attributes),
    events: (span.events ?? []).map((e) => ({
      name: e.name ?? '',
      timeUnixNano: toBigInt(e.timeUnixNano),
      attributes: otlpAttributesToJs(e.attributes),
    })),
    links: (span.links ?? []).map((l) => ({
      traceId: toHexId(l.traceId, 16) ?? '',
      spanId: toHexId(l.spanId, 8) ?? '',
      attributes: otlpAttributesToJs(l.attributes),
    })),
    status: { code: STATUS_CODES[statusIndex] ?? 'UNSET' },
    resource,
  };
  const parent = toHexId(span.parentSpanId, 8);
  if (parent) out.parentSpanId = parent;
  if (span.status?.message) out.status.message = span.status.message;
  if (scope) out.scope = scope;
  if (span.traceState) out.traceState = span.traceState;
  return out;
}

export function normalizeOtlpRequest(request: OtlpExportRequest): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = otlpAttributesToJs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      let scope: ReceivedSpan['scope'];
      if (ss.scope) {
        scope = { name: ss.scope.name ?? '' };
        if (ss.scope.version) scope.version = ss.scope.version;
      }
      for (const span of ss.spans ?? []) spans.push(normalizeSpan(span, resource, scope));
    }
  }
  return spans;
}

/** Parses an OTLP JSON body; throws with a clear message when it is not an export request. */
export function parseOtlpJson(text: string): OtlpExportRequest {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TypeError('OTLP JSON body is not an object');
  }
  const rs = (parsed as { resourceSpans?: unknown }).resourceSpans;
  if (rs !== undefined && !Array.isArray(rs)) throw new TypeError('OTLP JSON resourceSpans is not an array');
  return parsed as OtlpExportRequest;
}
