/**
 * What the TraceCollector adds per span, and what a stored span weighs. Two providers from
 * `@opentelemetry/sdk-trace`, each with a processor that discards; the second also has the
 * collector (default limits, so it fills to 2000 traces and then evicts as it would in a service).
 * Each case starts and ends one span of a 10-span trace (a root every 10 spans, the others its
 * children) with three attributes. Rounds interleaved; the whole comparison is repeated and the
 * spread of the medians printed. Then the heap per stored span: 20 000 spans held, heap measured
 * after a GC before and after (run through bench/run.ts, which passes --expose-gc).
 *
 * `--callgrind`: instructions per span instead of time, which a loaded machine moves far less.
 * Each mode (collector off, aggregates only with maxTraces 1, default) runs in a child under
 * `valgrind --tool=callgrind`: it writes 30 000 spans (start-up, compilation, the store filling),
 * runs two full GCs, then counts the instructions of the next 120 000 spans only (callgrind zeroes
 * its counters when the child calls `os.loadavg()` and dumps them when it calls `os.uptime()`).
 * The child runs with V8's --single-threaded, so that compilation and GC happen on the counted
 * thread. The GCs before the window matter: without them a major GC of the start-up heap fell
 * inside or outside the counted spans from run to run (the same case moved by 3 000 Ir/span);
 * with them, repeats agree within 1%. Needs valgrind; takes a few minutes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, trace, type Context, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { TraceCollector } from '../src/analysis/trace-collector';
import { measure, median, quick, type BenchCase } from './support/timing';

const ROUNDS = quick ? 5 : 11;
const PER_ROUND = quick ? 20_000 : 100_000;
const REPEATS = quick ? 2 : 5;
const OPERATIONS = Array.from({ length: 20 }, (_, i) => `Service${i % 4}.method${i}`);
const resource = resourceFromAttributes({ 'service.name': 'bench' });

function spanWriter(tracer: Tracer): (i: number) => unknown {
  let rootContext: Context = context.active();
  return (i) => {
    const name = OPERATIONS[i % OPERATIONS.length];
    const attributes = { 'code.function.name': name, 'http.response.status_code': 200, 'app.tenant': 'acme' };
    if (i % 10 === 0) {
      const root = tracer.startSpan(name, { attributes, root: true });
      rootContext = trace.setSpan(context.active(), root);
      root.end();
      return root;
    }
    const span = tracer.startSpan(name, { attributes }, rootContext);
    span.end();
    return span;
  };
}

function buildCases(): BenchCase<'collector off' | 'collector on'>[] {
  const off = new TracerProvider({ resource, spanProcessors: [new NoopSpanProcessor()] });
  const on = new TracerProvider({ resource, spanProcessors: [new NoopSpanProcessor(), new TraceCollector()] });
  return [
    { name: 'collector off', run: spanWriter(off.getTracer('bench')) },
    { name: 'collector on', run: spanWriter(on.getTracer('bench')) },
  ];
}

function heapPerStoredSpan(): { bytesPerSpan: number; estimatedPerSpan: number; spans: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench -- analysis)');
  const collector = new TraceCollector({ maxTraces: 2000 });
  const provider = new TracerProvider({ resource, spanProcessors: [collector] });
  const write = spanWriter(provider.getTracer('bench'));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20_000; i++) write(i);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const stats = collector.getCollectorStats();
  return { bytesPerSpan: (after - before) / stats.spans, estimatedPerSpan: stats.estimatedBytes / stats.spans, spans: stats.spans };
}

async function main(): Promise<void> {
  console.log(`${REPEATS} repeats of ${ROUNDS - 1} rounds x ${PER_ROUND} spans, median ns/span (Node ${process.version})`);
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const results = await measure(buildCases(), { rounds: ROUNDS, perRound: PER_ROUND, yieldEvery: 1024 });
    off.push(results.get('collector off')!);
    on.push(results.get('collector on')!);
    console.log(`  repeat ${r + 1}: off ${off[r].toFixed(0)} ns, on ${on[r].toFixed(0)} ns, added ${(on[r] - off[r]).toFixed(0)} ns`);
  }
  const added = on.map((ns, i) => ns - off[i]);
  const row = (name: string, list: number[]) =>
    `${name.padEnd(16)} ${median(list).toFixed(0).padStart(7)}   ${Math.min(...list).toFixed(0).padStart(6)}-${Math.max(...list).toFixed(0).padEnd(6)}`;
  console.log('\ncase             ns/span   spread (min-max of the medians)');
  console.log(row('collector off', off));
  console.log(row('collector on', on));
  console.log(row('added', added));
  console.log(`ratio on/off: ${(median(on) / median(off)).toFixed(2)}x; target <= 150 ns/span added: ${median(added) <= 150 ? 'met' : 'not met'}`);
  const heap = heapPerStoredSpan();
  console.log(`\nheap per stored span: ${heap.bytesPerSpan.toFixed(0)} B measured, ${heap.estimatedPerSpan.toFixed(0)} B estimated (${heap.spans} spans held); target <= 1024 B: ${heap.bytesPerSpan <= 1024 ? 'met' : 'not met'}`);
}

type Mode = 'off' | 'aggregates' | 'on';

const WARM_SPANS = 30_000;
const COUNTED_SPANS = 120_000;

/** The child of `--callgrind`: writes spans with the collector in `mode`; only the spans between the two markers are counted. */
function child(mode: Mode): void {
  const processors = [new NoopSpanProcessor(), ...(mode === 'on' ? [new TraceCollector()] : mode === 'aggregates' ? [new TraceCollector({ maxTraces: 1 })] : [])];
  const write = spanWriter(new TracerProvider({ resource, spanProcessors: processors }).getTracer('bench'));
  let i = 0;
  for (; i < WARM_SPANS; i++) write(i);
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  loadavg(); // callgrind zeroes its counters here (--zero-before=uv_loadavg)
  for (const end = i + COUNTED_SPANS; i < end; i++) write(i);
  uptime(); // and dumps them here (--dump-before=uv_uptime)
}

function callgrind(): void {
  const dir = mkdtempSync(join(tmpdir(), 'tw-analysis-callgrind-'));
  const self = fileURLToPath(import.meta.url);
  const instructions = (mode: Mode): number => {
    const out = join(dir, mode);
    const run = spawnSync(
      'valgrind',
      ['--tool=callgrind', `--callgrind-out-file=${out}`, '--zero-before=uv_loadavg', '--dump-before=uv_uptime', process.execPath, '--single-threaded', '--expose-gc', '--import', 'tsx', self, '--child', mode],
      { encoding: 'utf8' },
    );
    if (!existsSync(`${out}.1`)) throw new Error(`valgrind failed: ${run.error?.message ?? run.stderr}`);
    const totals = /^totals: (\d+)/m.exec(readFileSync(`${out}.1`, 'utf8'));
    if (!totals) throw new Error(`no totals in the callgrind dump of ${mode}`);
    return Number(totals[1]);
  };
  console.log(`instructions per span (callgrind, ${COUNTED_SPANS} spans after ${WARM_SPANS} and two full GCs; Node ${process.version})`);
  const per = new Map<Mode, number>();
  for (const mode of ['off', 'aggregates', 'on'] as const) {
    per.set(mode, instructions(mode) / COUNTED_SPANS);
    console.log(`${mode.padEnd(11)} ${per.get(mode)!.toFixed(0).padStart(7)} Ir/span   added ${(per.get(mode)! - per.get('off')!).toFixed(0).padStart(6)}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  child(process.argv[childAt + 1] as Mode);
} else if (process.argv.includes('--callgrind')) {
  callgrind();
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
