/**
 * Where the canvas shows a component the file gives no position (a starter written by hand, a
 * design typed in the text view): rows by hops from the users along the edges (top to
 * bottom, as tidy layout draws), and one band of columns per region (global services first), so
 * region boxes do not overlap. Shown only; the file
 * gains positions when the candidate moves a component or tidies.
 */
import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import type { Position } from './edits.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './groups.ts';

const COLUMN = NODE_WIDTH + 40;
const ROW = NODE_HEIGHT + 70;

/** The document with a position on every component: its own, or one by hops from the users. */
export function withPositions(doc: Architecture): Architecture {
  if (doc.components.every((c) => c.position)) return doc;
  const hops = new Map<string, number>();
  const start = doc.components.filter((c) => c.service === 'internet').map((c) => c.id);
  for (const id of start) hops.set(id, 0);
  for (let frontier = start; frontier.length > 0; ) {
    const next: string[] = [];
    for (const edge of doc.edges) {
      if (!frontier.includes(edge.from) || hops.has(edge.to)) continue;
      hops.set(edge.to, (hops.get(edge.from) ?? 0) + 1);
      next.push(edge.to);
    }
    frontier = next;
  }
  const unreachable = Math.max(0, ...hops.values()) + 1;
  const bands = [undefined, ...doc.regions];
  const placed = new Map<string, Position>();
  let left = 0;
  for (const band of bands) {
    const columns = new Map<number, number>();
    for (const c of doc.components) {
      if (c.position || c.region !== band) continue;
      const row = hops.get(c.id) ?? unreachable;
      const column = columns.get(row) ?? 0;
      columns.set(row, column + 1);
      placed.set(c.id, { x: left + column * COLUMN, y: row * ROW });
    }
    // Room for the region's box before the next band.
    if (columns.size > 0) left += Math.max(...columns.values()) * COLUMN + 80;
  }
  return {
    ...doc,
    components: doc.components.map((c) =>
      c.position ? c : { ...c, position: placed.get(c.id) ?? { x: 0, y: 0 } },
    ),
  };
}
