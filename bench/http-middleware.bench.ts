/**
 * HTTP server overhead: autocannon (its own process) against a node:http hello server (another
 * process, plain JavaScript on the built package: bench/support/http-server.mjs) on loopback,
 * side by side in one run:
 *   untraced · als-only (AsyncLocalStorage.run) · sdk-floor (a bare SDK span per request, the
 *   least an SDK-based tracer can cost) · tracewright (`initializeTracing` + `wrapRequestListener`)
 *   · @opentelemetry/instrumentation-http
 * Every traced server samples 100% and exports into an exporter that discards (and counts) spans,
 * so the figure is the cost of tracing, not of a network export. Run `npm run build` first (the
 * `npm run bench` script does): the server loads dist/.
 *
 *   npm run bench -- http-middleware                  10 s per run
 *   npm run bench -- http-middleware --quick          3 s per run
 *   npm run bench -- http-middleware --rounds 3 --connections 50 --duration 10
 *   npm run bench -- http-middleware --callgrind      instructions per request (valgrind)
 *   ... --node /path/to/node (or TRACEWRIGHT_BENCH_NODE)   the Node that runs the servers
 * Modes run interleaved (A B C A B C …) and the table shows medians, so a burst of load from
 * elsewhere on the machine bends one sample rather than one mode.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Mode = 'untraced' | 'als-only' | 'sdk-floor' | 'tracewright' | 'instrumentation-http';
const MODES: Mode[] = ['untraced', 'als-only', 'sdk-floor', 'tracewright', 'instrumentation-http'];
/**
 * Sanity: [more, less] where `more` does all the work of `less` and then some, so it can never
 * count fewer instructions (or serve more requests). A violation means the harness does not
 * measure steady state, and the run fails loudly.
 */
const MORE_WORK: [Mode, Mode][] = [
  ['als-only', 'untraced'],
  ['sdk-floor', 'als-only'],
  ['tracewright', 'sdk-floor'],
  ['instrumentation-http', 'sdk-floor'],
];

