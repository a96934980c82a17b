/// <reference lib="dom" />
import type { OperationStats, Overview, TraceDetail, TraceList } from '../types';

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

export const api = {
  traces: (params: URLSearchParams) => getJson<TraceList>(`/api/traces?${params}`),
  trace: (id: string) => getJson<TraceDetail>(`/api/traces/${encodeURIComponent(id)}`),
  operations: () => getJson<{ operations: OperationStats[] }>('/api/operations'),
  overview: () => getJson<Overview>('/api/overview'),
};
