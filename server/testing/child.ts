import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config';

export interface ChildKaon {
  url: string;
  process: ChildProcess;
  /** Resolves once the process has ended. */
  exited: Promise<void>;
}

/** A real Kaon on `dataDir` in its own process (so a test can SIGKILL it). */
export function startChildKaon(dataDir: string, overrides: Partial<Config> = {}): Promise<ChildKaon> {
  const child = fork(fileURLToPath(new URL('./childKaon.ts', import.meta.url)), [dataDir, JSON.stringify(overrides)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ url: m.url, process: child, exited }));
    child.once('exit', (code) => reject(new Error(`the child Kaon exited (${code}) before listening`)));
  });
}
