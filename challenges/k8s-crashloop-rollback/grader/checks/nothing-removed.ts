import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Cluster } from '../cluster.ts';
import { containerNamed } from '../cluster.ts';
import type { ManifestObject } from '../documents.ts';
import { parseImage } from '../image-ref.ts';
import { NAMESPACE } from '../incident.ts';
import { inventoryOf } from '../inventory.ts';
import { AUTOSCALER, KEPT_IMAGES, MAX_REPLICAS, STARTER_INVENTORY } from '../starter.ts';
import { asInteger, asRecord, asString } from '../values.ts';

/** What else must stay as it was: the images the brief does not ask to change, the HPA's ceiling. */
function keptSettings(cluster: Cluster, deployment: ManifestObject | undefined): string[] {
  const missing: string[] = [];
  for (const [name, kept] of Object.entries(KEPT_IMAGES)) {
    const image = asString((deployment && containerNamed(deployment, name))?.image);
    if (image === undefined) continue; // a missing container is already in the inventory
    const ref = parseImage(image);
    if (ref?.repository !== kept.repository || ref.tag !== kept.tag) {
      missing.push(
        `changed: container ${name} image ${image}, not ${kept.repository}:${kept.tag} (the brief changes only checkout-api's image)`,
      );
    }
  }
  const hpa = cluster.find('HorizontalPodAutoscaler', NAMESPACE, AUTOSCALER);
  const max = asInteger(asRecord(hpa?.body.spec).maxReplicas);
  if (hpa && (max === undefined || max < MAX_REPLICAS)) {
    missing.push(
      `changed: HorizontalPodAutoscaler ${AUTOSCALER} maxReplicas ${String(max)}: checkout can no longer scale out to ${MAX_REPLICAS}`,
    );
  }
  return missing;
}

/**
 * R9. Everything the starter declares must still be declared, in the same namespace: an object,
 * container, port, env var, mount, volume or ConfigMap key that disappears breaks whatever used it.
 * The log shipper keeps its image and the HPA its ceiling. Partial credit is the share kept.
 */
export const nothingRemovedCheck: Check = {
  id: 'nothing-removed',
  judge({ cluster, deployment }) {
    const present = new Set(inventoryOf(cluster));
    const missing = [
      ...STARTER_INVENTORY.filter((item) => !present.has(item)).map((item) => `missing: ${item}`),
      ...keptSettings(cluster, deployment),
    ];
    const total = STARTER_INVENTORY.length + Object.keys(KEPT_IMAGES).length + 1;
    if (missing.length === 0) return outcome(1, 'Everything the manifests declared is still declared.');
    return outcome(
      (total - missing.length) / total,
      `${missing.length} of the ${total} things today's manifests declare would be gone or changed (or renamed, or moved to another namespace): first, ${missing[0]}.`,
      missing,
    );
  },
};
