import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useRef, useState } from 'react';
import { type Architecture, parseArchitecture } from '../../../challenges/_lib/architecture/schema.ts';
import { LIMITS } from '../../../server/contract/api.ts';
import { architectureText } from './architectureText.ts';
import { CloudChooser } from './CloudChooser.tsx';
import { DiagramEditor } from './DiagramEditor.tsx';
import type { DesignCanvasProps } from './designCanvasTypes.ts';
import { newArchitecture } from './edits.ts';
import { ProblemList } from './ProblemList.tsx';
import './DesignCanvas.css';

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/**
 * The diagram view of architecture.json; the lazy-loaded default export of the design chunk. The
 * text is the one truth: it is parsed on every change, and every change on the canvas writes the
 * whole text back, so the canvas never holds a design the file does not.
 */
export default function DesignCanvas({ text, readOnly, onChange, onShowText }: DesignCanvasProps) {
  const parsed = useMemo(() => (text.trim() === '' ? null : parseArchitecture(text)), [text]);
  const [announcement, setAnnouncement] = useState('');
  const latest = useRef<Architecture | null>(null);
  latest.current = parsed?.ok ? parsed.architecture : null;
  const editable = !readOnly && onChange !== undefined;

  const write = (doc: Architecture, message?: string) => {
    const next = architectureText(doc);
    if (utf8Bytes(next) > LIMITS.maxFileBytes) {
      setAnnouncement(`Not changed: architecture.json would pass ${LIMITS.maxFileBytes / 1024} KiB.`);
      return;
    }
    latest.current = doc;
    onChange?.(next);
    if (message) setAnnouncement(message);
  };

  const status = (
    <p className="visually-hidden" role="status" data-testid="design-status">
      {announcement}
    </p>
  );
  if (parsed === null) {
    return editable ? (
      <div className="design-empty">
        <CloudChooser onChoose={(cloud) => write(newArchitecture(cloud), 'Design started')} />
        {status}
      </div>
    ) : (
      <p className="design-empty">No design yet.</p>
    );
  }
  if (!parsed.ok) return <ProblemList problems={parsed.problems} onShowText={onShowText} />;
  return (
    <ReactFlowProvider>
      <DiagramEditor
        doc={parsed.architecture}
        readOnly={!editable}
        onUpdate={(update, message) => {
          if (!latest.current) return;
          const next = update(latest.current);
          if (next !== latest.current) write(next, message);
        }}
      />
      {status}
    </ReactFlowProvider>
  );
}
