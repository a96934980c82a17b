/** When the spool forces written frames to the disk; see {@link SpoolOptions.fsync}. */
export type SpoolFsync = 'none' | 'batch' | 'interval';
export const SPOOL_FSYNC_MODES: readonly SpoolFsync[] = ['none', 'batch', 'interval'];

/**
 * The optional disk spool of each OTLP exporter: what the queue cannot hold, and every batch
 * while the backend fails, is written to disk as framed OTLP protobuf and replayed in order once
 * the backend accepts again — also by the next process after a crash, kill or deploy.
 */
export interface SpoolOptions {
  /**
   * Directory of the spool; setting it turns the spool on. Each exporter writes below
   * `<dir>/<serviceName>/<exporter>`. Default: unset (no spool). Env `TRACEWRIGHT_SPOOL_DIR`.
   */
  dir: string;
  /**
   * Most bytes on disk per exporter; when full, the oldest segment is dropped and its spans are
   * counted in `spoolDroppedSpans` (and `droppedSpans`). Default 256 MiB. Env `TRACEWRIGHT_SPOOL_MAX_BYTES`.
   */
  maxBytes?: number;
  /**
   * `none`: the page cache only (survives a crash or kill -9 of the process, not a power cut);
   * `batch`: fsync after every frame (survives a power cut, costs a disk flush per batch);
   * `interval`: fsync at most once a second while writing. Default `interval`: a killed process
   * loses nothing either way, and a power cut loses at most the last second for one flush a second.
   * Env `TRACEWRIGHT_SPOOL_FSYNC`.
   */
  fsync?: SpoolFsync;
  /**
   * Most spans per second replayed from the spool, so that replay leaves room for live spans (live
   * batches always go first). Default 20000. Env `TRACEWRIGHT_SPOOL_REPLAY_RATE`.
   */
  replaySpansPerSecond?: number;
}

export type ResolvedSpool = Readonly<Required<SpoolOptions>>;

export const SPOOL_DEFAULTS = {
  maxBytes: 256 * 1024 * 1024,
  fsync: 'interval' as SpoolFsync,
  replaySpansPerSecond: 20_000,
} as const;

/** Smallest `maxBytes`: one segment must hold a frame of a few spans. */
export const SPOOL_MIN_BYTES = 64 * 1024;
