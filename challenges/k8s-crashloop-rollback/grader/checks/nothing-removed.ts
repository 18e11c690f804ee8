import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { inventoryOf } from '../inventory.ts';
import { STARTER_INVENTORY } from '../starter.ts';

/**
 * R9. Everything the starter declares must still be declared, in the same namespace: an object,
 * container, port, env var, mount, volume or ConfigMap key that disappears breaks whatever used it.
 * Partial credit is the share kept. Values may change; only their presence is judged.
 */
export const nothingRemovedCheck: Check = {
  id: 'nothing-removed',
  judge({ cluster }) {
    const present = new Set(inventoryOf(cluster));
    const missing = STARTER_INVENTORY.filter((item) => !present.has(item));
    const kept = STARTER_INVENTORY.length - missing.length;
    if (missing.length === 0) return outcome(1, 'Everything the manifests declared is still declared.');
    return outcome(
      kept / STARTER_INVENTORY.length,
      `${missing.length} of the ${STARTER_INVENTORY.length} things today's manifests declare would be gone (or renamed, or moved to another namespace).`,
      missing.map((item) => `missing: ${item}`),
    );
  },
};
