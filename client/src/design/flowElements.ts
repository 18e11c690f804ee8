/** The document as xyflow's nodes and edges: components, the boxes behind them, typed edges. */
import { type Edge as FlowEdge, MarkerType, type Node } from '@xyflow/react';
import { REGIONS, serviceOf } from '../../../challenges/_lib/architecture/catalogue.ts';
import type { Architecture, Component, EdgeKind } from '../../../challenges/_lib/architecture/schema.ts';
import { type GroupBox, groupBoxes } from './groups.ts';

/** A zone the component runs in: its short name (`a`) and its place in the region (colours it). */
export type ZoneTag = { zone: string; short: string; index: number };
export type ComponentNodeData = { component: Component; serviceName: string; kind: string; zones: ZoneTag[] };
export type ComponentFlowNode = Node<ComponentNodeData, 'component'>;
export type GroupFlowNode = Node<{ box: GroupBox }, 'group-box'>;
export type DesignFlowNode = ComponentFlowNode | GroupFlowNode;
export type DesignFlowEdge = FlowEdge<{ kind: EdgeKind }>;

/** Fits the whole design in view, never magnified past its natural size (a lone node stays readable). */
export const FIT_VIEW = { padding: 0.15, maxZoom: 1 } as const;

export const EDGE_KIND_LABELS: Readonly<Record<EdgeKind, string>> = {
  request: 'request',
  replication: 'replication',
  async: 'async message',
  backup: 'backup',
};

export function componentNodes(doc: Architecture, selectedId: string | null): ComponentFlowNode[] {
  return doc.components.map((component) => {
    const entry = serviceOf(doc.cloud, component.service);
    return {
      id: component.id,
      type: 'component',
      position: component.position ?? { x: 0, y: 0 },
      selected: component.id === selectedId,
      ariaLabel: `${component.label} (${entry?.name ?? component.service})${component.zones ? `, zones ${component.zones.join(', ')}` : ''}`,
      data: {
        component,
        serviceName: entry?.name ?? component.service,
        kind: entry?.kind ?? 'unknown',
        zones: zoneTags(doc, component),
      },
    };
  });
}

function zoneTags(doc: Architecture, component: Component): ZoneTag[] {
  const all = component.region === undefined ? [] : (REGIONS[doc.cloud][component.region] ?? []);
  return (component.zones ?? []).map((zone) => ({
    zone,
    short: zone.slice((component.region ?? '').length).replace(/^-/, '') || zone,
    index: all.indexOf(zone),
  }));
}

/** Boxes behind the components; not focusable, selectable or draggable: they are a view, not data. */
export function groupNodes(doc: Architecture, components: readonly Component[]): GroupFlowNode[] {
  return groupBoxes(doc.regions, components).map((box) => ({
    id: box.id,
    type: 'group-box',
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    zIndex: -1,
    selectable: false,
    draggable: false,
    focusable: false,
    connectable: false,
    deletable: false,
    data: { box },
  }));
}

export function flowEdges(doc: Architecture, selectedId: string | null): DesignFlowEdge[] {
  const names = new Map(doc.components.map((c) => [c.id, c.label]));
  return doc.edges.map((edge) => ({
    id: edge.id,
    source: edge.from,
    target: edge.to,
    selected: edge.id === selectedId,
    label: EDGE_KIND_LABELS[edge.kind],
    className: `design-edge design-edge-${edge.kind}`,
    markerEnd: { type: MarkerType.ArrowClosed },
    ariaLabel: `${EDGE_KIND_LABELS[edge.kind]} from ${names.get(edge.from) ?? edge.from} to ${names.get(edge.to) ?? edge.to}`,
    data: { kind: edge.kind },
  }));
}
