import { describe, expect, it } from 'vitest';
import { analyzeSql, resolveSqlDialect, sanitizeSql, summarizeSql, type SqlDialect } from '../../src/sanitize/sql';
import { lexSql, MAX_DOLLAR_TAG } from '../../src/sanitize/sql-lexer';

describe('sanitizeSql, in every dialect', () => {
  it.each([
    ["SELECT * FROM users WHERE id = 42 AND name = 'bob'", 'SELECT * FROM users WHERE id = ? AND name = ?'],
    ["SELECT 'it''s' , 3.14, -7, 1e10", 'SELECT ? , ?, -?, ?'],
    ['SELECT * FROM t WHERE id IN (1, 2, 3, 4)', 'SELECT * FROM t WHERE id IN (?)'],
    ['SELECT * FROM t -- the secret is 1234\nWHERE x = 1', 'SELECT * FROM t WHERE x = ?'],
    ['SELECT /* hint: 99 */ col1 FROM t2', 'SELECT col1 FROM t2'],
    ["INSERT INTO users (name, age)   VALUES ('ann', 30)", 'INSERT INTO users (name, age) VALUES (?, ?)'],
    ["SELECT X'DEADBEEF', B'0101', N'unicode'", 'SELECT ?, ?, ?'],
    ["SELECT 'unterminated", 'SELECT ?'],
    ['SELECT * FROM t WHERE x IS NULL AND y = TRUE', 'SELECT * FROM t WHERE x IS NULL AND y = ?'],
  ])('%s', (input, expected) => {
    for (const dialect of ['postgresql', 'mysql', 'other'] as const) expect(sanitizeSql(input, dialect)).toBe(expected);
  });
});

describe('PostgreSQL (standard_conforming_strings on)', () => {
  const pg = (sql: string) => analyzeSql(sql, 'postgresql');

  it.each([
    // a backslash does not escape in a standard string: the second literal is a literal
    ["INSERT INTO t (a, b) VALUES ('C:\\', 'hunter2')", 'INSERT INTO t (a, b) VALUES (?, ?)'],
    ["SELECT E'it\\'s hunter2', E'x\\\\', 'y'", 'SELECT ?, ?, ?'],
    ['SELECT * FROM t WHERE id in ($1, $2, $3)', 'SELECT * FROM t WHERE id in (?)'],
    ["SELECT U&'d\\0061t\\+000061', U&\"c\" FROM t", 'SELECT ?, U&"c" FROM t'],
    ["SELECT $$a body with 'quotes' 12$$, $tag$x$tag$", 'SELECT ?, ?'],
    ['SELECT $tag_ü$ hunter2 $tag_ü$ FROM t', 'SELECT ? FROM t'],
    ['SELECT $a$ $b$ hunter2 $b$ $a$', 'SELECT ?'],
    // comments nest: the quote in the inner comment opens nothing
    ["SELECT /* a /* b */ 'secret' */ x FROM t", 'SELECT x FROM t'],
    ["SELECT /* /* */ ' */ 1, 'hunter2' /* ' */", 'SELECT ?, ?'],
    ['SELECT "col 1", t1.c2 FROM "Table 3" t1', 'SELECT "col 1", t1.c2 FROM "Table 3" t1'],
    ["UPDATE accounts SET active = true, balance = 0x1F WHERE email = E'a@b.c'", 'UPDATE accounts SET active = ?, balance = ? WHERE email = ?'],
    ['SELECT 1_000, 0o17, 0b101, .5e-3, a#b', 'SELECT ?, ?, ?, ?, a#b'],
  ])('%s', (input, expected) => {
    expect(pg(input).text).toBe(expected);
    expect(pg(input).text).not.toMatch(/hunter2|secret/i);
  });

  it('never reads the span name or the collection from inside a literal', () => {
    expect(pg("SELECT 'x from hunter2' AS a")).toMatchObject({ operation: 'SELECT', text: 'SELECT ? AS a' });
    expect(pg("SELECT 'x from hunter2' AS a").table).toBeUndefined();
    expect(pg("SELECT $q$ FROM hunter2 $q$, a FROM t").table).toBe('t');
    expect(pg("/* FROM hunter2 */ DELETE FROM sessions WHERE sid = 'x'")).toMatchObject({ operation: 'DELETE', table: 'sessions' });
  });

  it('an unterminated construct or an over-long dollar tag drops the rest of the text', () => {
    expect(pg("SELECT a, 'hunter2").text).toBe('SELECT a, ?');
    expect(pg('SELECT a /* /* */ hunter2').text).toBe('SELECT a ?');
    expect(pg('SELECT $x$ hunter2').text).toBe('SELECT ?');
    const tag = `$${'t'.repeat(MAX_DOLLAR_TAG)}$`;
    expect(pg(`SELECT ${tag} hunter2 ${tag}, 1`).text).toBe('SELECT ?');
    expect(pg('SELECT "unterminated hunter2').text).toBe('SELECT ?');
  });
});

