// How the Pods view lays out pods: the ones that matter now at the top, the pods of load
// tests that have ended (k6 Job pods kept until their TTL) folded into one group, and how
// often the age column must be redrawn to stay true.
import { managedByLabel, managedByValue } from '../manifests/labels';
import type { PodSummary } from './podSummary';

/** A pod of a Metric Vault run (k6 generator) whose containers have ended. */
export function isFinishedLoadTestPod(s: Pick<PodSummary, 'labels' | 'phase'>): boolean {
  return s.labels[managedByLabel] === managedByValue && (s.phase === 'Succeeded' || s.phase === 'Failed');
}

/** Indexes of the pods shown at the top, and of the finished load-test pods grouped below them. */
export function groupPods(summaries: readonly Pick<PodSummary, 'labels' | 'phase'>[]): { current: number[]; finishedLoadTests: number[] } {
  const current: number[] = [];
  const finishedLoadTests: number[] = [];
  summaries.forEach((s, i) => (isFinishedLoadTestPod(s) ? finishedLoadTests : current).push(i));
  return { current, finishedLoadTests };
}

/**
 * How long until an age label changes: ages under two minutes show seconds, so they tick each
 * second; older ones show minutes or coarser, so every 30 s is enough. Undefined without ages.
 */
export function ageRefreshMs(createdAt: readonly (number | undefined)[], now: number): number | undefined {
  const ages = createdAt.filter((t): t is number => t !== undefined).map((t) => now - t);
  if (ages.length === 0) return undefined;
  return Math.min(...ages) < 120_000 ? 1000 : 30_000;
}
