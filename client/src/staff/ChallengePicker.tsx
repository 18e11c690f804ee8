import type { Catalogue } from '../../../server/contract/api.ts';
import './AssessmentComposer.css';

/** Catalogue challenges as checkboxes, and the chosen ones in the order the candidate meets them. */
export function ChallengePicker({
  catalogue,
  chosen,
  onChange,
}: {
  catalogue: Catalogue;
  chosen: readonly string[];
  onChange: (slugs: string[]) => void;
}) {
  const bySlug = new Map(catalogue.challenges.map((c) => [c.slug, c]));
  const toggle = (slug: string) =>
    onChange(chosen.includes(slug) ? chosen.filter((s) => s !== slug) : [...chosen, slug]);
  const move = (index: number, by: -1 | 1) => {
    const next = [...chosen];
    const [item] = next.splice(index, 1);
    if (item !== undefined) next.splice(index + by, 0, item);
    onChange(next);
  };
  return (
    <>
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
    </>
  );
}
