import { open, stat, type FileHandle } from 'node:fs/promises';
import { fastSpanHead } from './fast-head';
import { resolveInputs } from './file-inputs';
import { requestShapeProblem, spanHeads, viewerSpans } from './otlp-json';
import { attributeMatches } from './query';
import { traceDetailOf } from './summarize';
import { TraceIndex, type TraceRecord } from './trace-index';
import type { Overview, SkippedReport, TraceDetail, TraceList, TraceQuery, TraceSource, TraceSummary, ViewerSpan } from './types';

export interface FileTraceSourceOptions {
  /** Files, folders or `*` patterns (see `resolveInputs`). */
  inputs: readonly string[];
  /** Keep reading files as they grow, rotate or appear. @default true */
  follow?: boolean;
  /** How often to look for growth, in milliseconds (an unref'd timer). @default 1000 */
  pollMs?: number;
}

const CHUNK = 1 << 20;
/** A "line" longer than this is not ours (a binary file, say): skipped up to its newline. */
const MAX_LINE = 64 << 20;
/** Gaps up to this are read through, so a trace's many small lines cost a few reads. */
const READ_GAP = 64 << 10;

interface TrackedFile {
  id: number;
  path: string;
  fd: FileHandle;
  key: string;
  /** Where the next unread line starts. */
  offset: number;
  /** Lines read so far (the next line's number is `line + 1`). */
  line: number;
  spans: number;
  skipping: boolean;
  incomplete: boolean;
}

/**
 * The viewer's source over JSON-lines files. One streaming pass indexes them (compact per-trace
 * summaries and the byte ranges of each trace's lines); a trace's spans are read back on demand.
 * Files are read through open handles, so a file renamed or deleted by rotation stays readable.
 */
export class FileTraceSource implements TraceSource {
  private files = new Map<string, TrackedFile>();
  private byId = new Map<number, TrackedFile>();
  private readonly index = new TraceIndex();
  private skipped: SkippedReport = { count: 0 };
  private nextId = 1;
  private revision = 0;
  private indexing = true;
  private busy: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves when the files present at start have been read once. */
  readonly ready: Promise<void>;

  constructor(private readonly options: FileTraceSourceOptions) {
    this.ready = this.scan().finally(() => {
      this.indexing = false;
    });
    if (options.follow !== false) {
      this.timer = setInterval(() => void this.scan(), options.pollMs ?? 1000);
      this.timer.unref();
    }
  }

  /** Reads what is new in every input; scans never overlap. */
  scan(): Promise<void> {
    // A read that fails (a permission changed, a disk error) is reported like a skipped line; the next scan tries again.
    this.busy = this.busy.then(() => this.scanOnce()).catch((error: NodeJS.ErrnoException) => this.skip('(scan)', 0, error.code ?? error.message));
    return this.busy;
  }

