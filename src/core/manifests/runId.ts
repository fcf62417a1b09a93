// Run ids double as the k6 `testid` tag and as the base of every Kubernetes object name of
// the run, so they must be valid DNS-1123 label fragments: lowercase letters, digits and '-',
// short enough that `<id>-script` and the pods' `<id>-<index>-<5>` stay under 63 characters.

const idPattern = /^mv-\d{8}-\d{6}-[a-z0-9]{4,8}$/;
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `mv-20261126-143012-k3x9`: UTC date and time (sortable, readable in `kubectl get jobs`)
 * plus random characters so two people starting a run in the same second do not clash.
 * `randomBytes` is injected so the function stays pure; pass crypto.randomBytes.
 */
export function newRunId(now: Date, randomBytes: (n: number) => Uint8Array, randomLength = 4): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  const time = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const suffix = Array.from(randomBytes(randomLength), (b) => alphabet[b % alphabet.length]).join('');
  return `mv-${date}-${time}-${suffix}`;
}

export function isRunId(value: string): boolean {
  return idPattern.test(value);
}

/** DNS-1123 label: what Kubernetes accepts as a Job, ConfigMap or label value. */
export function isDns1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** Object names of a run. The Job (or TestRun) carries the id itself. */
export function runObjectNames(runId: string): { workload: string; configMap: string; secret: string } {
  return { workload: runId, configMap: `${runId}-script`, secret: `${runId}-credentials` };
}
