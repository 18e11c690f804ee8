import { useState } from 'react';
import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import { updateComponent } from './edits.ts';
import { tidyPositions } from './tidyLayout.ts';

interface TidyButtonProps {
  doc: Architecture;
  onUpdate: (update: (doc: Architecture) => Architecture, announcement?: string) => void;
  onDone: () => void;
}

/** Lays the design out with ELK: components into their region and network boxes, edges left to right. */
export function TidyButton({ doc, onUpdate, onDone }: TidyButtonProps) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const tidy = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const positions = await tidyPositions(doc);
      onUpdate(
        (d) => [...positions].reduce((acc, [id, position]) => updateComponent(acc, id, { position }), d),
        'Laid the design out',
      );
      // The nodes move on the next render and xyflow measures them after; fit the view once it has.
      window.setTimeout(onDone, 200);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy}
        data-testid="tidy-layout"
        onClick={() => void tidy()}
      >
        {busy ? 'Laying out…' : 'Tidy layout'}
      </button>
      {failed && (
        <span className="design-field-error" role="alert">
          The layout could not run.
        </span>
      )}
    </>
  );
}
