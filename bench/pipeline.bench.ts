/**
 * Export pipeline benchmark: tracewright's RetryingBatchSpanProcessor vs OTel's BatchSpanProcessor.
 *   1. onEnd cost, same discarding exporter (in process, rounds interleaved, medians).
 *   2. Spans/s delivered end to end to a loopback OTLP gRPC receiver (one receiver process per side).
 *   3. A 10 s outage under 5,000 spans/s, and a 10 s burst at 50,000 spans/s with the receiver down:
 *      delivered, lost, counted as lost, peak RSS. Each variant runs in its own worker process.
 * `npx tsx bench/pipeline.bench.ts [--quick]`. The file also serves as the child processes
 * (`--role=receiver` / `--role=worker`), so the whole benchmark is this one file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Tracer } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ManagedExporter } from '../src/exporters/managed-exporter';
import { createOtlpExporter } from '../src/exporters/otlp';
import { DEFAULT_RETRY_POLICY, RetryingBatchSpanProcessor } from '../src/processor/retrying-batch-processor';
import { measure, quick } from './support/timing';

const SELF = fileURLToPath(import.meta.url);
const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const QUEUE = { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 30_000 };
type Variant = 'tracewright' | 'otel';

function makeProcessor(variant: Variant, exporter: SpanExporter | Promise<SpanExporter>): SpanProcessor {
  if (variant === 'otel') return new BatchSpanProcessor({ exporter: exporter as SpanExporter, ...QUEUE });
  return new RetryingBatchSpanProcessor(new ManagedExporter('otlp', exporter), {
    maxQueueSize: QUEUE.maxQueueSize,
    maxBatchSize: QUEUE.maxExportBatchSize,
    scheduledDelayMillis: QUEUE.scheduledDelayMillis,
    exportTimeoutMillis: QUEUE.exportTimeoutMillis,
    batch: true,
    retry: DEFAULT_RETRY_POLICY,
  });
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------- 1. onEnd cost ----------
async function benchOnEnd(): Promise<string[]> {
  const discard: SpanExporter = { export: (_s, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
  const source = new TracerProvider().getTracer('bench');
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < 512; i++) {
    const s = source.startSpan(`s${i}`);
    s.end();
    spans.push(s as unknown as ReadableSpan);
  }
  const variants: Variant[] = ['tracewright', 'otel'];
  const processors = new Map(variants.map((v) => [v, makeProcessor(v, discard)]));
  // Chunks of 512 spans, timed; the exports run between chunks (as between requests), untimed.
  const results = await measure(
    variants.map((v) => {
      const p = processors.get(v)!;
      return { name: v, run: (i: number) => p.onEnd(spans[i & 511]!) };
    }),
    { rounds: quick ? 6 : 20, perRound: (quick ? 196 : 782) * 512, yieldEvery: 512, timeYields: false },
  );
  for (const p of processors.values()) await p.shutdown();
  const ours = results.get('tracewright')!;
  const otel = results.get('otel')!;
  return [
    '| 1. onEnd cost (median ns/span) | tracewright | OTel BSP | ratio |',
    '|---|---:|---:|---:|',
    `| onEnd, discarding exporter | ${ours.toFixed(1)} | ${otel.toFixed(1)} | ${(ours / otel).toFixed(2)}x (target <= 1.1x) |`,
  ];
}

// ---------- receiver child ----------
type ReceiverCmd = { id: number; cmd: 'start'; n: number } | { id: number; cmd: 'fault'; index: number; fault: unknown } | { id: number; cmd: 'count'; index: number } | { id: number; cmd: 'reset' };

async function receiverRole(): Promise<void> {
  const { startOtlpGrpcReceiver } = await import('../test/support/receivers/otlp-grpc-receiver');
  const receivers: Awaited<ReturnType<typeof startOtlpGrpcReceiver>>[] = [];
  const totals: number[] = [];
  // Spans are counted and forgotten, so a long run does not hold them all in memory.
  setInterval(() => receivers.forEach((r, i) => { totals[i]! += r.spans.length; r.reset(); }), 100).unref();
  const count = (i: number) => totals[i]! + receivers[i]!.spans.length;
  process.on('message', async (m: ReceiverCmd) => {
    let value: unknown;
    if (m.cmd === 'start') {
      for (let i = 0; i < m.n; i++) {
        receivers.push(await startOtlpGrpcReceiver());
        totals.push(0);
      }
      value = receivers.map((r) => r.url);
    } else if (m.cmd === 'fault') await receivers[m.index]!.setFault(m.fault as never);
    else if (m.cmd === 'count') value = count(m.index);
    else if (m.cmd === 'reset') receivers.forEach((r, i) => { r.reset(); totals[i] = 0; });
    process.send!({ id: m.id, value });
  });
  process.on('disconnect', () => process.exit(0));
}

function rpc(child: ChildProcess) {
  let next = 0;
  const pending = new Map<number, (v: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => pending.get(m.id)?.(m.value));
  return <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...msg, id });
    });
}

/** Receiver `index` lives in child `index` (as its receiver 0); `start` and `reset` go to all. */
function routeByIndex(children: ReturnType<typeof rpc>[]): ReturnType<typeof rpc> {
  return async <T>(msg: Record<string, unknown>): Promise<T> => {
    if (msg.cmd === 'start') {
      const urls = await Promise.all(children.map((c) => c<string[]>({ cmd: 'start', n: 1 })));
      return urls.flat() as T;
    }
    if (typeof msg.index === 'number') return children[msg.index]!<T>({ ...msg, index: 0 });
    const all = await Promise.all(children.map((c) => c<T>(msg)));
    return all[0] as T;
  };
}

