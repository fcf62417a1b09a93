// Builders for test records: a valid default, overridden field by field.
import type { EndpointRecord, ResourceSampleRecord, RunRecord, ServerRecord } from '../../src/core/model';
import type { RunSummary, WindowPoint } from '../../src/core/metrics/types';

export function aServer(over: Partial<ServerRecord> = {}): ServerRecord {
  return { id: 'ext:petstore', kind: 'external', name: 'petstore', baseUrl: 'http://127.0.0.1:8080', warnings: [], createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, ...over };
}

export function anEndpoint(over: Partial<EndpointRecord> = {}): Omit<EndpointRecord, 'serverId' | 'specHash'> {
  return { method: 'GET', path: '/pets/{petId}', operationId: 'showPetById', tag: 'pets', summary: 'Info for a specific pet', deprecated: false, detail: {}, ...over };
}

export function aRun(over: Partial<RunRecord> = {}): RunRecord {
  return { id: 'mv-20261126-0001', scriptPath: 'loadtests/pets.js', engine: 'job', state: 'running', k8sObjects: ['Job/mv-0001'], endpoints: ['GET /pets/{petId}'], createdAt: 1_700_000_000_000, startedAt: 1_700_000_001_000, ...over };
}

export function aSample(over: Partial<ResourceSampleRecord> = {}): ResourceSampleRecord {
  return { runId: 'mv-20261126-0001', pod: 'api-7d9f', ts: 1_700_000_005_000, cpuMillicores: 120, memoryMb: 96, cpuRequestMillicores: 100, cpuLimitMillicores: 500, memoryRequestMb: 128, memoryLimitMb: null, cpuIsPredicted: false, memoryIsPredicted: false, ...over };
}

/** One window of a run's series: 50 requests, 10 VUs, p95 100 ms unless overridden. */
export function aWindow(t: number, over: Partial<WindowPoint> = {}): WindowPoint {
  const requests = over.requests ?? 50;
  const failed = over.failed ?? 0;
  return { t, requests, failed, rps: requests, errorRate: requests > 0 ? failed / requests : null, p50: 40, p90: 90, p95: 100, p99: 150, max: 300, vus: 10, sentPerSec: 1000, receivedPerSec: 5000, ...over };
}

/** A series of 1 s windows from `start`, each shaped by `shape(i)`. */
export function aSeries(n: number, shape: (i: number) => Partial<WindowPoint> = () => ({}), start = 1_700_000_000_000): WindowPoint[] {
  return Array.from({ length: n }, (_, i) => aWindow(start + i * 1000, shape(i)));
}

/** A finished run's summary with two endpoints; override what the test is about. */
export function aSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    testid: 'mv-20261126-0001',
    start: '2023-11-14T22:13:20.000Z',
    end: '2023-11-14T22:14:20.000Z',
    durationSeconds: 60,
    requests: 3000,
    rps: 50,
    latency: { p50: 40, p90: 90, p95: 100, p99: 150, max: 300, avg: 50 },
    errorRate: 0,
    vusMax: 10,
    iterations: 3000,
    dataSent: 1,
    dataReceived: 1,
    endpoints: [
      { name: 'GET /pets', count: 2000, rps: 33.3, p95: 90, errorRate: 0 },
      { name: 'POST /pets', count: 1000, rps: 16.7, p95: 120, errorRate: 0 },
    ],
    verdict: 'passed',
    ...over,
  };
}
