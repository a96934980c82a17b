import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, ROOT, requireBrowserAndBuild, startCli, type RunningCli } from './support/viewer-cli';

const FIXTURES = `${ROOT}test/fixtures/`;
const TRACE_A = '000000000000000000000000000000a1';
const TRACE_B = '000000000000000000000000000000b2';
const TRACE_XSS = '000000000000000000000000000000d4';

let browser: Browser;
let cli: RunningCli;
let page: Page;
let dialogs: string[] = [];

beforeAll(async () => {
  requireBrowserAndBuild();
  cli = await startCli([`${FIXTURES}viewer-basic.jsonl`, `${FIXTURES}viewer-collector.json`]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await cli?.stop();
});

beforeEach(async () => {
  dialogs = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

const rowNames = (p: Page) => p.locator('[data-testid=trace-list] tbody tr[data-trace-id] td.name').allTextContents();
const waterfallRows = (p: Page) =>
  p.locator('[data-testid=waterfall] .row').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.querySelector('.span-name')!.textContent, depth: Number(r.getAttribute('data-depth')), critical: r.classList.contains('critical'), error: r.classList.contains('has-error') })),
  );

// A real browser on a shared 2-core machine: a test that fails is run again (up to twice) before it
// counts as failed, so that a load spike cannot fail CI; a real regression fails all three runs.
describe('tracewright view in Chromium', { retry: 2 }, () => {
  it('lists the traces of both file formats, newest first', async () => {
    await page.goto(cli.url);
    await expect.poll(() => rowNames(page)).toHaveLength(7);
    const names = await rowNames(page);
    expect(names.map((n) => n.replace(/^!/, ''))).toEqual([
      'orphan job (root missing)',
      '<script>alert(1)</script>',
      'GET /health',
      'POST /orders',
      'GET /about',
      'GET /users/:id',
      'GET /',
    ]);
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('7 traces');
    mkdirSync(`${ROOT}docs/images`, { recursive: true });
    await page.screenshot({ path: `${ROOT}docs/images/viewer-list.png` });
  });

  it('narrows the list by service, by attribute and by status', async () => {
    await page.goto(cli.url);
    await expect.poll(() => rowNames(page)).toHaveLength(7);
    await page.locator('select[name=service]').selectOption('payments');
    await expect.poll(() => rowNames(page)).toEqual(['!POST /orders']);
    expect(page.url()).toContain('service=payments');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rowNames(page)).toHaveLength(7);
    await page.locator('input[name=attr]').fill('user.id=u-42');
    await expect.poll(() => rowNames(page)).toEqual(['GET /users/:id']);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('select[name=status]').selectOption('error');
    await expect.poll(() => rowNames(page)).toEqual(['!POST /orders']);
  });

  it('opens a waterfall with the bars nested and ordered, and shows a span’s attributes', async () => {
    await page.goto(cli.url);
    await page.locator(`tr[data-trace-id="${TRACE_A}"]`).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/trace/${TRACE_A}`);
    await expect.poll(() => waterfallRows(page)).toHaveLength(5);
    const rows = await waterfallRows(page);
    expect(rows.map((r) => [r.name, r.depth])).toEqual([
      ['GET /users/:id', 0],
      ['auth check', 1],
      ['SELECT users', 1],
      ['render', 1],
      ['render partial', 2],
    ]);
    expect(rows.filter((r) => r.critical).map((r) => r.name)).toContain('render');
    // Bars sit on the time axis: SELECT users starts at 15 ms of 120 ms.
    const left = await page.locator('.row', { hasText: 'SELECT users' }).locator('.bar').evaluate((b) => (b as HTMLElement).style.left);
    expect(parseFloat(left)).toBeCloseTo(12.5, 1);
    await page.locator('.row', { hasText: 'SELECT users' }).click();
    const detail = page.getByTestId('span-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('SELECT users');
    const attrs = await page.getByTestId('span-attributes').locator('tr').allTextContents();
    expect(attrs).toEqual(['db.query.textSELECT * FROM users WHERE id = $1', 'db.systempostgresql']);
    expect(await page.getByTestId('span-resource').textContent()).toContain('service.namedb');
    await page.locator('.row', { hasText: 'render partial' }).click();
    await page.screenshot({ path: `${ROOT}docs/images/viewer-waterfall.png` });
    // Collapse hides the child; expanding shows it again.
    await page.locator('.row', { hasText: /^▾render/ }).locator('button.toggle').click();
    await expect.poll(() => waterfallRows(page)).toHaveLength(4);
    await page.locator('.row', { hasText: /^▸render/ }).locator('button.toggle').click();
    await expect.poll(() => waterfallRows(page)).toHaveLength(5);
  });

  it('marks errors, shows the exception stack and follows a link to the linked trace', async () => {
    await page.goto(`${cli.url}#/trace/${TRACE_B}`);
    await expect.poll(() => waterfallRows(page)).toEqual([
      { name: 'POST /orders', depth: 0, critical: true, error: true },
      { name: 'charge card', depth: 1, critical: true, error: true },
    ]);
    await page.locator('.row', { hasText: 'charge card' }).click();
    expect(await page.getByTestId('exception').textContent()).toContain('CardError: card declined\n    at charge (payments.ts:42:11)');
    expect(await page.getByTestId('span-status').textContent()).toBe('error: card declined');
    await page.locator('.row', { hasText: 'POST /orders' }).click();
    await page.getByTestId('span-link').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`#/trace/${TRACE_A}`);
    await expect.poll(() => page.getByTestId('span-detail').locator('h2').textContent()).toBe('GET /users/:id');
  });

  it('renders HTML in names and attributes as text: no dialog, no injected element', async () => {
    await page.goto(cli.url);
    await expect.poll(() => rowNames(page)).toContain('<script>alert(1)</script>');
    await page.goto(`${cli.url}#/trace/${TRACE_XSS}`);
    await expect.poll(() => page.getByTestId('span-detail').locator('h2').textContent()).toBe('<script>alert(1)</script>');
    expect(await page.getByTestId('span-attributes').textContent()).toContain('<img src=x onerror=alert(3)>');
    expect(await page.getByTestId('span-attributes').textContent()).toContain('"><svg onload=alert(4)>');
    expect(await page.locator('.trace-head .legend').first().textContent()).toBe('"><img src=x onerror=alert(2)>');
    await page.goto(`${cli.url}#/operations`);
    await expect.poll(() => page.locator('[data-testid=operations] tbody tr').count()).toBeGreaterThan(5);
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
    }));
    expect(injected).toEqual({ imgs: 0, svgOnload: 0, scripts: ['/assets/app.js'] });
    expect(dialogs).toEqual([]);
  });

  it('moves with j/k, opens with Enter and goes back with Escape', async () => {
    await page.goto(cli.url);
    await expect.poll(() => rowNames(page)).toHaveLength(7);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/trace/000000000000000000000000000000c3');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/');
    // Back from a trace keeps the list's filters.
    await page.locator('select[name=status]').selectOption('error');
    await expect.poll(() => rowNames(page)).toEqual(['!POST /orders']);
    await page.locator('select[name=status]').blur();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/trace/${TRACE_B}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/?status=error');
    await expect.poll(() => rowNames(page)).toEqual(['!POST /orders']);
  });

  it('shows operation stats with a latency histogram', async () => {
    await page.goto(`${cli.url}#/operations`);
    const row = page.locator('[data-testid=operations] tr[data-operation="charge card"]');
    await expect.poll(() => row.locator('td').allTextContents()).toEqual(['payments', 'charge card', '1', '1', '100.0%', '340.0 ms', '340.0 ms', '340.0 ms', '340.0 ms']);
    await row.click();
    await expect.poll(() => page.getByTestId('histogram').locator('figcaption').textContent()).toBe('payments · charge card: latency (1 spans)');
    expect(await page.getByTestId('histogram').locator('rect').count()).toBeGreaterThan(0);
  });

  it('stays usable on a narrow window', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${cli.url}#/trace/${TRACE_A}`);
    await expect.poll(() => waterfallRows(page)).toHaveLength(5);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    expect(await page.getByTestId('span-detail').isVisible()).toBe(true);
  });
});

