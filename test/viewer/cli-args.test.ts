import { describe, expect, it } from 'vitest';
import { parseViewArgs, UsageError } from '../../src/cli/view';

describe('tracewright view arguments', () => {
  const rows: Array<{ argv: string[]; env?: Record<string, string>; expect: Record<string, unknown> | string }> = [
    { argv: ['a.jsonl'], expect: { inputs: ['a.jsonl'], port: 16686, host: '127.0.0.1', open: false, follow: true, pollMs: 1000 } },
    { argv: ['a', 'b/', '--port', '0', '--host=0.0.0.0', '--open', '--no-follow', '--poll', '250'], expect: { inputs: ['a', 'b/'], port: 0, host: '0.0.0.0', open: true, follow: false, pollMs: 250 } },
    { argv: ['a', '--token', 'longenough'], expect: { token: 'longenough' } },
    { argv: ['a'], env: { TRACEWRIGHT_VIEWER_TOKEN: 'from-the-env' }, expect: { token: 'from-the-env' } },
    { argv: [], expect: 'name at least one file' },
    { argv: ['a', '--port', 'http'], expect: '--port must be an integer from 0 to 65535, got "http"' },
    { argv: ['a', '--port', '70000'], expect: '--port must be an integer' },
    { argv: ['a', '--port'], expect: '--port needs a value' },
    { argv: ['a', '--poll', '1'], expect: '--poll must be an integer from 50' },
    { argv: ['a', '--token', 'short'], expect: 'at least 8 characters' },
    { argv: ['a', '--colour'], expect: 'unknown option --colour' },
  ];
  for (const row of rows) {
    it(`${row.argv.join(' ') || '(nothing)'}${row.env ? ` with ${JSON.stringify(row.env)}` : ''}`, () => {
      if (typeof row.expect === 'string') {
        expect(() => parseViewArgs(row.argv, row.env ?? {})).toThrow(UsageError);
        expect(() => parseViewArgs(row.argv, row.env ?? {})).toThrow(row.expect);
      } else {
        expect(parseViewArgs(row.argv, row.env ?? {})).toMatchObject(row.expect);
      }
    });
  }
  it('treats a blank TRACEWRIGHT_VIEWER_TOKEN as unset', () => {
    expect(parseViewArgs(['a'], { TRACEWRIGHT_VIEWER_TOKEN: '  ' })).not.toHaveProperty('token');
  });
});
