// Messages between the editor and the route-index worker thread (dist/routeIndexWorker.js).
import type { IndexFolder } from './workspaceRouteIndex';

export type RouteIndexRequest =
  | { id: number; type: 'open'; folders: IndexFolder[] }
  | { id: number; type: 'changed'; file: string; text?: string }
  | { id: number; type: 'deleted'; file: string }
  | { id: number; type: 'covers'; file: string }
  | { id: number; type: 'routesOf'; file: string };

export type RouteIndexReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
