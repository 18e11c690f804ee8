import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { LABEL_DEADLINE, LABEL_OWNER, LABEL_SANDBOX } from './policy.ts';

/** True when the owner label names a process of this host that no longer exists. */
function ownerIsDead(owner: string | undefined, thisHost: string): boolean {
  if (!owner) return false;
  const separator = owner.lastIndexOf(':');
  const host = owner.slice(0, separator);
  const pid = Number(owner.slice(separator + 1));
  if (host !== thisHost || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes sandbox containers left behind: those of a worker on this host whose process is gone
 * (killed mid-grading), and any whose deadline label has passed (a worker elsewhere that died).
 * Returns how many it removed.
 */
export async function reapSandboxes(
  docker: Docker,
  { now = new Date(), thisHost = hostname() } = {},
): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX}=1`] } });
  let removed = 0;
  for (const info of containers) {
    const deadline = Date.parse(info.Labels[LABEL_DEADLINE] ?? '');
    if (ownerIsDead(info.Labels[LABEL_OWNER], thisHost) || !(deadline > now.getTime())) {
      await docker
        .getContainer(info.Id)
        .remove({ force: true })
        .then(() => removed++)
        .catch(() => {});
    }
  }
  return removed;
}

/** Reaps now and then every `intervalMs`; returns a function that stops the sweep. */
export function startReaping(
  docker: Docker,
  intervalMs = 30_000,
  log: (line: string) => void = () => {},
): () => void {
  const sweep = () =>
    reapSandboxes(docker)
      .then((n) => {
        if (n > 0) log(`removed ${n} sandbox container(s) left by a dead worker`);
      })
      .catch(() => {});
  void sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
