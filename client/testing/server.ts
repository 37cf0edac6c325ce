/**
 * Tests only (client tests and the e2e fixtures): a real Kaon in its own process (as `npm start`
 * runs it, minus the build) on a free port with a fresh DATA_DIR. Client code cannot import the
 * server (it runs under browser conditions here), so the tests talk to it over HTTP like the app does.
 */
/* eslint-disable @typescript-eslint/no-restricted-imports -- test helper: it starts the server process, it ships in no bundle */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* eslint-enable @typescript-eslint/no-restricted-imports */

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the process printed, for failure messages. */
  logs: string[];
  stop(): Promise<void>;
}

/** `clientDir`: the built client to serve (default: none, the API is enough); `env`: extra settings. */
export async function startServer(options: { clientDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaon-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, CLIENT_DIR: options.clientDir ?? join(dataDir, 'no-client'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kaon did not start:\n${logs.join('')}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString());
      const match = /listening on (http:\/\/\S+)/.exec(logs.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.on('exit', (code) => reject(new Error(`Kaon exited with ${code}:\n${logs.join('')}`)));
  });
  return {
    url,
    dataDir,
    logs,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
