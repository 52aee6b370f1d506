import chalk from 'chalk';
import { render } from 'ink';
import { useSyncExternalStore } from 'react';
import { AppError } from '../core/errors.js';
import type { Broker, RunMode } from '../present/mode.js';
import { App, type AppProps } from './app.js';
import { StartupScreen, type PickerKeys } from './components/startup-screen.js';
import { initialStartup, Store, type StartupView, type UserChoice } from './startup-store.js';
import type { TuiResult } from './state.js';
import { setColourOn } from './theme.js';

/**
 * One Ink instance for the whole interactive run, mounted before login and planning so the first frame (a shell
 * with a spinner) comes at once: the startup steps, the login and the user picker are drawn in it, then the run
 * itself (`run`). Lines said while the run is on (a re-login) go into the run's history, not over the frame.
 */
export interface TuiSession {
  /** The step under way ("Logging in…", "Planning…"). */
  step(text: string): void;
  /** A line to show: on the first screen before the run, in the run's history after. */
  status(line: string): void;
  /** The login's wait for Kite's callback (null when over). */
  countdown(label: string | null, remainingMs?: number): void;
  /** Stored users to pick from: a user id, or null to log in as someone else. `q`/Ctrl+C rejects (cancelled). */
  chooseUser(users: UserChoice[]): Promise<string | null>;
  /** The run's screens; resolves with the outcome when the app exits, rejects with an engine failure. */
  run(props: AppProps): Promise<TuiResult>;
  /** Takes the first screen away and unmounts (a failure before the run). */
  close(): Promise<void>;
}

export interface TuiOptions {
  mode: RunMode;
  broker: Broker;
  basketFile: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** 0 for no colour (NO_COLOR, FORCE_COLOR=0), else the depth FORCE_COLOR asks for; unset: what the terminal supports. */
  colorLevel?: 0 | 1 | 2 | 3;
}

interface RootState {
  startup: StartupView;
  app: AppProps | null;
  notices: string[];
  closed: boolean;
}

function Root({ store, options, keys }: { store: Store<RootState>; options: TuiOptions; keys: PickerKeys }) {
  const s = useSyncExternalStore(store.subscribe, store.get);
  if (s.closed) return null;
  if (s.app) return <App {...s.app} liveNotices={s.notices} />;
  return <StartupScreen view={s.startup} mode={options.mode} broker={options.broker} basketFile={options.basketFile} keys={keys} />;
}

export function openTui(options: TuiOptions): TuiSession {
  // No colour: every semantic colour resolves to none (bold and inverse stay). Colour: at the depth asked for.
  if (options.colorLevel !== undefined) {
    setColourOn(options.colorLevel > 0);
    if (options.colorLevel > 0) chalk.level = options.colorLevel;
  }
  const store = new Store<RootState>({ startup: initialStartup(), app: null, notices: [], closed: false });
  const startup = (patch: Partial<StartupView>) => store.update({ startup: { ...store.get().startup, ...patch } });
  let choice: { resolve(id: string | null): void; reject(e: unknown): void } | null = null;
  const settle = (f: (c: NonNullable<typeof choice>) => void) => {
    const c = choice;
    choice = null;
    startup({ picker: null });
    if (c) f(c);
  };
  const keys: PickerKeys = {
    move(by) {
      const p = store.get().startup.picker;
      if (p) startup({ picker: { ...p, cursor: Math.min(p.users.length - 1, Math.max(0, p.cursor + by)) } });
    },
    pick() {
      const p = store.get().startup.picker;
      const id = p?.users[p.cursor]?.userId ?? null;
      settle((c) => c.resolve(id));
    },
    other: () => settle((c) => c.resolve(null)),
    quit: () => settle((c) => c.reject(new AppError('cancelled', 'cancelled at the user choice: nothing was placed'))),
  };
  const instance = render(<Root store={store} options={options} keys={keys} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
  });
  const exited = instance.waitUntilExit();
  // Until `run`, nothing awaits the exit: a rejection must not go unhandled.
  exited.catch(() => undefined);
  return {
    step: (text) => startup({ step: text }),
    status(line) {
      if (store.get().app) store.update({ notices: [...store.get().notices, line] });
      else startup({ lines: [...store.get().startup.lines, line] });
    },
    countdown: (label, remainingMs = 0) => startup({ countdown: label === null ? null : { label, remainingMs } }),
    chooseUser(users) {
      return new Promise((resolve, reject) => {
        choice = { resolve, reject };
        startup({ picker: { users, cursor: 0 } });
      });
    },
    async run(props) {
      // The first screen's lines (the login) stay in the run's history, above its own notices.
      store.update({ app: { ...props, notices: [...store.get().startup.lines, ...props.notices] } });
      try {
        return (await exited) as TuiResult;
      } finally {
        instance.unmount();
      }
    },
    async close() {
      store.update({ closed: true });
      await new Promise((r) => setImmediate(r));
      instance.unmount();
    },
  };
}
