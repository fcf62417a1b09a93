// A minimal typed event emitter for layers that cannot use vscode.EventEmitter.
// A listener that throws must not stop the other listeners or the producer, but it must not
// vanish either: the error goes to the listener-error reporter — the extension's log
// channel once activated (setListenerErrorReporter), the console (stderr) until then and in
// the CLI.

export type Listener<T> = (value: T) => void;

export interface Subscription {
  dispose(): void;
}

export type ListenerErrorReporter = (message: string, error: unknown) => void;

const toConsole: ListenerErrorReporter = (message, error) => console.error(message, error);
let reporter: ListenerErrorReporter = toConsole;

/** Sends listener errors to `report` (e.g. the extension's log); the returned function restores the previous reporter. */
export function setListenerErrorReporter(report: ListenerErrorReporter): () => void {
  const previous = reporter;
  reporter = report;
  return () => {
    reporter = previous;
  };
}

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** `name` says which event a failing listener was listening to, in the log line. */
  constructor(private readonly name = 'an event') {}

  /** Subscribe; the returned object's dispose() unsubscribes (it fits vscode's Disposable). */
  readonly event = (listener: Listener<T>): Subscription => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (err) {
        // The other listeners and the producer go on; the failure is logged.
        reportListenerError(this.name, err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

function reportListenerError(name: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  try {
    reporter(`A listener of ${name} failed: ${detail}`, err);
  } catch {
    // A broken reporter must not break the producer either.
  }
}
