/**
 * The timing loop the in-process benchmarks share: cases interleaved round by round (A B, then
 * B A, so drift and GC debt fall on both sides alike), a GC before each timed batch, round 0
 * thrown away as warm-up, and the median of the other rounds in ns per call.
 */

/** One side of a comparison: `run(i)` is one call, `i` counting from 0 within the batch. */
export interface BenchCase<Name extends string = string> {
  name: Name;
  run: (i: number) => unknown;
}

export interface MeasureOptions {
  /** Rounds, the first of which is the warm-up and not counted. */
  rounds: number;
  /** Calls per case per round. */
  perRound: number;
  /**
   * Yield to the event loop (`setImmediate`) after every this many calls, so that timers and
   * exports run as they would between requests. A power of two; 0 (the default) never yields.
   */
  yieldEvery?: number;
  /** Whether the yields count in the time. Default true: the work they let run is part of the cost. */
  timeYields?: boolean;
  /**
   * What is counted: `wall` (default) the elapsed time, `cpu` the process's CPU time
   * (`process.cpuUsage`, user + system, µs resolution): on a shared machine it does not count
   * the time the process waits for a core, so it moves less with other load.
   */
  clock?: 'wall' | 'cpu';
}

/** `--quick` on the command line (`npm run bench -- NAME --quick`). */
export const quick = process.argv.includes('--quick');

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const gc = (globalThis as { gc?: () => void }).gc;
// Keeps each call's result alive so that no call can be optimised away.
let sink: unknown;

/** Median ns per call for each case, by name, in the order given. */
export async function measure<Name extends string>(
  cases: readonly BenchCase<Name>[],
  options: MeasureOptions,
): Promise<Map<Name, number>> {
  const { rounds, perRound, yieldEvery = 0, timeYields = true, clock = 'wall' } = options;
  const now = clock === 'cpu' ? cpuNow : wallNow;
  if (yieldEvery < 0 || (yieldEvery & (yieldEvery - 1)) !== 0) throw new Error(`yieldEvery must be 0 or a power of two, got ${yieldEvery}`);
  const samples = new Map<Name, number[]>(cases.map((c) => [c.name, []]));
  const reversed = [...cases].reverse();
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 === 0 ? cases : reversed) {
      gc?.();
      const ns = await timeBatch(c.run, perRound, yieldEvery, timeYields, now);
      if (round > 0) samples.get(c.name)!.push(ns);
    }
  }
  if (sink === measure) console.log('');
  return new Map([...samples].map(([name, list]) => [name, median(list)]));
}

const wallNow = () => process.hrtime.bigint();
const cpuNow = () => {
  const usage = process.cpuUsage();
  return BigInt(usage.user + usage.system) * 1000n;
};

async function timeBatch(
  run: (i: number) => unknown,
  perRound: number,
  yieldEvery: number,
  timeYields: boolean,
  now: () => bigint,
): Promise<number> {
  // (i & -1) === -1 never holds for i >= 0: no yields, one cheap test per call.
  const mask = yieldEvery > 0 ? yieldEvery - 1 : -1;
  let ns = 0n;
  let start = now();
  for (let i = 0; i < perRound; i++) {
    sink = run(i);
    if ((i & mask) === mask) {
      if (timeYields) {
        await tick();
      } else {
        ns += now() - start;
        await tick();
        start = now();
      }
    }
  }
  ns += now() - start;
  return Number(ns) / perRound;
}

/** The middle value (the upper one of the two middles for an even count); NaN for none. */
export function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
