import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Cluster } from '../cluster.ts';
import { MISSING_DEPLOYMENT, namespaceLabel, templateLabels } from '../cluster.ts';
import type { ManifestObject } from '../documents.ts';
import { replicaRange } from '../replicas.ts';
import { scaled } from '../scaling.ts';
import { labelSelector } from '../selectors.ts';
import { asRecord, asStringMap } from '../values.ts';
import { whereIs } from '../workloads.ts';

/** The PodDisruptionBudgets that protect the Deployment's pods: same namespace, a selector that matches. */
function protecting(cluster: Cluster, deployment: ManifestObject): ManifestObject[] {
  const labels = asStringMap(templateLabels(deployment));
  return cluster.ofKind('PodDisruptionBudget').filter((pdb) => {
    const selector = labelSelector(asRecord(pdb.body.spec).selector);
    return pdb.namespace === deployment.namespace && !selector.empty && selector.matches(labels);
  });
}

/**
 * R7. A PDB only counts for pods in its own namespace, and only when its selector matches their
 * labels. An empty selector matches every pod in the namespace: other teams' pods too, so it is
 * refused. (policy/v1beta1 is not served any more, so only policy/v1 objects reach this check.)
 */
export const pdbSelectsCheck: Check = {
  id: 'pdb-selects-pods',
  judge({ deployment, cluster }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const all = cluster.ofKind('PodDisruptionBudget');
    const labels = asStringMap(templateLabels(deployment));
    const evidence = [
      `pod labels: ${[...labels].map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'}`,
      ...all.map((pdb) => {
        const selector = labelSelector(asRecord(pdb.body.spec).selector);
        return `PodDisruptionBudget ${pdb.name} in ${namespaceLabel(pdb.namespace)}: selector ${selector.describe()}`;
      }),
    ];
    const found = protecting(cluster, deployment);
    if (found.length > 0) {
      return outcome(
        1,
        `PodDisruptionBudget ${found.map((p) => p.name).join(', ')} protects checkout-api's pods.`,
        evidence,
      );
    }
    if (all.length === 0) {
      return outcome(
        0,
        'No PodDisruptionBudget would be applied, so a node drain may evict every checkout-api pod at once.',
        evidence,
      );
    }
    const elsewhere = all.find((pdb) => pdb.namespace !== deployment.namespace);
    const emptySelector = all.find((pdb) => labelSelector(asRecord(pdb.body.spec).selector).empty);
    const reason = elsewhere
      ? `PodDisruptionBudget ${elsewhere.name} would be created in ${namespaceLabel(elsewhere.namespace)}, and a budget only covers pods in its own namespace`
      : emptySelector
        ? `PodDisruptionBudget ${emptySelector.name} has an empty selector, which selects every pod in the namespace, not just checkout-api's`
        : "no PodDisruptionBudget's selector matches the labels of checkout-api's pods";
    return outcome(0, `No disruption budget protects checkout-api's pods: ${reason}.`, evidence);
  },
};

/**
 * R8. The eviction API allows (healthy pods − desired healthy) evictions, with percentages rounded up
 * for both minAvailable and maxUnavailable. Judged at the smallest replica count (the HPA's minimum),
 * where a budget is tightest: it must allow exactly one eviction (the incident drained two of three
 * pods at once) and keep one pod. Two budgets over the same
 * pods make every eviction fail, and setting both fields is refused by the API server.
 */
export const pdbDrainCheck: Check = {
  id: 'pdb-allows-drain',
  judge({ deployment, cluster }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const found = protecting(cluster, deployment);
    const [pdb] = found;
    if (!pdb)
      return outcome(
        0,
        "No PodDisruptionBudget protects checkout-api's pods, so nothing keeps a pod serving during a drain.",
      );
    if (found.length > 1) {
      return outcome(
        0,
        `${found.length} PodDisruptionBudgets select checkout-api's pods; the eviction API refuses to evict a pod covered by more than one, so drains block.`,
      );
    }
    const spec = asRecord(pdb.body.spec);
    const at = `${whereIs(pdb, ['spec'])} (PodDisruptionBudget ${pdb.name})`;
    const range = replicaRange(cluster, deployment);
    const n = range.min;
    const evidence = [`replicas at the least: ${n} (${range.source})`];
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      return outcome(
        0,
        `${at}: sets both minAvailable and maxUnavailable; the API server refuses that.`,
        evidence,
      );
    }
    let keep: number | undefined;
    let field = '';
    if (spec.minAvailable !== undefined) {
      field = `minAvailable ${JSON.stringify(spec.minAvailable)}`;
      keep = scaled(spec.minAvailable, n, 'up');
    } else if (spec.maxUnavailable !== undefined) {
      field = `maxUnavailable ${JSON.stringify(spec.maxUnavailable)}`;
      const away = scaled(spec.maxUnavailable, n, 'up');
      keep = away === undefined ? undefined : Math.max(0, n - away);
    } else {
      return outcome(
        0,
        `${at}: sets neither minAvailable nor maxUnavailable, so it keeps no pod serving.`,
        evidence,
      );
    }
    if (keep === undefined)
      return outcome(0, `${at}: ${field} is not a valid number or percentage.`, evidence);
    const allowed = Math.max(0, n - keep);
    evidence.push(`${field}: keeps ${keep}, allows ${allowed} eviction(s) at ${n} replicas`);
    if (allowed < 1) {
      return outcome(
        0,
        `${at}: at ${n} replicas ${field} allows no eviction, so a node drain blocks forever.`,
        evidence,
      );
    }
    if (allowed > 1) {
      return outcome(
        0,
        `${at}: at ${n} replicas ${field} lets a drain evict ${allowed} pods at once, as the node-pool upgrade did in the incident; the brief wants one at a time.`,
        evidence,
      );
    }
    if (keep < 1) {
      return outcome(
        0,
        `${at}: at ${n} replicas ${field} lets a drain evict every pod: nothing keeps checkout-api serving.`,
        evidence,
      );
    }
    return outcome(
      1,
      `At ${n} replicas the budget keeps ${keep} pod(s) serving and lets a drain evict ${allowed} at a time.`,
      evidence,
    );
  },
};
