import { execFile } from 'node:child_process';

/** Debian's promtool, as the grader-prometheus image installs it. */
export const PROMTOOL = '/usr/bin/promtool';

export interface ToolRun {
  readonly exitCode: number | undefined;
  /** stdout and stderr together: promtool splits one report across both. */
  readonly output: string;
  readonly timedOut: boolean;
}

// promtool's reports for these files stay far below this; more means something went badly wrong.
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Runs promtool; never throws for the tool's own failures, which are data for the caller. */
export function runPromtool(args: readonly string[], cwd: string, timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      PROMTOOL,
      [...args],
      {
        cwd,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', HOME: cwd },
      },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        if (!error) return resolve({ exitCode: 0, output, timedOut: false });
        if ('code' in error && error.code === 'ENOENT') return reject(new Error(`${PROMTOOL} is missing`));
        if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return resolve({
            exitCode: undefined,
            output: `${output}\npromtool printed more than 4 MiB`,
            timedOut: false,
          });
        }
        const timedOut = error.killed === true || error.signal === 'SIGKILL';
        const exitCode = typeof error.code === 'number' ? error.code : undefined;
        resolve({ exitCode, output, timedOut });
      },
    );
  });
}
