import type { LiveEnvironments } from '../../sandbox/index.ts';
import { ENVIRONMENT_FILE_MAX_BYTES } from '../contract/live.ts';
import { HttpError } from '../errors.ts';
import type { ReadyEnvironment } from './manager.ts';

const TIMEOUT_MS = 5000;

/** What the environment's own tools said, as the reason a read or write was refused. */
function refused(stderr: string, fallback: string): HttpError {
  const reason =
    stderr
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^[a-z]+: /, '') || fallback;
  return new HttpError(409, 'environment_file_refused', reason.slice(0, 300));
}

/**
 * Reads a file of the candidate's running environment as the terminal's user, so the editor opens
 * exactly what their shell could read (and nothing it could not); refuses folders, binary files and
 * anything over 256 KiB.
 */
export async function readEnvironmentFile(
  environments: LiveEnvironments,
  env: Pick<ReadyEnvironment, 'containerId' | 'live'>,
  path: string,
): Promise<string> {
  const result = await environments.execCollect({
    containerId: env.containerId,
    user: env.live.shell.user,
    // `--` and a path that starts with / : the path can never be taken for an option.
    command: ['cat', '--', path],
    timeoutMs: TIMEOUT_MS,
    outputBytes: ENVIRONMENT_FILE_MAX_BYTES,
  });
  if (result.status === 'output_limit')
    throw new HttpError(413, 'too_large', `${path} is larger than ${ENVIRONMENT_FILE_MAX_BYTES / 1024} KiB.`);
  if (result.status !== 'ok' || result.exitCode !== 0)
    throw refused(result.stderr, `${path} could not be read.`);
  if (result.stdout.includes('\uFFFD'))
    throw new HttpError(409, 'environment_file_binary', `${path} is not a text file.`);
  return result.stdout;
}

/** Writes a file of the environment as the terminal's user (their permissions, their tmpfs limits). */
export async function writeEnvironmentFile(
  environments: LiveEnvironments,
  env: Pick<ReadyEnvironment, 'containerId' | 'live'>,
  path: string,
  content: string,
): Promise<number> {
  const bytes = Buffer.from(content, 'utf8');
  const result = await environments.execCollect({
    containerId: env.containerId,
    user: env.live.shell.user,
    command: ['sh', '-c', 'cat > "$1"', 'write-file', path],
    stdin: bytes,
    timeoutMs: TIMEOUT_MS,
    outputBytes: 16 * 1024,
  });
  if (result.status !== 'ok' || result.exitCode !== 0)
    throw refused(result.stderr, `${path} could not be written.`);
  return bytes.length;
}
