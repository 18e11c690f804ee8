import type { Check, CheckOutcome } from '../check.ts';
import { outcome } from '../check.ts';
import { appContainer, MISSING_DEPLOYMENT } from '../cluster.ts';
import type { ManifestObject } from '../documents.ts';
import {
  APP_CONTAINER,
  HANG_DEADLINE_SECONDS,
  SLOWEST_START_SECONDS,
  TYPICAL_START_SECONDS,
} from '../incident.ts';
import type { ProbeKind } from '../probes.ts';
import { describeTiming, notProbingAppBecause, probeOf, timingOf } from '../probes.ts';
import type { Fields } from '../values.ts';

/** The probe that can kill the container while it starts: the startup probe, else the liveness probe. */
function startGuard(container: Fields): { kind: ProbeKind; probe: Fields } | undefined {
  const startup = probeOf(container, 'startupProbe');
  if (startup) return { kind: 'startupProbe', probe: startup };
  const liveness = probeOf(container, 'livenessProbe');
  return liveness ? { kind: 'livenessProbe', probe: liveness } : undefined;
}

function withApp(
  deployment: ManifestObject | undefined,
  judge: (container: Fields) => CheckOutcome,
): CheckOutcome {
  if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
  const container = appContainer(deployment);
  return container ? judge(container) : outcome(0, `The Deployment has no container named ${APP_CONTAINER}.`);
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
  judge: ({ deployment }) =>
    withApp(deployment, (container) => {
      const guard = startGuard(container);
      if (!guard) {
        return outcome(1, 'No probe can kill checkout-api while it starts.');
      }
      const timing = timingOf(guard.probe);
      const evidence = [
        describeTiming(guard.kind, timing),
        `slowest start in the logs: ${SLOWEST_START_SECONDS} s`,
      ];
      const unreachable = notProbingAppBecause(container, guard.probe);
      if (unreachable) {
        return outcome(
          0,
          `The ${guard.kind} does not wait for checkout-api itself to start: ${unreachable}.`,
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
        `The ${guard.kind} kills the container after ${timing.budgetSeconds} s, before ${which}.`,
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
  judge: ({ deployment }) =>
    withApp(deployment, (container) => {
      const problems: string[] = [];
      const evidence: string[] = [];
      let score = 0;
      const liveness = probeOf(container, 'livenessProbe');
      const livenessProblem = liveness ? notProbingAppBecause(container, liveness) : undefined;
      if (!liveness)
        problems.push(
          'there is no liveness probe on checkout-api, so a pod that hangs after start is never restarted',
        );
      else if (livenessProblem)
        problems.push(`the liveness probe does not check checkout-api itself (${livenessProblem})`);
      else score += 0.5;
      const guard = startGuard(container);
      if (!guard) {
        problems.push('no probe kills a pod that hangs during start-up');
      } else {
        const timing = timingOf(guard.probe);
        evidence.push(describeTiming(guard.kind, timing));
        if (timing.budgetSeconds <= HANG_DEADLINE_SECONDS) score += 0.5;
        else
          problems.push(
            `a pod that hangs during start-up lives ${timing.budgetSeconds} s before it is killed`,
          );
      }
      const message =
        problems.length === 0
          ? 'A hung pod is restarted, during start-up and after.'
          : `${capitalise(problems.join('; '))}.`;
      return outcome(score, message, evidence);
    }),
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
