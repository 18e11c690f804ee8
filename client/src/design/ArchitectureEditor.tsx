import { type ReactNode, useState } from 'react';
import { LazyDesignCanvas } from './LazyDesignCanvas.tsx';
import './ArchitectureEditor.css';

export type DesignView = 'diagram' | 'text';

interface ArchitectureEditorProps {
  text: string;
  readOnly: boolean;
  /** Absent for a read-only view (the replay). */
  onChange?: (text: string) => void;
  /** The text view: the page's Monaco on the same file. */
  textEditor: ReactNode;
}

/** architecture.json as a diagram or as text: two views of one file, switched with a toggle. */
export function ArchitectureEditor({ text, readOnly, onChange, textEditor }: ArchitectureEditorProps) {
  const [view, setView] = useState<DesignView>('diagram');
  return (
    <div className="architecture-editor">
      <fieldset className="architecture-views">
        <legend className="visually-hidden">View architecture.json as</legend>
        {(['diagram', 'text'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className="architecture-view-button"
            aria-pressed={view === v}
            data-testid={`design-view-${v}`}
            onClick={() => setView(v)}
          >
            {v === 'diagram' ? 'Diagram' : 'Text'}
          </button>
        ))}
      </fieldset>
      <div className="architecture-view">
        {view === 'diagram' ? (
          <LazyDesignCanvas
            text={text}
            readOnly={readOnly}
            {...(onChange ? { onChange } : {})}
            onShowText={() => setView('text')}
          />
        ) : (
          textEditor
        )}
      </div>
    </div>
  );
}
