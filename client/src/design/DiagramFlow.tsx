import {
  applyNodeChanges,
  Background,
  Controls,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type SetStateAction, useEffect, useMemo, useState } from 'react';
import type { Architecture, EdgeKind } from '../../../challenges/_lib/architecture/schema.ts';
import { ComponentNode, GroupNode } from './ComponentNode.tsx';
import { connect, type Position, removeComponent, removeEdge, updateComponent } from './edits.ts';
import { type ComponentFlowNode, componentNodes, FIT_VIEW, flowEdges, groupNodes } from './flowElements.ts';
import { SERVICE_DRAG_TYPE } from './Palette.tsx';
import type { Selection } from './selection.ts';

const NODE_TYPES: NodeTypes = { component: ComponentNode, 'group-box': GroupNode };

interface DiagramFlowProps {
  doc: Architecture;
  selection: Selection;
  readOnly: boolean;
  /** The kind a connection dragged between two handles gets. */
  dragEdgeKind: EdgeKind;
  onSelect: (update: SetStateAction<Selection>) => void;
  /** Applies a change to the latest document (two changes of one gesture both land). */
  onUpdate: (update: (doc: Architecture) => Architecture, announcement?: string) => void;
  onDropService: (service: string, position: Position) => void;
}

/** The xyflow canvas over the document; every finished gesture becomes one new document. */
export function DiagramFlow({
  doc,
  selection,
  readOnly,
  dragEdgeKind,
  onSelect,
  onUpdate,
  onDropService,
}: DiagramFlowProps) {
  const flow = useReactFlow();
  const selectedComponent = selection?.kind === 'component' ? selection.id : null;
  // Component nodes live here between documents: xyflow keeps their measured size and the
  // position of a drag in progress on them, and a drag is written to the file only when it ends.
  const [nodes, setNodes] = useState<ComponentFlowNode[]>(() => componentNodes(doc, selectedComponent));
  useEffect(() => {
    setNodes((previous) => {
      const old = new Map(previous.map((n) => [n.id, n]));
      return componentNodes(doc, selectedComponent).map((n) => {
        const was = old.get(n.id);
        if (!was) return n;
        return {
          ...n,
          ...(was.measured ? { measured: was.measured } : {}),
          ...(was.dragging ? { position: was.position, dragging: true } : {}),
        };
      });
    });
  }, [doc, selectedComponent]);

  // A read-only diagram grows as the replay plays: keep all of it in view.
  const count = doc.components.length;
  useEffect(() => {
    if (!readOnly || count === 0) return;
    const timer = window.setTimeout(() => void flow.fitView(FIT_VIEW), 50);
    return () => window.clearTimeout(timer);
  }, [readOnly, count, flow]);

  const groups = useMemo(
    () =>
      groupNodes(
        doc,
        nodes.map((n) => ({ ...n.data.component, position: n.position })),
      ),
    [doc, nodes],
  );
  const edges = useMemo(
    () => flowEdges(doc, selection?.kind === 'edge' ? selection.id : null),
    [doc, selection],
  );

  const onNodesChange = (changes: NodeChange[]) => {
    const mine = changes.filter(
      (c) => c.type !== 'add' && !c.id.includes(':'),
    ) as NodeChange<ComponentFlowNode>[];
    setNodes((current) => applyNodeChanges(mine, current));
    const edits: ((d: Architecture) => Architecture)[] = [];
    for (const change of mine) {
      if (change.type === 'add') continue;
      const { id } = change;
      if (change.type === 'position' && change.position && !change.dragging) {
        const position = change.position;
        edits.push((d) => updateComponent(d, id, { position }));
      }
      if (change.type === 'remove') edits.push((d) => removeComponent(d, id));
      if (change.type === 'select')
        onSelect((s) => (change.selected ? { kind: 'component', id } : s?.id === id ? null : s));
    }
    if (edits.length > 0) onUpdate((d) => edits.reduce((acc, edit) => edit(acc), d));
  };

  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
    for (const change of changes) {
      if (change.type !== 'select') continue;
      const { id } = change;
      onSelect((s) => (change.selected ? { kind: 'edge', id } : s?.id === id ? null : s));
    }
    if (removed.length > 0) onUpdate((d) => removed.reduce(removeEdge, d));
  };

  const onDrop = (event: DragEvent) => {
    const service = event.dataTransfer.getData(SERVICE_DRAG_TYPE);
    if (!service || readOnly) return;
    event.preventDefault();
    onDropService(service, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <ReactFlow
      nodes={[...groups, ...nodes]}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={({ source, target }) => {
        let added: string | null = null;
        onUpdate((d) => {
          const result = connect(d, source, target, dragEdgeKind);
          added = result.id;
          return result.doc;
        }, `Connected ${source} to ${target}`);
        if (added !== null) onSelect({ kind: 'edge', id: added });
      }}
      onPaneClick={() => onSelect(null)}
      onDragOver={(event) => {
        if (readOnly) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      // xyflow's own delete key listens on the whole document, so Backspace on a palette button
      // would delete the selected node: only a key pressed inside the canvas deletes here.
      deleteKeyCode={null}
      onKeyDown={(event) => {
        if (readOnly || !selection || (event.key !== 'Delete' && event.key !== 'Backspace')) return;
        if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
        const { kind, id } = selection;
        // The users are where every request starts: the schema wants exactly one.
        if (kind === 'component' && doc.components.find((c) => c.id === id)?.service === 'internet') return;
        event.preventDefault();
        onUpdate((d) => (kind === 'component' ? removeComponent(d, id) : removeEdge(d, id)), `Deleted ${id}`);
        onSelect(null);
      }}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.1}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
