/**
 * The fingerprints of every submission of one challenge in an organisation: those stored, and the
 * missing ones computed from the submitted files and stored for the next reader.
 */
import type { Queryable } from '../db/pool.ts';
import { listSimilaritySubmissions, listSubmittedFiles, saveFingerprints } from '../queries/similarity.ts';
import { FINGERPRINT_VERSION, fingerprintFiles, type SubmissionPrints } from './fingerprint.ts';
import { loadParsers } from './languages.ts';

export interface IndexedSubmission {
  gradingId: string;
  attemptId: string;
  candidateName: string;
  variantSeed: number | null;
  prints: SubmissionPrints;
}

/** Files are read this many submissions at a time, so a large cohort never sits in memory at once. */
const CHUNK = 100;

export async function indexSubmissions(
  db: Queryable,
  organisationId: string,
  challengeSlug: string,
): Promise<{ submissions: IndexedSubmission[]; computed: number }> {
  const rows = await listSimilaritySubmissions(db, organisationId, challengeSlug, FINGERPRINT_VERSION);
  const missing = rows.filter((r) => r.prints === null);
  const computed = new Map<string, SubmissionPrints>();
  if (missing.length > 0) {
    const parsers = await loadParsers();
    for (let start = 0; start < missing.length; start += CHUNK) {
      const chunk = missing.slice(start, start + CHUNK);
      const files = await listSubmittedFiles(
        db,
        organisationId,
        chunk.map((r) => r.gradingId),
      );
      const made = chunk.map((r) => ({
        gradingId: r.gradingId,
        organisationId,
        attemptId: r.attemptId,
        challengeSlug,
        prints: fingerprintFiles(parsers, files.get(r.gradingId) ?? []),
      }));
      await saveFingerprints(db, made, FINGERPRINT_VERSION);
      for (const m of made) computed.set(m.gradingId, m.prints);
    }
  }
  return {
    submissions: rows.map((r) => ({
      gradingId: r.gradingId,
      attemptId: r.attemptId,
      candidateName: r.candidateName,
      variantSeed: r.variantSeed,
      prints: r.prints ?? computed.get(r.gradingId) ?? { paths: [], prints: [] },
    })),
    computed: computed.size,
  };
}
