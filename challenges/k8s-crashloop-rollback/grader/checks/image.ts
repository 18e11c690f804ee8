import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { appContainer, MISSING_DEPLOYMENT } from '../cluster.ts';
import { parseImage } from '../image-ref.ts';
import { APP_CONTAINER, KNOWN_DIGESTS, LAST_GOOD } from '../incident.ts';
import { asString } from '../values.ts';

/**
 * R1. Compares the image the runtime would pull, not the text: the reference is normalised (no
 * registry means Docker Hub), and when a digest is present it alone decides what runs, whatever
 * the tag says.
 */
export const imageCheck: Check = {
  id: 'image-rolled-back',
  judge({ deployment }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const container = appContainer(deployment);
    if (!container) return outcome(0, `The Deployment has no container named ${APP_CONTAINER}.`);
    const image = asString(container.image) ?? '';
    const evidence = [`image: ${image || '(none)'}`];
    const ref = parseImage(image);
    if (!ref)
      return outcome(0, `The ${APP_CONTAINER} image "${image}" is not a valid image reference.`, evidence);
    if (ref.repository !== LAST_GOOD.repository) {
      return outcome(
        0,
        `The ${APP_CONTAINER} image resolves to ${ref.repository}, not the repository the releases are pushed to.`,
        evidence,
      );
    }
    if (ref.digest !== undefined) {
      if (ref.digest === LAST_GOOD.digest) {
        return outcome(1, `${APP_CONTAINER} runs release ${LAST_GOOD.tag}, pinned by digest.`, evidence);
      }
      const release = KNOWN_DIGESTS[ref.digest];
      const what = release ? `the digest of release ${release}` : 'a digest no release in the history has';
      return outcome(
        0,
        `The ${APP_CONTAINER} image pins ${what}; with a digest the runtime ignores the tag, so it does not run the last good release.`,
        evidence,
      );
    }
    if (ref.tag === LAST_GOOD.tag) {
      return outcome(1, `${APP_CONTAINER} runs release ${LAST_GOOD.tag}, by tag.`, evidence);
    }
    const tag = ref.tag === undefined ? 'no tag (so :latest)' : `tag ${ref.tag}`;
    return outcome(0, `The ${APP_CONTAINER} image has ${tag}, which is not the last good release.`, evidence);
  },
};
