// InfluxDB access for the extension: the dialect from the `metricVault.influx.*` settings and
// the password/token from SecretStorage (never settings). Live sessions hold a
// `CurrentDialect`, so new settings or credentials apply on their next tick.
import * as vscode from 'vscode';
import { createMetricsDialect, type MetricsDialect, type MetricsResult } from '../../app/metrics/index';
import type { Ctx } from '../context';

export const influxSecretKey = 'metricVault.influx.secret';

async function build(ctx: Ctx): Promise<MetricsDialect> {
  const c = ctx.config.influx;
  let secret: string | undefined;
  try {
    secret = await ctx.extension.secrets.get(influxSecretKey);
  } catch (err) {
    // No keyring (e.g. a headless Linux session): query without the credential, so InfluxDB's
    // own answer (a 401 shown as "refused the credentials") says what is missing.
    ctx.output.warn(`Cannot read the InfluxDB credential from secret storage: ${err instanceof Error ? err.message : String(err)}`);
  }
  return createMetricsDialect({ url: c.url, version: c.version, database: c.database, org: c.org, bucket: c.bucket, username: c.username, secret });
}

/** The dialect the settings describe now; built on first use, rebuilt when they or the secret change. */
export class CurrentDialect implements MetricsDialect {
  private inner?: Promise<MetricsDialect>;

  constructor(private readonly ctx: Ctx) {}

  get name(): 'influxql' | 'flux' {
    return this.ctx.config.influx.version === 2 ? 'flux' : 'influxql';
  }

  refresh(): void {
    this.inner = undefined;
  }

  private current(): Promise<MetricsDialect> {
    return (this.inner ??= build(this.ctx));
  }

  windows: MetricsDialect['windows'] = async (...a) => (await this.current()).windows(...a);
  overall: MetricsDialect['overall'] = async (...a) => (await this.current()).overall(...a);
  aggregate: MetricsDialect['aggregate'] = async (...a) => (await this.current()).aggregate(...a);
  endpointWindows: MetricsDialect['endpointWindows'] = async (...a) => (await this.current()).endpointWindows(...a);
  ping: MetricsDialect['ping'] = async () => (await this.current()).ping();
}

/**
 * Whether InfluxDB answers and accepts the credential: /ping needs no credential on 1.x, so
 * a small bounded query follows. A database k6 has not created yet is not a failure.
 */
export async function checkInflux(dialect: MetricsDialect): Promise<MetricsResult<void>> {
  const ping = await dialect.ping();
  if (!ping.ok) return ping;
  const now = Date.now();
  const probe = await dialect.overall('metric-vault-check', { start: now - 60_000, end: now });
  return probe.ok || probe.error.kind === 'not-found' ? { ok: true, value: undefined } : probe;
}

/** `Metric Vault: Set InfluxDB Credentials`: the password (1.x) or token (2.x/3.x) into SecretStorage. */
export async function setInfluxCredentials(ctx: Ctx, dialect: CurrentDialect): Promise<void> {
  const c = ctx.config.influx;
  const token = c.version === 2 || !c.username;
  const value = await vscode.window.showInputBox({
    title: 'Metric Vault: Set InfluxDB Credentials',
    prompt: token
      ? `Token for ${c.url} (kept in VS Code's secret storage). For a 1.x user and password, set "metricVault.influx.username" first.`
      : `Password of InfluxDB user "${c.username}" at ${c.url} (kept in VS Code's secret storage).`,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'Leave empty to remove the stored credential',
  });
  if (value === undefined) return;
  if (value === '') {
    await ctx.extension.secrets.delete(influxSecretKey);
    dialect.refresh();
    void vscode.window.showInformationMessage('Metric Vault: the stored InfluxDB credential was removed.');
    return;
  }
  await ctx.extension.secrets.store(influxSecretKey, value);
  dialect.refresh();
  const ping = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking InfluxDB at ${c.url}…` }, () => checkInflux(dialect));
  if (ping.ok) {
    void vscode.window.showInformationMessage(`Metric Vault: credential stored; InfluxDB at ${c.url} answers.`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(`Metric Vault: credential stored, but ${ping.error.message}`, 'Open Settings');
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'metricVault.influx');
}
