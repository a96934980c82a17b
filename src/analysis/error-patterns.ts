import type { SpanRecord } from './span-record';

/** Failures grouped by exception type and normalised message. */
export interface ErrorPattern {
  /** `exception.type` of the span's exception event, else its `error.type` attribute, else `Error`. */
  type: string;
  /** The message with ids, numbers, hex and quoted strings replaced by `<id>`, `<n>`, `<hex>`, `<str>`. */
  pattern: string;
  count: number;
  /** ms since the epoch. */
  firstSeenMs: number;
  lastSeenMs: number;
  /** Operations (`service: name`) where it happened, up to 10. */
  operations: string[];
  exampleTraceId: string;
  /** The type or message speaks of a timeout. */
  timeout: boolean;
}

/** Patterns past this many go to one `other` pattern, so that random messages cannot grow the table. */
const MAX_PATTERNS = 500;
const MAX_OPERATIONS_PER_PATTERN = 10;
const TIMEOUT = /time(d)?[ _-]?out|deadline[ _-]?exceeded|etimedout/i;

/** What errorOf reads of a span. */
export type ErrorSource = Pick<SpanRecord, 'events' | 'attributes' | 'statusMessage'>;

/** What ErrorPatterns.add reads of a failed span. */
export type FailedSpan = ErrorSource & Pick<SpanRecord, 'traceId' | 'service' | 'name'>;

/** The type and message of a failed span (from its exception event, then its attributes and status). */
export function errorOf(record: ErrorSource): { type: string; message: string } {
  let type: unknown;
  let message: unknown;
  for (const event of record.events) {
    if (event.name === 'exception' && event.attributes) {
      type = event.attributes['exception.type'];
      message = event.attributes['exception.message'];
      break;
    }
  }
  if (typeof type !== 'string' || type === '') type = record.attributes['error.type'];
  if (typeof message !== 'string' || message === '') message = record.statusMessage;
  return { type: typeof type === 'string' && type !== '' ? type : 'Error', message: typeof message === 'string' ? message : '' };
}

/** Replaces the parts of a message that vary between occurrences of the same failure. */
export function normalizeMessage(message: string): string {
  return message
    .slice(0, 500)
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<str>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\b[a-z]+[-_]\d[\w-]*\b/gi, '<id>')
    .replace(/\d+(\.\d+)?/g, '<n>');
}

export function isTimeout(type: string, message: string): boolean {
  return TIMEOUT.test(type) || TIMEOUT.test(message);
}

export class ErrorPatterns {
  private readonly patterns = new Map<string, ErrorPattern>();

  /** Files a failed span; returns whether it was a timeout. */
  add(record: FailedSpan, nowMs: number): boolean {
    const { type, message } = errorOf(record);
    const pattern = normalizeMessage(message);
    let key = `${type}\u0000${pattern}`;
    let entry = this.patterns.get(key);
    if (!entry && this.patterns.size >= MAX_PATTERNS) {
      key = '\u0000other';
      entry = this.patterns.get(key);
      if (!entry) this.patterns.set(key, (entry = newPattern('other', '', record, nowMs, false)));
    }
    const timeout = isTimeout(type, message);
    if (!entry) this.patterns.set(key, (entry = newPattern(type, pattern, record, nowMs, timeout)));
    entry.count++;
    entry.lastSeenMs = nowMs;
    const operation = `${record.service}: ${record.name}`;
    if (entry.operations.length < MAX_OPERATIONS_PER_PATTERN && !entry.operations.includes(operation)) entry.operations.push(operation);
    return timeout;
  }

  /** Patterns, most frequent first (copies). */
  list(): ErrorPattern[] {
    return [...this.patterns.values()].map((p) => ({ ...p, operations: [...p.operations] })).sort((a, b) => b.count - a.count);
  }
}

function newPattern(type: string, pattern: string, record: FailedSpan, nowMs: number, timeout: boolean): ErrorPattern {
  return { type, pattern, count: 0, firstSeenMs: nowMs, lastSeenMs: nowMs, operations: [], exampleTraceId: record.traceId, timeout };
}
