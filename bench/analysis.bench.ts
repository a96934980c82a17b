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
 * Each mode (collector off, aggregates only with maxTraces 1, default) writes 30 000 and 90 000
 * spans under `valgrind --tool=callgrind`; (Ir at 90 000 - Ir at 30 000) / 60 000 leaves out
 * start-up. The child runs with V8's --single-threaded: with background compile and GC threads,
 * when code gets optimised depends on valgrind's thread scheduling, and two runs of the same case
 * differed by more than the collector costs. Needs valgrind; takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** The child of `--callgrind`: writes `count` spans with the collector in `mode`, nothing else. */
function child(mode: Mode, count: number): void {
  const processors = [new NoopSpanProcessor(), ...(mode === 'on' ? [new TraceCollector()] : mode === 'aggregates' ? [new TraceCollector({ maxTraces: 1 })] : [])];
  const write = spanWriter(new TracerProvider({ resource, spanProcessors: processors }).getTracer('bench'));
  for (let i = 0; i < count; i++) write(i);
}

function callgrind(): void {
  const dir = mkdtempSync(join(tmpdir(), 'tw-analysis-callgrind-'));
  const self = fileURLToPath(import.meta.url);
  const instructions = (mode: Mode, count: number): number => {
    const out = join(dir, `${mode}.${count}`);
    const run = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--import', 'tsx', self, '--child', mode, String(count)], { encoding: 'utf8' });
    const collected = /Collected : (\d+)/.exec(run.stderr ?? '');
    if (!collected) throw new Error(`valgrind failed: ${run.error?.message ?? run.stderr}`);
    return Number(collected[1]);
  };
  console.log(`instructions per span (callgrind, 30 000 and 90 000 spans; Node ${process.version})`);
  const per = new Map<Mode, number>();
  for (const mode of ['off', 'aggregates', 'on'] as const) {
    per.set(mode, (instructions(mode, 90_000) - instructions(mode, 30_000)) / 60_000);
    console.log(`${mode.padEnd(11)} ${per.get(mode)!.toFixed(0).padStart(7)} Ir/span   added ${(per.get(mode)! - per.get('off')!).toFixed(0).padStart(6)}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  child(process.argv[childAt + 1] as Mode, Number(process.argv[childAt + 2]));
} else if (process.argv.includes('--callgrind')) {
  callgrind();
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
