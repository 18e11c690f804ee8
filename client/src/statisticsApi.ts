import { type CheckStatisticsAnswer, checkStatisticsSchema } from '../../server/contract/staff.ts';
import { call } from './api.ts';

/** Each check's pass rate and discrimination over the organisation's graded submissions (managers only). */
export async function getCheckStatistics(): Promise<CheckStatisticsAnswer> {
  return call('GET', '/api/staff/challenges/check-statistics', checkStatisticsSchema);
}
