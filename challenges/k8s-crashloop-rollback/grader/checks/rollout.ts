import type { Check, Finding } from '../check.ts';
import { judgedFindings, outcome } from '../check.ts';
import { appContainer, MISSING_DEPLOYMENT } from '../cluster.ts';
import { MIN_SERVING_PODS, SLOWEST_START_SECONDS } from '../incident.ts';
import { notProbingAppBecause, probeOf } from '../probes.ts';
import { replicaRange } from '../replicas.ts';
import { scaled } from '../scaling.ts';
import type { Fields } from '../values.ts';
import { asInteger, asRecord, isRecord } from '../values.ts';
import { whereIs } from '../workloads.ts';

/**
 * Whether the rollout can run and finish with enough pods: not paused, at least MIN_SERVING pods at
 * every replica count, and a progress deadline the slowest start fits in (the controller marks the
 * rollout failed when no new pod becomes available within it; the API server refuses a deadline
 * not above minReadySeconds).
 */
function progressFindings(spec: Fields, least: number, readiness: Fields | undefined): Finding[] {
  const minReady = asInteger(spec.minReadySeconds) ?? 0;
  const deadline = asInteger(spec.progressDeadlineSeconds) ?? 600;
  // A new pod is ready once started and past the readiness probe's initial delay, then available
  // minReadySeconds later.
  const readyAfter = Math.max(SLOWEST_START_SECONDS, asInteger(readiness?.initialDelaySeconds) ?? 0);
  const needed = readyAfter + minReady;
  return [
    {
      ok: spec.paused !== true,
      text:
        spec.paused === true
          ? 'spec.paused is true: the controller rolls nothing out until someone resumes it'
          : 'the rollout is not paused',
    },
    {
      ok: least >= MIN_SERVING_PODS,
      text: `at least ${MIN_SERVING_PODS} pods at every replica count: the fewest is ${least}`,
    },
    {
      ok: deadline > minReady && deadline >= needed,
      text:
        deadline <= minReady
          ? `progressDeadlineSeconds ${deadline} is not above minReadySeconds ${minReady}: the API server refuses it`
          : `progressDeadlineSeconds ${deadline} ${deadline >= needed ? 'covers' : 'is shorter than'} one slow pod becoming available (ready after ${readyAfter} s + minReadySeconds ${minReady})${deadline >= needed ? '' : ', so the rollout is reported failed'}`,
    },
  ];
}

/**
 * R6. The Deployment controller takes maxUnavailable (rounded down) pods away before their
 * replacements are ready, and adds maxSurge (rounded up) new ones. Both default to 25 %. With an HPA
 * the replica count moves, so maxUnavailable must be 0 at its maximum; maxSurge must be at least 1
 * at its minimum or the rollout cannot move (and 0/0 is refused by the API server). Readiness is
 * what tells the controller a new pod is ready, so the app needs a readiness probe that can succeed.
 */
export const rolloutCheck: Check = {
  id: 'rollout-safe',
  judge({ deployment, cluster }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const spec = asRecord(deployment.body.spec);
    const strategy = asRecord(spec.strategy);
    const type = strategy.type ?? 'RollingUpdate';
    const rolling = type === 'RollingUpdate';
    const update = asRecord(strategy.rollingUpdate);
    const range = replicaRange(cluster, deployment);
    const findings: Finding[] = [{ ok: rolling, text: `strategy ${String(type)}` }];
    if (!rolling) {
      findings.push(
        {
          ok: false,
          text: 'maxUnavailable: no rolling update (every old pod stops before a new one starts)',
        },
        { ok: false, text: 'maxSurge: no rolling update' },
      );
    } else {
      const unavailableRaw = update.maxUnavailable ?? '25%';
      const surgeRaw = update.maxSurge ?? '25%';
      const unavailable = scaled(unavailableRaw, range.max, 'down');
      const surge = scaled(surgeRaw, range.min, 'up');
      findings.push(
        {
          ok: unavailable === 0,
          text: `maxUnavailable ${JSON.stringify(unavailableRaw)}${unavailable === undefined ? ' is not a valid number or percentage' : ` takes ${unavailable} serving pod(s) away at ${range.max} replicas`} (${range.source})`,
        },
        {
          ok: surge !== undefined && surge >= 1,
          text: `maxSurge ${JSON.stringify(surgeRaw)}${surge === undefined ? ' is not a valid number or percentage' : ` adds ${surge} pod(s) at ${range.min} replicas`}`,
        },
      );
    }
    const container = appContainer(deployment);
    const readiness = container ? probeOf(container, 'readinessProbe') : undefined;
    findings.push(...progressFindings(spec, range.min, readiness));
    const unreachable = container && readiness ? notProbingAppBecause(container, readiness) : undefined;
    findings.push({
      ok: readiness !== undefined && unreachable === undefined,
      text: !readiness
        ? 'checkout-api has no readiness probe: a new pod counts as ready as soon as it runs'
        : unreachable
          ? `the readiness probe does not show that checkout-api is ready (${unreachable})`
          : 'checkout-api has a readiness probe',
    });
    const field = isRecord(spec.strategy) ? ['spec', 'strategy'] : ['spec'];
    return judgedFindings(
      findings,
      'Rolling updates keep every serving pod until a ready replacement exists.',
      `${whereIs(deployment, field)} (Deployment ${deployment.name}): a rollout can still take serving pods away first`,
    );
  },
};
