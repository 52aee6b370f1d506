/** A stored user offered at start: id, name, last login (IST, already formatted). */
export interface UserChoice {
  userId: string;
  name: string;
  lastLogin: string;
}

/** What the first screen shows while the run gets ready: the step under way, login lines, a countdown, a user picker. */
export interface StartupView {
  step: string;
  lines: string[];
  /** The login's wait for Kite's callback, ticking every second. */
  countdown: { label: string; remainingMs: number } | null;
  picker: { users: UserChoice[]; cursor: number } | null;
}

export const initialStartup = (): StartupView => ({ step: 'Starting…', lines: [], countdown: null, picker: null });

/** A value React reads with useSyncExternalStore, set from outside the tree (the app's startup steps). */
export class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}
  get = (): T => this.value;
  set(next: T): void {
    this.value = next;
    for (const l of this.listeners) l();
  }
  update(patch: Partial<T>): void {
    this.set({ ...this.value, ...patch });
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}
