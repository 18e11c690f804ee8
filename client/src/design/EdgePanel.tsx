import {
  type Architecture,
  EDGE_KINDS,
  type Edge,
  MAX_NOTE,
} from '../../../challenges/_lib/architecture/schema.ts';
import { removeEdge, updateEdge } from './edits.ts';
import { TextField } from './fields.tsx';
import { EDGE_KIND_LABELS } from './flowElements.ts';
import { focusOutline } from './Outline.tsx';

interface EdgePanelProps {
  doc: Architecture;
  edge: Edge;
  readOnly: boolean;
  onCommit: (doc: Architecture, announcement?: string) => void;
}

/** The selected edge: its ends, its kind, its note. */
export function EdgePanel({ doc, edge, readOnly, onCommit }: EdgePanelProps) {
  const label = (id: string) => doc.components.find((c) => c.id === id)?.label ?? id;
  return (
    <section className="design-panel" aria-labelledby="edge-panel-title" data-testid="edge-panel">
      <h3 id="edge-panel-title">
        {label(edge.from)} → {label(edge.to)}
      </h3>
      <p className="design-panel-id">id: {edge.id}</p>
      <div className="design-field">
        <label htmlFor={`edge-kind-${edge.id}`}>Kind</label>
        <select
          id={`edge-kind-${edge.id}`}
          className="select"
          value={edge.kind}
          disabled={readOnly}
          data-testid="edge-kind"
          onChange={(event) => {
            const kind = EDGE_KINDS.find((k) => k === event.target.value);
            if (kind) onCommit(updateEdge(doc, edge.id, { kind }));
          }}
        >
          {EDGE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {EDGE_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Why / trade-off"
        value={edge.note ?? ''}
        minLength={0}
        maxLength={MAX_NOTE}
        multiline
        disabled={readOnly}
        placeholder="Why this link, and what it costs"
        testId="edge-note"
        onCommit={(note) => onCommit(updateEdge(doc, edge.id, { note }))}
      />
      {!readOnly && (
        <button
          type="button"
          className="button button-danger"
          data-testid="delete-edge"
          onClick={() => {
            onCommit(removeEdge(doc, edge.id), 'Deleted the edge');
            focusOutline();
          }}
        >
          Delete edge
        </button>
      )}
    </section>
  );
}
