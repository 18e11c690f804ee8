import { insertAtsConnection, newInboundSecret } from '../../server/ats/connections.ts';
import { secretsKeyOf } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { createSecretBox } from '../../server/security/secrets.ts';
import type { TestOrganisation } from './factories.ts';

/** Lever's API for a connection no test reaches (TEST-NET-3: nothing listens there). */
export const UNREACHED_LEVER_API = 'https://203.0.113.10/lever/v1';

/**
 * Organisation 1's ATS connections for the matrix: a Lever one and a generic one that inbound
 * messages name, and a third to delete (deleting again changes nothing, so every call may).
 */
export async function createAtsFixture(deps: AppDeps, org: TestOrganisation) {
  const box = createSecretBox(secretsKeyOf(deps.config));
  const base = {
    organisationId: org.organisationId,
    assessmentId: org.assessmentId,
    createdBy: org.manager.id,
  };
  const leverId = await insertAtsConnection(deps.db, box, {
    ...base,
    kind: 'lever',
    name: 'Lever ORG1',
    settings: { apiUrl: UNREACHED_LEVER_API, stageId: 'stage-assessment' },
    secret: JSON.stringify({ signatureToken: 'lever-signature-token', apiKey: 'lever-api-key-org1' }),
  });
  const genericId = await insertAtsConnection(deps.db, box, {
    ...base,
    kind: 'generic',
    name: 'Inbound ORG1',
    settings: {},
    secret: newInboundSecret(),
  });
  const deletableId = await insertAtsConnection(deps.db, box, {
    ...base,
    kind: 'generic',
    name: 'Deletable ORG1',
    settings: {},
    secret: newInboundSecret(),
  });
  return { leverId, genericId, deletableId };
}
