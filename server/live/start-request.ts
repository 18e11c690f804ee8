import { imageTag } from '../../sandbox/images/build.ts';
import type { LiveStartRequest } from '../../sandbox/index.ts';
import type { Challenge } from '../challenges/load.ts';
import { variantEnvironment } from '../challenges/variants.ts';

/**
 * How a live challenge's environment starts: its image, command, user, mounts and limits, and the
 * variant it is (the challenge as challengeVariant rendered it; the package is the default).
 */
export function liveStartRequest(
  challenge: Challenge,
  key: string,
  deadline: Date,
  idleMinutes: number,
): LiveStartRequest {
  const { manifest } = challenge;
  const live = manifest.live;
  if (!live) throw new Error(`${manifest.slug} is not a live challenge`);
  return {
    key,
    image: imageTag(manifest.sandbox.image),
    command: manifest.sandbox.command,
    user: live.user,
    mounts: live.mounts.map((m) => ({
      path: m.path,
      owner: m.owner,
      mode: m.mode,
      sizeBytes: m.sizeMb * 1024 * 1024,
    })),
    // A database's files are large: the tmpfs sizes bound them, not the per-file limit of graders.
    limits: {
      memoryBytes: manifest.sandbox.memoryMb * 1024 * 1024,
      pids: 512,
      openFiles: 1024,
      fileSizeBytes: 1024 * 1024 * 1024,
    },
    services: live.services,
    env: variantEnvironment(challenge),
    deadline,
    idleSeconds: idleMinutes * 60,
    readyTimeoutMs: live.readyTimeoutSeconds * 1000,
  };
}
