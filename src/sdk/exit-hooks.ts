import { logger } from '../internal/diag';

export interface ExitHookOptions {
  /** Flushes what is queued; must settle on its own within the export timeout. */
  flush: () => Promise<unknown>;
  /** Spans still waiting (queued, in flight or waiting for a retry). */
  pending: () => number;
  /** At exit: counts what is still waiting as failed and returns how many spans that was. */
  abandon: () => number;
  /** Longest a flush may hold up an exit, ms. */
  timeoutMs: number;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Flush on the way out without changing how the process ends.
 * - SIGTERM / SIGINT, when the app has no handler of its own: flush (bounded), then re-raise the
 *   signal so the process ends exactly as it would have without us. When the app has a handler,
 *   the app decides; we do nothing. A second signal during the flush ends the process at once.
 * - `beforeExit` (the event loop ran dry): flush what is queued, in flight or waiting for a retry
 *   (the wait is cut short), bounded by the export timeout; timers are unref'd, so spans ended just
 *   before a natural exit would otherwise be lost.
 * - `exit`: whatever is still undelivered is counted as failed and reported on stderr, whatever
 *   the log level: a loss at exit is never silent.
 * Returns a function that removes the hooks.
 */
export function installExitHooks(options: ExitHookOptions): () => void {
  let flushingForSignal = false;
  let exitRounds = 0;

  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return; // the app handles this signal itself
    if (flushingForSignal) return reraise(signal);
    flushingForSignal = true;
    // A ref'd timer: the process must stay up until the flush ends or times out, then die by the signal.
    void bounded(options.flush(), options.timeoutMs, true).finally(() => reraise(signal));
  };

  const onBeforeExit = () => {
    // Flushing does async work, which makes the loop run again and 'beforeExit' fire again: flush
    // only while there is something to send, and a bounded number of rounds.
    if (options.pending() === 0 || exitRounds >= 3) return;
    exitRounds++;
    void bounded(options.flush(), options.timeoutMs, false);
  };

  const onExit = () => {
    const lost = options.abandon();
    if (lost > 0) {
      process.stderr.write(
        `tracewright: ${lost} span(s) were not delivered before the process exited (backend down or too slow); counted in failedSpans.\n`,
      );
    }
  };

  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
  };

  const reraise = (signal: NodeJS.Signals) => {
    remove();
    // With our listener gone and none of the app's, the default action ends the process.
    process.kill(process.pid, signal);
  };

  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  return remove;
}

function bounded(work: Promise<unknown>, timeoutMs: number, keepAlive: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      logger.warn(`exit: flush did not finish within ${timeoutMs}ms; leaving the rest counted as pending.`);
      resolve();
    }, timeoutMs);
    if (!keepAlive) timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.warn(`exit: flush failed: ${String(error)}`);
        resolve();
      },
    );
  });
}
