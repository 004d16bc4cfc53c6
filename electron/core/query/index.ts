export { QueryService, DEFAULT_MAX_RESPONSE_BYTES, type CancelSignal, type QueryValue, type QueryValueOptions, type WorkerServiceOptions } from './service.js';
export { fromMatchers } from './budget.js';
export type { Executor, FederateReply, FederateRequest, MatcherSet, MetadataReply, MetadataRequest, QueryReply, QueryRequest, SyntaxReply, SyntaxRequest } from './request.js';
export { labelsJson, valueJson } from './json.js';
