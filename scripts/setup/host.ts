import { existsSync, readFileSync } from 'node:fs';

import type { Progress } from '../../sandbox/images/build.ts';

export type { Progress };

/** Debian (or a derivative) and running as root: the case where set-up may install packages. */
export function isDebianRoot(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/etc/os-release')) return false;
  const release = readFileSync('/etc/os-release', 'utf8');
  return /^ID(_LIKE)?=.*debian/m.test(release);
}

/** Prints set-up progress with a timestamp so long steps show they are alive. */
export function consoleProgress(prefix = 'setup'): Progress {
  const start = Date.now();
  return (line) => {
    const seconds = ((Date.now() - start) / 1000).toFixed(1).padStart(5);
    process.stdout.write(`[${prefix} ${seconds}s] ${line}\n`);
  };
}
