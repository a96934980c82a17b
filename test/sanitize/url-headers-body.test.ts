import { describe, expect, it } from 'vitest';
import { sanitizeBody } from '../../src/sanitize/body';
import { captureHeaders, resolveHeaderAllowlist } from '../../src/sanitize/headers';
import { hashIdentifier } from '../../src/sanitize/hash';
import { redactQuery, redactUrl } from '../../src/sanitize/url';

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
