import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * A benchmark's API script (bench/<script>, given the database URL) in its own process, once it prints
 * `listening <port>`: its address, the child and how to stop it. `onOutput` sees each chunk it prints.
 */
export async function startApiProcess(options: {
  root: string;
  script: string;
  databaseUrl: string;
  /** What to call it when it exits early. */
  label: string;
  onOutput?: (text: string) => void;
}) {
  const child = spawn(
    process.execPath,
    [path.join(options.root, 'bench', options.script), options.databaseUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`the ${options.label} exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const port = /listening (\d+)/.exec(text)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
      options.onOutput?.(text);
    });
  });
  return {
    base,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
