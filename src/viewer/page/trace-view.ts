/// <reference lib="dom" />
import { api } from './api';
import { backToList } from './nav';
import type { View } from './view';
import { spanDetail } from './detail';
import { formatDuration, formatTime, h, replace, serviceColor } from './dom';
import { buildTree, criticalPath, flatten, type SpanNode } from './tree';
import type { TraceDetail } from '../types';

const ROW_HEIGHT = 26;
/** Rows drawn beyond the visible ones, so fast scrolling does not show gaps. */
const OVERSCAN = 15;

/** One trace: the waterfall (only visible rows are in the DOM) and the selected span's detail. */
export function renderTrace(root: HTMLElement, traceId: string, spanId: string | undefined): View {
  const collapsed = new Set<string>();
  let trace: TraceDetail | undefined;
  let roots: SpanNode[] = [];
  let rows: SpanNode[] = [];
  let critical = new Set<string>();
  let selected = spanId;

  const head = h('div', { className: 'trace-head' }, 'Loading trace…');
  const axis = h('div', { className: 'axis' });
  const spacer = h('div', { className: 'spacer' });
  const scroller = h('div', { className: 'rows', 'data-testid': 'waterfall', tabindex: 0 }, spacer);
  const side = h('aside', { className: 'side' });
  replace(root, h('section', { className: 'trace' }, head, h('div', { className: 'split' }, h('div', { className: 'waterfall' }, axis, scroller), side)));
  scroller.addEventListener('scroll', () => draw());
  window.addEventListener('resize', () => draw());

  async function load(): Promise<void> {
    try {
      const next = await api.trace(traceId);
      if (trace && next.spans.length === trace.spans.length) return;
      trace = next;
    } catch (e) {
      replace(head, h('a', { href: '#/' }, '← Traces'), h('p', { className: 'error' }, (e as Error).message));
      return;
    }
    roots = buildTree(trace.spans);
    critical = criticalPath(roots);
    selected ??= roots[0]?.span.spanId;
    layout();
    drawHead();
    drawDetail();
    scrollToSelected();
  }

  function drawHead(): void {
    const s = trace!.summary;
    const services = s.services.map((name) => h('span', { className: 'legend' }, h('span', { className: 'dot', style: `background:${serviceColor(name)}` }), name));
    replace(
      head,
      h('a', { href: '#/', className: 'back', onclick: (e: Event) => (e.preventDefault(), backToList()) }, '← Traces'),
      h('h1', null, s.rootName),
      h(
        'p',
        { className: 'muted' },
        `${formatTime(s.startUs)} · ${formatDuration(s.durationUs)} · ${s.spanCount} spans`,
        s.errorCount > 0 ? h('span', { className: 'error' }, ` · ${s.errorCount} errors`) : null,
        trace!.orphans.length > 0 ? ` · ${trace!.orphans.length} spans whose parent is missing` : null,
        ' · ',
        h('span', { className: 'mono' }, s.traceId),
      ),
      h('div', { className: 'legends' }, services, h('span', { className: 'legend' }, h('span', { className: 'crit-sample' }), 'critical path')),
    );
  }

  function layout(): void {
    rows = flatten(roots, collapsed);
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const s = trace!.summary;
    replace(axis, h('div', { className: 'axis-name' }, 'Span'), h('div', { className: 'axis-time' }, [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', { style: `left:${f * 100}%` }, formatDuration(s.durationUs * f)))));
    draw();
  }

  function draw(): void {
    if (!trace) return;
    const s = trace.summary;
    const total = Math.max(1, s.durationUs);
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const out: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const node = rows[i]!;
      const span = node.span;
      const left = ((span.startUs - s.startUs) / total) * 100;
      const width = (span.durationUs / total) * 100;
      const error = span.status.code === 2;
      const hasChildren = node.children.length > 0;
      out.push(
        h(
          'div',
          {
            className: `row${span.spanId === selected ? ' selected' : ''}${error ? ' has-error' : ''}${critical.has(span.spanId) ? ' critical' : ''}`,
            style: `top:${i * ROW_HEIGHT}px`,
            'data-span-id': span.spanId,
            'data-depth': node.depth,
            role: 'row',
            onclick: () => select(span.spanId),
          },
          h(
            'div',
            { className: 'row-name', style: `padding-left:${Math.min(node.depth, 40) * 14 + 4}px` },
            hasChildren
              ? h('button', { className: 'toggle', 'aria-label': collapsed.has(span.spanId) ? 'expand' : 'collapse', onclick: (e: Event) => (e.stopPropagation(), toggle(span.spanId)) }, collapsed.has(span.spanId) ? '▸' : '▾')
              : h('span', { className: 'toggle-space' }),
            h('span', { className: 'dot', style: `background:${serviceColor(span.service)}` }),
            error ? h('span', { className: 'error-mark', title: 'error' }, '!') : null,
            h('span', { className: 'span-name' }, span.name),
            node.orphan ? h('span', { className: 'muted', title: 'the parent span is not in this trace' }, ' (parent missing)') : null,
            collapsed.has(span.spanId) ? h('span', { className: 'muted' }, ` (+${countBelow(node)})`) : null,
          ),
          h(
            'div',
            { className: 'row-bar' },
            h('div', { className: 'bar', style: `left:${left}%;width:max(2px,${width}%);background:${serviceColor(span.service)}`, title: `${span.service}: ${span.name}` }),
            h('span', { className: 'bar-label', style: left > 70 ? `right:${100 - left}%` : `left:calc(${left + width}% + 4px)` }, formatDuration(span.durationUs)),
          ),
        ),
      );
    }
    spacer.replaceChildren(...out);
  }

  function countBelow(node: SpanNode): number {
    let n = 0;
    const stack = [...node.children];
    while (stack.length) {
      const c = stack.pop()!;
      n++;
      stack.push(...c.children);
    }
    return n;
  }

  function drawDetail(): void {
    const span = trace?.spans.find((s) => s.spanId === selected);
    replace(side, span ? spanDetail(span, trace!.summary.startUs, select) : h('p', { className: 'muted' }, 'Select a span.'));
  }

  function select(id: string): void {
    selected = id;
    // Reveal it: expand its collapsed ancestors.
    const byId = new Map(trace!.spans.map((s) => [s.spanId, s]));
    for (let p = byId.get(id)?.parentSpanId; p; p = byId.get(p)?.parentSpanId) collapsed.delete(p);
    history.replaceState(null, '', `#/trace/${traceId}?span=${id}`);
    layout();
    drawDetail();
    scrollToSelected();
  }

  function toggle(id: string): void {
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    layout();
  }

  function scrollToSelected(): void {
    const i = rows.findIndex((n) => n.span.spanId === selected);
    if (i < 0) return;
    const top = i * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
    draw();
  }

  void load();
  return {
    refresh: () => void load(),
    key(event) {
      const i = rows.findIndex((n) => n.span.spanId === selected);
      const node = rows[i];
      if (event.key === 'Escape' || event.key === 'Backspace') backToList();
      else if ((event.key === 'j' || event.key === 'ArrowDown') && rows[i + 1]) select(rows[i + 1]!.span.spanId);
      else if ((event.key === 'k' || event.key === 'ArrowUp') && i > 0) select(rows[i - 1]!.span.spanId);
      else if ((event.key === 'ArrowLeft' || event.key === 'h') && node?.children.length && !collapsed.has(node.span.spanId)) toggle(node.span.spanId);
      else if ((event.key === 'ArrowRight' || event.key === 'l') && node && collapsed.has(node.span.spanId)) toggle(node.span.spanId);
      else if (event.key === 'Enter' && node?.children.length) toggle(node.span.spanId);
      else return false;
      return true;
    },
  };
}
