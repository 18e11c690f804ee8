import type Docker from 'dockerode';
import { expect } from 'vitest';
import { connectDocker, dockerAnswers, LABEL_SANDBOX } from '../../sandbox/index.ts';

/** The real engine; a missing one fails the suite loudly (npm test's set-up starts one). */
export async function requireDocker(): Promise<Docker> {
  const docker = connectDocker(process.env.DOCKER_HOST);
  if (!(await dockerAnswers(docker, 5000))) {
    throw new Error(
      'These tests need a Docker engine and none answers: run `npm test` (it starts one) or set DOCKER_HOST.',
    );
  }
  return docker;
}

/** No sandbox container of this job may outlive its run. */
export async function expectNoContainerLeft(docker: Docker, jobId: string): Promise<void> {
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_SANDBOX}=1`, `gauntlet.job=${jobId}`] },
  });
  expect(left).toEqual([]);
}
