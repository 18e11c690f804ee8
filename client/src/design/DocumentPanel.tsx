import { CLOUDS, type Cloud, REGIONS } from '../../../challenges/_lib/architecture/catalogue.ts';
import type { Architecture } from '../../../challenges/_lib/architecture/schema.ts';
import { changeCloud, toggleRegion } from './edits.ts';
import { CheckField, TextField } from './fields.tsx';

export const CLOUD_NAMES: Readonly<Record<Cloud, string>> = { aws: 'AWS', gcp: 'Google Cloud' };

interface DocumentPanelProps {
  doc: Architecture;
  readOnly: boolean;
  onCommit: (doc: Architecture, announcement?: string) => void;
}

/** The whole design: its cloud, its regions, and its overall trade-offs in the candidate's words. */
export function DocumentPanel({ doc, readOnly, onCommit }: DocumentPanelProps) {
  return (
    <section className="design-panel" aria-labelledby="document-panel-title">
      <h3 id="document-panel-title">Design</h3>
      <div className="design-field">
        <label htmlFor="design-cloud">Cloud</label>
        <select
          id="design-cloud"
          className="select"
          value={doc.cloud}
          disabled={readOnly}
          data-testid="design-cloud"
          aria-describedby="design-cloud-hint"
          onChange={(event) => {
            const cloud = CLOUDS.find((c) => c === event.target.value);
            if (cloud) onCommit(changeCloud(doc, cloud), `Moved the design to ${CLOUD_NAMES[cloud]}`);
          }}
        >
          {CLOUDS.map((cloud) => (
            <option key={cloud} value={cloud}>
              {CLOUD_NAMES[cloud]}
            </option>
          ))}
        </select>
        <span id="design-cloud-hint" className="design-hint">
          Changing it maps each component to the other cloud's service of the same kind, with default
          properties.
        </span>
      </div>
      <fieldset className="design-fieldset">
        <legend>Regions</legend>
        {Object.keys(REGIONS[doc.cloud]).map((region) => {
          const used = doc.components.some((c) => c.region === region);
          const on = doc.regions.includes(region);
          return (
            <CheckField
              key={region}
              label={used ? `${region} (in use)` : region}
              checked={on}
              disabled={readOnly || (on && (used || doc.regions.length === 1))}
              testId={`region-${region}`}
              onChange={(checked) => onCommit(toggleRegion(doc, region, checked))}
            />
          );
        })}
      </fieldset>
      <TextField
        label="Overall notes and trade-offs"
        value={doc.notes ?? ''}
        minLength={0}
        maxLength={4000}
        multiline
        disabled={readOnly}
        placeholder="What this design optimises for, and what it gives up"
        testId="design-notes"
        onCommit={(notes) => {
          const { notes: _old, ...rest } = doc;
          onCommit(notes === undefined ? rest : { ...rest, notes });
        }}
      />
    </section>
  );
}
