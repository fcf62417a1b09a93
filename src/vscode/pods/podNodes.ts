// Tree items of the Pods view: a pod (status, readiness, restarts, age, node, usage against
// its limits), its containers (image, requests, limits), its totals, and message rows that
// explain a problem with a next step.
import * as vscode from 'vscode';
import type { PodJson } from '../../core/kube/objects';
import { type ContainerSummary, formatAge, type Percent, type PodSummary, type Usage } from '../../core/kube/podSummary';
import type { ResourceTotals } from '../../core/kube/podResources';
import { formatMiB, formatMillicores } from '../../core/kube/quantity';
import { countOf } from '../../core/plural';
import { mdText } from '../common/markdown';

const cpu = (m: number | null | undefined): string => (m === null || m === undefined ? '–' : formatMillicores(m));
const mem = (m: number | null | undefined): string => (m === null || m === undefined ? '–' : formatMiB(m));
const pct = (p: Percent | undefined): string => (p ? ` (${Math.round(p.value)}% of ${p.of})` : '');

/** `req 250m/256Mi · lim 1/1Gi` — requests and limits as cpu/memory pairs. */
export function specText(r: ResourceTotals): string {
  const req = r.cpuRequestMillicores === null && r.memoryRequestMb === null ? 'no requests' : `req ${cpu(r.cpuRequestMillicores)}/${mem(r.memoryRequestMb)}`;
  const lim = r.cpuLimitMillicores === null && r.memoryLimitMb === null ? 'no limits' : `lim ${cpu(r.cpuLimitMillicores)}/${mem(r.memoryLimitMb)}`;
  return `${req} · ${lim}`;
}

/** What usage shows when there is none to show. */
export type UsageNote = 'metrics-server not found' | 'usage unavailable' | 'no usage yet' | undefined;

export function usageText(u: Usage | undefined, cpuP?: Percent, memP?: Percent): string | undefined {
  if (!u) return undefined;
  return `CPU ${cpu(u.cpuMillicores)}${pct(cpuP)} · Mem ${mem(u.memoryMb)}${pct(memP)}`;
}

