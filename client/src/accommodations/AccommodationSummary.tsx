import { useEffect, useState } from 'react';
import type { AccommodationView } from '../../../server/contract/accommodations.ts';
import { TIME_CREDIT_REASONS } from '../../../server/contract/time-credits.ts';
import { getAccommodation } from '../accommodationsApi.ts';
import { formatDateTime } from '../format.ts';

const extraTimeText = (a: AccommodationView) =>
  a.extraPercent !== null
    ? `+${a.extraPercent} %`
    : a.extraMinutes !== null
      ? `+${a.extraMinutes} min`
      : null;

/**
 * What reviewers must know to read an attempt fairly: the candidate's extra time and the manager's
 * note, and time the platform gave back after its own faults. Nothing when there is neither.
 */
export function AccommodationSummary({ attemptId }: { attemptId: string }) {
  const [accommodation, setAccommodation] = useState<AccommodationView | null>(null);
  useEffect(() => {
    let cancelled = false;
    // A summary that cannot load hides itself: the review page works without it.
    getAccommodation(attemptId).then(
      (a) => !cancelled && setAccommodation(a),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [attemptId]);
  if (!accommodation) return null;
  const extra = extraTimeText(accommodation);
  if (!extra && !accommodation.note && accommodation.credits.length === 0) return null;
  return (
    <section className="review-section accommodation-summary" aria-labelledby="accommodation-title">
      <h2 id="accommodation-title">Accommodation and time credited</h2>
      {extra && (
        <p>
          Extra time: {extra} (a time limit of {accommodation.timeLimitMinutes} min).
        </p>
      )}
      {accommodation.note && <p className="accommodation-note">Note: {accommodation.note}</p>}
      {accommodation.credits.length > 0 && (
        <ul>
          {accommodation.credits.map((c) => (
            <li key={c.at}>
              {formatDateTime(c.at)}: {c.appliedMinutes} min added by the platform, because{' '}
              {TIME_CREDIT_REASONS[c.cause]}.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
