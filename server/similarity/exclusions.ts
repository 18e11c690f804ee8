/**
 * What no candidate is credited or blamed for sharing: the fingerprints of the challenge's starter,
 * its reference solution and its brief. Computed once per challenge and process (packages are read
 * at start and do not change while the server runs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Challenge, readTree } from '../challenges/load.ts';
import { briefFiles, fingerprintFiles, hashesOf } from './fingerprint.ts';
import { loadParsers } from './languages.ts';

const cache = new Map<string, Promise<Set<number>>>();

async function compute(challenge: Pick<Challenge, 'dir' | 'brief' | 'starter'>): Promise<Set<number>> {
  const parsers = await loadParsers();
  const solutionDir = path.join(challenge.dir, 'solution');
  const reference = existsSync(solutionDir) ? await readTree(solutionDir) : [];
  const excluded = new Set<number>();
  for (const files of [challenge.starter, reference, briefFiles(challenge.brief)]) {
    for (const hash of hashesOf(fingerprintFiles(parsers, files))) excluded.add(hash);
  }
  return excluded;
}

/** The starter's, the reference's and the brief's fingerprints for one challenge package. */
export function excludedHashes(
  challenge: Pick<Challenge, 'dir' | 'brief' | 'starter'>,
): Promise<Set<number>> {
  let found = cache.get(challenge.dir);
  if (!found) {
    found = compute(challenge);
    cache.set(challenge.dir, found);
  }
  return found;
}
