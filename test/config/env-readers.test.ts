import { describe, expect, it } from 'vitest';
import { numberProblem } from '../../src/internal/number-rule';
import {
  readBoolean,
  readEnum,
  readFirst,
  readKeyValues,
  readList,
  readNumber,
  readString,
  type Env,
  type NumberRule,
} from '../../src/config/env';
import { expectWarnings } from './helpers';

function collect(): { warn: (m: string) => void; warnings: string[] } {
  const warnings: string[] = [];
  return { warn: (m) => warnings.push(m), warnings };
}

describe('readString', () => {
  it.each<{ env: Env; expect: string | undefined }>([
    { env: {}, expect: undefined },
    { env: { X: undefined }, expect: undefined },
    { env: { X: '' }, expect: undefined },
    { env: { X: '   ' }, expect: undefined },
    { env: { X: '\t\n' }, expect: undefined },
    { env: { X: 'value' }, expect: 'value' },
    { env: { X: '  padded  ' }, expect: 'padded' },
    { env: { X: '0' }, expect: '0' },
  ])('$env -> $expect', ({ env, expect: expected }) => {
    expect(readString(env, 'X')).toBe(expected);
  });

});

describe('readFirst', () => {
  it.each<{ env: Env; expect: { name: string; value: string } | undefined }>([
    { env: {}, expect: undefined },
    { env: { A: 'a', B: 'b' }, expect: { name: 'A', value: 'a' } },
    { env: { B: 'b' }, expect: { name: 'B', value: 'b' } },
    { env: { A: '  ', B: 'b' }, expect: { name: 'B', value: 'b' } },
    { env: { A: '', B: '' }, expect: undefined },
  ])('$env -> $expect', ({ env, expect: expected }) => {
    expect(readFirst(env, ['A', 'B'])).toEqual(expected);
  });
});

describe('readBoolean', () => {
  it.each<{ env: Env; expect: boolean | undefined; warnings: RegExp[] }>([
    { env: {}, expect: undefined, warnings: [] },
    { env: { FLAG: '' }, expect: undefined, warnings: [] },
    { env: { FLAG: 'true' }, expect: true, warnings: [] },
    { env: { FLAG: 'TRUE' }, expect: true, warnings: [] },
    { env: { FLAG: ' True ' }, expect: true, warnings: [] },
    { env: { FLAG: 'false' }, expect: false, warnings: [] },
    { env: { FLAG: 'FaLsE' }, expect: false, warnings: [] },
    { env: { FLAG: '1' }, expect: undefined, warnings: [/^FLAG="1" is not "true" or "false"; using the default\.$/] },
    { env: { FLAG: '0' }, expect: undefined, warnings: [/^FLAG="0" is not "true" or "false"/] },
    { env: { FLAG: 'yes' }, expect: undefined, warnings: [/^FLAG="yes" is not/] },
    { env: { FLAG: 'on' }, expect: undefined, warnings: [/^FLAG="on" is not/] },
    { env: { FLAG: 'truthy' }, expect: undefined, warnings: [/^FLAG="truthy" is not/] },
    // The first name that is set decides, even when it is junk.
    { env: { OTHER: 'true' }, expect: true, warnings: [] },
    { env: { FLAG: 'nope', OTHER: 'true' }, expect: undefined, warnings: [/^FLAG="nope"/] },
  ])('$env -> $expect', ({ env, expect: expected, warnings: patterns }) => {
    const { warn, warnings } = collect();
    expect(readBoolean(env, ['FLAG', 'OTHER'], warn)).toBe(expected);
    expectWarnings(warnings, patterns);
  });
});

