import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_A_VALUE, RESOLVED, config, stated } from './defaults-map';

/**
 * Every table in docs/ with a "default" column states, for each option the config resolves, the
 * default the code resolves: the same check README's options table gets (readme-defaults.test.ts),
 * so no page can drift from the code. A row names its option with the first `code` span of its
 * first cell; the page's own names are mapped onto README's (the analysis page lists
 * `analysis.*` without the prefix, the file exporter's table its constructor's names).
 */
const DOCS = new URL('../../docs/', import.meta.url);
const PAGE_PREFIX: Record<string, string> = { 'analysis.md': 'analysis.' };
const ALIASES: Record<string, string> = {
  exportTimeoutMillis: 'exportTimeout',
  scheduledDelayMillis: 'batchTimeout',
  batch: 'enableBatch',
  maxFileBytes: 'fileMaxBytes',
  maxFiles: 'fileMaxFiles',
};

interface Row {
  page: string;
  option: string;
  cell: string;
}

function tableRows(page: string, text: string): Row[] {
  const rows: Row[] = [];
  let defaultColumn = -1;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      defaultColumn = -1;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    if (defaultColumn === -1) {
      defaultColumn = cells.findIndex((c) => /^default$/i.test(c));
      continue;
    }
    if (/^-+$/.test(cells[0]!.replace(/[:\s]/g, '')) || cells[defaultColumn] === undefined) continue;
    const name = /^`([\w.]+)`/.exec(cells[0]!)?.[1];
    if (!name) continue;
    const candidates = [PAGE_PREFIX[page] ? `${PAGE_PREFIX[page]}${name}` : name, ALIASES[name] ?? name];
    const option = candidates.find((c) => c in RESOLVED || NOT_A_VALUE.has(c));
    if (option) rows.push({ page, option, cell: cells[defaultColumn]! });
  }
  return rows;
}

/** A docs cell: README's forms, plus bare numbers ("2048", "7 200 000 (2 h)") and array literals. */
function statedInDocs(cell: string): unknown {
  const mib = /^(\d+) MiB\b/.exec(cell);
  if (mib) return Number(mib[1]) * 1024 * 1024;
  const bare = /^(\d[\d\s,]*(?:\.\d+)?)(?:\s|$|\(|:)/.exec(cell);
  if (bare) return Number(bare[1]!.replace(/[\s,]/g, ''));
  if (/^(false|true)\b/.test(cell)) return cell.startsWith('true');
  const value = stated(cell);
  if (typeof value === 'string' && value.startsWith('[')) return [...value.matchAll(/'([^']+)'/g)].map((m) => m[1]).join(',');
  return value;
}

const rows = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap((page) => tableRows(page, readFileSync(new URL(page, DOCS), 'utf8')));

/**
 * The TSDoc of each option in src/config/options.ts (what an editor shows): "Default X." checked
 * the same way, the interface giving the prefix (`retry.`, `spanLimits.`).
 */
function tsdocRows(): Row[] {
  const text = readFileSync(new URL('../../src/config/options.ts', import.meta.url), 'utf8');
  const prefixes: Record<string, string> = { RetryOptions: 'retry.', SpanLimitOptions: 'spanLimits.', TracingOptions: '' };
  const out: Row[] = [];
  let prefix: string | undefined;
  for (const match of text.matchAll(/export interface (\w+)|\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*(\w+)\?:/g)) {
    if (match[1]) {
      prefix = prefixes[match[1]];
      continue;
    }
    if (prefix === undefined) continue;
    const doc = match[2]!.replace(/\s*\n\s*\*\s*/g, ' ');
    const stated = /\bDefault (.+?)(?:\. |\.$|$)/.exec(doc.trim())?.[1];
    const option = `${prefix}${match[3]}`;
    if (stated !== undefined && (option in RESOLVED || NOT_A_VALUE.has(option))) out.push({ page: 'src/config/options.ts', option, cell: stated });
  }
  return out;
}

const tsdoc = tsdocRows();

describe('the TSDoc of TracingOptions states the code’s defaults', () => {
  it('finds the options', () => {
    expect(tsdoc.length).toBeGreaterThan(35);
  });
  for (const row of tsdoc.filter((r) => !NOT_A_VALUE.has(r.option))) {
    it(`${row.option} = ${row.cell.slice(0, 60)}`, () => {
      expect(RESOLVED[row.option]!(config)).toEqual(statedInDocs(row.cell));
    });
  }
});

describe('docs/ tables state the code’s defaults', () => {
  it('finds the option tables of every page that has one', () => {
    const pages = new Set(rows.map((r) => r.page));
    for (const page of ['analysis.md', 'context.md', 'export-pipeline.md', 'instrumentation.md']) expect(pages).toContain(page);
    expect(rows.length).toBeGreaterThan(40);
  });

  for (const row of rows.filter((r) => !NOT_A_VALUE.has(r.option))) {
    it(`${row.page}: ${row.option} = ${row.cell.slice(0, 60)}`, () => {
      expect(RESOLVED[row.option]!(config)).toEqual(statedInDocs(row.cell));
    });
  }
});
