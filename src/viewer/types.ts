/**
 * The viewer's data model, shared by the server, its sources and the page (the page imports these
 * types only). Times are microseconds since the epoch: integral and exact in a double until 2255,
 * which nanoseconds are not.
 */

/** An attribute value as JSON: 64-bit integers beyond 2^53 arrive as decimal strings, bytes as base64. */
export type ViewerValue = string | number | boolean | null | ViewerValue[] | { [key: string]: ViewerValue };

export type ViewerAttributes = Record<string, ViewerValue>;

/** One span as the API serves it. */
export interface ViewerSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP numbering: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** `service.name` of the span's resource, or `unknown_service`. */
  service: string;
  startUs: number;
  durationUs: number;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  attributes: ViewerAttributes;
  events: Array<{ name: string; timeUs: number; attributes: ViewerAttributes }>;
  links: Array<{ traceId: string; spanId: string; attributes: ViewerAttributes }>;
  resource: ViewerAttributes;
  scope: { name: string; version?: string };
}

/** One row of the trace list. */
export interface TraceSummary {
  traceId: string;
  /** The root span's name; when the root is missing, the earliest span's name. */
  rootName: string;
  rootService: string;
  /** False when no span of the trace lacks a parent (the root was not recorded or not read). */
  hasRoot: boolean;
  services: string[];
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
}

/** `sort` of the list: a field, `-` first for descending. */
export type TraceSort = 'start' | '-start' | 'duration' | '-duration' | 'spans' | '-spans' | 'name' | '-name';

/** The list's filters, all optional; see docs/viewer.md for the query-string form. */
export interface TraceQuery {
  /** Some span of the trace belongs to this service. */
  service?: string;
  /** Some span of the trace has this name. */
  operation?: string;
  /** `error`: some span has ERROR status; `ok`: none has. */
  status?: 'error' | 'ok';
  minMs?: number;
  maxMs?: number;
  /** Some span has this attribute (`key`), or this attribute with this value as text (`key=value`). */
  attr?: { key: string; value?: string };
  /** Trace start, milliseconds since the epoch, inclusive. */
  fromMs?: number;
  toMs?: number;
  sort: TraceSort;
  limit: number;
}

export interface TraceList {
  traces: TraceSummary[];
  /** Traces matching the filters (at most the number scanned when `partial`). */
  total: number;
  /** True when an attribute filter stopped scanning once `limit` traces matched. */
  partial: boolean;
}

export interface TraceDetail {
  summary: TraceSummary;
  /** Sorted by start time. */
  spans: ViewerSpan[];
  /** Span ids whose parent is not in the trace; the page shows them at the top level. */
  orphans: string[];
}

/** Per service and span name. Durations in microseconds. */
export interface OperationStats {
  service: string;
  name: string;
  count: number;
  errorCount: number;
  errorRate: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  /** Log-spaced buckets: `counts[i]` spans took at most `bounds[i]` µs (and more than the previous bound). */
  histogram: { bounds: number[]; counts: number[] };
}

/** What a source could not read: a count and the first place. */
export interface SkippedReport {
  count: number;
  first?: { file: string; line: number; reason: string };
}

export interface Overview {
  kind: 'file' | 'live';
  /** Grows whenever the data changes: the page polls it to refresh. */
  revision: number;
  traceCount: number;
  spanCount: number;
  errorTraceCount: number;
  services: string[];
  operations: string[];
  startUs?: number;
  endUs?: number;
  /** True while a source is still reading what it was given at start. */
  indexing: boolean;
  skipped: SkippedReport;
  /** A last line without its newline yet (a writer mid-line, or a torn file): read once completed. */
  incomplete?: { file: string; line: number };
  files?: Array<{ path: string; bytes: number; spans: number }>;
  /** Spans the live ring dropped to stay within `maxSpans`. */
  evictedSpans?: number;
}

/**
 * Where the viewer's data comes from: a set of files, the running app's ring of recent spans, or
 * (later) the analysis collector. Every method answers from what is known now.
 */
export interface TraceSource {
  listTraces(query: TraceQuery): Promise<TraceList>;
  getTrace(traceId: string): Promise<TraceDetail | undefined>;
  operations(): Promise<OperationStats[]>;
  overview(): Promise<Overview>;
  close(): Promise<void>;
}
