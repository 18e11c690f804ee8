import type { DragEvent } from 'react';
import { PALETTE } from '../../../challenges/_lib/architecture/catalogue.ts';
import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import { CLOUD_NAMES } from './DocumentPanel.tsx';

/** The drag payload's type: a palette service id. */
export const SERVICE_DRAG_TYPE = 'application/x-gauntlet-service';

interface PaletteProps {
  doc: Architecture;
  onAdd: (service: string) => void;
}

/** The cloud's services: press one to add it (keyboard or mouse), or drag it onto the canvas. */
export function Palette({ doc, onAdd }: PaletteProps) {
  const hasUsers = doc.components.some((c) => c.service === 'internet');
  const entries = PALETTE[doc.cloud].filter((e) => !(e.id === 'internet' && hasUsers));
  const startDrag = (event: DragEvent, service: string) => {
    event.dataTransfer.setData(SERVICE_DRAG_TYPE, service);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="design-palette" aria-labelledby="palette-title">
      <h3 id="palette-title">{CLOUD_NAMES[doc.cloud]} services</h3>
      <p className="design-hint">Press to add, or drag onto the canvas.</p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="design-palette-item"
              draggable
              data-testid={`palette-${entry.id}`}
              onDragStart={(event) => startDrag(event, entry.id)}
              onClick={() => onAdd(entry.id)}
            >
              <span className="design-palette-name">{entry.name}</span>
              <span className="design-palette-kind">
                {entry.kind} · {entry.scope}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
