import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { logger } from '../internal/diag';
import { DiskSpool, type SpoolFrame } from './disk-spool';
import type { ResolvedSpool } from './spool-options';
import type { ExportStatsRecorder } from './stats';

/** Serialises spans into one OTLP protobuf export request (`ProtobufTraceSerializer.serializeRequest`). */
export type RequestSerializer = (spans: ReadableSpan[]) => Uint8Array | undefined;

/**
 * The processor's side of one exporter's disk spool: every call moves spans between the
 * counters of {@link ExportStatsRecorder} and the files of {@link DiskSpool} in one step, so the
 * invariant holds at every moment. Never throws: a failed write loses the request and counts it.
 */
export class SpoolLink {
  private lossLogged = false;

  constructor(
    readonly store: DiskSpool,
    private readonly serialize: RequestSerializer,
    private readonly stats: ExportStatsRecorder,
    readonly options: ResolvedSpool,
    private readonly exporterName: string,
  ) {}

  /** Opens the spool of one exporter and counts what an earlier process left. Throws the filesystem's error. */
  static open(base: string, options: ResolvedSpool, serialize: RequestSerializer, stats: ExportStatsRecorder, exporterName: string): SpoolLink {
    // eslint-disable-next-line prefer-const -- the store's callback needs the link, which needs the store
    let link: SpoolLink | undefined;
    const store = new DiskSpool({
      base,
      maxBytes: options.maxBytes,
      fsync: options.fsync,
      onLost: (spans, reason) => link?.lost(spans, reason),
    });
    link = new SpoolLink(store, serialize, stats, options, exporterName);
    stats.spoolRecovered(store.recoveredSpans);
    link.gauges();
    if (store.recoveredSpans > 0 || store.corruptFrames > 0) {
      logger.info(
        `exporter "${exporterName}": spool ${store.dir} holds ${store.recoveredSpans} span(s) from an earlier process` +
          `${store.corruptFrames > 0 ? ` (${store.corruptFrames} damaged stretch(es) skipped)` : ''}; replaying them.`,
      );
    }
    return link;
  }

  get isEmpty(): boolean {
    return this.store.isEmpty;
  }

  /** Writes spans (taken from the queue, or a batch in flight) as one frame. */
  spill(spans: ReadableSpan[], from: 'queue' | 'inFlight'): void {
    if (spans.length === 0) return;
    this.stats.spilled(spans.length, from);
    let request: Uint8Array | undefined;
    try {
      request = this.serialize(spans);
    } catch (error) {
      this.lost(spans.length, `OTLP serializer failed: ${String(error)}`);
      return;
    }
    if (!request) return this.lost(spans.length, 'OTLP serializer produced no request');
    this.store.append(request, spans.length);
    this.gauges();
  }

  /** The oldest frame, now counted in flight; undefined when none is ready. */
  take(): SpoolFrame | undefined {
    const frame = this.store.take();
    if (frame) this.stats.replayTaken(frame.spans);
    this.gauges();
    return frame;
  }

  /** A replayed frame's outcome: delivered or failed for good (forgotten), or back to disk. */
  settle(frame: SpoolFrame, outcome: 'delivered' | 'putBack' | 'failed', rejected = 0): void {
    this.stats.replaySettled(frame.spans, outcome, rejected);
    if (outcome === 'putBack') this.store.putBack(frame);
    else this.store.ack(frame);
    this.gauges();
  }

  /**
   * The process is exiting with this frame in flight: it stays in its segment (not acknowledged)
   * for the next process, so it counts as spooled again.
   */
  leaveOnDisk(frame: SpoolFrame): void {
    this.stats.replaySettled(frame.spans, 'putBack');
  }

  close(): void {
    this.store.close();
    this.gauges();
  }

  private lost(spans: number, reason: string): void {
    if (spans > 0) this.stats.spoolLost(spans);
    const line = `exporter "${this.exporterName}": ${spans} span(s) lost from the spool: ${reason}`;
    this.stats.noteError(line);
    // The first loss is a warning; later ones are in spoolDroppedSpans and at debug level.
    if (this.lossLogged) logger.debug(line);
    else logger.warn(`${line} (further losses are counted in spoolDroppedSpans)`);
    this.lossLogged = true;
  }

  private gauges(): void {
    this.stats.spoolGauges(this.store.bytes, this.store.corruptFrames);
  }
}
