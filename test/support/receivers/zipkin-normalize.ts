/**
 * Zipkin v2 JSON span → ReceivedSpan. Only call this on spans that passed the schema. Zipkin has
 * no status, scope or resource fields: the OTel Zipkin exporter encodes status as the
 * `otel.status_code` / `error` tags and the service name as `localEndpoint.serviceName`, and
 * those are mapped back here; everything else stays in `attributes` (as strings).
 */
import type { ReceivedSpan, ReceivedSpanKind } from './types';

export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  timestamp?: number;
  duration?: number;
  debug?: boolean;
  shared?: boolean;
  localEndpoint?: { serviceName?: string; ipv4?: string; ipv6?: string; port?: number };
  remoteEndpoint?: { serviceName?: string; ipv4?: string; ipv6?: string; port?: number };
  annotations?: { timestamp: number; value: string }[];
  tags?: Record<string, string>;
}

const STATUS_TAG = 'otel.status_code';
const ERROR_TAG = 'error';
const SCOPE_TAGS = [
  ['otel.scope.name', 'otel.scope.version'],
  ['otel.library.name', 'otel.library.version'],
] as const;

const micros = (value: number | undefined): bigint => BigInt(value ?? 0) * 1000n;

export function normalizeZipkinSpan(span: ZipkinSpan): ReceivedSpan {
  const attributes: Record<string, unknown> = { ...span.tags };
  const statusTag = span.tags?.[STATUS_TAG];
  const errorTag = span.tags?.[ERROR_TAG];
  delete attributes[STATUS_TAG];
  const code = statusTag === 'OK' ? 'OK' : statusTag === 'ERROR' || errorTag !== undefined ? 'ERROR' : 'UNSET';
  if (code === 'ERROR') delete attributes[ERROR_TAG];

  const start = micros(span.timestamp);
  const out: ReceivedSpan = {
    traceId: span.traceId.toLowerCase(),
    spanId: span.id.toLowerCase(),
    name: span.name ?? '',
    kind: (span.kind ?? 'INTERNAL') as ReceivedSpanKind,
    startTimeUnixNano: start,
    endTimeUnixNano: start + micros(span.duration),
    attributes,
    events: (span.annotations ?? []).map((a) => ({ name: a.value, timeUnixNano: micros(a.timestamp), attributes: {} })),
    links: [],
    status: { code },
    resource: span.localEndpoint?.serviceName !== undefined ? { 'service.name': span.localEndpoint.serviceName } : {},
  };
  if (span.parentId) out.parentSpanId = span.parentId.toLowerCase();
  if (code === 'ERROR' && errorTag) out.status.message = errorTag;
  for (const [nameTag, versionTag] of SCOPE_TAGS) {
    const name = span.tags?.[nameTag];
    if (name === undefined) continue;
    out.scope = { name };
    const version = span.tags?.[versionTag];
    if (version) out.scope.version = version;
    delete attributes[nameTag];
    delete attributes[versionTag];
    break;
  }
  return out;
}
