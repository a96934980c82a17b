/**
 * Attribute keys used by the higher-level helpers. Where the OpenTelemetry semantic conventions
 * define a key it is used verbatim (the incubating ones are copied here as literals, as the
 * semantic-conventions package recommends, so that a minor release cannot break a build); the
 * few keys without a convention (`job.*`, `operation.*`, `cache.*`) are this library's own and
 * are named the way the design documents name them.
 */

// ---- general (semantic-conventions registry) ----
/** `user.id`: the registry key for a user identifier (replaces the older `enduser.id`). */
export const ATTR_USER_ID = 'user.id';
/** `error.type`: the class of error that ended the operation (stable). */
export const ATTR_ERROR_TYPE = 'error.type';
/** `code.function.name`: the fully-qualified function name, e.g. `UserService.find` (stable). */
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name';

// ---- tracewright's own keys (no semantic convention exists) ----
/** `organization.id`: the tenant / organisation an LLM call is billed to. */
export const ATTR_ORGANIZATION_ID = 'organization.id';
/** `operation.kind`: the kind given to `traceOperation` (e.g. `db`, `upload`, `payment`). */
export const ATTR_OPERATION_KIND = 'operation.kind';
/** `operation.name`: the name given to `traceOperation`. */
export const ATTR_OPERATION_NAME = 'operation.name';
/** `job.id`: the queue's id for a job (also written as `messaging.message.id`). */
export const ATTR_JOB_ID = 'job.id';
/** `job.name`: the job's name inside its queue (BullMQ `job.name`). */
export const ATTR_JOB_NAME = 'job.name';
/** `job.attempt`: 1 for the first run, 2 for the first retry, and so on. */
export const ATTR_JOB_ATTEMPT = 'job.attempt';
/** `job.parent_id`: the parent job in a flow (BullMQ `job.parent.id`). */
export const ATTR_JOB_PARENT_ID = 'job.parent_id';
/** `job.status`: `completed` or `failed` when the worker's function settles. */
export const ATTR_JOB_STATUS = 'job.status';
/** `cache.operation`: `lookup` or `store` for `traceSemanticCache`. */
export const ATTR_CACHE_OPERATION = 'cache.operation';
/** `cache.key`: the key given to `traceSemanticCache`. */
export const ATTR_CACHE_KEY = 'cache.key';
/** `cache.hit`: whether a lookup found an entry. */
export const ATTR_CACHE_HIT = 'cache.hit';
/** `peer.service`: the remote service of a `traceApiClient` span. */
export const ATTR_PEER_SERVICE = 'peer.service';
/** `db.transaction.id`: the id `traceDatabaseTransaction` was given (the span name stays `transaction`). */
export const ATTR_DB_TRANSACTION_ID = 'db.transaction.id';
/** `cache.similarity`: the similarity score of the entry a semantic lookup returned. */
export const ATTR_CACHE_SIMILARITY = 'cache.similarity';

// ---- messaging (semantic-conventions registry, incubating) ----
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';

// ---- GenAI (semantic-conventions registry, incubating) ----
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds from the request to the first streamed chunk. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
/** Prompt messages as JSON; only with `captureContent: true`. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Completion messages as JSON; only with `captureContent: true`. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
