import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../../examples/analysis.ts', import.meta.url));

describe('examples/analysis.ts', () => {
  it('prints a table per service, the health of each, the top insights and the slowest trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', example], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    // Durations depend on the machine; what the workload fixes does not: the LLM call always sleeps
    // past the 100 ms critical threshold, every third charge times out.
    expect(out).toMatch(/^GeminiService {2}\[critical\] {2}24 spans, error rate 0\.0%/m);
    expect(out).toMatch(/^PaymentService {2}\[critical\] {2}24 spans, error rate 33\.3%/m);
    expect(out).toMatch(/^UserRepository {2}\[\w+\] {2}24 spans/m);
    expect(out).toMatch(/^analysis-example {2}\[\w+\] {2}24 spans/m);
    expect(out).toMatch(/'GeminiService\.generateResponse' │ 24 +│ 0 /);
    expect(out).toMatch(/'PaymentService\.charge' +│ 24 +│ 8 /);
    expect(out).toMatch(/\[critical\] Critical bottleneck detected: GeminiService\.generateResponse took \d+ms/);
    expect(out).toContain('Most common error: TimeoutError (8 occurrences): payment gateway timed out after <n>s');
    expect(out).toMatch(/GeminiService\.generateResponse is consistently slow .*consider caching/);
    expect(out).toMatch(/PaymentService\.charge is timeout-prone \(8 timeouts\): .*circuit breaker/);
    expect(out).toMatch(/Slowest trace [0-9a-f]{32}: POST \/chat [\d.]+ms, 4 spans/);
    expect(out).toMatch(/^ {4}PaymentService\.charge {2}\+[\d.]+ms {2}[\d.]+ms/m);
    expect(out).toMatch(/collector: 24 traces, 96 spans held/);
  });
});
