/**
 * Soak test of the export pipeline with the disk spool (`npm run soak`, not part of `npm test`).
 *
 *   npm run soak -- [--minutes=10] [--rate=20000] [--down=10] [--every=30] [--warmup=60]
 *
 * One process ends spans at `rate` per second through the public API (initializeTracing with the
 * spool on) for `minutes`; an OTLP/gRPC receiver in a child process refuses connections for `down`
 * seconds of every `every`. Each span carries its sequence number; the receiver marks each number
 * in a bitmap, so delivery is checked exactly (lost, duplicated) without keeping spans. Every
 * second: RSS and the stats invariant (ended + recovered = exported + dropped + failed + queued +
 * in flight + spooled). Passes when the invariant held at every sample, RSS after the warm-up stayed
 * within ±10% of its value at the end of the warm-up, and no span was lost.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invariantProblems } from '../test/support/stats-invariant';

const SELF = fileURLToPath(import.meta.url);
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Cmd = { id: number; cmd: 'start' } | { id: number; cmd: 'fault'; fault: unknown } | { id: number; cmd: 'count' };

async function receiverRole(): Promise<void> {
  const { startOtlpGrpcReceiver } = await import('../test/support/receivers/otlp-grpc-receiver');
  const seen = new Uint8Array(64 * 1024 * 1024);
  let received = 0;
  let duplicates = 0;
  let unique = 0;
  let receiver: Awaited<ReturnType<typeof startOtlpGrpcReceiver>> | undefined;
  setInterval(() => {
    if (!receiver) return;
    for (const span of receiver.spans) {
      received++;
      const seq = span.attributes['soak.seq'];
      if (typeof seq !== 'number') continue;
      if (seen[seq]) duplicates++;
      else {
        seen[seq] = 1;
        unique++;
      }
    }
    receiver.reset();
  }, 50).unref();
  process.on('message', async (m: Cmd) => {
    let value: unknown;
    if (m.cmd === 'start') value = (receiver = await startOtlpGrpcReceiver()).url;
    else if (m.cmd === 'fault') await receiver!.setFault(m.fault as never);
    else value = { received, unique, duplicates };
    process.send!({ id: m.id, value });
  });
  process.on('disconnect', () => process.exit(0));
}

async function main(): Promise<void> {
  const minutes = arg('minutes', 10);
  const rate = arg('rate', 20_000);
  const down = arg('down', 10);
  const every = arg('every', 30);
  const warmup = arg('warmup', 60);
  const child = fork(SELF, ['--role=receiver'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map<number, (v: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => pending.get(m.id)?.(m.value));
  const call = <T>(msg: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...msg, id });
    });
  const url = await call<string>({ cmd: 'start' });
  const dir = mkdtempSync(join(tmpdir(), 'tw-soak-'));
  const { trace } = await import('@opentelemetry/api');
  const { getTracingStats, initializeTracing, shutdownTracing } = await import('../src/index');
  await initializeTracing({
    serviceName: 'soak',
    exporterType: 'otlp',
    endpoint: url,
    protocol: 'grpc',
    batchTimeout: 200,
    exportTimeout: 5_000,
    handleSignals: false,
    logLevel: 'error',
    retry: { initialDelayMs: 200, maxDelayMs: 1_000 },
    spool: { dir },
  });
  const tracer = trace.getTracer('soak');
  console.log(`soak: ${minutes} min at ${rate} spans/s, collector down ${down} s of every ${every} s, spool in ${dir}`);

  const violations: string[] = [];
  const rss: Array<[number, number]> = [];
  let ended = 0;
  let isDown = false;
  const t0 = performance.now();
  const sample = () => {
    const s = getTracingStats();
    for (const problem of invariantProblems(s, ended)) violations.push(`t=${((performance.now() - t0) / 1000).toFixed(0)} s: ${problem}`);
    rss.push([(performance.now() - t0) / 1000, process.memoryUsage().rss / 1024 / 1024]);
    return s;
  };
  let lastLog = 0;
  const total = minutes * 60;
  while (performance.now() - t0 < total * 1000) {
    const t = (performance.now() - t0) / 1000;
    const shouldBeDown = t % every >= every - down;
    if (shouldBeDown !== isDown) {
      isDown = shouldBeDown;
      await call({ cmd: 'fault', fault: { mode: isDown ? 'refuse' : 'ok' } });
    }
    const due = Math.floor(t * rate);
    for (; ended < due; ended++) tracer.startSpan('soak', { attributes: { 'soak.seq': ended } }).end();
    if (Math.floor(t) > lastLog) {
      lastLog = Math.floor(t);
      const s = sample();
      if (lastLog % 30 === 0) {
        const m = process.memoryUsage();
        const mb = (n: number) => (n / 1048576).toFixed(0);
        console.log(
          `t=${lastLog}s ended=${ended} exported=${s.exportedSpans} spooled=${s.spooledSpans} spoolMB=${(s.spoolBytes / 1048576).toFixed(1)} ` +
            `dropped=${s.droppedSpans} failed=${s.failedSpans} rss=${rss.at(-1)![1].toFixed(0)}MB heap=${mb(m.heapUsed)}/${mb(m.heapTotal)}MB external=${mb(m.external)}MB`,
        );
      }
    }
    await sleep(10);
  }
  await call({ cmd: 'fault', fault: { mode: 'ok' } });
  const drainUntil = Date.now() + 5 * 60_000;
  while (Date.now() < drainUntil) {
    const s = sample();
    if (s.queueSize === 0 && s.inFlightSpans === 0 && s.spooledSpans === 0) break;
    await sleep(1000);
  }
  const final = getTracingStats();
  await shutdownTracing();
  await sleep(500);
  const got = await call<{ received: number; unique: number; duplicates: number }>({ cmd: 'count' });
  child.disconnect();
  rmSync(dir, { recursive: true, force: true });

  const afterWarmup = rss.filter(([t]) => t >= warmup && t <= total);
  const base = afterWarmup[0]?.[1] ?? rss.at(-1)![1];
  const min = Math.min(...afterWarmup.map(([, v]) => v));
  const max = Math.max(...afterWarmup.map(([, v]) => v));
  const flat = max <= base * 1.1 && min >= base * 0.9;
  const lost = ended - got.unique;
  console.log(
    JSON.stringify(
      {
        ended,
        delivered: got.unique,
        lost,
        duplicates: got.duplicates,
        stats: { exported: final.exportedSpans, dropped: final.droppedSpans, failed: final.failedSpans, replayed: final.replayedSpans, spoolDropped: final.spoolDroppedSpans, corruptFrames: final.corruptFrames },
        rssMb: { afterWarmup: Number(base.toFixed(0)), min: Number(min.toFixed(0)), max: Number(max.toFixed(0)), flat },
        invariantSamples: rss.length,
        invariantViolations: violations.slice(0, 5),
      },
      null,
      2,
    ),
  );
  const ok = violations.length === 0 && flat && lost === 0;
  console.log(ok ? 'soak: PASS' : 'soak: FAIL');
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--role=receiver')) void receiverRole();
else await main();
