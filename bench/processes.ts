/**
 * The benchmarks' three kinds of process: the server under test (bench/kaonServer.ts, or the
 * bare node:http baseline bench/bareServer.ts), the load generator (bench/load.ts, autocannon),
 * and the orchestrating benchmark that starts them, so the client is not what is measured.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../server/config';
import type { KaonAsk, KaonReply } from './kaonServer';
import type { LoadResult, LoadSpec } from './load';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TSX = { execArgv: ['--import', 'tsx'] };

export interface Child<Ask extends { op: string }> {
  url: string;
  pid: number;
  /** How long the server took from process start to listening (ms). */
  startMs: number;
  call<T>(ask: Ask): Promise<T>;
  /** Asks the server to close (Kaon compacts its docs into SQLite) and waits for the process to end. */
  stop(): Promise<void>;
}

function serve<Ask extends { op: string }>(child: ChildProcess, label: string): Promise<Child<Ask>> {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let next = 1;
  child.on('message', (reply: KaonReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiter?.reject(new Error(`${label}: ${reply.error}`));
    else waiter?.resolve(reply.value);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`${label} exited (${code})`));
      pending.clear();
      resolve();
    }),
  );
  const call = <T>(ask: Ask | null, id = next++) =>
    new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (ask) child.send({ ...ask, id });
    });
  return call<{ url: string; startMs: number }>(null, 0).then(({ url, startMs }): Child<Ask> => ({
    url,
    pid: child.pid!,
    startMs,
    call: <T>(ask: Ask) => call<T>(ask),
    async stop() {
      await call({ op: 'close' } as Ask);
      await exited;
    },
  }));
}

/** One machine plays every visitor from one address: the chat limits would measure the limiter, not Kaon. */
export const UNLIMITED_CHAT: Partial<Config> = { chatMessagesPerMinute: 1e9, chatMessagesPerMinutePerIp: 1e9, chatNewVisitorsPerHourPerIp: 1e9 };

/**
 * A real Kaon on `dataDir` in a child process; `overrides` replace the documented defaults.
 * With KAON_CPU_PROF=<dir> each server writes a V8 CPU profile there when it stops (open it in
 * Chrome DevTools or speedscope) to see where the time goes.
 */
export function startKaon(dataDir: string, overrides: Partial<Config> = {}): Promise<Child<KaonAsk>> {
  const profile = process.env.KAON_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.KAON_CPU_PROF}`] : [];
  return serve(fork(here('./kaonServer.ts'), [dataDir, JSON.stringify(overrides)], { execArgv: [...TSX.execArgv, ...profile] }), 'kaon');
}

/** The bare node:http baseline in a child process (see bench/bareServer.ts for the modes). */
export function startBare(mode: 'json' | 'hmac', secret = ''): Promise<Child<{ op: 'memory' | 'close' }>> {
  return serve(fork(here('./bareServer.ts'), [mode, secret], TSX), 'baseline');
}

/** One autocannon run in its own process (bench/load.ts). Throws unless every request was answered 2xx (all `amount` of them). */
export function runLoad(spec: LoadSpec, { allowFailures = false } = {}): Promise<LoadResult> {
  const child = fork(here('./load.ts'), [], TSX);
  return new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m: { result: LoadResult } | { error: string }) => {
      if ('error' in m) return reject(new Error(`load: ${m.error}`));
      const r = m.result;
      if (!allowFailures && (spec.amount ? r.ok !== spec.amount : r.non2xx > 0)) return reject(new Error(`load on ${spec.url}: ${r.ok} of ${spec.amount ?? r.requests} answered 2xx (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts; first: ${r.firstFailure ?? '-'})`));
      resolve(r);
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`load exited (${code})`)));
    child.send(spec);
  });
}

/** Resident memory of a process now and at its peak (bytes), from /proc/<pid>/status (Linux). */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
