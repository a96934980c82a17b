import { describe, expect, it } from 'vitest';
import { MAX_ERROR_TEXT_LENGTH, redactErrorText, redactException } from '../../src/sanitize/error-text';

describe('redactErrorText', () => {
  it.each([
    ['Failed to parse URL from http://alice:hunter2@host:99999/x', 'Failed to parse URL from http://REDACTED:REDACTED@host:99999/x'],
    ['Request cannot be constructed from a URL that includes credentials: http://a:hunter2@127.0.0.1/', 'Request cannot be constructed from a URL that includes credentials: http://REDACTED:REDACTED@127.0.0.1/'],
    ['GET "https://h/cb?access_token=hunter2" failed', 'GET "https://h/cb?access_token=REDACTED" failed'],
    ['connect failed: host=db password=hunter2 user=app', 'connect failed: host=db password=REDACTED user=app'],
    ['bad config {"apiKey": "hunter2", "n": 1}', 'bad config {"apiKey": REDACTED, "n": 1}'],
    ["token: 'hunter 2' rejected", 'token: REDACTED rejected'],
    ['cannot fetch http://alice:hun ter2@host/x now', 'cannot fetch http://REDACTED:REDACTED@host/x now'],
    ['redis://:hunter2@cache:6379/0 unreachable', 'redis://REDACTED:REDACTED@cache:6379/0 unreachable'],
    ['at login (/app/src/session.ts:10:5)', 'at login (/app/src/session.ts:10:5)'],
    ['ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED 127.0.0.1:5432'],
  ])('%s', (input, expected) => {
    expect(redactErrorText(input)).toBe(expected);
  });

  it('cuts very long text', () => {
    const out = redactErrorText('x'.repeat(MAX_ERROR_TEXT_LENGTH * 3));
    expect(out.length).toBeLessThan(MAX_ERROR_TEXT_LENGTH + 20);
  });
});

describe('redactException', () => {
  it('redacts message and stack, keeps name and code', () => {
    const error = Object.assign(new TypeError('Failed to parse URL from http://a:hunter2@h:99999'), { code: 'ERR_INVALID_URL' });
    const exception = redactException(error);
    expect(exception).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_URL', message: 'Failed to parse URL from http://REDACTED:REDACTED@h:99999' });
    expect(exception.stack).toContain('TypeError: Failed to parse URL from http://REDACTED:REDACTED@h:99999');
    expect(exception.stack).not.toContain('hunter2');
  });

  it('reads non-errors and hostile objects without throwing', () => {
    expect(redactException('password=hunter2')).toEqual({ name: 'Error', message: 'password=REDACTED' });
    const hostile = new Proxy({}, { has: () => { throw new Error('no'); }, get: () => { throw new Error('no'); } });
    expect(redactException(hostile)).toEqual({ name: 'Error', message: '[unreadable error]' });
  });
});
