import { closeSync, fstatSync, fsyncSync, openSync, readdirSync, readSync, statSync, unlinkSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { FRAME_HEADER_BYTES, decodeFrames, encodeFrameHeader, type DecodedFrame } from './spool-frame';
import { acquireSpoolSlot } from './spool-lock';
import type { SpoolFsync } from './spool-options';

const SEGMENT_NAME = /^(\d{12})\.seg$/;
const FSYNC_INTERVAL_MS = 1000;

interface Segment {
  seq: number;
  path: string;
  bytes: number;
  /** Spans in its intact frames (as written, or as found when recovered). */
  spans: number;
  /** Read once already (recovered at open): its damage was counted then. */
  scanned?: boolean;
}

/** A frame handed out by {@link DiskSpool.take}; give it back with `ack` or `putBack`. */
export interface SpoolFrame {
  readonly spans: number;
  readonly payload: Buffer;
  readonly segment: number;
}

export interface DiskSpoolOptions {
  /** Directory of this exporter; a slot below it is locked (see spool-lock.ts). */
  base: string;
  maxBytes: number;
  fsync: SpoolFsync;
  /** Spans that left the spool without delivery: full spool, damaged frames, a failed write. */
  onLost(spans: number, reason: string): void;
}

/**
 * Append-only segment files of framed, already-serialised export requests, replayed oldest first.
 * All I/O is synchronous: an append is one `write` of one frame into the page cache (it survives
 * a kill -9 as soon as it returns), and a replay reads one segment at a time. A segment is deleted
 * once every frame of it was acknowledged; a process that dies mid-replay leaves the segment for
 * the next one, whose replay may then repeat those frames (delivery is at-least-once).
 */
export class DiskSpool {
  readonly dir: string;
  /** Spans found in segments of an earlier process when opened. */
  readonly recoveredSpans: number;
  /** Damaged stretches skipped, when opened and since. */
  corruptFrames = 0;
  /** Spans on disk not handed out by `take`. */
  spooledSpans = 0;
  /** Bytes of every segment on disk. */
  bytes = 0;
  private readonly segments: Segment[] = [];
  private readonly segmentBytes: number;
  private readBuffer: Buffer = Buffer.alloc(0);
  private readonly release: () => void;
  private nextSeq = 1;
  private writeFd: number | undefined;
  private dirty = false;
  private fsyncTimer: ReturnType<typeof setInterval> | undefined;
  private reading: { seq: number; frames: DecodedFrame[]; next: number; outstanding: number } | undefined;
  private closed = false;

  /** Takes a slot and scans what an earlier process left. Throws the filesystem's error. */
  constructor(private readonly options: DiskSpoolOptions) {
    const slot = acquireSpoolSlot(options.base);
    this.dir = slot.dir;
    this.release = slot.release;
    // Segments of at most an eighth of the budget: dropping the oldest frees a bounded share.
    this.segmentBytes = Math.max(64 * 1024, Math.min(16 * 1024 * 1024, Math.floor(options.maxBytes / 8)));
    let recovered = 0;
    try {
      for (const name of readdirSync(this.dir).sort()) {
        const match = SEGMENT_NAME.exec(name);
        if (!match) continue;
        const seq = Number(match[1]);
        this.nextSeq = Math.max(this.nextSeq, seq + 1);
        const path = join(this.dir, name);
        const { frames, corrupt } = decodeFrames(this.readSegment(path));
        this.corruptFrames += corrupt;
        const spans = frames.reduce((n, f) => n + f.spans, 0);
        if (spans === 0) unlinkSync(path);
        else this.segments.push({ seq, path, bytes: statSync(path).size, spans, scanned: true });
        recovered += spans;
      }
    } catch (error) {
      this.release();
      throw error;
    }
    this.recoveredSpans = recovered;
    this.spooledSpans = recovered;
    this.bytes = this.segments.reduce((n, s) => n + s.bytes, 0);
    if (options.fsync === 'interval') {
      this.fsyncTimer = setInterval(() => this.sync(), FSYNC_INTERVAL_MS);
      this.fsyncTimer.unref?.();
    }
  }

  /** Frames in the spool to replay (taken ones excluded). */
  get isEmpty(): boolean {
    return this.spooledSpans === 0;
  }

  /**
   * Appends one request. Makes room by dropping the oldest segments (counted through `onLost`);
   * a frame larger than the whole budget, or a failed write (disk full), loses this request.
   */
  append(payload: Uint8Array, spans: number): void {
    if (this.closed) return this.options.onLost(spans, 'the spool is closed');
    const header = encodeFrameHeader(payload, spans);
    const length = FRAME_HEADER_BYTES + payload.byteLength;
    if (length > this.options.maxBytes) return this.options.onLost(spans, `a request of ${length} bytes exceeds spool.maxBytes`);
    while (this.bytes + length > this.options.maxBytes && this.segments.length > 0) this.dropOldest();
    let active = this.segments.at(-1);
    try {
      if (this.writeFd === undefined || active === undefined || active.bytes + length > this.segmentBytes) active = this.rotate();
      // Header and payload in one write, the payload not copied.
      writevSync(this.writeFd as number, [header, payload]);
    } catch (error) {
      // ENOSPC / EIO: what was written of this frame is torn and will be skipped when read.
      this.closeWriter();
      return this.options.onLost(spans, `spool write failed: ${(error as Error).message}`);
    }
    active.bytes += length;
    active.spans += spans;
    this.bytes += length;
    this.spooledSpans += spans;
    this.dirty = true;
    if (this.options.fsync === 'batch') this.sync();
  }

  /** The oldest frame not handed out yet, or undefined. Reading a segment closes it for writing. */
  take(): SpoolFrame | undefined {
    if (this.closed) return undefined;
    for (;;) {
      const r = this.reading;
      if (r && r.next < r.frames.length) {
        const f = r.frames[r.next++];
        r.outstanding++;
        this.spooledSpans -= f.spans;
        // A copy: the segment's bytes live in a buffer the next segment is read into.
        return { spans: f.spans, payload: Buffer.from(f.payload), segment: r.seq };
      }
      if (r && r.outstanding > 0) return undefined; // one segment at a time: wait for its answers
      if (r) this.finishReading();
      const oldest = this.segments[0];
      if (!oldest) return undefined;
      this.load(oldest);
    }
  }

  /** The frame was delivered (or failed for good): forget it. */
  ack(frame: SpoolFrame): void {
    const r = this.reading;
    if (!r || r.seq !== frame.segment) return; // its segment was dropped meanwhile
    r.outstanding--;
    if (r.outstanding === 0 && r.next >= r.frames.length) this.finishReading();
  }

  /** The frame could not be sent now: it goes back to the front (or to the end if its segment was dropped). */
  putBack(frame: SpoolFrame): void {
    const r = this.reading;
    if (r && r.seq === frame.segment && r.next > 0) {
      r.outstanding--;
      r.next--;
      this.spooledSpans += frame.spans;
      return;
    }
    this.append(frame.payload, frame.spans);
  }

  /** Flushes to disk (unless `fsync: 'none'`), closes the segment and releases the lock. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    this.closeWriter();
    this.release();
  }

  toString(): string {
    return `DiskSpool(${this.dir}, ${this.spooledSpans} spans, ${this.bytes} bytes)`;
  }

  private load(segment: Segment): void {
    if (this.segments.at(-1) === segment) this.closeWriter();
    let data: Buffer;
    try {
      data = this.readSegment(segment.path);
    } catch (error) {
      data = Buffer.alloc(0);
      this.options.onLost(0, `spool segment unreadable: ${(error as Error).message}`);
    }
    const { frames, corrupt } = decodeFrames(data);
    if (!segment.scanned) this.corruptFrames += corrupt;
    const intact = frames.reduce((n, f) => n + f.spans, 0);
    if (intact < segment.spans) {
      // Frames damaged on disk since they were written: their spans leave the spool, counted.
      this.spooledSpans -= segment.spans - intact;
      this.options.onLost(segment.spans - intact, 'damaged spool frames skipped');
    }
    segment.spans = intact;
    this.reading = { seq: segment.seq, frames, next: 0, outstanding: 0 };
  }

  /**
   * A whole segment, read into one buffer kept for the next segment: reading a fresh multi-MiB
   * buffer per segment made glibc's malloc raise its mmap threshold and keep the freed memory, so
   * RSS crept up by ~20% over a 10-minute soak with outages; with the buffer reused it stays flat.
   * The frames handed out are copies (see take), so nothing in flight points into it.
   */
  private readSegment(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (this.readBuffer.length < size) this.readBuffer = Buffer.allocUnsafeSlow(Math.max(size, this.segmentBytes));
      let read = 0;
      while (read < size) {
        const n = readSync(fd, this.readBuffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return this.readBuffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  private finishReading(): void {
    const r = this.reading;
    this.reading = undefined;
    if (!r) return;
    const index = this.segments.findIndex((s) => s.seq === r.seq);
    if (index >= 0) this.remove(index);
  }

  private dropOldest(): void {
    const oldest = this.segments[0];
    const r = this.reading;
    let lost = oldest.spans;
    if (r && r.seq === oldest.seq) {
      lost = r.frames.slice(r.next).reduce((n, f) => n + f.spans, 0);
      this.reading = undefined;
    }
    if (this.segments.length === 1) this.closeWriter();
    this.remove(0);
    this.spooledSpans -= lost;
    if (lost > 0) this.options.onLost(lost, `spool full (maxBytes ${this.options.maxBytes}): oldest segment dropped`);
  }

  private remove(index: number): void {
    const [segment] = this.segments.splice(index, 1);
    this.bytes -= segment.bytes;
    try {
      unlinkSync(segment.path);
    } catch {
      // already gone: the budget is what matters
    }
  }

  private rotate(): Segment {
    this.closeWriter();
    const seq = this.nextSeq++;
    const path = join(this.dir, `${String(seq).padStart(12, '0')}.seg`);
    this.writeFd = openSync(path, 'a');
    const segment = { seq, path, bytes: 0, spans: 0 };
    this.segments.push(segment);
    return segment;
  }

  private closeWriter(): void {
    if (this.writeFd === undefined) return;
    this.sync();
    closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  private sync(): void {
    if (!this.dirty || this.writeFd === undefined || this.options.fsync === 'none') return;
    this.dirty = false;
    try {
      fsyncSync(this.writeFd);
    } catch {
      // a failed fsync leaves the data in the page cache; the next write reports real trouble
    }
  }
}
