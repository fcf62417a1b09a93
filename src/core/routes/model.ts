import type { HttpMethod } from '../openapi/model';

export type RouteFramework = 'fastapi' | 'flask' | 'express' | 'fastify' | 'hono' | 'nestjs' | 'routing-controllers' | 'spring' | 'gin' | 'echo' | 'chi' | 'gorilla/mux' | 'fiber' | 'net/http';
export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'java' | 'kotlin' | 'go';

/**
 * The HTTP method of a route: one method, or `ANY` for a handler that answers every method
 * (Express `app.all`, Koa `router.all`, NestJS `@All()`; Go `HandleFunc`, Gin/Echo `Any`). The
 * lens for an `ANY` route offers the operations the API description documents on its path, or
 * asks for a method when none is documented.
 */
export type RouteMethod = HttpMethod | 'ANY';

/** The order HTTP methods are offered in for a handler that answers any method. */
export const anyMethodOrder: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

/** A route handler found in source. */
export interface RouteMatch {
  /** 1-based line of the decorator/annotation/call that declares the route. */
  line: number;
  /** 1-based column there. */
  column: number;
  framework: RouteFramework;
  method: RouteMethod;
  /** OpenAPI-style template with the router's prefix: `/items/{id}`. */
  path: string;
}

export interface Scanner {
  (text: string, at: import('./text').LineIndex): RouteMatch[];
}
