/**
 * The challenge packages and their right fixtures as similarity sees them: each set of files
 * fingerprinted, and the challenge's exclusions (starter, reference, brief).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../../server/challenges/load.ts';
import {
  briefFiles,
  fingerprintFiles,
  hashesOf,
  type SourceFile,
} from '../../server/similarity/fingerprint.ts';
import type { Parsers } from '../../server/similarity/languages.ts';

const FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures');

/** Every file under a folder, by its path inside it. */
export function readFolder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

export const asFiles = (files: ReadonlyMap<string, string>): SourceFile[] =>
  [...files].map(([p, content]) => ({ path: p, content }));

export interface ChallengeFixtures {
  slug: string;
  starter: Map<string, string>;
  reference: Map<string, string>;
  brief: string;
  rights: Array<{ name: string; files: Map<string, string> }>;
}

/** The challenges that have a reference solution and right fixtures. */
export function challengesWithFixtures(): ChallengeFixtures[] {
  return readdirSync(CHALLENGES_DIR)
    .filter((slug) => existsSync(path.join(CHALLENGES_DIR, slug, 'solution')))
    .filter((slug) => existsSync(path.join(FIXTURES_DIR, slug, 'right')))
    .map((slug) => ({
      slug,
      starter: readFolder(path.join(CHALLENGES_DIR, slug, 'starter')),
      reference: readFolder(path.join(CHALLENGES_DIR, slug, 'solution')),
      brief: readFileSync(path.join(CHALLENGES_DIR, slug, 'BRIEF.md'), 'utf8'),
      rights: readdirSync(path.join(FIXTURES_DIR, slug, 'right'))
        .filter((name) => statSync(path.join(FIXTURES_DIR, slug, 'right', name)).isDirectory())
        .map((name) => ({ name, files: readFolder(path.join(FIXTURES_DIR, slug, 'right', name)) })),
    }));
}

/** The fingerprints of the starter and the brief, and with `reference` the reference's too. */
export function exclusionsOf(parsers: Parsers, c: ChallengeFixtures, reference: boolean): Set<number> {
  const sets = [asFiles(c.starter), briefFiles(c.brief), ...(reference ? [asFiles(c.reference)] : [])];
  return new Set(sets.flatMap((files) => [...hashesOf(fingerprintFiles(parsers, files))]));
}

/** The share of a fixture's non-trivial lines found verbatim in the reference: near 1 for an edit of it. */
export function verbatimShare(
  files: ReadonlyMap<string, string>,
  reference: ReadonlyMap<string, string>,
): number {
  const lines = (m: ReadonlyMap<string, string>) =>
    [...m.values()].flatMap((t) =>
      t
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 3),
    );
  const known = new Set(lines(reference));
  const own = lines(files);
  return own.length === 0 ? 0 : own.filter((l) => known.has(l)).length / own.length;
}
