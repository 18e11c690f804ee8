import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import { EDGE_KIND_LABELS } from './flowElements.ts';
import type { Selection } from './selection.ts';

export const OUTLINE_HEADING = 'design-outline-heading';

/** Moves focus to the outline (after the focused control was deleted with what it edited). */
export function focusOutline(): void {
  document.getElementById(OUTLINE_HEADING)?.focus();
}

interface OutlineProps {
  doc: Architecture;
  selection: Selection;
  onSelect: (selection: Selection) => void;
}

/** Every component and edge as a button: the keyboard's way to pick what the panel edits. */
export function Outline({ doc, selection, onSelect }: OutlineProps) {
  const label = (id: string) => doc.components.find((c) => c.id === id)?.label ?? id;
  const isSelected = (kind: 'component' | 'edge', id: string) =>
    selection?.kind === kind && selection.id === id;
  return (
    <nav className="design-panel design-outline" aria-label="Components and edges">
      {/* Focus lands here after a delete, so the keyboard is never dropped back to the page's top. */}
      <h3 id={OUTLINE_HEADING} tabIndex={-1}>
        Components
      </h3>
      <ul>
        {doc.components.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="design-outline-item"
              aria-pressed={isSelected('component', c.id)}
              data-testid={`outline-component-${c.id}`}
              onClick={() => onSelect({ kind: 'component', id: c.id })}
            >
              {c.label}
            </button>
          </li>
        ))}
      </ul>
      {doc.edges.length > 0 && <h3>Edges</h3>}
      <ul>
        {doc.edges.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="design-outline-item"
              aria-pressed={isSelected('edge', e.id)}
              data-testid={`outline-edge-${e.id}`}
              onClick={() => onSelect({ kind: 'edge', id: e.id })}
            >
              {label(e.from)} → {label(e.to)} ({EDGE_KIND_LABELS[e.kind]})
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
