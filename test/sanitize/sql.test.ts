import { describe, expect, it } from 'vitest';
import { sanitizeSql, summarizeSql } from '../../src/sanitize/sql';

describe('sanitizeSql', () => {
  it.each([
    ["SELECT * FROM users WHERE id = 42 AND name = 'bob'", 'SELECT * FROM users WHERE id = ? AND name = ?'],
    ["SELECT 'it''s' , 3.14, -7, 1e10", 'SELECT ? , ?, -?, ?'],
    ['SELECT * FROM t WHERE id IN (1, 2, 3, 4)', 'SELECT * FROM t WHERE id IN (?)'],
    ['SELECT * FROM t WHERE id in ($1, $2, $3)', 'SELECT * FROM t WHERE id in (?)'],
    ['SELECT * FROM t WHERE a = $1 AND b = $2', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ['SELECT * FROM t -- the secret is 1234\nWHERE x = 1', 'SELECT * FROM t WHERE x = ?'],
    ['SELECT /* hint: 99 */ col1 FROM t2', 'SELECT col1 FROM t2'],
    ['UPDATE accounts SET active = true, balance = 0x1F WHERE email = E\'a@b.c\'', 'UPDATE accounts SET active = ?, balance = ? WHERE email = ?'],
    ['SELECT $$a body with \'quotes\' 12$$, $tag$x$tag$', 'SELECT ?, ?'],
    ['SELECT "col 1", t1.c2 FROM "Table 3" t1', 'SELECT "col 1", t1.c2 FROM "Table 3" t1'],
    ["INSERT INTO users (name, age)   VALUES ('ann', 30)", 'INSERT INTO users (name, age) VALUES (?, ?)'],
    ["SELECT X'DEADBEEF', B'0101', N'unicode'", 'SELECT ?, ?, ?'],
    ["SELECT 'unterminated", 'SELECT ?'],
    ['SELECT * FROM t WHERE x IS NULL', 'SELECT * FROM t WHERE x IS NULL'],
  ])('%s', (input, expected) => {
    expect(sanitizeSql(input)).toBe(expected);
  });

  it('never keeps a literal value, whatever the quoting', () => {
    const out = sanitizeSql("SELECT * FROM t WHERE a = 'p@ss\\'word' AND b = 'x'");
    expect(out).not.toContain('p@ss');
    expect(out).toBe('SELECT * FROM t WHERE a = ? AND b = ?');
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
    ['SELECT * FROM a JOIN b ON a.id = b.id', { operation: 'SELECT' }],
    ['BEGIN', { operation: 'BEGIN' }],
    ['/* c */ SELECT 1', { operation: 'SELECT' }],
    ['', {}],
  ])('%s', (input, expected) => {
    expect(summarizeSql(input)).toEqual(expected);
  });
});