const args = process.argv.slice(2);
const SERVER = fileURLToPath(new URL('./support/http-server.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const nodeIndex = args.indexOf('--node');
/** The Node that runs the servers: `--node <path>`, else TRACEWRIGHT_BENCH_NODE, else this one. */
const NODE = nodeIndex >= 0 ? args[nodeIndex + 1]! : (process.env.TRACEWRIGHT_BENCH_NODE ?? process.execPath);
const NODE_VERSION = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();

if (!existsSync(DIST) && !process.env.TRACEWRIGHT_BENCH_DIST) {
  console.error('bench/http-middleware: dist/index.js is missing; run `npm run build` first.');
  process.exit(2);
}
const failures = args.includes('--callgrind') ? await instructionCounts() : await main();
if (failures > 0) process.exit(1);

// ---------------------------------------------------------------- orchestrator

interface Result {
  mode: Mode;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  exported: number;
  /** Server CPU time (user + system) per completed request during the measured run, µs. */
  cpuPerRequest: number;
}

function option(name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

async function main(): Promise<number> {
  const quick = args.includes('--quick');
  const duration = option('--duration', quick ? 3 : 10);
  const connections = option('--connections', 50);
  const warmup = quick ? 1 : 2;
  const rounds = option('--rounds', quick ? 1 : 3);
  console.log(
    `HTTP middleware overhead: autocannon -c ${connections} -d ${duration}s (+${warmup}s warm-up), ${rounds} round(s) interleaved, medians; server node ${NODE_VERSION}`,
  );
  const samples = new Map<Mode, Result[]>(MODES.map((m) => [m, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const mode of MODES) {
      const { child, port, lines } = await startServer(mode);
      await autocannon(port, warmup, connections);
      const cpuBefore = await askCpu(child, lines);
      const stats = await autocannon(port, duration, connections);
      const cpuAfter = await askCpu(child, lines);
      child.kill('SIGTERM');
      const exported = await lastLine(child, lines);
      samples.get(mode)!.push({
        mode,
        rps: stats.requests.average,
        p50: stats.latency.p50,
        p99: stats.latency.p99,
        requests: stats.requests.total,
        errors: stats.errors + stats.non2xx,
        exported: typeof exported.exported === 'number' ? exported.exported : 0,
        cpuPerRequest: stats.requests.total > 0 ? (cpuAfter - cpuBefore) / stats.requests.total : NaN,
      });
      console.log(
        `  round ${round} ${mode.padEnd(22)} ${stats.requests.average.toFixed(0).padStart(7)} req/s  p50 ${stats.latency.p50} ms  p99 ${stats.latency.p99} ms  server CPU ${((cpuAfter - cpuBefore) / Math.max(1, stats.requests.total)).toFixed(1)} µs/req`,
      );
    }
  }
  const results: Result[] = MODES.map((mode) => {
    const list = samples.get(mode)!;
    return {
      mode,
      rps: median(list.map((r) => r.rps)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      requests: list.reduce((n, r) => n + r.requests, 0),
      errors: list.reduce((n, r) => n + r.errors, 0),
      exported: list.reduce((n, r) => n + r.exported, 0),
      cpuPerRequest: median(list.map((r) => r.cpuPerRequest)),
    };
  });
  const base = results[0]!;
  // Ratios paired within each round (modes run back to back) and then the median: steadier than
  // the ratio of medians when the machine's load drifts between rounds.
  const pairedRatio = (mode: Mode, of: (r: Result) => number) =>
    median(samples.get(mode)!.map((r, i) => of(r) / of(samples.get('untraced')![i]!)));
  console.log(
    '\n| server | req/s | vs untraced (paired) | p50 ms | p99 ms | p99 vs untraced (paired) | server CPU µs/req | spans exported | errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.mode} | ${r.rps.toFixed(0)} | ${(pairedRatio(r.mode, (x) => x.rps) * 100).toFixed(1)}% | ${r.p50} | ${r.p99} | ` +
        `${pairedRatio(r.mode, (x) => x.p99).toFixed(2)}x | ${r.cpuPerRequest.toFixed(1)} | ${r.mode === 'untraced' ? '-' : r.exported} | ${r.errors} |`,
    );
  }
  const ours = results.find((r) => r.mode === 'tracewright')!;
  const theirs = results.find((r) => r.mode === 'instrumentation-http')!;
  const vsTheirs = median(samples.get('tracewright')!.map((r, i) => r.rps / samples.get('instrumentation-http')![i]!.rps));
  console.log(
    `\ntracewright vs instrumentation-http: ${vsTheirs.toFixed(2)}x req/s (paired), ` +
      `${(ours.cpuPerRequest - base.cpuPerRequest).toFixed(1)} vs ${(theirs.cpuPerRequest - base.cpuPerRequest).toFixed(1)} µs of server CPU added per request. ` +
            `p99 <= 1.3x (${pairedRatio('tracewright', (x) => x.p99).toFixed(2)}x).`,
  );
  console.log(
    `Targets: tracewright >= 80% of untraced req/s: ${(pairedRatio('tracewright', (x) => x.rps) * 100).toFixed(1)}%; ` +
      `p99 <= 1.3x untraced: ${pairedRatio('tracewright', (x) => x.p99).toFixed(2)}x.`,
  );
  // req/s moves with the machine's load: a mode doing more work may serve a few more requests in
  // one run, so only a clear inversion (more than 5% more req/s, paired) counts as a failure.
  return sanity('req/s', (mode) => -pairedRatio(mode, (x) => x.rps), 0.05, MODES, (n) => `${(-n * 100).toFixed(1)}% of untraced req/s`);
}

/**
 * Checks MORE_WORK against `cost` (higher = more work) and prints a loud line for each pair the
 * wrong way round (by more than `tolerance`, relative). Returns the number of violations.
 */
function sanity(what: string, cost: (mode: Mode) => number, tolerance = 0, measured: readonly Mode[] = MODES, show: (n: number) => string = fmt): number {
  let failed = 0;
  const pairs = MORE_WORK.filter(([more, less]) => measured.includes(more) && measured.includes(less));
  for (const [more, less] of pairs) {
    const a = cost(more);
    const b = cost(less);
    if (a < b - Math.abs(b) * tolerance) {
      failed++;
      console.log(`SANITY FAILED (${what}): ${more} does strictly more work than ${less} but measured ${show(a)} vs ${show(b)}`);
    }
  }
  if (failed === 0) console.log(`sanity (${what}): every mode doing more work measured at least as much (${pairs.map(([m, l]) => `${m} >= ${l}`).join(', ')})`);
  return failed;
}

function fmt(n: number): string {
  return Math.abs(n) >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(3);
}

/** Asks a server child for its CPU time so far (µs). */
async function askCpu(child: ChildProcess, lines: string[]): Promise<number> {
  const before = lines.length;
  child.stdin!.write('cpu\n');
  for (let i = 0; i < 200; i++) {
    for (let j = before; j < lines.length; j++) {
      const parsed = JSON.parse(lines[j]!) as { cpu?: number };
      if (typeof parsed.cpu === 'number') return parsed.cpu;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Starts a server child (optionally under a wrapper command such as valgrind) and waits for its port. */
async function startServer(mode: Mode, wrapper: string[] = []): Promise<{ child: ChildProcess; port: number; lines: string[] }> {
  const command = [...wrapper, NODE, SERVER, mode];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', wrapper.length > 0 ? 'ignore' : 'inherit'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
  for (let i = 0; i < (wrapper.length > 0 ? 2400 : 300); i++) {
    const first = lines[0];
    if (first) return { child, port: JSON.parse(first).port as number, lines };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server for ${mode} did not start`);
}

async function lastLine(child: ChildProcess, lines: string[]): Promise<Record<string, unknown>> {
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  try {
    return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

interface AutocannonStats {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/** Runs autocannon in its own process (so it does not share a CPU queue with the server's event loop). */
function autocannon(port: number, seconds: number, connections: number, limit: string[] = ['-d', String(seconds)]): Promise<AutocannonStats> {
  const require = createRequire(import.meta.url);
  const bin = require.resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--json', '-c', String(connections), ...limit, `http://127.0.0.1:${port}/`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as AutocannonStats);
      } catch {
        reject(new Error(`autocannon failed (${code}): ${err}`));
      }
    });
  });
}

// ---------------------------------------------------------------- instruction counts

/**
 * `--callgrind`: each server under `valgrind --tool=callgrind` (counting only inside the event
 * loop). In one server process: `--small` requests (default 4,000, 10 keep-alive connections),
 * a callgrind dump (which also zeroes the counters), `--large - --small` more requests (default
 * 8,000 more, to 12,000), a second dump: its count / 8,000 is (Ir@12000 - Ir@4000) / 8000, the
 * instructions per request in the steady state, start-up and JIT warm-up left in the first part.
 * `--samples` (default 3) fresh processes per mode, interleaved mode by mode; the table gives the
 * median and the spread (min–max). Unlike req/s and CPU time it hardly moves with the load of a
 * shared machine. `--modes a,b` measures only those modes (the sanity pairs among them are checked).
 */
async function instructionCounts(): Promise<number> {
  const small = option('--small', 4000);
  const large = option('--large', 12000);
  const samples = option('--samples', 3);
  const only = args.includes('--modes') ? (args[args.indexOf('--modes') + 1]!.split(',') as Mode[]) : MODES;
  const dir = mkdtempSync(join(tmpdir(), 'tw-callgrind-'));
  console.log(
    `HTTP middleware instructions per request: callgrind, (Ir@${large} - Ir@${small}) / ${large - small}, -c 10, ${samples} sample(s) per mode; server node ${NODE_VERSION}`,
  );
  const perRequest = new Map<Mode, number[]>(only.map((m) => [m, []]));
  try {
    for (let sample = 1; sample <= samples; sample++) {
      for (const mode of only) {
        const ir = await instructionsPerRequest(mode, small, large, join(dir, `${mode}-${sample}.out`));
        perRequest.get(mode)!.push(ir);
        console.log(`  sample ${sample} ${mode.padEnd(22)} ${(ir / 1000).toFixed(1)}k instructions/request`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (mode: Mode) => median(perRequest.get(mode) ?? [NaN]);
  const base = med('untraced');
  console.log(`\n| server (node ${NODE_VERSION}) | instructions/request (median) | spread (min–max) | added | vs untraced |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const [mode, list] of perRequest) {
    const ir = med(mode);
    console.log(
      `| ${mode} | ${(ir / 1000).toFixed(1)}k | ${(Math.min(...list) / 1000).toFixed(1)}–${(Math.max(...list) / 1000).toFixed(1)}k | ` +
        `${mode === 'untraced' || Number.isNaN(base) ? '–' : `${((ir - base) / 1000).toFixed(1)}k`} | ${Number.isNaN(base) ? '–' : `${(ir / base).toFixed(2)}x`} |`,
    );
  }
  if (perRequest.has('tracewright') && perRequest.has('untraced')) {
    console.log(`Target: tracewright <= 1.30x untraced instructions/request: ${(med('tracewright') / base).toFixed(2)}x`);
  }
  return sanity('instructions/request', med, 0, only);
}

async function instructionsPerRequest(mode: Mode, small: number, large: number, outFile: string): Promise<number> {
  const { child, port } = await startServer(mode, [
    'valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, '--collect-atstart=no', '--toggle-collect=*uv_run*',
  ]);
  try {
    await autocannon(port, 0, 10, ['-a', String(small), '-t', '120']);
    dump(child.pid!, 'warm');
    await autocannon(port, 0, 10, ['-a', String(large - small), '-t', '120']);
    dump(child.pid!, 'steady');
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
  // Dumps are numbered in order: .1 is start-up + warm-up, .2 the steady window alone.
  const text = readFileSync(`${outFile}.2`, 'utf8');
  const summary = /^summary: (\d+)$/m.exec(text);
  if (!summary || !/^desc: Trigger: dump steady$/m.test(text)) throw new Error(`no callgrind summary for ${mode}`);
  return Number(summary[1]) / (large - small);
}

function dump(pid: number, label: string): void {
  const run = spawnSync('callgrind_control', [`--dump=${label}`, String(pid)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`callgrind_control --dump failed: ${run.stderr || run.stdout}`);
}
