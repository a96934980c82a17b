import { SpanKind, SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import { hrTimeDuration, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** Options of {@link renderTraceTree}. */
export interface RenderTreeOptions {
  /**
   * The name of the trace's root, printed before: these spans ended after it, so the header reads
   * `trace <id> (continued) <root name>` and they are indented one level, under that root.
   */
  continuedFrom?: string;
}

/** Renders the spans of one trace as an indented tree, children under their parents. */
export function renderTraceTree(spans: readonly ReadableSpan[], options: RenderTreeOptions = {}): string {
  if (spans.length === 0) return '';
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId && byId.has(parentId)) {
      const list = children.get(parentId) ?? [];
      list.push(span);
      children.set(parentId, list);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan) => hrTimeToMilliseconds(a.startTime) - hrTimeToMilliseconds(b.startTime);
  const first = spans[0];
  const service = first.resource.attributes['service.name'];
  const continued = options.continuedFrom;
  const lines = [
    continued === undefined
      ? `trace ${first.spanContext().traceId}${service ? ` (service ${String(service)})` : ''}`
      : `trace ${first.spanContext().traceId} (continued) ${continued}`,
  ];
  const walk = (span: ReadableSpan, prefix: string, last: boolean) => {
    const branch = last ? '└─ ' : '├─ ';
    const inner = prefix + (last ? '   ' : '│  ');
    lines.push(prefix + branch + headline(span));
    const detail = inner + ((children.get(span.spanContext().spanId)?.length ?? 0) > 0 ? '│ ' : '  ');
    const attrs = formatAttributes(span.attributes);
    if (attrs) lines.push(detail + attrs);
    for (const event of span.events) {
      const offset = hrTimeToMilliseconds(hrTimeDuration(span.startTime, event.time));
      const eventAttrs = formatAttributes(event.attributes ?? {});
      lines.push(`${detail}• ${event.name} +${offset.toFixed(1)}ms${eventAttrs ? ` ${eventAttrs}` : ''}`);
    }
    for (const link of span.links) lines.push(`${detail}↗ link ${link.context.traceId}/${link.context.spanId}`);
    const kids = (children.get(span.spanContext().spanId) ?? []).sort(byStart);
    kids.forEach((kid, i) => walk(kid, inner, i === kids.length - 1));
  };
  // Late spans hang under the root printed before, one level in.
  const indent = continued === undefined ? '' : '   ';
  roots.sort(byStart).forEach((root, i) => walk(root, indent, i === roots.length - 1));
  return lines.join('\n');
}

function headline(span: ReadableSpan): string {
  const ms = hrTimeToMilliseconds(span.duration);
  const status =
    span.status.code === SpanStatusCode.ERROR
      ? `ERROR${span.status.message ? `: ${span.status.message}` : ''}`
      : span.status.code === SpanStatusCode.OK
        ? 'OK'
        : '';
  // SERVER and INTERNAL spans are this service's own work: only outgoing ones name what they talk to.
  const system = span.kind === SpanKind.SERVER || span.kind === SpanKind.INTERNAL ? undefined : systemOf(span.attributes);
  return [span.name, `[${SpanKind[span.kind]}${system ? ` ${system}` : ''}]`, `${ms.toFixed(1)}ms`, status].filter(Boolean).join('  ');
}

/**
 * What a span talks to, for the headline: a Redis `GET` and an HTTP `GET` are both CLIENT spans
 * named `GET` (each per its semantic conventions), so the kind alone cannot tell them apart.
 */
function systemOf(attributes: Attributes): string | undefined {
  for (const key of ['db.system.name', 'db.system', 'messaging.system', 'rpc.system', 'gen_ai.provider.name']) {
    const value = attributes[key];
    if (typeof value === 'string' && value) return value;
  }
  return attributes['http.request.method'] !== undefined ? 'http' : undefined;
}

function formatAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join('  ');
}

/** Long values (stack traces, SQL) are cut in the tree; the JSON format keeps them whole. */
const MAX_SHOWN = 160;

function formatValue(value: AttributeValue | undefined): string {
  if (typeof value === 'string') {
    const firstLine = value.split('\n', 1)[0];
    const shown = firstLine.length > MAX_SHOWN ? `${firstLine.slice(0, MAX_SHOWN)}…` : firstLine !== value ? `${firstLine} …` : value;
    return /[\s"=]/.test(shown) || shown === '' ? JSON.stringify(shown) : shown;
  }
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v ?? undefined)).join(',')}]`;
  return String(value);
}
