import type { Catalogue } from '../challenges/load.ts';
import type { CheckStatisticsAnswer } from '../contract/staff.ts';
import type { Queryable } from '../db/pool.ts';
import { listJudgedSubmissions } from '../queries/statistics.ts';
import { checkStatistics } from '../scoring/check-stats.ts';
import { PROVISIONAL_UNDER } from '../scoring/percentiles.ts';

/** Each catalogue challenge's checks over the organisation's graded submissions, computed on read. */
export async function readCheckStatistics(
  db: Queryable,
  catalogue: Catalogue,
  organisationId: string,
): Promise<CheckStatisticsAnswer> {
  const submissions = await listJudgedSubmissions(db, organisationId);
  return {
    challenges: [...catalogue.challenges.values()].map(({ manifest }) => {
      const own = submissions.filter((s) => s.challengeSlug === manifest.slug).map((s) => s.checks);
      return {
        slug: manifest.slug,
        submissions: own.length,
        provisional: own.length < PROVISIONAL_UNDER,
        checks: checkStatistics(
          manifest.checks.map((c) => c.id),
          own,
        ),
      };
    }),
  };
}
