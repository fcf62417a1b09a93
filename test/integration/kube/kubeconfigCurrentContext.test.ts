// The status bar names the kubeconfig's current context before any view connects, from a line
// match over the files (the Kubernetes client loads only when a view connects): the first file
// of KUBECONFIG that sets it wins, as kubectl merges them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kubeconfigCurrentContext } from '../../../src/infra/kube/kubeconfig';
import { makeTempDir } from '../../support/tempDir';

describe('kubeconfigCurrentContext', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());
  const file = (name: string, text: string) => {
    const f = path.join(tmp.dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('reads current-context plain, quoted, or with a comment; nothing when it is empty or nested', async () => {
    const cases: [string, string | undefined][] = [
      ['apiVersion: v1\nkind: Config\ncurrent-context: k3s-test\n', 'k3s-test'],
      ['current-context: "my ctx" # picked by kubectx\n', 'my ctx'],
      ["current-context: 'default'\n", 'default'],
      ['current-context: ""\n', undefined],
      ['contexts:\n- name: x\n  current-context: nested\n', undefined],
    ];
    for (const [text, want] of cases) assert.equal(await kubeconfigCurrentContext({ KUBECONFIG: file('config', text) }), want, text);
  });

  it('takes the first file of KUBECONFIG that sets it; none for missing files', async () => {
    const a = file('a', 'clusters: []\n');
    const b = file('b', 'current-context: from-b\n');
    const c = file('c', 'current-context: from-c\n');
    assert.equal(await kubeconfigCurrentContext({ KUBECONFIG: [path.join(tmp.dir, 'missing'), a, b, c].join(path.delimiter) }), 'from-b');
    assert.equal(await kubeconfigCurrentContext({ KUBECONFIG: path.join(tmp.dir, 'missing') }), undefined);
  });
});
