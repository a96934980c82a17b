/**
 * Property: a secret written in any literal or comment form of a dialect never reaches a span
 * (name, db.query.text, db.collection.name, any attribute) through instrumentDatabaseQuery, and the
 * lexer's work stays linear in the length of the statement.
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { analyzeSql } from '../../src/sanitize/sql';
import { lexSql, MAX_DOLLAR_TAG, type SqlDialect } from '../../src/sanitize/sql-lexer';
import { secretArb, secretTextArb } from './arbitraries';
import { createHelpers, leaks, runs } from './harness';

const h = createHelpers();
afterEach(() => h.reset());
afterAll(() => h.shutdown());

type Form = (content: string, pick: number) => string;

const noClose = (s: string) => s.split('*/').join('* /').split('/*').join('/ *');
const oneLine = (s: string) => s.replace(/[\n\r]/g, ' ');

// Every way each dialect lets a value or a comment carry text; content is escaped as the form requires.
const FORMS: Record<SqlDialect, Form[]> = {
  postgresql: [
    (c) => `'${c.replace(/'/g, "''")}'`,
    (c, p) => `${p % 2 ? 'E' : 'e'}'${c.replace(/\\/g, '\\\\').replace(/'/g, p % 3 ? "\\'" : "''")}'`,
    (c) => `U&'${c.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    (c, p) => `${'NBX'[p % 3]}'${c.replace(/'/g, "''")}'`,
    (c, p) => {
      const tag = p % 4 === 0 ? '' : `tg_ü${'x'.repeat(p % (MAX_DOLLAR_TAG - 8))}`;
      return `$${tag}$${c.split(`$${tag}$`).join('')}$${tag}$`;
    },
    (c) => `-- ${oneLine(c)}\n`,
    (c, p) => (p % 2 ? `/* ${noClose(c)} */` : `/* a /* ${noClose(c)} */ b */`),
  ],
  mysql: [
    (c, p) => `'${c.replace(/\\/g, '\\\\').replace(/'/g, p % 2 ? "\\'" : "''")}'`,
    (c, p) => `"${c.replace(/\\/g, '\\\\').replace(/"/g, p % 2 ? '\\"' : '""')}"`,
    (c, p) => `${['_utf8mb4', 'N', 'x', 'b'][p % 4]}'${c.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    (c) => `# ${oneLine(c)}\n`,
    (c) => `-- ${oneLine(c)}\n`,
    (c) => `/* ${noClose(c)} */`,
  ],
  other: [
    (c) => `'${c.replace(/'/g, "''")}'`,
    (c) => `"${c.replace(/"/g, '""')}"`,
    (c, p) => `${'NX'[p % 2]}'${c.replace(/'/g, "''")}'`,
    (c) => `-- ${oneLine(c)}\n`,
    (c) => `/* ${noClose(c)} */`,
  ],
};

const SYSTEMS: Record<SqlDialect, string[]> = { postgresql: ['postgresql', 'pg'], mysql: ['mysql', 'mariadb'], other: ['sqlite', 'mssql', 'oracle'] };

// Statement shapes with slots for values; the pieces between them are plain SQL (no quotes).
const SHAPES = [
  (v: string[]) => `SELECT a, b FROM t WHERE a = ${v[0]} AND b IN (${v[1]}, ${v[2]})`,
  (v: string[]) => `INSERT INTO users (name, pw) VALUES (${v[0]}, ${v[1]}) ${v[2]}`,
  (v: string[]) => `UPDATE accounts SET pw = ${v[0]} WHERE id = 7 ${v[1]} AND x = ${v[2]}`,
  (v: string[]) => `${v[0]} DELETE FROM sessions WHERE sid = ${v[1]} OR sid = ${v[2]}`,
  (v: string[]) => `SELECT ${v[0]} AS a, ${v[1]} FROM t ${v[2]}`,
  (v: string[]) => `SELECT ${v[0]} FROM ${v[1]}`,
];
const WORDS = ['SELECT', 'FROM', 'WHERE', 't', 'a.b', '(', ')', ',', '=', '<>', '+', '-', '*', '/', '1', '0x1F', '1e5', 'IN', 'NULL', ':name', '@v', '?', '$1', 'JOIN', 'AS'];

const dialectArb = fc.constantFrom<SqlDialect>('postgresql', 'mysql', 'other');

/** A statement holding secrets in value / comment positions, optionally ending in an unterminated literal. */
const statementArb = dialectArb.chain((dialect) =>
  secretArb.chain((secret) => {
    const valueArb = fc.tuple(secretTextArb(secret), fc.nat({ max: 1000 }), fc.nat({ max: FORMS[dialect].length - 1 })).map(([content, pick, form]) => FORMS[dialect][form]!(content, pick));
    const shaped = fc.tuple(fc.nat({ max: SHAPES.length - 1 }), fc.array(valueArb, { minLength: 3, maxLength: 3 })).map(([shape, values]) => SHAPES[shape]!(values));
    // token soup: values between keywords and operators, always separated by spaces
    const soup = fc.array(fc.oneof(valueArb, fc.constantFrom(...WORDS)), { minLength: 1, maxLength: 14 }).map((parts) => parts.join(' '));
    const tails = { postgresql: [` $q$ ${secret}`, ` E'${secret}`], mysql: [` '${secret}\\'`], other: [` [x ${secret}`] }[dialect];
    const unterminated = fc.constantFrom('', ` '${secret}`, ` "${secret}`, ` /* ${secret}`, ...tails);
    return fc.record({
      dialect: fc.constant(dialect),
      system: fc.constantFrom(...SYSTEMS[dialect]),
      secret: fc.constant(secret),
      sql: fc.tuple(fc.oneof(shaped, soup), unterminated).map(([sql, tail]) => sql + tail),
    });
  }),
);

describe('SQL sanitizing under fuzzing', () => {
  it('no secret reaches the span, in any dialect or literal form', () => {
    fc.assert(
      fc.property(statementArb, fc.boolean(), ({ system, secret, sql }, sanitizeQueries) => {
        h.reset();
        const helpers = sanitizeQueries ? h : raw;
        helpers.reset();
        expect(() => helpers.instrumentDatabaseQuery({ dbType: system, query: sql, database: 'app' }, () => ({ rows: [] }))).not.toThrow();
        const spans = helpers.spans();
        expect(spans).toHaveLength(1);
        // with sanitizeQueries off the raw text is recorded on purpose: then only name and collection are checked
        const checked = sanitizeQueries ? spans : spans.map((s) => ({ ...s, attributes: { ...s.attributes, 'db.query.text': '' } }));
        expect(leaks(checked as typeof spans, [secret])).toEqual([]);
      }),
      { numRuns: runs(600) },
    );
  });

  it('does work linear in the length (characters examined, not time)', () => {
    fc.assert(
      fc.property(statementArb, fc.integer({ min: 1, max: 20 }), ({ dialect, sql }, repeat) => {
        const text = sql.repeat(repeat);
        const { work } = lexSql(text, dialect);
        const dollars = text.split('$').length - 1;
        expect(work).toBeLessThanOrEqual(2 * text.length + 2 + (MAX_DOLLAR_TAG + 1) * dollars);
        expect(analyzeSql(text, dialect).text.length).toBeLessThanOrEqual(text.length + 1);
      }),
      { numRuns: runs(300) },
    );
  });
});

const raw = createHelpers({ sanitizeQueries: false });
afterAll(() => raw.shutdown());
