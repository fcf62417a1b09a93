// Builders for run manifests in tests: a valid default, overridden field by field.
import type { RunManifestSpec } from '../../../src/core/manifests/runSpec';
import type { ScriptBundle } from '../../../src/core/manifests/scriptBundle';

export const petsScript = `import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 5, duration: '30s', thresholds: { http_req_failed: ['rate<0.01'] } };
export default function () {
  const res = http.get(\`\${__ENV.BASE_URL}/pets/1\`, { tags: { name: 'GET /pets/{petId}' } });
  check(res, { 'status is 200': (r) => r.status === 200 });
}
`;

export function aManifestSpec(over: Partial<RunManifestSpec> = {}): RunManifestSpec {
  return {
    runId: 'mv-20261126-143012-k3x9',
    namespace: 'test',
    engine: 'job',
    parallelism: 1,
    image: 'grafana/k6:1.4.2',
    resources: { cpu: '500m', memory: '512Mi' },
    influx: { inClusterUrl: 'http://influxdb.monitoring.svc.cluster.local:8086', database: 'k6' },
    durationSeconds: 30,
    scriptPath: 'loadtests/pets.js',
    endpoints: ['GET /pets/{petId}'],
    target: 'http://pets.test.svc.cluster.local:8080',
    ...over,
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

export function aBundle(files: Record<string, string | Uint8Array> = { 'pets.js': petsScript }, entry = Object.keys(files)[0]): ScriptBundle {
  return {
    entry,
    files: Object.entries(files).map(([path, c]) => ({ path, content: typeof c === 'string' ? enc(c) : c })),
    problems: [],
    warnings: [],
  };
}
