/**
 * "Tidy layout": ELK's layered algorithm, top to bottom, over the design as nested boxes (region, then
 * public and private network), so components land inside the boxes groups.ts draws around them. elkjs is
 * loaded on the first press, in its bundled form: it runs on the page's thread, so the
 * Content-Security-Policy needs no worker source, and it uses no eval.
 */
import type { ELK, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import type { Position } from './edits.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './groups.ts';

const LAYERED = {
  'elk.algorithm': 'layered',
  // Users at the top, data at the bottom, regions side by side: the usual architecture drawing,
  // and nearer the canvas's shape than a long left-to-right row.
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.nodeNode': '40',
};
// Room for the group's label above its members (groups.ts draws the same header).
const PADDING = { 'elk.padding': '[top=52,left=32,bottom=32,right=32]' };

function graphOf(doc: Architecture): ElkNode {
  const leaf = (id: string): ElkNode => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT });
  const globals = doc.components.filter((c) => c.region === undefined).map((c) => leaf(c.id));
  const regions = doc.regions.flatMap((region): ElkNode[] => {
    const members = doc.components.filter((c) => c.region === region);
    if (members.length === 0) return [];
    const networks = (['public', 'private'] as const).flatMap((network): ElkNode[] => {
      const inNetwork = members.filter((c) => c.network === network);
      if (inNetwork.length === 0) return [];
      return [
        {
          id: `network:${region}:${network}`,
          layoutOptions: PADDING,
          children: inNetwork.map((c) => leaf(c.id)),
        },
      ];
    });
    const loose = members.filter((c) => c.network === undefined).map((c) => leaf(c.id));
    return [{ id: `region:${region}`, layoutOptions: PADDING, children: [...networks, ...loose] }];
  });
  return {
    id: 'root',
    layoutOptions: LAYERED,
    children: [...globals, ...regions],
    edges: doc.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
}

/** Where ELK puts each component, in the canvas's coordinates (ELK's are relative to the parent box). */
export async function tidyPositions(doc: Architecture): Promise<Map<string, Position>> {
  // A CommonJS module: its constructor is module.exports, which it also hangs on itself as `default`.
  const loaded: unknown = (await import('elkjs/lib/elk.bundled.js')).default;
  const Elk = ((loaded as { default?: unknown }).default ?? loaded) as new () => ELK;
  const laidOut = await new Elk().layout(graphOf(doc));
  const positions = new Map<string, Position>();
  const ids = new Set(doc.components.map((c) => c.id));
  const visit = (node: ElkNode, dx: number, dy: number) => {
    const x = dx + (node.x ?? 0);
    const y = dy + (node.y ?? 0);
    if (ids.has(node.id)) positions.set(node.id, { x, y });
    for (const child of node.children ?? []) visit(child, x, y);
  };
  visit(laidOut, 0, 0);
  return positions;
}
