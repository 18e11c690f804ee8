import { serviceOf } from '../../../challenges/_lib/architecture/catalogue.ts';
import { type Architecture, type Component, MAX_NOTE } from '../../../challenges/_lib/architecture/schema.ts';
import { ComponentProperties } from './ComponentProperties.tsx';
import { type ComponentPatch, moveToRegion, removeComponent, updateComponent } from './edits.ts';
import { TextField } from './fields.tsx';
import { focusOutline } from './Outline.tsx';

interface ComponentPanelProps {
  doc: Architecture;
  component: Component;
  readOnly: boolean;
  onCommit: (doc: Architecture, announcement?: string) => void;
}

/** The selected component: its name, where it runs, the properties its service takes, its note. */
export function ComponentPanel({ doc, component, readOnly, onCommit }: ComponentPanelProps) {
  const entry = serviceOf(doc.cloud, component.service);
  const patch = (change: ComponentPatch) => onCommit(updateComponent(doc, component.id, change));
  return (
    <section className="design-panel" aria-labelledby="component-panel-title" data-testid="component-panel">
      <h3 id="component-panel-title">
        {component.label} <span className="design-panel-kind">{entry?.name ?? component.service}</span>
      </h3>
      <p className="design-panel-id">id: {component.id}</p>
      <TextField
        label="Label"
        value={component.label}
        minLength={1}
        maxLength={60}
        disabled={readOnly}
        testId="component-label"
        onCommit={(label) => label !== undefined && patch({ label })}
      />
      {entry && entry.scope !== 'global' && (
        <div className="design-field">
          <label htmlFor={`region-${component.id}`}>Region</label>
          <select
            id={`region-${component.id}`}
            className="select"
            value={component.region ?? ''}
            disabled={readOnly}
            data-testid="component-region"
            onChange={(event) => onCommit(moveToRegion(doc, component.id, event.target.value))}
          >
            {doc.regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </div>
      )}
      {entry && (
        <ComponentProperties
          cloud={doc.cloud}
          entry={entry}
          component={component}
          readOnly={readOnly}
          onChange={patch}
        />
      )}
      <TextField
        label="Why / trade-off"
        value={component.note ?? ''}
        minLength={0}
        maxLength={MAX_NOTE}
        multiline
        disabled={readOnly}
        placeholder="Why this service here, and what it gives up"
        testId="component-note"
        onCommit={(note) => patch({ note })}
      />
      {!readOnly && component.service !== 'internet' && (
        <button
          type="button"
          className="button button-danger"
          data-testid="delete-component"
          onClick={() => {
            onCommit(removeComponent(doc, component.id), `Deleted ${component.label}`);
            focusOutline();
          }}
        >
          Delete {component.label}
        </button>
      )}
    </section>
  );
}
