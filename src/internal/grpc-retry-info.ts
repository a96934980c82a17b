/**
 * Reads the server's requested wait from a gRPC error: the `google.rpc.RetryInfo` detail of the
 * `grpc-status-details-bin` trailer (what the OTLP spec asks servers to send with UNAVAILABLE /
 * RESOURCE_EXHAUSTED), or the `grpc-retry-pushback-ms` trailer. A tiny protobuf walk, no decoder
 * dependency: google.rpc.Status { details = 3: repeated Any { type_url = 1, value = 2 } },
 * RetryInfo { retry_delay = 1: Duration { seconds = 1, nanos = 2 } }.
 */
interface MetadataLike {
  get(key: string): unknown[];
}

export function grpcRetryDelayMs(error: unknown): number | undefined {
  const metadata = (error as { metadata?: unknown } | null)?.metadata as MetadataLike | undefined;
  if (!metadata || typeof metadata.get !== 'function') return undefined;
  try {
    const pushback = metadata.get('grpc-retry-pushback-ms')[0];
    if (typeof pushback === 'string' && /^\d+$/.test(pushback)) return Number(pushback);
    const details = metadata.get('grpc-status-details-bin')[0];
    if (details instanceof Uint8Array) return retryInfoFromStatus(details);
  } catch {
    // A malformed trailer only means we fall back to our own backoff.
  }
  return undefined;
}

function retryInfoFromStatus(bytes: Uint8Array): number | undefined {
  for (const field of fields(bytes)) {
    if (field.no !== 3 || !field.bytes) continue;
    let typeUrl = '';
    let value: Uint8Array | undefined;
    for (const any of fields(field.bytes)) {
      if (any.no === 1 && any.bytes) typeUrl = new TextDecoder().decode(any.bytes);
      if (any.no === 2 && any.bytes) value = any.bytes;
    }
    if (!typeUrl.endsWith('google.rpc.RetryInfo') || !value) continue;
    for (const info of fields(value)) {
      if (info.no !== 1 || !info.bytes) continue;
      let seconds = 0;
      let nanos = 0;
      for (const d of fields(info.bytes)) {
        if (d.no === 1 && d.int !== undefined) seconds = d.int;
        if (d.no === 2 && d.int !== undefined) nanos = d.int;
      }
      return Math.max(0, Math.round(seconds * 1000 + nanos / 1e6));
    }
  }
  return undefined;
}

interface Field {
  no: number;
  int?: number;
  bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { no, int: varint() };
    else if (wire === 2) {
      const len = varint();
      if (pos + len > buf.length) throw new Error('truncated field');
      yield { no, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}
