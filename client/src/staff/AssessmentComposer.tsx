import { type FormEvent, useState } from 'react';
import type { Catalogue } from '../../../server/contract/api.ts';
import { createAssessment, errorMessage } from '../api.ts';
import { navigate } from '../router.tsx';
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

  const toggle = (slug: string) =>
    setChosen((list) => (list.includes(slug) ? list.filter((s) => s !== slug) : [...list, slug]));
  const move = (index: number, by: -1 | 1) =>
    setChosen((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      if (item !== undefined) next.splice(index + by, 0, item);
      return next;
    });

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
        <fieldset className="composer-catalogue">
          <legend>Challenges from the catalogue</legend>
          {catalogue.challenges.map((c) => (
            <label key={c.slug} className="composer-option">
              <input
                type="checkbox"
                checked={chosen.includes(c.slug)}
                onChange={() => toggle(c.slug)}
                data-testid={`choose-${c.slug}`}
              />
              <span>
                {c.title}{' '}
                <span className="composer-meta">
                  ({c.level}, {c.timeLimitMinutes} min)
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {chosen.length > 0 && (
          <ol className="composer-order" aria-label="Order the candidate meets them">
            {chosen.map((slug, index) => (
              <li key={slug}>
                <span>{bySlug.get(slug)?.title ?? slug}</span>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${slug} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index === chosen.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${slug} down`}
                >
                  ↓
                </button>
              </li>
            ))}
          </ol>
        )}
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
