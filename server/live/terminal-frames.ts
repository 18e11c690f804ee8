import type { RawData } from 'ws';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import type { ReadyEnvironment } from './manager.ts';

/** A WebSocket message's bytes, whichever shape ws delivered them in. */
export const frameBytes = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);

/** A text frame's JSON, or undefined when it is not JSON (then it is ignored). */
export function frameJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The challenge's shell in the environment, as its candidate's user, at the terminal's size. */
export const openEnvironmentShell = (
  environments: LiveEnvironments,
  env: Pick<ReadyEnvironment, 'containerId' | 'live'>,
  size: { cols: number; rows: number },
) =>
  environments.openShell({
    containerId: env.containerId,
    user: env.live.shell.user,
    command: env.live.shell.command,
    workingDir: env.live.shell.workingDir,
    cols: size.cols,
    rows: size.rows,
  });
