import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { effectiveLabels } from '../../../_lib/hcl/tags.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isObject } from '../../../_lib/hcl/values.ts';
import { first, label, ofType, shown, viewOf } from '../model.ts';
import { SQL } from '../networks.ts';
import { SECRET } from '../secrets.ts';

const KEY = 'team';
const VALUE = 'payments';

/**
 * R10. The share of Cloud Run services, secrets and Cloud SQL instances labelled team = payments:
 * provider default_labels merged with the resource's labels, except Cloud SQL, which default_labels
 * never reach (settings.user_labels only). Judged on the plain plan.
 */
export const labelsCheck: Check = {
  id: 'resources-labelled',
  judge: (grading) => {
    const inventory = grading.inventory();
    const targets = ofType(inventory, 'google_cloud_run_v2_service', SECRET, SQL);
    if (targets.length === 0) return outcome(0, 'There is no service, secret or database to label.');
    const findings: string[] = [];
    let labelled = 0;
    for (const resource of targets) {
      const labels: Value =
        resource.type === SQL
          ? (first(viewOf(resource), 'settings')?.get('user_labels') ?? null)
          : effectiveLabels(resource);
      const value = isObject(labels) ? (labels[KEY] ?? null) : null;
      if (value === VALUE) labelled++;
      else
        findings.push(
          `${label(resource)}: ${KEY} is ${value === null ? 'missing' : shown(value)}${resource.type === SQL ? ' in settings.user_labels (default_labels do not reach Cloud SQL)' : ''}`,
        );
    }
    const score = share(labelled, targets.length);
    return score === 1
      ? outcome(1, `The service, secret and database carry ${KEY} = "${VALUE}".`)
      : outcome(score, `Not everything the brief lists carries ${KEY} = "${VALUE}".`, findings);
  },
};