describe('tracewright view on bad and growing input', { retry: 2 }, () => {
  it('says what it skipped and shows the rest', async () => {
    const bad = await startCli([`${FIXTURES}viewer-bad.jsonl`, '--no-follow']);
    try {
      await page.goto(bad.url);
      await expect.poll(() => rowNames(page)).toEqual(['good one']);
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Skipped 2 lines');
      const notice = await page.getByTestId('notice').textContent();
      expect(notice).toContain('viewer-bad.jsonl:2 (not JSON)');
      expect(notice).toContain('line 6) is incomplete');
      await page.locator('tr[data-trace-id]').click();
      await expect.poll(() => waterfallRows(page)).toEqual([
        { name: 'good one', depth: 0, critical: true, error: false },
        { name: 'with unknown fields', depth: 1, critical: true, error: false },
      ]);
      expect(bad.stderr()).toContain('skipped 2 line(s); first:');
    } finally {
      await bad.stop();
    }
  });

  it('follows a file as it grows and as it rotates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-viewer-'));
    const file = join(dir, 'spans.jsonl');
    copyFileSync(`${FIXTURES}viewer-collector.json`, file);
    const live = await startCli([file, '--poll', '100']);
    try {
      await page.goto(live.url);
      await expect.poll(() => rowNames(page)).toEqual(['GET /about', 'GET /']);
      appendFileSync(file, readFileSync(`${FIXTURES}viewer-basic.jsonl`, 'utf8').split('\n')[7] + '\n');
      await expect.poll(() => rowNames(page), { timeout: 15_000 }).toEqual(['GET /health', 'GET /about', 'GET /']);
      // Rotation as the file exporter does it: the file becomes spans.jsonl.1, a new one starts.
      const { renameSync } = await import('node:fs');
      renameSync(file, `${file}.1`);
      writeFileSync(file, readFileSync(`${FIXTURES}viewer-basic.jsonl`, 'utf8').split('\n')[5] + '\n');
      await expect.poll(() => rowNames(page), { timeout: 15_000 }).toEqual(['GET /health', '!POST /orders', 'GET /about', 'GET /']);
    } finally {
      await live.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a trace of 10,000 spans', { retry: 2 }, () => {
  it('renders only the visible rows and scrolls to the last span', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-viewer-big-'));
    const file = join(dir, 'big.jsonl');
    const traceId = 'c'.repeat(32);
    const lines: string[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const span = {
        traceId,
        spanId: i.toString(16).padStart(16, '0'),
        ...(i > 1 ? { parentSpanId: (i % 10 === 0 ? 1 : i - 1).toString(16).padStart(16, '0') } : {}),
        name: `step ${i}`,
        kind: 1,
        startTimeUnixNano: String(1_767_225_600_000_000_000n + BigInt(i) * 1000n),
        endTimeUnixNano: String(1_767_225_600_000_000_000n + BigInt(i) * 1000n + 500_000n),
        status: { code: i === 10_000 ? 2 : 0 },
      };
      lines.push(JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc-${i % 4}` } }] }, scopeSpans: [{ scope: { name: 't' }, spans: [span] }] }] }));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const big = await startCli([file, '--no-follow']);
    try {
      await page.goto(`${big.url}#/trace/${traceId}`);
      await expect.poll(() => page.locator('.trace-head h1').textContent(), { timeout: 20_000 }).toBe('step 1');
      const height = await page.getByTestId('waterfall').locator('.spacer').evaluate((e) => (e as HTMLElement).style.height);
      expect(height).toBe(`${10_000 * 26}px`);
      const drawn = await page.locator('[data-testid=waterfall] .row').count();
      expect(drawn).toBeGreaterThan(10);
      expect(drawn).toBeLessThan(100);
      await page.getByTestId('waterfall').evaluate((e) => (e.scrollTop = e.scrollHeight));
      await expect.poll(() => page.locator('.row[data-span-id="0000000000002710"]').count()).toBe(1);
      expect(await page.locator('.row[data-span-id="0000000000002710"]').getAttribute('class')).toContain('has-error');
      expect(await page.locator('[data-testid=waterfall] .row').count()).toBeLessThan(100);
    } finally {
      await big.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startTraceViewer in Chromium', { retry: 2 }, () => {
  it('shows the running app’s spans and updates as new ones end', async () => {
    const { startTraceViewer } = await import('../../src/viewer/lazy');
    const { SpanTap } = await import('../../src/runtime/span-tap');
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    const viewer = await startTraceViewer({ port: 0 });
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'live-app' }), spanProcessors: [new SpanTap()] });
    const tracer = provider.getTracer('e2e');
    try {
      tracer.startSpan('GET /first').end();
      await page.goto(viewer.url);
      await expect.poll(() => rowNames(page)).toEqual(['GET /first']);
      await expect.poll(() => page.getByTestId('status').textContent()).toContain('live');
      tracer.startSpan('GET /second').end();
      await expect.poll(() => rowNames(page), { timeout: 15_000 }).toEqual(['GET /second', 'GET /first']);
      await page.locator('tr[data-trace-id]', { hasText: 'GET /second' }).click();
      await expect.poll(() => page.getByTestId('span-detail').locator('h2').textContent()).toBe('GET /second');
      expect(await page.getByTestId('span-resource').textContent()).toContain('service.namelive-app');
    } finally {
      await viewer.close();
      await provider.shutdown();
    }
  });
});
