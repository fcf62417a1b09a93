// Everything a run lifecycle test needs: the fake API server with the simulated Job
// controller, a real SQLite store, a script on disk, and
// RunService instances wired like the extension wires them (a new instance = an extension
// host restart: same store, same cluster, nothing else carried over).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../../src/core/model';
import { kubeconfigRunCluster } from '../../../src/app/runs/clusterProvider';
import type { RunEvents, SummaryOutcome } from '../../../src/app/runs/ports';
import { RunService, type RunServiceDeps } from '../../../src/app/runs/runService';
import { defaultRunSettings, type RunSettings } from '../../../src/app/runs/runSettings';
import { Store } from '../../../src/infra/store/store';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../fakeKube/index';
import { installJobController, type JobController, type JobControllerOptions } from '../fakeKube/jobController';
import { makeTempDir } from '../tempDir';

export class RecordingEvents implements RunEvents {
  readonly changes: RunRecord[] = [];
  readonly lines = new Map<string, string[]>();
  readonly finishedRuns: { run: RunRecord; summary: SummaryOutcome | undefined }[] = [];
  readonly warnings: string[] = [];
  private readonly waiters = new Set<() => void>();

  changed(run: RunRecord): void {
    this.changes.push(run);
    this.poke();
  }
  output(runId: string, line: string): void {
    this.lines.set(runId, [...(this.lines.get(runId) ?? []), line]);
    this.poke();
  }
  finished(run: RunRecord, summary: SummaryOutcome | undefined): void {
    this.finishedRuns.push({ run, summary });
    this.poke();
  }
  warn(message: string): void {
    this.warnings.push(message);
    this.poke();
  }
  outputOf(runId: string): string[] {
    return this.lines.get(runId) ?? [];
  }
  statesOf(runId: string): string[] {
    return this.changes.filter((c) => c.id === runId).map((c) => c.state);
  }
  /** Resolves when `condition` holds after some event (no timing involved). */
  until(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`never happened: ${what}`));
      }, limitMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
  private poke(): void {
    for (const w of [...this.waiters]) w();
  }
}

export interface HarnessOptions {
  jobs?: JobControllerOptions;
  kube?: FakeKubeOptions;
  settings?: Partial<RunSettings>;
}

/** A RunService wired as one extension activation wires it, against the cluster of `kubeconfigPath`. */
export function activationRunService(kubeconfigPath: string, store: Store, events: RunEvents, settings: RunSettings, over: Partial<RunServiceDeps> = {}): RunService {
  return new RunService({
    store,
    cluster: kubeconfigRunCluster({ env: { KUBECONFIG: kubeconfigPath }, namespace: () => settings.namespace }),
    events,
    settings: () => settings,
    periodMs: () => 250,
    ...over,
  });
}

export class RunHarness {
  readonly events = new RecordingEvents();
  readonly services: RunService[] = [];
  private constructor(
    readonly kube: FakeKube,
    readonly jobs: JobController,
    readonly store: Store,
    readonly dir: string,
    private readonly cleanupDir: () => void,
    readonly settings: RunSettings,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<RunHarness> {
    const kube = await startFakeKube(opts.kube);
    const jobs = installJobController(kube, { stepMs: 15, ...opts.jobs });
    const tmp = makeTempDir('mv-runs-');
    const { store } = Store.open(path.join(tmp.dir, 'metric-vault.db'));
    const settings: RunSettings = { ...defaultRunSettings, namespace: kube.namespace, ...opts.settings };
    return new RunHarness(kube, jobs, store, tmp.dir, tmp.cleanup, settings);
  }

  /** A k6 script on disk; `extra` goes into the init code (e.g. an open()). */
  script(name = 'pets.js', extra = ''): string {
    const file = path.join(this.dir, 'loadtests', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `import http from 'k6/http';\n${extra}\nexport const options = { vus: 2, duration: '30s', thresholds: { http_req_failed: ['rate<0.01'] } };\nexport default function () {\n  http.get(\`\${__ENV.BASE_URL}/pets/1\`, { tags: { name: 'GET /pets/{petId}' } });\n}\n`,
    );
    return file;
  }

  /** A RunService as one extension activation would build it. */
  service(over: Partial<RunServiceDeps> = {}): RunService {
    const s = activationRunService(this.kube.kubeconfigPath, this.store, this.events, this.settings, over);
    this.services.push(s);
    return s;
  }

  run(id: string): RunRecord | undefined {
    return this.store.runs.get(id);
  }

  /** Objects of the run still in the cluster, as `Kind/name`. */
  leftovers(runId: string): string[] {
    const out: string[] = [];
    for (const [resource, kind] of [['jobs', 'Job'], ['pods', 'Pod'], ['configmaps', 'ConfigMap'], ['secrets', 'Secret']] as const) {
      for (const o of this.kube.objects.list(resource)) if (o.metadata.labels?.testid === runId || o.metadata.name?.startsWith(runId)) out.push(`${kind}/${o.metadata.name}`);
    }
    return out;
  }

  async close(): Promise<void> {
    for (const s of this.services) s.dispose();
    this.jobs.dispose();
    this.store.close();
    await this.kube.close();
    this.cleanupDir();
  }
}

