import type { MeterProvider } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { SPOOL_DEFAULTS, SPOOL_FSYNC_MODES, SPOOL_MIN_BYTES, type ResolvedSpool, type SpoolOptions } from '../pipeline/spool-options';
import { readBoolean, readEnum, readNumber, readString, type Env, type Warn } from './env';
import type { TracingOptions } from './options';
import { checkEnum, checkNumber, checkString } from './validate';

const MAX_BYTES = { integer: true, min: SPOOL_MIN_BYTES } as const;
const RATE = { min: 1 } as const;

/** `selfMetrics`: a boolean or a MeterProvider (anything with `getMeter`); env `TRACEWRIGHT_SELF_METRICS`. */
export function resolveSelfMetrics(options: TracingOptions, env: Env, warn: Warn): boolean | MeterProvider {
  const given = options.selfMetrics;
  if (given !== undefined && typeof given !== 'boolean') {
    if (typeof (given as Partial<MeterProvider> | null)?.getMeter === 'function') return given;
    throw new TracingConfigError('selfMetrics', given, 'true, false or a MeterProvider');
  }
  return given ?? readBoolean(env, ['TRACEWRIGHT_SELF_METRICS'], warn) ?? true;
}

/**
 * The disk spool: on when `spool.dir` or `TRACEWRIGHT_SPOOL_DIR` names a directory, off with
 * `spool: false` or neither. Each field: explicit option > env > default.
 */
export function resolveSpool(options: TracingOptions, env: Env, warn: Warn): ResolvedSpool | undefined {
  const given = options.spool;
  if (given === false) return undefined;
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))
    throw new TracingConfigError('spool', given, 'an object { dir, maxBytes?, fsync?, replaySpansPerSecond? } or false');
  const o: Partial<SpoolOptions> = given ?? {};
  const dir = checkString('spool.dir', o.dir) ?? readString(env, 'TRACEWRIGHT_SPOOL_DIR');
  if (dir === undefined) {
    if (given !== undefined) throw new TracingConfigError('spool.dir', o.dir, 'a directory path (or spool: false)');
    return undefined;
  }
  return {
    dir,
    maxBytes:
      checkNumber('spool.maxBytes', o.maxBytes, MAX_BYTES) ??
      readNumber(env, ['TRACEWRIGHT_SPOOL_MAX_BYTES'], warn, MAX_BYTES) ??
      SPOOL_DEFAULTS.maxBytes,
    fsync:
      checkEnum('spool.fsync', o.fsync, SPOOL_FSYNC_MODES) ??
      readEnum(env, ['TRACEWRIGHT_SPOOL_FSYNC'], SPOOL_FSYNC_MODES, warn) ??
      SPOOL_DEFAULTS.fsync,
    replaySpansPerSecond:
      checkNumber('spool.replaySpansPerSecond', o.replaySpansPerSecond, RATE) ??
      readNumber(env, ['TRACEWRIGHT_SPOOL_REPLAY_RATE'], warn, RATE) ??
      SPOOL_DEFAULTS.replaySpansPerSecond,
  };
}
