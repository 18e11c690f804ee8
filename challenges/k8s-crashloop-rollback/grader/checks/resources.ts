import type { Check, Finding } from '../check.ts';
import { judgedFindings, outcome } from '../check.ts';
import { MISSING_DEPLOYMENT } from '../cluster.ts';
import { NAMESPACE, PEAK_USAGE } from '../incident.ts';
import { formatCpu, formatMemory, parseQuantity } from '../quantity.ts';
import type { Fields } from '../values.ts';
import { asRecord, asString } from '../values.ts';
import type { Workload } from '../workloads.ts';
import { podContainers, whereIs } from '../workloads.ts';

const RESOURCES = ['cpu', 'memory'] as const;
type Resource = (typeof RESOURCES)[number];

/** A container's effective request and limit: Kubernetes copies a limit into a missing request. */
function effective(
  container: Fields,
  resource: Resource,
): { request?: number; limit?: number; defaulted: boolean } {
  const resources = asRecord(container.resources);
  const limit = parseQuantity(asRecord(resources.limits)[resource]);
  const written = parseQuantity(asRecord(resources.requests)[resource]);
  const request = written ?? limit;
  return {
    ...(request === undefined ? {} : { request }),
    ...(limit === undefined ? {} : { limit }),
    defaulted: written === undefined && limit !== undefined,
  };
}

/**
 * Every container of every workload running checkout pods, named as messages show it: by its own
 * name in the Deployment, prefixed with the workload elsewhere.
 */
function checkoutContainers(workloads: readonly Workload[]): { container: Fields; name: string }[] {
  return workloads.flatMap((workload, index) =>
    podContainers(workload.pod).map((container) => {
      const own = asString(container.name) ?? '(unnamed)';
      return { container, name: index === 0 ? own : `${workload.label}: ${own}` };
    }),
  );
}

function format(resource: Resource, value: number): string {
  return resource === 'cpu' ? formatCpu(value) : formatMemory(value);
}

/**
 * R4. Per container and resource, a request and a limit. A request above its limit is refused by
 * the API server. A missing request with a limit set is fine: Kubernetes copies the limit.
 */
export const resourcesSetCheck: Check = {
  id: 'resources-set',
  judge({ deployment, workloads, cluster }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const findings: Finding[] = [];
    for (const { container, name } of checkoutContainers(workloads)) {
      for (const resource of RESOURCES) {
        const { request, limit, defaulted } = effective(container, resource);
        findings.push({
          ok: limit !== undefined,
          text: `${name}: ${resource} limit ${limit === undefined ? 'missing' : format(resource, limit)}`,
        });
        const tooHigh = request !== undefined && limit !== undefined && request > limit;
        findings.push({
          ok: request !== undefined && !tooHigh,
          text: `${name}: ${resource} request ${request === undefined ? 'missing' : format(resource, request)}${defaulted ? ' (copied from the limit)' : ''}${tooHigh ? ' is above its limit: the API server refuses it' : ''}`,
        });
      }
    }
    if (cluster.ofKind('LimitRange').some((l) => l.namespace === deployment.namespace)) {
      // Defaults from a LimitRange land on every pod of every team in the namespace: not counted.
      findings.push({
        ok: findings.every((f) => f.ok),
        text: `a LimitRange in ${NAMESPACE} does not count: the brief wants requests and limits on the containers, and a namespace default changes every other team's pods`,
      });
    }
    return judgedFindings(
      findings,
      'Every container has CPU and memory requests and limits.',
      `${whereIs(deployment, ['spec', 'template', 'spec', 'containers'])} (Deployment ${deployment.name}'s containers): not every container has valid CPU and memory requests and limits`,
    );
  },
};

/**
 * R5. Limits below what the last good release used mean OOM kills (memory) or a throttled, slower
 * start that trips the probes again (CPU). Containers the ticket has no figures for are not judged.
 */
export const resourcesSizedCheck: Check = {
  id: 'resources-sized',
  judge({ deployment, workloads }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const findings: Finding[] = [];
    for (const { container, name } of checkoutContainers(workloads)) {
      const peak = PEAK_USAGE[asString(container.name) ?? ''];
      if (!peak) continue;
      for (const resource of RESOURCES) {
        const { limit } = effective(container, resource);
        const used = format(resource, peak[resource]);
        findings.push({
          ok: limit !== undefined && limit >= peak[resource],
          text:
            limit === undefined
              ? `${name}: no ${resource} limit to size (peak use ${used})`
              : `${name}: ${resource} limit ${format(resource, limit)}, peak use ${used}`,
        });
      }
    }
    return judgedFindings(
      findings,
      'Every limit leaves room for what the last good release used.',
      `${whereIs(deployment, ['spec', 'template', 'spec', 'containers'])} (Deployment ${deployment.name}'s containers): some limits are missing or below what the last good release used at its peak`,
    );
  },
};
