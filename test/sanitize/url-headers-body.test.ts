import { describe, expect, it } from 'vitest';
import { sanitizeBody } from '../../src/sanitize/body';
import { captureHeaders, resolveHeaderAllowlist } from '../../src/sanitize/headers';
import { hashIdentifier } from '../../src/sanitize/hash';
import { redactQuery, redactUrl } from '../../src/sanitize/url';
import { isSensitiveName } from '../../src/sanitize/sensitive-names';

describe('redactUrl', () => {
  it('drops credentials and redacts secret query values, keeping the rest as written', () => {
    expect(redactUrl('https://alice:hunter2@api.example.com:8443/v1/items?id=7&access_token=abc&apiKey=k&q=a%20b#frag')).toBe(
      'https://REDACTED:REDACTED@api.example.com:8443/v1/items?id=7&access_token=REDACTED&apiKey=REDACTED&q=a%20b#frag',
    );
  });

  it.each(['token', 'key', 'secret', 'password', 'signature', 'X-Amz-Signature', 'client_secret', 'passwd'])('redacts %s', (name) => {
    expect(redactUrl(`http://h/p?${name}=v1&keep=v2`)).toBe(`http://h/p?${name}=REDACTED&keep=v2`);
  });

  it('handles relative and unparsable URLs as text', () => {
    expect(redactUrl('/path?password=x&a=1')).toBe('/path?password=REDACTED&a=1');
    expect(redactUrl('not a url')).toBe('not a url');
  });

  it.each([
    // URLs the WHATWG parser rejects keep no credentials either
    ['http://alice:hunter2@api.example.com:99999/x', 'http://REDACTED:REDACTED@api.example.com:99999/x'],
    ['http://alice:hun ter2@host/', 'http://REDACTED:REDACTED@host/'],
    ['//alice:hunter2@host/a', '//REDACTED:REDACTED@host/a'],
    ['alice:hunter2@host/a', 'REDACTED:REDACTED@host/a'],
    ['http:alice:hunter2@host', 'http://REDACTED:REDACTED@host/'],
    ['http://alice:hun#ter2@host/', 'http://REDACTED:REDACTED@host/'],
    ['http://alice:12#34@host/', 'http://REDACTED:REDACTED@host/'],
    ['http://alice@host/', 'http://REDACTED@host/'],
    ['https://[::1]:8443/?token=1', 'https://[::1]:8443/?token=REDACTED'],
    // fragments, `;` separators, matrix parameters, nested URLs
    ['http://h/cb#access_token=abc&state=1', 'http://h/cb#access_token=REDACTED&state=1'],
    ['http://h/#/cb?id_token=abc', 'http://h/#/cb?id_token=REDACTED'],
    ['http://h/app;jsessionid=ABC/x;token=2?a=1;password=3', 'http://h/app;jsessionid=REDACTED/x;token=REDACTED?a=1;password=REDACTED'],
    ['http://h/?next=/a?sig=abc', 'http://h/?next=/a?sig=REDACTED'],
    ['http://h/?redirect=https%3A%2F%2Fx%2F%3Ftoken%3Dabc&a=1', 'http://h/?redirect=REDACTED&a=1'],
    ['http://h/?pass%77ord=x&Pass_Word=y&api-key=z&code=c', 'http://h/?pass%77ord=REDACTED&Pass_Word=REDACTED&api-key=REDACTED&code=REDACTED'],
    // paths with @ are not user info
    ['https://registry.npmjs.org/@types/node', 'https://registry.npmjs.org/@types/node'],
    ['http://localhost:4873/@scope/pkg', 'http://localhost:4873/@scope/pkg'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('accepts a URL object', () => {
    expect(redactUrl(new URL('http://u:p@h/?token=1'))).toBe('http://REDACTED:REDACTED@h/?token=REDACTED');
  });
});

describe('redactQuery', () => {
  it('keeps flags without values and empty queries', () => {
    expect(redactQuery('a&token=1&b=')).toBe('a&token=REDACTED&b=');
    expect(redactQuery('')).toBe('');
  });
});

describe('headers', () => {
  it('never captures authorization, cookie or set-cookie even when allowlisted', () => {
    expect(resolveHeaderAllowlist(['Authorization', 'Cookie', 'set-cookie', 'X-Request-Id', 'content-type'])).toEqual([
      'x-request-id',
      'content-type',
    ]);
  });

  it('never captures headers named like credentials, in any case or spelling', () => {
    const listed = ['X-API-Key', 'x-auth-token', 'X-Access-Token', 'x-csrf-token', 'x-amz-security-token', 'Proxy-Authorization', 'SET-COOKIE', ' Cookie ', 'x_api_key', 'x-session-id', 'x-request-id'];
    expect(resolveHeaderAllowlist(listed)).toEqual(['x-request-id']);
    const headers = { 'x-api-key': 'hunter2', Authorization: 'Bearer hunter2', 'x-request-id': 'r1' };
    expect(captureHeaders(headers, ['x-api-key', 'authorization', 'x-request-id'], 'request')).toEqual({ 'http.request.header.x-request-id': ['r1'] });
  });

  it('redacts URLs in referer and location', () => {
    expect(captureHeaders({ location: 'https://u:hunter2@h/cb#access_token=hunter2' }, ['location'], 'response')).toEqual({
      'http.response.header.location': ['https://REDACTED:REDACTED@h/cb#access_token=REDACTED'],
    });
  });

  it('captures from Node headers, fetch Headers and records as string arrays', () => {
    const allow = ['x-request-id', 'accept'];
    expect(captureHeaders({ 'x-request-id': 'r1', accept: ['a', 'b'], authorization: 'Bearer x' }, allow, 'request')).toEqual({
      'http.request.header.x-request-id': ['r1'],
      'http.request.header.accept': ['a', 'b'],
    });
    expect(captureHeaders(new Headers({ 'X-Request-Id': 'r2' }), allow, 'response')).toEqual({ 'http.response.header.x-request-id': ['r2'] });
    expect(captureHeaders({ 'X-Request-Id': 'r3' }, allow, 'request')).toEqual({ 'http.request.header.x-request-id': ['r3'] });
  });
});

describe('sanitizeBody', () => {
  it('redacts sensitive JSON fields at any depth and truncates', () => {
    expect(sanitizeBody({ user: 'a', password: 'p', nested: { apiKey: 'k', ok: 1 } })).toBe(
      '{"user":"a","password":"REDACTED","nested":{"apiKey":"REDACTED","ok":1}}',
    );
    expect(sanitizeBody('{"token":"t","n":2}')).toBe('{"token":"REDACTED","n":2}');
    expect(sanitizeBody('a=1&password=2')).toBe('a=1&password=REDACTED');
    const long = sanitizeBody('x'.repeat(3000), 100)!;
    expect(long.startsWith('x'.repeat(100))).toBe(true);
    expect(long).toContain('truncated 2900 chars');
    expect(sanitizeBody(new Uint8Array(5))).toBe('[binary 5 bytes]');
    expect(sanitizeBody(undefined)).toBeUndefined();
  });
});

describe('hashIdentifier', () => {
  it('is stable, short and not the input', () => {
    expect(hashIdentifier('123456789012345678')).toBe(hashIdentifier('123456789012345678'));
    expect(hashIdentifier('123456789012345678')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashIdentifier('1')).not.toBe(hashIdentifier('2'));
  });
});

describe('sanitizeBody: what cannot be walked safely is never shown raw', () => {
  it('redacts spelling variants and percent-encoded field names', () => {
    const out = sanitizeBody({ 'pass%77ord': 'hunter2', Pass_Word: 'hunter2', 'api-key': 'hunter2', API_KEY: 'hunter2', 'pass%2577ord': 'hunter2', ok: 1 })!;
    expect(out).not.toContain('hunter2');
    expect(JSON.parse(out)).toMatchObject({ ok: 1, 'api-key': 'REDACTED' });
  });

  it('replaces nesting deeper than 8 levels by a marker', () => {
    let deep: unknown = { hunter2: 'hunter2' };
    for (let i = 0; i < 12; i++) deep = { n: deep };
    const out = sanitizeBody(deep, 100_000)!;
    expect(out).not.toContain('hunter2');
    expect(out).toContain('[depth limit]');
    expect(out.split('"n"').length - 1).toBe(8);
  });

  it('redacts what toJSON returns, and marks a toJSON that throws', () => {
    const value = { user: { toJSON: () => ({ safeLooking: 'x', password: 'hunter2' }) }, bad: { toJSON: () => { throw new Error('hunter2'); } } };
    expect(sanitizeBody(value)).toBe('{"user":{"safeLooking":"x","password":"REDACTED"},"bad":"[unserializable]"}');
    expect(sanitizeBody({ when: new Date(0) })).toBe('{"when":"1970-01-01T00:00:00.000Z"}');
  });

  it('handles cycles, getters that throw, huge arrays and __proto__ keys', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(sanitizeBody(cyclic)).toBe('{"a":1,"self":"[circular]"}');
    const getter = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(sanitizeBody(getter)).toBe('{"x":"[unserializable]"}');
    const big = sanitizeBody(new Array(10_000).fill(7), 100_000)!;
    expect(JSON.parse(big)).toHaveLength(101);
    expect(big).toContain('[+9900 more]');
    expect(sanitizeBody('{"__proto__": {"password": "hunter2"}}')).toBe('{"__proto__":{"password":"REDACTED"}}');
  });

  it('never shows text that looks like JSON but does not parse, and redacts loose form text', () => {
    expect(sanitizeBody('{"password": "hunter2"')).toBe('[unparsable JSON, 22 chars]');
    expect(sanitizeBody('a=1&&password=hunter2&flag')).toBe('a=1&&password=REDACTED&flag');
    expect(sanitizeBody({ note: 'see http://u:hunter2@h/?token=hunter2' })).toBe('{"note":"see http://REDACTED:REDACTED@h/?token=REDACTED"}');
  });
});

describe('isSensitiveName', () => {
  it.each(['password', 'Pass_Word', 'pass%77ord', 'pass%2577ord', 'API-KEY', 'apiKey', 'x-api-key', 'client_secret', 'access_token', 'jsessionid', 'sig', 'code', 'X-Amz-Signature', 'authorization', 'pwd'])(
    '%s is sensitive',
    (name) => expect(isSensitiveName(name)).toBe(true),
  );
  it.each(['id', 'name', 'author', 'q', 'page', 'x-request-id', 'content-type', 'user-agent'])('%s is not', (name) => expect(isSensitiveName(name)).toBe(false));
});
