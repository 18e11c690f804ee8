import type { Check, CheckOutcome } from '../check.ts';
import { outcome } from '../check.ts';
import { MISSING_DEPLOYMENT } from '../cluster.ts';
import { parseImage } from '../image-ref.ts';
import { APP_CONTAINER, KNOWN_DIGESTS, LAST_GOOD } from '../incident.ts';
import { asRecord, asString } from '../values.ts';
import type { Workload } from '../workloads.ts';
import { containerPath, podContainers, whereIs } from '../workloads.ts';

/** Why this image is not the last good release, or undefined when it is. */
function wrongImageBecause(image: string): string | undefined {
  const ref = parseImage(image);
  if (!ref) return `"${image}" is not a valid image reference`;
  if (ref.repository !== LAST_GOOD.repository) {
    return `it resolves to ${ref.repository}, not the repository the releases are pushed to`;
  }
  if (ref.digest !== undefined) {
    if (ref.digest === LAST_GOOD.digest) return undefined;
    const release = KNOWN_DIGESTS[ref.digest];
    const what = release ? `the digest of release ${release}` : 'a digest no release in the history has';
    return `it pins ${what}; with a digest the runtime ignores the tag, so it does not run the last good release`;
  }
  if (ref.tag === LAST_GOOD.tag) return undefined;
  const tag = ref.tag === undefined ? 'no tag (so :latest)' : `tag ${ref.tag}`;
  return `it has ${tag}, which is not the last good release`;
}

/** The checkout-api container's image in one workload, judged; undefined when it is right. */
function workloadProblem(workload: Workload): string | undefined {
  const containers = podContainers(workload.pod);
  const app = containers.find((c) => asString(c.name) === APP_CONTAINER);
  if (!app) {
    const images = containers.map((c) => asString(c.image) ?? '(none)').join(', ') || 'no container';
    return `${workload.label} has no container named ${APP_CONTAINER} (it runs ${images})`;
  }
  const image = asString(app.image) ?? '';
  const because =
    wrongImageBecause(image) ??
    (app.imagePullPolicy === 'Never'
      ? 'imagePullPolicy Never: a node that has not cached the image (a fresh node in a drain) can never start it'
      : undefined);
  const at = [...(containerPath(workload.object, APP_CONTAINER) ?? []), 'image'];
  return because
    ? `${whereIs(workload.object, at)} (${workload.object.kind} ${workload.object.name}, container ${APP_CONTAINER}): image ${image || '(none)'}: ${because}`
    : undefined;
}

/**
 * R1. Compares the image the runtime would pull, not the text: the reference is normalised (no
 * registry means Docker Hub), and when a digest is present it alone decides what runs, whatever
 * the tag says. Judged on every workload whose pods take checkout traffic, and only if the
 * Deployment's rollout is not paused (a paused Deployment never rolls its new template out).
 */
export const imageCheck: Check = {
  id: 'image-rolled-back',
  judge({ deployment, workloads }): CheckOutcome {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const [own, ...others] = workloads;
    const evidence = workloads.map((w) => {
      const app = podContainers(w.pod).find((c) => asString(c.name) === APP_CONTAINER);
      return `${w.label}: ${app ? `image: ${asString(app.image) ?? '(none)'}` : `no ${APP_CONTAINER} container`}`;
    });
    const ownProblem = own ? workloadProblem(own) : MISSING_DEPLOYMENT;
    if (ownProblem)
      return outcome(0, `The rollback does not run the last good release: ${ownProblem}.`, evidence);
    if (asRecord(deployment.body.spec).paused === true) {
      return outcome(
        0,
        `${whereIs(deployment, ['spec', 'paused'])} (Deployment ${deployment.name}): spec.paused is true, so the controller never rolls out the new template and the pods keep running 2.14.0.`,
        evidence,
      );
    }
    for (const other of others) {
      const problem = workloadProblem(other);
      if (problem) {
        return outcome(
          0,
          `Another workload's pods also take checkout traffic (the checkout-api Service or the Deployment's selector matches their labels), and it does not run the last good release: ${problem}.`,
          evidence,
        );
      }
    }
    return outcome(1, `Every checkout pod runs release ${LAST_GOOD.tag}.`, evidence);
  },
};
