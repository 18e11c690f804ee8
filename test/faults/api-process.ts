import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The real API (`node server/main.ts`) in its own process, as production runs it. */
export interface ApiProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr (its unexpected errors), for assertions and failures. */
  stderr(): string;
  /** Whether the process is still running (it never exited, by itself or killed). */
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `server/main.ts` on `port` over `databaseUrl`, without a worker or the demo seed, and
 * resolves once it listens. It migrates the database itself, as every API process does at start.
 */
export async function startApiProcess(databaseUrl: string, port: number): Promise<ApiProcess> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      IN_PROCESS_WORKER: 'false',
      SEED_DEMO: 'false',
      SESSION_SECRET: 'fault-secret-fault-secret',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Gauntlet is running on')) resolve();
    });
    void exited.then(() => reject(new Error(`the API exited before it listened:\n${stdout}\n${stderr}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