function statusIcon(s: PodSummary): vscode.ThemeIcon {
  const status = s.status;
  if (status === 'Terminating') return new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
  if (/Error|BackOff|Failed|OOMKilled|Err|Invalid|Evicted/i.test(status)) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (status === 'Completed' || s.phase === 'Succeeded') return new vscode.ThemeIcon('check', new vscode.ThemeColor('disabledForeground'));
  if (s.phase === 'Pending' || status.startsWith('Init:') || status === 'ContainerCreating') return new vscode.ThemeIcon('loading~spin');
  if (s.phase === 'Running' && s.ready === s.total) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

export class PodNode extends vscode.TreeItem {
  readonly kind = 'pod';
  constructor(
    readonly summary: PodSummary,
    readonly pod: PodJson,
    readonly serverIds: string[],
    note: UsageNote,
    now: number,
  ) {
    super(summary.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `pod:${summary.namespace}/${summary.name}`;
    const age = summary.createdAt !== undefined ? formatAge(now - summary.createdAt) : undefined;
    const usage = usageText(summary.usage, summary.cpuPercent, summary.memoryPercent) ?? note;
    this.description = [
      summary.status,
      `${summary.ready}/${summary.total} ready`,
      countOf(summary.restarts, 'restart') + (summary.lastRestartReason ? ` (last: ${summary.lastRestartReason})` : ''),
      age,
      summary.node,
      usage,
    ]
      .filter(Boolean)
      .join(' · ');
    this.iconPath = statusIcon(summary);
    this.contextValue = serverIds.length > 0 ? 'pod.discovered' : 'pod';
    this.tooltip = podTooltip(summary, note, age);
    this.accessibilityInformation = { label: `Pod ${summary.name}, ${this.description}` };
  }
}

function podTooltip(s: PodSummary, note: UsageNote, age: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  // Names, status reasons, node names and warnings come from the pod spec and status: data, never markup.
  md.appendMarkdown(`**${mdText(s.name)}** — ${mdText(s.status)}${age ? `, ${age} old` : ''}${s.node ? `, on ${mdText(s.node)}` : ''}\n\n`);
  md.appendMarkdown('| | CPU | Memory |\n|---|---:|---:|\n');
  md.appendMarkdown(`| requests | ${cpu(s.resources.cpuRequestMillicores)} | ${mem(s.resources.memoryRequestMb)} |\n`);
  md.appendMarkdown(`| limits | ${s.resources.cpuLimitMillicores === null ? 'none' : cpu(s.resources.cpuLimitMillicores)} | ${s.resources.memoryLimitMb === null ? 'none' : mem(s.resources.memoryLimitMb)} |\n`);
  if (s.usage) {
    md.appendMarkdown(`| usage | ${cpu(s.usage.cpuMillicores)}${pct(s.cpuPercent)} | ${mem(s.usage.memoryMb)}${pct(s.memoryPercent)} |\n`);
  }
  if (!s.usage && note) md.appendMarkdown(`\n_Usage: ${mdText(note)}._\n`);
  md.appendMarkdown('\nTotals follow the Kubernetes rule: the larger of the running containers (sidecars included) and any init container, plus overhead.');
  for (const w of s.resources.warnings) md.appendMarkdown(`\n\n$(warning) ${mdText(w)}`);
  return md;
}

export class ContainerNode extends vscode.TreeItem {
  readonly kind = 'container';
  constructor(
    readonly podName: string,
    readonly container: ContainerSummary,
  ) {
    const role = container.role === 'app' ? '' : ` (${container.role})`;
    super(`${container.name}${role}`, vscode.TreeItemCollapsibleState.None);
    this.id = `container:${podName}/${container.role}/${container.name}`;
    const usage = container.usage ? `use ${cpu(container.usage.cpuMillicores)}/${mem(container.usage.memoryMb)}` : undefined;
    this.description = [container.image, specText(container), usage].filter(Boolean).join(' · ');
    this.iconPath = new vscode.ThemeIcon(container.ready || container.role === 'init' ? 'package' : 'circle-slash');
    this.contextValue = 'pod.container';
    this.tooltip = new vscode.MarkdownString(
      [
        `**${mdText(container.name)}**${role} — ${mdText(container.state)}${container.restarts ? `, ${container.restarts} restarts` : ''}`,
        container.image ? `Image: ${mdText(container.image)}` : '',
        `Requests: CPU ${cpu(container.cpuRequestMillicores)}, memory ${mem(container.memoryRequestMb)}`,
        `Limits: CPU ${container.cpuLimitMillicores === null ? 'none' : cpu(container.cpuLimitMillicores)}, memory ${container.memoryLimitMb === null ? 'none' : mem(container.memoryLimitMb)}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
  }
}

export class TotalsNode extends vscode.TreeItem {
  readonly kind = 'totals';
  constructor(readonly summary: PodSummary) {
    super('Pod total', vscode.TreeItemCollapsibleState.None);
    this.id = `totals:${summary.namespace}/${summary.name}`;
    this.description = specText(summary.resources) + (summary.usage ? ` · use ${cpu(summary.usage.cpuMillicores)}/${mem(summary.usage.memoryMb)}` : '');
    this.iconPath = new vscode.ThemeIcon('symbol-number');
    this.contextValue = 'pod.totals';
    this.tooltip = 'Effective requests and limits of the pod (what the scheduler reserves and the kubelet caps)';
  }
}

export interface MessageAction {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** A row that says what is wrong or going on; with an action it runs it when clicked. */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message';
  constructor(label: string, opts: { icon: string; color?: string; description?: string; tooltip?: string; action?: MessageAction; id: string }) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = opts.id;
    this.iconPath = new vscode.ThemeIcon(opts.icon, opts.color ? new vscode.ThemeColor(opts.color) : undefined);
    if (opts.description) this.description = opts.description;
    this.tooltip = opts.tooltip ?? [label, opts.description].filter(Boolean).join('\n\n');
    if (opts.action) this.command = { title: opts.action.title, command: opts.action.command, arguments: opts.action.arguments };
    this.contextValue = 'pods.message';
  }
}

/** The pods of load tests that have ended, folded under one row (they stay until the Job's TTL). */
export class FinishedLoadTestsNode extends vscode.TreeItem {
  readonly kind = 'finished-load-tests';
  constructor(readonly pods: PodNode[]) {
    super(`Finished load-test pods (${pods.length})`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'group:finished-load-tests';
    this.iconPath = new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));
    this.description = 'k6 pods of ended runs, kept until their Job is cleaned up';
    this.contextValue = 'pods.finishedGroup';
  }
}

export type PodsNode = PodNode | ContainerNode | TotalsNode | MessageNode | FinishedLoadTestsNode;
