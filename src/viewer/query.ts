import type { TraceQuery, TraceSort, TraceSummary } from './types';

export const DEFAULT_LIST_LIMIT = 200;
export const MAX_LIST_LIMIT = 5000;
const SORTS: readonly TraceSort[] = ['start', '-start', 'duration', '-duration', 'spans', '-spans', 'name', '-name'];

/** A query-string problem, answered as HTTP 400 naming the parameter. */
export class QueryError extends Error {
  constructor(readonly parameter: string, value: string, allowed: string) {
    super(`Invalid query parameter "${parameter}": got ${JSON.stringify(value)}; allowed: ${allowed}.`);
    this.name = 'QueryError';
  }
}

/** `/api/traces?…` parameters to a `TraceQuery`; blank parameters count as absent. */
export function parseTraceQuery(params: URLSearchParams): TraceQuery {
  const get = (name: string) => {
    const v = params.get(name);
    return v === null || v.trim() === '' ? undefined : v.trim();
  };
  const query: TraceQuery = { sort: '-start', limit: DEFAULT_LIST_LIMIT };
  const service = get('service');
  if (service) query.service = service;
  const operation = get('operation');
  if (operation) query.operation = operation;
  const status = get('status');
  if (status) {
    if (status !== 'error' && status !== 'ok') throw new QueryError('status', status, '"error" or "ok"');
    query.status = status;
  }
  const number = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new QueryError(name, v, 'a number >= 0');
    return n;
  };
  query.minMs = number('minMs');
  query.maxMs = number('maxMs');
  const time = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(n)) throw new QueryError(name, v, 'milliseconds since the epoch or an ISO 8601 date');
    return n;
  };
  query.fromMs = time('from');
  query.toMs = time('to');
  const attr = get('attr');
  if (attr) {
    const eq = attr.indexOf('=');
    query.attr = eq < 0 ? { key: attr } : { key: attr.slice(0, eq).trim(), value: attr.slice(eq + 1) };
    if (query.attr.key === '') throw new QueryError('attr', attr, '"key" or "key=value"');
  }
  const sort = get('sort');
  if (sort) {
    if (!(SORTS as readonly string[]).includes(sort)) throw new QueryError('sort', sort, SORTS.join(', '));
    query.sort = sort as TraceSort;
  }
  const limit = get('limit');
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIST_LIMIT) throw new QueryError('limit', limit, `an integer from 1 to ${MAX_LIST_LIMIT}`);
    query.limit = n;
  }
  for (const key of Object.keys(query) as Array<keyof TraceQuery>) if (query[key] === undefined) delete query[key];
  return query;
}

/** What a source knows about a trace beyond its summary, for the service and operation filters. */
export interface SummaryFacts {
  summary: TraceSummary;
  hasService(service: string): boolean;
  hasOperation(name: string): boolean;
}

/** Every filter but `attr`, which needs the spans (each source checks it its own way). */
export function matchesSummary(facts: SummaryFacts, q: TraceQuery): boolean {
  const s = facts.summary;
  if (q.status === 'error' && s.errorCount === 0) return false;
  if (q.status === 'ok' && s.errorCount > 0) return false;
  if (q.minMs !== undefined && s.durationUs < q.minMs * 1000) return false;
  if (q.maxMs !== undefined && s.durationUs > q.maxMs * 1000) return false;
  if (q.fromMs !== undefined && s.startUs < q.fromMs * 1000) return false;
  if (q.toMs !== undefined && s.startUs > q.toMs * 1000) return false;
  if (q.service !== undefined && !facts.hasService(q.service)) return false;
  if (q.operation !== undefined && !facts.hasOperation(q.operation)) return false;
  return true;
}

/** Does a span's attribute match `attr`: the key exists and, with a value, its text equals it. */
export function attributeMatches(attributes: Record<string, unknown>, attr: NonNullable<TraceQuery['attr']>): boolean {
  if (!Object.hasOwn(attributes, attr.key)) return false;
  if (attr.value === undefined) return true;
  const v = attributes[attr.key];
  return (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)) === attr.value;
}

export function compareSummaries(sort: TraceSort): (a: TraceSummary, b: TraceSummary) => number {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const key = (s: TraceSummary): number | string =>
    field === 'duration' ? s.durationUs : field === 'spans' ? s.spanCount : field === 'name' ? s.rootName : s.startUs;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0;
    return desc ? -c : c;
  };
}
