import type { AttemptReview } from '../../../server/contract/staff.ts';
import { plural } from '../format.ts';
import { formatScore } from './labels.ts';
import './AutoScores.css';

/** The auto score per assessed dimension, the number of checks behind it, and grader errors apart. */
export function AutoScores({
  dimensions,
  auto,
}: {
  dimensions: readonly { id: string; title: string }[];
  auto: AttemptReview['auto'];
}) {
  return (
    <section aria-labelledby="auto-title">
      <h2 id="auto-title">Auto scores</h2>
      <ul className="auto-scores">
        {dimensions.map((d) => {
          const score = auto[d.id as keyof typeof auto];
          return (
            <li key={d.id} className="panel auto-score">
              <span className="auto-score-title">{d.title}</span>
              <span className="auto-score-value" data-testid={`auto-score-${d.id}`}>
                {formatScore(score?.score)}
              </span>
              <span className="auto-score-checks">{plural(score?.checkCount ?? 0, 'check')}</span>
              {(score?.graderErrorChecks ?? 0) > 0 && (
                <span className="auto-score-errors" data-testid={`grader-errors-${d.id}`}>
                  {plural(score?.graderErrorChecks ?? 0, 'check')} not judged (grader error), left out
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
