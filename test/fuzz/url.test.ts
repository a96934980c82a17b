/**
 * Property: a secret in a URL's user info (also when the URL does not parse), in a sensitive query,
 * fragment or matrix parameter, or in the message of the error the call throws, never reaches the
 * span. Runs through instrumentHttpRequest, and through traceFetch against a real local server.
 */
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactErrorText } from '../../src/sanitize/error-text';
import { redactUrlText, takeUrlScanWork } from '../../src/sanitize/url';
import { secretArb, sensitiveNameArb } from './arbitraries';
import { createHelpers, leaks, runs } from './harness';

const h = createHelpers();
let server: Server;
let port = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.shutdown();
});

/** A password around the secret, with the characters that break URL parsing or end the authority early. */
const passwordArb = (secret: string) =>
  fc
    .tuple(fc.constantFrom('', 'p', '12', 'a b', 'x:y', 'q@r', '%40', ';', '!$&'), fc.constantFrom('', '#', '?', ' ', ':', '@', '%20', '='), fc.constantFrom('', 'z', '9', ' w'))
    .map(([a, b, c]) => `${a}${b}${secret}${c}`);

const userinfoArb = (secret: string) =>
  fc.oneof(
    fc.constant(''),
    passwordArb(secret).map((pw) => `alice:${pw}@`),
    fc.constant(`${secret}@`),
    passwordArb(secret).map((pw) => `:${pw}@`),
    passwordArb(secret).map((pw) => `${secret}:${pw}@`),
  );

const prefixArb = fc.constantFrom('http://', 'https://', 'HTTP://', '//', '', 'http:', 'http:\\\\', 'ws://', 'redis://', 'postgres://', 'ftp://');
const hostArb = fc.constantFrom('127.0.0.1', 'example.com', '[::1]', 'host_name', 'a.b.c');
const portArb = fc.constantFrom('', ':80', ':8080', ':99999', ':abc', ':');

const paramsArb = (secret: string, separator: fc.Arbitrary<string>) =>
  fc
    .array(
      fc.oneof(
        fc.tuple(sensitiveNameArb, fc.constantFrom('', 'x')).map(([name, pre]) => `${name}=${pre}${secret}`),
        fc.constantFrom('q=1', 'page=2', 'flag', 'a=b=c', 'empty='),
      ),
      { maxLength: 4 },
    )
    .chain((pairs) => fc.array(separator, { minLength: pairs.length, maxLength: pairs.length }).map((seps) => pairs.map((p, i) => (i === 0 ? p : seps[i] + p)).join('')));

const pathArb = (secret: string) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('api', 'v1', '@scope', 'a b', 'x%2Fy'),
        fc.tuple(fc.constantFrom('app', 'x'), sensitiveNameArb).map(([seg, name]) => `${seg};${name}=${secret}`),
        fc.constantFrom('seg;v=1'),
      ),
      { maxLength: 3 },
    )
    .map((segments) => (segments.length ? `/${segments.join('/')}` : ''));

const urlArb = secretArb.chain((secret) =>
  fc.record({
    secret: fc.constant(secret),
    parts: fc
      .tuple(
        prefixArb,
        userinfoArb(secret),
        hostArb,
        portArb,
        pathArb(secret),
        paramsArb(secret, fc.constantFrom('&', ';')),
        fc.oneof(fc.constant(''), paramsArb(secret, fc.constantFrom('&', ';')).map((p) => `#${p}`), paramsArb(secret, fc.constant('&')).map((p) => `#/cb?${p}`)),
      )
      .map(([prefix, userinfo, host, port, path, query, fragment]) => ({
        userinfo,
        prefix,
        url: `${prefix}${userinfo}${host}${port}${path}${query ? `?${query}` : ''}${fragment}`,
      })),
  }),
).map(({ secret, parts }) => ({ secret, ...parts }));

