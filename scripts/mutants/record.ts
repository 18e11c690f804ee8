/** Writes a measured kill rate into a challenge's mutants.yaml, keeping the rest of its text. */
import { readFile, writeFile } from 'node:fs/promises';
import YAML from 'yaml';
import { parseMutantsManifest } from './manifest.ts';

/** Rounds down to 4 decimals, so the recorded rate is never above what was measured. */
export const recordableRate = (rate: number): number => Math.floor(rate * 10_000 + 1e-9) / 10_000;

/**
 * The text of a mutants.yaml with `recordedKillRate` set to `rate`: the yaml Document API edits
 * the one key, so comments, order and the equivalent entries stay as written. The result is
 * validated before it is returned.
 */
export function withRecordedRate(text: string, rate: number, file: string): string {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
  doc.set('recordedKillRate', recordableRate(rate));
  const updated = doc.toString();
  parseMutantsManifest(updated, file);
  return updated;
}

/** Records `rate` in the mutants.yaml at `file`. */
export async function recordKillRate(file: string, rate: number): Promise<void> {
  await writeFile(file, withRecordedRate(await readFile(file, 'utf8'), rate, file));
}
