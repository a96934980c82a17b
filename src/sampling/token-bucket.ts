/** A clock in milliseconds; monotonic by default so wall-clock jumps neither burst nor starve. */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();

/**
 * A token bucket: `creditsPerSecond` tokens are added continuously, up to `maxBalance`, and each
 * admitted item takes one. It starts full, so the first second admits `maxBalance` at once.
 */
export class TokenBucket {
  private balance: number;
  private last: number;

  constructor(
    readonly creditsPerSecond: number,
    readonly maxBalance: number,
    private readonly clock: Clock = monotonicClock,
  ) {
    this.balance = maxBalance;
    this.last = clock();
  }

  /** Takes `cost` tokens if there are enough; never blocks. */
  tryTake(cost = 1): boolean {
    const now = this.clock();
    const elapsed = now - this.last;
    // A clock going backwards (a fake or a broken one) adds nothing rather than removing tokens.
    if (elapsed > 0) {
      this.balance = Math.min(this.maxBalance, this.balance + (elapsed / 1000) * this.creditsPerSecond);
      this.last = now;
    }
    if (this.balance >= cost) {
      this.balance -= cost;
      return true;
    }
    return false;
  }
}
