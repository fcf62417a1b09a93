// What the route lenses look up, kept in memory and rebuilt only when endpoints or runs change:
// registered endpoints by method + path shape, and the newest finished run per shape.
import type { EndpointRecord, RunRecord } from '../../core/model';
import { routeShape } from '../../core/routes';
import type { Store } from '../../infra/store/store';

const shapeKey = (method: string, path: string) => `${method.toUpperCase()} ${routeShape(path)}`;

export class LensIndex {
  private endpoints?: Map<string, EndpointRecord[]>;
  private runs?: Map<string, { run: RunRecord; endpoint: string }>;

  constructor(private readonly store: Store) {}

  endpointsChanged(): void {
    this.endpoints = undefined;
  }

  runsChanged(): void {
    this.runs = undefined;
  }

  /** Registered endpoints a route matches (any server; parameter names and trailing slash ignored). */
  endpointsFor(method: string, path: string): EndpointRecord[] {
    if (!this.endpoints) {
      const map = new Map<string, EndpointRecord[]>();
      for (const server of this.store.servers.list()) {
        for (const e of this.store.endpoints.listByServer(server.id)) {
          const key = shapeKey(e.method, e.path);
          const list = map.get(key) ?? [];
          if (!list.some((x) => x.serverId === e.serverId && x.path === e.path)) list.push(e);
          map.set(key, list);
        }
      }
      this.endpoints = map;
    }
    return this.endpoints.get(shapeKey(method, path)) ?? [];
  }

  /** The newest finished (or failed) run that exercised an endpoint of this shape, with the key it used. */
  lastRunFor(method: string, path: string): { run: RunRecord; endpoint: string } | undefined {
    if (!this.runs) {
      const map = new Map<string, { run: RunRecord; endpoint: string }>();
      for (const run of this.store.runs.list(1000)) {
        if (run.state !== 'finished' && run.state !== 'failed') continue;
        for (const endpoint of run.endpoints) {
          const m = /^([A-Z]+) (\/.*)$/.exec(endpoint);
          if (!m) continue;
          const key = shapeKey(m[1], m[2]);
          const seen = map.get(key);
          if (!seen || (seen.run.finishedAt ?? seen.run.createdAt) < (run.finishedAt ?? run.createdAt)) map.set(key, { run, endpoint });
        }
      }
      this.runs = map;
    }
    return this.runs.get(shapeKey(method, path));
  }
}
