// Builders for test records: a valid default, overridden field by field.
import type { EndpointRecord, ResourceSampleRecord, RunRecord, ServerRecord } from '../../src/core/model';

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
