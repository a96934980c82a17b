/**
 * Database queries and transactions: `instrumentDatabaseQuery`, `instrumentDatabaseTransaction`.
 */
import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_MARIADB,
  DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  DB_SYSTEM_NAME_VALUE_MYSQL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import { analyzeSql, resolveSqlDialect } from '../sanitize/sql';
import {
  ATTR_DB_RESPONSE_RETURNED_ROWS,
  DB_SYSTEM_NAME_VALUE_MONGODB,
  DB_SYSTEM_NAME_VALUE_REDIS,
  DB_SYSTEM_NAME_VALUE_SQLITE,
} from '../semconv/instrumentation';
import type { ResolvedInstrumentationOptions } from './options';
import { NOOP_SPAN, runInSpan } from '../tracer/run-in-span';

/** What `instrumentDatabaseQuery` needs to know about a query. */
export interface DatabaseQueryInfo {
  /** The database system: `postgresql` (or `postgres`, `pg`), `mysql`, `mariadb`, `sqlite`, `mssql`, … */
  dbType: string;
  /** The database (namespace) name, recorded as `db.namespace`. */
  database?: string;
  /** The operation (`SELECT`, `INSERT`, `findOne`…). Default: the first keyword of `query`. */
  queryType?: string;
  /** The table / collection. Default: read from `query` when it targets exactly one table. */
  table?: string;
  /**
   * The query text; recorded as `db.query.text`, sanitized unless `sanitizeQueries` is off, with the
   * quoting rules of `dbType` (PostgreSQL, MySQL/MariaDB, or the conservative rules for the rest).
   */
  query?: string;
  /** `server.address` of the database. */
  host?: string;
  /** `server.port` of the database. */
  port?: number;
}

const SYSTEM_NAMES: Record<string, string> = {
  postgres: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  postgresql: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  pg: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  mysql: DB_SYSTEM_NAME_VALUE_MYSQL,
  mysql2: DB_SYSTEM_NAME_VALUE_MYSQL,
  mariadb: DB_SYSTEM_NAME_VALUE_MARIADB,
  mssql: DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  sqlserver: DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  'microsoft.sql_server': DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  sqlite: DB_SYSTEM_NAME_VALUE_SQLITE,
  sqlite3: DB_SYSTEM_NAME_VALUE_SQLITE,
  mongodb: DB_SYSTEM_NAME_VALUE_MONGODB,
  mongo: DB_SYSTEM_NAME_VALUE_MONGODB,
  redis: DB_SYSTEM_NAME_VALUE_REDIS,
};

/** Maps common names to the `db.system.name` value; unknown names pass through in lower case. */
export function resolveDbSystemName(dbType: string): string {
  const lower = String(dbType).toLowerCase();
  return SYSTEM_NAMES[lower] ?? lower;
}

/** Rows a driver's result says were returned: `rows.length`, an array's length, or nothing. */
export function readReturnedRows(result: unknown): number | undefined {
  if (Array.isArray(result)) return result.length;
  if (!result || typeof result !== 'object') return undefined;
  const rows = (result as { rows?: unknown }).rows;
  if (Array.isArray(rows)) return rows.length;
  return undefined;
}

/** The driver's status code (e.g. PostgreSQL SQLSTATE `23505`, MySQL `ER_DUP_ENTRY`). */
export function readDbErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; sqlState?: unknown; errno?: unknown };
  for (const value of [e.code, e.sqlState]) {
    if (typeof value === 'string' && value.length > 0 && value.length <= 32) return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

export function createDatabaseHelpers(options: ResolvedInstrumentationOptions) {
  /**
   * Runs `fn` in a CLIENT span `{operation} {table}` for one query, following the database
   * conventions; `db.response.returned_rows` comes from fn's result when it tells it.
   */
  function instrumentDatabaseQuery<T>(query: DatabaseQueryInfo, fn: (span: Span) => T): T {
    if (!options.enableDatabase) return fn(NOOP_SPAN);
    const attributes: Attributes = {};
    let name = 'DB';
    try {
      const system = resolveDbSystemName(query.dbType);
      attributes[ATTR_DB_SYSTEM_NAME] = system;
      // one tokenization gives the name, the collection and the sanitised text: a literal can
      // never end up in the span name (it is `?` before anything reads it)
      const text = typeof query.query === 'string' ? query.query : undefined;
      const analysis = text ? analyzeSql(text, resolveSqlDialect(system)) : undefined;
      const operation = (query.queryType ?? analysis?.operation)?.trim();
      const table = query.table ?? analysis?.table;
      if (operation) attributes[ATTR_DB_OPERATION_NAME] = normalizeOperation(operation);
      if (table) attributes[ATTR_DB_COLLECTION_NAME] = table;
      if (query.database) attributes[ATTR_DB_NAMESPACE] = query.database;
      if (query.host) attributes[ATTR_SERVER_ADDRESS] = query.host;
      if (query.port !== undefined) attributes[ATTR_SERVER_PORT] = query.port;
      if (text) attributes[ATTR_DB_QUERY_TEXT] = options.sanitizeQueries ? analysis!.text : text;
      const opName = attributes[ATTR_DB_OPERATION_NAME] as string | undefined;
      name = opName ? (table ? `${opName} ${table}` : opName) : (table ?? query.database ?? system);
    } catch {
      // attributes are best effort
    }
    return runInSpan(options.tracer, name, { kind: SpanKind.CLIENT, attributes }, fn, {
      onResult(span, result) {
        const rows = readReturnedRows(result);
        if (rows !== undefined) span.setAttribute(ATTR_DB_RESPONSE_RETURNED_ROWS, rows);
      },
      onError(span, error) {
        const code = readDbErrorCode(error);
        if (code === undefined) return undefined;
        span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, code);
        return code;
      },
    });
  }

  /**
   * Runs `fn` in an INTERNAL span named `name` (e.g. `transfer funds`); the queries fn makes
   * become its children. A throw marks it ERROR and is rethrown unchanged.
   */
  function instrumentDatabaseTransaction<T>(name: string, fn: (span: Span) => T, attributes: Attributes = {}): T {
    if (!options.enableDatabase) return fn(NOOP_SPAN);
    return runInSpan(options.tracer, name || 'transaction', { kind: SpanKind.INTERNAL, attributes }, fn);
  }

  return { instrumentDatabaseQuery, instrumentDatabaseTransaction };
}

// SQL keywords upper-case; method-like names (findOne, aggregate) as given.
function normalizeOperation(operation: string): string {
  return /^[A-Za-z]+( [A-Za-z]+)*$/.test(operation) && operation === operation.toLowerCase()
    ? operation.toUpperCase()
    : operation;
}
