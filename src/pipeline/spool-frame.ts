import { crc32 } from 'node:zlib';

/**
 * The spool's on-disk frame: one export request (already-serialised OTLP protobuf) per frame.
 *
 * ```
 * offset 0  u32 BE  magic 0x54575346 ("TWSF")
 * offset 4  u32 BE  payload length in bytes (at most MAX_FRAME_PAYLOAD)
 * offset 8  u32 BE  spans in the payload
 * offset 12 u32 BE  CRC-32 (zlib) of bytes 8..16+length (span count + payload)
 * offset 16         payload
 * ```
 *
 * The magic lets a reader find the next frame after a damaged one; the CRC covers the span count
 * too, so a torn or corrupted frame is never replayed nor counted with a wrong number of spans.
 */
export const FRAME_MAGIC = 0x54575346;
export const FRAME_HEADER_BYTES = 16;
/** Larger lengths are junk: one export request is far smaller (a batch of 512 spans is ~100 KiB). */
export const MAX_FRAME_PAYLOAD = 64 * 1024 * 1024;
const MAGIC_BYTES = Buffer.from([0x54, 0x57, 0x53, 0x46]);

/**
 * The header of one request's frame; the spool writes it and the payload with one `writev`, so the
 * payload is never copied.
 */
export function encodeFrameHeader(payload: Uint8Array, spanCount: number): Buffer {
  if (payload.byteLength > MAX_FRAME_PAYLOAD) throw new RangeError(`spool frame of ${payload.byteLength} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(FRAME_MAGIC, 0);
  header.writeUInt32BE(payload.byteLength, 4);
  header.writeUInt32BE(spanCount >>> 0, 8);
  // The CRC covers span count + payload, in that order.
  header.writeUInt32BE(crc32(payload, crc32(header.subarray(8, 12))) >>> 0, 12);
  return header;
}

/** One request framed in a single buffer (header + payload), as it lies in a segment. */
export function encodeFrame(payload: Uint8Array, spanCount: number): Buffer {
  return Buffer.concat([encodeFrameHeader(payload, spanCount), payload]);
}

/** One intact frame found by {@link decodeFrames}: its payload is a view into the input. */
export interface DecodedFrame {
  offset: number;
  spans: number;
  payload: Buffer;
}

export interface DecodeResult {
  frames: DecodedFrame[];
  /** Damaged stretches skipped: each run of bytes between two intact frames counts once. */
  corrupt: number;
  /** Bytes examined (scanned or checksummed): a bound on the work done, for tests. */
  work: number;
}

/**
 * Reads every intact frame of a segment. Never throws: a bad magic, a junk length, a CRC mismatch
 * or a frame cut short (a torn write at the end) counts one corrupt stretch, and reading resumes at
 * the next magic after it. Work is at most `bytes × (1 + magic occurrences)`: each candidate
 * frame is checksummed once.
 */
export function decodeFrames(data: Buffer): DecodeResult {
  const frames: DecodedFrame[] = [];
  let corrupt = 0;
  let work = 0;
  let damaged = false;
  let pos = 0;
  while (pos < data.length) {
    const frame = pos + FRAME_HEADER_BYTES <= data.length ? readFrameAt(data, pos) : undefined;
    if (frame) {
      work += frame.payload.length + 4;
      frames.push(frame);
      damaged = false;
      pos += FRAME_HEADER_BYTES + frame.payload.length;
      continue;
    }
    if (pos + FRAME_HEADER_BYTES <= data.length) work += checkedBytes(data, pos);
    if (!damaged) corrupt++;
    damaged = true;
    const next = data.indexOf(MAGIC_BYTES, pos + 1);
    work += (next === -1 ? data.length : next) - pos;
    if (next === -1) break;
    pos = next;
  }
  return { frames, corrupt, work };
}

function readFrameAt(data: Buffer, pos: number): DecodedFrame | undefined {
  if (data.readUInt32BE(pos) !== FRAME_MAGIC) return undefined;
  const length = data.readUInt32BE(pos + 4);
  if (length > MAX_FRAME_PAYLOAD || pos + FRAME_HEADER_BYTES + length > data.length) return undefined;
  const payload = data.subarray(pos + FRAME_HEADER_BYTES, pos + FRAME_HEADER_BYTES + length);
  const expected = data.readUInt32BE(pos + 12);
  if (crc32(payload, crc32(data.subarray(pos + 8, pos + 12))) !== expected) return undefined;
  return { offset: pos, spans: data.readUInt32BE(pos + 8), payload };
}

/** Bytes a failed candidate at `pos` cost to check (its payload, when the length was plausible). */
function checkedBytes(data: Buffer, pos: number): number {
  if (data.readUInt32BE(pos) !== FRAME_MAGIC) return 4;
  const length = data.readUInt32BE(pos + 4);
  return length > MAX_FRAME_PAYLOAD || pos + FRAME_HEADER_BYTES + length > data.length ? 8 : length + 4;
}
