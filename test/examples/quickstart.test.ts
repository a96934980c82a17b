import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../../examples/quickstart.ts', import.meta.url));

describe('npm run demo (examples/quickstart.ts)', () => {
  it('runs with no backend, prints one tree per request with the server span under the client span, and exits 0', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', demo], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('GET /users/1 -> 200');
    expect(out).toContain('GET /reports/7 -> 500');
    const traces = out.split(/^trace /m).slice(1);
    expect(traces).toHaveLength(3);
    for (const tree of traces) {
      expect(tree).toMatch(/└─ GET \/(users|reports)\/:id {2}\[CLIENT http\]/);
      expect(tree).toMatch(/\n {3}└─ GET \/(users|reports)\/:id {2}\[SERVER\]/);
      expect(tree).toContain('app.tenant=acme'); // baggage crossed the HTTP hop
    }
    expect(traces[0]).toMatch(/└─ SELECT users {2}\[CLIENT postgresql\]/);
    expect(traces[0]).toContain('db.query.text="SELECT * FROM users WHERE id = ?"');
    expect(traces[2]).toMatch(/render report {2}\[INTERNAL\] {2}[\d.]+ms {2}ERROR: report 7 template is missing/);
    expect(out).toMatch(/exported 11 spans, dropped 0, failed 0/);
    expect(run.stderr).not.toMatch(/Accessing resource attributes/);
  });
});

describe('the examples as a user would write them', () => {
  it('import from tracewright (the built package), never from ../src, and npm run demo builds first', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = fileURLToPath(new URL('../../examples/', import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(dir + f, 'utf8')] as const);
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter(([, text]) => /from '\.\.\/src/.test(text)).map(([f]) => f)).toEqual([]);
    expect(sources.filter(([, text]) => /from 'tracewright'/.test(text)).length).toBe(sources.length);
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('npm run build && tsx examples/quickstart.ts');
  });
});
