/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { api } from './api';
import { rememberListAddress } from './nav';
import type { View } from './view';
import { formatDuration, formatTime, h, replace, serviceColor } from './dom';
import type { Overview, TraceSummary } from '../types';

const FILTERS = ['service', 'operation', 'status', 'minMs', 'maxMs', 'attr', 'from', 'to', 'sort'] as const;

/** The trace list with its filters; the filters live in the address (`#/?service=…`) so links keep them. */
export function renderList(root: HTMLElement, params: URLSearchParams, overview: () => Overview | undefined): View {
  const state = new URLSearchParams();
  for (const f of FILTERS) if (params.get(f)) state.set(f, params.get(f)!);
  let traces: TraceSummary[] = [];
  let selected = 0;
  let loaded = false;
  let loads = 0;

  const input = (name: string, label: string, attrs: Record<string, string> = {}) =>
    h('label', null, label, h('input', { name, value: state.get(name) ?? '', 'data-filter': name, ...attrs }));
  const select = (name: string, label: string, options: Array<[string, string]>) => {
    const el = h('select', { name, 'data-filter': name }, options.map(([v, text]) => h('option', { value: v }, text)));
    el.value = state.get(name) ?? '';
    return h('label', null, label, el);
  };
  const serviceSelect = select('service', 'Service', [['', 'all']]);
  const operationSelect = select('operation', 'Operation', [['', 'all']]);
  const form = h(
    'form',
    { className: 'filters', 'data-testid': 'filters', onsubmit: (e: Event) => e.preventDefault() },
    serviceSelect,
    operationSelect,
    select('status', 'Status', [['', 'any'], ['error', 'error'], ['ok', 'no error']]),
    input('minMs', 'Min ms', { type: 'number', min: '0', step: 'any', placeholder: '0' }),
    input('maxMs', 'Max ms', { type: 'number', min: '0', step: 'any' }),
    input('attr', 'Attribute', { placeholder: 'key=value' }),
    input('from', 'From', { type: 'datetime-local', step: '1' }),
    input('to', 'To', { type: 'datetime-local', step: '1' }),
    select('sort', 'Sort', [['', 'newest'], ['start', 'oldest'], ['-duration', 'slowest'], ['duration', 'fastest'], ['-spans', 'most spans'], ['name', 'name']]),
    h('button', { type: 'button', onclick: () => clearFilters() }, 'Clear'),
  );
  const body = h('tbody');
  const footer = h('p', { className: 'muted', 'data-testid': 'list-footer' });
  const error = h('p', { className: 'error', hidden: true });
  const headCell = (label: string, sort: string) =>
    h('th', { scope: 'col', className: 'sortable', onclick: () => setSort(sort) }, label);
  const table = h(
    'table',
    { className: 'traces', 'data-testid': 'trace-list' },
    h('thead', null, h('tr', null, headCell('Root span', 'name'), h('th', { scope: 'col' }, 'Service'), h('th', { scope: 'col', className: 'sortable time', onclick: () => setSort('-start') }, 'Start'), headCell('Duration', '-duration'), headCell('Spans', '-spans'), h('th', { scope: 'col' }, 'Errors'))),
    body,
  );
  replace(root, h('section', { className: 'list' }, form, error, h('div', { className: 'table-wrap' }, table), footer));

  let timer: number | undefined;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(readForm, 250);
  });
  form.addEventListener('change', readForm);

  function readForm(): void {
    // A debounced read can fire after the user left the list (opened a trace): it must not
    // rewrite the address of the view now showing.
    if (!form.isConnected) return;
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-filter]')) {
      const v = el.value.trim();
      if (v === '') state.delete(el.name);
      else state.set(el.name, v);
    }
    syncAddress();
    void load();
  }
  function clearFilters(): void {
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-filter]')) el.value = '';
    readForm();
  }
  function setSort(sort: string): void {
    state.set('sort', state.get('sort') === sort ? (sort.startsWith('-') ? sort.slice(1) : `-${sort}`) : sort);
    (form.querySelector('[name=sort]') as HTMLSelectElement).value = state.get('sort')!;
    syncAddress();
    void load();
  }
  function syncAddress(): void {
    const q = state.toString();
    history.replaceState(null, '', `#/${q ? `?${q}` : ''}`);
    rememberListAddress(location.hash);
  }

  function fillChoices(): void {
    const o = overview();
    if (!o) return;
    for (const [wrap, values] of [[serviceSelect, o.services], [operationSelect, o.operations]] as const) {
      const el = wrap.querySelector('select')!;
      const want = state.get(el.name) ?? '';
      const have = [...el.options].map((x) => x.value).slice(1);
      if (have.join('\u0000') === values.join('\u0000')) continue;
      replace(el, h('option', { value: '' }, 'all'), values.map((v) => h('option', { value: v }, v)));
      el.value = want;
    }
  }

  async function load(): Promise<void> {
    const query = new URLSearchParams(state);
    for (const key of ['from', 'to']) {
      const v = query.get(key);
      if (v) query.set(key, String(new Date(v).getTime()));
    }
    // Answers can arrive out of order (a slow unfiltered list after a quick filtered one): only the latest counts.
    const seq = ++loads;
    try {
      const list = await api.traces(query);
      if (seq !== loads) return;
      error.hidden = true;
      traces = list.traces;
      selected = Math.min(selected, Math.max(0, traces.length - 1));
      loaded = true;
      draw();
      replace(footer, `${traces.length} of ${list.total}${list.partial ? '+' : ''} matching traces${list.partial ? ' (attribute filter: scanning stopped at the limit)' : ''}`);
    } catch (e) {
      error.hidden = false;
      replace(error, (e as Error).message);
    }
    fillChoices();
  }

  function draw(): void {
    const longest = Math.max(1, ...traces.map((t) => t.durationUs));
    replace(
      body,
      traces.length === 0 && loaded ? h('tr', null, h('td', { colspan: 6, className: 'empty' }, 'No traces match.')) : null,
      traces.map((t, i) =>
        h(
          'tr',
          { 'data-trace-id': t.traceId, className: `${i === selected ? 'selected' : ''}${t.errorCount > 0 ? ' has-error' : ''}`, onclick: () => open(t.traceId), tabindex: -1 },
          h('td', { className: 'name' }, t.errorCount > 0 ? h('span', { className: 'error-mark', title: 'has errors' }, '!') : null, t.rootName, t.hasRoot ? null : h('span', { className: 'muted' }, ' (root missing)')),
          h('td', null, h('span', { className: 'dot', style: `background:${serviceColor(t.rootService)}` }), t.rootService, t.services.length > 1 ? h('span', { className: 'muted' }, ` +${t.services.length - 1}`) : null),
          h('td', { className: 'time' }, formatTime(t.startUs)),
          h('td', { className: 'duration' }, h('span', { className: 'minibar', style: `width:${Math.max(1, (t.durationUs / longest) * 60)}px` }), formatDuration(t.durationUs)),
          h('td', { className: 'num' }, t.spanCount),
          h('td', { className: 'num' }, t.errorCount || ''),
        ),
      ),
    );
    body.children[selected]?.scrollIntoView({ block: 'nearest' });
  }

  function open(traceId: string): void {
    location.hash = `#/trace/${traceId}`;
  }

  rememberListAddress(location.hash);
  void load();
  return {
    refresh: () => void load(),
    overview: () => fillChoices(),
    key(event) {
      if (event.key === 'j' || event.key === 'ArrowDown') selected = Math.min(traces.length - 1, selected + 1);
      else if (event.key === 'k' || event.key === 'ArrowUp') selected = Math.max(0, selected - 1);
      else if (event.key === 'Enter' && traces[selected]) open(traces[selected]!.traceId);
      else if (event.key === '/') (form.querySelector('input') as HTMLInputElement).focus();
      else return false;
      draw();
      return true;
    },
  };
}
