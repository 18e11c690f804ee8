import { type FormEvent, useState } from 'react';
import type { Catalogue } from '../../../server/contract/api.ts';
import { createAssessment, errorMessage } from '../api.ts';
import { navigate } from '../router.tsx';
import { ChallengePicker } from './ChallengePicker.tsx';
import './AssessmentComposer.css';

/** Picks catalogue challenges in order, with one overall time limit (the sum of theirs unless changed). */
export function AssessmentComposer({ catalogue }: { catalogue: Catalogue }) {
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [minutes, setMinutes] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bySlug = new Map(catalogue.challenges.map((c) => [c.slug, c]));
  const suggested = chosen.reduce((n, slug) => n + (bySlug.get(slug)?.timeLimitMinutes ?? 0), 0);
  const timeLimit = minutes ?? Math.max(5, suggested);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const id = await createAssessment({ title, challengeSlugs: chosen, timeLimitMinutes: timeLimit });
      navigate(`/staff/assessments/${id}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <section className="panel composer" aria-labelledby="composer-title">
      <h2 id="composer-title">New assessment</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="assessment-title">Title</label>
          <input
            id="assessment-title"
            className="input"
            value={title}
            maxLength={200}
            required
            onChange={(e) => setTitle(e.target.value)}
            data-testid="assessment-title"
          />
        </div>
        <ChallengePicker catalogue={catalogue} chosen={chosen} onChange={setChosen} />
        <div className="field composer-time">
          <label htmlFor="assessment-minutes">Time limit for the whole assessment (minutes)</label>
          <input
            id="assessment-minutes"
            className="input"
            type="number"
            min={5}
            max={600}
            value={timeLimit}
            onChange={(e) => setMinutes(Number.parseInt(e.target.value, 10) || 5)}
            data-testid="assessment-minutes"
          />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || chosen.length === 0}>
          Create assessment
        </button>
      </form>
    </section>
  );
}
