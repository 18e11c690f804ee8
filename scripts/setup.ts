/**
 * Sets up what Gauntlet needs on this machine and is missing: a Docker engine, the sandbox images
 * and, with --tests, Chromium. Safe to run again: each step is skipped when already done.
 */
import path from 'node:path';
import { ensureSandboxImages } from '../sandbox/images/build.ts';
import { connectDocker, isLocalEngine, prioritisePlatform } from '../sandbox/index.ts';
import { loadConfig } from '../server/config.ts';
import { ensureChromium } from './setup/chromium.ts';
import { ensureDockerEngine } from './setup/docker-engine.ts';
import { consoleProgress } from './setup/host.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const progress = consoleProgress();

try {
  const { DOCKER_HOST } = loadConfig();
  const docker = connectDocker(DOCKER_HOST);
  await ensureDockerEngine(docker, projectRoot, progress);
  if (isLocalEngine(DOCKER_HOST)) {
    const weighed = await prioritisePlatform(docker);
    progress(
      `${weighed.applied ? 'Sandboxes weigh less than the platform for CPU' : 'Sandboxes keep the default CPU weight'}: ${weighed.detail}`,
    );
  }
  await ensureSandboxImages({ docker, projectRoot, nodeBinary: process.execPath, progress });
  if (process.argv.includes('--tests')) await ensureChromium(progress);
  progress('ready');
} catch (error) {
  process.stderr.write(`\nSet-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
