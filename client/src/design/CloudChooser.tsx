import { type FormEvent, useState } from 'react';
import { CLOUDS, type Cloud } from '../../../challenges/_lib/architecture/catalogue.ts';
import { CLOUD_NAMES } from './DocumentPanel.tsx';

/** Shown while there is no design yet: the candidate picks the cloud the design is drawn on. */
export function CloudChooser({ onChoose }: { onChoose: (cloud: Cloud) => void }) {
  const [cloud, setCloud] = useState<Cloud>('aws');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChoose(cloud);
  };
  return (
    <form className="design-chooser" onSubmit={submit} aria-labelledby="chooser-title">
      <h2 id="chooser-title">Start the design</h2>
      <fieldset className="design-fieldset">
        <legend>Which cloud will you design on?</legend>
        {CLOUDS.map((c) => (
          <label key={c} className="design-check">
            <input
              type="radio"
              name="design-cloud-choice"
              value={c}
              checked={cloud === c}
              data-testid={`cloud-${c}`}
              onChange={() => setCloud(c)}
            />
            {CLOUD_NAMES[c]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button-primary" data-testid="start-design">
        Start on {CLOUD_NAMES[cloud]}
      </button>
    </form>
  );
}
