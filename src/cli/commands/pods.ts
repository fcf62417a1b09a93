import { readPodsReport } from '../../app/kube/podsReport';
import { formatMiB, formatMillicores } from '../../core/kube/quantity';
import { type CliCommand, CliError, ExitCode, stringOption } from '../command';
import { formatTable } from '../format';

const namespacePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const cpu = (m: number | null | undefined): string => (m === null || m === undefined ? '-' : formatMillicores(m));
const mem = (m: number | null | undefined): string => (m === null || m === undefined ? '-' : formatMiB(m));
const pct = (p: { value: number; of: string } | undefined): string => (p ? ` (${Math.round(p.value)}%${p.of === 'request' ? ' of req' : ''})` : '');

export const podsCommand: CliCommand = {
  name: 'pods',
  summary: 'List the pods of a namespace with their resources and usage',
  usage: 'metric-vault pods [--namespace NS] [--context NAME] [--json]',
  options: { namespace: { type: 'string', short: 'n' }, context: { type: 'string' } },
  async run(inv) {
    const namespace = stringOption(inv, 'namespace');
    if (namespace !== undefined && !namespacePattern.test(namespace)) throw new CliError(`--namespace "${namespace}" is not a valid namespace name`, ExitCode.badInput);
    const report = await readPodsReport({ env: inv.io.env, context: stringOption(inv, 'context'), namespace });
    if (!report.ok) throw new CliError(report.error.message + (report.error.nextStep ? ` ${report.error.nextStep}` : ''), ExitCode.failed);
    const r = report.value;
    if (inv.json) {
      inv.io.out(JSON.stringify(r, null, 2));
      return ExitCode.ok;
    }
    if (!r.metricsAvailable) inv.io.err(`Usage unavailable: ${r.metricsMessage ?? 'metrics-server not found'}`);
    if (r.pods.length === 0) {
      inv.io.out(`No pods in namespace "${r.namespace}" (context ${r.context}).`);
      return ExitCode.ok;
    }
    inv.io.out(
      formatTable(
        ['NAME', 'STATUS', 'READY', 'RESTARTS', 'AGE', 'NODE', 'CPU REQ/LIM', 'MEM REQ/LIM', 'CPU USE', 'MEM USE'],
        r.pods.map((p) => [
          p.name,
          p.status,
          `${p.ready}/${p.total}`,
          p.lastRestartReason ? `${p.restarts} (${p.lastRestartReason})` : String(p.restarts),
          p.age ?? '-',
          p.node ?? '-',
          `${cpu(p.resources.cpuRequestMillicores)}/${cpu(p.resources.cpuLimitMillicores)}`,
          `${mem(p.resources.memoryRequestMb)}/${mem(p.resources.memoryLimitMb)}`,
          p.usage ? cpu(p.usage.cpuMillicores) + pct(p.cpuPercent) : '-',
          p.usage ? mem(p.usage.memoryMb) + pct(p.memoryPercent) : '-',
        ]),
      ),
    );
    return ExitCode.ok;
  },
};
