// Higher-level tracing: decorators, service proxies, LLM calls, background jobs, domain operations.
export { Trace } from './trace-decorator';
export type { TraceOptions, TraceMethodDecorator } from './trace-decorator';
export { withTracing } from './with-tracing';
export type { FetchStyleHandler } from './with-tracing';
export { instrumentService, batchInstrumentServices } from './service-proxy';
export type { InstrumentServiceOptions } from './service-proxy';
export { traceAIChatCompletion } from './ai/chat-completion';
export type { AIChatCompletionOptions } from './ai/chat-completion';
export { traceAIEmbedding } from './ai/embedding';
export type { AIEmbeddingOptions } from './ai/embedding';
export { traceSemanticCache, ATTR_CACHE_SIMILARITY } from './ai/semantic-cache';
export type { SemanticCacheOptions } from './ai/semantic-cache';
export { traceMLOperation } from './ai/ml-operation';
export type { MLOperationOptions } from './ai/ml-operation';
export { FIRST_CHUNK_EVENT } from './ai/trace-stream';
export { injectTraceContext, extractTraceContext, TRACE_CONTEXT_FIELD } from './jobs/job-context';
export type { JobContextOptions, JobTraceContext, WithTraceContext } from './jobs/job-context';
export { traceJob, traceJobEnqueue } from './jobs/trace-job';
export type { JobLike, JobTracingOptions, TraceJobOptions, TraceJobEnqueueOptions } from './jobs/trace-job';
export { traceOperation } from './operations';
export type { TraceOperationOptions } from './operations';
export type { TracerSource } from '../tracer/run-in-span';
export {
  ATTR_USER_ID,
  ATTR_ERROR_TYPE,
  ATTR_CODE_FUNCTION_NAME,
  ATTR_ORGANIZATION_ID,
  ATTR_OPERATION_KIND,
  ATTR_OPERATION_NAME,
  ATTR_JOB_ID,
  ATTR_JOB_NAME,
  ATTR_JOB_ATTEMPT,
  ATTR_JOB_PARENT_ID,
  ATTR_JOB_STATUS,
  ATTR_CACHE_OPERATION,
  ATTR_CACHE_KEY,
  ATTR_CACHE_HIT,
  ATTR_MESSAGING_SYSTEM,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
} from './attributes';
