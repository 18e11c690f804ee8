/**
 * What no candidate is credited or blamed for sharing: the fingerprints of the starter, the
 * reference solution and the brief of the variant (#17) they were given. Computed once per variant
 * and process: challengeVariant gives one object per drawn values, and packages are read at start
 * and do not change while the server runs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Challenge, readTree } from '../challenges/load.ts';
import { challengeVariant, renderVariantFiles } from '../challenges/variants.ts';
import { briefFiles, fingerprintFiles, hashesOf } from './fingerprint.ts';
import { loadParsers } from './languages.ts';

const cache = new WeakMap<Challenge, Promise<Set<number>>>();

async function compute(challenge: Challenge, seed: number | null): Promise<Set<number>> {
  const parsers = await loadParsers();
  const variant = challengeVariant(challenge, seed);
  const solutionDir = path.join(challenge.dir, 'solution');
  const reference = existsSync(solutionDir)
    ? renderVariantFiles(challenge, await readTree(solutionDir), seed)
    : [];
  const excluded = new Set<number>();
  for (const files of [variant.starter, reference, briefFiles(variant.brief)]) {
    for (const hash of hashesOf(fingerprintFiles(parsers, files))) excluded.add(hash);
  }
  return excluded;
}

/** The starter's, the reference's and the brief's fingerprints for the variant a seed gives. */
export function excludedHashes(challenge: Challenge, seed: number | null = null): Promise<Set<number>> {
  const variant = challengeVariant(challenge, seed);
  let found = cache.get(variant);
  if (!found) {
    found = compute(challenge, seed);
    cache.set(variant, found);
  }
  return found;
}

/**
 * What a pair of submissions may not be credited for: both variants' starters, references and
 * briefs (the same set when both had the same variant).
 */
export async function excludedForPair(
  challenge: Challenge,
  left: number | null,
  right: number | null,
): Promise<ReadonlySet<number>> {
  const [a, b] = await Promise.all([excludedHashes(challenge, left), excludedHashes(challenge, right)]);
  return a === b ? a : new Set([...a, ...b]);
}
