/**
 * A minimal event emitter with VS Code's `Event` calling convention
 * (`event(listener)` returns something with `dispose()`).
 *
 * Why not `vscode.EventEmitter`: the state and model modules stay pure so
 * the unit tests run in plain Node, yet their events plug into VS Code's
 * disposables unchanged.
 */

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others. */
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        console.error("lua-snapshot: event listener failed", e);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
