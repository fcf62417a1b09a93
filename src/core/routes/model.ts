import type { HttpMethod } from '../openapi/model';

export type RouteFramework = 'fastapi' | 'flask' | 'express' | 'nestjs' | 'spring' | 'gin' | 'echo' | 'chi' | 'gorilla/mux' | 'fiber' | 'net/http';
export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'java' | 'kotlin' | 'go';

/** A route handler found in source. */
export interface RouteMatch {
  /** 1-based line of the decorator/annotation/call that declares the route. */
  line: number;
  /** 1-based column there. */
  column: number;
  framework: RouteFramework;
  method: HttpMethod;
  /** OpenAPI-style template with the router's prefix: `/items/{id}`. */
  path: string;
}

export interface Scanner {
  (text: string, at: import('./text').LineIndex): RouteMatch[];
}
