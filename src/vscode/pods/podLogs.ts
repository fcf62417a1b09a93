// "Show Logs": follows a container's log into an output channel (kubectl logs -f), one channel
// per pod/container, re-used when asked again; the stream stops when the container ends, the
// channel is closed with the extension, or the same log is asked for again.
import * as vscode from 'vscode';
import type { KubeClient, LogFollow } from '../../infra/kube/kubeClient';
import { Disposable } from '../common/lifecycle';

interface Followed {
  channel: vscode.OutputChannel;
  follow?: LogFollow;
}

export class PodLogs extends Disposable {
  private readonly open = new Map<string, Followed>();

  constructor() {
    super();
    this._register({
      dispose: () => {
        for (const f of this.open.values()) {
          f.follow?.stop();
          f.channel.dispose();
        }
        this.open.clear();
      },
    });
  }

  /** Shows the channel and (re)starts following. Resolves once the stream is open or refused. */
  async show(kube: KubeClient, pod: string, container: string): Promise<void> {
    const key = `${kube.contextName}/${kube.namespace}/${pod}/${container}`;
    let entry = this.open.get(key);
    if (!entry) {
      entry = { channel: vscode.window.createOutputChannel(`Metric Vault Logs: ${pod}/${container}`) };
      this.open.set(key, entry);
    }
    entry.follow?.stop();
    entry.channel.clear();
    entry.channel.show(true);
    const channel = entry.channel;
    channel.appendLine(`── kubectl logs -f ${pod} -c ${container} -n ${kube.namespace} (last 500 lines) ──`);
    const r = await kube.followPodLog(pod, container, (text) => channel.append(text), { tailLines: 500 });
    if (!r.ok) {
      channel.appendLine(`── ${r.error.message} ──`);
      const action = await vscode.window.showErrorMessage(`Cannot show the logs of ${pod}/${container}: ${r.error.message}`, ...(r.error.kind === 'forbidden' || r.error.kind === 'unauthorized' ? [] : ['Retry']));
      if (action === 'Retry') return this.show(kube, pod, container);
      return;
    }
    const follow = r.value;
    entry.follow = follow;
    void follow.done.then((end) => {
      if (entry.follow !== follow) return;
      entry.follow = undefined;
      channel.appendLine(end.ok ? '── log stream ended (container stopped or pod deleted) ──' : `── log stream failed: ${end.error.message} ──`);
    });
  }
}
