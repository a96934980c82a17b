/// <reference lib="dom" />
import './styles.css';
import { api } from './api';
import { h, replace } from './dom';
import { renderList } from './list-view';
import type { View } from './view';
import { renderOperations } from './operations-view';
import { renderTrace } from './trace-view';
import type { Overview } from '../types';


const POLL_MS = 2000;

const status = h('span', { className: 'status', 'data-testid': 'status' });
const notice = h('div', { className: 'notice', role: 'status', 'data-testid': 'notice', hidden: true });
const navTraces = h('a', { href: '#/' }, 'Traces');
const navOps = h('a', { href: '#/operations' }, 'Operations');
const main = h('main', { id: 'view' });
let current: View = {};
let overview: Overview | undefined;

function route(): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?') as [string, string?];
  const params = new URLSearchParams(search);
  navTraces.classList.toggle('active', !path.startsWith('/operations'));
  navOps.classList.toggle('active', path.startsWith('/operations'));
  const trace = /^\/trace\/([0-9a-fA-F]+)$/.exec(path);
  main.replaceChildren();
  if (trace) current = renderTrace(main, trace[1]!.toLowerCase(), params.get('span') ?? undefined);
  else if (path.startsWith('/operations')) current = renderOperations(main);
  else current = renderList(main, params, () => overview);
}

async function poll(): Promise<void> {
  try {
    const next = await api.overview();
    const changed = overview !== undefined && next.revision !== overview.revision;
    overview = next;
    showOverview(next);
    current.overview?.(next);
    if (changed) current.refresh?.();
  } catch (error) {
    replace(status, `Cannot reach the viewer: ${(error as Error).message}`);
  }
}

function showOverview(o: Overview): void {
  const parts = [`${o.traceCount} traces`, `${o.spanCount} spans`, `${o.services.length} services`];
  if (o.errorTraceCount > 0) parts.push(`${o.errorTraceCount} with errors`);
  if (o.indexing) parts.push('reading…');
  if (o.kind === 'live') parts.push(o.evictedSpans ? `live, ${o.evictedSpans} older spans dropped` : 'live');
  replace(status, parts.join(' · '));
  const lines: string[] = [];
  if (o.skipped.count > 0) {
    const first = o.skipped.first;
    lines.push(`Skipped ${o.skipped.count} line${o.skipped.count === 1 ? '' : 's'} that are not OTLP/JSON spans${first ? `; first: ${first.file}:${first.line} (${first.reason})` : ''}.`);
  }
  if (o.incomplete) lines.push(`The last line of ${o.incomplete.file} (line ${o.incomplete.line}) is incomplete; it is read once its writer finishes it.`);
  notice.hidden = lines.length === 0;
  replace(notice, lines.map((l) => h('div', null, l)));
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (target.closest('input, select, textarea')) {
    if (event.key === 'Escape') target.blur();
    return;
  }
  if (event.metaKey || event.ctrlKey || event.altKey) return;
  if (current.key?.(event)) event.preventDefault();
});

const app = document.getElementById('app')!;
replace(app, h('header', null, h('a', { className: 'brand', href: '#/' }, 'tracewright'), h('nav', null, navTraces, navOps), status), notice, main);
window.addEventListener('hashchange', route);
route();
void poll();
setInterval(() => void poll(), POLL_MS);