function spawnSelf(args: string[]): ChildProcess {
  return fork(SELF, args, { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

// ---------- 2. end-to-end throughput ----------
async function benchThroughput(call: ReturnType<typeof rpc>, urls: string[]): Promise<string[]> {
  const seconds = quick ? 2 : 4;
  const sum = new Map<Variant, { delivered: number; ended: number; seconds: number }>(
    (['tracewright', 'otel'] as Variant[]).map((v) => [v, { delivered: 0, ended: 0, seconds: 0 }]),
  );
  // Interleaved (A B B A) so that warm-up and machine noise fall on both sides.
  for (const [index, v] of (['tracewright', 'otel', 'otel', 'tracewright'] as Variant[]).entries()) {
    const receiverIndex = index % 2;
    await call({ cmd: 'reset' });
    // Both wait for the exporter module to load before the clock starts.
    const exporter = await createOtlpExporter({ endpoint: urls[receiverIndex] });
    const processor = makeProcessor(v, exporter);
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('bench');
    const start = performance.now();
    let ended = 0;
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 500; i++) tracer.startSpan('op').end();
      ended += 500;
      await tick();
    }
    await processor.shutdown();
    const elapsed = (performance.now() - start) / 1000;
    await sleep(300);
    const total = sum.get(v)!;
    total.delivered += await call<number>({ cmd: 'count', index: receiverIndex });
    total.ended += ended;
    total.seconds += elapsed;
  }
  const ours = sum.get('tracewright')!;
  const otel = sum.get('otel')!;
  const rate = (r: typeof ours) => r.delivered / r.seconds;
  return [
    '',
    `| 2. end to end, full speed, 2 runs x ${seconds} s each, loopback OTLP gRPC | tracewright | OTel BSP | ratio |`,
    '|---|---:|---:|---:|',
    `| spans ended | ${fmt(ours.ended)} | ${fmt(otel.ended)} | |`,
    `| spans delivered | ${fmt(ours.delivered)} | ${fmt(otel.delivered)} | |`,
    `| delivered spans/s | ${fmt(rate(ours))} | ${fmt(rate(otel))} | ${(rate(ours) / rate(otel)).toFixed(2)}x (target >= 1x) |`,
  ];
}

// ---------- 3. outage and burst (workers) ----------
interface WorkerResult { variant: Variant; ended: number; counted: number | undefined; stats?: Record<string, unknown>; peakRssMb: number; shutdownError?: string }

async function workerRole(): Promise<void> {
  const variant = process.argv.find((a) => a.startsWith('--variant='))!.slice(10) as Variant;
  const url = process.argv.find((a) => a.startsWith('--url='))!.slice(6);
  const rate = Number(process.argv.find((a) => a.startsWith('--rate='))!.slice(7));
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))!.slice(10));
  const processor = makeProcessor(variant, await createOtlpExporter({ endpoint: url }));
  const tracer: Tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('bench');
  let peakRss = process.memoryUsage().rss;
  if (process.argv.includes('--trace')) {
    const t0 = Date.now();
    setInterval(() => {
      const stats = processor instanceof RetryingBatchSpanProcessor ? processor.getStats() : undefined;
      console.error(variant, ((Date.now() - t0) / 1000).toFixed(1), JSON.stringify(stats));
    }, 500).unref();
  }
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  process.send!({ ready: true });
  await new Promise<void>((r) => process.once('message', () => r()));
  // Paced generation: every 10 ms, end the spans that are due.
  const start = performance.now();
  let ended = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; ended < due; ended++) tracer.startSpan('op', { attributes: { 'app.n': ended } }).end();
    await sleep(10);
  }
  process.send!({ generated: true });
  await new Promise<void>((r) => process.once('message', () => r())); // parent: receiver is back
  // OTel's BatchSpanProcessor rejects shutdown() when the last export fails; note it, don't crash.
  let shutdownError: string | undefined;
  await processor.shutdown().catch((e: unknown) => { shutdownError = String(e).split('\n')[0]; });
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const stats = processor instanceof RetryingBatchSpanProcessor ? (processor.getStats() as unknown as Record<string, unknown>) : undefined;
  const counted = stats ? (stats.droppedSpans as number) + (stats.failedSpans as number) : undefined;
  const result: WorkerResult = { variant, ended, counted, stats, peakRssMb: peakRss / 1024 / 1024, shutdownError };
  process.send!({ result });
  setTimeout(() => process.exit(0), 100);
}