describe('URL redaction under fuzzing', () => {
  it('url.full, the exception and the status message keep no secret', () => {
    fc.assert(
      fc.property(urlArb, fc.constantFrom('Failed to parse URL from ', 'GET ', 'request to "', 'connect ECONNREFUSED '), ({ secret, url, userinfo, prefix }, lead) => {
        h.reset();
        // in free text a bare `name@host` (no scheme, no `//`, no password) cannot be told from an
        // e-mail address or a `pkg@1.2.3` spec: such a message is left as it is (url.full is not)
        // (nor, without a scheme, a password holding a space from the words before it)
        const schemeless = prefix === '';
        const bare = schemeless && (!userinfo.includes(':') || /\s/.test(userinfo));
        const error = new TypeError(bare ? `${lead}(url) failed` : `${lead}${url} failed`);
        expect(() => h.instrumentHttpRequest({ url, method: 'POST' }, () => { throw error; })).toThrow(error);
        const spans = h.spans();
        expect(spans).toHaveLength(1);
        expect(leaks(spans, [secret])).toEqual([]);
        // the URL given as a URL object, when it parses
        let parsed: URL | undefined;
        try {
          parsed = new URL(url);
        } catch {
          parsed = undefined;
        }
        // the URL given as a URL object, when it parses and the parser sees the same user info: a
        // parser that reads `alice:?secret@host` as host `alice` and query `?secret@host` leaves
        // nothing in the object that says a password was meant
        const sameView = userinfo === '' || (parsed !== undefined && (parsed.username !== '' || parsed.password !== ''));
        if (parsed && sameView) {
          h.reset();
          h.instrumentHttpRequest({ url: parsed }, () => undefined);
          expect(leaks(h.spans(), [secret])).toEqual([]);
        }
      }),
      { numRuns: runs(1000) },
    );
  });

  it('does work linear in the length (characters scanned, not time); output grows only by the markers', () => {
    fc.assert(
      fc.property(urlArb, fc.integer({ min: 1, max: 8 }), fc.constantFrom('', '%253D', ';', '@', '?a=b&', '%3D'), ({ url }, repeat, filler) => {
        // the URL with a long run of one awkward piece appended
        const long = url + filler.repeat(200 * repeat);
        takeUrlScanWork();
        redactUrlText(long);
        expect(takeUrlScanWork()).toBeLessThanOrEqual(20 * (long.length + 1));
        const text = Array.from({ length: repeat }, () => url).join(' ');
        const markers = (text.match(/[=@]/g) ?? []).length + 1;
        expect(redactUrlText(url).length).toBeLessThanOrEqual(url.length + 'REDACTED:REDACTED'.length * markers);
        expect(redactErrorText(text).length).toBeLessThanOrEqual(text.length + 'REDACTED:REDACTED'.length * markers);
      }),
      { numRuns: runs(300) },
    );
  });

  it('traceFetch against a real server: answered or rejected, nothing secret is recorded', async () => {
    const fetchArb = secretArb.chain((secret) =>
      fc.record({
        secret: fc.constant(secret),
        userinfo: fc.oneof(fc.constant(''), passwordArb(secret).map((pw) => `alice:${pw}@`)),
        badPort: fc.boolean(),
        path: pathArb(secret),
        query: paramsArb(secret, fc.constantFrom('&', ';')),
        fragment: fc.oneof(fc.constant(''), paramsArb(secret, fc.constant('&')).map((p) => `#${p}`)),
      }),
    );
    const before = requests;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fetchArb, async ({ secret, userinfo, badPort, path, query, fragment }) => {
        h.reset();
        const url = `http://${userinfo}127.0.0.1:${badPort ? 99999 : port}${path}${query ? `?${query}` : ''}${fragment}`;
        let ok = false;
        try {
          const response = await h.traceFetch(url);
          await response.text();
          ok = response.ok;
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
        if (ok) answered++;
        const spans = h.spans();
        expect(spans).toHaveLength(1);
        expect(leaks(spans, [secret])).toEqual([]);
      }),
      { numRuns: runs(60) },
    );
    // the property saw both outcomes: real answers from the server and rejected URLs
    expect(answered).toBeGreaterThan(0);
    expect(requests - before).toBe(answered);
  });
});
