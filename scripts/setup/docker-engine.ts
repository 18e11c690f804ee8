import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { run } from '../../sandbox/images/build.ts';
import { dockerAnswers } from '../../sandbox/index.ts';
import { isDebianRoot, type Progress } from './host.ts';

/**
 * Makes sure a Docker engine answers. On Debian as root with no engine, installs Debian's
 * docker.io and starts dockerd in the background (logging to .data/dockerd.log); elsewhere it
 * says what to install and stops.
 */
export async function ensureDockerEngine(
  docker: Docker,
  projectRoot: string,
  progress: Progress,
): Promise<void> {
  if (await dockerAnswers(docker)) return;
  if (!isDebianRoot()) {
    throw new Error(
      'No Docker engine answers. Install Docker Engine (https://docs.docker.com/engine/install/) and start it, ' +
        'or point DOCKER_HOST at one.',
    );
  }
  if (!existsSync('/usr/sbin/dockerd') && !existsSync('/usr/bin/dockerd')) {
    progress("Installing Debian's docker.io (once)…");
    await run('apt-get', ['update', '-q'], () => {});
    await run('apt-get', ['install', '-y', '-q', 'docker.io'], () => {}, {
      DEBIAN_FRONTEND: 'noninteractive',
    });
  }
  progress('Starting dockerd…');
  const dataDir = path.join(projectRoot, '.data');
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(path.join(dataDir, 'dockerd.log'), 'a');
  const dockerd = existsSync('/usr/sbin/dockerd') ? '/usr/sbin/dockerd' : '/usr/bin/dockerd';
  spawn(dockerd, [], { detached: true, stdio: ['ignore', log, log] }).unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await dockerAnswers(docker)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`dockerd did not answer within 60 s; see ${path.join(dataDir, 'dockerd.log')}`);
}
