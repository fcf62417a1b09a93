// The three quick picks of "Create Load Test…": profile, size (virtual users or arrival rate),
// duration. The first item of each is the profile's default, so Enter-Enter-Enter works.
import * as vscode from 'vscode';
import { formatDuration, type LoadModel, type LoadProfileId, type LoadSettings, loadProfiles, parseK6Duration, parseLoadSize, profileIds } from '../../core/k6';
import { countOf } from '../../core/plural';

export interface LoadChoice {
  profile: LoadProfileId;
  load: Partial<LoadSettings>;
}

const profileIcons: Record<LoadProfileId, string> = {
  smoke: 'flame',
  average: 'graph-line',
  stress: 'pulse',
  spike: 'zap',
  soak: 'watch',
  breakpoint: 'dashboard',
};

const durationPresets: Record<LoadProfileId, number[]> = {
  smoke: [30, 60, 120],
  average: [300, 600, 1800],
  stress: [600, 1200, 1800],
  spike: [180, 300, 600],
  soak: [7200, 14400, 28800],
  breakpoint: [1200, 3600, 7200],
};

const unique = (xs: number[]) => [...new Set(xs)];

function executorOf(profile: LoadProfileId, model: LoadModel): string {
  const constant = loadProfiles[profile].shape === 'constant';
  if (model === 'vus') return constant ? 'constant-vus' : 'ramping-vus';
  return constant ? 'constant-arrival-rate' : 'ramping-arrival-rate';
}

type SizeItem = vscode.QuickPickItem & { model?: LoadModel; amount?: number; custom?: boolean };

export async function pickLoad(title: string): Promise<LoadChoice | undefined> {
  const profileItem = await vscode.window.showQuickPick(
    profileIds.map((id) => {
      const p = loadProfiles[id];
      return {
        label: `$(${profileIcons[id]}) ${p.label}`,
        description: p.models.map((m) => executorOf(id, m)).join(' / '),
        detail: p.description,
        id,
      };
    }),
    { title: `${title} (1/3)`, placeHolder: 'Load profile (Grafana test types)', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!profileItem) return undefined;
  const profile = profileItem.id;
  const p = loadProfiles[profile];

  const sizeItems: SizeItem[] = [];
  for (const model of p.models) {
    const base = model === 'vus' ? p.defaultVus : p.defaultRate;
    for (const amount of unique([base, base * 2, base * 5])) {
      sizeItems.push({
        label: model === 'vus' ? countOf(amount, 'virtual user') : countOf(amount, 'request', 'requests', '/s'),
        description: executorOf(profile, model),
        detail: model === 'vus' ? 'Closed model: each user sends a request, waits for the answer, pauses, repeats.' : 'Open model: k6 starts this many iterations per second, however slow the answers get.',
        model,
        amount,
      });
    }
  }
  sizeItems.push({ label: '$(edit) Custom…', detail: 'Type a number of virtual users ("20") or a rate ("50/s")', custom: true });
  const size = await vscode.window.showQuickPick(sizeItems, { title: `${title} (2/3)`, placeHolder: 'How much load', ignoreFocusOut: true });
  if (!size) return undefined;
  let model = size.model ?? p.models[0];
  let amount = size.amount ?? (model === 'vus' ? p.defaultVus : p.defaultRate);
  if (size.custom) {
    const text = await vscode.window.showInputBox({
      title: `${title} (2/3)`,
      prompt: 'Virtual users ("20") or requests per second ("50/s")',
      value: String(amount),
      ignoreFocusOut: true,
      validateInput: (v) => (parseLoadSize(v, model) ? undefined : 'A whole number, optionally followed by "vus" or "/s"'),
    });
    const parsed = text === undefined ? undefined : parseLoadSize(text, model);
    if (!parsed) return undefined;
    ({ model, amount } = parsed);
  }

  const durationItems: (vscode.QuickPickItem & { seconds?: number })[] = durationPresets[profile].map((seconds) => ({ label: formatDuration(seconds), seconds }));
  durationItems.push({ label: '$(edit) Custom…', detail: 'A k6 duration: 45s, 15m, 1h30m' });
  const duration = await vscode.window.showQuickPick(durationItems, {
    title: `${title} (3/3)`,
    placeHolder: p.shape === 'constant' ? 'How long' : 'How long in all, ramps included',
    ignoreFocusOut: true,
  });
  if (!duration) return undefined;
  let seconds = duration.seconds;
  if (seconds === undefined) {
    const text = await vscode.window.showInputBox({
      title: `${title} (3/3)`,
      prompt: 'Duration (k6 format)',
      value: formatDuration(p.defaultDurationSeconds),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const ms = parseK6Duration(v);
        return ms !== undefined && ms >= 1000 ? undefined : 'A duration of at least 1s, like 45s, 15m or 1h30m';
      },
    });
    const ms = text === undefined ? undefined : parseK6Duration(text);
    if (ms === undefined) return undefined;
    seconds = Math.round(ms / 1000);
  }
  return { profile, load: { model, amount, durationSeconds: seconds } };
}
