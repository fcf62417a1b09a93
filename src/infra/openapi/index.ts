// OpenAPI discovery: the public surface other areas code against.
export { analyzeOpenApiWithStrategy, forgetCachedSources, listSource, readOpenApiSource, resolveAllOperations, resolveOperation, type OpenApiSource } from './analyze';
export type { AnalyzeOptions } from './options';
export type { ScopedCredentials } from '../http/urlPolicy';
export { defaultMaxBytes, defaultProbePaths, defaultTimeoutMs } from './options';
export { OpenApiError, isOpenApiError, type OpenApiErrorKind } from '../../core/openapi/errors';
export { OpenAPIStrategyFactory, DirectOpenAPIStrategy, SwaggerUIStrategy, type OpenApiStrategy } from './strategies';
export { documentEngine, setDocumentEngine, InlineEngine, WorkerEngine, type DocumentEngine } from './engine';
export { readDocumentText } from './documentText';
