import type Docker from 'dockerode';
import { LABEL_DEADLINE, LABEL_OWNER, LABEL_SANDBOX } from './policy.ts';

/**
 * Removes sandbox containers left behind: those of `owner` (a previous life of this worker) and
 * any whose deadline label has passed (a worker that died without coming back). Returns how many.
 */
export async function reapSandboxes(
  docker: Docker,
  { owner, now = new Date() }: { owner?: string; now?: Date } = {},
) {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX}=1`] } });
  let removed = 0;
  for (const info of containers) {
    const deadline = Date.parse(info.Labels[LABEL_DEADLINE] ?? '');
    const mine = owner !== undefined && info.Labels[LABEL_OWNER] === owner;
    if (mine || !(deadline > now.getTime())) {
      await docker
        .getContainer(info.Id)
        .remove({ force: true })
        .then(() => removed++)
        .catch(() => {});
    }
  }
  return removed;
}
