import { existsSync } from 'node:fs';
import { run } from '../../sandbox/images/build.ts';
import { isDebianRoot, type Progress } from './host.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The browser tests drive Debian's Chromium; install it when missing. */
export async function ensureChromium(progress: Progress): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  if (!isDebianRoot())
    throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH}: install Debian's chromium package.`);
  progress("Installing Debian's chromium for the browser tests (once)…");
  await run('apt-get', ['update', '-q'], () => {});
  await run('apt-get', ['install', '-y', '-q', 'chromium'], () => {}, { DEBIAN_FRONTEND: 'noninteractive' });
}
