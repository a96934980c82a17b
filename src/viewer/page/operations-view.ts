/// <reference lib="dom" />
import { api } from './api';
import type { View } from './view';
import { formatDuration, h, replace, serviceColor, svg } from './dom';
import type { OperationStats } from '../types';

/** Per-operation counts, error rates and percentiles; the chosen one's latency histogram. */
export function renderOperations(root: HTMLElement): View {
  let ops: OperationStats[] = [];
  let selected = 0;
  const body = h('tbody');
  const chart = h('div', { className: 'histogram', 'data-testid': 'histogram' });
  replace(
    root,
    h(
      'section',
      { className: 'operations' },
      h(
        'div',
        { className: 'table-wrap' },
        h(
          'table',
          { className: 'traces', 'data-testid': 'operations' },
          h('thead', null, h('tr', null, ['Service', 'Operation', 'Count', 'Errors', 'Error rate', 'p50', 'p95', 'p99', 'Max'].map((t) => h('th', { scope: 'col' }, t)))),
          body,
        ),
      ),
      chart,
    ),
  );

  async function load(): Promise<void> {
    ops = (await api.operations()).operations;
    draw();
  }

  function draw(): void {
    replace(
      body,
      ops.length === 0 ? h('tr', null, h('td', { colspan: 9, className: 'empty' }, 'No spans yet.')) : null,
      ops.map((o, i) =>
        h(
          'tr',
          { className: `${i === selected ? 'selected' : ''}${o.errorCount > 0 ? ' has-error' : ''}`, onclick: () => ((selected = i), draw()), 'data-operation': o.name },
          h('td', null, h('span', { className: 'dot', style: `background:${serviceColor(o.service)}` }), o.service),
          h('td', { className: 'name' }, h('a', { href: `#/?service=${encodeURIComponent(o.service)}&operation=${encodeURIComponent(o.name)}` }, o.name)),
          h('td', { className: 'num' }, o.count),
          h('td', { className: 'num' }, o.errorCount || ''),
          h('td', { className: 'num' }, `${(o.errorRate * 100).toFixed(1)}%`),
          h('td', { className: 'num' }, formatDuration(o.p50Us)),
          h('td', { className: 'num' }, formatDuration(o.p95Us)),
          h('td', { className: 'num' }, formatDuration(o.p99Us)),
          h('td', { className: 'num' }, formatDuration(o.maxUs)),
        ),
      ),
    );
    const op = ops[selected];
    replace(chart, op ? histogram(op) : null);
  }

  void load();
  return {
    refresh: () => void load(),
    key(event) {
      if (event.key === 'j' || event.key === 'ArrowDown') selected = Math.min(ops.length - 1, selected + 1);
      else if (event.key === 'k' || event.key === 'ArrowUp') selected = Math.max(0, selected - 1);
      else if (event.key === 'Enter' && ops[selected]) location.hash = `#/?service=${encodeURIComponent(ops[selected]!.service)}&operation=${encodeURIComponent(ops[selected]!.name)}`;
      else return false;
      draw();
      return true;
    },
  };
}

/** A bar per latency bucket, drawn as SVG; the bucket holding each percentile is labelled. */
function histogram(op: OperationStats): HTMLElement {
  const { bounds, counts } = op.histogram;
  const width = 640;
  const height = 180;
  const pad = { left: 40, bottom: 36, top: 12 };
  const max = Math.max(1, ...counts);
  // Few buckets keep narrow bars: one span must not look like a wall.
  const barW = Math.min(60, (width - pad.left) / Math.max(1, counts.length));
  const plotH = height - pad.bottom - pad.top;
  const bucketOf = (us: number) => bounds.findIndex((b) => us <= b);
  const marks = new Map<number, string[]>();
  for (const [label, us] of [['p50', op.p50Us], ['p95', op.p95Us], ['p99', op.p99Us]] as const) {
    const i = bucketOf(us);
    marks.set(i, [...(marks.get(i) ?? []), label]);
  }
  const bars = counts.map((c, i) => {
    const barH = (c / max) * plotH;
    const x = pad.left + i * barW;
    return svg(
      'g',
      {},
      svg('rect', { x: x + 1, y: pad.top + plotH - barH, width: Math.max(1, barW - 2), height: barH, class: 'hbar' }, svg('title', {}, `≤ ${formatDuration(bounds[i]!)}: ${c}`)),
      svg('text', { x: x + barW / 2, y: height - pad.bottom + 14, 'text-anchor': 'middle', class: 'hlabel' }, formatDuration(bounds[i]!)),
      marks.has(i) ? svg('text', { x: x + barW / 2, y: height - 4, 'text-anchor': 'middle', class: 'hmark' }, marks.get(i)!.join(' ')) : null,
    );
  });
  return h(
    'figure',
    null,
    h('figcaption', null, `${op.service} · ${op.name}: latency (${op.count} spans)`),
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `latency histogram of ${op.name}` }, svg('text', { x: 4, y: pad.top + 8, class: 'hlabel' }, String(max)), svg('line', { x1: pad.left, x2: width, y1: pad.top + plotH, y2: pad.top + plotH, class: 'haxis' }), bars),
  );
}
