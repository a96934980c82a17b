import { readFile } from 'node:fs/promises';
import { logger } from '../internal/diag';

export type StoredValue = string | number | boolean | bigint | null | Uint8Array | StoredValue[] | { [key: string]: StoredValue };

/** One span read back from a file written by the file exporter. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  /** OTLP numbering: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Nanoseconds since the epoch, as bigint (exact). */
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, StoredValue>;
  events: Array<{ name: string; timeUnixNano: bigint; attributes: Record<string, StoredValue> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, StoredValue> }>;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: Record<string, StoredValue>;
  scope: { name: string; version?: string };
}

export interface ReadSpanFileOptions {
  /** Also read the rotated files `path.N` … `path.1` (oldest first) before `path`. @default false */
  includeRotated?: boolean;
  /** How many rotated files to look for. @default 5 */
  maxFiles?: number;
}

/**
 * Reads spans written by `createFileExporter` (any OTLP/JSON lines file works). Lines that are not
 * valid JSON, e.g. a line torn by a crash, are skipped with one diag warning. A missing file reads
 * as no spans.
 */
export async function readSpanFile(path: string, options: ReadSpanFileOptions = {}): Promise<StoredSpan[]> {
  const files: string[] = [];
  if (options.includeRotated) {
    for (let i = options.maxFiles ?? 5; i >= 1; i--) files.push(`${path}.${i}`);
  }
  files.push(path);
  const spans: StoredSpan[] = [];
  let bad = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        spans.push(...fromRequest(JSON.parse(line)));
      } catch {
        bad++;
      }
    }
  }
  if (bad > 0) logger.warn(`readSpanFile(${path}): skipped ${bad} line(s) that are not OTLP/JSON.`);
  return spans;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fromRequest(request: Json): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: String(ss.scope?.name ?? ''), ...(ss.scope?.version ? { version: String(ss.scope.version) } : {}) };
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: String(s.traceId),
          spanId: String(s.spanId),
          ...(s.parentSpanId ? { parentSpanId: String(s.parentSpanId) } : {}),
          ...(s.traceState ? { traceState: String(s.traceState) } : {}),
          name: String(s.name),
          kind: Number(s.kind ?? 0),
          startTimeUnixNano: BigInt(s.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(s.endTimeUnixNano ?? 0),
          attributes: attributesOf(s.attributes),
          events: (s.events ?? []).map((e: Json) => ({
            name: String(e.name),
            timeUnixNano: BigInt(e.timeUnixNano ?? 0),
            attributes: attributesOf(e.attributes),
          })),
          links: (s.links ?? []).map((l: Json) => ({
            traceId: String(l.traceId),
            spanId: String(l.spanId),
            attributes: attributesOf(l.attributes),
          })),
          status: { code: Number(s.status?.code ?? 0), ...(s.status?.message ? { message: String(s.status.message) } : {}) },
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

function attributesOf(list: Json[] | undefined): Record<string, StoredValue> {
  const out: Record<string, StoredValue> = {};
  for (const kv of list ?? []) out[String(kv.key)] = valueOf(kv.value);
  return out;
}

function valueOf(v: Json | undefined): StoredValue {
  if (!v) return null;
  if ('stringValue' in v) return String(v.stringValue);
  if ('boolValue' in v) return Boolean(v.boolValue);
  if ('intValue' in v) {
    const big = BigInt(v.intValue);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return (v.arrayValue?.values ?? []).map(valueOf);
  if ('kvlistValue' in v) return attributesOf(v.kvlistValue?.values);
  if ('bytesValue' in v) return Uint8Array.from(Buffer.from(String(v.bytesValue), 'base64'));
  return null;
}
