import type { LiveEnvironments } from '../../sandbox/index.ts';
import { buildArchive } from '../../sandbox/index.ts';
import type { Challenge } from '../challenges/load.ts';
import { variantEnvironment } from '../challenges/variants.ts';
import type { WorkspaceFile } from '../contract/api.ts';
import { judge, newMarker } from '../grading/run-grader.ts';
import type { GradingOutcome } from '../scoring/types.ts';

export interface LiveChecksInput {
  environments: LiveEnvironments;
  /** The candidate's variant of it (challengeVariant). */
  challenge: Challenge;
  /** The candidate's files (the incident note), given to the checks as a tar. */
  files: WorkspaceFile[];
  /** The environment's key (attempt and challenge). */
  key: string;
}

/**
 * Runs a live challenge's check script inside the candidate's running environment, as the
 * challenge's checks user. The script and a fresh verdict marker travel on stdin, never in the
 * command line, so the candidate's shell cannot read them from the process list; the verdict is
 * judged exactly as a files challenge's grader output is.
 */
export async function runLiveChecks({
  environments,
  challenge,
  files,
  key,
}: LiveChecksInput): Promise<GradingOutcome> {
  const { manifest } = challenge;
  const live = manifest.live;
  const script = challenge.grader.find((f) => f.path === live?.checks.script);
  if (!live || !script)
    return { kind: 'grader_error', error: `${manifest.slug} has no live check script`, wallMs: null };
  const containerId = await environments.find(key);
  if (!containerId) {
    return {
      kind: 'grader_error',
      error:
        'The live environment is not running (it stopped after being idle, or the attempt ended), so there was nothing to check.',
      wallMs: null,
    };
  }
  const marker = newMarker();
  const tar = await buildArchive(
    files.map((f) => ({ path: `workspace/${f.path}`, content: f.content })),
    ['workspace'],
  );
  // Single-quoted shell words: the marker is hex and the archive base64, neither holds a quote.
  // Shared shell functions (challenges/_lib/<name>/*.sh) come between the preamble and the script.
  const kit = challenge.libraries.filter((f) => f.path.endsWith('.sh')).map((f) => f.content);
  const stdin = [
    `GAUNTLET_VERDICT_MARKER='${marker}'`,
    `GAUNTLET_FILES_B64='${tar.toString('base64')}'`,
    ...kit,
    script.content,
  ].join('\n');
  const result = await environments.execCollect({
    containerId,
    user: live.checks.user,
    command: ['bash', '-s'],
    stdin: Buffer.from(stdin),
    // The container's HOME is /tmp, which the candidate can write: curl would read their .curlrc,
    // Python their user site-packages. The root folder is read-only and holds none of those.
    // The variant's values (VARIANT_<NAME>), for checks that judge what their variant injected.
    env: { ...variantEnvironment(challenge), HOME: '/', PATH: '/usr/local/bin:/usr/bin:/bin' },
    timeoutMs: manifest.sandbox.timeoutSeconds * 1000,
    outputBytes: 1024 * 1024,
  });
  return judge(
    challenge,
    { ...result, outputBytesRead: result.stdout.length + result.stderr.length },
    marker,
  );
}
