import type { Challenge } from '../challenges/load.ts';
import { challengeVariant } from '../challenges/variants.ts';
import type { FragmentSide, SimilarityAnswer, SimilarPair } from '../contract/similarity.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findAttempt } from '../queries/attempts.ts';
import { listSubmittedFiles } from '../queries/similarity.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { type LineRange, matchedFragments, ownHashes, similarityScore } from '../similarity/compare.ts';
import { excludedForPair } from '../similarity/exclusions.ts';
import { type IndexedSubmission, indexSubmissions } from '../similarity/index-submissions.ts';
import { momentsOf } from '../similarity/moments.ts';

/** At most this many similar submissions per challenge, most similar first, and fragments per pair. */
const MAX_PAIRS = 5;
const MAX_FRAGMENTS = 5;
/** A fragment longer than this is cut (the replay link shows the rest). */
const MAX_FRAGMENT_LINES = 40;

const linesOf = (files: ReadonlyArray<{ path: string; content: string }>, range: LineRange) => {
  const content = files.find((f) => f.path === range.path)?.content ?? '';
  const end = Math.min(range.endLine, range.startLine + MAX_FRAGMENT_LINES - 1);
  return content
    .split('\n')
    .slice(range.startLine, end + 1)
    .join('\n');
};

/**
 * The similarity evidence of one attempt, for staff of its organisation: per challenge, the other
 * submissions of the same organisation and challenge whose fingerprints overlap this one's at
 * least the threshold once the starter's, the reference's and the brief's are taken out, with the
 * matched fragments side by side and where each came from in its replay. Nothing from another
 * organisation is read. Evidence only: nothing is decided from it.
 */
export async function readSimilarity(
  deps: Pick<AppDeps, 'db' | 'catalogue' | 'config'>,
  user: StaffUserRow,
  attemptId: string,
): Promise<SimilarityAnswer> {
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt || attempt.organisationId !== user.organisationId) throw notFound('The attempt');
  const threshold = deps.config.SIMILARITY_THRESHOLD;
  const challenges: SimilarityAnswer['challenges'] = [];
  for (const slug of attempt.challengeSlugs) {
    const challenge = deps.catalogue.challenges.get(slug);
    const title = challenge?.manifest.title ?? slug;
    if (!challenge) {
      challenges.push({ slug, title, submitted: false, compared: 0, pairs: [] });
      continue;
    }
    const { submissions } = await indexSubmissions(deps.db, user.organisationId, slug);
    const mine = submissions.find((s) => s.attemptId === attemptId);
    const others = submissions.filter((s) => s.attemptId !== attemptId);
    if (!mine) {
      challenges.push({ slug, title, submitted: false, compared: others.length, pairs: [] });
      continue;
    }
    const similar = (
      await Promise.all(
        others.map(async (other) => {
          const excluded = await excludedForPair(challenge, mine.variantSeed, other.variantSeed);
          const myOwn = ownHashes(mine.prints, excluded);
          const theirOwn = ownHashes(other.prints, excluded);
          const shared = new Set([...myOwn].filter((h) => theirOwn.has(h)));
          return { other, shared, score: similarityScore(myOwn, theirOwn) };
        }),
      )
    )
      .filter((p) => p.score >= threshold)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_PAIRS);
    const pairs = await presentPairs(deps, user.organisationId, challenge, mine, similar);
    challenges.push({ slug, title, submitted: true, compared: others.length, pairs });
  }
  return { threshold, challenges };
}

async function presentPairs(
  deps: Pick<AppDeps, 'db'>,
  organisationId: string,
  challenge: Challenge,
  mine: IndexedSubmission,
  similar: Array<{ other: IndexedSubmission; shared: Set<number>; score: number }>,
): Promise<SimilarPair[]> {
  if (similar.length === 0) return [];
  const files = await listSubmittedFiles(deps.db, organisationId, [
    mine.gradingId,
    ...similar.map((p) => p.other.gradingId),
  ]);
  const myFiles = files.get(mine.gradingId) ?? [];
  const pairs: SimilarPair[] = [];
  for (const { other, shared, score } of similar) {
    const theirFiles = files.get(other.gradingId) ?? [];
    const fragments = matchedFragments(mine.prints, other.prints, shared, MAX_FRAGMENTS);
    const myTexts = fragments.map((f) => ({ path: f.left.path, text: linesOf(myFiles, f.left) }));
    const theirTexts = fragments.map((f) => ({ path: f.right.path, text: linesOf(theirFiles, f.right) }));
    // Each replay starts from the starter of the variant its candidate had.
    const starterOf = (s: IndexedSubmission) => challengeVariant(challenge, s.variantSeed).starter;
    const slug = challenge.manifest.slug;
    const [myMoments, theirMoments] = await Promise.all([
      momentsOf(deps.db, starterOf(mine), mine.attemptId, slug, myTexts),
      momentsOf(deps.db, starterOf(other), other.attemptId, slug, theirTexts),
    ]);
    const side = (
      attemptId: string,
      range: LineRange,
      text: string,
      moment: (typeof myMoments)[number] | undefined,
    ): FragmentSide => ({
      attemptId,
      path: range.path,
      startLine: range.startLine + 1,
      endLine: Math.min(range.endLine, range.startLine + MAX_FRAGMENT_LINES - 1) + 1,
      text,
      seq: moment?.seq ?? null,
      at: moment?.at ?? null,
      origin: moment?.origin ?? 'unrecorded',
    });
    pairs.push({
      otherAttemptId: other.attemptId,
      otherCandidateName: other.candidateName,
      score,
      sharedPrints: shared.size,
      fragments: fragments.map((f, i) => ({
        mine: side(mine.attemptId, f.left, myTexts[i]?.text ?? '', myMoments[i]),
        theirs: side(other.attemptId, f.right, theirTexts[i]?.text ?? '', theirMoments[i]),
      })),
    });
  }
  return pairs;
}
