import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const options = readFileSync(new URL('src/config/options.ts', root), 'utf8');
const table = readme.slice(readme.indexOf('<!-- options-table:start -->'), readme.indexOf('<!-- options-table:end -->'));

describe('README stays the manual', () => {
  it('has the options table', () => {
    expect(table.length).toBeGreaterThan(1000);
  });

  it('lists every option of TracingOptions (and nested retry / spanLimits fields)', () => {
    const names = [...options.matchAll(/^ {2}([a-zA-Z]+)\?:/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(50);
    const missing = names.filter((name) => !new RegExp('`([a-zA-Z]+\\.)?' + name + '(\\.[a-zA-Z]+)?`').test(table));
    expect(missing).toEqual([]);
  });

  it('lists every environment variable the option docs name', () => {
    const vars = [...new Set([...options.matchAll(/`([A-Z][A-Z0-9_]{3,})(=[a-z]+)?`/g)].map((m) => m[1]))];
    expect(vars.length).toBeGreaterThan(50);
    const missing = vars.filter((name) => !table.includes(name));
    expect(missing).toEqual([]);
  });

  it('shows the two commands for a fresh machine', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toMatch(/^npm test/m);
  });
});
