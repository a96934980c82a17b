/**
 * HTTP server overhead: autocannon (its own process) against a node:http hello server (another
 * process) on loopback, side by side in one run:
 *   untraced · tracewright `wrapRequestListener` · @opentelemetry/instrumentation-http ·
 *   sdk-floor (a bare SDK span per request, the least an SDK-based tracer can cost)
 * Both traced servers sample 100% and export through a BatchSpanProcessor into an exporter that
 * discards (and counts) spans, so the figure is the cost of tracing, not of a network export.
 *
 *   npx tsx bench/http-middleware.bench.ts            10 s per run
 *   npx tsx bench/http-middleware.bench.ts --quick    3 s per run
 *   npx tsx bench/http-middleware.bench.ts --rounds 3 --connections 50 --duration 10
 *   npx tsx bench/http-middleware.bench.ts --callgrind        instructions per request (valgrind)
 * Modes run interleaved (A B C A B C …) and the table shows medians, so a burst of load from
 * elsewhere on the machine bends one sample rather than one mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Mode = 'untraced' | 'tracewright' | 'instrumentation-http' | 'sdk-floor';
// sdk-floor: the least any SDK-based tracer can do (a bare SERVER span made active and ended,
// no attributes, no propagation): it shows how much of the cost is the OTel SDK itself.
const MODES: Mode[] = ['untraced', 'tracewright', 'instrumentation-http', 'sdk-floor'];

const args = process.argv.slice(2);
const serveIndex = args.indexOf('--serve');

if (serveIndex >= 0) {
  await serve(args[serveIndex + 1] as Mode);
} else if (args.includes('--callgrind')) {
  await instructionCounts();
} else {
  await main();
}

// ---------------------------------------------------------------- server child

async function serve(mode: Mode): Promise<void> {
  const require = createRequire(import.meta.url);
  let exported = 0;
  let shutdown: () => Promise<void> = async () => undefined;
  const hello = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  };
  let listener: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown = hello;

  if (mode !== 'untraced') {
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace');
    const { ExportResultCode } = await import('@opentelemetry/core');
    const discarding = {
      export(spans: unknown[], done: (r: { code: number }) => void) {
        exported += spans.length;
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => undefined,
      forceFlush: async () => undefined,
      toString: () => 'DiscardingExporter',
    };
    const provider = new TracerProvider({
      spanProcessors: [new BatchSpanProcessor({ exporter: discarding, maxQueueSize: 16_384, maxExportBatchSize: 512, scheduledDelayMillis: 500 })],
    });
    const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
    const { registerGlobally } = await import('../src/sdk/register');
    registerGlobally(provider, new W3CTraceContextPropagator()); // AsyncLocalStorage context manager + W3C propagation, for both modes
    shutdown = () => provider.shutdown();
    if (mode === 'sdk-floor') {
      const { context, ROOT_CONTEXT, SpanKind, trace } = await import('@opentelemetry/api');
      const tracer = provider.getTracer('bench');
      // no closure per request, like the middleware (tsx keeps function names, which makes every
      // closure creation a call)
      const SPAN = Symbol('span');
      function endOnClose(this: import('node:http').ServerResponse & { [SPAN]?: import('@opentelemetry/api').Span }) {
        this[SPAN]?.end();
      }
      listener = (req, res) => {
        const span = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
        (res as { [SPAN]?: unknown })[SPAN] = span;
        res.on('close', endOnClose);
        return context.with(trace.setSpan(ROOT_CONTEXT, span), hello, undefined, req, res);
      };
    } else if (mode === 'tracewright') {
      const { wrapRequestListener } = await import('../src/middleware/node-http');
      listener = wrapRequestListener(hello, { tracer: provider.getTracer('bench') });
    } else {
      const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
      const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
      registerInstrumentations({ tracerProvider: provider, instrumentations: [new HttpInstrumentation()] });
    }
  }
  // required (not imported) after the instrumentation is registered, so it can patch `http`
  const http = require('node:http') as typeof import('node:http');
  const server = http.createServer(listener as import('node:http').RequestListener);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as import('node:net').AddressInfo;
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });
  // `cpu` on stdin → the process's CPU time so far (µs), so the parent can compute CPU per request
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    if (text.includes('cpu')) {
      const usage = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpu: usage.user + usage.system })}\n`);
    }
  });
  process.on('SIGTERM', () => {
    process.stdin.destroy();
    server.close();
    server.closeAllConnections();
    void shutdown().then(() => {
      process.stdout.write(`${JSON.stringify({ exported })}\n`);
      process.exit(0);
    });
  });
}

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

async function main(): Promise<void> {
  const quick = args.includes('--quick');
  const duration = option('--duration', quick ? 3 : 10);
  const connections = option('--connections', 50);
  const warmup = quick ? 1 : 2;
  const rounds = option('--rounds', quick ? 1 : 3);
  console.log(
    `HTTP middleware overhead: autocannon -c ${connections} -d ${duration}s (+${warmup}s warm-up), ${rounds} round(s) interleaved, medians; node ${process.version}`,
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
      `Targets: >= 85% of untraced (${(pairedRatio('tracewright', (x) => x.rps) * 100).toFixed(1)}%), ` +
      `p99 <= 1.2x (${pairedRatio('tracewright', (x) => x.p99).toFixed(2)}x).`,
  );
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
  const self = fileURLToPath(import.meta.url);
  const command = [...wrapper, process.execPath, '--import', 'tsx', self, '--serve', mode];
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
 * loop), once with `--small` and once with `--large` requests (default 1500 and 4500, 10
 * connections); (Ir(large) - Ir(small)) / (large - small) is the instructions per request in the
 * steady state, start-up and JIT warm-up cancelled out. Unlike req/s and CPU time it does not
 * move with the load of a shared machine (the modes run one after another; each takes ~1 min).
 */
async function instructionCounts(): Promise<void> {
  const small = option('--small', 1500);
  const large = option('--large', 4500);
  const dir = mkdtempSync(join(tmpdir(), 'tw-callgrind-'));
  console.log(`HTTP middleware instructions per request: callgrind, ${small} and ${large} requests (-c 10); node ${process.version}`);
  const perRequest = new Map<Mode, number>();
  try {
    for (const mode of MODES) {
      const counts: number[] = [];
      for (const n of [small, large]) counts.push(await countInstructions(mode, n, join(dir, `${mode}-${n}.out`)));
      const ir = (counts[1]! - counts[0]!) / (large - small);
      perRequest.set(mode, ir);
      console.log(`  ${mode.padEnd(22)} ${(ir / 1000).toFixed(1)}k instructions/request`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = perRequest.get('untraced')!;
  console.log('\n| server | instructions/request | added | vs untraced |');
  console.log('|---|---:|---:|---:|');
  for (const [mode, ir] of perRequest) {
    console.log(`| ${mode} | ${(ir / 1000).toFixed(1)}k | ${mode === 'untraced' ? '–' : `${((ir - base) / 1000).toFixed(1)}k`} | ${(ir / base).toFixed(2)}x |`);
  }
}

async function countInstructions(mode: Mode, requests: number, outFile: string): Promise<number> {
  const { child, port } = await startServer(mode, [
    'valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, '--collect-atstart=no', '--toggle-collect=*uv_run*',
  ]);
  await autocannon(port, 0, 10, ['-a', String(requests), '-t', '60']);
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  const summary = /^summary: (\d+)$/m.exec(readFileSync(outFile, 'utf8'));
  if (!summary) throw new Error(`no callgrind summary for ${mode}`);
  return Number(summary[1]);
}