describe('MySQL / MariaDB', () => {
  const my = (sql: string) => analyzeSql(sql, 'mysql');

  it.each([
    ['SELECT * FROM t WHERE a = "hunter2" # secret', 'SELECT * FROM t WHERE a = ?'],
    ["SELECT * FROM t WHERE a = 'it\\'s hunter2' AND b = \"x\"\"y\"", 'SELECT * FROM t WHERE a = ? AND b = ?'],
    ["SELECT * FROM `my table` WHERE `a``b` = 'x'", 'SELECT * FROM `my table` WHERE `a``b` = ?'],
    ['SELECT 1 -- secret\n, 2', 'SELECT ? , ?'],
    ['SELECT 5--1', 'SELECT ?--?'],
    ["SELECT /*!40000 'secret' */ a FROM t", 'SELECT a FROM t'],
    ["SELECT _utf8mb4'secret', x'1f', $col FROM t", 'SELECT _utf8mb4?, ?, $col FROM t'],
  ])('%s', (input, expected) => {
    expect(my(input).text).toBe(expected);
  });

  it('reads backtick-quoted collections', () => {
    expect(my('INSERT INTO `shop`.`orders` (a) VALUES (1)')).toMatchObject({ operation: 'INSERT', table: 'shop.orders' });
  });
});

describe('other dialects (SQLite, SQL Server, unknown): conservative', () => {
  const other = (sql: string) => analyzeSql(sql, 'other');

  it.each([
    // a backslash in a string: where it ends depends on the dialect, so the rest is dropped
    ["SELECT * FROM t WHERE a = 'C:\\' OR b = 'hunter2'", 'SELECT * FROM t WHERE a = ?'],
    ['SELECT "hunter2" FROM t', 'SELECT ? FROM t'],
    ['SELECT * FROM [dbo].[users] WHERE id IN (1, 2, 3)', 'SELECT * FROM [dbo].[users] WHERE id IN (?)'],
    ["SELECT [it's] FROM t WHERE x = 'hunter2'", 'SELECT ?'],
    ["SELECT 1 /* a /* b */ 'secret' */", 'SELECT ? ?'],
    ["SELECT 1 # it's\nFROM t WHERE 'hunter2'", 'SELECT ? ?'],
    ['SELECT $name, :name, @name, ?1 FROM t', 'SELECT $name, :name, @name, ?? FROM t'],
  ])('%s', (input, expected) => {
    expect(other(input).text).toBe(expected);
  });
});

describe('summarizeSql', () => {
  it.each([
    ['SELECT id FROM users WHERE id = 1', { operation: 'SELECT', table: 'users' }],
    ['select id from public.users', { operation: 'SELECT', table: 'public.users' }],
    ['INSERT INTO "orders" (a) VALUES (1)', { operation: 'INSERT', table: 'orders' }],
    ['UPDATE items SET a = 1', { operation: 'UPDATE', table: 'items' }],
    ['DELETE FROM sessions WHERE 1 = 1', { operation: 'DELETE', table: 'sessions' }],
    ['CREATE TABLE IF NOT EXISTS widgets (id int)', { operation: 'CREATE', table: 'widgets' }],
    ['DROP TABLE IF EXISTS widgets', { operation: 'DROP', table: 'widgets' }],
    ['TRUNCATE TABLE logs', { operation: 'TRUNCATE', table: 'logs' }],
    ['SELECT * FROM a JOIN b ON a.id = b.id', { operation: 'SELECT' }],
    ['SELECT * FROM a, b', { operation: 'SELECT' }],
    ['SELECT * FROM (SELECT 1) s', { operation: 'SELECT' }],
    ['SELECT a FROM t WHERE b IN (SELECT c FROM u)', { operation: 'SELECT', table: 't' }],
    ['BEGIN', { operation: 'BEGIN' }],
    ['/* c */ SELECT 1', { operation: 'SELECT' }],
    ["'x' SELECT", {}],
    ['', {}],
  ])('%s', (input, expected) => {
    expect(summarizeSql(input, 'postgresql')).toEqual(expected);
  });
});

describe('dialects and cost', () => {
  it('maps db.system.name values to a dialect', () => {
    expect(['postgresql', 'postgres', 'pg', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle', undefined].map(resolveSqlDialect)).toEqual([
      'postgresql',
      'postgresql',
      'postgresql',
      'mysql',
      'mysql',
      'other',
      'other',
      'other',
      'other',
    ]);
  });

  it('does linear work, also on hostile input', () => {
    const hostile = [
      '$a'.repeat(5000),
      `$${'t'.repeat(60)}$ ` + `$${'t'.repeat(59)}x`.repeat(200),
      '/*'.repeat(5000),
      "'".repeat(9999),
      'E\'\\'.repeat(3000),
      '--\n'.repeat(3000),
      '`'.repeat(9999),
    ];
    for (const sql of hostile) {
      for (const dialect of ['postgresql', 'mysql', 'other'] as SqlDialect[]) {
        const { work } = lexSql(sql, dialect);
        expect(work).toBeLessThanOrEqual(4 * (sql.length + 1) + 64 * 400);
      }
    }
  });

  it('caches by dialect and text', () => {
    const a = analyzeSql('SELECT 1 FROM cached_t', 'postgresql');
    expect(analyzeSql('SELECT 1 FROM cached_t', 'postgresql')).toBe(a);
    expect(analyzeSql('SELECT 1 FROM cached_t', 'mysql')).not.toBe(a);
  });
});
