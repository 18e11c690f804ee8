import type { Check, CheckOutcome } from '../check.ts';
import { outcome } from '../check.ts';
import { appContainer, MISSING_DEPLOYMENT } from '../cluster.ts';
import type { ManifestObject } from '../documents.ts';
import {
  APP_CONTAINER,
  HANG_DEADLINE_SECONDS,
  LIVENESS_DEADLINE_SECONDS,
  MIN_LIVENESS_FAILURES,
  SLOWEST_START_SECONDS,
  TYPICAL_START_SECONDS,
} from '../incident.ts';
import type { ProbeKind } from '../probes.ts';
import { describeTiming, notProbingAppBecause, probeOf, timingOf } from '../probes.ts';
import type { Fields } from '../values.ts';
import { asString } from '../values.ts';
import type { Workload } from '../workloads.ts';
import { containerPath, podContainers, whereIs } from '../workloads.ts';

/** The probe that can kill the container while it starts: the startup probe, else the liveness probe. */
function startGuard(container: Fields): { kind: ProbeKind; probe: Fields } | undefined {
  const startup = probeOf(container, 'startupProbe');
  if (startup) return { kind: 'startupProbe', probe: startup };
  const liveness = probeOf(container, 'livenessProbe');
  return liveness ? { kind: 'livenessProbe', probe: liveness } : undefined;
}

/**
 * Judges checkout-api's container in every workload whose pods take checkout traffic; the lowest
 * score decides, and a message about another workload than the Deployment names it.
 */
function withApp(
  deployment: ManifestObject | undefined,
  workloads: readonly Workload[],
  judge: (container: Fields, where: Locate) => CheckOutcome,
): CheckOutcome {
  if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
  const container = appContainer(deployment);
  if (!container) return outcome(0, `The Deployment has no container named ${APP_CONTAINER}.`);
  let worst = judge(container, locator(deployment));
  for (const other of workloads.slice(1)) {
    const app = podContainers(other.pod).find((c) => asString(c.name) === APP_CONTAINER);
    const judged = app ? judge(app, locator(other.object)) : undefined;
    if (judged && judged.score < worst.score) {
      worst = { ...judged, message: `${other.label} also takes checkout traffic: ${judged.message}` };
    }
  }
  return worst;
}

/** Names a field of checkout-api's container: `manifests/a.yaml line 74 (Deployment checkout-api, container checkout-api, startupProbe)`. */
type Locate = (field?: string) => string;

function locator(object: ManifestObject): Locate {
  const at = containerPath(object, APP_CONTAINER) ?? [];
  return (field) =>
    `${whereIs(object, field ? [...at, field] : at)} (${object.kind} ${object.name}, container ${APP_CONTAINER}${field ? `, ${field}` : ''})`;
}

/** The API server accepts only successThreshold 1 on a startup or liveness probe. */
function successThresholdProblem(kind: ProbeKind, probe: Fields): string | undefined {
  const value = probe.successThreshold;
  return value === undefined || value === 1
    ? undefined
    : `the ${kind} sets successThreshold ${JSON.stringify(value)}; the API server refuses anything but 1 on a ${kind}, so the Deployment would not be applied`;
}

/**
 * R2. The kubelet kills a container whose start-up guard fails failureThreshold times in a row; the
 * budget must cover the slowest measured start. Half credit when it covers a typical start but not
 * a cold node. A guard that does not probe the app's own HTTP port protects nothing: on a port the
 * container does not declare it never succeeds, on the metrics port it succeeds at once and hands
 * over to the liveness probe mid-start.
 */
