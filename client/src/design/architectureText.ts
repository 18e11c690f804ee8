/**
 * architecture.json as text: the canvas writes the whole document on every change, always in the
 * same key order and indentation, so the text view, the replay's deltas and a diff stay readable.
 */
import type { Architecture, Component, Edge } from '../../../challenges/_lib/architecture/schema.ts';
import type { EditorChange } from '../replay-capture/pageCapture.ts';

const COMPONENT_KEYS = [
  'id',
  'service',
  'label',
  'region',
  'zones',
  'network',
  'instances',
  'size',
  'ha',
  'readReplicas',
  'backups',
  'publicAccess',
  'note',
  'position',
] as const satisfies readonly (keyof Component)[];
const EDGE_KEYS = ['id', 'from', 'to', 'kind', 'note'] as const satisfies readonly (keyof Edge)[];

function ordered<T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function orderedComponent(component: Component): Partial<Component> {
  const out = ordered(component, COMPONENT_KEYS);
  if (component.instances) out.instances = { min: component.instances.min, max: component.instances.max };
  if (component.backups) {
    const { enabled, retentionDays, pointInTime } = component.backups;
    out.backups = { enabled, retentionDays, pointInTime };
  }
  // Whole pixels: a drag should not write fifteen decimals into the candidate's file.
  if (component.position)
    out.position = { x: Math.round(component.position.x), y: Math.round(component.position.y) };
  return out;
}

/** The document as the canvas writes it: pretty JSON in a stable key order, ending in a newline. */
export function architectureText(doc: Architecture): string {
  const out = {
    version: doc.version,
    cloud: doc.cloud,
    regions: doc.regions,
    components: doc.components.map(orderedComponent),
    edges: doc.edges.map((edge) => ordered(edge, EDGE_KEYS)),
    ...(doc.notes === undefined ? {} : { notes: doc.notes }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * The one replacement that turns `before` into `after` (common prefix and suffix left out), in the
 * shape Monaco reports its edits, so a canvas change travels to the replay like a typed one.
 */
export function textChange(before: string, after: string): EditorChange | null {
  if (before === after) return null;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (
    end < shorter - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end += 1;
  // Never split a surrogate pair: the replay's text must stay storable.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start -= 1;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end -= 1;
  return {
    rangeOffset: start,
    rangeLength: before.length - start - end,
    text: after.slice(start, after.length - end),
  };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
