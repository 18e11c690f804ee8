import { beforeAll, describe, expect, it } from 'vitest';
import { ownHashes, similarityScore } from '../../server/similarity/compare.ts';
import { fingerprintFiles } from '../../server/similarity/fingerprint.ts';
import { loadParsers, type Parsers } from '../../server/similarity/languages.ts';
import { disguise } from '../support/similarity-disguise.ts';
import {
  asFiles,
  type ChallengeFixtures,
  challengesWithFixtures,
  exclusionsOf,
  verbatimShare,
} from '../support/similarity-fixtures.ts';

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const CHALLENGES = challengesWithFixtures();
const own = (files: Map<string, string>, excluded: Set<number>) =>
  ownHashes(fingerprintFiles(parsers, asFiles(files)), excluded);

/**
 * A fixture sharing at least this share of its non-trivial lines verbatim with the reference was
 * written by editing it (most fixtures that do share 75-98 %). The lowest such fixture that scores
 * 0.4 or more, ha-web-architecture's aws-two-tier-instance-groups-active-active (41 %, 0.47), keeps
 * the reference's web tier component by component, sizes included.
 */
const EDITED_FROM_REFERENCE = 0.4;

describe('similarity figures on the challenges and their fixtures', () => {
  it('finds challenges with a reference and right fixtures in HCL, YAML and JSON', () => {
    expect(CHALLENGES.length).toBeGreaterThanOrEqual(6);
    const paths = CHALLENGES.flatMap((c) => [...c.reference.keys()]);
    for (const ending of ['.tf', '.yaml', '.json'])
      expect(
        paths.some((p) => p.endsWith(ending)),
        ending,
      ).toBe(true);
  });

  it.each(CHALLENGES.map((c) => [c.slug, c] as const))(
    '%s: a copy of a right answer with renamed names and reordered blocks scores at least 0.8 against it',
    (_slug, c: ChallengeFixtures) => {
      const excluded = exclusionsOf(parsers, c, true);
      const scored = c.rights
        .map((right) => {
          const source = own(right.files, excluded);
          const copy = own(disguise(right.files), excluded);
          return { name: right.name, own: source.size, score: similarityScore(source, copy) };
        })
        // an answer that is all starter, reference and brief has nothing of its own to copy
        .filter((s) => s.own >= 4);
      expect(scored.length).toBeGreaterThan(0);
      for (const s of scored)
        expect(s.score, `${s.name} (${s.own} fingerprints)`).toBeGreaterThanOrEqual(0.8);
    },
  );

  it.each(CHALLENGES.map((c) => [c.slug, c] as const))(
    '%s: the reference with renamed names and reordered blocks scores at least 0.8 against it',
    (_slug, c: ChallengeFixtures) => {
      const excluded = exclusionsOf(parsers, c, false);
      const score = similarityScore(own(c.reference, excluded), own(disguise(c.reference), excluded));
      expect(score).toBeGreaterThanOrEqual(0.8);
    },
  );

  it.each(CHALLENGES.map((c) => [c.slug, c] as const))(
    '%s: the starter, with the brief pasted in, scores 0 against the reference and every right answer',
    (_slug, c: ChallengeFixtures) => {
      const excluded = exclusionsOf(parsers, c, true);
      const starter = new Map(c.starter);
      starter.set('NOTES.md', c.brief);
      const starterOwn = own(starter, excluded);
      expect(starterOwn.size).toBe(0);
      for (const right of [c.reference, ...c.rights.map((r) => r.files)]) {
        expect(similarityScore(starterOwn, own(right, excluded))).toBe(0);
      }
    },
  );

  it.each(CHALLENGES.map((c) => [c.slug, c] as const))(
    '%s: the reference scores below 0.4 against each right answer, unless the answer is an edit of it',
    (_slug, c: ChallengeFixtures) => {
      // the reference is what is compared here, so only the starter and the brief are taken out
      const excluded = exclusionsOf(parsers, c, false);
      const reference = own(c.reference, excluded);
      const figures = c.rights.map((r) => ({
        name: r.name,
        score: similarityScore(reference, own(r.files, excluded)),
        verbatim: verbatimShare(r.files, c.reference),
      }));
      // an edit of the reference (most lines verbatim) is a copy of it, and scoring it high is right
      const high = figures.filter((f) => f.score >= 0.4 && f.verbatim < EDITED_FROM_REFERENCE);
      expect(high).toEqual([]);
    },
  );
});
