/**
 * jaeger.thrift `Batch` → ReceivedSpan[]. The OTel Jaeger exporter encodes what Jaeger has no
 * field for as tags: `span.kind`, `otel.status_code`, `otel.status_description`, `error`,
 * `otel.library.name`/`version`; those are mapped back and removed from `attributes`. Resource
 * attributes are copied into span tags by that exporter, so they stay in `attributes`; `resource`
 * is the batch's `process` (serviceName as `service.name`, plus the process tags).
 */
import type { JaegerBatch, JaegerSpan, JaegerTag } from './jaeger-thrift';
import type { ReceivedLink, ReceivedSpan, ReceivedSpanKind } from './types';
import { i64ToHex, toBigInt, toSafeNumber } from './wire-values';

const TAG_TYPES = ['STRING', 'DOUBLE', 'BOOL', 'LONG', 'BINARY'];
const REF_TYPES = ['CHILD_OF', 'FOLLOWS_FROM'];
const KINDS: Record<string, ReceivedSpanKind> = {
  server: 'SERVER',
  client: 'CLIENT',
  producer: 'PRODUCER',
  consumer: 'CONSUMER',
  internal: 'INTERNAL',
};

const enumName = (value: string | number, names: string[]): string =>
  typeof value === 'number' ? (names[value] ?? String(value)) : value;

export function jaegerTagValue(tag: JaegerTag): unknown {
  switch (enumName(tag.vType, TAG_TYPES)) {
    case 'STRING':
      return tag.vStr ?? '';
    case 'DOUBLE':
      return tag.vDouble ?? 0;
    case 'BOOL':
      return tag.vBool ?? false;
    case 'LONG':
      return toSafeNumber(toBigInt(tag.vLong, true));
    case 'BINARY':
      return tag.vBinary ? new Uint8Array(tag.vBinary) : new Uint8Array();
    default:
      return undefined;
  }
}

export function jaegerTagsToJs(tags: JaegerTag[] | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tag of tags ?? []) out[tag.key] = jaegerTagValue(tag);
  return out;
}

const micros = (value: unknown): bigint => toBigInt(value, true) * 1000n;
const traceIdOf = (high: unknown, low: unknown): string => `${i64ToHex(high)}${i64ToHex(low)}`;

function take(attributes: Record<string, unknown>, key: string): unknown {
  const value = attributes[key];
  delete attributes[key];
  return value;
}

function normalizeSpan(span: JaegerSpan, resource: Record<string, unknown>): ReceivedSpan {
  const attributes = jaegerTagsToJs(span.tags);
  const kindTag = take(attributes, 'span.kind');
  const statusTag = take(attributes, 'otel.status_code');
  const description = take(attributes, 'otel.status_description');
  const code = statusTag === 'OK' ? 'OK' : statusTag === 'ERROR' || attributes.error === true ? 'ERROR' : 'UNSET';
  if (code === 'ERROR' && attributes.error === true) delete attributes.error;
  const scopeName = take(attributes, 'otel.scope.name') ?? take(attributes, 'otel.library.name');
  const scopeVersion = take(attributes, 'otel.scope.version') ?? take(attributes, 'otel.library.version');
  delete attributes['otel.library.name'];
  delete attributes['otel.library.version'];

  const traceId = traceIdOf(span.traceIdHigh, span.traceIdLow);
  let parentSpanId = i64ToHex(span.parentSpanId, true);
  const links: ReceivedLink[] = [];
  for (const ref of span.references ?? []) {
    const target = { traceId: traceIdOf(ref.traceIdHigh, ref.traceIdLow), spanId: i64ToHex(ref.spanId) ?? '' };
    if (enumName(ref.refType, REF_TYPES) === 'CHILD_OF' && !parentSpanId && target.traceId === traceId) {
      parentSpanId = target.spanId;
    } else {
      links.push({ ...target, attributes: {} });
    }
  }

  const start = micros(span.startTime);
  const out: ReceivedSpan = {
    traceId,
    spanId: i64ToHex(span.spanId) ?? '',
    name: span.operationName,
    kind: KINDS[String(kindTag ?? 'internal').toLowerCase()] ?? 'UNSPECIFIED',
    startTimeUnixNano: start,
    endTimeUnixNano: start + micros(span.duration),
    attributes,
    events: (span.logs ?? []).map((log) => {
      const fields = jaegerTagsToJs(log.fields);
      const name = take(fields, 'event');
      return { name: typeof name === 'string' ? name : '', timeUnixNano: micros(log.timestamp), attributes: fields };
    }),
    links,
    status: { code },
    resource,
  };
  if (parentSpanId) out.parentSpanId = parentSpanId;
  if (code === 'ERROR' && typeof description === 'string' && description) out.status.message = description;
  if (typeof scopeName === 'string') {
    out.scope = { name: scopeName };
    if (typeof scopeVersion === 'string' && scopeVersion) out.scope.version = scopeVersion;
  }
  return out;
}

export function normalizeJaegerBatch(batch: JaegerBatch): ReceivedSpan[] {
  const resource = { 'service.name': batch.process.serviceName, ...jaegerTagsToJs(batch.process.tags) };
  return batch.spans.map((span) => normalizeSpan(span, resource));
}
