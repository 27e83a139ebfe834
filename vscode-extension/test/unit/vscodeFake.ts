/**
 * A small stand-in for the `vscode` module, installed in Node's module
 * loader, so the wiring (activate, commands, events -> store -> tree,
 * status bar, diagnostics) runs in plain mocha. It implements only what
 * the extension calls, and records what the extension shows.
 *
 * Import this file before anything that imports `vscode`.
 */

import Module from "node:module";
import { fileUriToPath, pathToFileUri } from "../../src/uri";

type Fn = (...args: unknown[]) => unknown;

export class EventEmitter<T> {
  private listeners: ((v: T) => void)[] = [];
  event = (l: (v: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(v: T): void {
    for (const l of [...this.listeners]) l(v);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = { line: sl, character: sc };
    this.end = { line: el, character: ec };
  }
}

export interface FakeUri {
  scheme: string;
  fsPath: string;
  toString(): string;
}

function parseUri(s: string): FakeUri {
  return { scheme: s.slice(0, s.indexOf(":")), fsPath: fileUriToPath(s, "posix") ?? "", toString: () => s };
}

export class Diagnostic {
  source?: string;
  code?: string | number;
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(
    public range: Range,
    public message: string,
    public severity: number,
  ) {}
}

export class DiagnosticRelatedInformation {
  constructor(
    public location: Location,
    public message: string,
  ) {}
}

export class Location {
  constructor(
    public uri: FakeUri,
    public range: Range,
  ) {}
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  iconPath?: unknown;
  command?: { command: string; arguments?: unknown[] };
  constructor(
    public label: string,
    public collapsibleState: number,
  ) {}
}

export class ThemeIcon {
  constructor(public id: string) {}
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export class DebugAdapterInlineImplementation {
  constructor(public implementation: { onDidSendMessage(l: (m: unknown) => void): unknown; handleMessage(m: unknown): void; dispose(): void }) {}
}

export class DebugAdapterExecutable {
  constructor(
    public command: string,
    public args: string[],
  ) {}
}

export interface FakeSession {
  id: string;
  type: string;
  name: string;
  configuration: Record<string, unknown>;
  customRequest(command: string, args?: unknown): Promise<unknown>;
}

export interface FakeTracker {
  onWillReceiveMessage?(m: unknown): void;
  onDidSendMessage?(m: unknown): void;
}

export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  disposed = false;
  revealed = 0;
  private readonly received = new EventEmitter<unknown>();
  private readonly disposedEmitter = new EventEmitter<void>();
  readonly webview = {
    html: "",
    cspSource: "vscode-webview:",
    postMessage: (m: unknown) => {
      this.posted.push(m);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: this.received.event,
  };
  readonly onDidDispose = this.disposedEmitter.event;
  constructor(
    public viewType: string,
    public title: string,
  ) {}
  /** A message from the webview's script. */
  send(m: unknown): void {
    this.received.fire(m);
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed = true;
    this.disposedEmitter.fire();
  }
}

/** What the tests drive and read. */
export const control = {
  settings: {} as Record<string, unknown>,
  messages: [] as { level: string; text: string }[],
  commands: new Map<string, Fn>(),
  /** The answer of the next showQuickPick: given the items, return the picked ones. */
  quickPick: (items: { picked?: boolean }[]) => items.filter((i) => i.picked) as unknown,
  diagnostics: new Map<string, Diagnostic[]>(),
  statusBar: { text: "", visible: false },
  trackerFactory: undefined as { createDebugAdapterTracker(s: FakeSession): FakeTracker } | undefined,
  adapterFactory: undefined as { createDebugAdapterDescriptor(s: FakeSession): unknown } | undefined,
  /** The configuration providers, in registration order. */
  configProviders: [] as {
    resolveDebugConfiguration?(folder: unknown, config: Record<string, unknown>): unknown;
    resolveDebugConfigurationWithSubstitutedVariables?(folder: unknown, config: Record<string, unknown>): unknown;
  }[],
  /** The files the next open dialog's user picks (undefined: cancels). */
  openDialog: undefined as FakeUri[] | undefined,
  /** The options of the last open dialog. */
  openDialogOptions: undefined as unknown,
  /** The webview panels created, with what they were sent and how to answer them. */
  webviews: [] as FakeWebviewPanel[],
  /** The button the next error message's user clicks, if any. */
  errorChoice: undefined as string | undefined,
  /** Commands run through executeCommand that no test registered (id and arguments). */
  executed: [] as { id: string; args: unknown[] }[],
  remoteName: undefined as string | undefined,
  started: new EventEmitter<FakeSession>(),
  terminated: new EventEmitter<FakeSession>(),
  activeChanged: new EventEmitter<FakeSession | undefined>(),
  customEvent: new EventEmitter<{ session: FakeSession; event: string; body: unknown }>(),
  reset(): void {
    this.settings = {};
    this.messages = [];
    this.commands.clear();
    this.diagnostics.clear();
    this.quickPick = (items) => items.filter((i) => i.picked);
    this.configProviders = [];
    this.errorChoice = undefined;
    this.openDialog = undefined;
    this.openDialogOptions = undefined;
    this.webviews = [];
    this.executed = [];
    this.remoteName = undefined;
    fake.debug.activeDebugSession = undefined;
  },
};

const disposable = { dispose: () => undefined };

function message(level: string) {
  return (text: string) => {
    control.messages.push({ level, text });
    return Promise.resolve(undefined);
  };
}

const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, dispose: () => undefined };

export const fake = {
  EventEmitter,
  Range,
  Diagnostic,
  DiagnosticRelatedInformation,
  Location,
  TreeItem,
  ThemeIcon,
  DebugAdapterExecutable,
  DebugAdapterInlineImplementation,
  Disposable,
  env: {
    get remoteName() {
      return control.remoteName;
    },
  },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  DebugConfigurationProviderTriggerKind: { Initial: 1, Dynamic: 2 },
  Uri: {
    parse: parseUri,
    file: (p: string) => parseUri(pathToFileUri(p, "posix")),
    joinPath: (u: FakeUri, ...parts: string[]) => parseUri([u.toString(), ...parts].join("/")),
  },
  window: {
    activeTextEditor: undefined,
    createOutputChannel: () => log,
    createTreeView: () => disposable,
    createStatusBarItem: () => ({
      set text(t: string) {
        control.statusBar.text = t;
      },
      get text() {
        return control.statusBar.text;
      },
      show: () => (control.statusBar.visible = true),
      hide: () => (control.statusBar.visible = false),
      dispose: () => undefined,
    }),
    showErrorMessage: (text: string) => {
      control.messages.push({ level: "error", text });
      return Promise.resolve(control.errorChoice);
    },
    showWarningMessage: message("warning"),
    showInformationMessage: message("info"),
    setStatusBarMessage: (text: string) => {
      control.messages.push({ level: "status", text });
      return disposable;
    },
    showQuickPick: (items: { picked?: boolean }[]) => Promise.resolve(control.quickPick(items)),
    showSaveDialog: () => Promise.resolve(undefined),
    createWebviewPanel: (viewType: string, title: string) => {
      const panel = new FakeWebviewPanel(viewType, title);
      control.webviews.push(panel);
      return panel;
    },
    showOpenDialog: (options: unknown) => {
      control.openDialogOptions = options;
      return Promise.resolve(control.openDialog);
    },
  },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri: FakeUri, d: Diagnostic[]) => control.diagnostics.set(uri.toString(), d),
      clear: () => control.diagnostics.clear(),
      dispose: () => undefined,
    }),
  },
  debug: {
    activeDebugSession: undefined as FakeSession | undefined,
    onDidStartDebugSession: control.started.event,
    onDidTerminateDebugSession: control.terminated.event,
    onDidChangeActiveDebugSession: control.activeChanged.event,
    onDidReceiveDebugSessionCustomEvent: control.customEvent.event,
    registerDebugAdapterTrackerFactory: (_t: string, f: typeof control.trackerFactory) => {
      control.trackerFactory = f;
      return disposable;
    },
    registerDebugAdapterDescriptorFactory: (_t: string, f: typeof control.adapterFactory) => {
      control.adapterFactory = f;
      return disposable;
    },
    registerDebugConfigurationProvider: (_t: string, p: (typeof control.configProviders)[number]) => {
      control.configProviders.push(p);
      return disposable;
    },
  },
  commands: {
    registerCommand: (id: string, f: Fn) => {
      control.commands.set(id, f);
      return disposable;
    },
    executeCommand: (id: string, ...args: unknown[]) => {
      const f = control.commands.get(id);
      if (!f) control.executed.push({ id, args });
      return Promise.resolve(f?.(...args));
    },
  },
  workspace: {
    workspaceFolders: undefined,
    textDocuments: [],
    getConfiguration: (section?: string) => ({
      get: (key: string) => control.settings[section ? `${section}.${key}` : key],
    }),
  },
};

// Serve `fake` for `require("vscode")`.
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === "vscode" ? fake : original.call(this, request, ...rest);
};
