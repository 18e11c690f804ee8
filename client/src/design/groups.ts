/**
 * The boxes drawn behind the components: one per region holding components, and inside it one per
 * public or private network, each around its members' positions. They are derived on every render,
 * never stored: where a component sits is the document's `region` and `network`, not a box it was
 * dropped in. Zones are too many to box (a component spans several) and show on each node instead.
 */
import type { Component } from '../../../challenges/_lib/architecture/schema.ts';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 76;

export interface GroupBox {
  id: string;
  kind: 'region' | 'network';
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const REGION_PAD = 28;
const NETWORK_PAD = 12;
const HEADER = 20;

function boxAround(members: readonly Component[], pad: number): Omit<GroupBox, 'id' | 'kind' | 'label'> {
  const xs = members.map((c) => c.position?.x ?? 0);
  const ys = members.map((c) => c.position?.y ?? 0);
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad - HEADER;
  return {
    x,
    y,
    width: Math.max(...xs) + NODE_WIDTH + pad - x,
    height: Math.max(...ys) + NODE_HEIGHT + pad - y,
  };
}

/** Region boxes first (drawn lowest), then network boxes; regions in the document's order. */
export function groupBoxes(regions: readonly string[], components: readonly Component[]): GroupBox[] {
  const boxes: GroupBox[] = [];
  const networks: GroupBox[] = [];
  for (const region of regions) {
    const members = components.filter((c) => c.region === region);
    if (members.length === 0) continue;
    boxes.push({ id: `region:${region}`, kind: 'region', label: region, ...boxAround(members, REGION_PAD) });
    for (const network of ['public', 'private'] as const) {
      const inNetwork = members.filter((c) => c.network === network);
      if (inNetwork.length === 0) continue;
      networks.push({
        id: `network:${region}:${network}`,
        kind: 'network',
        label: `${network} network`,
        ...boxAround(inNetwork, NETWORK_PAD),
      });
    }
  }
  return [...boxes, ...networks];
}
