import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The brief's scripts as the platform team ships them (sha256 of the text with LF line ends and no
 * trailing whitespace). The brief says not to change them: the grader knows what they do only as
 * shipped, and a changed analysis could pass anything.
 */
const SHIPPED: Readonly<Record<string, string>> = {
  'scripts/deploy.sh': '85f4265e39415d99d9d157f4f0634c0fa91c433b33dcf8f2edbe5a41df68fe48',
  'scripts/analyze-canary.sh': '9608ea34c13394cd78858a08168b10d6435e284fb96f314369762d1bc85cce90',
};
const MAX_BYTES = 256 * 1024;

/** The scripts that differ from the shipped ones, in words. A missing script is judged as shipped. */
export async function changedScripts(root: string): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, digest] of Object.entries(SHIPPED)) {
    const absolute = path.join(root, ...file.split('/'));
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) continue;
    if (!info.isFile() || info.size > MAX_BYTES) {
      changed.push(`${file} is not the script the platform team ships.`);
      continue;
    }
    const text = (await readFile(absolute, 'utf8')).replace(/\r\n/g, '\n').trimEnd();
    if (createHash('sha256').update(text).digest('hex') !== digest) {
      changed.push(`${file} was changed.`);
    }
  }
  return changed;
}
