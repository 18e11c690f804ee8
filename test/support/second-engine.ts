import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { connectDocker, dockerAnswers, LABEL_SANDBOX } from '../../sandbox/index.ts';

/**
 * A second, real Docker engine on this machine for the tests of live environments on many engines
 * (#19): its own dockerd with its own socket, data root and exec root (so its own containerd), no
 * bridge and no iptables rules (sandboxes have no network), in a network namespace of its own:
 * dockerd with --bridge=none deletes the host's docker0 when it starts, which took the first
 * engine's default bridge (and so its image builds) away. Its data root outlives the run, so the
 * images loaded into it are loaded once per change. Started and stopped by the test that needs it.
 */
export interface SecondEngine {
  url: string;
  docker: Docker;
  /** Stops answering (SIGSTOP), as a hung host does, and answers again (SIGCONT). */
  freeze(): void;
  thaw(): void;
  /** Removes its sandbox containers and stops it. */
  stop(): Promise<void>;
}

const ROOT = '/run/gauntlet-engine-2';
const DATA_ROOT = '/var/lib/gauntlet-engine-2';

export async function startSecondEngine(images: { from: Docker; tags: string[] }): Promise<SecondEngine> {
  const dockerd = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((p) => existsSync(p));
  if (!dockerd) throw new Error('dockerd is not installed: run `npm test`, whose set-up installs it');
  await mkdir(`${ROOT}/exec`, { recursive: true });
  await mkdir(DATA_ROOT, { recursive: true });
  await stopLeftover(`${ROOT}/docker.pid`);
  const socket = `${ROOT}/docker.sock`;
  const url = `unix://${socket}`;
  const log = await open(`${ROOT}/dockerd.log`, 'a');
  // unshare execs dockerd once the namespace is made: the child's pid is dockerd's.
  const child: ChildProcess = spawn(
    'unshare',
    [
      '--net',
      '--',
      dockerd,
      `--host=${url}`,
      `--data-root=${DATA_ROOT}`,
      `--exec-root=${ROOT}/exec`,
      `--pidfile=${ROOT}/docker.pid`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', log.fd, log.fd] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const docker = connectDocker(url);
  const deadline = Date.now() + 60_000;
  while (!(await dockerAnswers(docker, 1000))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the second dockerd did not answer within 60 s; see ${ROOT}/dockerd.log`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const tag of images.tags) await copyImage(images.from, docker, tag);
  return {
    url,
    docker,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async stop() {
      child.kill('SIGCONT');
      const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX}=1`] } });
      for (const c of left)
        await docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => {});
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await log.close();
    },
  };
}

/**
 * A second dockerd an earlier run left behind (its test process was killed before stopping it)
 * holds the pid file and the socket: it is stopped first, or the new one would refuse to start.
 */
async function stopLeftover(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!pid) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGCONT');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

/** Copies an image between engines (docker save | docker load) unless the target has this very build. */
async function copyImage(from: Docker, to: Docker, tag: string): Promise<void> {
  const source = await from.getImage(tag).inspect();
  const present = await to
    .getImage(tag)
    .inspect()
    .catch(() => undefined);
  if (present?.Id === source.Id) return;
  const stream = await from.getImage(tag).get();
  const loading = await to.loadImage(stream);
  await new Promise<void>((resolve, reject) => {
    to.modem.followProgress(loading, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}
