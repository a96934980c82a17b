/**
 * Redis commands: `instrumentRedisCommand`, one CLIENT span per command or pipeline.
 */
import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { redactErrorText } from '../sanitize/error-text';
import { formatRedisCommand, redisCommandName, redisErrorPrefix } from '../sanitize/redis';
import { ATTR_DB_OPERATION_BATCH_SIZE, DB_SYSTEM_NAME_VALUE_REDIS } from '../semconv/instrumentation';
import type { ResolvedInstrumentationOptions } from './options';
import { NOOP_SPAN, runInSpan } from '../tracer/run-in-span';

/** One Redis command, as `instrumentRedisCommand` records it. */
export interface RedisCommandInfo {
  /**
   * The command (`GET`, `SET`, `HSET`…), or `PIPELINE` / `MULTI` with `commands`. Only its first
   * word (and a subcommand such as `CONFIG SET`) is recorded; further words show as `?`.
   */
  command: string;
  /** The database index (`SELECT n`), recorded as `db.namespace`. */
  db?: number | string;
  /**
   * The key; id-like segments become `?` unless `sanitizeKeys` is off. Never recorded for commands
   * whose first argument is not a key (`AUTH`, `HELLO`, `CONFIG`, `ACL`, `MIGRATE`, `EVAL`…).
   */
  key?: string;
  /** The other arguments: never recorded, each shows as `?`. */
  args?: readonly unknown[];
  /** For a pipeline / transaction: its commands (`db.operation.batch.size`, one line each in `db.query.text`). */
  commands?: readonly { command: string; key?: string; args?: readonly unknown[] }[];
  /** `server.address` of the Redis server. */
  host?: string;
  /** `server.port` of the Redis server. */
  port?: number;
}

export function createRedisHelpers(options: ResolvedInstrumentationOptions) {
  const format = (c: { command: string; key?: string; args?: readonly unknown[] }) =>
    formatRedisCommand(c, options.sanitizeKeys, options.redisKeyPatterns);

  /**
   * Runs `fn` in a CLIENT span named after the command. Error replies set
   * `db.response.status_code` to their prefix (`WRONGTYPE`, `ERR`…). For a pipeline whose result
   * is ioredis-style `[error, value][]`, a failed command marks the span ERROR too.
   */
  function instrumentRedisCommand<T>(command: RedisCommandInfo, fn: (span: Span) => T): T {
    if (!options.enableRedis) return fn(NOOP_SPAN);
    const attributes: Attributes = {};
    let name = 'REDIS';
    try {
      // only the command word (and a subcommand) is kept: `AUTH hunter2` as one string records `AUTH`
      name = redisCommandName(command.command);
      attributes[ATTR_DB_SYSTEM_NAME] = DB_SYSTEM_NAME_VALUE_REDIS;
      attributes[ATTR_DB_OPERATION_NAME] = name;
      if (command.db !== undefined && command.db !== null) attributes[ATTR_DB_NAMESPACE] = String(command.db);
      if (command.host) attributes[ATTR_SERVER_ADDRESS] = command.host;
      if (command.port !== undefined) attributes[ATTR_SERVER_PORT] = command.port;
      if (command.commands) {
        attributes[ATTR_DB_OPERATION_BATCH_SIZE] = command.commands.length;
        attributes[ATTR_DB_QUERY_TEXT] = command.commands.map(format).join('\n');
      } else {
        attributes[ATTR_DB_QUERY_TEXT] = format(command);
      }
    } catch {
      // attributes are best effort
    }
    return runInSpan(options.tracer, name, { kind: SpanKind.CLIENT, attributes }, fn, {
      onResult(span, result) {
        if (!command.commands || !Array.isArray(result)) return;
        const failed = result.find((entry) => Array.isArray(entry) && entry[0] instanceof Error) as [Error] | undefined;
        if (!failed) return;
        const prefix = redisErrorPrefix(failed[0]) ?? '_OTHER';
        span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, prefix);
        span.setAttribute(ATTR_ERROR_TYPE, prefix);
        span.setStatus({ code: SpanStatusCode.ERROR, message: redactErrorText(String(failed[0].message)) });
      },
      onError(span, error) {
        const prefix = redisErrorPrefix(error);
        if (prefix === undefined) return undefined;
        span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, prefix);
        return prefix;
      },
    });
  }

  return { instrumentRedisCommand };
}
