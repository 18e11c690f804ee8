import type { DimensionId } from '../../../server/contract/api.ts';

const LEVELS = [1, 2, 3, 4] as const;

/** Quick ratings, 1 to 4, on the rubric dimensions this challenge assesses; each saved as it changes. */
export function QuickRatings({
  dimensions,
  ratings,
  saving,
  error,
  onRate,
}: {
  dimensions: readonly { id: DimensionId; title: string }[];
  ratings: Partial<Record<DimensionId, number>>;
  saving: boolean;
  error: string | null;
  onRate: (dimension: DimensionId, value: number | null) => void;
}) {
  if (dimensions.length === 0) return null;
  return (
    <section className="room-section" aria-label="Quick ratings">
      <h3>
        Quick ratings <span className="room-hint">{saving ? 'saving…' : '1 weak – 4 strong'}</span>
      </h3>
      {dimensions.map((dimension) => (
        <fieldset key={dimension.id} className="room-rating">
          <legend>{dimension.title}</legend>
          {LEVELS.map((level) => (
            <label key={level} className="room-rating-option">
              <input
                type="radio"
                name={`rating-${dimension.id}`}
                value={level}
                checked={ratings[dimension.id] === level}
                onChange={() => onRate(dimension.id, level)}
                data-testid={`rating-${dimension.id}-${level}`}
              />
              {level}
            </label>
          ))}
          {ratings[dimension.id] !== undefined && (
            <button
              type="button"
              className="button button-small room-rating-clear"
              onClick={() => onRate(dimension.id, null)}
              aria-label={`Clear the ${dimension.title} rating`}
            >
              Clear
            </button>
          )}
        </fieldset>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