describe('numberProblem', () => {
  it.each<{ value: number; rule: NumberRule; expect: string | undefined }>([
    { value: 5, rule: {}, expect: undefined },
    { value: -5.5, rule: {}, expect: undefined },
    { value: Number.NaN, rule: {}, expect: 'a number' },
    { value: Infinity, rule: {}, expect: 'a number' },
    { value: 1.5, rule: { integer: true }, expect: 'an integer' },
    { value: 0, rule: { integer: true, min: 1 }, expect: 'an integer >= 1' },
    { value: 1, rule: { integer: true, min: 1 }, expect: undefined },
    { value: 11, rule: { max: 10 }, expect: 'a number <= 10' },
    { value: 1.01, rule: { min: 0, max: 1 }, expect: 'a number from 0 to 1' },
    { value: -0.01, rule: { min: 0, max: 1 }, expect: 'a number from 0 to 1' },
    { value: Infinity, rule: { integer: true, min: 0, allowInfinity: true }, expect: undefined },
    { value: -Infinity, rule: { integer: true, min: 0, allowInfinity: true }, expect: 'an integer >= 0' },
    { value: Number.NaN, rule: { integer: true, allowInfinity: true }, expect: 'an integer' },
    { value: 0, rule: { min: 0, max: 1 }, expect: undefined },
    { value: 1, rule: { min: 0, max: 1 }, expect: undefined },
  ])('$value with $rule -> $expect', ({ value, rule, expect: expected }) => {
    expect(numberProblem(value, rule)).toBe(expected);
  });
});

describe('readNumber', () => {
  const rule: NumberRule = { integer: true, min: 1 };
  it.each<{ env: Env; expect: number | undefined; warnings: RegExp[] }>([
    { env: {}, expect: undefined, warnings: [] },
    { env: { N: '   ' }, expect: undefined, warnings: [] },
    { env: { N: '42' }, expect: 42, warnings: [] },
    { env: { N: ' 42 ' }, expect: 42, warnings: [] },
    { env: { N: '1e3' }, expect: 1000, warnings: [] },
    { env: { N: 'abc' }, expect: undefined, warnings: [/^N="abc" is not an integer >= 1; using the default\.$/] },
    { env: { N: '12ms' }, expect: undefined, warnings: [/^N="12ms" is not an integer >= 1/] },
    { env: { N: '1.5' }, expect: undefined, warnings: [/^N="1.5" is not an integer >= 1/] },
    { env: { N: '0' }, expect: undefined, warnings: [/^N="0" is not an integer >= 1/] },
    { env: { N: '-3' }, expect: undefined, warnings: [/^N="-3" is not an integer >= 1/] },
    { env: { N: 'Infinity' }, expect: undefined, warnings: [/^N="Infinity"/] },
    { env: { N: 'NaN' }, expect: undefined, warnings: [/^N="NaN"/] },
    { env: { M: '7' }, expect: 7, warnings: [] },
    { env: { N: 'x', M: '7' }, expect: undefined, warnings: [/^N="x"/] },
  ])('$env -> $expect', ({ env, expect: expected, warnings: patterns }) => {
    const { warn, warnings } = collect();
    expect(readNumber(env, ['N', 'M'], warn, rule)).toBe(expected);
    expectWarnings(warnings, patterns);
  });
});

describe('readList', () => {
  it.each<{ env: Env; lower?: boolean; expect: { name: string; items: string[] } | undefined }>([
    { env: {}, expect: undefined },
    { env: { L: ' ' }, expect: undefined },
    { env: { L: 'a' }, expect: { name: 'L', items: ['a'] } },
    { env: { L: 'A, b ,,C,' }, expect: { name: 'L', items: ['a', 'b', 'c'] } },
    { env: { L: ',,' }, expect: { name: 'L', items: [] } },
    { env: { L: '/Health, /Ready' }, lower: false, expect: { name: 'L', items: ['/Health', '/Ready'] } },
  ])('$env (lower=$lower) -> $expect', ({ env, lower, expect: expected }) => {
    expect(readList(env, ['L'], lower)).toEqual(expected);
  });
});

