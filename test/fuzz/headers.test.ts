/**
 * Property: a header named like a credential (any case, `_` for `-`) is never captured, even when
 * the allowlist names it; URL-valued headers lose their user info and secret parameters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretArb } from './arbitraries';
import { createHelpers, leaks, runs } from './harness';

const NAMES = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token', 'x-amz-security-token', 'x-goog-api-key', 'x-session-id', 'x-refresh-token', 'private-token', 'x-client-secret'];

const spelled = fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('lower', 'upper', 'title', 'underscore')).map(([name, style]) =>
  style === 'upper' ? name.toUpperCase() : style === 'title' ? name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()) : style === 'underscore' ? name.replace(/-/g, '_') : name,
);

describe('header capture under fuzzing', () => {
  it('never records a credential header, whatever the allowlist says', () => {
    fc.assert(
      fc.property(secretArb, fc.uniqueArray(spelled, { minLength: 1, maxLength: 5 }), (secret, names) => {
        const helpers = createHelpers({ capturedRequestHeaders: [...names, 'x-request-id', 'referer'], capturedResponseHeaders: [...names, 'location'] });
        const headers: Record<string, string> = { 'x-request-id': 'r1', referer: `https://u:${secret}@h/p?token=${secret}` };
        for (const name of names) headers[name] = `Bearer ${secret}`;
        const response = new Response('', { headers: { location: `/cb#access_token=${secret}`, ...Object.fromEntries(names.filter((n) => !/cookie/i.test(n)).map((n) => [n, secret])) } });
        helpers.instrumentHttpRequest({ url: 'http://127.0.0.1/x', headers }, () => response);
        const [span] = helpers.spans();
        expect(span!.attributes['http.request.header.x-request-id']).toEqual(['r1']);
        expect(span!.attributes['http.response.header.location']).toEqual(['/cb#access_token=REDACTED']);
        expect(leaks(helpers.spans(), [secret])).toEqual([]);
        void helpers.shutdown();
      }),
      { numRuns: runs(200) },
    );
  });
});
