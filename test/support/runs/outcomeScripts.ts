// k6 scripts whose outcome is written in the script itself, for tests where a pod really runs
// them (the pod runner with the k6 stand-in): the stand-in either executes them (exit 0, 99 on
// a crossed threshold, running until stopped) or, in its older form, reads the `fake-k6:`
// comment — both give the same outcome. `pod-runner-fault:` picks a kubelet-level fault.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const outcomeScripts = {
  pass: `// fake-k6: pass
import { sleep } from 'k6';
export const options = { vus: 1, iterations: 2 };
export default function () {
  sleep(0.1);
}
`,
  thresholds: `// fake-k6: thresholds
import { check } from 'k6';
export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate>0.99'] } };
export default function () {
  check(1, { 'fails on purpose': (v) => v === 2 });
}
`,
  /** Passes after about six seconds: long enough to restart the editor in between. */
  sixSeconds: `// fake-k6: pass
// fake-k6-duration-ms: 6000
import { sleep } from 'k6';
export const options = { vus: 1, duration: '6s' };
export default function () {
  sleep(1);
}
`,
  /** Crosses its threshold after about six seconds (exit 99). */
  sixSecondsThresholds: `// fake-k6: thresholds
// fake-k6-duration-ms: 6000
import { check, sleep } from 'k6';
export const options = { vus: 1, duration: '6s', thresholds: { checks: ['rate>0.99'] } };
export default function () {
  check(1, { 'fails on purpose': (v) => v === 2 });
  sleep(1);
}
`,
  long: `// fake-k6: long
import { sleep } from 'k6';
export const options = { vus: 1, duration: '10m' };
export default function () {
  sleep(1);
}
`,
} as const;

/** The `long` script with a kubelet fault for its pod (image-pull, oom, never-ends, evicted). */
export function faultScript(fault: 'image-pull' | 'oom' | 'never-ends' | 'evicted'): string {
  return `// pod-runner-fault: ${fault}\n${outcomeScripts.long}`;
}

export function writeScript(dir: string, name: string, text: string): string {
  const file = path.join(dir, 'loadtests', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
