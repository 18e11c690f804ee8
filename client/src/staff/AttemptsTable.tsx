import type { AssessmentAttempts, StaffAttemptRow } from '../../../server/contract/api.ts';
import { formatDateTime, plural } from '../format.ts';
import { Link } from '../router.tsx';
import './AttemptsTable.css';

type Dimension = AssessmentAttempts['dimensions'][number];

/** One row per candidate attempt, with a score column per rubric dimension. */
export function AttemptsTable({ data }: { data: AssessmentAttempts }) {
  if (data.attempts.length === 0) {
    return (
      <p className="notice notice-info">No attempts yet. Candidates appear here once they are invited.</p>
    );
  }
  return (
    <div className="attempts-table-wrap">
      <table className="attempts-table">
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Submitted</th>
            {data.dimensions.map((dimension) => (
              <th scope="col" key={dimension.id} className="score-heading">
                {dimension.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.attempts.map((attempt) => (
            <AttemptRow key={attempt.id} attempt={attempt} dimensions={data.dimensions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AttemptRow({ attempt, dimensions }: { attempt: StaffAttemptRow; dimensions: readonly Dimension[] }) {
  return (
    <tr data-testid="attempt-row" data-candidate-email={attempt.candidateEmail}>
      <th scope="row" className="candidate-cell">
        <Link href={`/staff/attempts/${attempt.id}`} className="candidate-name" data-testid="attempt-link">
          {attempt.candidateName}
        </Link>
        <span className="candidate-email">{attempt.candidateEmail}</span>
      </th>
      <td>
        <span className={`attempt-status attempt-status-${attempt.status}`} data-testid="attempt-status">
          {attempt.status}
        </span>
        {attempt.gradingErrors > 0 && (
          <span
            className="grading-errors"
            title="Gradings that failed for reasons outside the candidate's files"
          >
            {plural(attempt.gradingErrors, 'grading error')}
          </span>
        )}
      </td>
      <td className="date-cell">{formatDateTime(attempt.startedAt)}</td>
      <td className="date-cell">{formatDateTime(attempt.submittedAt)}</td>
      {dimensions.map((dimension) => {
        const score = attempt.scores[dimension.id];
        const value = score?.score ?? null;
        return (
          <td key={dimension.id} className="score-cell">
            <span
              data-testid={`score-${dimension.id}`}
              className={value === null ? 'score score-none' : 'score'}
            >
              {value === null ? '—' : Math.round(value)}
            </span>
            {score && score.checkCount > 0 && (
              <span className="score-checks">{plural(score.checkCount, 'check')}</span>
            )}
          </td>
        );
      })}
    </tr>
  );
}
