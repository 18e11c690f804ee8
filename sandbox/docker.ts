import Docker from 'dockerode';

/**
 * Connects to the Docker engine named by a DOCKER_HOST-style address (`unix:///path`,
 * `tcp://host:port`), or the local socket when none is given. No global timeout: dockerode's
 * leaves `wait()` pending forever on long runs (SANDBOX.md); callers run their own timers.
 */
export function connectDocker(dockerHost?: string): Docker {
  if (!dockerHost) return new Docker({ socketPath: '/var/run/docker.sock' });
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return new Docker({ socketPath: url.pathname });
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    return new Docker({
      host: url.hostname,
      port: Number(url.port || 2375),
      protocol: url.protocol === 'https:' ? 'https' : 'http',
    });
  }
  throw new Error(`DOCKER_HOST ${dockerHost}: expected unix:///path or tcp://host:port`);
}

/** Whether an engine address (DOCKER_HOST's form; unset is the local socket) is on this machine. */
export const isLocalEngine = (dockerHost: string | undefined): boolean =>
  !dockerHost || dockerHost.startsWith('unix:');

/** True when the engine answers a ping within `timeoutMs`. */
export async function dockerAnswers(docker: Docker, timeoutMs = 2000): Promise<boolean> {
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
