/** Writes a measured kill rate into a challenge's mutants.yaml, keeping the rest of its text. */
import { readFile, writeFile } from 'node:fs/promises';
import { parseMutantsManifest } from './manifest.ts';
import { setYamlValue } from './yaml-edit.ts';

/** Rounds down to 4 decimals, so the recorded rate is never above what was measured. */
export const recordableRate = (rate: number): number => Math.floor(rate * 10_000 + 1e-9) / 10_000;

/**
 * The text of a mutants.yaml with `recordedKillRate` set to `rate`: the one node is edited in the
 * parsed document's source (yaml-edit.ts), so every other byte (comments, order, flow lists, the
 * equivalent entries) stays as written. Both texts are validated.
 */
export function withRecordedRate(text: string, rate: number, file: string): string {
  parseMutantsManifest(text, file);
  const updated = setYamlValue(text, { path: ['recordedKillRate'] }, recordableRate(rate));
  parseMutantsManifest(updated, file);
  return updated;
}

/** Records `rate` in the mutants.yaml at `file`. */
export async function recordKillRate(file: string, rate: number): Promise<void> {
  await writeFile(file, withRecordedRate(await readFile(file, 'utf8'), rate, file));
}
