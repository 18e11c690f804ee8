/**
 * What the canvas can do to a design, as pure functions from one document to the next. Each keeps
 * the document valid against architectureSchema where it can (a new component gets the region,
 * zones and defaults its service needs), so the candidate rarely meets a problem they did not make.
 */
import {
  type Cloud,
  PALETTE,
  REGIONS,
  type ServiceEntry,
  serviceOf,
} from '../../../challenges/_lib/architecture/catalogue.ts';
import type {
  Architecture,
  Component,
  Edge,
  EdgeKind,
} from '../../../challenges/_lib/architecture/schema.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './groups.ts';

export type Position = { x: number; y: number };
/** A change to some fields; `undefined` removes an optional one (a note emptied). */
export type ComponentPatch = { [K in keyof Component]?: Component[K] | undefined };
export type EdgePatch = { [K in keyof Edge]?: Edge[K] | undefined };

/** A new design on `cloud`: its first region and the users every request starts from. */
export function newArchitecture(cloud: Cloud): Architecture {
  const region = Object.keys(REGIONS[cloud])[0] ?? '';
  return {
    version: 1,
    cloud,
    regions: [region],
    components: [{ id: 'internet', service: 'internet', label: 'Users', position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** A component id not yet used: the service id, then `-2`, `-3`… (within the schema's 40 characters). */
function freeId(doc: Architecture, base: string): string {
  const taken = new Set([...doc.components.map((c) => c.id), ...doc.edges.map((e) => e.id)]);
  const stem = base.slice(0, 36).replace(/-+$/, '');
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The properties a fresh component of `entry` starts with in `region`: valid, and deliberately modest. */
function defaults(cloud: Cloud, entry: ServiceEntry, region: string): Partial<Component> {
  const out: Partial<Component> = {};
  if (entry.scope !== 'global') out.region = region;
  const takes = new Set(entry.properties);
  if (takes.has('zones')) out.zones = (REGIONS[cloud][region] ?? []).slice(0, 1);
  if (takes.has('network')) out.network = entry.kind === 'regional-lb' ? 'public' : 'private';
  if (takes.has('instances')) out.instances = { min: 1, max: 1 };
  if (takes.has('size') && entry.sizes[0] !== undefined) out.size = entry.sizes[0];
  if (takes.has('ha')) out.ha = false;
  if (takes.has('readReplicas')) out.readReplicas = 0;
  if (takes.has('backups')) out.backups = { enabled: false, retentionDays: 0, pointInTime: false };
  if (takes.has('publicAccess')) out.publicAccess = false;
  return out;
}

/** Adds a component of palette service `service` at `position`; returns the document and its id. */
export function addComponent(
  doc: Architecture,
  service: string,
  position: Position,
): { doc: Architecture; id: string } {
  const entry = serviceOf(doc.cloud, service);
  if (!entry) return { doc, id: '' };
  const id = freeId(doc, entry.id);
  const count = doc.components.filter((c) => c.service === service).length;
  const component: Component = {
    id,
    service,
    label: count === 0 ? entry.name : `${entry.name} ${count + 1}`,
    ...defaults(doc.cloud, entry, doc.regions[0] ?? ''),
    position,
  };
  return { doc: { ...doc, components: [...doc.components, component] }, id };
}

export function updateComponent(doc: Architecture, id: string, patch: ComponentPatch): Architecture {
  return {
    ...doc,
    components: doc.components.map((c) =>
      c.id === id ? withoutUndefined<Component>({ ...c, ...patch }) : c,
    ),
  };
}

/** Moves a component to another region of the design; its zones move to that region's first. */
export function moveToRegion(doc: Architecture, id: string, region: string): Architecture {
  const component = doc.components.find((c) => c.id === id);
  if (!component) return doc;
  const zones = component.zones && (REGIONS[doc.cloud][region] ?? []).slice(0, 1);
  return updateComponent(doc, id, { region, zones });
}

/** Removes a component and every edge that touches it. */
export function removeComponent(doc: Architecture, id: string): Architecture {
  return {
    ...doc,
    components: doc.components.filter((c) => c.id !== id),
    edges: doc.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

/** Joins two components; a second edge of the same kind between the same ends is not added. */
export function connect(
  doc: Architecture,
  from: string,
  to: string,
  kind: EdgeKind,
): { doc: Architecture; id: string | null } {
  if (from === to) return { doc, id: null };
  if (doc.edges.some((e) => e.from === from && e.to === to && e.kind === kind)) return { doc, id: null };
  const id = freeId(doc, `${kind}-${from}-${to}`.slice(0, 30));
  return { doc: { ...doc, edges: [...doc.edges, { id, from, to, kind }] }, id };
}

export function updateEdge(doc: Architecture, id: string, patch: EdgePatch): Architecture {
  return {
    ...doc,
    edges: doc.edges.map((e) => (e.id === id ? withoutUndefined<Edge>({ ...e, ...patch }) : e)),
  };
}

export function removeEdge(doc: Architecture, id: string): Architecture {
  return { ...doc, edges: doc.edges.filter((e) => e.id !== id) };
}

/** Adds or removes a region; a region still holding components stays (the caller disables it). */
export function toggleRegion(doc: Architecture, region: string, on: boolean): Architecture {
  if (on) return doc.regions.includes(region) ? doc : { ...doc, regions: [...doc.regions, region] };
  if (doc.regions.length <= 1 || doc.components.some((c) => c.region === region)) return doc;
  return { ...doc, regions: doc.regions.filter((r) => r !== region) };
}

/**
 * The same design on another cloud: each component becomes that cloud's first service of the same
 * kind, with its defaults, in the new cloud's first region; labels, notes, positions and edges stay.
 */
export function changeCloud(doc: Architecture, cloud: Cloud): Architecture {
  if (cloud === doc.cloud) return doc;
  const region = Object.keys(REGIONS[cloud])[0] ?? '';
  const components = doc.components.flatMap((c): Component[] => {
    const kind = serviceOf(doc.cloud, c.service)?.kind;
    const entry = PALETTE[cloud].find((e) => e.kind === kind);
    if (!entry) return [];
    const { id, label, note, position } = c;
    return [
      withoutUndefined<Component>({
        id,
        service: entry.id,
        label,
        ...defaults(cloud, entry, region),
        note,
        position,
      }),
    ];
  });
  const ids = new Set(components.map((c) => c.id));
  const edges = doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  return { ...doc, cloud, regions: [region], components, edges };
}

/**
 * The grid spot nearest `around` where a new component overlaps none of the design's, so components
 * added from the keyboard (which has no drop point) never land on top of each other.
 */
export function freeSpot(doc: Architecture, around: Position): Position {
  const [stepX, stepY] = [NODE_WIDTH + 40, NODE_HEIGHT + 40];
  const taken = (p: Position) =>
    doc.components.some(
      (c) => c.position && Math.abs(c.position.x - p.x) < stepX && Math.abs(c.position.y - p.y) < stepY,
    );
  for (let ring = 0; ring < 20; ring += 1) {
    for (let dy = -ring; dy <= ring; dy += 1) {
      for (let dx = -ring; dx <= ring; dx += 1) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const spot = { x: Math.round(around.x + dx * stepX), y: Math.round(around.y + dy * stepY) };
        if (!taken(spot)) return spot;
      }
    }
  }
  return around;
}

/** Whether the design holds nothing yet but its users. */
export function isEmptyDesign(doc: Architecture): boolean {
  return doc.components.every((c) => c.service === 'internet') && doc.edges.length === 0;
}

/** The object without its undefined fields: the document never holds an explicit undefined. */
function withoutUndefined<T>(value: object): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
