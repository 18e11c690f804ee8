import type { LiveEnvironments } from '../../sandbox/index.ts';
import type { Challenge } from '../challenges/load.ts';
import { conflict, notFound } from '../errors.ts';

/** A complication gets this long to change the system (a mass update of a million rows included). */
export const COMPLICATION_TIMEOUT_MS = 60_000;
/** How much of its stdout and of its stderr is kept. */
export const COMPLICATION_OUTPUT_BYTES = 64 * 1024;

export interface ComplicationInput {
  environments: LiveEnvironments;
  challenge: Challenge;
  /** The environment's key (attempt and challenge). */
  key: string;
  /** One of the challenge's `live.complications` ids. */
  complicationId: string;
}

export interface ComplicationResult {
  /** The script ran to its end and exited 0 within the time limit. */
  ok: boolean;
  /** The script's exit code; -1 when it had none (killed at the time limit, or the exec failed). */
  exitCode: number;
  /** Its stdout then stderr, each bounded, for the interviewer. */
  output: string;
}

/**
 * Runs one of a live challenge's complications in the candidate's running environment, as the
 * service's own user (the complication's `user`, else the environment's `live.user`), never the
 * candidate's. As with the checks, the script (after the challenge's shared shell libraries)
 * travels on stdin to `bash -s`, never on a command line, with HOME=/ and a fixed PATH so nothing
 * the candidate wrote in a writable folder is read; it has a time limit and bounded output.
 * Whatever it leaves behind for the checks to read it writes where only that user can.
 */
export async function runComplication({
  environments,
  challenge,
  key,
  complicationId,
}: ComplicationInput): Promise<ComplicationResult> {
  const { manifest } = challenge;
  const complication = manifest.live?.complications.find((c) => c.id === complicationId);
  if (!manifest.live || !complication) throw notFound(`Complication ${complicationId} of ${manifest.slug}`);
  const script = challenge.grader.find((f) => f.path === complication.script);
  // The loader refuses a package whose complication script is missing; this is a broken catalogue.
  if (!script) throw new Error(`${manifest.slug}: grader/${complication.script} is missing`);
  const containerId = await environments.find(key);
  if (!containerId) {
    throw conflict(
      `The live environment of ${manifest.slug} is not running (it stopped after being idle, or the attempt ended): there is nothing to complicate.`,
      'environment_not_running',
    );
  }
  const kit = challenge.libraries.filter((f) => f.path.endsWith('.sh')).map((f) => f.content);
  const result = await environments.execCollect({
    containerId,
    user: complication.user ?? manifest.live.user,
    command: ['bash', '-s'],
    stdin: Buffer.from([...kit, script.content].join('\n')),
    env: { HOME: '/', PATH: '/usr/local/bin:/usr/bin:/bin' },
    timeoutMs: COMPLICATION_TIMEOUT_MS,
    outputBytes: COMPLICATION_OUTPUT_BYTES,
  });
  const output = [
    result.stdout,
    result.stderr,
    result.status === 'timeout' ? `(stopped after ${COMPLICATION_TIMEOUT_MS / 1000} s)` : '',
    result.status === 'output_limit' ? '(stopped: too much output)' : '',
    result.status === 'error' ? `(could not run: ${result.errorMessage ?? 'unknown error'})` : '',
  ]
    .filter((part) => part.trim() !== '')
    .join('\n');
  const exitCode = result.exitCode ?? -1;
  return { ok: result.status === 'ok' && exitCode === 0, exitCode, output };
}
