import { useReactFlow } from '@xyflow/react';
import { useMemo, useRef, useState } from 'react';
import {
  type Architecture,
  EDGE_KINDS,
  type EdgeKind,
} from '../../../challenges/_lib/architecture/schema.ts';
import { ComponentPanel } from './ComponentPanel.tsx';
import { ConnectForm } from './ConnectForm.tsx';
import { DiagramFlow } from './DiagramFlow.tsx';
import { DocumentPanel } from './DocumentPanel.tsx';
import { EdgePanel } from './EdgePanel.tsx';
import { addComponent, freeSpot, type Position } from './edits.ts';
import { EDGE_KIND_LABELS, FIT_VIEW } from './flowElements.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './groups.ts';
import { Outline } from './Outline.tsx';
import { Palette } from './Palette.tsx';
import { withPositions } from './placement.ts';
import type { Selection } from './selection.ts';
import { TidyButton } from './TidyButton.tsx';

export interface DiagramEditorProps {
  doc: Architecture;
  readOnly: boolean;
  onUpdate: (update: (doc: Architecture) => Architecture, announcement?: string) => void;
}

/** The design on the canvas, with the palette on one side and the selection's panel on the other. */
export function DiagramEditor({ doc, readOnly, onUpdate }: DiagramEditorProps) {
  const shown = useMemo(() => withPositions(doc), [doc]);
  const stage = useRef<HTMLDivElement>(null);
  const flow = useReactFlow();
  const [selection, setSelection] = useState<Selection>(null);
  const [dragEdgeKind, setDragEdgeKind] = useState<EdgeKind>('request');
  const commit = (next: Architecture, announcement?: string) => onUpdate(() => next, announcement);
  const add = (service: string, position: Position) => {
    const result = addComponent(doc, service, position);
    if (!result.id) return;
    const added = result.doc.components.find((c) => c.id === result.id);
    onUpdate(() => result.doc, `Added ${added?.label ?? result.id}`);
    setSelection({ kind: 'component', id: result.id });
  };
  // A pressed palette entry lands in the free spot nearest the middle of the view, which then
  // fits the whole design, so a keyboard user sees what they added.
  const addAtCentre = (service: string) => {
    const pane = stage.current?.getBoundingClientRect();
    const centre = pane
      ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
      : { x: 0, y: 0 };
    add(service, freeSpot(shown, { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 }));
    window.setTimeout(() => void flow.fitView(FIT_VIEW), 50);
  };
  const component =
    selection?.kind === 'component' ? doc.components.find((c) => c.id === selection.id) : undefined;
  const edge = selection?.kind === 'edge' ? doc.edges.find((e) => e.id === selection.id) : undefined;

  return (
    <div className={`design-canvas${readOnly ? ' design-canvas-readonly' : ''}`} data-testid="design-canvas">
      {!readOnly && <Palette doc={doc} onAdd={addAtCentre} />}
      <div className="design-stage" ref={stage}>
        <div className="design-toolbar">
          {!readOnly && (
            <>
              <TidyButton doc={doc} onUpdate={onUpdate} onDone={() => void flow.fitView(FIT_VIEW)} />
              <label className="design-toolbar-field">
                Dragged connections are{' '}
                <select
                  className="select"
                  value={dragEdgeKind}
                  data-testid="drag-edge-kind"
                  onChange={(e) => setDragEdgeKind(EDGE_KINDS.find((k) => k === e.target.value) ?? 'request')}
                >
                  {EDGE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {EDGE_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          <ul className="design-legend" aria-label="Edge kinds">
            {EDGE_KINDS.map((k) => (
              <li key={k} className={`design-legend-${k}`}>
                {EDGE_KIND_LABELS[k]}
              </li>
            ))}
          </ul>
        </div>
        <DiagramFlow
          doc={shown}
          selection={selection}
          readOnly={readOnly}
          dragEdgeKind={dragEdgeKind}
          onSelect={setSelection}
          onUpdate={onUpdate}
          onDropService={add}
        />
      </div>
      <aside className="design-side" aria-label="Design details">
        {component && (
          <ComponentPanel
            key={component.id}
            doc={doc}
            component={component}
            readOnly={readOnly}
            onCommit={commit}
          />
        )}
        {edge && <EdgePanel key={edge.id} doc={doc} edge={edge} readOnly={readOnly} onCommit={commit} />}
        <Outline doc={doc} selection={selection} onSelect={setSelection} />
        {!readOnly && (
          <ConnectForm
            doc={doc}
            from={component?.id ?? null}
            onConnected={(next, id) => {
              commit(next, 'Connected');
              setSelection({ kind: 'edge', id });
            }}
          />
        )}
        <DocumentPanel doc={doc} readOnly={readOnly} onCommit={commit} />
      </aside>
    </div>
  );
}
