import type { AttemptReview } from '../../../server/contract/staff.ts';
import { DesignTradeOffs } from './DesignTradeOffs.tsx';
import './ChallengeResults.css';
import { VariantLabel } from './VariantLabel.tsx';

/** Each challenge's stored check results with the grader's evidence; a grader error says so plainly. */
export function ChallengeResults({
  challenges,
  dimensions,
  designs = new Map(),
}: {
  challenges: AttemptReview['challenges'];
  dimensions: AttemptReview['dimensions'];
  /** A design challenge's submitted architecture.json by slug: its trade-off notes show beside the checks. */
  designs?: ReadonlyMap<string, string>;
}) {
  const titles = new Map(dimensions.map((d) => [d.id, d.title]));
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">Check results</h2>
      {challenges.map((c) => (
        <details key={c.slug} className="panel challenge-results" open={challenges.length === 1}>
          <summary>
            <strong>{c.title}</strong> <VariantLabel label={c.variant} />{' '}
            {c.submission === null
              ? '— not submitted'
              : c.submission.status === 'done'
                ? `— ${Math.round(c.submission.score ?? 0)} / 100`
                : c.submission.status === 'error'
                  ? c.submission.tampering
                    ? '— grader error, tampering suspected'
                    : '— grader error'
                  : `— ${c.submission.status}`}
          </summary>
          {c.submission?.status === 'error' && c.submission.tampering && (
            <p className="notice notice-error" role="alert">
              <strong>Tampering suspected.</strong> Something other than the checks wrote to their output
              while they judged this submission, so it has no score. Read the replay's terminal around the
              submission before deciding.
            </p>
          )}
          {c.submission?.status === 'error' && (
            <p className="notice notice-warn">
              The grader could not judge this submission ({c.submission.error}). Its checks are left out of
              the scores, not counted as fails.
            </p>
          )}
          {c.submission && c.submission.checks.length > 0 && (
            <table className="check-table">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Dimension</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Score</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {c.submission.checks.map((check) => (
                  <tr key={check.id} className={check.passed ? 'check-passed' : 'check-failed'}>
                    <td>
                      {check.title}
                      {!check.visible && <span className="check-hidden"> (hidden)</span>}
                    </td>
                    <td>{titles.get(check.dimension) ?? check.dimension}</td>
                    <td>{check.weight}</td>
                    <td>{Math.round(check.score * 100)} %</td>
                    <td>
                      {check.message}
                      {check.evidence.length > 0 && (
                        <ul className="check-evidence">
                          {check.evidence.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {designs.has(c.slug) && <DesignTradeOffs source={designs.get(c.slug) ?? ''} />}
        </details>
      ))}
    </section>
  );
}