async function runScenario(call: ReturnType<typeof rpc>, urls: string[], name: string, rate: number, seconds: number, downFrom: number, downTo: number): Promise<string[]> {
  await call({ cmd: 'reset' });
  const workers = (['tracewright', 'otel'] as Variant[]).map((variant, index) => {
    const trace = process.argv.includes('--trace') ? ['--trace'] : [];
    const child = spawnSelf(['--role=worker', `--variant=${variant}`, `--url=${urls[index]}`, `--rate=${rate}`, `--seconds=${seconds}`, ...trace]);
    const events = new Map<string, Promise<Record<string, unknown>>>();
    for (const key of ['ready', 'generated', 'result']) {
      events.set(key, new Promise((resolve, reject) => {
        child.on('message', (m: Record<string, unknown>) => { if (key in m) resolve(m); });
        child.on('exit', (code) => reject(new Error(`${variant} worker exited with code ${code} before "${key}"`)));
      }));
    }
    return { child, events, index };
  });
  await Promise.all(workers.map((w) => w.events.get('ready')));
  const setFaultAll = (fault: unknown) => Promise.all(workers.map((w) => call({ cmd: 'fault', index: w.index, fault })));
  if (downFrom === 0) await setFaultAll({ mode: 'refuse' });
  workers.forEach((w) => w.child.send('go'));
  const t0 = performance.now();
  if (downFrom > 0) {
    await sleep(downFrom * 1000);
    await setFaultAll({ mode: 'refuse' });
  }
  if (downFrom >= 0) {
    await sleep(Math.max(0, downTo * 1000 - (performance.now() - t0)));
    await setFaultAll({ mode: 'ok' });
  }
  await Promise.all(workers.map((w) => w.events.get('generated')));
  workers.forEach((w) => w.child.send('flush'));
  const results = await Promise.all(workers.map(async (w) => (await w.events.get('result'))!.result as WorkerResult));
  await sleep(300);
  const delivered = await Promise.all(workers.map((w) => call<number>({ cmd: 'count', index: w.index })));
  const [ours, otel] = results as [WorkerResult, WorkerResult];
  const lost = (r: WorkerResult, i: number) => r.ended - delivered[i]!;
  const rows = [
    '',
    `| 3. ${name} | tracewright | OTel BSP |`,
    '|---|---:|---:|',
    `| spans ended | ${fmt(ours.ended)} | ${fmt(otel.ended)} |`,
    `| delivered | ${fmt(delivered[0]!)} | ${fmt(delivered[1]!)} |`,
    `| lost | ${fmt(lost(ours, 0))} | ${fmt(lost(otel, 1))} |`,
    `| lost and counted (dropped + failed) | ${fmt(ours.counted ?? 0)} (dropped ${fmt(ours.stats!.droppedSpans as number)}, failed ${fmt(ours.stats!.failedSpans as number)}) | 0 (no counter) |`,
    `| lost without a count | ${fmt(lost(ours, 0) - (ours.counted ?? 0))} | ${fmt(lost(otel, 1))} |`,
    `| peak RSS | ${ours.peakRssMb.toFixed(0)} MB | ${otel.peakRssMb.toFixed(0)} MB |`,
  ];
  for (const r of results) if (r.shutdownError) rows.push(`| ${r.variant} shutdown() | rejected: ${r.shutdownError.slice(0, 90)} | |`);
  if (lost(ours, 0) - (ours.counted ?? 0) < 0) rows.push(`| note | ${fmt((ours.counted ?? 0) - lost(ours, 0))} span(s) counted failed were delivered anyway (a late answer after a timeout) | |`);
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const want = (part: string) => only === undefined || only.split(',').includes(part);
  const out: string[] = [`Export pipeline benchmark${quick ? ' (--quick)' : ''}, Node ${process.version}, ${new Date().toISOString()}`, ''];
  if (want('onend')) out.push(...(await benchOnEnd()));
  console.log(out.join('\n'));
  // One receiver process per side, so that neither side's traffic slows the other's receiver.
  const receivers = [spawnSelf(['--role=receiver']), spawnSelf(['--role=receiver'])];
  const call = routeByIndex(receivers.map(rpc));
  const urls = await call<string[]>({ cmd: 'start', n: 2 });
  const printed = out.length;
  if (want('throughput')) out.push(...(await benchThroughput(call, urls)));
  const s = quick ? 0.3 : 1;
  const fix = (n: number) => Number(n.toFixed(1));
  if (want('up')) out.push(...(await runScenario(call, urls, `collector up: 50,000 spans/s for ${fix(5 * s)} s`, 50_000, 5 * s, -1, -1)));
  if (want('outage')) out.push(...(await runScenario(call, urls, `outage: 5,000 spans/s for ${fix(20 * s)} s, receiver refused from ${fix(5 * s)} s to ${fix(15 * s)} s`, 5000, 20 * s, 5 * s, 15 * s)));
  if (want('burst')) out.push(...(await runScenario(call, urls, `burst: 50,000 spans/s for ${fix(10 * s)} s with the receiver down, back up before shutdown`, 50_000, 10 * s, 0, 10 * s)));
  out.push('', `total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(out.slice(printed).join('\n'));
  for (const receiver of receivers) {
    receiver.disconnect();
    receiver.kill();
  }
}

if (role === 'receiver') void receiverRole();
else if (role === 'worker') void workerRole();
else await main();
