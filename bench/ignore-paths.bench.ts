/**
 * `ignorePaths` matching cost, per match: the glob matcher of today (linear, no RegExp) against
 * the one it replaced (each `*` compiled to `.*` in an anchored RegExp, which backtracks), on
 * ordinary paths and on adversarial ones. The old matcher runs only where it finishes in
 * reasonable time; the new one also on 8 KB paths (the glob itself, and the full matcher, which
 * refuses paths over 2,048 characters before any pattern runs). Prints ns per match side by side
 * with the ratio new / old, and the new matcher against a time budget relative to a bare scan of the
 * path (printed, never asserted).
 *
 *   npx tsx bench/ignore-paths.bench.ts [--quick]
 */
import { createPathMatcher, MAX_IGNORE_PATH_LENGTH } from '../src/sampling/ignore-paths';
import { compileGlob } from '../src/sampling/path-glob';
import { measure, quick } from './support/timing';

const ROUNDS = quick ? 5 : 9;
/**
 * Budget for one match of the new matcher: at most BUDGET_SCANS times a bare scan of the same path
 * (a loop reading every character once), measured in the same run, plus BUDGET_FIXED_NS for the
 * call itself. Relative to a scan so that it holds on a loaded machine as on an idle one.
 */
const BUDGET_SCANS = 8;
const BUDGET_FIXED_NS = 200;

/** Reads every character once: the least any matcher that looks at the whole path must do. */
function scan(path: string): number {
  let sum = 0;
  for (let i = 0; i < path.length; i++) sum += path.charCodeAt(i);
  return sum;
}

/** The matcher before this change, rebuilt here for the comparison. */
function oldGlob(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern;
  const escaped = pattern.split('*').map((t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${escaped.join('.*')}$`, 's');
  return (path) => re.test(path);
}

interface Scenario {
  name: string;
  pattern: string;
  path: string;
  /** Calls per round; the old side gets the same count. */
  perRound: number;
  /** False where the old matcher would take minutes (it is not run). */
  runOld: boolean;
}

const scenarios: Scenario[] = [
  { name: 'exact /health', pattern: '/health', path: '/health', perRound: 500_000, runOld: true },
  { name: '/static/* on /static/js/app.js', pattern: '/static/*', path: '/static/js/app.js', perRound: 500_000, runOld: true },
  { name: '/api/*/health/* on a 35-char miss', pattern: '/api/*/health/*', path: '/api/v1/users/42/orders/7/items?x=1', perRound: 200_000, runOld: true },
  { name: '*a*a*a*b on /a/a… 128 chars', pattern: '*a*a*a*b', path: '/a'.repeat(64), perRound: 200, runOld: true },
  { name: '*a*a*a*b on /a/a… 256 chars', pattern: '*a*a*a*b', path: '/a'.repeat(128), perRound: 20, runOld: true },
  { name: '*a*a*a*b on /a/a… 512 chars', pattern: '*a*a*a*b', path: '/a'.repeat(256), perRound: 4, runOld: true },
  { name: '*a*a*a*b on /a/a… 2 KB', pattern: '*a*a*a*b', path: '/a'.repeat(1024), perRound: 20_000, runOld: false },
  { name: '*aaaaaaab* on a… 2 KB', pattern: '*aaaaaaab*', path: 'a'.repeat(2048), perRound: 5_000, runOld: false },
  { name: '*a*a*a*b on /a/a… 8 KB (glob alone)', pattern: '*a*a*a*b', path: '/a'.repeat(4096), perRound: 5_000, runOld: false },
  { name: '*aaaaaaab* on a… 8 KB (glob alone)', pattern: '*aaaaaaab*', path: 'a'.repeat(8192), perRound: 5_000, runOld: false },
];

function fmt(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`;
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${ROUNDS} rounds (first is warm-up), median ns per match\n`);
  console.log(`budget: new ≤ ${BUDGET_SCANS} × a bare scan of the path + ${BUDGET_FIXED_NS} ns\n`);
  console.log(`${'scenario'.padEnd(42)} ${'new'.padStart(10)} ${'old'.padStart(10)} ${'new/old'.padStart(9)} ${'scan'.padStart(10)}   budget`);
  for (const s of scenarios) {
    const now = compileGlob(s.pattern);
    const before = oldGlob(s.pattern);
    if (s.runOld && now(s.path) !== before(s.path)) throw new Error(`${s.name}: the two matchers disagree`);
    const perRound = quick ? Math.max(1, Math.floor(s.perRound / 5)) : s.perRound;
    // The new side needs many more calls than the old one for a stable figure.
    const fast = await measure([{ name: 'new', run: () => now(s.path) }], { rounds: ROUNDS, perRound: s.runOld ? Math.max(perRound, 20_000) : perRound });
    const bare = await measure([{ name: 'scan', run: () => scan(s.path) }], { rounds: ROUNDS, perRound: s.runOld ? Math.max(perRound, 20_000) : perRound });
    const slow = s.runOld ? await measure([{ name: 'old', run: () => before(s.path) }], { rounds: quick ? 3 : 5, perRound }) : undefined;
    const a = fast.get('new')!;
    const b = slow?.get('old') ?? NaN;
    const ratio = Number.isFinite(b) ? `${(a / b).toExponential(1)}×` : 'not run';
    const c = bare.get('scan')!;
    const budget = BUDGET_SCANS * c + BUDGET_FIXED_NS;
    const verdict = `${a <= budget ? 'within' : 'OVER'} (${fmt(budget)})${s.path.length > MAX_IGNORE_PATH_LENGTH ? ', past the cap' : ''}`;
    console.log(`${s.name.padEnd(42)} ${fmt(a).padStart(10)} ${fmt(b).padStart(10)} ${ratio.padStart(9)} ${fmt(c).padStart(10)}   ${verdict}`);
  }
  // The full matcher (query split, length cap, every pattern) on what an attacker would send.
  const matcher = createPathMatcher(['/health', '/static/*', '*a*a*a*b']);
  const hostile = '/a'.repeat(4096);
  const full = await measure([{ name: 'full', run: () => matcher(hostile) }], { rounds: ROUNDS, perRound: quick ? 20_000 : 100_000 });
  console.log(`\nfull matcher, 3 patterns, 8 KB hostile path (refused by the ${MAX_IGNORE_PATH_LENGTH}-char cap): ${fmt(full.get('full')!)}`);
  console.log('old matcher for comparison: 1 KB of /a against *a*a*a*b took about 10 s per match in a one-off run; 8 KB does not finish in minutes');
}

await main();
