// A `vscode` module for loading the built extension outside VS Code, the way the extension host
// provides it: registered before the bundle is required, answering every API activate() touches.
// Settings come from package.json defaults; UI calls do nothing; events never fire. Anything not
// modelled here is an inert callable object, so a new API call cannot crash the bench.
'use strict';
const path = require('node:path');

function inert() {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined; // never a thenable: `await inert()` must not hang
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return [][Symbol.iterator];
      if (key === 'dispose') return () => undefined;
      return inert();
    },
    apply: () => inert(),
    construct: () => inert(),
  });
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose() {
    this.fn?.();
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (l) => {
      this.listeners.add(l);
      return new Disposable(() => this.listeners.delete(l));
    };
  }
  fire(e) {
    for (const l of [...this.listeners]) l(e);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri('file', path.resolve(p));
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  static parse(s) {
    return new Uri(s.split(':')[0], s);
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
  with() {
    return this;
  }
}

class Plain {
  constructor(...args) {
    this.args = args;
  }
}

function createVscode(packageJson) {
  const defaults = {};
  for (const c of [packageJson.contributes.configuration].flat()) for (const [k, v] of Object.entries(c.properties)) defaults[k] = v.default;
  const configuration = (section) => ({
    get: (key, fallback) => {
      const full = section ? `${section}.${key}` : key;
      return full in defaults ? defaults[full] : fallback;
    },
    has: (key) => `${section}.${key}` in defaults,
    inspect: () => undefined,
    update: async () => undefined,
  });
  const event = () => new Disposable();
  const statusBarItem = () => ({ show() {}, hide() {}, dispose() {}, text: '', tooltip: undefined });
  const outputChannel = () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, append() {}, appendLine() {}, show() {}, clear() {}, dispose() {} });
  const treeView = () => ({ dispose() {}, onDidChangeVisibility: event, onDidChangeSelection: event, onDidExpandElement: event, onDidCollapseElement: event, visible: false, message: undefined, description: undefined, title: undefined, reveal: async () => undefined });
  const api = {
    Disposable,
    EventEmitter,
    Uri,
    TreeItem: Plain,
    ThemeIcon: Plain,
    ThemeColor: Plain,
    MarkdownString: class extends Plain {
      constructor(value = '') {
        super();
        this.value = value;
      }
      appendMarkdown(s) {
        this.value += s;
        return this;
      }
      appendText(s) {
        this.value += s;
        return this;
      }
      appendCodeblock(s) {
        this.value += s;
        return this;
      }
    },
    CodeLens: Plain,
    Range: Plain,
    Position: Plain,
    Diagnostic: Plain,
    RelativePattern: Plain,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    commands: { registerCommand: () => new Disposable(), executeCommand: async () => undefined },
    window: {
      createOutputChannel: outputChannel,
      createStatusBarItem: statusBarItem,
      createTreeView: treeView,
      registerWebviewPanelSerializer: () => new Disposable(),
      onDidChangeActiveTextEditor: event,
      activeTextEditor: undefined,
      visibleTextEditors: [],
      showErrorMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(),
    },
    workspace: {
      isTrusted: true,
      workspaceFolders: undefined,
      textDocuments: [],
      getConfiguration: configuration,
      onDidChangeConfiguration: event,
      onDidSaveTextDocument: event,
      onDidOpenTextDocument: event,
      onDidCloseTextDocument: event,
      onDidChangeTextDocument: event,
      onDidGrantWorkspaceTrust: event,
      onDidChangeWorkspaceFolders: event,
      createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, dispose() {} }),
      getWorkspaceFolder: () => undefined,
    },
    languages: { registerCodeLensProvider: () => new Disposable(), createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }) },
    env: { clipboard: { writeText: async () => undefined }, openExternal: async () => true },
  };
  // Whatever the bundle reaches that is not modelled: inert.
  const wrap = (obj) =>
    new Proxy(obj, {
      get: (t, k) => (k in t ? (t[k] && typeof t[k] === 'object' && !Array.isArray(t[k]) && !(t[k] instanceof Uri) ? wrap(t[k]) : t[k]) : k === 'then' || typeof k === 'symbol' ? undefined : inert()),
    });
  return wrap(api);
}

/** The ExtensionContext the host would pass: storage folders in `dir`, secrets and mementos in memory. */
function createContext(extensionPath, dir) {
  const memento = () => {
    const m = new Map();
    return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()], setKeysForSync() {} };
  };
  const secrets = new Map();
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: Uri.file(extensionPath),
    asAbsolutePath: (p) => path.join(extensionPath, p),
    globalStorageUri: Uri.file(path.join(dir, 'global')),
    storageUri: Uri.file(path.join(dir, 'workspace')),
    logUri: Uri.file(path.join(dir, 'logs')),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async (k) => secrets.get(k), store: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k), onDidChange: () => new Disposable() },
    extensionMode: 1,
    environmentVariableCollection: inert(),
    extension: { id: 'metric-vault.metric-vault', packageJSON: {} },
  };
}

module.exports = { createVscode, createContext };
