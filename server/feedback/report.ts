import { type ChallengeManifest, LEVELS, type Rubric } from '../challenges/schema.ts';
import type {
  FeedbackChallenge,
  FeedbackDimension,
  FeedbackReport,
  FeedbackRequirement,
} from '../contract/feedback.ts';
import type { StoredCheckResult } from '../scoring/types.ts';

/** A challenge of the attempt with its final submission's grading, when there is one. */
export interface FeedbackSource {
  slug: string;
  /** The challenge's manifest; undefined when its package is gone from the catalogue. */
  manifest: ChallengeManifest | undefined;
  submission: { status: string; checks: StoredCheckResult[] | null } | undefined;
}

/** The check results the candidate may read: declared visible AND stored as visible. */
function visibleResults(manifest: ChallengeManifest, stored: StoredCheckResult[]) {
  const results = new Map<string, StoredCheckResult>();
  for (const result of stored) if (result.visible === true) results.set(result.id, result);
  return manifest.checks.flatMap((declared) => {
    const result = declared.visible ? results.get(declared.id) : undefined;
    return result ? [{ declared, result }] : [];
  });
}

type Visible = ReturnType<typeof visibleResults>;

function requirementOf(req: { id: string; text: string }, visible: Visible): FeedbackRequirement {
  const covering = visible.filter((v) => v.declared.covers.includes(req.id));
  // Only these three fields of a result ever reach the report: the title is the manifest's.
  const checks = covering.map(({ declared, result }) => ({
    title: declared.title,
    passed: result.passed === true,
    message: String(result.message),
  }));
  const verdict = checks.length === 0 ? 'not_shown' : checks.every((c) => c.passed) ? 'met' : 'not_met';
  return { id: req.id, text: req.text, verdict, checks };
}

function challengeOf(source: FeedbackSource): { challenge: FeedbackChallenge; visible: Visible } {
  const title = source.manifest?.title ?? source.slug;
  const base = { slug: source.slug, title };
  if (!source.submission)
    return { challenge: { ...base, outcome: 'not_submitted', requirements: [] }, visible: [] };
  if (!source.manifest || source.submission.status !== 'done' || !source.submission.checks)
    return { challenge: { ...base, outcome: 'not_graded', requirements: [] }, visible: [] };
  const visible = visibleResults(source.manifest, source.submission.checks);
  return {
    challenge: {
      ...base,
      outcome: 'graded',
      requirements: source.manifest.requirements.map((req) => requirementOf(req, visible)),
    },
    visible,
  };
}

/**
 * The candidate's report, per challenge and requirement, from the final submissions' visible
 * checks, plus the rubric's level descriptions of the dimensions those checks assess. Built by
 * allow-listing: each value is picked from the manifest or the stored result by name, so a hidden
 * check (declared hidden, or stored as hidden), its evidence, the weights, the scores and anything
 * a grader may add to a result never reach it. A requirement only hidden checks cover gets no
 * verdict, since one would tell what the hidden checks judged.
 */
export function buildFeedbackReport(
  assessmentTitle: string,
  sources: FeedbackSource[],
  rubric: Rubric,
): FeedbackReport {
  const built = sources.map(challengeOf);
  const assessed = new Set(built.flatMap((b) => b.visible.map((v) => v.declared.dimension)));
  const dimensions: FeedbackDimension[] = rubric.dimensions
    .filter((d) => assessed.has(d.id))
    .map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      levels: ([1, 2, 3, 4] as const).map((level) => ({
        level,
        name: LEVELS[level - 1] ?? String(level),
        description: d.levels[level],
      })),
    }));
  return { assessmentTitle, challenges: built.map((b) => b.challenge), dimensions };
}
