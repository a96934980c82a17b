import type { Attributes, SpanKind } from '@opentelemetry/api';
import type { SpanKey } from './span-keys';
import { EMPTY, type SpanExtras, type SpanRecord } from './span-record';

// flags: status in bits 0-1, remote parent bit 2, ended before start bit 3, kind from bit 4.
const STATUS_MASK = 3;
export const FLAG_OK = 1;
export const FLAG_ERROR = 2;
export const FLAG_REMOTE_PARENT = 4;
export const FLAG_ENDED_BEFORE_START = 8;
export const KIND_SHIFT = 4;
const STATUS: readonly SpanRecord['status'][] = ['unset', 'ok', 'error', 'unset'];

const INITIAL_CAPACITY = 1024;

/**
 * The stored spans, one column per field: numbers in typed arrays, strings and objects by
 * reference in plain arrays. A stored span is no object of its own: the garbage collector has
 * nothing per span to copy and promote besides what the SDK allocated for it (its id string and
 * its attributes), and the columns themselves live in the old generation. Slots of spans let go
 * are reused (a free list); the spans of one trace are linked through `next`, in the order they
 * ended. Records are built only when the spans are read.
 */
export class SpanColumns {
  private capacity = INITIAL_CAPACITY;
  // Slots handed out so far (the high-water mark); slots let go since wait in `free`.
  private size = 0;
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  next = new Int32Array(INITIAL_CAPACITY);
  private flags = new Uint8Array(INITIAL_CAPACITY);
  private startMs = new Float64Array(INITIAL_CAPACITY);
  private durationMs = new Float64Array(INITIAL_CAPACITY);
  private bytes = new Float64Array(INITIAL_CAPACITY);
  private readonly spanId: (string | undefined)[] = [];
  private readonly parentSpanId: (string | undefined)[] = [];
  private readonly key: (SpanKey | undefined)[] = [];
  private readonly attributes: (Attributes | undefined)[] = [];
  private readonly extras: (SpanExtras | undefined)[] = [];

  /** Stores a span at the end of a trace's list (`after`: the trace's last slot, or -1); returns its slot. */
  add(after: number, spanId: string, parentSpanId: string | undefined, key: SpanKey, attributes: Attributes, extras: SpanExtras | undefined, startMs: number, durationMs: number, flags: number, bytes: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount];
    else {
      if (this.size === this.capacity) this.grow();
      slot = this.size++;
    }
    this.next[slot] = -1;
    if (after >= 0) this.next[after] = slot;
    this.flags[slot] = flags;
    this.startMs[slot] = startMs;
    this.durationMs[slot] = durationMs;
    this.bytes[slot] = bytes;
    this.spanId[slot] = spanId;
    this.parentSpanId[slot] = parentSpanId;
    this.key[slot] = key;
    this.attributes[slot] = attributes;
    this.extras[slot] = extras;
    return slot;
  }

  /** Lets go of the spans linked from `first`: their references are dropped and their slots reused. */
  release(first: number): void {
    for (let slot = first; slot >= 0; slot = this.next[slot]) {
      this.spanId[slot] = undefined;
      this.parentSpanId[slot] = undefined;
      this.key[slot] = undefined;
      this.attributes[slot] = undefined;
      this.extras[slot] = undefined;
      this.free[this.freeCount++] = slot;
    }
  }

  /** The spans linked from `first` as records. */
  records(traceId: string, first: number): SpanRecord[] {
    const out: SpanRecord[] = [];
    for (let slot = first; slot >= 0; slot = this.next[slot]) {
      const key = this.key[slot]!;
      const flags = this.flags[slot];
      const extras = this.extras[slot];
      out.push({
        traceId,
        spanId: this.spanId[slot]!,
        parentSpanId: this.parentSpanId[slot],
        remoteParent: (flags & FLAG_REMOTE_PARENT) !== 0,
        name: key.name,
        kind: (flags >> KIND_SHIFT) as SpanKind,
        service: key.service,
        resourceService: key.resourceService,
        startMs: this.startMs[slot],
        durationMs: this.durationMs[slot],
        endedBeforeStart: (flags & FLAG_ENDED_BEFORE_START) !== 0,
        status: STATUS[flags & STATUS_MASK],
        statusMessage: extras?.statusMessage,
        attributes: this.attributes[slot]!,
        events: extras ? extras.events : EMPTY,
        links: extras ? extras.links : EMPTY,
        bytes: this.bytes[slot],
      });
    }
    return out;
  }

  /** Forgets every span. */
  clear(): void {
    this.size = 0;
    this.freeCount = 0;
    this.spanId.length = 0;
    this.parentSpanId.length = 0;
    this.key.length = 0;
    this.attributes.length = 0;
    this.extras.length = 0;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.free = grown(this.free, new Int32Array(capacity));
    this.next = grown(this.next, new Int32Array(capacity));
    this.flags = grown(this.flags, new Uint8Array(capacity));
    this.startMs = grown(this.startMs, new Float64Array(capacity));
    this.durationMs = grown(this.durationMs, new Float64Array(capacity));
    this.bytes = grown(this.bytes, new Float64Array(capacity));
    this.capacity = capacity;
  }
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
