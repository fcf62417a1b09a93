// The JSON shapes of the Kubernetes objects Metric Vault reads, as the API server sends them
// (timestamps are RFC 3339 strings). Only the fields we use are typed.
import type { PodObjectLike } from './podSummary';

export interface ObjectMetaJson {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

export interface KubeObjectJson {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaJson;
}

export interface PodJson extends KubeObjectJson, Omit<PodObjectLike, 'metadata'> {
  metadata?: ObjectMetaJson;
}

export interface ServicePortJson {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceJson extends KubeObjectJson {
  spec?: {
    type?: string;
    clusterIP?: string;
    selector?: Record<string, string>;
    ports?: ServicePortJson[];
  };
}
