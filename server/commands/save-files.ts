import type { WorkspaceFile } from '../contract/api.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { replaceAttemptFiles } from '../queries/files.ts';
import { lockOpenChallenge } from './open-challenge.ts';

/** Saves a challenge's whole file set while the attempt is open and the challenge not yet submitted. */
export async function saveFiles(
  deps: AppDeps,
  attemptId: string,
  slug: string,
  files: WorkspaceFile[],
): Promise<Date> {
  return transaction(deps.db, async (client) => {
    await lockOpenChallenge(client, attemptId, slug);
    await replaceAttemptFiles(client, attemptId, slug, files);
    return new Date();
  });
}
