import { OperationAccumulator } from './operation-stats';
import type { SpanHead } from './otlp-json';
import { compareSummaries, matchesSummary } from './query';
import type { Overview, TraceQuery, TraceSummary } from './types';

/** What the index keeps per trace: the summary's parts and where its lines are. */
export interface TraceRecord {
  traceId: string;
  rootName: string;
  rootService: string;
  hasRoot: boolean;
  rootStartUs: number;
  startUs: number;
  endUs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
  names: string[];
  /** Triples (file id, byte offset, byte length) of the lines holding the trace's spans. */
  refs: number[];
  summary: TraceSummary | undefined;
}

/** Names and services repeat: one copy of each, up to this many distinct strings. */
const MAX_INTERNED = 100_000;

/**
 * The compact in-memory index of a file source: per trace a summary's parts and the byte ranges
 * of its lines, per operation the durations, and the totals of the overview. No attributes: those
 * are read back from the files when a trace is opened.
 */
export class TraceIndex {
  readonly traces = new Map<string, TraceRecord>();
  readonly ops = new OperationAccumulator();
  private readonly services = new Set<string>();
  private readonly strings = new Map<string, string>();
  spanCount = 0;
  private startUs = Infinity;
  private endUs = -Infinity;

  /** Adds one span found in the line at (`fileId`, `offset`, `length`). */
  add(head: SpanHead, fileId: number, offset: number, length: number): void {
    const name = this.intern(head.name);
    const service = this.intern(head.service);
    let r = this.traces.get(head.traceId);
    if (!r) {
      r = { traceId: head.traceId, rootName: name, rootService: service, hasRoot: false, rootStartUs: Infinity, startUs: Infinity, endUs: -Infinity, spanCount: 0, errorCount: 0, services: [], names: [], refs: [], summary: undefined };
      this.traces.set(head.traceId, r);
    }
    // The root is the earliest span without a parent; until one is seen, the earliest span.
    const isRoot = head.parentSpanId === undefined;
    if ((isRoot && (!r.hasRoot || head.startUs < r.rootStartUs)) || (!isRoot && !r.hasRoot && head.startUs < r.rootStartUs)) {
      r.rootName = name;
      r.rootService = service;
      r.rootStartUs = head.startUs;
      r.hasRoot = isRoot;
    }
    r.startUs = Math.min(r.startUs, head.startUs);
    r.endUs = Math.max(r.endUs, head.endUs);
    r.spanCount++;
    if (head.error) r.errorCount++;
    if (!r.services.includes(service)) r.services.push(service);
    if (!r.names.includes(name)) r.names.push(name);
    const n = r.refs.length;
    if (n === 0 || r.refs[n - 3] !== fileId || r.refs[n - 2] !== offset) r.refs.push(fileId, offset, length);
    r.summary = undefined;
    this.spanCount++;
    this.services.add(service);
    this.startUs = Math.min(this.startUs, head.startUs);
    this.endUs = Math.max(this.endUs, head.endUs);
    this.ops.add(service, name, head.endUs - head.startUs, head.error);
  }

  private intern(text: string): string {
    let s = this.strings.get(text);
    if (s === undefined && this.strings.size < MAX_INTERNED) this.strings.set(text, (s = text));
    return s ?? text;
  }

  clear(): void {
    this.traces.clear();
    this.ops.clear();
    this.services.clear();
    this.spanCount = 0;
    this.startUs = Infinity;
    this.endUs = -Infinity;
  }

  summaryOf(r: TraceRecord): TraceSummary {
    r.summary ??= {
      traceId: r.traceId,
      rootName: r.rootName,
      rootService: r.rootService,
      hasRoot: r.hasRoot,
      services: [...r.services].sort(),
      startUs: r.startUs,
      durationUs: r.endUs - r.startUs,
      spanCount: r.spanCount,
      errorCount: r.errorCount,
    };
    return r.summary;
  }

  /** The records matching every filter but `attr`, in the query's order. */
  match(query: TraceQuery): TraceRecord[] {
    const matched: TraceRecord[] = [];
    for (const r of this.traces.values()) {
      const facts = { summary: this.summaryOf(r), hasService: (s: string) => r.services.includes(s), hasOperation: (n: string) => r.names.includes(n) };
      if (matchesSummary(facts, query)) matched.push(r);
    }
    const compare = compareSummaries(query.sort);
    return matched.sort((a, b) => compare(a.summary!, b.summary!));
  }

  /** The overview's counts (the source adds what it knows about files and progress). */
  totals(): Pick<Overview, 'traceCount' | 'spanCount' | 'errorTraceCount' | 'services' | 'operations' | 'startUs' | 'endUs'> {
    let errorTraces = 0;
    for (const r of this.traces.values()) if (r.errorCount > 0) errorTraces++;
    return {
      traceCount: this.traces.size,
      spanCount: this.spanCount,
      errorTraceCount: errorTraces,
      services: [...this.services].sort(),
      operations: this.ops.names(),
      ...(this.spanCount > 0 ? { startUs: this.startUs, endUs: this.endUs } : {}),
    };
  }
}
