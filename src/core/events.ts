// A minimal typed event emitter for layers that cannot use vscode.EventEmitter.

export type Listener<T> = (value: T) => void;

export interface Subscription {
  dispose(): void;
}

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Subscribe; the returned object's dispose() unsubscribes (it fits vscode's Disposable). */
  readonly event = (listener: Listener<T>): Subscription => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A failing listener must not stop the others or the producer.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
