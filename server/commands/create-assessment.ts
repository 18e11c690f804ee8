import type { Catalogue } from '../challenges/load.ts';
import type { CreateAssessmentRequest } from '../contract/staff.ts';
import type { Db } from '../db/pool.ts';
import { invalid } from '../errors.ts';
import { insertAssessment } from '../queries/assessments.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { type AuditActor, audited } from '../security/audit.ts';

/**
 * Composes an assessment from catalogue challenges, in the order given, with one overall time limit;
 * the audit entry is written in the same transaction.
 */
export async function createAssessment(
  deps: { db: Db; catalogue: Catalogue },
  user: StaffUserRow,
  request: CreateAssessmentRequest,
  actor: AuditActor,
): Promise<string> {
  request.challengeSlugs.forEach((slug, index) => {
    if (!deps.catalogue.challenges.has(slug)) {
      throw invalid(`challengeSlugs.${index}: ${slug} is not a challenge of the catalogue`);
    }
  });
  return audited(deps.db, actor, async (client) => {
    const id = await insertAssessment(client, {
      organisationId: user.organisationId,
      title: request.title,
      challengeSlugs: request.challengeSlugs,
      timeLimitMinutes: request.timeLimitMinutes,
      createdBy: user.id,
    });
    const details = { title: request.title, challengeSlugs: request.challengeSlugs };
    return {
      result: id,
      audit: { action: 'assessment.create', target: { type: 'assessment', id }, details },
    };
  });
}
