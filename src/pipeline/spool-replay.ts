import type { LossReporter } from './loss-reporter';
import type { ManagedExporter } from './managed-exporter';
import type { RetryPolicy } from './processor-options';
import { classifyExportError, nextDelay, type ExportErrorClass } from './retry-policy';
import type { SpoolFrame } from './disk-spool';
import type { SpoolLink } from './spool-link';
import type { ExportStatsRecorder } from './stats';

/** What the replay needs from the processor that owns it. */
export interface ReplayHost {
  readonly exporter: ManagedExporter;
  readonly stats: ExportStatsRecorder;
  readonly loss: LossReporter;
  readonly retry: Readonly<Required<RetryPolicy>>;
  /** Runs `task` in one of the processor's export slots. */
  launch(task: () => Promise<void>, what: string): void;
  /** Asks the processor to start what comes next (a live batch first). */
  kick(): void;
  /** Deadline of one attempt now (shorter near the shutdown deadline). */
  attemptTimeout(): number;
  /** The process is exiting: whatever is in flight was counted already. */
  abandoned(): boolean;
}

/**
 * The spool's way back to the backend. While the backend fails, a probe is due after each backoff
 * of the retry policy, and the oldest frame on disk is the probe; once the backend answers, frames
 * are replayed in order, one at a time, paced at `replaySpansPerSecond` so that live batches keep
 * their room. A frame refused for good is counted as failed; a transient failure puts it back at
 * the front of the spool.
 */
export class SpoolReplay {
  /** The backend failed last time: live batches go to disk until a probe succeeds. */
  backendDown = false;
  /** The frame being sent now (the processor leaves it on disk when the process exits). */
  inFlight: SpoolFrame | undefined;
  private probeAttempt = 0;
  private probeDue = false;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private replayTimer: ReturnType<typeof setTimeout> | undefined;
  private nextReplayAt = 0;
  private replaying = false;

  constructor(
    private readonly spool: SpoolLink,
    private readonly host: ReplayHost,
  ) {}

  /** A send (live or replayed) failed transiently: the next probe waits for the policy's backoff. */
  failed(failure: ExportErrorClass): void {
    this.backendDown = true;
    this.probeDue = false;
    this.probeAttempt++;
    if (this.probeTimer !== undefined) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      this.probeDue = true;
      this.host.kick();
    }, nextDelay(this.probeAttempt, this.host.retry, failure));
    this.probeTimer.unref?.();
  }

  /** A send was accepted: the backend is up. */
  up(): void {
    this.backendDown = false;
    this.probeDue = false;
    this.probeAttempt = 0;
  }

  /** Starts a probe or a paced replay when one is due; true when something started. */
  startWork(): boolean {
    if (this.backendDown) {
      if (!this.probeDue) return false;
      if (this.spool.isEmpty) {
        // Nothing on disk to probe with: the next live batch is the probe.
        this.up();
        return false;
      }
      return this.start();
    }
    if (this.spool.isEmpty) return false;
    const wait = this.nextReplayAt - Date.now();
    if (wait > 0) {
      if (this.replayTimer === undefined) {
        this.replayTimer = setTimeout(() => {
          this.replayTimer = undefined;
          this.host.kick();
        }, wait);
        this.replayTimer.unref?.();
      }
      return false;
    }
    return this.start();
  }

  clearTimers(): void {
    if (this.probeTimer !== undefined) clearTimeout(this.probeTimer);
    if (this.replayTimer !== undefined) clearTimeout(this.replayTimer);
    this.probeTimer = undefined;
    this.replayTimer = undefined;
  }

  private start(): boolean {
    // One replay at a time: frames go out in order, one segment after the other.
    if (this.replaying) return false;
    const frame = this.spool.take();
    if (!frame) return false;
    this.replaying = true;
    this.inFlight = frame;
    this.host.launch(() => this.send(frame).finally(() => (this.replaying = false)), 'spool replay');
    return true;
  }

  /** Sends one frame from disk; on a transient failure it goes back to the front of the spool. */
  private async send(frame: SpoolFrame): Promise<void> {
    const host = this.host;
    const outcome = await host.exporter.sendSerialized(frame.payload, frame.spans, host.attemptTimeout(), this.backendDown);
    this.inFlight = undefined;
    if (host.abandoned()) return;
    if (outcome.ok) {
      this.spool.settle(frame, 'delivered', outcome.rejectedSpans ?? 0);
      this.up();
      this.nextReplayAt = Date.now() + (frame.spans * 1000) / this.spool.options.replaySpansPerSecond;
      return;
    }
    const failure = classifyExportError(outcome.error);
    if (failure.retryable) {
      this.spool.settle(frame, 'putBack');
      return this.failed(failure);
    }
    this.spool.settle(frame, 'failed');
    const reason = `${failure.reason}, not retryable (replayed from the spool)`;
    host.stats.noteError(reason);
    host.loss.failed(frame.spans, reason);
  }
}
