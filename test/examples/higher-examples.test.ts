import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../support/redis-server';

function runExample(name: string, env: Record<string, string> = {}) {
  const file = fileURLToPath(new URL(`../../examples/${name}.ts`, import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  expect(run.stderr).not.toMatch(/Error: (?!scanner busy|sku-2)/);
  expect(run.status).toBe(0);
  return run.stdout;
}

/** The span count the example reports at the end, and its printed trees. */
function exported(out: string): number {
  return Number(/exported (\d+) spans/.exec(out)?.[1] ?? -1);
}

describe('higher-level examples run and print their traces', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('decorators: spans named Class.method', () => {
    const out = runExample('decorators');
    expect(exported(out)).toBeGreaterThan(0);
    expect(out).toContain('code.function.name=UserRepository.findById');
  });

  it('services: one span per method, the failing call in ERROR', () => {
    const out = runExample('services');
    expect(exported(out)).toBeGreaterThan(0);
    expect(out).toMatch(/ERROR: sku-2 is out of stock/);
  });

  it('operations: kind.name spans with the attribute keys, children under their operation, the failure in ERROR', () => {
    const out = runExample('operations');
    expect(exported(out)).toBe(5);
    // the printed trees, durations taken out
    const tree = out
      .split('\n')
      .filter((line) => /[└├]─ /.test(line))
      .map((line) => line.replace(/ {2}[\d.]+ms/, ''));
    expect(tree).toEqual([
      '└─ user.login  [INTERNAL]',
      '└─ file.upload  [INTERNAL]',
      '   ├─ file.scan  [INTERNAL]',
      '   └─ image.thumbnail  [INTERNAL]',
      '└─ payment.refund  [CLIENT]  ERROR: order o-9 was never charged',
    ]);
    expect(out).toContain('operation.kind=user  operation.name=login  user.id=u-42  organization.id=org-7');
    expect(out).toContain('app.scan.verdict=clean');
    expect(out).toContain('error.type=Error');
  });

  it('llm: chat spans with GenAI attributes and a semantic cache hit', () => {
    const out = runExample('llm');
    expect(exported(out)).toBeGreaterThan(0);
    expect(out).toMatch(/chat [\w.-]+ {2}\[CLIENT (anthropic|openai|gcp\.gemini)\]/);
    expect(out).toContain('gen_ai.usage.input_tokens=');
    expect(out).toContain('cache.hit=true');
  });

  it('jobs on BullMQ with a real Redis: PRODUCER and CONSUMER spans, a failed first attempt and a retry', () => {
    const out = runExample('jobs', { REDIS_URL: redis.url });
    expect(exported(out)).toBeGreaterThan(0);
    expect(out).toMatch(/\[PRODUCER bullmq\]/);
    expect(out).toMatch(/\[CONSUMER bullmq\]/);
    expect(out).toContain('job.attempt=1');
    expect(out).toContain('job.attempt=2');
  });
});