  private async scanOnce(): Promise<void> {
    if (this.closed) return;
    for (const path of await resolveInputs(this.options.inputs)) {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const key = `${info.dev}:${info.ino}`;
      let file = this.files.get(key);
      if (!file) {
        const fd = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
          this.skip(path, 0, `cannot open (${error.code ?? error.message})`);
          return undefined;
        });
        if (!fd) continue;
        file = { id: this.nextId++, path, fd, key, offset: 0, line: 0, spans: 0, skipping: false, incomplete: false };
        this.files.set(key, file);
        this.byId.set(file.id, file);
      }
      file.path = path;
      if (info.size < file.offset) {
        // Truncated in place: what was indexed from it no longer exists. Start over.
        await this.reset();
        return this.scanOnce();
      }
      if (info.size > file.offset) await this.readFrom(file);
      if (this.closed) return;
    }
  }

  private async readFrom(file: TrackedFile): Promise<void> {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = file.offset;
    let carry = Buffer.alloc(0);
    file.incomplete = false;
    for (;;) {
      const { bytesRead } = await file.fd.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0 || this.closed) break;
      position += bytesRead;
      const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        if (file.skipping) file.skipping = false;
        else this.indexLine(file, data, start, nl);
        file.offset += nl + 1 - start;
        file.line++;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      if (carry.length > MAX_LINE && !file.skipping) {
        this.skip(file.path, file.line + 1, `line longer than ${MAX_LINE >> 20} MiB`);
        file.skipping = true;
      }
      if (file.skipping) {
        file.offset += carry.length;
        carry = Buffer.alloc(0);
      }
      this.revision++;
    }
    if (carry.length > 0) {
      // A last line without its newline: complete JSON is read (some writers omit the final
      // newline); anything else may still be being written and is tried again on the next scan.
      if (this.tryParse(carry.toString('utf8')) !== undefined) {
        this.indexLine(file, carry, 0, carry.length);
        file.offset += carry.length;
        file.line++;
      } else {
        file.incomplete = true;
      }
    }
  }

  private tryParse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  private indexLine(file: TrackedFile, data: Buffer, start: number, end: number): void {
    const text = data.toString('utf8', start, end);
    if (text.trim() === '') return;
    const fast = fastSpanHead(text);
    if (fast) return this.add(file, [fast], end - start);
    const request = this.tryParse(text);
    const line = file.line + 1;
    if (request === undefined) return this.skip(file.path, line, 'not JSON');
    const problem = requestShapeProblem(request);
    if (problem) return this.skip(file.path, line, problem);
    this.add(file, spanHeads(request as Record<string, unknown>), end - start);
  }

  private add(file: TrackedFile, heads: ReturnType<typeof spanHeads>, length: number): void {
    for (const head of heads) this.index.add(head, file.id, file.offset, length);
    file.spans += heads.length;
  }

  private skip(file: string, line: number, reason: string): void {
    this.skipped.count++;
    this.skipped.first ??= { file, line, reason };
  }

  private async reset(): Promise<void> {
    for (const f of this.files.values()) await f.fd.close().catch(() => undefined);
    this.files.clear();
    this.byId.clear();
    this.index.clear();
    this.skipped = { count: 0 };
    this.revision++;
  }

  async listTraces(query: TraceQuery): Promise<TraceList> {
    const matched = this.index.match(query);
    if (!query.attr) return { traces: matched.slice(0, query.limit).map((r) => this.index.summaryOf(r)), total: matched.length, partial: false };
    const traces: TraceSummary[] = [];
    let scanned = 0;
    for (const r of matched) {
      if (traces.length === query.limit) break;
      scanned++;
      const spans = await this.readSpans(r);
      // Indexing may have gone on while reading: the summary is taken afresh.
      if (spans.some((s) => attributeMatches(s.attributes, query.attr!) || attributeMatches(s.resource, query.attr!))) traces.push(this.index.summaryOf(r));
    }
    return { traces, total: traces.length, partial: scanned < matched.length };
  }

  async getTrace(traceId: string): Promise<TraceDetail | undefined> {
    const r = this.index.traces.get(traceId.toLowerCase());
    return r ? traceDetailOf(r.traceId, await this.readSpans(r)) : undefined;
  }

  /** Reads a trace's lines back, merging nearby ranges of one file into one read. */
  private async readSpans(r: TraceRecord): Promise<ViewerSpan[]> {
    const ranges: Array<[number, number, number]> = [];
    for (let i = 0; i < r.refs.length; i += 3) ranges.push([r.refs[i]!, r.refs[i + 1]!, r.refs[i + 2]!]);
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const spans: ViewerSpan[] = [];
    let i = 0;
    while (i < ranges.length) {
      const [fileId, from] = ranges[i]!;
      let j = i;
      let to = from + ranges[i]![2];
      while (j + 1 < ranges.length && ranges[j + 1]![0] === fileId && ranges[j + 1]![1] - to <= READ_GAP) {
        j++;
        to = Math.max(to, ranges[j]![1] + ranges[j]![2]);
      }
      const file = this.byId.get(fileId);
      if (file) {
        const buffer = Buffer.allocUnsafe(to - from);
        const { bytesRead } = await file.fd.read(buffer, 0, to - from, from).catch(() => ({ bytesRead: 0 }));
        for (let k = i; k <= j && bytesRead > 0; k++) {
          const [, offset, length] = ranges[k]!;
          const request = this.tryParse(buffer.toString('utf8', offset - from, offset - from + length));
          if (request && !requestShapeProblem(request)) spans.push(...viewerSpans(request as Record<string, unknown>, r.traceId));
        }
      }
      i = j + 1;
    }
    return spans;
  }

  async operations() {
    return this.index.ops.snapshot();
  }

  async overview(): Promise<Overview> {
    const incomplete = [...this.files.values()].find((f) => f.incomplete);
    return {
      kind: 'file',
      revision: this.revision,
      ...this.index.totals(),
      indexing: this.indexing,
      skipped: { ...this.skipped },
      ...(incomplete ? { incomplete: { file: incomplete.path, line: incomplete.line + 1 } } : {}),
      files: [...this.files.values()].map((f) => ({ path: f.path, bytes: f.offset, spans: f.spans })),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.busy;
    for (const f of this.files.values()) await f.fd.close().catch(() => undefined);
    this.files.clear();
  }
}
