import type { CandidateCheckResult } from '../../../server/contract/api.ts';
import './CheckResult.css';

/** One check's outcome; a hidden check shows only whether it passed. */
export function CheckResult({ check }: { check: CandidateCheckResult }) {
  const verdict = check.passed ? 'pass' : 'fail';
  if (!check.visible) {
    return (
      <li
        className={`check-row check-${verdict} check-hidden`}
        data-testid="check-result"
        data-passed={String(check.passed)}
      >
        <span className="check-icon" aria-hidden="true">
          {check.passed ? '✓' : '✗'}
        </span>
        <span className="check-title">{check.passed ? 'Hidden check passed' : 'Hidden check failed'}</span>
      </li>
    );
  }
  // A grader scores a check from 0 to 1; a partial score is worth showing, a full pass or fail is not.
  const partial = check.score > 0 && check.score < 1;
  return (
    <li
      className={`check-row check-${verdict}`}
      data-testid="check-result"
      data-passed={String(check.passed)}
    >
      <span className="check-icon" aria-hidden="true">
        {check.passed ? '✓' : '✗'}
      </span>
      <div className="check-body">
        <div className="check-heading">
          <span className="visually-hidden">{check.passed ? 'Passed:' : 'Failed:'}</span>
          <span className="check-title">{check.title}</span>
          {check.covers.map((id) => (
            <span key={id} className="requirement-chip">
              {id}
            </span>
          ))}
          {partial && <span className="check-partial">{Math.round(check.score * 100)}% of this check</span>}
        </div>
        {check.message && <p className="check-message">{check.message}</p>}
      </div>
    </li>
  );
}
