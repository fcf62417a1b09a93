// What the route lenses look up, kept in memory and rebuilt only when endpoints or runs change:
// registered endpoints by method + full path shape (the server's base path + the OpenAPI path,
// parameter names ignored), and the newest finished run per endpoint shape.
import type { EndpointRecord, RunRecord } from '../../core/model';
import { anyMethodOrder, routeShape, routeSuffixMatches } from '../../core/routes';
import type { Store } from '../../infra/store/store';

const shapeKey = (method: string, path: string) => `${method.toUpperCase()} ${routeShape(path)}`;

/** The path part of a server's base URL (`https://host/shop/` → `/shop`), '' for none. */
export function basePathOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export class LensIndex {
  private endpoints?: { byShape: Map<string, EndpointRecord[]>; all: { method: string; full: string; record: EndpointRecord }[] };
  private runs?: Map<string, { run: RunRecord; endpoint: string }>;

  constructor(private readonly store: Store) {}

  endpointsChanged(): void {
    this.endpoints = undefined;
  }

  runsChanged(): void {
    this.runs = undefined;
  }

  private endpointTable(): NonNullable<LensIndex['endpoints']> {
    if (this.endpoints) return this.endpoints;
    const byShape = new Map<string, EndpointRecord[]>();
    const all: { method: string; full: string; record: EndpointRecord }[] = [];
    for (const server of this.store.servers.list()) {
      const base = basePathOf(server.baseUrl);
      for (const e of this.store.endpoints.listByServer(server.id)) {
        const full = `${base}${e.path.startsWith('/') ? '' : '/'}${e.path}`;
        all.push({ method: e.method.toUpperCase(), full, record: e });
        const key = shapeKey(e.method, full);
        const list = byShape.get(key) ?? [];
        if (!list.some((x) => x.serverId === e.serverId && x.path === e.path)) list.push(e);
        byShape.set(key, list);
      }
    }
    this.endpoints = { byShape, all };
    return this.endpoints;
  }

  /**
   * Registered endpoints a route is (any server): its full path against each endpoint's base path
   * + OpenAPI path; when the route's prefix is only known at run time, by suffix.
   */
  endpointsFor(method: string, path: string, prefixUnknown = false): EndpointRecord[] {
    const table = this.endpointTable();
    const m = method.toUpperCase();
    // A handler for any method (`app.all`, `@All()`) is every operation documented on its path.
    if (m === 'ANY') return anyMethodOrder.flatMap((each) => this.endpointsFor(each, path, prefixUnknown));
    if (!prefixUnknown) return table.byShape.get(shapeKey(m, path)) ?? [];
    return table.all.filter((e) => e.method === m && routeSuffixMatches(path, e.full)).map((e) => e.record);
  }

  /**
   * The methods a route gets a lens for: its own; for a handler answering any method, each
   * method the registered API descriptions document on its path, or `ANY` (the lens then asks
   * which method) when none does.
   */
  lensMethods(method: string, path: string, prefixUnknown = false): string[] {
    if (method.toUpperCase() !== 'ANY') return [method];
    const documented = new Set(this.endpointsFor('ANY', path, prefixUnknown).map((e) => e.method.toUpperCase()));
    return documented.size > 0 ? anyMethodOrder.filter((m) => documented.has(m)) : ['ANY'];
  }

  /** The newest finished (or failed) run that exercised this route's endpoint, with the key it used. */
  lastRunFor(method: string, path: string, prefixUnknown = false): { run: RunRecord; endpoint: string } | undefined {
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
    // Runs name endpoints by their OpenAPI path: look up the endpoints this route is, then the route itself.
    const candidates = [...this.endpointsFor(method, path, prefixUnknown).map((e) => e.path), ...(prefixUnknown ? [] : [path])];
    let best: { run: RunRecord; endpoint: string } | undefined;
    for (const c of candidates) {
      const hit = this.runs.get(shapeKey(method, c));
      if (hit && (!best || (best.run.finishedAt ?? best.run.createdAt) < (hit.run.finishedAt ?? hit.run.createdAt))) best = hit;
    }
    return best;
  }
}