export const startupBudgetCheck: Check = {
  id: 'startup-budget',
  judge: ({ deployment, workloads }) =>
    withApp(deployment, workloads, (container, where) => {
      const guard = startGuard(container);
      if (!guard) {
        return outcome(1, 'No probe can kill checkout-api while it starts.');
      }
      const timing = timingOf(guard.probe);
      const evidence = [
        describeTiming(guard.kind, timing),
        `slowest start in the logs: ${SLOWEST_START_SECONDS} s`,
      ];
      const refused = successThresholdProblem(guard.kind, guard.probe);
      if (refused) return outcome(0, `${where(guard.kind)}: ${refused}.`, evidence);
      const unreachable = notProbingAppBecause(container, guard.probe);
      if (unreachable) {
        return outcome(
          0,
          `${where(guard.kind)}: the ${guard.kind} does not wait for checkout-api itself to start: ${unreachable}.`,
          evidence,
        );
      }
      if (timing.budgetSeconds >= SLOWEST_START_SECONDS) {
        return outcome(
          1,
          `The ${guard.kind} allows ${timing.budgetSeconds} s, more than the slowest start.`,
          evidence,
        );
      }
      const score = timing.budgetSeconds >= TYPICAL_START_SECONDS ? 0.5 : 0;
      const which =
        score > 0 ? 'the slowest start in the logs (a fresh node)' : 'the time checkout-api needs to start';
      return outcome(
        score,
        `${where(guard.kind)}: the ${guard.kind} kills the container after ${timing.budgetSeconds} s, before ${which}.`,
        evidence,
      );
    }),
};

/**
 * R3. The other side of R2: a liveness probe must remain (and be able to succeed, or it kills every
 * pod once started), and a start that hangs must still be killed within the deadline. Half credit
 * for each.
 */
export const hangCheck: Check = {
  id: 'hang-still-restarted',
  judge: ({ deployment, workloads }) =>
    withApp(deployment, workloads, (container, where) => {
      const problems: string[] = [];
      const evidence: string[] = [];
      let score = 0;
      const liveness = probeOf(container, 'livenessProbe');
      const notApp = liveness ? notProbingAppBecause(container, liveness) : undefined;
      const livenessProblem = liveness
        ? (successThresholdProblem('livenessProbe', liveness) ??
          (notApp ? `the liveness probe does not check checkout-api itself (${notApp})` : undefined) ??
          livenessTimingProblem(liveness))
        : undefined;
      if (!liveness)
        problems.push(
          `${where()}: there is no liveness probe on checkout-api, so a pod that hangs after start is never restarted`,
        );
      else if (livenessProblem) problems.push(`${where('livenessProbe')}: ${livenessProblem}`);
      else score += 0.5;
      const guard = startGuard(container);
      if (!guard) {
        problems.push(`${where()}: no probe kills a pod that hangs during start-up`);
      } else {
        const timing = timingOf(guard.probe);
        evidence.push(describeTiming(guard.kind, timing));
        if (timing.budgetSeconds <= HANG_DEADLINE_SECONDS) score += 0.5;
        else
          problems.push(
            `${where(guard.kind)}: a pod that hangs during start-up lives ${timing.budgetSeconds} s before it is killed (the brief allows ${HANG_DEADLINE_SECONDS} s)`,
          );
      }
      const message =
        problems.length === 0
          ? 'A hung pod is restarted, during start-up and after.'
          : `${problems.join('; ')}.`;
      return outcome(score, message, evidence);
    }),
};

/**
 * After start-up the liveness probe alone restarts a hung pod: periodSeconds × failureThreshold must
 * stay within the deadline, and one slow answer must not restart a healthy pod (the 2.14.0 release
 * "tightened" exactly these checks).
 */
function livenessTimingProblem(liveness: Fields): string | undefined {
  const timing = timingOf(liveness);
  const detection = timing.periodSeconds * timing.failureThreshold;
  if (timing.failureThreshold < MIN_LIVENESS_FAILURES) {
    return `the liveness probe restarts a pod after ${timing.failureThreshold} failed check: one slow answer restarts a healthy pod (the brief wants at least ${MIN_LIVENESS_FAILURES} in a row)`;
  }
  if (detection > LIVENESS_DEADLINE_SECONDS) {
    return `the liveness probe lets a pod that hangs after start-up serve errors for ${timing.periodSeconds} s × ${timing.failureThreshold} = ${detection} s before a restart (the brief allows ${LIVENESS_DEADLINE_SECONDS} s)`;
  }
  return undefined;
}
