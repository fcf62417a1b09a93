import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { parseAllDocuments } from 'yaml';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { makeTempDir } from '../../support/tempDir';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: process.env, cwd };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('metric-vault render', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
    fs.mkdirSync(path.join(tmp.dir, 'loadtests', 'data'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp.dir, 'loadtests', 'pets.js'),
      `import http from 'k6/http';\nconst users = JSON.parse(open('./data/users.json'));\nexport const options = { vus: 2, duration: '1m' };\nexport default function () { http.get(\`\${__ENV.BASE_URL}/pets/1\`, { tags: { name: 'GET /pets/{petId}' } }); }\n`,
    );
    fs.writeFileSync(path.join(tmp.dir, 'loadtests', 'data', 'users.json'), '[{"id":1}]');
  });
  afterEach(() => tmp.cleanup());

  it('prints a ConfigMap and a Job as YAML that validate, with no cluster configured', async () => {
    const r = await cli(['render', '--script', 'loadtests/pets.js', '--namespace', 'perf', '--testid', 'mv-20261126-143012-abcd'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    assert.deepEqual(docs.map((d) => d.kind), ['ConfigMap', 'Job']);
    new ConfigMap(docs[0]).validate();
    new Job(docs[1]).validate();
    const job = docs[1] as IJob;
    assert.equal(job.metadata!.namespace, 'perf');
    assert.equal(job.spec!.activeDeadlineSeconds, 60 + 30 + 120, 'duration (1m) + gracefulStop (30 s) + grace');
    assert.equal(job.metadata!.annotations!['metric-vault.dev/script'], 'loadtests/pets.js');
    assert.equal(docs[0].data['data__users.json'], '[{"id":1}]');
  });

  it('prints a k6-operator TestRun for --engine k6-operator with --parallelism, as JSON too', async () => {
    fs.writeFileSync(path.join(tmp.dir, 'flat.js'), "export const options = { vus: 1, duration: '10s' };\nexport default function () {}\n");
    // The script may also be given as k6 takes it: `render flat.js`.
    const r = await cli(['render', 'flat.js', '--engine', 'k6-operator', '--parallelism', '3', '--json'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.engine, 'k6-operator');
    assert.equal(out.objects[1].kind, 'TestRun');
    assert.equal(out.objects[1].spec.parallelism, 3);
    assert.match(out.runId, /^mv-\d{8}-\d{6}-[a-z0-9]{4}$/);
  });

  it('exits 2 and names the problem for a missing script, a bad engine, or a file outside the folder', async () => {
    const missing = await cli(['render', '--script', 'nope.js'], tmp.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.js does not exist/);
    assert.equal((await cli(['render', '--script', 'loadtests/pets.js', '--engine', 'helm'], tmp.dir)).code, 2);
    const twice = await cli(['render', '--script', 'loadtests/pets.js', 'flat.js'], tmp.dir);
    assert.deepEqual([twice.code, /the script is given twice/.test(twice.stderr)], [2, true]);
    const none = await cli(['render'], tmp.dir);
    assert.deepEqual([none.code, /name the k6 script: --script FILE \(or just FILE\)/.test(none.stderr)], [2, true]);
    fs.writeFileSync(path.join(tmp.dir, 'loadtests', 'out.js'), "const x = open('../secret.txt');\nexport default function () {}\n");
    const outside = await cli(['render', '--script', 'loadtests/out.js'], tmp.dir);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the script's folder/);
  });

  it('refuses a script k6 would refuse (the k6 validator), before rendering anything', async () => {
    fs.writeFileSync(path.join(tmp.dir, 'bad.js'), "export const options = { scenarios: { a: { executor: 'constant-vuz', duration: '10s' } } };\nexport default function () {}\n");
    const r = await cli(['render', '--script', 'bad.js'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /constant-vuz/);
    assert.equal(r.stdout, '');
  });

  it('each Indexed Job pod runs k6 with its own execution segment (the wrapper in a real /bin/sh)', async () => {
    const r = await cli(['render', '--script', 'loadtests/pets.js', '--parallelism', '3', '--json'], tmp.dir);
    const job = JSON.parse(r.stdout).objects[1] as IJob;
    const c = job.spec!.template.spec!.containers[0];
    const segments: string[] = [];
    for (const index of [0, 1, 2]) {
      // The pod's command with the script path pointed at the local copy.
      const args = c.args!.map((a) => (a === '/scripts/pets.js' ? path.join(tmp.dir, 'loadtests', 'pets.js') : a));
      const res = spawnSync(c.command![0], [...c.command!.slice(1), ...args], {
        env: { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}`, JOB_COMPLETION_INDEX: String(index), K6_STANDIN_ECHO_ARGS: '1', K6_ITERATIONS: '1' },
        encoding: 'utf8',
      });
      assert.equal(res.status, 0, res.stderr);
      const argv = JSON.parse(/k6 stand-in argv: (.*)/.exec(res.stdout)![1]) as string[];
      segments.push(argv[argv.indexOf('--execution-segment') + 1]);
      assert.equal(argv[argv.indexOf('--execution-segment-sequence') + 1], '0,1/3,2/3,1');
      assert.ok(argv.includes('testid=' + job.metadata!.name));
      assert.ok(argv.includes(`runner=${index}`), 'each runner tags its samples with its index');
    }
    assert.deepEqual(segments, ['0:1/3', '1/3:2/3', '2/3:1']);
    const bad = spawnSync(c.command![0], [...c.command!.slice(1), ...c.args!], { env: { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}`, JOB_COMPLETION_INDEX: '7' }, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unexpected JOB_COMPLETION_INDEX '7' for 3 load generators/);
  });
});
