import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { SERVICE_TYPES, serviceIdentity } from '../identity.ts';
import { label, ofType } from '../model.ts';

/**
 * R5. Each Cloud Run service runs as a google_service_account created here: traced through a
 * reference to its email or member, or its email written out. Unset is the default compute service
 * account; an email the grader cannot tie to an account created here fails. Worst scenario.
 */
export const identityCheck: Check = {
  id: 'dedicated-identity',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const services = ofType(inventory, ...SERVICE_TYPES);
  if (services.length === 0)
    return outcome(0, 'There is no google_cloud_run_v2_service: the API is not deployed.');
  const findings: string[] = [];
  let dedicated = 0;
  for (const service of services) {
    const identity = serviceIdentity(inventory, service);
    if (identity.kind === 'created') dedicated++;
    else findings.push(`${label(service)}: template.service_account: ${identity.why}`);
  }
  const score = share(dedicated, services.length);
  return score === 1
    ? outcome(1, 'The service runs as a service account created for it.')
    : outcome(
        score,
        'The service does not run as a dedicated service account created in this configuration.',
        findings,
      );
}
