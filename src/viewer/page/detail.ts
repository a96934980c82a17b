/// <reference lib="dom" />
import { formatDuration, h, valueText } from './dom';
import type { ViewerAttributes, ViewerSpan } from '../types';

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

function attributeTable(attributes: ViewerAttributes, testid: string): HTMLElement {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return h('p', { className: 'muted' }, 'none');
  return h(
    'table',
    { className: 'kv', 'data-testid': testid },
    h('tbody', null, keys.map((k) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, valueText(attributes[k]))))),
  );
}

/** `Type: message` and the stack, without repeating the first line when the stack starts with it. */
function exceptionText(attributes: ViewerAttributes): string {
  const head = `${valueText(attributes['exception.type'] ?? 'Error')}: ${valueText(attributes['exception.message'] ?? '')}`;
  const stack = attributes['exception.stacktrace'] === undefined ? '' : valueText(attributes['exception.stacktrace']);
  return stack.startsWith(head) ? stack : stack ? `${head}\n${stack}` : head;
}

/** Everything about one span; `select` moves to another span of the same trace. */
export function spanDetail(span: ViewerSpan, traceStartUs: number, select: (spanId: string) => void): HTMLElement {
  const exceptions = span.events.filter((e) => e.name === 'exception');
  return h(
    'section',
    { className: 'detail', 'data-testid': 'span-detail', 'aria-label': 'Span detail' },
    h('h2', null, span.name),
    h(
      'table',
      { className: 'kv' },
      h(
        'tbody',
        null,
        h('tr', null, h('th', null, 'Service'), h('td', null, span.service)),
        h('tr', null, h('th', null, 'Duration'), h('td', null, formatDuration(span.durationUs))),
        h('tr', null, h('th', null, 'Start'), h('td', null, `+${formatDuration(span.startUs - traceStartUs)}`)),
        h('tr', null, h('th', null, 'Kind'), h('td', null, KINDS[span.kind] ?? String(span.kind))),
        h('tr', { className: span.status.code === 2 ? 'has-error' : '' }, h('th', null, 'Status'), h('td', { 'data-testid': 'span-status' }, STATUS[span.status.code] ?? String(span.status.code), span.status.message ? `: ${span.status.message}` : '')),
        h('tr', null, h('th', null, 'Span ID'), h('td', { className: 'mono' }, span.spanId)),
        h('tr', null, h('th', null, 'Parent'), h('td', { className: 'mono' }, span.parentSpanId ? h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), select(span.parentSpanId!)) }, span.parentSpanId) : 'none (root)')),
        h('tr', null, h('th', null, 'Scope'), h('td', null, span.scope.name, span.scope.version ? ` ${span.scope.version}` : '')),
      ),
    ),
    h('h3', null, 'Attributes'),
    attributeTable(span.attributes, 'span-attributes'),
    exceptions.length > 0
      ? [h('h3', null, 'Exception'), exceptions.map((e) => h('pre', { className: 'stack', 'data-testid': 'exception' }, exceptionText(e.attributes)))]
      : null,
    h('h3', null, `Events (${span.events.length})`),
    span.events.length === 0
      ? h('p', { className: 'muted' }, 'none')
      : h('ol', { className: 'events' }, span.events.map((e) => h('li', null, h('span', { className: 'time' }, `+${formatDuration(e.timeUs - span.startUs)}`), ' ', h('strong', null, e.name), attributeTable(e.attributes, 'event-attributes')))),
    h('h3', null, `Links (${span.links.length})`),
    span.links.length === 0
      ? h('p', { className: 'muted' }, 'none')
      : h('ul', { className: 'links' }, span.links.map((l) => h('li', null, h('a', { href: `#/trace/${l.traceId}?span=${l.spanId}`, className: 'mono', 'data-testid': 'span-link' }, `${l.traceId} / ${l.spanId}`), attributeTable(l.attributes, 'link-attributes')))),
    h('h3', null, 'Resource'),
    attributeTable(span.resource, 'span-resource'),
  );
}
