import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportStats } from '../../src/pipeline/stats';
import { startOtlpGrpcReceiver } from '../support/receivers/index';
import { drainReceiver, pollUntil, tempDir } from './spool-harness';

const CHILD = fileURLToPath(new URL('./fixtures/spool-child.ts', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

/** Starts the child and resolves with its first stdout line starting with `prefix`. */
function runChild(args: string[], prefix: string): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const found = out.split('\n').find((l) => l.startsWith(prefix));
      if (found) resolve(found.slice(prefix.length + 1));
    });
    child.stderr!.on('data', (c: Buffer) => (err += c));
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before "${prefix}": ${out} ${err}`)));
  });
  return { child, line };
}

describe('disk spool across a kill -9 (child processes, OTLP/gRPC receiver on loopback)', () => {
  it('every span ended and spooled before the kill is delivered by the next process', async () => {
    const receiver = await startOtlpGrpcReceiver({ fault: { mode: 'refuse' } });
    const tmp = tempDir();
    cleanups.push(() => tmp.remove(), () => receiver.close());
    const idsFile = join(tmp.dir, 'ids.txt');
    const spoolDir = join(tmp.dir, 'spool');

    const producer = runChild([receiver.url, spoolDir, idsFile, 'produce'], 'READY');
    const before = JSON.parse(await producer.line) as ExportStats;
    expect(before).toMatchObject({ exportedSpans: 0, droppedSpans: 0, failedSpans: 0, queueSize: 0, inFlightSpans: 0, spooledSpans: 20_000 });
    const exited = new Promise((r) => producer.child.on('exit', (_code, signal) => r(signal)));
    producer.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const ids = readFileSync(idsFile, 'utf8').split('\n');
    expect(ids).toHaveLength(20_000);

    await receiver.setFault({ mode: 'ok' });
    const replayer = runChild([receiver.url, spoolDir, idsFile, 'replay'], 'DONE');
    const [done, json] = (await replayer.line).split(/ (.*)/s) as [string, string];
    const after = JSON.parse(json) as ExportStats;
    expect(done).toBe('true');
    expect(after).toMatchObject({ recoveredSpans: 20_000, replayedSpans: 20_000, exportedSpans: 20_000, spooledSpans: 0, droppedSpans: 0, failedSpans: 0, corruptFrames: 0 });

    const seen = new Map<string, number>();
    await pollUntil(() => ids.every((id) => seen.has(id)), 10_000, 'every id received', () => drainReceiver(receiver, seen));
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
  }, 60_000);
});
