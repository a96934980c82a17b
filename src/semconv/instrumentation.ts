/**
 * Attribute names and values used by the helpers. Stable semantic-convention names come from
 * `@opentelemetry/semantic-conventions`; the few that are still incubating are copied here as
 * strings (importing the `incubating` entry point from a library is discouraged upstream, because
 * its contents may change in a minor release).
 */

/** The instrumentation scope name of every span the helpers make. */
export const INSTRUMENTATION_SCOPE = 'tracewright';

// Incubating in semantic-conventions 1.45 (copied, see above).
/** `db.response.returned_rows`: rows the operation returned. */
export const ATTR_DB_RESPONSE_RETURNED_ROWS = 'db.response.returned_rows';
/** `db.operation.batch.size`: commands in a batch (a Redis pipeline). */
export const ATTR_DB_OPERATION_BATCH_SIZE = 'db.operation.batch.size';
/** `url.template`: the route template of a client request. */
export const ATTR_URL_TEMPLATE = 'url.template';
/** `db.system.name` values that are incubating upstream. */
export const DB_SYSTEM_NAME_VALUE_REDIS = 'redis';
export const DB_SYSTEM_NAME_VALUE_SQLITE = 'sqlite';
export const DB_SYSTEM_NAME_VALUE_MONGODB = 'mongodb';

// tracewright's own attributes (no convention exists).
export const ATTR_DISCORD_GUILD_ID = 'discord.guild.id';
export const ATTR_DISCORD_CHANNEL_ID = 'discord.channel.id';
export const ATTR_DISCORD_MESSAGE_ID = 'discord.message.id';
export const ATTR_DISCORD_USER_ID_HASH = 'discord.user.id_hash';
export const ATTR_DISCORD_USER_BOT = 'discord.user.bot';
export const ATTR_DISCORD_EVENT = 'discord.event';
export const ATTR_DISCORD_RATE_LIMIT_BUCKET = 'discord.rate_limit.bucket';
export const ATTR_DISCORD_RATE_LIMIT_RETRY_AFTER = 'discord.rate_limit.retry_after';
export const ATTR_DISCORD_RATE_LIMIT_GLOBAL = 'discord.rate_limit.global';
export const ATTR_DISCORD_RATE_LIMIT_SCOPE = 'discord.rate_limit.scope';
export const EVENT_DISCORD_RATE_LIMITED = 'discord.rate_limited';
export const ATTR_HTTP_REQUEST_BODY = 'http.request.body';
export const ATTR_HTTP_RESPONSE_BODY = 'http.response.body';
export const ATTR_CORRELATION_ID = 'correlation.id';
