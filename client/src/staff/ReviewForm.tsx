import { type FormEvent, useState } from 'react';
import { type AttemptReview, RECOMMENDATIONS, type Recommendation } from '../../../server/contract/staff.ts';
import { errorMessage, submitReview } from '../api.ts';
import { RECOMMENDATION_LABELS } from './labels.ts';
import './ReviewForm.css';

const LEVEL_NAMES = { 1: 'junior', 2: 'mid', 3: 'senior', 4: 'staff' } as const;
const RATINGS = [1, 2, 3, 4] as const;

type Dimension = AttemptReview['dimensions'][number];

/**
 * Rates each assessed dimension 1-4 against the rubric's anchors, with notes, and recommends. After a
 * live interview the ratings start from the reviewer's own quick ratings, to confirm or change.
 */
export function ReviewForm({
  attemptId,
  dimensions,
  othersHidden,
  prefill,
  onSubmitted,
}: {
  attemptId: string;
  dimensions: readonly Dimension[];
  othersHidden: boolean;
  prefill: AttemptReview['prefill'];
  onSubmitted: (review: AttemptReview) => void;
}) {
  const [ratings, setRatings] = useState<Record<string, number>>(() => ({ ...prefill.ratings }));
  const prefilled = Object.keys(prefill.ratings).length > 0;
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [recommendation, setRecommendation] = useState<Recommendation | null>(null);
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unrated = dimensions.filter((d) => ratings[d.id] === undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (unrated.length > 0 || recommendation === null) {
      setError(
        unrated.length > 0
          ? `Rate ${unrated.map((d) => d.title).join(', ')} first.`
          : 'Choose a recommendation first.',
      );
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const answer = await submitReview(attemptId, {
        ratings: Object.fromEntries(
          dimensions.map((d) => [d.id, { rating: ratings[d.id] ?? 1, notes: notes[d.id] ?? '' }]),
        ),
        recommendation,
        summary,
      });
      onSubmitted(answer);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <form className="review-form" onSubmit={submit} data-testid="review-form">
      <p className="notice notice-info">
        {othersHidden ? "Others' ratings appear once you submit yours. " : ''}A review is final, so take your
        time.
      </p>
      {prefilled && (
        <p className="notice notice-info" data-testid="review-prefilled">
          The ratings start from your quick ratings in the interview: change any before you submit.
        </p>
      )}
      {dimensions.map((d) => (
        <fieldset key={d.id} className="panel review-dimension">
          <legend>{d.title}</legend>
          <p className="review-dimension-description">{d.description}</p>
          <div className="review-anchors">
            {RATINGS.map((n) => (
              <label key={n} className="review-anchor">
                <input
                  type="radio"
                  name={`rating-${d.id}`}
                  value={n}
                  checked={ratings[d.id] === n}
                  onChange={() => setRatings((r) => ({ ...r, [d.id]: n }))}
                  data-testid={`rating-${d.id}-${n}`}
                />
                <span>
                  <strong>
                    {n} · {LEVEL_NAMES[n]}
                  </strong>{' '}
                  {d.levels[n]}
                </span>
              </label>
            ))}
          </div>
          <label className="review-notes">
            Evidence notes
            <textarea
              className="input"
              rows={2}
              maxLength={4000}
              value={notes[d.id] ?? ''}
              onChange={(e) => setNotes((x) => ({ ...x, [d.id]: e.target.value }))}
              data-testid={`notes-${d.id}`}
            />
          </label>
        </fieldset>
      ))}
      <fieldset className="panel review-recommendation">
        <legend>Overall recommendation</legend>
        {RECOMMENDATIONS.map((r) => (
          <label key={r}>
            <input
              type="radio"
              name="recommendation"
              value={r}
              checked={recommendation === r}
              onChange={() => setRecommendation(r)}
              data-testid={`recommend-${r}`}
            />{' '}
            {RECOMMENDATION_LABELS[r]}
          </label>
        ))}
        <label className="review-notes">
          Summary
          <textarea
            className="input"
            rows={3}
            maxLength={4000}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            data-testid="review-summary"
          />
        </label>
      </fieldset>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="submit-review">
        Submit review
      </button>
    </form>
  );
}
