import { useEffect, useState } from 'react';
import type { CheckStatisticsAnswer } from '../../../server/contract/staff.ts';
import { getCheckStatistics } from '../statisticsApi.ts';

export type ChallengeCheckStatistics = CheckStatisticsAnswer['challenges'][number];

/**
 * The checks' statistics by challenge slug, fetched only for a manager (the route refuses anyone
 * else). A failure leaves the catalogue as it was: the figures are an extra, never a blocker.
 */
export function useCheckStatistics(manager: boolean): Map<string, ChallengeCheckStatistics> {
  const [statistics, setStatistics] = useState(new Map<string, ChallengeCheckStatistics>());
  useEffect(() => {
    if (!manager) return;
    let current = true;
    getCheckStatistics()
      .then((answer) => {
        if (current) setStatistics(new Map(answer.challenges.map((c) => [c.slug, c])));
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [manager]);
  return statistics;
}
