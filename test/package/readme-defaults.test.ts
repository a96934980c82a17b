import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_A_VALUE, RESOLVED, config, stated } from './defaults-map';

/**
 * Every default README's options table states is the default the code resolves (options `{ serviceName }`,
 * an empty environment), so the manual cannot drift from the code. A row whose default is not a fixed
 * value ("required", "per sampler", "from the scheme") is listed in NOT_A_VALUE; a new option must be
 * added to one of the two maps, or this test fails.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('<!-- options-table:start -->'), readme.indexOf('<!-- options-table:end -->'));
const rows = [...table.matchAll(/^\| `([\w.]+)` \|[^|]*\| ([^|]*) \|/gm)].map((m) => ({ option: m[1]!, cell: m[2]!.trim() }));

describe("README's options table states the code's defaults", () => {
  it('parses the table', () => {
    expect(rows.length).toBeGreaterThan(50);
  });

  it('every row is checked or listed as a rule', () => {
    expect(rows.filter((r) => !(r.option in RESOLVED) && !NOT_A_VALUE.has(r.option)).map((r) => r.option)).toEqual([]);
  });

  for (const row of rows.filter((r) => r.option in RESOLVED)) {
    it(`${row.option}: ${row.cell}`, () => {
      expect(RESOLVED[row.option]!(config)).toEqual(stated(row.cell));
    });
  }
});