describe('readEnum', () => {
  const allowed = ['grpc', 'http/protobuf', 'http/json'] as const;
  it.each<{ env: Env; expect: string | undefined; warnings: RegExp[] }>([
    { env: {}, expect: undefined, warnings: [] },
    { env: { E: 'grpc' }, expect: 'grpc', warnings: [] },
    { env: { E: 'HTTP/Protobuf' }, expect: 'http/protobuf', warnings: [] },
    { env: { E: 'http' }, expect: undefined, warnings: [/^E="http" is not one of grpc, http\/protobuf, http\/json; using the default\.$/] },
  ])('$env -> $expect', ({ env, expect: expected, warnings: patterns }) => {
    const { warn, warnings } = collect();
    expect(readEnum(env, ['E'], allowed, warn)).toBe(expected);
    expectWarnings(warnings, patterns);
  });
});

describe('readKeyValues', () => {
  it.each<{ name: string; env: Env; json?: boolean; expect: Record<string, string> | undefined; warnings?: RegExp[] }>([
    { name: 'unset', env: {}, expect: undefined },
    { name: 'blank', env: { KV: '  ' }, expect: undefined },
    { name: 'one pair', env: { KV: 'a=1' }, expect: { a: '1' } },
    { name: 'several pairs, spaces trimmed', env: { KV: ' a = 1 , b=2,c=3 ' }, expect: { a: '1', b: '2', c: '3' } },
    { name: 'empty entries skipped', env: { KV: 'a=1,,b=2,' }, expect: { a: '1', b: '2' } },
    { name: 'value keeps later = signs', env: { KV: 'Authorization=Basic dXNlcjpwYXNz==' }, expect: { Authorization: 'Basic dXNlcjpwYXNz==' } },
    { name: 'percent-decoded value', env: { KV: 'team=a%2Cb,owner=J%C3%BCrgen%20M' }, expect: { team: 'a,b', owner: 'Jürgen M' } },
    { name: 'percent-decoded key', env: { KV: 'my%20key=v' }, expect: { 'my key': 'v' } },
    { name: 'empty value allowed', env: { KV: 'a=' }, expect: { a: '' } },
    { name: 'later duplicate wins', env: { KV: 'a=1,a=2' }, expect: { a: '2' } },
    {
      name: 'entries without = are skipped with one warning',
      env: { KV: 'a=1,junk,=nokey,b=2' },
      expect: { a: '1', b: '2' },
      warnings: [/^KV has entries that are not key=value: "junk", "=nokey"; skipped\.$/],
    },
    { name: 'bad percent-encoding is skipped', env: { KV: 'a=%E0%A4%A,b=2' }, expect: { b: '2' }, warnings: [/^KV has entries .*"a=%E0%A4%A"/] },
    { name: 'JSON not allowed: parsed as pairs', env: { KV: '{"a":"1"}' }, expect: {}, warnings: [/^KV has entries that are not key=value/] },
    { name: 'JSON object', env: { KV: '{"Authorization":"Bearer t","x-n":"1"}' }, json: true, expect: { Authorization: 'Bearer t', 'x-n': '1' } },
    { name: 'JSON with number value stringified', env: { KV: '{"x-n":1,"x-b":true}' }, json: true, expect: { 'x-n': '1', 'x-b': 'true' } },
    { name: 'JSON, padded', env: { KV: '  {"a":"1"}  ' }, json: true, expect: { a: '1' } },
    { name: 'broken JSON', env: { KV: '{"a":' }, json: true, expect: undefined, warnings: [/^KV looks like JSON but is not a JSON object of strings; ignoring it\.$/] },
    { name: 'JSON with nested object', env: { KV: '{"a":{"b":"c"}}' }, json: true, expect: undefined, warnings: [/^KV looks like JSON/] },
    { name: 'JSON with null value', env: { KV: '{"a":null}' }, json: true, expect: undefined, warnings: [/^KV looks like JSON/] },
    { name: 'k=v still accepted when JSON is', env: { KV: 'a=1' }, json: true, expect: { a: '1' } },
  ])('$name', ({ env, json, expect: expected, warnings: patterns }) => {
    const { warn, warnings } = collect();
    expect(readKeyValues(env, ['KV'], warn, json)).toEqual(expected);
    expectWarnings(warnings, patterns ?? []);
  });
});
